-- Every CLD input row, typed, with the checks it failed (the ledger's basis): row checks first
-- (council, the file's own council, person, dates, event type),
-- then the DHSC main-table steps (docs/method.md, CLD step joined submissions): the
-- submission must be selected for a quarter, the event must fall in the quarters it was selected
-- for, the person must not have died before it. Of the rows that pass, int_cld__events keeps one
-- per event (the DHSC unique-event key); the others are counted as duplicates in the ledger.
{%- set event_columns = [
    'source_file',
    'source_row',
    'record_id',
    'council_code',
    'person_id',
    'client_type',
    'gender',
    'birth_month_date',
    'date_of_death',
    'primary_support_reason',
    'accommodation_status',
    'event_type',
    'event_start_date',
    'event_end_date',
    'recorded_event_end_date',
    'event_outcome',
    'outcome_hierarchy',
    'request_route_of_access',
    'assessment_type',
    'service_type',
    'service_component',
    'delivery_mechanism',
    'ref_period_start_date',
    'ref_period_end_date',
    'council_last_ref_period_end_date',
] %}
{#- what could not be read on the row, carried for the ledger (int_cld__ledger) -#}
{%- set not_understood_columns = [
    'unmapped_client_type',
    'unmapped_gender',
    'unmapped_primary_support_reason',
    'unmapped_accommodation_status',
    'unmapped_event_outcome',
    'unmapped_request_route_of_access',
    'unmapped_service_type',
    'unmapped_service_component',
    'unmapped_delivery_mechanism',
    'is_date_of_birth_invalid',
    'implausible_date_of_birth',
    'is_date_of_death_invalid',
    'is_date_of_death_before_birth',
    'invalid_reporting_period_start_date',
    'invalid_reporting_period_end_date',
    'invalid_submitted_on',
] %}
with events as (
    select
        source_file,
        source_row,
        council_code,
        nhs_number_pseudonym,
        la_person_id_pseudonym,
        birth_month_date,
        date_of_death,
        client_type,
        gender,
        primary_support_reason,
        accommodation_status,
        event_type,
        unmapped_event_type,
        event_outcome,
        request_route_of_access,
        assessment_type,
        service_type,
        service_component,
        delivery_mechanism,
        event_start_date,
        {%- for column in not_understood_columns %}
        {{ column }},
        {%- endfor %}
        invalid_event_start_date,
        event_end_date,
        invalid_event_end_date
    from {{ ref('stg_cld__events') }}
),

councils as (
    select council_code from {{ ref('councils') }}
),

file_councils as (
    select
        source_file,
        council_code,
        file_council_code,
        is_file_council
    from {{ ref('int_cld__file_councils') }}
),

submissions as (
    select
        council_code,
        source_file,
        submission_number,
        made_on,
        ref_period_start_date,
        ref_period_end_date,
        council_last_ref_period_end_date
    from {{ ref('int_cld__submissions') }}
),

event_outcomes as (
    select
        event_outcome,
        outcome_hierarchy
    from {{ ref('cld_event_outcomes') }}
),

joined as (
    select
        events.source_file,
        events.source_row,
        -- stable and increasing with submission order, as DHSC's Der_Unique_Record_ID
        cast(submissions.submission_number as {{ dbt.type_bigint() }}) * 1000000000 + events.source_row
            as record_id,
        events.council_code,
        councils.council_code is not null as is_known_council,
        coalesce(file_councils.is_file_council, {{ flag_literal(true) }}) as is_file_council,
        file_councils.file_council_code,
        submissions.made_on as submission_made_on,
        -- DHSC person id: the NHS number, else the council's own person id within the council
        coalesce(
            events.nhs_number_pseudonym,
            {{ concat_text(['events.council_code', "'_'", 'events.la_person_id_pseudonym']) }}
        ) as person_id,
        events.client_type,
        events.gender,
        events.birth_month_date,
        events.date_of_death,
        events.primary_support_reason,
        events.accommodation_status,
        events.event_type,
        events.event_start_date,
        events.invalid_event_start_date,
        events.event_end_date as recorded_event_end_date,
        events.invalid_event_end_date,
        -- Der_Event_End_Date: a death during the event ends it (an open event ends at the death)
        case
            when events.date_of_death between events.event_start_date and events.event_end_date
                then events.date_of_death
            when events.event_end_date is null and events.date_of_death >= events.event_start_date
                then events.date_of_death
            else events.event_end_date
        end as event_end_date,
        events.event_outcome,
        event_outcomes.outcome_hierarchy,
        events.request_route_of_access,
        events.assessment_type,
        events.service_type,
        events.service_component,
        events.delivery_mechanism,
        submissions.ref_period_start_date,
        submissions.ref_period_end_date,
        submissions.council_last_ref_period_end_date,
        {%- for column in not_understood_columns %}
        events.{{ column }},
        {%- endfor %}
        events.unmapped_event_type
    from events
    left join councils on events.council_code = councils.council_code
    left join file_councils
        on
            events.source_file = file_councils.source_file
            and events.council_code = file_councils.council_code
    left join submissions
        on
            events.council_code = submissions.council_code
            and events.source_file = submissions.source_file
    left join event_outcomes on events.event_outcome = event_outcomes.event_outcome
),

checked as (
    select
        *,
        case
            when not is_known_council then 'unknown council code'
            when not is_file_council
                then 'council code differs from the rest of its file (each file is one council submission)'
            when person_id is null then 'no NHS number and no council person identifier'
            when invalid_event_start_date is not null then 'event start date is not a date'
            when event_start_date is null then 'no event start date'
            when event_start_date < cast('1900-01-01' as date) then 'event start date before 1900'
            -- a long-term service may have started decades ago; a request, assessment or review
            -- that a submission of 2023 or later reports cannot have
            when event_type != 'Service' and event_start_date < cast('2000-01-01' as date)
                then 'event start date before 2000 (not a service)'
            when event_start_date > submission_made_on then 'event starts after its submission was made'
            when invalid_event_end_date is not null then 'event end date is not a date'
            when recorded_event_end_date < event_start_date then 'event end date before its start date'
            when event_type is null then 'no event type'
            when event_type = 'Invalid and not mapped' then 'event type not in the CLD specification'
            when ref_period_end_date is null
                then 'submission superseded: a later submission covers each of its quarters'
            when
                (
                    event_type = 'Service'
                    and (event_start_date > ref_period_end_date or event_end_date < ref_period_start_date)
                )
                or (
                    event_type != 'Service'
                    and (
                        event_end_date is null
                        or event_end_date < ref_period_start_date
                        or event_end_date > ref_period_end_date
                        or event_start_date > ref_period_end_date
                    )
                )
                then 'event outside the quarters its submission was read for'
            when date_of_death < ref_period_start_date or date_of_death < event_start_date
                then 'date of death before the event or the quarters read'
        end as rejection_reason,
        case
            when not is_known_council then 'lacode'
            when not is_file_council then 'lacode'
            when person_id is null then 'nhsnumber'
            when event_start_date is null then 'eventstartdate'
            when event_start_date < cast('1900-01-01' as date) then 'eventstartdate'
            when event_type != 'Service' and event_start_date < cast('2000-01-01' as date)
                then 'eventstartdate'
            when event_start_date > submission_made_on then 'eventstartdate'
            when invalid_event_end_date is not null then 'eventenddate'
            when recorded_event_end_date < event_start_date then 'eventenddate'
            when event_type is null or event_type = 'Invalid and not mapped' then 'eventtype'
        end as rejected_column,
        case
            when not is_known_council then council_code
            when not is_file_council then council_code
            when person_id is null then null
            when event_start_date is null then invalid_event_start_date
            when
                event_start_date < cast('1900-01-01' as date)
                or (event_type != 'Service' and event_start_date < cast('2000-01-01' as date))
                or event_start_date > submission_made_on
                then cast(event_start_date as {{ dbt.type_string() }})
            when invalid_event_end_date is not null then invalid_event_end_date
            when recorded_event_end_date < event_start_date
                then cast(recorded_event_end_date as {{ dbt.type_string() }})
            when event_type = 'Invalid and not mapped' then unmapped_event_type
        end as rejected_value
    from joined
),

final as (
    select
        {%- for column in event_columns %}
        {{ column }},
        {%- endfor %}
        {%- for column in not_understood_columns %}
        {{ column }},
        {%- endfor %}
        rejection_reason,
        rejected_column,
        rejected_value
    from checked
)

select * from final
