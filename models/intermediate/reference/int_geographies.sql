-- Every geography a metric is published for: 153 councils, 9 regions, 5 council types, England.
with geography_rollup as (
    select
        geography_level,
        geography_code,
        geography_name,
        ons_code,
        geography_level_order
    from {{ ref('int_geography_rollup') }}
),

final as (
    select distinct
        geography_level,
        geography_code,
        geography_name,
        ons_code,
        geography_level_order
    from geography_rollup
)

select * from final
