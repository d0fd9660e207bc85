-- 6B's counts per council and setting: rated adult social care locations and those Good or Outstanding.
with locations as (
    select
        council_code,
        setting,
        rating_group
    from {{ ref('int_cqc__location_ratings') }}
    where {{ is_true('is_in_scope') }} and rejection_reason is null
),

by_setting as (
    select
        council_code,
        'Total' as setting,
        rating_group
    from locations
    union all
    select
        council_code,
        setting,
        rating_group
    from locations
    where setting is not null
),

final as (
    select
        council_code,
        setting,
        count(*) as locations,
        sum(case when rating_group = 'good or outstanding' then 1 else 0 end) as numerator,
        sum(case when rating_group != 'not rated' then 1 else 0 end) as denominator
    from by_setting
    group by council_code, setting
)

select * from final
