-- Per ASCS respondent: the SCRQoL score of 1A (sum of the 8 item scores 3/2/1/0, only when all
-- 8 items are answered) and the adjusted score of 1B (current quality of life from preference
-- weights minus the quality of life expected without services; docs/method.md).
{%- set adjusted = var('adjusted_scrqol') %}
{#- The daily-living term (docs block metric_1b): `sum` of the ADL levels (code - 1: 0/1/2), as
    NHS England's pipeline computes it, or `count` of ADL items with any difficulty (level > 0). -#}
{%- set daily_living_readings = {
    'sum': 'expected_answers.daily_living_level_sum',
    'count': 'expected_answers.daily_living_items_with_difficulty',
} %}
{%- if adjusted.daily_living_term not in daily_living_readings %}
    {{ exceptions.raise_compiler_error(
        "var adjusted_scrqol.daily_living_term must be 'sum' or 'count', not '"
        ~ adjusted.daily_living_term ~ "'"
    ) }}
{%- endif %}
{%- set daily_living_term = daily_living_readings[adjusted.daily_living_term] %}
with respondents as (
    select
        source_file,
        source_row,
        council_code,
        stratum,
        stratum_population,
        adjusted_scrqol_stratum_population,
        is_in_adjusted_scrqol_population,
        age_years,
        gender_group,
        age_group
    from {{ ref('int_ascs__respondents') }}
    where rejection_reason is null and {{ is_true('is_respondent') }}
),

answers as (
    select
        source_file,
        source_row,
        meaning,
        answer_code
    from {{ ref('int_ascs__answers') }}
    where rejection_reason is null
),

item_scores as (
    select
        meaning,
        answer_code,
        item_score,
        preference_weight
    from {{ ref('quality_of_life_item_scores') }}
    where survey = 'ascs'
),

expected_terms as (
    -- an ADL answer has a daily_living_level (code - 1) and no expected_term of its own
    select
        meaning,
        answer_code,
        expected_term,
        daily_living_level
    from {{ ref('adjusted_scrqol_expected_terms') }}
),

items_required as (
    select count(distinct meaning) as item_count from item_scores
),

terms_required as (
    select count(distinct meaning) as term_count from expected_terms
),

scored_items as (
    select
        answers.source_file,
        answers.source_row,
        count(*) as items_answered,
        sum(item_scores.item_score) as item_score_sum,
        sum(item_scores.preference_weight) as preference_weight_sum
    from answers
    inner join item_scores
        on
            answers.meaning = item_scores.meaning
            and answers.answer_code = item_scores.answer_code
    group by answers.source_file, answers.source_row
),

expected_answers as (
    select
        answers.source_file,
        answers.source_row,
        count(*) as terms_answered,
        coalesce(sum(expected_terms.expected_term), 0) as expected_term_sum,
        coalesce(sum(expected_terms.daily_living_level), 0) as daily_living_level_sum,
        count(case when expected_terms.daily_living_level > 0 then 1 end)
            as daily_living_items_with_difficulty
    from answers
    inner join expected_terms
        on
            answers.meaning = expected_terms.meaning
            and answers.answer_code = expected_terms.answer_code
    group by answers.source_file, answers.source_row
),

scored as (
    select
        respondents.*,
        -- 1A needs every SCRQoL item: one blank item and the respondent has no score
        case
            when scored_items.items_answered = items_required.item_count
                then cast(scored_items.item_score_sum as {{ type_double() }})
        end as scrqol_score,
        case
            when scored_items.items_answered = items_required.item_count
                then
                    {{ adjusted.current_multiplier }} * scored_items.preference_weight_sum
                    + ({{ adjusted.current_intercept }})
        end as current_quality_of_life,
        case
            when
                expected_answers.terms_answered = terms_required.term_count
                and respondents.age_years is not null
                then
                    {{ adjusted.expected_constant }}
                    + expected_answers.expected_term_sum
                    - {{ adjusted.daily_living_coefficient }} * {{ daily_living_term }}
                    + case
                        when respondents.age_years >= 65 then {{ adjusted.expected_age_65_and_over }}
                        else 0
                    end
        end as expected_quality_of_life
    from respondents
    cross join items_required
    cross join terms_required
    left join scored_items
        on
            respondents.source_file = scored_items.source_file
            and respondents.source_row = scored_items.source_row
    left join expected_answers
        on
            respondents.source_file = expected_answers.source_file
            and respondents.source_row = expected_answers.source_row
),

final as (
    select
        source_file,
        source_row,
        council_code,
        stratum,
        stratum_population,
        adjusted_scrqol_stratum_population,
        gender_group,
        age_group,
        scrqol_score,
        current_quality_of_life,
        expected_quality_of_life,
        case
            when {{ is_true('is_in_adjusted_scrqol_population') }}
                then current_quality_of_life - expected_quality_of_life
        end as adjusted_scrqol_score
    from scored
)

select * from final
