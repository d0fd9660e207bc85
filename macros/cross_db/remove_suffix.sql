{#- Text without the first of `suffixes` it ends with (list longer suffixes first): 'counties'
    -> 'count' with ['ies', 'y', 's']. A regular expression where the engine has them; SQL Server
    has none, so a LIKE per suffix. Suffixes are plain letters. -#}
{% macro remove_suffix(expression, suffixes) -%}
    {{ return(adapter.dispatch('remove_suffix', 'ascof')(expression, suffixes)) }}
{%- endmacro %}

{% macro default__remove_suffix(expression, suffixes) -%}
    regexp_replace({{ expression }}, '({{ suffixes | join("|") }})$', '')
{%- endmacro %}

{% macro sqlserver__remove_suffix(expression, suffixes) -%}
    case
        {%- for suffix in suffixes %}
        when {{ expression }} like '%{{ suffix }}'
            then left({{ expression }}, len({{ expression }}) - {{ suffix | length }})
        {%- endfor %}
        else {{ expression }}
    end
{%- endmacro %}
