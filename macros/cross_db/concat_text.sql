{#- Text pieces joined, null when any piece is null (as || is). SQL Server has no ||, and its
    concat() would read a null as '': its + on text keeps the null. -#}
{% macro concat_text(pieces) -%}
    {{ return(adapter.dispatch('concat_text', 'ascof')(pieces)) }}
{%- endmacro %}

{% macro default__concat_text(pieces) -%}
    {{ pieces | join(' || ') }}
{%- endmacro %}

{% macro sqlserver__concat_text(pieces) -%}
    ({{ pieces | join(' + ') }})
{%- endmacro %}
