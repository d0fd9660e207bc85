-- The data-quality export: per file the rows read, used and rejected and the answers nulled,
-- then one row per file and rejection reason with its count. Aggregates only.
{%- set file_measures = ['rows_read', 'rows_used', 'rows_rejected', 'values_rejected'] %}
with summary as (
    select * from {{ ref('data_quality_summary') }}
),

rejections as (
    select * from {{ ref('data_quality_rejections') }}
),

file_counts as (
    {%- for measure in file_measures %}
    select
        source_folder,
        file_name,
        '{{ measure | replace("_", " ") }}' as measure,
        cast(null as {{ dbt.type_string() }}) as rejection_reason,
        {{ measure }} as row_count,
        {{ loop.index }} as measure_order
    from summary
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

reason_counts as (
    select
        source_folder,
        file_name,
        rejection_reason,
        case rejection_scope
            when 'row' then 'rows rejected'
            when 'value' then 'values rejected'
            when 'table' then 'tables not returned (counted as 0)'
            else 'measures not available'
        end as measure,
        cast(count(*) as {{ dbt.type_int() }}) as row_count,
        {{ file_measures | length + 1 }} as measure_order
    from rejections
    group by source_folder, file_name, rejection_scope, rejection_reason
),

all_counts as (
    select
        source_folder,
        file_name,
        measure,
        rejection_reason,
        row_count,
        measure_order
    from file_counts
    union all
    select
        source_folder,
        file_name,
        measure,
        rejection_reason,
        row_count,
        measure_order
    from reason_counts
),

final as (
    select
        source_folder,
        file_name,
        measure,
        rejection_reason,
        row_count
    from all_counts
    {{ order_rows([
        'source_folder',
        'file_name',
        'measure_order',
        'measure',
        'rejection_reason',
    ]) }}
)

select * from final
