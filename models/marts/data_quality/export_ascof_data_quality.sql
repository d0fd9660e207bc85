-- The data-quality export: per file the rows read, used and rejected and the answers nulled,
-- then one row per file and rejection reason with its count. Aggregates only.
with summary as (
    select * from {{ ref('data_quality_summary') }}
),

rejections as (
    select * from {{ ref('data_quality_rejections') }}
),

file_counts as (
    select source, file_name, 'rows read' as measure, cast(null as {{ dbt.type_string() }}) as rejection_reason, rows_read as row_count, 1 as measure_order
    from summary
    union all
    select source, file_name, 'rows used', null, rows_used, 2
    from summary
    union all
    select source, file_name, 'rows rejected', null, rows_rejected, 3
    from summary
    union all
    select source, file_name, 'values rejected', null, values_rejected, 4
    from summary
),

reason_counts as (
    select
        source,
        file_name,
        case rejection_scope when 'row' then 'rows rejected' else 'values rejected' end as measure,
        rejection_reason,
        cast(count(*) as {{ dbt.type_int() }}) as row_count,
        5 as measure_order
    from rejections
    group by source, file_name, rejection_scope, rejection_reason
),

final as (
    select
        source,
        file_name,
        measure,
        rejection_reason,
        row_count
    from (
        select * from file_counts
        union all
        select * from reason_counts
    ) as counts
    order by source, file_name, measure_order, measure, rejection_reason
)

select * from final
