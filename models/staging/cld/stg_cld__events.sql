-- One row per row of every CLD submission file, typed: codes trimmed, matched case-insensitively
-- and mapped to their release 2 wording through the cld_value_mappings seed (release 1 wording
-- accepted), dates parsed from ISO or dd/mm/yyyy. Nothing is dropped here: the row checks and
-- the submission selection are in int_cld__event_rows. Text as written is kept only where it
-- could not be read (unmapped_*, invalid_*). A date of birth that cannot be true (before 1900, in
-- the future) and a date of death before the birth are set aside here, with the reason.
-- A view, not a table: at England scale (10 million rows) writing it out cost more than reading
-- the raw rows again, and int_cld__event_rows, which every row reaches, is stored instead.
{%- set mapped_fields = [
    ('client_type', 'clienttype'),
    ('gender', 'gender'),
    ('primary_support_reason', 'primarysupportreason'),
    ('accommodation_status', 'accommodationstatus'),
    ('event_type', 'eventtype'),
    ('event_outcome', 'eventoutcome'),
    ('request_route_of_access', 'requestrouteofaccess'),
    ('service_type', 'servicetype'),
    ('service_component', 'servicecomponent'),
    ('delivery_mechanism', 'deliverymechanism'),
] %}
{{ config(materialized='view') }}
with events as (
    select
        _source_file,
        _source_row,
        lacode,
        nhsnumber,
        lapersonuniqueidentifier,
        gender,
        dateofbirth,
        dateofdeath,
        clienttype,
        primarysupportreason,
        accommodationstatus,
        eventtype,
        eventstartdate,
        eventenddate,
        eventoutcome,
        requestrouteofaccess,
        assessmenttype,
        servicetype,
        servicecomponent,
        deliverymechanism,
        reportingperiodstartdate,
        reportingperiodenddate,
        submittedat,
        importdate
    from {{ source('cld', 'events') }}
),

value_mappings as (
    select
        field,
        received_value,
        canonical_value
    from {{ ref('cld_value_mappings') }}
),

trimmed as (
    select
        _source_file as source_file,
        _source_row as source_row,
        upper(trim(lacode)) as council_code,
        {{ cld_text('nhsnumber') }} as nhs_number_pseudonym,
        {{ cld_text('lapersonuniqueidentifier') }} as la_person_id_pseudonym,
        {{ cld_text('dateofbirth') }} as birth_month_as_read,
        {{ cld_text('dateofdeath') }} as date_of_death_as_read,
        {%- for field, column in mapped_fields %}
        {{ cld_text(column) }} as {{ field }}_as_read,
        {%- endfor %}
        lower({{ cld_text('assessmenttype') }}) as assessment_type,
        {{ cld_text('eventstartdate') }} as event_start_date_as_read,
        {{ cld_text('eventenddate') }} as event_end_date_as_read,
        {{ cld_text('reportingperiodstartdate') }} as reporting_period_start_date_as_read,
        {{ cld_text('reportingperiodenddate') }} as reporting_period_end_date_as_read,
        {{ cld_submitted_on_as_read() }} as submitted_on_as_read
    from events
),

typed as (
    select
        *,
        -- the loader keeps a date of birth as YYYY-MM (or 'invalid'): DHSC ages count from the 1st
        case
            when birth_month_as_read != 'invalid'
                then {{ parse_date(concat_text(['birth_month_as_read', "'-01'"])) }}
        end as birth_month_date,
        {{ parse_date('date_of_death_as_read') }} as date_of_death,
        {{ parse_date('event_start_date_as_read') }} as event_start_date,
        {{ parse_date('event_end_date_as_read') }} as event_end_date,
        {{ parse_date('reporting_period_start_date_as_read') }} as reporting_period_start_date,
        {{ parse_date('reporting_period_end_date_as_read') }} as reporting_period_end_date,
        {{ parse_date('submitted_on_as_read') }} as submitted_on
    from trimmed
),

-- dates that are dates but cannot be true: a birth before 1900 or after the reporting period the
-- row states (else the data window's end), a death before the birth; each is a value rejection
checked_dates as (
    select
        *,
        case
            when birth_month_date < cast('1900-01-01' as date)
                then 'date of birth before 1900 (age unknown)'
            when birth_month_date > coalesce(reporting_period_end_date, {{ cld_date('data_window_end') }})
                then 'date of birth in the future (age unknown)'
        end as implausible_date_of_birth
    from typed
),

plausible as (
    select
        source_file,
        source_row,
        council_code,
        nhs_number_pseudonym,
        la_person_id_pseudonym,
        birth_month_as_read,
        date_of_death_as_read,
        {%- for field, column in mapped_fields %}
        {{ field }}_as_read,
        {%- endfor %}
        assessment_type,
        event_start_date_as_read,
        event_end_date_as_read,
        reporting_period_start_date_as_read,
        reporting_period_end_date_as_read,
        submitted_on_as_read,
        case when implausible_date_of_birth is null then birth_month_date end as birth_month_date,
        implausible_date_of_birth,
        case
            when implausible_date_of_birth is null and date_of_death < birth_month_date then null
            else date_of_death
        end as date_of_death,
        coalesce(implausible_date_of_birth is null and date_of_death < birth_month_date, false)
            as is_date_of_death_before_birth,
        date_of_death as date_of_death_as_typed,
        event_start_date,
        event_end_date,
        reporting_period_start_date,
        reporting_period_end_date,
        submitted_on
    from checked_dates
),

final as (
    select
        typed.source_file,
        typed.source_row,
        typed.council_code,
        typed.nhs_number_pseudonym,
        typed.la_person_id_pseudonym,
        typed.birth_month_date,
        coalesce(typed.birth_month_as_read = 'invalid', false) as is_date_of_birth_invalid,
        typed.implausible_date_of_birth,
        typed.date_of_death,
        typed.date_of_death_as_read is not null and typed.date_of_death_as_typed is null
            as is_date_of_death_invalid,
        typed.is_date_of_death_before_birth,
        {%- for field, column in mapped_fields %}
        case
            when typed.{{ field }}_as_read is not null
                then coalesce({{ field }}_mapping.canonical_value, 'Invalid and not mapped')
        end as {{ field }},
        -- the text as written, kept only when it could not be mapped (for the ledger)
        case
            when typed.{{ field }}_as_read is not null and {{ field }}_mapping.canonical_value is null
                then typed.{{ field }}_as_read
        end as unmapped_{{ field }},
        {%- endfor %}
        typed.assessment_type,
        typed.event_start_date,
        case
            when typed.event_start_date_as_read is not null and typed.event_start_date is null
                then typed.event_start_date_as_read
        end as invalid_event_start_date,
        typed.event_end_date,
        case
            when typed.event_end_date_as_read is not null and typed.event_end_date is null
                then typed.event_end_date_as_read
        end as invalid_event_end_date,
        typed.reporting_period_start_date,
        case
            when
                typed.reporting_period_start_date_as_read is not null
                and typed.reporting_period_start_date is null
                then typed.reporting_period_start_date_as_read
        end as invalid_reporting_period_start_date,
        typed.reporting_period_end_date,
        case
            when
                typed.reporting_period_end_date_as_read is not null
                and typed.reporting_period_end_date is null
                then typed.reporting_period_end_date_as_read
        end as invalid_reporting_period_end_date,
        typed.submitted_on,
        case
            when typed.submitted_on_as_read is not null and typed.submitted_on is null
                then typed.submitted_on_as_read
        end as invalid_submitted_on
    from plausible as typed
    {% for field, column in mapped_fields %}
    left join value_mappings as {{ field }}_mapping
        on
            {{ field }}_mapping.field = '{{ field }}'
            and lower(typed.{{ field }}_as_read) = {{ field }}_mapping.received_value
    {% endfor %}
)

select * from final
