{#- Several values compared as one, left to right (like ORDER BY a, b, c): a row value in DuckDB
    and PostgreSQL, a struct in Spark. Used as the `ordering` of arg_max / arg_min to pick, in one
    aggregation, the row a window's ORDER BY would rank first. Give it no nulls: a row value with
    a null field is itself null in PostgreSQL and would be skipped. -#}
{% macro sort_key(expressions) -%}
    {{ return(adapter.dispatch('sort_key', 'ascof')(expressions)) }}
{%- endmacro %}

{% macro default__sort_key(expressions) -%}
    row({{ expressions | join(', ') }})
{%- endmacro %}

{% macro spark__sort_key(expressions) -%}
    struct({{ expressions | join(', ') }})
{%- endmacro %}
