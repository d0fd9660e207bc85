-- The comparison export (`ascof_published_comparison_<year>.csv`, also what `ascof compare`
-- writes): computed and published Total outcomes per geography and metric, rounded as published.
with comparison as (
    select * from {{ ref('ascof_published_comparison') }}
),

final as (
    select
        geography_level,
        geography_code,
        geography_name,
        measure_group,
        measure_group_description,
        value_marker,
        computed_value,
        published_value,
        difference
    from comparison
    {{ order_rows([
        'measure_group',
        'geography_level_order',
        'geography_code',
    ]) }}
)

select * from final
