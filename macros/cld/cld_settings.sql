{#- One setting of the `cld` var block in dbt_project.yml (day counts, switches) or one of the
    dates framework_dates derives from the year (reporting period, data window, discharge
    cohort). A date given in the `cld` block wins over the year's (unit tests pin their dates
    that way). -#}
{% macro cld_setting(name) -%}
    {%- set configured = var('cld') -%}
    {%- if name in configured -%}
        {{ return(configured[name]) }}
    {%- endif -%}
    {%- set dates = framework_dates() -%}
    {%- if name in dates -%}
        {{ return(dates[name]) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("no CLD setting named " ~ name) }}
{%- endmacro %}

{#- A date setting (cld_setting) as a portable date literal. -#}
{% macro cld_date(name) -%}
    cast('{{ cld_setting(name) }}' as date)
{%- endmacro %}

{#- The open-ended sentinel the DHSC code gives a missing end date (9999-01-01), so that an open
    event sorts after every dated one and "ended before" tests treat it as still going. -#}
{% macro cld_open_end_date() -%}
    cast('9999-01-01' as date)
{%- endmacro %}
