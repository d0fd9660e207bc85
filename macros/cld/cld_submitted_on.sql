{#- The date a CLD row says its submission was made, as written: submitted_at, else ImportDate
    (DHSC's name for it). Read per row by stg_cld__events and per submission by
    stg_cld__submission_periods. -#}
{% macro cld_submitted_on_as_read() -%}
    coalesce(
        {{ cld_text('submittedat') }},
        {{ cld_text('importdate') }}
    )
{%- endmacro %}
