-- Every ONS population input row with its council and the decision about it: used, or rejected
-- with a reason. A district (E07) counts towards its county council through the
-- ons_district_to_county seed (April 2023 boundaries); every other English council's code is its
-- own. Rows of other areas, ages outside 0-90, populations that are not whole numbers, sexes other
-- than male and female (a persons total would be counted twice) and repeated rows are rejected.
with populations as (
    select
        source_file,
        source_row,
        area_code,
        sex,
        sex_as_read,
        age_years,
        age_as_read,
        population,
        population_as_read
    from {{ ref('stg_ons__populations') }}
),

councils as (
    select
        council_code,
        council_ons_code
    from {{ ref('councils') }}
),

districts as (
    select
        district_ons_code,
        county_ons_code
    from {{ ref('ons_district_to_county') }}
),

located as (
    select
        populations.*,
        coalesce(direct_councils.council_code, county_councils.council_code) as council_code
    from populations
    left join councils as direct_councils on populations.area_code = direct_councils.council_ons_code
    left join districts on populations.area_code = districts.district_ons_code
    left join councils as county_councils on districts.county_ons_code = county_councils.council_ons_code
),

checked as (
    select
        *,
        case
            when council_code is null then 'area code is not an English council or district'
            when sex is null then 'sex is not male or female'
            when age_years is null or age_years < 0 or age_years > 90 then 'age is not a whole number 0-90'
            when population is null or population < 0 then 'population is not a whole number'
        end as check_reason,
        case
            when council_code is null then 'ladcode23'
            when sex is null then 'sex'
            when age_years is null or age_years < 0 or age_years > 90 then 'age'
            when population is null or population < 0 then 'population2023'
        end as check_column,
        case
            when council_code is null then area_code
            when sex is null then sex_as_read
            when age_years is null or age_years < 0 or age_years > 90 then age_as_read
            when population is null or population < 0 then population_as_read
        end as check_value
    from located
),

deduplicated as (
    select
        *,
        row_number() over (
            partition by area_code, sex, age_years
            order by source_file, source_row
        ) as occurrence
    from checked
    where check_reason is null
),

final as (
    select
        source_file,
        source_row,
        area_code,
        council_code,
        sex,
        age_years,
        population,
        case when occurrence > 1 then 'repeated area, sex and age (the first row is used)' end
            as rejection_reason,
        cast(null as {{ dbt.type_string() }}) as rejected_column,
        cast(null as {{ dbt.type_string() }}) as rejected_value
    from deduplicated
    union all
    select
        source_file,
        source_row,
        area_code,
        council_code,
        sex,
        age_years,
        population,
        check_reason as rejection_reason,
        check_column as rejected_column,
        check_value as rejected_value
    from checked
    where check_reason is not null
)

select * from final
