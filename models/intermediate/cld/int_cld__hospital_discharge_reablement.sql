-- One row per ST-Max (reablement) episode of a person aged 65 and over that followed a request
-- whose route of access was a hospital discharge in the discharge cohort (by default October to
-- December of the reporting year), with where the person was 91 days after the discharge: the
-- experimental 2D. The request is linked to the episode when it started from 7 days before to
-- 3 days after the episode did (DHSC's 2D link, docs/method.md, CLD step 2D); the latest one wins.
{%- set followup_days = cld_setting('discharge_followup_days') %}
{%- set unknown_values = "('Unknown', 'Invalid and not mapped')" %}
with people as (
    select
        council_code,
        person_id,
        birth_month_date,
        date_of_death,
        accommodation_status,
        is_settled_accommodation
    from {{ ref('int_cld__person_details') }}
),

accommodation_statuses as (
    select
        accommodation_status,
        is_settled
    from {{ ref('cld_accommodation_statuses') }}
),

events as (
    select
        council_code,
        person_id,
        record_id,
        client_type,
        event_type,
        event_start_date,
        event_end_date,
        ref_period_end_date,
        request_route_of_access,
        service_type,
        accommodation_status
    from {{ ref('int_cld__events') }}
),

discharges as (
    select
        council_code,
        person_id,
        record_id,
        event_start_date as discharge_date
    from events
    where
        client_type = 'Service user'
        and event_type = 'Request'
        and request_route_of_access = 'Discharge from hospital'
),

episodes as (
    select
        council_code,
        person_id,
        episode_number,
        episode_start_date,
        episode_end_date
    from {{ ref('int_cld__st_max_episodes') }}
),

linked as (
    select
        episodes.council_code,
        episodes.person_id,
        episodes.episode_number,
        episodes.episode_start_date,
        discharges.discharge_date,
        row_number() over (
            partition by episodes.council_code, episodes.person_id, episodes.episode_number
            order by discharges.discharge_date desc, discharges.record_id desc
        ) as recency
    from episodes
    inner join discharges
        on
            episodes.council_code = discharges.council_code
            and episodes.person_id = discharges.person_id
            and discharges.discharge_date >= {{ dbt.dateadd(
                'day', -cld_setting('discharge_days_before_reablement'), 'episodes.episode_start_date'
            ) }}
            and discharges.discharge_date <= {{ dbt.dateadd(
                'day', cld_setting('discharge_days_after_reablement_start'), 'episodes.episode_start_date'
            ) }}
),

cohort as (
    select
        linked.council_code,
        linked.person_id,
        linked.episode_number,
        linked.episode_start_date,
        linked.discharge_date,
        cast({{ dbt.dateadd('day', followup_days, 'linked.discharge_date') }} as date) as follow_up_date,
        {{ cld_age_in_years('people.birth_month_date', 'linked.discharge_date') }} as age_at_discharge,
        people.date_of_death,
        people.accommodation_status as latest_accommodation_status,
        people.is_settled_accommodation as is_latest_accommodation_settled
    from linked
    inner join people
        on
            linked.council_code = people.council_code
            and linked.person_id = people.person_id
    where
        linked.recency = 1
        and linked.discharge_date between {{ cld_date('discharge_cohort_start') }}
        and {{ cld_date('discharge_cohort_end') }}
        and {{ cld_age_in_years('people.birth_month_date', 'linked.discharge_date') }} >= 65
),

-- a long-term residential or nursing service going on at day 91
care_home_at_follow_up as (
    select distinct
        cohort.council_code,
        cohort.person_id,
        cohort.episode_number
    from cohort
    inner join events
        on
            cohort.council_code = events.council_code
            and cohort.person_id = events.person_id
    where
        events.event_type = 'Service'
        and events.service_type in (
            'Long term support: Residential care', 'Long term support: Nursing care'
        )
        and events.event_start_date <= cohort.follow_up_date
        and (events.event_end_date is null or events.event_end_date >= cohort.follow_up_date)
),

-- the accommodation status recorded most recently on or before day 91
status_at_follow_up as (
    select
        cohort.council_code,
        cohort.person_id,
        cohort.episode_number,
        events.accommodation_status,
        row_number() over (
            partition by cohort.council_code, cohort.person_id, cohort.episode_number
            order by events.event_start_date desc, events.ref_period_end_date desc, events.record_id desc
        ) as recency
    from cohort
    inner join events
        on
            cohort.council_code = events.council_code
            and cohort.person_id = events.person_id
    where
        events.event_start_date <= cohort.follow_up_date
        and events.accommodation_status not in {{ unknown_values }}
),

final as (
    select
        cohort.council_code,
        cohort.person_id,
        cohort.episode_number,
        cohort.discharge_date,
        cohort.episode_start_date,
        cohort.follow_up_date,
        cast(cohort.age_at_discharge as {{ dbt.type_int() }}) as age_at_discharge,
        {{ cld_age_band('cohort.age_at_discharge') }} as age_band,
        coalesce(status_at_follow_up.accommodation_status, cohort.latest_accommodation_status)
            as accommodation_status_at_follow_up,
        coalesce(accommodation_statuses.is_settled, cohort.is_latest_accommodation_settled)
            as is_settled_at_follow_up,
        coalesce(cohort.date_of_death <= cohort.follow_up_date, false) as has_died_by_follow_up,
        care_home_at_follow_up.person_id is not null as is_in_care_home_at_follow_up,
        (
            coalesce(cohort.date_of_death > cohort.follow_up_date, true)
            and care_home_at_follow_up.person_id is null
            and coalesce(accommodation_statuses.is_settled, cohort.is_latest_accommodation_settled)
        ) as is_at_home_at_follow_up
    from cohort
    left join care_home_at_follow_up
        on
            cohort.council_code = care_home_at_follow_up.council_code
            and cohort.person_id = care_home_at_follow_up.person_id
            and cohort.episode_number = care_home_at_follow_up.episode_number
    left join status_at_follow_up
        on
            cohort.council_code = status_at_follow_up.council_code
            and cohort.person_id = status_at_follow_up.person_id
            and cohort.episode_number = status_at_follow_up.episode_number
            and status_at_follow_up.recency = 1
    left join accommodation_statuses
        on status_at_follow_up.accommodation_status = accommodation_statuses.accommodation_status
)

select * from final
