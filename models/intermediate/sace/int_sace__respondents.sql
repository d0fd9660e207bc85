-- Every sampled carer of the SACE returns. Carers are not stratified within a council: each
-- council is one stratum whose population is its eligible carers, which weights the council in
-- regional and national results (handbook 2.5). Unusable rows carry a rejection_reason.
with respondents as (
    select * from {{ ref('stg_sace__respondents') }}
),

councils as (
    select council_code from {{ ref('councils') }}
),

eligible_populations as (
    select * from {{ ref('int_sace__eligible_populations') }}
    where rejection_reason is null
),

checked as (
    select
        respondents.*,
        councils.council_code is not null as is_known_council,
        eligible_populations.council_code is not null as has_eligible_population,
        eligible_populations.eligible_population,
        row_number() over (
            partition by respondents.council_code, respondents.serial_number
            order by respondents.source_file, respondents.source_row
        ) as serial_occurrence
    from respondents
    left join councils on respondents.council_code = councils.council_code
    left join eligible_populations
        on respondents.council_code = eligible_populations.council_code
),

final as (
    select
        source_file,
        source_row,
        council_code,
        response_code = 1 as is_respondent,
        1 as stratum,
        eligible_population as stratum_population,
        age_years,
        case gender_code when 1 then 'Male' when 2 then 'Female' end as gender_group,
        case
            when age_years between 18 and 64 then '18-64'
            when age_years >= 65 then '65 and over'
        end as age_group,
        'standard' as questionnaire_form,
        case
            when not is_known_council then 'unknown council code'
            when serial_occurrence > 1 then 'duplicate serial number within council'
            when coalesce(response_code, 0) not in (1, 2) then 'response code not 1 or 2'
            when age_years < 18 then 'age under 18'
            when not has_eligible_population then 'council has no valid eligible population row'
        end as rejection_reason,
        case
            when not is_known_council then 'lacode'
            when serial_occurrence > 1 then 'serialno'
            when coalesce(response_code, 0) not in (1, 2) then 'response'
            when age_years < 18 then 'age'
            else 'lacode'
        end as rejected_column,
        case
            when not is_known_council then council_code
            when serial_occurrence > 1 then null
            when coalesce(response_code, 0) not in (1, 2) then response_as_read
            when age_years < 18 then age_as_read
            when not has_eligible_population then council_code
        end as rejected_value
    from checked
)

select * from final
