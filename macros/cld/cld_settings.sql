{#- One setting of the `cld` var block in dbt_project.yml (reporting period, day counts). -#}
{% macro cld_setting(name) -%}
    {{ return(var('cld')[name]) }}
{%- endmacro %}

{#- A date setting of the `cld` var block as a portable date literal. -#}
{% macro cld_date(name) -%}
    cast('{{ var("cld")[name] }}' as date)
{%- endmacro %}

{#- The open-ended sentinel the DHSC code gives a missing end date (9999-01-01), so that an open
    event sorts after every dated one and "ended before" tests treat it as still going. -#}
{% macro cld_open_end_date() -%}
    cast('9999-01-01' as date)
{%- endmacro %}
