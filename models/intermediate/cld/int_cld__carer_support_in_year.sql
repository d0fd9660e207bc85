-- One row per unpaid carer supported in the reporting year, with the highest support they had
-- (3D1B, 3D2B: docs/method.md, CLD step 3D "Carers"): direct payment, council-managed personal budget,
-- council-commissioned support, support of unknown mechanism, support only through the person
-- cared for, information and advice. The cld_carer_support_hierarchy seed holds the ranks and
-- which count in the denominator, as self-directed support and as direct payments.
{%- set direct = "'Unpaid carer support: Direct to unpaid carer'" %}
{%- set information = "'NFA: Information and advice or signposting'" %}
{#- DHSC as written: NOT LIKE on a null component is unknown, so the row gets no support -#}
{%- set quirk_test = "events.service_component not like 'Direct payment'" %}
{%- set fixed_test = "coalesce(events.service_component, '') != 'Direct payment'" %}
{%- set quirk = cld_setting('reproduce_null_component_quirk') %}
{%- set not_direct_payment_component = quirk_test if quirk else fixed_test %}
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
        support_rank,
        support_provided,
        is_in_denominator,
        is_self_directed,
        is_direct_payment
    from {{ ref('cld_carer_support_hierarchy') }}
),

carer_events as (
    select
        events.council_code,
        events.person_id,
        case
            when
                events.service_type = {{ direct }}
                and (
                    events.delivery_mechanism = 'Direct payment'
                    or events.service_component = 'Direct payment'
                )
                then 'Direct Payment only'
            when
                events.service_type = {{ direct }}
                and events.delivery_mechanism = 'CASSR managed personal budget'
                and {{ not_direct_payment_component }}
                then 'CASSR Managed Personal Budget'
            when
                events.service_type = {{ direct }}
                and events.delivery_mechanism = 'CASSR commissioned support'
                and {{ not_direct_payment_component }}
                then 'CASSR Commissioned Support only'
            when events.service_type = {{ direct }} and {{ not_direct_payment_component }}
                then 'Support Direct to Carer: Unknown Delivery Mech'
            when events.service_type = 'Unpaid carer support: Support involving the person cared-for'
                then 'No Direct Support Provided to Carer'
            when
                events.event_type in ('Assessment', 'Review')
                and coalesce(events.event_outcome, '') != {{ information }}
                then 'No Direct Support Provided to Carer'
            when events.event_type in ('Assessment', 'Review', 'Request')
                then 'Information, Advice and Other Universal Services / Signposting'
        end as support_provided
    from {{ ref('int_cld__events') }} as events
    where
        events.client_type in ('Unpaid carer', 'Unpaid carer known by association')
        and events.event_start_date <= {{ cld_date('reporting_period_end') }}
        and (
            events.event_end_date is null
            or events.event_end_date >= {{ cld_date('reporting_period_start') }}
        )
        and (
            (events.service_type is null and events.event_outcome = {{ information }})
            or events.service_type in (
                {{ direct }}, 'Unpaid carer support: Support involving the person cared-for'
            )
            or (events.event_type in ('Assessment', 'Review') and events.service_type is null)
        )
),

person_support as (
    select
        carer_events.council_code,
        carer_events.person_id,
        min(hierarchy.support_rank) as support_rank
    from carer_events
    inner join hierarchy on carer_events.support_provided = hierarchy.support_provided
    group by carer_events.council_code, carer_events.person_id
),

aged as (
    select
        person_support.council_code,
        person_support.person_id,
        person_support.support_rank,
        {{ cld_age_in_years('people.birth_month_date', cld_date('reporting_period_end')) }} as age_years
    from person_support
    inner join people
        on
            person_support.council_code = people.council_code
            and person_support.person_id = people.person_id
    where
        people.date_of_death is null
        or people.date_of_death >= {{ cld_date('reporting_period_start') }}
),

final as (
    select
        aged.council_code,
        aged.person_id,
        aged.support_rank,
        hierarchy.support_provided,
        hierarchy.is_in_denominator,
        hierarchy.is_self_directed,
        hierarchy.is_direct_payment,
        cast(aged.age_years as {{ dbt.type_int() }}) as age_years,
        {{ cld_age_band('aged.age_years') }} as age_band
    from aged
    inner join hierarchy on aged.support_rank = hierarchy.support_rank
)

select * from final
