-- How close the computed outcomes are to the published ones, per metric and geography level:
-- how many geographies were compared, the mean and largest absolute difference, and the
-- correlation of computed with published values (null with fewer than three pairs or no spread),
-- and how many geographies were not shown because not every council supplied the source.
with comparison as (
    select
        measure_group,
        measure_group_description,
        geography_level,
        geography_level_order,
        councils_supplied,
        councils_in_geography,
        computed_value,
        published_value,
        difference
    from {{ ref('ascof_published_comparison') }}
),

final as (
    select
        measure_group,
        measure_group_description,
        geography_level,
        cast(count(*) as {{ dbt.type_int() }}) as geographies,
        cast(count(computed_value) as {{ dbt.type_int() }}) as computed_count,
        cast(count(published_value) as {{ dbt.type_int() }}) as published_count,
        cast(count(difference) as {{ dbt.type_int() }}) as compared_count,
        cast(
            sum(case when councils_supplied < councils_in_geography then 1 else 0 end)
            as {{ dbt.type_int() }}
        ) as partial_coverage_count,
        avg(abs(difference)) as mean_absolute_difference,
        max(abs(difference)) as max_absolute_difference,
        case
            when
                count(difference) >= 3
                and {{ stddev_sample('case when difference is not null then computed_value end') }} > 0
                and {{ stddev_sample('case when difference is not null then published_value end') }} > 0
                then {{ correlation('computed_value', 'published_value') }}
        end as correlation_coefficient,
        min(geography_level_order) as geography_level_order
    from comparison
    group by measure_group, measure_group_description, geography_level
)

select * from final
