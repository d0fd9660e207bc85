-- One row per service user who had long-term support (nursing, residential, community or prison)
-- at any time in the reporting year: the cohort of 2E and 2E-ALL (docs/method.md, CLD step 2E), with
-- where they live from their latest person details and their age at the end of their latest
-- long-term support in the year (the year end when some is still open).
with people as (
    select
        council_code,
        person_id,
        gender,
        birth_month_date,
        date_of_death,
        primary_support_reason,
        accommodation_status,
        is_settled_accommodation
    from {{ ref('int_cld__person_details') }}
),

long_term_support as (
    select
        events.council_code,
        events.person_id,
        case
            when
                events.event_end_date is null
                or events.event_end_date > {{ cld_date('reporting_period_end') }}
                then {{ cld_date('reporting_period_end') }}
            else events.event_end_date
        end as capped_end_date
    from {{ ref('int_cld__events') }} as events
    inner join {{ ref('cld_service_types') }} as service_types
        on events.service_type = service_types.service_type
    where
        events.client_type = 'Service user'
        and events.event_type = 'Service'
        and service_types.is_long_term_support
        and events.event_start_date <= {{ cld_date('reporting_period_end') }}
        and (
            events.event_end_date is null
            or events.event_end_date >= {{ cld_date('reporting_period_start') }}
        )
),

supported_people as (
    select
        council_code,
        person_id,
        max(capped_end_date) as latest_support_end_date
    from long_term_support
    group by council_code, person_id
),

aged as (
    select
        supported_people.council_code,
        supported_people.person_id,
        supported_people.latest_support_end_date,
        {{ cld_age_in_years('people.birth_month_date', 'supported_people.latest_support_end_date') }}
            as age_years,
        people.gender,
        people.primary_support_reason,
        people.accommodation_status,
        people.is_settled_accommodation
    from supported_people
    inner join people
        on
            supported_people.council_code = people.council_code
            and supported_people.person_id = people.person_id
    where
        people.date_of_death is null
        or people.date_of_death >= {{ cld_date('reporting_period_start') }}
),

final as (
    select
        council_code,
        person_id,
        latest_support_end_date,
        cast(age_years as {{ dbt.type_int() }}) as age_years,
        {{ cld_age_band('age_years') }} as age_band,
        gender,
        primary_support_reason,
        primary_support_reason = 'Learning disability support' as has_learning_disability,
        accommodation_status,
        is_settled_accommodation
    from aged
)

select * from final
