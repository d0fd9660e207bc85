-- Per ASCS respondent: the SCRQoL score of 1A (sum of the 8 item scores 3/2/1/0, only when all
-- 8 items are answered) and the adjusted score of 1B (current quality of life from preference
-- weights minus the quality of life expected without services; handbook 4.3, sources.md 1.6).
{%- set adjusted = var('adjusted_scrqol') %}
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
    select
        meaning,
        answer_code,
        expected_term
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
        sum(expected_terms.expected_term) as expected_term_sum
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
