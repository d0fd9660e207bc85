-- One row per area, sex and single year of age of ONS's MYE2 workbook, typed like
-- stg_ons__populations: the loader reads each sheet row (one area, the sheet's sex) with a column
-- per age, age0 ... age90 (var ons_oldest_age: 90 means 90 and over), and this unpivots them.
-- Values that are not whole numbers become null here and are rejected in int_ons__population_rows.
{%- set ages = range(var('ons_oldest_age') + 1) %}
with wide_rows as (
    select
        _source_file,
        _source_row,
        {%- for age in ages %}
        age{{ age }},
        {%- endfor %}
        code,
        sex
    from {{ source('ons', 'wide_populations') }}
),

ages as (
    {%- for age in ages %}
    select {{ age }} as age_years{{ " union all" if not loop.last }}
    {%- endfor %}
),

by_age as (
    select
        wide_rows._source_file,
        wide_rows._source_row,
        wide_rows.code,
        wide_rows.sex,
        ages.age_years,
        case ages.age_years
            {%- for age in ages %}
            when {{ age }} then wide_rows.age{{ age }}
            {%- endfor %}
        end as population_as_read
    from wide_rows
    cross join ages
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        upper(trim(code)) as area_code,
        {{ ons_sex('sex') }} as sex,
        nullif(trim(sex), '') as sex_as_read,
        age_years,
        cast(age_years as {{ dbt.type_string() }}) as age_as_read,
        {{ count_or_null('population_as_read') }} as population,
        nullif(trim(population_as_read), '') as population_as_read,
        {{ concat_text(["'age'", 'cast(age_years as ' ~ dbt.type_string() ~ ')']) }} as population_column
    from by_age
)

select * from final
