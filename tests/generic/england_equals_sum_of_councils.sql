{#- Regional and national values are sums, never averages: for every metric and disaggregation
    the England numerator, denominator and base equal the sums over the council rows. The council
    rows are those of the councils that supplied the source (the others have none); a council
    whose numerator or denominator is unknown counts 0 / 0 (rollup_council_counts), and England
    is compared whether or not it is published (coverage is the marts' [x], not a missing sum). -#}
{% test england_equals_sum_of_councils(model) %}
with councils as (
    select
        metric_code,
        disaggregation_level,
        coalesce(sum(case when denominator is not null then numerator end), 0) as numerator,
        coalesce(sum(case when numerator is not null then denominator end), 0) as denominator,
        sum(base) as base
    from {{ model }}
    where geography_level = 'Council'
    group by metric_code, disaggregation_level
),

england as (
    select
        metric_code,
        disaggregation_level,
        coalesce(numerator, 0) as numerator,
        coalesce(denominator, 0) as denominator,
        base
    from {{ model }}
    where geography_level = 'England'
),

compared as (
    select
        councils.metric_code,
        councils.disaggregation_level,
        councils.numerator as council_numerator,
        england.numerator as england_numerator,
        councils.denominator as council_denominator,
        england.denominator as england_denominator
    from councils
    left join england
        on
            councils.metric_code = england.metric_code
            and councils.disaggregation_level = england.disaggregation_level
    where
        england.metric_code is null
        or abs(councils.numerator - england.numerator) > 1e-6 * (1 + abs(england.numerator))
        or abs(councils.denominator - england.denominator) > 1e-6 * (1 + abs(england.denominator))
        or coalesce(councils.base, -1) <> coalesce(england.base, -1)
)

select * from compared
{% endtest %}
