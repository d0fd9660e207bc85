-- One row per service user in long-term support on the last day of the reporting year, with the
-- highest setting of their open services (3D1A, 3D2A: docs/method.md, CLD step 3D "Clients"): nursing,
-- residential, then community by delivery mechanism (direct payment, council-managed personal
-- budget, council-commissioned, none), then prison. The cld_client_setting_hierarchy seed holds
-- the ranks and which of them count as self-directed support and as direct payments.
with people as (
    select
        council_code,
        person_id,
        birth_month_date,
        date_of_death
    from {{ ref('int_cld__person_details') }}
),

hierarchy as (
    select
        setting_rank,
        service_type,
        delivery_mechanism,
        is_community_setting,
        is_self_directed,
        is_direct_payment
    from {{ ref('cld_client_setting_hierarchy') }}
),

open_services as (
    select
        events.council_code,
        events.person_id,
        events.service_type,
        -- a direct payment shows in the component or in the mechanism
        case
            when events.service_component = 'Direct payment' then 'Direct payment'
            else events.delivery_mechanism
        end as delivery_mechanism
    from {{ ref('int_cld__events') }} as events
    where
        events.client_type = 'Service user'
        and events.event_type = 'Service'
        and events.service_type in (
            'Long term support: Nursing care',
            'Long term support: Residential care',
            'Long term support: Community',
            'Long term support: Prison'
        )
        and events.event_start_date <= {{ cld_date('reporting_period_end') }}
        and (
            events.event_end_date is null
            or events.event_end_date >= {{ cld_date('reporting_period_end') }}
        )
),

ranked as (
    select
        open_services.council_code,
        open_services.person_id,
        -- a mechanism the setting does not list counts as none (DHSC blanks it)
        coalesce(by_mechanism.setting_rank, without_mechanism.setting_rank) as setting_rank
    from open_services
    left join hierarchy as by_mechanism
        on
            open_services.service_type = by_mechanism.service_type
            and open_services.delivery_mechanism = by_mechanism.delivery_mechanism
    left join hierarchy as without_mechanism
        on
            open_services.service_type = without_mechanism.service_type
            and without_mechanism.delivery_mechanism is null
),

person_settings as (
    select
        council_code,
        person_id,
        min(setting_rank) as setting_rank
    from ranked
    group by council_code, person_id
),

aged as (
    select
        person_settings.council_code,
        person_settings.person_id,
        person_settings.setting_rank,
        {{ cld_age_in_years('people.birth_month_date', cld_date('reporting_period_end')) }} as age_years
    from person_settings
    inner join people
        on
            person_settings.council_code = people.council_code
            and person_settings.person_id = people.person_id
    where
        people.date_of_death is null
        or people.date_of_death >= {{ cld_date('reporting_period_end') }}
),

final as (
    select
        aged.council_code,
        aged.person_id,
        aged.setting_rank,
        hierarchy.service_type,
        hierarchy.delivery_mechanism,
        hierarchy.is_community_setting,
        hierarchy.is_self_directed,
        hierarchy.is_direct_payment,
        cast(aged.age_years as {{ dbt.type_int() }}) as age_years,
        {{ cld_age_band('aged.age_years') }} as age_band
    from aged
    inner join hierarchy on aged.setting_rank = hierarchy.setting_rank
)

select * from final
