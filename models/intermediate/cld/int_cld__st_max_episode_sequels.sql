-- One row per ST-Max episode that ended in the reporting year, with why it is excluded from 2A
-- or which sequel it had: the first matching DHSC rule (docs/method.md, CLD step 2A) of
-- 1 died within 7 days, 2 admitted to hospital, 3 a service starting within 7 days of the end,
-- 4 the most final outcome of the episode (4a), of other events in those 7 days (4b) or of the
-- last assessment or review in its final 14 days (4c), 5 equipment during it, 6 unclassified.
{%- set window_days = cld_setting('sequel_window_days') %}
{%- set short_term_care_home = "('Short term residential care', 'Short term nursing care')" %}
with episodes as (
    select
        council_code,
        person_id,
        episode_number,
        episode_start_date,
        episode_end_date,
        episode_outcome,
        episode_outcome_hierarchy
    from {{ ref('int_cld__st_max_episodes') }}
    where
        episode_end_date between {{ cld_date('reporting_period_start') }}
        and {{ cld_date('reporting_period_end') }}
),

people as (
    select
        council_code,
        person_id,
        birth_month_date,
        date_of_death
    from {{ ref('int_cld__person_details') }}
),

event_outcomes as (
    select
        event_outcome,
        outcome_hierarchy,
        is_progress_outcome
    from {{ ref('cld_event_outcomes') }}
),

service_types as (
    select
        service_type,
        is_long_term_support,
        service_type_hierarchy
    from {{ ref('cld_service_types') }}
),

final_outcomes as (
    select
        final_outcome,
        is_in_denominator,
        is_in_numerator
    from {{ ref('cld_st_max_final_outcomes') }}
),

-- the person's other service-user events (the episode's own ST-Max services left out)
events as (
    select
        events.council_code,
        events.person_id,
        events.record_id,
        events.event_type,
        events.event_start_date,
        coalesce(events.event_end_date, {{ cld_open_end_date() }}) as event_end_date,
        coalesce(events.event_outcome, 'Invalid and not mapped') as event_outcome,
        coalesce(
            event_outcomes.outcome_hierarchy
            + case when event_outcomes.is_progress_outcome then 100 else 0 end,
            999
        ) as outcome_hierarchy,
        events.service_type,
        events.service_component,
        coalesce(service_types.is_long_term_support, false) as is_long_term_support,
        coalesce(service_types.service_type_hierarchy, 99) as service_type_hierarchy
    from {{ ref('int_cld__events') }} as events
    left join event_outcomes on events.event_outcome = event_outcomes.event_outcome
    left join service_types on events.service_type = service_types.service_type
    where
        events.client_type = 'Service user'
        and not (
            events.event_type = 'Service'
            and coalesce(events.service_type, '') = 'Short term support: ST-Max'
        )
),

episode_events as (
    select
        episodes.council_code,
        episodes.person_id,
        episodes.episode_number,
        events.record_id,
        events.event_type,
        events.event_end_date,
        events.event_outcome,
        events.outcome_hierarchy,
        events.service_component,
        events.service_type_hierarchy,
        -- new-client test: long-term support ending fewer than 91 days before the episode
        -- (an overlapping or open one too, its end being 9999-01-01)
        (
            events.event_type = 'Service'
            and events.is_long_term_support
            and events.event_start_date < episodes.episode_start_date
            and {{ dbt.datediff('events.event_end_date', 'episodes.episode_start_date', 'day') }}
            < {{ cld_setting('new_client_lookback_days') }}
        ) as is_prior_long_term_support,
        -- the sequel window: starting from the episode start up to 7 days after its end, and
        -- going on after it
        (
            events.event_start_date >= episodes.episode_start_date
            and events.event_end_date > episodes.episode_end_date
            and {{ dbt.datediff('episodes.episode_end_date', 'events.event_start_date', 'day') }}
            <= {{ window_days }}
        ) as is_in_window,
        (
            events.event_type in ('Assessment', 'Review')
            and events.event_start_date >= episodes.episode_start_date
            and events.event_end_date > episodes.episode_start_date
            and events.event_end_date <= episodes.episode_end_date
            and {{ dbt.datediff('events.event_end_date', 'episodes.episode_end_date', 'day') }}
            < {{ cld_setting('nested_assessment_days') }}
            and events.outcome_hierarchy < 100
        ) as is_nested_assessment,
        (
            events.event_type = 'Service'
            and coalesce(events.service_component, '') = 'Equipment'
            and events.event_start_date >= episodes.episode_start_date
            and events.event_end_date > episodes.episode_start_date
            and events.event_end_date <= episodes.episode_end_date
        ) as is_nested_equipment
    from episodes
    inner join events
        on
            episodes.council_code = events.council_code
            and episodes.person_id = events.person_id
            and events.event_start_date <= {{ dbt.dateadd('day', window_days, 'episodes.episode_end_date') }}
            -- every rule looks at events ending after (episode start - 91 days): skip older ones
            and events.event_end_date > {{ dbt.dateadd(
                'day', -cld_setting('new_client_lookback_days'), 'episodes.episode_start_date'
            ) }}
),

episode_event_summary as (
    select
        council_code,
        person_id,
        episode_number,
        max(case when is_prior_long_term_support then 1 else 0 end) as has_prior_long_term_support,
        sum(case when is_in_window then 1 else 0 end) as window_events,
        max(
            case
                when
                    is_in_window
                    and event_type != 'Service'
                    and event_outcome != 'NFA: Support ended as planned'
                    then 1
                else 0
            end
        ) as has_window_event_not_ended_as_planned,
        -- rule 4b: the most final outcome of the non-service events in the window
        min(
            case
                when
                    is_in_window
                    and event_type != 'Service'
                    and outcome_hierarchy < 100
                    and event_outcome != 'NFA: Support ended as planned'
                    then outcome_hierarchy
            end
        ) as window_outcome_hierarchy,
        -- rule 3: the highest service in the window; x10 + 0 when a short-term care home
        -- component is there, so that it wins within its service type
        min(
            case
                when is_in_window and event_type = 'Service' and service_type_hierarchy < 99
                    then
                        service_type_hierarchy * 10
                        + case when service_component in {{ short_term_care_home }} then 0 else 1 end
            end
        ) as window_service_code,
        max(case when is_nested_equipment then 1 else 0 end) as has_nested_equipment
    from episode_events
    group by council_code, person_id, episode_number
),

-- rule 4c: the last-ending assessment or review in the episode's final 14 days
nested_assessments as (
    select
        council_code,
        person_id,
        episode_number,
        outcome_hierarchy,
        row_number() over (
            partition by council_code, person_id, episode_number
            order by event_end_date desc, outcome_hierarchy asc, record_id desc
        ) as recency
    from episode_events
    where is_nested_assessment
),

classified as (
    select
        episodes.council_code,
        episodes.person_id,
        episodes.episode_number,
        episodes.episode_start_date,
        episodes.episode_end_date,
        episodes.episode_outcome,
        {{ cld_age_in_years('people.birth_month_date', 'episodes.episode_end_date') }} as age_at_episode_end,
        people.date_of_death,
        coalesce(event_summary.has_prior_long_term_support, 0) = 1 as has_prior_long_term_support,
        event_summary.window_service_code,
        coalesce(event_summary.has_nested_equipment, 0) = 1 as has_nested_equipment,
        -- rule 4a: the episode's own outcome counts when no event follows it, or a non-service
        -- event that did not end as planned does
        case
            when
                episodes.episode_outcome_hierarchy < 100
                and (
                    coalesce(event_summary.window_events, 0) = 0
                    or event_summary.has_window_event_not_ended_as_planned = 1
                )
                then episodes.episode_outcome_hierarchy
        end as own_outcome_hierarchy,
        event_summary.window_outcome_hierarchy,
        nested_assessments.outcome_hierarchy as assessment_outcome_hierarchy
    from episodes
    left join people
        on
            episodes.council_code = people.council_code
            and episodes.person_id = people.person_id
    left join episode_event_summary as event_summary
        on
            episodes.council_code = event_summary.council_code
            and episodes.person_id = event_summary.person_id
            and episodes.episode_number = event_summary.episode_number
    left join nested_assessments
        on
            episodes.council_code = nested_assessments.council_code
            and episodes.person_id = nested_assessments.person_id
            and episodes.episode_number = nested_assessments.episode_number
            and nested_assessments.recency = 1
),

sequels as (
    select
        *,
        case
            when
                date_of_death is not null
                and {{ dbt.datediff('episode_end_date', 'date_of_death', 'day') }}
                <= {{ window_days }}
                then '1'
            when episode_outcome = 'Admitted to hospital' then '2'
            when window_service_code is not null then '3'
            when
                own_outcome_hierarchy is not null
                and own_outcome_hierarchy <= coalesce(window_outcome_hierarchy, 999)
                and own_outcome_hierarchy <= coalesce(assessment_outcome_hierarchy, 999)
                then '4a'
            when
                window_outcome_hierarchy is not null
                and window_outcome_hierarchy <= coalesce(assessment_outcome_hierarchy, 999)
                then '4b'
            when assessment_outcome_hierarchy is not null then '4c'
            when has_nested_equipment then '5'
            else '6'
        end as sequel_type
    from classified
),

labelled as (
    select
        sequels.*,
        case sequels.sequel_type
            when '1' then 'NFA: Deceased'
            when '2' then 'Admitted to hospital'
            when '3'
                then case
                    when
                        window_services.service_type = 'Short term support: Other short term'
                        and {{ modulo('sequels.window_service_code', 10) }} = 0
                        then 'Short term support: Residential or Nursing care'
                    else window_services.service_type
                end
            when '4a' then sequel_outcomes.event_outcome
            when '4b' then sequel_outcomes.event_outcome
            when '4c' then sequel_outcomes.event_outcome
            when '5' then 'Short term support: Ongoing low level'
            else sequels.episode_outcome
        end as final_outcome
    from sequels
    left join service_types as window_services
        on
            sequels.sequel_type = '3'
            and floor(sequels.window_service_code / 10) = window_services.service_type_hierarchy
    left join event_outcomes as sequel_outcomes
        on
            not sequel_outcomes.is_progress_outcome
            and case sequels.sequel_type
                when '4a' then sequels.own_outcome_hierarchy
                when '4b' then sequels.window_outcome_hierarchy
                when '4c' then sequels.assessment_outcome_hierarchy
            end = sequel_outcomes.outcome_hierarchy
),

final as (
    select
        labelled.council_code,
        labelled.person_id,
        labelled.episode_number,
        labelled.episode_start_date,
        labelled.episode_end_date,
        labelled.episode_outcome,
        cast(labelled.age_at_episode_end as {{ dbt.type_int() }}) as age_at_episode_end,
        {{ cld_age_band('labelled.age_at_episode_end') }} as age_band,
        case
            when labelled.age_at_episode_end < 18 then 'aged under 18 at the end of the episode'
            when labelled.date_of_death < labelled.episode_start_date
                then 'died before the episode started'
            when labelled.has_prior_long_term_support
                then {{ concat_text([
                    "'long-term support ended fewer than " ~ cld_setting("new_client_lookback_days") ~ " days '",
                    "'before (not a new client)'",
                ]) }}
        end as exclusion_reason,
        labelled.sequel_type,
        labelled.final_outcome,
        coalesce(final_outcomes.is_in_denominator, false) as is_in_denominator,
        coalesce(final_outcomes.is_in_numerator, false) as is_in_numerator,
        labelled.sequel_type = '6' as is_unable_to_classify
    from labelled
    left join final_outcomes on labelled.final_outcome = final_outcomes.final_outcome
)

select * from final
