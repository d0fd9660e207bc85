{#- Age in whole years as DHSC computes it (docs/method.md, ages): days from the first of the birth
    month to the date, divided by 365.25, rounded down. Not calendar-exact: someone born in
    June 1958 is still 64 on 1 June 2023 (23,741 days / 365.25 = 64.9993) and 65 the next day. -#}
{% macro cld_age_in_years(birth_date, as_at) -%}
    floor(cast({{ dbt.datediff(birth_date, as_at, 'day') }} as {{ type_double() }}) / 365.25)
{%- endmacro %}

{#- The age band of an age in years: 18-64, 65 and over, Under 18, or Unknown (no birth date,
    or a birth date after the date). -#}
{% macro cld_age_band(age) -%}
    case
        when {{ age }} >= 65 then '65 and over'
        when {{ age }} >= 18 then '18-64'
        when {{ age }} >= 0 then 'Under 18'
        else 'Unknown'
    end
{%- endmacro %}
