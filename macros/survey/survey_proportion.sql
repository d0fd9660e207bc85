{#- A survey percentage: weighted respondents giving a positive answer to one question over
    weighted respondents with a valid answer (answers outside `valid`, such as "never tried",
    leave both the numerator and the weights' n). -#}
{% macro survey_proportion(survey, question, positive, valid) %}
with observations as (
    select
        council_code,
        stratum,
        stratum_population,
        gender_group,
        age_group,
        case
            when answer_code in ({{ positive | join(', ') }}) then 1.0 else 0.0
        end as outcome_value
    from {{ ref('int_' ~ survey ~ '__answers') }}
    where
        rejection_reason is null
        and meaning = '{{ question }}'
        and answer_code in ({{ valid | join(', ') }})
),

{{ survey_estimates(scale=100, survey=survey) }}
{% endmacro %}
