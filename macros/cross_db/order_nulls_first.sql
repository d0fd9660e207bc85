{#- An ascending sort key with nulls before every value, for an ORDER BY (of a window too).
    SQL Server has no NULLS FIRST: a null/not-null key first, then the value. -#}
{% macro order_nulls_first(expression) -%}
    {{ return(adapter.dispatch('order_nulls_first', 'ascof')(expression)) }}
{%- endmacro %}

{% macro default__order_nulls_first(expression) -%}
    {{ expression }} asc nulls first
{%- endmacro %}

{% macro sqlserver__order_nulls_first(expression) -%}
    case when {{ expression }} is null then 0 else 1 end asc, {{ expression }} asc
{%- endmacro %}
