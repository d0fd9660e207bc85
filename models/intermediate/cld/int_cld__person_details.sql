-- One row per person (council and person id) with their latest known details, as DHSC's
-- Create_personal_details_table (docs/method.md, CLD step latest person details): for each
-- attribute the known values of the most recent rows win (latest quarters read, then open or latest
-- end, then latest start), and two different values on equally recent rows make it Unknown. An
-- Unknown accommodation status falls back to the one implied by the person's latest service.
{%- set unknown_values = "('Unknown', 'Invalid and not mapped')" %}
{#- how recent a row is, as one value (the most recent row has the largest): the latest quarters
    read, then open or latest end, then latest start -#}
{%- set recency_key = sort_key([
    'ref_period_end_date',
    'coalesce(event_end_date, ' ~ cld_open_end_date() ~ ')',
    'event_start_date',
]) %}
{%- set is_gender_known = "gender not in " ~ unknown_values %}
{%- set is_support_reason_known = "primary_support_reason not in " ~ unknown_values
    ~ " and primary_support_reason != 'Social support: Support to unpaid carer'" %}
{%- set is_accommodation_known = "accommodation_status not in " ~ unknown_values %}
with service_types as (
    select
        service_type,
        service_type_hierarchy
    from {{ ref('cld_service_types') }}
),

accommodation_statuses as (
    select
        accommodation_status,
        is_settled
    from {{ ref('cld_accommodation_statuses') }}
),

-- for each attribute, how recent the person's most recent rows that know it are (the carer support
-- reason and Unknown count only when nothing better is known: they fall back to the latest rows);
-- arg_max of the key by itself is its largest value: PostgreSQL has no max() of a row value
latest_known as (
    select
        council_code,
        person_id,
        {{ arg_max(recency_key, 'case when ' ~ is_gender_known ~ ' then ' ~ recency_key ~ ' end') }}
            as gender_recency,
        {{ arg_max(recency_key, 'case when ' ~ is_support_reason_known ~ ' then ' ~ recency_key ~ ' end') }}
            as support_reason_recency,
        {{ arg_max(recency_key, recency_key) }} as latest_recency,
        {{ arg_max(recency_key, 'case when ' ~ is_accommodation_known ~ ' then ' ~ recency_key ~ ' end') }}
            as accommodation_recency
    from {{ ref('int_cld__events') }}
    group by council_code, person_id
),

-- each row's value where the row is one of those most recent rows; the table is read again here
-- rather than through a shared CTE, which DuckDB would hold whole
latest_rows as (
    select
        events.council_code,
        events.person_id,
        case
            when {{ recency_key }} = latest_known.gender_recency and {{ is_gender_known }}
                then events.gender
        end as gender,
        case
            when
                {{ recency_key }} = latest_known.support_reason_recency
                and {{ is_support_reason_known }}
                then events.primary_support_reason
        end as support_reason,
        case
            when
                {{ recency_key }} = latest_known.latest_recency
                and events.primary_support_reason = 'Social support: Support to unpaid carer'
                then events.primary_support_reason
            when {{ recency_key }} = latest_known.latest_recency then 'Unknown'
        end as fallback_support_reason,
        case
            when
                {{ recency_key }} = latest_known.accommodation_recency
                and {{ is_accommodation_known }}
                then events.accommodation_status
        end as accommodation_status
    from {{ ref('int_cld__events') }} as events
    inner join latest_known
        on
            events.council_code = latest_known.council_code
            and events.person_id = latest_known.person_id
),

-- the values those rows give: they agree (min = max), or conflict
latest_values as (
    select
        council_code,
        person_id,
        min(gender) as gender_min,
        max(gender) as gender_max,
        min(support_reason) as support_reason_min,
        max(support_reason) as support_reason_max,
        min(fallback_support_reason) as fallback_support_reason_min,
        max(fallback_support_reason) as fallback_support_reason_max,
        min(accommodation_status) as accommodation_min,
        max(accommodation_status) as accommodation_max
    from latest_rows
    group by council_code, person_id
),

-- birth and death follow their own rule: the latest quarters read that hold one, then the
-- earliest birth month and the latest death
by_period as (
    select
        council_code,
        person_id,
        ref_period_end_date,
        min(birth_month_date) as birth_month_date,
        max(date_of_death) as date_of_death
    from {{ ref('int_cld__events') }}
    group by council_code, person_id, ref_period_end_date
),

births_and_deaths as (
    select
        council_code,
        person_id,
        {{ arg_max('birth_month_date', 'ref_period_end_date') }} as birth_month_date,
        {{ arg_max('date_of_death', 'ref_period_end_date') }} as date_of_death
    from by_period
    group by council_code, person_id
),

resolved as (
    select
        council_code,
        person_id,
        case when gender_min = gender_max then gender_min else 'Unknown' end as gender,
        case
            when support_reason_min = support_reason_max then support_reason_min
            when support_reason_min is not null then 'Unknown'
            when fallback_support_reason_min = fallback_support_reason_max then fallback_support_reason_min
            else 'Unknown'
        end as primary_support_reason,
        case when accommodation_min = accommodation_max then accommodation_min else 'Unknown' end
            as recorded_accommodation_status
    from latest_values
),

-- the fallback for an Unknown status: the person's latest service (open first, then the setting
-- hierarchy, then services that imply accommodation, then the latest start)
fallback_services as (
    select
        events.council_code,
        events.person_id,
        events.service_type,
        events.service_component,
        coalesce(service_types.service_type_hierarchy, 99) as service_type_hierarchy,
        coalesce(
            events.service_component in (
                'Shared Lives',
                'Community supported living',
                'Extra care housing',
                'Home support or domiciliary care'
            ),
            false
        ) as has_accommodation_component,
        dense_rank() over (
            partition by events.council_code, events.person_id
            order by
                coalesce(events.event_end_date, {{ cld_open_end_date() }}) desc,
                coalesce(service_types.service_type_hierarchy, 99) asc,
                coalesce(
                    events.service_component in (
                        'Shared Lives',
                        'Community supported living',
                        'Extra care housing',
                        'Home support or domiciliary care'
                    ),
                    false
                ) desc,
                events.event_start_date desc
        ) as service_rank
    -- the table again, not the events CTE: a CTE read twice is held in memory whole
    from {{ ref('int_cld__events') }} as events
    inner join resolved
        on
            events.council_code = resolved.council_code
            and events.person_id = resolved.person_id
    left join service_types on events.service_type = service_types.service_type
    where
        events.event_type = 'Service'
        and resolved.recorded_accommodation_status = 'Unknown'
),

latest_services as (
    select
        council_code,
        person_id,
        count(distinct case when service_type_hierarchy < 99 then service_type end) as service_types,
        min(case when service_type_hierarchy < 99 then service_type end) as service_type,
        count(distinct case when has_accommodation_component then service_component end)
            as accommodation_components,
        min(case when has_accommodation_component then service_component end) as service_component
    from fallback_services
    where service_rank = 1
    group by council_code, person_id
),

derived_accommodation as (
    select
        council_code,
        person_id,
        case
            when service_types = 1 and service_type = 'Long term support: Nursing care'
                then 'Registered nursing home'
            when service_types = 1 and service_type = 'Long term support: Residential care'
                then 'Registered care home'
            when accommodation_components = 1 and service_component = 'Shared Lives'
                then 'Shared Lives scheme'
            when accommodation_components = 1 and service_component = 'Extra care housing'
                then 'Sheltered housing, extra care housing or other sheltered housing'
            when accommodation_components = 1 and service_component = 'Community supported living'
                then 'Supported accommodation, supported lodgings or supported group home'
            when
                service_types = 1
                and service_type = 'Long term support: Community'
                and accommodation_components = 1
                and service_component = 'Home support or domiciliary care'
                then 'Unknown: Presumed at home'
            when service_types = 1 and service_type = 'Long term support: Community'
                then 'Unknown: Presumed in community'
            when service_types = 1 and service_type = 'Long term support: Prison'
                then 'Prison, young offenders institution or detention centre'
            else 'Unknown'
        end as accommodation_status
    from latest_services
),

final as (
    select
        resolved.council_code,
        resolved.person_id,
        resolved.gender,
        births_and_deaths.birth_month_date,
        births_and_deaths.date_of_death,
        resolved.primary_support_reason,
        resolved.recorded_accommodation_status,
        coalesce(derived_accommodation.accommodation_status, resolved.recorded_accommodation_status)
            as accommodation_status,
        case
            when resolved.recorded_accommodation_status != 'Unknown' then 'recorded'
            when coalesce(derived_accommodation.accommodation_status, 'Unknown') != 'Unknown'
                then 'derived from the latest service'
            else 'unknown'
        end as accommodation_status_source,
        coalesce(accommodation_statuses.is_settled, false) as is_settled_accommodation
    from resolved
    inner join births_and_deaths
        on
            resolved.council_code = births_and_deaths.council_code
            and resolved.person_id = births_and_deaths.person_id
    left join derived_accommodation
        on
            resolved.council_code = derived_accommodation.council_code
            and resolved.person_id = derived_accommodation.person_id
    left join accommodation_statuses
        on
            coalesce(derived_accommodation.accommodation_status, resolved.recorded_accommodation_status)
            = accommodation_statuses.accommodation_status
)

select * from final
