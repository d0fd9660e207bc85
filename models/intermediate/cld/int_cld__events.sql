-- The CLD events the metrics read: one row per unique event from the rows of the submissions
-- selected for each quarter (DHSC's "joined submissions" table, docs/method.md, CLD step joined
-- submissions), with open services cropped. The rows are read twice from the stored table (once
-- narrow, to choose, once wide, to keep) rather than through one shared CTE, which DuckDB would
-- hold in memory whole.
with kept_rows as (
    -- DHSC GetUniqueEvents: of the rows describing one event, the one from the latest quarters
    -- read, then open, then ending latest, then with the most final outcome, then the latest record
    select
        council_code,
        {{ arg_max('record_id', sort_key([
            'ref_period_end_date',
            'coalesce(event_end_date, ' ~ cld_open_end_date() ~ ')',
            '-coalesce(outcome_hierarchy, 999)',
            'record_id',
        ])) }} as record_id
    from {{ ref('int_cld__event_rows') }}
    where rejection_reason is null
    group by
        council_code,
        person_id,
        event_start_date,
        case when event_type != 'Service' then event_end_date end,
        client_type,
        event_type,
        case when event_type = 'Request' then request_route_of_access end,
        case when event_type = 'Assessment' then assessment_type end,
        case when event_type = 'Service' then service_type end,
        case when event_type = 'Service' then service_component end
),

event_rows as (
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
        event_rows.council_code,
        event_rows.person_id,
        event_rows.record_id,
        event_rows.client_type,
        event_rows.gender,
        event_rows.birth_month_date,
        event_rows.date_of_death,
        event_rows.primary_support_reason,
        event_rows.accommodation_status,
        event_rows.event_type,
        event_rows.event_start_date,
        -- DHSC step 5: a service still open at the end of quarters that a later submission of the
        -- council no longer reports ends at the end of those quarters (the kept row is the latest
        -- report of the event, so a later report would have won the de-duplication)
        case
            when
                event_rows.event_type = 'Service'
                and event_rows.ref_period_end_date < event_rows.council_last_ref_period_end_date
                and (
                    event_rows.event_end_date is null
                    or event_rows.event_end_date > event_rows.ref_period_end_date
                )
                then event_rows.ref_period_end_date
            else event_rows.event_end_date
        end as event_end_date,
        event_rows.event_outcome,
        event_rows.outcome_hierarchy,
        event_rows.request_route_of_access,
        event_rows.service_type,
        event_rows.service_component,
        event_rows.delivery_mechanism,
        event_rows.ref_period_end_date
    from event_rows
    inner join kept_rows
        on
            event_rows.council_code = kept_rows.council_code
            and event_rows.record_id = kept_rows.record_id
)

select * from final
