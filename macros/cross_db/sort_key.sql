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

{#- SQL Server has neither row values nor structs: each part becomes fixed-width text that sorts as
    the value does (a date as yyyy-mm-dd; a whole number offset by 10^15 and zero-padded to 20
    digits, so negatives sort first), and the parts are joined. The parts must be dates or whole
    numbers (they are in this project), or text that already sorts (a sort key); the type is read
    per value through sql_variant. -#}
{% macro sqlserver__sort_key(expressions) -%}
    concat(
        {%- for expression in expressions %}
        {{ sqlserver_sortable_text(expression) }}{% if not loop.last %}, '|',{% endif %}
        {%- endfor %}
    )
{%- endmacro %}

{% macro sqlserver_sortable_text(expression) -%}
    {%- set value = "cast(" ~ expression ~ " as sql_variant)" -%}
    case
        when {{ value }} is null then null
        when sql_variant_property({{ value }}, 'BaseType') in ('date', 'datetime', 'datetime2')
            then convert(varchar(10), cast({{ value }} as date), 23)
        when sql_variant_property({{ value }}, 'BaseType') in ('varchar', 'nvarchar', 'char', 'nchar')
            then cast({{ value }} as nvarchar(400))
        else right(replicate('0', 20) + convert(varchar(20), cast({{ value }} as bigint) + 1000000000000000), 20)
    end
{%- endmacro %}
