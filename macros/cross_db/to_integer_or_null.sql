{#- Text to a whole number, or null when the text is not a whole number ("3", " 3 ", "3.0" -> 3;
    "3.5", "x", "" -> null). At most 9 digits, so the result always fits a 32-bit integer.
    Invalid codes become null and are reported as rejections upstream. -#}
{% macro to_integer_or_null(expression) -%}
    {{ return(adapter.dispatch('to_integer_or_null', 'ascof')(expression)) }}
{%- endmacro %}

{% macro default__to_integer_or_null(expression) -%}
    case
        when trim({{ expression }}) ~ '^-?[0-9]{1,9}(\.0+)?$'
            then cast(cast(trim({{ expression }}) as numeric) as integer)
    end
{%- endmacro %}

{% macro duckdb__to_integer_or_null(expression) -%}
    case
        when regexp_full_match(trim({{ expression }}), '-?[0-9]{1,9}(\.0+)?')
            then cast(cast(trim({{ expression }}) as decimal(18, 3)) as integer)
    end
{%- endmacro %}

{% macro spark__to_integer_or_null(expression) -%}
    case
        when trim({{ expression }}) rlike '^-?[0-9]{1,9}(\\.0+)?$'
            then cast(cast(trim({{ expression }}) as decimal(18, 3)) as int)
    end
{%- endmacro %}

{#- SQL Server has no regular expressions: the same pattern (an optional minus, 1 to 9 digits, then
    optionally a point and zeros) as LIKE tests on the trimmed text. -#}
{% macro sqlserver__to_integer_or_null(expression) -%}
    {%- set text = "trim(" ~ expression ~ ")" -%}
    {%- set digits = "replace(left(" ~ text ~ ", charindex('.', " ~ text ~ " + '.') - 1), '-', '')" -%}
    case
        when {{ text }} not like '%[^0-9.-]%'
            and {{ text }} not like '_%-%'
            and {{ text }} not like '%.%.%'
            and {{ text }} not like '%.%[^0]%'
            and {{ text }} not like '%.'
            and len({{ digits }}) between 1 and 9
            then cast(cast({{ text }} as decimal(18, 3)) as int)
    end
{%- endmacro %}
