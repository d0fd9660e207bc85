{#- The value of the row with the smallest `ordering` in a group (rows whose ordering or value is
    null are skipped): latest-known person details pick one value per person in one aggregate. -#}
{% macro arg_min(value, ordering) -%}
    {{ return(adapter.dispatch('arg_min', 'ascof')(value, ordering)) }}
{%- endmacro %}

{% macro default__arg_min(value, ordering) -%}
    (array_agg({{ value }} order by {{ ordering }}) filter (
        where {{ value }} is not null and {{ ordering }} is not null
    ))[1]
{%- endmacro %}

{% macro duckdb__arg_min(value, ordering) -%}
    arg_min({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__arg_min(value, ordering) -%}
    min_by({{ value }}, case when {{ value }} is not null then {{ ordering }} end)
{%- endmacro %}

{#- The value of the row with the largest `ordering` (nulls skipped), as arg_min. -#}
{% macro arg_max(value, ordering) -%}
    {{ return(adapter.dispatch('arg_max', 'ascof')(value, ordering)) }}
{%- endmacro %}

{% macro default__arg_max(value, ordering) -%}
    (array_agg({{ value }} order by {{ ordering }} desc) filter (
        where {{ value }} is not null and {{ ordering }} is not null
    ))[1]
{%- endmacro %}

{% macro duckdb__arg_max(value, ordering) -%}
    arg_max({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__arg_max(value, ordering) -%}
    max_by({{ value }}, case when {{ value }} is not null then {{ ordering }} end)
{%- endmacro %}
