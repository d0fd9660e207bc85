-- The CLD events the metrics read: one row per unique event from the submissions selected for
-- each quarter (DHSC's "joined submissions" table, cld_official.md 3.0), with open services cropped.
-- A view: the used rows of int_cld__event_rows are read by each metric's cohort, not copied again.
{{ config(materialized='view') }}
with event_rows as (
    select
        council_code,
        person_id,
        record_id,
        client_type,
        gender,
        birth_month_date,
        date_of_death,
        primary_support_reason,
        accommodation_status,
        event_type,
        event_start_date,
        event_end_date,
        event_outcome,
        outcome_hierarchy,
        request_route_of_access,
        service_type,
        service_component,
        delivery_mechanism,
        ref_period_end_date,
        council_last_ref_period_end_date
    from {{ ref('int_cld__event_rows') }}
    where rejection_reason is null
),

final as (
    select
        council_code,
        person_id,
        record_id,
        client_type,
        gender,
        birth_month_date,
        date_of_death,
        primary_support_reason,
        accommodation_status,
        event_type,
        event_start_date,
        -- DHSC step 5: a service still open at the end of quarters that a later submission of the
        -- council no longer reports ends at the end of those quarters (the kept row is the latest
        -- report of the event, so a later report would have won the de-duplication)
        case
            when
                event_type = 'Service'
                and ref_period_end_date < council_last_ref_period_end_date
                and (event_end_date is null or event_end_date > ref_period_end_date)
                then ref_period_end_date
            else event_end_date
        end as event_end_date,
        event_outcome,
        outcome_hierarchy,
        request_route_of_access,
        service_type,
        service_component,
        delivery_mechanism,
        ref_period_end_date
    from event_rows
)

select * from final
