{#- A number as text with exactly `decimals` places (19.1, 0.417, 65.0), the same on every engine. -#}
{% macro format_decimal(expression, decimals) -%}
    {{ return(adapter.dispatch('format_decimal', 'ascof')(expression, decimals)) }}
{%- endmacro %}

{% macro default__format_decimal(expression, decimals) -%}
    cast(cast({{ expression }} as decimal(38, {{ decimals }})) as {{ dbt.type_string() }})
{%- endmacro %}
