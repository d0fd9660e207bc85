{#- Council counts summed to every geography (council, region, council type, England), for the
    metrics that are plain counts (activity and aggregate returns, not survey estimates).

    `council_counts` names a CTE with one row per council and disaggregation: council_code,
    disaggregation_level, numerator, denominator (null when the source marks it unknown, e.g. [c]).
    outcome = scale x numerator / denominator (100 for a percentage, 100000 for a rate per 100,000).
    An unknown council value makes every geography it rolls up to unknown too: a sum that leaves
    it out would be wrong, not smaller. Ends the model: `with ... , {{ rollup_council_counts(...) }}`. -#}
{% macro rollup_council_counts(council_counts, scale, metric_code) %}
geography_rollup as (
    select
        council_code,
        geography_level,
        geography_code
    from {{ ref('int_geography_rollup') }}
),

summed as (
    select
        geography_rollup.geography_level,
        geography_rollup.geography_code,
        counts.disaggregation_level,
        case
            when count(counts.numerator) = count(*) then sum(counts.numerator)
        end as numerator,
        case
            when count(counts.denominator) = count(*) then sum(counts.denominator)
        end as denominator
    from {{ council_counts }} as counts
    inner join geography_rollup on counts.council_code = geography_rollup.council_code
    group by geography_rollup.geography_level, geography_rollup.geography_code, counts.disaggregation_level
),

final as (
    select
        '{{ metric_code }}' as metric_code,
        geography_level,
        geography_code,
        disaggregation_level,
        cast(numerator as {{ type_double() }}) as numerator,
        cast(denominator as {{ type_double() }}) as denominator,
        cast(null as {{ dbt.type_int() }}) as base,
        case
            when denominator > 0 then {{ scale }} * (cast(numerator as {{ type_double() }}) / denominator)
        end as outcome,
        cast(null as {{ type_double() }}) as margin_of_error
    from summed
)

select * from final
{% endmacro %}
