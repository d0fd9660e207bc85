-- What each CLD submission says about itself: one row per file, council code and the reporting
-- period and submission date its rows state (normally one per file), typed as stg_cld__events
-- types them. Every row of a file repeats these, so they are read once per distinct value here
-- rather than typed on ten million rows; int_cld__submissions orders and selects submissions from
-- them. The row-level copy, and the ledger entry for a date that is not a date, are in
-- stg_cld__events.
{{ config(materialized='view') }}
with stated as (
    select distinct
        _source_file as source_file,
        upper(trim(lacode)) as council_code,
        {{ cld_text('reportingperiodstartdate') }} as reporting_period_start_date_as_read,
        {{ cld_text('reportingperiodenddate') }} as reporting_period_end_date_as_read,
        {{ cld_submitted_on_as_read() }} as submitted_on_as_read
    from {{ source('cld', 'events') }}
),

-- the same date written two ways is one value once typed
final as (
    select distinct
        source_file,
        council_code,
        {{ parse_date('reporting_period_start_date_as_read') }} as reporting_period_start_date,
        {{ parse_date('reporting_period_end_date_as_read') }} as reporting_period_end_date,
        {{ parse_date('submitted_on_as_read') }} as submitted_on
    from stated
)

select * from final
