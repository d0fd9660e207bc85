{#- The larger of two values, nulls ignored (greatest()). SQL Server before 2022 has no greatest:
    the max of the two as a row set, which ignores nulls the same way. -#}
{% macro larger_of(first, second) -%}
    {{ return(adapter.dispatch('larger_of', 'ascof')(first, second)) }}
{%- endmacro %}

{% macro default__larger_of(first, second) -%}
    greatest({{ first }}, {{ second }})
{%- endmacro %}

{% macro sqlserver__larger_of(first, second) -%}
    (select max(candidate) from (values ({{ first }}), ({{ second }})) as candidates (candidate))
{%- endmacro %}
