{#- Council counts summed to every geography (council, region, council type, England), for the
    metrics that are plain counts (activity and aggregate returns, not survey estimates).

    `council_counts` names a CTE with one row per council and disaggregation: council_code,
    disaggregation_level, numerator, denominator (null when the source marks it unknown, e.g. [c]).
    outcome = scale x numerator / denominator (100 for a percentage, 100000 for a rate per 100,000).
    `sources` lists the sources the metric reads (int_source_suppliers names, e.g. ['sac']).

    Coverage (supplied_geography_rollup): only councils that supplied every source are summed; a
    council that did not is left out, and the geography carries councils_supplied of
    councils_in_geography so the marts publish it only when all supplied. A council that supplied
    the source but whose numerator or denominator is unknown keeps its own values (unknown) and
    counts 0 / 0 in its geographies' sums: it stays one of the councils that supplied (a missing
    value counts 0, as NHS England's code counts a missing cell), and its known half is not
    summed alone, so a sum never pairs a numerator with a denominator that lacks it.
    Ends the model: `with ... , {{ rollup_council_counts(...) }}`. -#}
{% macro rollup_council_counts(council_counts, scale, metric_code, sources=none) %}
{%- if sources is none %}
    {{ exceptions.raise_compiler_error(
        "rollup_council_counts(" ~ metric_code ~ "): name the sources the metric reads, "
        ~ "e.g. sources=['sac']") }}
{%- endif %}
{{ supplied_geography_rollup(sources) }},

counted as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator,
        case when numerator is not null and denominator is not null then 1 else 0 end as is_known
    from {{ council_counts }}
),

summed as (
    select
        geography_rollup.geography_level,
        geography_rollup.geography_code,
        counted.disaggregation_level,
        -- a council's own row keeps what it has; above it an unknown pair counts 0 / 0
        case
            when geography_rollup.geography_level = 'Council' then max(counted.numerator)
            else sum(case when counted.is_known = 1 then counted.numerator else 0 end)
        end as numerator,
        case
            when geography_rollup.geography_level = 'Council' then max(counted.denominator)
            else sum(case when counted.is_known = 1 then counted.denominator else 0 end)
        end as denominator
    from counted
    inner join geography_rollup on counted.council_code = geography_rollup.council_code
    group by geography_rollup.geography_level, geography_rollup.geography_code, counted.disaggregation_level
),

final as (
    select
        '{{ metric_code }}' as metric_code,
        summed.geography_level,
        summed.geography_code,
        summed.disaggregation_level,
        cast(summed.numerator as {{ type_double() }}) as numerator,
        cast(summed.denominator as {{ type_double() }}) as denominator,
        cast(null as {{ dbt.type_int() }}) as base,
        case
            when summed.denominator > 0
                then {{ scale }} * (cast(summed.numerator as {{ type_double() }}) / summed.denominator)
        end as outcome,
        cast(null as {{ type_double() }}) as margin_of_error,
        cast(coverage.councils_supplied as {{ dbt.type_int() }}) as councils_supplied,
        cast(coverage.councils_in_geography as {{ dbt.type_int() }}) as councils_in_geography
    from summed
    inner join coverage
        on
            summed.geography_level = coverage.geography_level
            and summed.geography_code = coverage.geography_code
)

select * from final
{% endmacro %}
