{#- Use the folder's schema name as it is (staging, intermediate, marts, reference),
    not dbt's default "<target schema>_<custom schema>", so every warehouse has the same layout. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
