-- One row per row of the ONS mid-year estimates (MYEB long layout), typed. Values that are not
-- whole numbers become null here and the row is rejected in int_ons__population_rows.
with populations as (
    select
        _source_file,
        _source_row,
        ladcode23,
        sex,
        age,
        population2023
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
        {{ count_or_null('population2023') }} as population,
        nullif(trim(population2023), '') as population_as_read
    from populations
)

select * from final
