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
with event_rows as (
    select
        source_file,
        source_row,
        rejection_reason,
        rejected_column,
        rejected_value
    from {{ ref('int_cld__event_rows') }}
),

-- only the rows with something not understood, and only the columns that say what
staged as (
    select
        source_file,
        source_row,
        {%- for field, column in mapped_fields %}
        unmapped_{{ field }},
        {%- endfor %}
        is_date_of_birth_invalid,
        is_date_of_death_invalid,
        invalid_reporting_period_start_date,
        invalid_reporting_period_end_date,
        invalid_submitted_on
    from {{ ref('stg_cld__events') }}
    where
        {%- for field, column in mapped_fields %}
        unmapped_{{ field }} is not null or
        {%- endfor %}
        is_date_of_birth_invalid
        or is_date_of_death_invalid
        or invalid_reporting_period_start_date is not null
        or invalid_reporting_period_end_date is not null
        or invalid_submitted_on is not null
),

not_understood as (
    {%- for field, column in mapped_fields %}
    select
        source_file,
        source_row,
        '{{ column }}' as column_name,
        unmapped_{{ field }} as rejected_value,
        '{{ unmapped_reason }}' as rejection_reason
    from staged
    where unmapped_{{ field }} is not null
    union all
    {%- endfor %}
    select
        source_file,
        source_row,
        'dateofbirth' as column_name,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        'date of birth is not a date (age unknown)' as rejection_reason
    from staged
    where is_date_of_birth_invalid
    union all
    select
        source_file,
        source_row,
        'dateofdeath' as column_name,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        'date of death is not a date (ignored)' as rejection_reason
    from staged
    where is_date_of_death_invalid
    union all
    select
        source_file,
        source_row,
        'reportingperiodstartdate' as column_name,
        invalid_reporting_period_start_date as rejected_value,
        'reporting period start date is not a date (ignored)' as rejection_reason
    from staged
    where invalid_reporting_period_start_date is not null
    union all
    select
        source_file,
        source_row,
        'reportingperiodenddate' as column_name,
        invalid_reporting_period_end_date as rejected_value,
        'reporting period end date is not a date (ignored)' as rejection_reason
    from staged
    where invalid_reporting_period_end_date is not null
    union all
    select
        source_file,
        source_row,
        'submittedat' as column_name,
        invalid_submitted_on as rejected_value,
        'submission date is not a date (the file name orders the submission)' as rejection_reason
    from staged
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
    from event_rows
    union all
    select
        'cld' as source_folder,
        not_understood.source_file as file_name,
        not_understood.source_row,
        'value' as rejection_scope,
        not_understood.column_name,
        not_understood.rejected_value,
        not_understood.rejection_reason
    from not_understood
    inner join event_rows
        on
            not_understood.source_file = event_rows.source_file
            and not_understood.source_row = event_rows.source_row
    where event_rows.rejection_reason is null
)

select * from final
