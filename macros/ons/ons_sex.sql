{#- The sex of an ONS mid-year estimate as Male or Female: m, male or 1 and f, female or 2 in any
    case (MYEB files write m/f, older editions 1/2, the MYE2 loader the sheet's male or female);
    anything else is null and rejected in int_ons__population_rows. -#}
{% macro ons_sex(expression) -%}
    case lower(trim({{ expression }}))
        when 'm' then 'Male'
        when 'male' then 'Male'
        when '1' then 'Male'
        when 'f' then 'Female'
        when 'female' then 'Female'
        when '2' then 'Female'
    end
{%- endmacro %}
