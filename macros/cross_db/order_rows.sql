{#- The ORDER BY that ends an export model, so its table reads back in the published order where
    the engine keeps it. SQL Server builds a model through a view, which may end in ORDER BY only
    with OFFSET: `offset 0 rows` keeps the statement valid (SQL Server keeps no table order). -#}
{% macro order_rows(columns) -%}
    {{ return(adapter.dispatch('order_rows', 'ascof')(columns)) }}
{%- endmacro %}

{% macro default__order_rows(columns) -%}
    order by {{ columns | join(', ') }}
{%- endmacro %}

{% macro sqlserver__order_rows(columns) -%}
    order by {{ columns | join(', ') }} offset 0 rows
{%- endmacro %}
