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

{#- SQL Server has no arg_min / arg_max aggregate and no arrays: the ordering (text that sorts as
    the value: sort_key, or a date or whole number turned into such text) is padded to a fixed
    width and joined with the value as text; min / max of that picks the row, and the value is cut
    back out. The result is text (dates in ISO form, numbers as written), which SQL Server
    converts implicitly where a date or number is compared or computed with. Unverified on a live
    server (README, Warehouses). -#}
{% macro sqlserver__arg_min(value, ordering) -%}
    {{ sqlserver_pick_by('min', value, ordering) }}
{%- endmacro %}

{% macro sqlserver__arg_max(value, ordering) -%}
    {{ sqlserver_pick_by('max', value, ordering) }}
{%- endmacro %}

{% macro sqlserver_pick_by(aggregate, value, ordering) -%}
    {%- set width = 400 -%}
    substring({{ aggregate }}(
        case
            when {{ value }} is not null and {{ ordering }} is not null
                then concat(
                    left(concat({{ sqlserver_sortable_text(ordering) }}, replicate(' ', {{ width }})), {{ width }}),
                    convert(nvarchar(4000), {{ value }}, 126)
                )
        end
    ), {{ width + 1 }}, 4000)
{%- endmacro %}
