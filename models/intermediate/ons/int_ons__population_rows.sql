-- Every ONS population value with its council and the decision about it: used, or rejected with a
-- reason. A row of the long MYEB layout holds one value; a row of the MYE2 workbook holds one per
-- age (stg_ons__wide_populations). A district (E07) counts towards its county council through the
-- ons_district_to_county seed (April 2023 boundaries), unless the files also hold the county's own
-- value (MYE2 lists counties beside their districts): then the county's is used. Every other English
-- council's code is its own. Values of other areas, ages outside 0-90, populations that are not
-- whole numbers, sexes other than male and female (a persons total would be counted twice) and
-- repeated values are rejected. rejection_scope says whether a reason is about the row (its area,
-- sex or age; a repeat) or about the one value (an MYE2 population cell).
with long_rows as (
    select
        source_file,
        source_row,
        area_code,
        'ladcode23' as area_column,
        sex,
        sex_as_read,
        age_years,
        age_as_read,
        population,
        population_as_read,
        'population{{ ons_estimate_year() }}' as population_column,
        'row' as population_scope
    from {{ ref('stg_ons__populations') }}
),

wide_rows as (
    select
        source_file,
        source_row,
        area_code,
        'code' as area_column,
        sex,
        sex_as_read,
        age_years,
        age_as_read,
        population,
        population_as_read,
        population_column,
        'value' as population_scope
    from {{ ref('stg_ons__wide_populations') }}
),

populations as (
    select * from long_rows
    union all
    select * from wide_rows
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
        coalesce(direct_councils.council_code, county_councils.council_code) as council_code,
        districts.district_ons_code is not null as is_district
    from populations
    left join councils as direct_councils on populations.area_code = direct_councils.council_ons_code
    left join districts on populations.area_code = districts.district_ons_code
    left join councils as county_councils on districts.county_ons_code = county_councils.council_ons_code
),

flagged as (
    select
        *,
        age_years is not null and age_years >= 0 and age_years <= {{ var('ons_oldest_age') }}
            as is_age_read
    from located
),

checked as (
    select
        *,
        case
            when council_code is null then 'area code is not an English council or district'
            when sex is null then 'sex is not male or female'
            when not is_age_read then 'age is not a whole number 0-{{ var("ons_oldest_age") }}'
            when population is null or population < 0 then 'population is not a whole number'
        end as check_reason,
        case
            when council_code is null then area_column
            when sex is null then 'sex'
            when not is_age_read then 'age'
            when population is null or population < 0 then population_column
        end as check_column,
        case
            when council_code is null then area_code
            when sex is null then sex_as_read
            when not is_age_read then age_as_read
            when population is null or population < 0 then population_as_read
        end as check_value,
        case
            when council_code is null or sex is null or not is_age_read then 'row'
            else population_scope
        end as check_scope
    from flagged
),

counties_with_own_values as (
    select distinct
        council_code,
        sex,
        age_years
    from checked
    where check_reason is null and not is_district
),

district_checked as (
    select
        checked.*,
        checked.is_district and counties_with_own_values.council_code is not null
            as is_counted_in_county
    from checked
    left join counties_with_own_values
        on
            checked.council_code = counties_with_own_values.council_code
            and checked.sex = counties_with_own_values.sex
            and checked.age_years = counties_with_own_values.age_years
),

numbered as (
    select
        *,
        -- the first of the values still in the running for an area, sex and age is used
        row_number() over (
            partition by area_code, sex, age_years, check_reason is null and not is_counted_in_county
            order by source_file, source_row
        ) as occurrence
    from district_checked
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
        population_column,
        population_as_read,
        case
            when check_reason is not null then check_reason
            when is_counted_in_county then 'a district of a county whose own row is used'
            when occurrence > 1 then 'repeated area, sex and age (the first row is used)'
        end as rejection_reason,
        case
            when check_reason is not null then check_column
            when is_counted_in_county then area_column
        end as rejected_column,
        case
            when check_reason is not null then check_value
            when is_counted_in_county then area_code
        end as rejected_value,
        case when check_reason is not null then check_scope else 'row' end as rejection_scope
    from numbered
)

select * from final
