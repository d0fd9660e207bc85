-- One row per row of the ONS mid-year estimates (MYEB long layout), typed. Values that are not
-- whole numbers become null here and the row is rejected in int_ons__population_rows. The
-- population column is the framework year's estimate (population2023 for 2023-24, population2024
-- for 2024-25: macro ons_estimate_year).
{%- set population_column = 'population' ~ ons_estimate_year() %}
with populations as (
    select
        _source_file,
        _source_row,
        ladcode23,
        sex,
        age,
        {{ population_column }}
    from {{ source('ons', 'populations') }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        upper(trim(ladcode23)) as area_code,
        {{ ons_sex('sex') }} as sex,
        nullif(trim(sex), '') as sex_as_read,
        {{ to_integer_or_null("replace(age, '+', '')") }} as age_years,
        nullif(trim(age), '') as age_as_read,
        {{ count_or_null(population_column) }} as population,
        nullif(trim({{ population_column }}), '') as population_as_read
    from populations
)

select * from final
