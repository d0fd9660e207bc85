{#- The answers of one survey with their meaning for the reporting year's layout and their code
    checked against the survey_answer_codes seed. Every answer of a used sampled person is kept:
    valid ones carry the code the metrics read (combined_code), the rest a rejection_reason.
    Question columns the layout does not name (q2a, q10, ...) are not read. -#}
{% macro validated_survey_answers(survey) %}
with answers as (
    select
        source_file,
        source_row,
        question_column,
        raw_answer,
        answer_code
    from {{ ref('stg_' ~ survey ~ '__answers') }}
),

respondents as (
    select
        source_file,
        source_row,
        council_code,
        is_respondent,
        questionnaire_form,
        stratum,
        stratum_population,
        gender_group,
        age_group
    from {{ ref('int_' ~ survey ~ '__respondents') }}
    where rejection_reason is null
),

layout as (
    select
        question_column,
        meaning
    from {{ ref('survey_question_layouts') }}
    where survey = '{{ survey }}' and survey_year = '{{ var("survey_year") }}'
),

answer_codes as (
    select
        meaning,
        questionnaire_form,
        answer_code,
        combined_code
    from {{ ref('survey_answer_codes') }}
    where survey = '{{ survey }}'
),

answers_with_meaning as (
    select
        answers.source_file,
        answers.source_row,
        answers.question_column,
        answers.raw_answer,
        answers.answer_code as answer_code_as_read,
        layout.meaning,
        respondents.council_code,
        respondents.is_respondent,
        respondents.questionnaire_form,
        respondents.stratum,
        respondents.stratum_population,
        respondents.gender_group,
        respondents.age_group
    from answers
    inner join respondents
        on
            answers.source_file = respondents.source_file
            and answers.source_row = respondents.source_row
    inner join layout on answers.question_column = layout.question_column
),

checked as (
    select
        answers_with_meaning.*,
        answer_codes.combined_code
    from answers_with_meaning
    left join answer_codes
        on
            answers_with_meaning.meaning = answer_codes.meaning
            and answers_with_meaning.answer_code_as_read = answer_codes.answer_code
            and answer_codes.questionnaire_form in ('any', answers_with_meaning.questionnaire_form)
),

final as (
    select
        source_file,
        source_row,
        council_code,
        stratum,
        stratum_population,
        gender_group,
        age_group,
        meaning,
        question_column,
        raw_answer,
        case
            when {{ is_true('is_respondent') }} then combined_code
        end as answer_code,
        case
            when not {{ is_true('is_respondent') }} then 'answer given on a non-response row'
            when combined_code is null
                then {{ concat_text([
                    "'answer code not valid for '", 'meaning', "' ('", 'questionnaire_form', "' form)'"
                ]) }}
        end as rejection_reason
    from checked
)

select * from final
{% endmacro %}
