-- One row per person newly admitted to long-term residential or nursing care in the reporting year
-- (2B, 2C), with the age band of their admission (docs/method.md, CLD step 2B and 2C): an admission
-- is new when none of the person's residential or nursing services started before it and ended
-- fewer than 365 days before it (cld.admission_lookback_days), or is still open.
{#- DHSC as written: NOT LIKE on a null component is unknown, so those rows drop out -#}
{%- set quirk_test = "(lower(events.service_component) like '%residential%'
            or lower(events.service_component) like '%nursing%')
        and lower(events.service_component) not like '%short%'" %}
{%- set fixed_test = "(events.service_component is null
            or lower(events.service_component) like '%residential%'
            or lower(events.service_component) like '%nursing%')
        and lower(coalesce(events.service_component, '')) not like '%short%'" %}
{%- set component_test = quirk_test if cld_setting('reproduce_null_component_quirk') else fixed_test %}
with people as (
    select
        council_code,
        person_id,
        birth_month_date,
        date_of_death
    from {{ ref('int_cld__person_details') }}
),

-- every long-term residential or nursing service of a service user with a known birth month
care_home_services as (
    select
        events.council_code,
        events.person_id,
        events.event_start_date,
        coalesce(events.event_end_date, {{ cld_open_end_date() }}) as event_end_date,
        events.event_outcome,
        {{ cld_age_in_years('people.birth_month_date', 'events.event_start_date') }} as age_at_admission
    from {{ ref('int_cld__events') }} as events
    inner join people
        on
            events.council_code = people.council_code
            and events.person_id = people.person_id
    where
        events.event_type = 'Service'
        and events.client_type = 'Service user'
        and events.service_type in (
            'Long term support: Residential care', 'Long term support: Nursing care'
        )
        and people.birth_month_date is not null
        and (people.date_of_death is null or people.date_of_death >= {{ cld_date('reporting_period_start') }})
        and {{ component_test }}
),

-- one row per start date, so that "started before" is strictly earlier
starts as (
    select
        council_code,
        person_id,
        event_start_date,
        max(event_end_date) as latest_end_date,
        max(
            case
                when
                    event_start_date between {{ cld_date('reporting_period_start') }}
                    and {{ cld_date('reporting_period_end') }}
                    and coalesce(event_outcome, '') != 'NFA: Self-funded client or under 12wk disregard'
                    then 1
                else 0
            end
        ) as is_admission,
        min(age_at_admission) as age_at_admission
    from care_home_services
    group by council_code, person_id, event_start_date
),

with_history as (
    select
        *,
        max(latest_end_date) over (
            partition by council_code, person_id
            order by event_start_date
            rows between unbounded preceding and 1 preceding
        ) as previous_end_date
    from starts
),

new_admissions as (
    select
        council_code,
        person_id,
        event_start_date,
        age_at_admission
    from with_history
    where
        is_admission = 1
        and age_at_admission >= 18
        and (
            previous_end_date is null
            or {{ dbt.datediff('previous_end_date', 'event_start_date', 'day') }}
            >= {{ cld_setting('admission_lookback_days') }}
        )
),

final as (
    select
        council_code,
        person_id,
        min(event_start_date) as first_admission_date,
        -- someone newly admitted at 64 and again at 65 counts once, as 18-64 (DHSC MIN of bands)
        case when min(age_at_admission) < 65 then '18-64' else '65 and over' end as age_band,
        count(*) as new_admissions
    from new_admissions
    group by council_code, person_id
)

select * from final
