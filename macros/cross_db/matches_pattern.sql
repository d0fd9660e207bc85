{#- True when the whole text matches the regular expression (POSIX-style classes and repeats only,
    which every engine reads alike); null when the text is null. -#}
{% macro matches_pattern(expression, pattern) -%}
    {#- the pattern as a string literal's text: a quote doubled -#}
    {{ return(adapter.dispatch('matches_pattern', 'ascof')(expression, pattern | replace("'", "''"))) }}
{%- endmacro %}

{% macro default__matches_pattern(expression, pattern) -%}
    ({{ expression }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro duckdb__matches_pattern(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{#- SQL Server 2025 and Azure SQL: REGEXP_LIKE (older SQL Server has no regular expressions) -#}
{% macro sqlserver__matches_pattern(expression, pattern) -%}
    regexp_like({{ expression }}, '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro spark__matches_pattern(expression, pattern) -%}
    {#- Spark's string literals escape a quote with a backslash -#}
    ({{ expression }} rlike '^(?:{{ pattern | replace("''", "\\'") }})$')
{%- endmacro %}
