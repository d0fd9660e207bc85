-- Every sampled person of the ASCS returns with their sampling stratum (docs/method.md),
-- stratum populations and disaggregation groups. Rows that cannot be used carry a
-- rejection_reason (and are counted in the data-quality ledger) instead of disappearing.
with respondents as (
    select * from {{ ref('stg_ascs__respondents') }}
),

councils as (
    select council_code from {{ ref('councils') }}
),

eligible_populations as (
    select * from {{ ref('int_ascs__eligible_populations') }}
    where rejection_reason is null
),

stratified as (
    select
        respondents.*,
        councils.council_code is not null as is_known_council,
        row_number() over (
            partition by respondents.council_code, respondents.serial_number
            order by respondents.source_file, respondents.source_row
        ) as serial_occurrence,
        -- strata in order: learning disability at any age; other 18-64; other 65+ residential
        -- or nursing; other 65+ community. Missing age, reason or setting leaves it null.
        case
            when respondents.primary_support_reason_code = 7 then 1
            when
                respondents.primary_support_reason_code between 1 and 12
                and respondents.age_years between 18 and 64
                then 2
            when
                respondents.primary_support_reason_code between 1 and 12
                and respondents.age_years >= 65
                and respondents.support_setting_code in (2, 3)
                then 3
            when
                respondents.primary_support_reason_code between 1 and 12
                and respondents.age_years >= 65
                and respondents.support_setting_code = 1
                then 4
        end as stratum
    from respondents
    left join councils on respondents.council_code = councils.council_code
),

with_populations as (
    select
        stratified.*,
        eligible_populations.council_code is not null as has_eligible_population,
        case stratified.stratum
            when 1 then eligible_populations.stratum_1_population
            when 2 then eligible_populations.stratum_2_population
            when 3 then eligible_populations.stratum_3_population
            when 4 then eligible_populations.stratum_4_population
        end as stratum_population,
        -- 1B is weighted by its own populations: community people without a learning disability
        case
            when stratified.stratum = 2 and stratified.support_setting_code = 1
                then eligible_populations.stratum_2_adjusted_scrqol_population
            when stratified.stratum = 4
                then eligible_populations.stratum_4_adjusted_scrqol_population
        end as adjusted_scrqol_stratum_population
    from stratified
    left join eligible_populations
        on stratified.council_code = eligible_populations.council_code
),

final as (
    select
        source_file,
        source_row,
        council_code,
        response_code = 1 as is_respondent,
        stratum,
        stratum_population,
        adjusted_scrqol_stratum_population is not null as is_in_adjusted_scrqol_population,
        adjusted_scrqol_stratum_population,
        age_years,
        case gender_code when 1 then 'Male' when 2 then 'Female' end as gender_group,
        case
            when age_years between 18 and 64 then '18-64'
            when age_years >= 65 then '65 and over'
        end as age_group,
        case when questionnaire_code in (3, 4) then 'easy_read' else 'standard' end
            as questionnaire_form,
        case
            when not is_known_council then 'unknown council code'
            when council_code != workbook_council_code
                then 'council code differs from its workbook council (Sign Off Sheet cell E2)'
            when serial_occurrence > 1 then 'duplicate serial number within council'
            when coalesce(response_code, 0) not in (1, 2, 3) then 'response code not 1, 2 or 3'
            when age_years < 18 then 'age under 18'
            when not has_eligible_population then 'council has no valid eligible population row'
            when response_code = 1 and stratum is null
                then 'no stratum: age, primary support reason or support setting missing or invalid'
        end as rejection_reason,
        case
            when not is_known_council then 'lacode'
            when council_code != workbook_council_code then 'lacode'
            when serial_occurrence > 1 then 'serialno'
            when coalesce(response_code, 0) not in (1, 2, 3) then 'response'
            when age_years < 18 then 'age'
            when not has_eligible_population then 'lacode'
            else 'age, primarysupportreason, supportsetting'
        end as rejected_column,
        case
            when not is_known_council then council_code
            when council_code != workbook_council_code then council_code
            when serial_occurrence > 1 then null
            when coalesce(response_code, 0) not in (1, 2, 3) then response_as_read
            when age_years < 18 then age_as_read
            when not has_eligible_population then council_code
        end as rejected_value
    from with_populations
)

select * from final
