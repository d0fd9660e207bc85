-- One row per ST-Max (reablement) episode: a person's short-term ST-Max services that follow one
-- another with gaps of at most 7 days (cld.st_max_episode_gap_days) form one episode
-- (docs/method.md, CLD step 2A, "Cluster the ST-Max services"). Service users only.
with st_max_services as (
    select
        events.council_code,
        events.person_id,
        events.record_id,
        events.event_start_date,
        coalesce(events.event_end_date, {{ cld_open_end_date() }}) as event_end_date,
        coalesce(events.event_outcome, 'Invalid and not mapped') as event_outcome,
        -- outcomes that are not a final sequel rank after every final one (DHSC adds 100)
        coalesce(
            event_outcomes.outcome_hierarchy
            + case when {{ is_true('event_outcomes.is_progress_outcome') }} then 100 else 0 end,
            999
        ) as outcome_hierarchy
    from {{ ref('int_cld__events') }} as events
    left join {{ ref('cld_event_outcomes') }} as event_outcomes
        on events.event_outcome = event_outcomes.event_outcome
    where
        events.client_type = 'Service user'
        and events.event_type = 'Service'
        and events.service_type = 'Short term support: ST-Max'
),

ordered as (
    select
        *,
        max(event_end_date) over (
            partition by council_code, person_id
            order by event_start_date asc, event_end_date asc, outcome_hierarchy asc, record_id desc
            rows between unbounded preceding and 1 preceding
        ) as previous_end_date
    from st_max_services
),

flagged as (
    select
        *,
        case
            when previous_end_date is null then 1
            when
                {{ dbt.datediff('previous_end_date', 'event_start_date', 'day') }}
                > {{ cld_setting('st_max_episode_gap_days') }}
                then 1
            else 0
        end as starts_episode
    from ordered
),

numbered as (
    select
        *,
        sum(starts_episode) over (
            partition by council_code, person_id
            order by event_start_date asc, event_end_date asc, outcome_hierarchy asc, record_id desc
            rows between unbounded preceding and current row
        ) as episode_number
    from flagged
),

-- the episode's outcome is that of its latest-ending service (then the most final outcome, then
-- the earliest record), as DHSC
outcome_ranked as (
    select
        *,
        row_number() over (
            partition by council_code, person_id, episode_number
            order by event_end_date desc, outcome_hierarchy asc, record_id asc
        ) as outcome_rank,
        min(event_start_date) over (partition by council_code, person_id, episode_number)
            as episode_start_date,
        count(*) over (partition by council_code, person_id, episode_number) as services
    from numbered
),

final as (
    select
        council_code,
        person_id,
        cast(episode_number as {{ dbt.type_int() }}) as episode_number,
        episode_start_date,
        event_end_date as episode_end_date,
        event_outcome as episode_outcome,
        outcome_hierarchy as episode_outcome_hierarchy,
        services
    from outcome_ranked
    where outcome_rank = 1
)

select * from final
