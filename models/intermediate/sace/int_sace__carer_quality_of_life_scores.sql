-- Per SACE respondent: the carer quality of life score of 1C, the sum of the six item scores
-- 2/1/0 (occupation, control, looking after yourself, safety, social contact, encouragement and
-- support), only when all six items are answered (handbook 4.4).
with respondents as (
    select
        source_file,
        source_row,
        council_code,
        stratum,
        stratum_population,
        gender_group,
        age_group
    from {{ ref('int_sace__respondents') }}
    where rejection_reason is null and {{ is_true('is_respondent') }}
),

answers as (
    select
        source_file,
        source_row,
        meaning,
        answer_code
    from {{ ref('int_sace__answers') }}
    where rejection_reason is null
),

item_scores as (
    select
        meaning,
        answer_code,
        item_score
    from {{ ref('quality_of_life_item_scores') }}
    where survey = 'sace'
),

items_required as (
    select count(distinct meaning) as item_count from item_scores
),

scored_items as (
    select
        answers.source_file,
        answers.source_row,
        count(*) as items_answered,
        sum(item_scores.item_score) as item_score_sum
    from answers
    inner join item_scores
        on
            answers.meaning = item_scores.meaning
            and answers.answer_code = item_scores.answer_code
    group by answers.source_file, answers.source_row
),

final as (
    select
        respondents.*,
        case
            when scored_items.items_answered = items_required.item_count
                then cast(scored_items.item_score_sum as {{ type_double() }})
        end as carer_quality_of_life_score
    from respondents
    cross join items_required
    left join scored_items
        on
            respondents.source_file = scored_items.source_file
            and respondents.source_row = scored_items.source_row
)

select * from final
