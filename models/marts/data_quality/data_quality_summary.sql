-- The ledger per input file: rows read (counted by the loader) = rows used + rows rejected
-- (counted by the models), and how many single values were nulled in rows that were used.
with input_files as (
    select * from {{ ref('stg_loader__input_files') }}
),

ledger as (
    {%- for ledger_model in ledger_models() %}
    select
        file_name,
        rejection_scope,
        rejection_reason
    from {{ ref(ledger_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

file_counts as (
    select
        file_name,
        sum(case when rejection_scope = 'row' and rejection_reason is null then 1 else 0 end)
            as rows_used,
        sum(case when rejection_scope = 'row' and rejection_reason is not null then 1 else 0 end)
            as rows_rejected,
        sum(case when rejection_scope = 'value' then 1 else 0 end) as values_rejected
    from ledger
    group by file_name
),

final as (
    select
        input_files.source_folder,
        input_files.file_name,
        input_files.rows_read,
        cast(coalesce(file_counts.rows_used, 0) as {{ dbt.type_int() }}) as rows_used,
        cast(coalesce(file_counts.rows_rejected, 0) as {{ dbt.type_int() }}) as rows_rejected,
        cast(coalesce(file_counts.values_rejected, 0) as {{ dbt.type_int() }}) as values_rejected
    from input_files
    left join file_counts on input_files.file_name = file_counts.file_name
)

select * from final
