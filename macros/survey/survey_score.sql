{#- A survey mean score: weighted sum of respondents' scores over the weighted number of
    respondents who have a score, weights from the given stratum population column. The survey
    whose councils count as supplying it is the scores model's (int_<survey>__...). -#}
{% macro survey_score(scores_model, score_column, population_column) %}
{%- set survey = scores_model.split('__')[0] | replace('int_', '', 1) %}
with observations as (
    select
        council_code,
        stratum,
        {{ population_column }} as stratum_population,
        gender_group,
        age_group,
        {{ score_column }} as outcome_value
    from {{ ref(scores_model) }}
    where {{ score_column }} is not null
),

{{ survey_estimates(scale=1, survey=survey) }}
{% endmacro %}
