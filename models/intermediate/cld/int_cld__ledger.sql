-- The CLD data-quality ledger: one row per input row (used, or rejected with its reason) and one
-- row per value of a used row that was not understood: a code in neither the release 1 nor the
-- release 2 lists (counted as Invalid and not mapped) or a date that is not a date (ignored).
-- Holds codes and event dates only: never a person identifier, date of birth or date of death.
{%- set mapped_fields = [
    ('client_type', 'clienttype'),
    ('gender', 'gender'),
    ('primary_support_reason', 'primarysupportreason'),
    ('accommodation_status', 'accommodationstatus'),
    ('event_outcome', 'eventoutcome'),
    ('request_route_of_access', 'requestrouteofaccess'),
    ('service_type', 'servicetype'),
    ('service_component', 'servicecomponent'),
    ('delivery_mechanism', 'deliverymechanism'),
] %}
{%- set unmapped_reason = 'value not in the CLD release 1 or 2 lists (counted as Invalid and not mapped)' %}
{%- set duplicate_reason = 'duplicate of another row of the same event' %}
-- each row's decision: the check it failed, or a repeat of an event int_cld__events kept once
with decided_rows as (
    select
        event_rows.source_file,
        event_rows.source_row,
        case
            when event_rows.rejection_reason is null and events.record_id is null
                then '{{ duplicate_reason }}'
            else event_rows.rejection_reason
        end as rejection_reason,
        event_rows.rejected_column,
        event_rows.rejected_value
    from {{ ref('int_cld__event_rows') }} as event_rows
    left join {{ ref('int_cld__events') }} as events
        on
            event_rows.council_code = events.council_code
            and event_rows.record_id = events.record_id
),

-- the used rows with something not understood (a rejected row has one entry, its reason);
-- the table is read again here rather than through a shared CTE, which DuckDB would hold whole
rows_not_understood as (
    select
        event_rows.source_file,
        event_rows.source_row,
        {%- for field, column in mapped_fields %}
        event_rows.unmapped_{{ field }},
        {%- endfor %}
        event_rows.is_date_of_birth_invalid,
        event_rows.implausible_date_of_birth,
        event_rows.is_date_of_death_invalid,
        event_rows.is_date_of_death_before_birth,
        event_rows.invalid_reporting_period_start_date,
        event_rows.invalid_reporting_period_end_date,
        event_rows.invalid_submitted_on
    from {{ ref('int_cld__event_rows') }} as event_rows
    inner join {{ ref('int_cld__events') }} as events
        on
            event_rows.council_code = events.council_code
            and event_rows.record_id = events.record_id
    where
        event_rows.rejection_reason is null
        and (
            {%- for field, column in mapped_fields %}
            event_rows.unmapped_{{ field }} is not null or
            {%- endfor %}
            {{ is_true('event_rows.is_date_of_birth_invalid') }}
            or event_rows.implausible_date_of_birth is not null
            or {{ is_true('event_rows.is_date_of_death_invalid') }}
            or {{ is_true('event_rows.is_date_of_death_before_birth') }}
            or event_rows.invalid_reporting_period_start_date is not null
            or event_rows.invalid_reporting_period_end_date is not null
            or event_rows.invalid_submitted_on is not null
        )
),

not_understood as (
    {%- for field, column in mapped_fields %}
    select
        source_file,
        source_row,
        '{{ column }}' as column_name,
        unmapped_{{ field }} as rejected_value,
        '{{ unmapped_reason }}' as rejection_reason
    from rows_not_understood
    where unmapped_{{ field }} is not null
    union all
    {%- endfor %}
    select
        source_file,
        source_row,
        'dateofbirth' as column_name,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        'date of birth is not a date (age unknown)' as rejection_reason
    from rows_not_understood
    where {{ is_true('is_date_of_birth_invalid') }}
    union all
    select
        source_file,
        source_row,
        'dateofbirth' as column_name,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        implausible_date_of_birth as rejection_reason
    from rows_not_understood
    where implausible_date_of_birth is not null
    union all
    select
        source_file,
        source_row,
        'dateofdeath' as column_name,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        'date of death before the date of birth (ignored)' as rejection_reason
    from rows_not_understood
    where {{ is_true('is_date_of_death_before_birth') }}
    union all
    select
        source_file,
        source_row,
        'dateofdeath' as column_name,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        'date of death is not a date (ignored)' as rejection_reason
    from rows_not_understood
    where {{ is_true('is_date_of_death_invalid') }}
    union all
    select
        source_file,
        source_row,
        'reportingperiodstartdate' as column_name,
        invalid_reporting_period_start_date as rejected_value,
        'reporting period start date is not a date (ignored)' as rejection_reason
    from rows_not_understood
    where invalid_reporting_period_start_date is not null
    union all
    select
        source_file,
        source_row,
        'reportingperiodenddate' as column_name,
        invalid_reporting_period_end_date as rejected_value,
        'reporting period end date is not a date (ignored)' as rejection_reason
    from rows_not_understood
    where invalid_reporting_period_end_date is not null
    union all
    select
        source_file,
        source_row,
        'submittedat' as column_name,
        invalid_submitted_on as rejected_value,
        'submission date is not a date (the file name orders the submission)' as rejection_reason
    from rows_not_understood
    where invalid_submitted_on is not null
),

final as (
    select
        'cld' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from decided_rows
    union all
    select
        'cld' as source_folder,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        column_name,
        rejected_value,
        rejection_reason
    from not_understood
)

select * from final
