-- Per council and setting (Care homes, Community services): in-scope locations by overall rating
-- band. 6B reads the Care homes rows; every location, rated or not, is in `locations`.
with locations as (
    select
        council_code,
        setting,
        rating_group
    from {{ ref('int_cqc__location_ratings') }}
    where {{ is_true('is_in_scope') }} and rejection_reason is null
),

final as (
    select
        council_code,
        setting,
        count(*) as locations,
        sum(case when rating_group = 'outstanding' then 1 else 0 end) as outstanding,
        sum(case when rating_group = 'good' then 1 else 0 end) as good,
        sum(
            case when rating_group = 'requires improvement or inadequate' then 1 else 0 end
        ) as requires_improvement_or_inadequate,
        sum(case when rating_group = 'not yet rated' then 1 else 0 end) as not_yet_rated
    from locations
    group by council_code, setting
)

select * from final
