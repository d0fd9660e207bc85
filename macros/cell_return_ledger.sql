{#- The data-quality ledger of an aggregate return read as cells (SAC, SALT): one row per input
    row (rejection_reason null when used) and one row per cell value made unknown. Reads the
    source's int_<source>__cells model; `notices` names a model of further ledger rows (same
    columns, e.g. SALT's tables a council did not return), unioned in. -#}
{% macro cell_return_ledger(source, notices=none) %}
with cells as (
    select * from {{ ref('int_' ~ source ~ '__cells') }}
),

final as (
    select
        '{{ source }}' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from cells
    union all
    select
        '{{ source }}' as source_folder,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        'value' as column_name,
        value_as_read as rejected_value,
        value_rejection_reason as rejection_reason
    from cells
    where value_rejection_reason is not null
    {%- if notices %}
    union all
    select
        source_folder,
        file_name,
        source_row,
        rejection_scope,
        column_name,
        rejected_value,
        rejection_reason
    from {{ ref(notices) }}
    {%- endif %}
)

select * from final
{% endmacro %}
