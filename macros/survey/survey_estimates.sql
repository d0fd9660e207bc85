{#- Survey estimates for every geography and disaggregation, from a CTE named `observations` with
    one row per respondent with a valid answer: council_code, stratum, stratum_population,
    gender_group, age_group and outcome_value (1/0 for a proportion, the score for a score).

    Weighting (handbook 2.5): a respondent's weight is N / n, the stratum's eligible population over
    the respondents in that council and stratum with a valid answer to this question.
    Numerator = sum of weight x value; denominator = sum of weights (the estimated population);
    base = respondents. Regions, council types and England sum numerators and denominators.
    Variance of each council-stratum-disaggregation cell = N_cell^2 (1 - n/N_cell) s^2 / n, with
    s^2 the sample variance of the values (for 1/0 values: p(1-p) n / (n-1)); summed over cells;
    margin of error = z sqrt(variance) / denominator, in the outcome's unit.
    Coverage (supplied_geography_rollup): only councils that supplied the survey (`survey`, e.g.
    'ascs') are summed, and each geography carries councils_supplied of councils_in_geography so
    the marts publish a Region, Council Type or England value only when every council supplied it.
    A council whose own value is suppressed (base below the threshold) still counts in the sums. -#}
{% macro survey_estimates(scale, survey) %}
stratum_sizes as (
    select
        council_code,
        stratum,
        count(*) as stratum_respondents
    from observations
    group by council_code, stratum
),

weighted as (
    select
        observations.council_code,
        observations.stratum,
        observations.gender_group,
        observations.age_group,
        observations.outcome_value,
        cast(observations.stratum_population as {{ type_double() }})
        / stratum_sizes.stratum_respondents as survey_weight
    from observations
    inner join stratum_sizes
        on
            observations.council_code = stratum_sizes.council_code
            and observations.stratum = stratum_sizes.stratum
),

disaggregations as (
    select
        disaggregation_level,
        disaggregation_dimension
    from {{ ref('disaggregations') }}
),

grouped as (
    -- every answer counts in Total and in its gender and age group
    select
        weighted.*,
        disaggregations.disaggregation_level
    from weighted
    inner join disaggregations
        on
            disaggregations.disaggregation_dimension = 'total'
            or (
                disaggregations.disaggregation_dimension = 'gender'
                and weighted.gender_group = disaggregations.disaggregation_level
            )
            or (
                disaggregations.disaggregation_dimension = 'age'
                and weighted.age_group = disaggregations.disaggregation_level
            )
),

cells as (
    select
        council_code,
        stratum,
        disaggregation_level,
        max(survey_weight) as survey_weight,
        count(*) as respondents,
        sum(outcome_value) as value_sum,
        sum(outcome_value * outcome_value) as value_sum_of_squares
    from grouped
    group by council_code, stratum, disaggregation_level
),

cell_estimates as (
    select
        council_code,
        disaggregation_level,
        respondents,
        survey_weight * value_sum as weighted_numerator,
        survey_weight * respondents as estimated_population,
        case
            when respondents > 1
                then
                    (survey_weight * respondents) * (survey_weight * respondents)
                    * {{ larger_of('1 - 1 / survey_weight', '0') }}
                    * {{ larger_of(
                        '(value_sum_of_squares - value_sum * value_sum / respondents)'
                        ~ ' / (respondents - 1)',
                        '0'
                    ) }}
                    / respondents
            else 0
        end as estimated_variance
    from cells
),

{{ supplied_geography_rollup([survey]) }},

summed as (
    select
        geography_rollup.geography_level,
        geography_rollup.geography_code,
        cell_estimates.disaggregation_level,
        sum(cell_estimates.weighted_numerator) as numerator,
        sum(cell_estimates.estimated_population) as denominator,
        sum(cell_estimates.respondents) as base,
        sum(cell_estimates.estimated_variance) as estimated_variance
    from cell_estimates
    inner join geography_rollup on cell_estimates.council_code = geography_rollup.council_code
    group by geography_rollup.geography_level, geography_rollup.geography_code, cell_estimates.disaggregation_level
),

final as (
    select
        '{{ model.name | replace("ascof_", "") | replace("_", "-") | upper }}' as metric_code,
        summed.geography_level,
        summed.geography_code,
        summed.disaggregation_level,
        cast(summed.numerator as {{ type_double() }}) as numerator,
        cast(summed.denominator as {{ type_double() }}) as denominator,
        cast(summed.base as {{ dbt.type_int() }}) as base,
        case
            when summed.denominator > 0 then {{ scale }} * (summed.numerator / summed.denominator)
        end as outcome,
        case
            when summed.denominator > 0
                then {{ scale }} * {{ var('margin_of_error_z') }} * sqrt(summed.estimated_variance)
                / summed.denominator
        end as margin_of_error,
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
