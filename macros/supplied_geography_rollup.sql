{#- The coverage rule, in one place (spec "Coverage"; docs/method.md, SALT metrics): a geography's
    value is summed over the councils that supplied every source the metric reads, and it is
    published only when every council of the geography supplied them.

    Gives three CTEs to a metric model that sums council values:
      suppliers  the councils that supplied every source in `sources` (int_source_suppliers);
      geography_rollup  council_code -> geography_level, geography_code for those councils only, so a
                 council that did not supply is left out of every sum (not made unknown);
      coverage   per geography: councils_supplied (N) and councils_in_geography (M). The marts
                 show a Region, Council Type or England value only when N = M, else [x].
    `sources` is a list of int_source_suppliers source_name values, e.g. ['salt', 'ons'] for 2B. -#}
{% macro supplied_geography_rollup(sources) %}
{%- if sources is string or not sources %}
    {{ exceptions.raise_compiler_error(
        "supplied_geography_rollup: give `sources` as a non-empty list, e.g. ['salt', 'ons']") }}
{%- endif %}
suppliers as (
    select council_code
    from {{ ref('int_source_suppliers') }}
    where source_name in ('{{ sources | join("', '") }}')
    group by council_code
    having count(distinct source_name) = {{ sources | unique | list | length }}
),

geography_councils as (
    select
        council_code,
        geography_level,
        geography_code
    from {{ ref('int_geography_rollup') }}
),

geography_rollup as (
    select
        geography_councils.council_code,
        geography_councils.geography_level,
        geography_councils.geography_code
    from geography_councils
    inner join suppliers on geography_councils.council_code = suppliers.council_code
),

coverage as (
    select
        geography_councils.geography_level,
        geography_councils.geography_code,
        count(suppliers.council_code) as councils_supplied,
        count(*) as councils_in_geography
    from geography_councils
    left join suppliers on geography_councils.council_code = suppliers.council_code
    group by geography_councils.geography_level, geography_councils.geography_code
)
{%- endmacro %}
