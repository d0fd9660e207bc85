-- The ledger per input file: rows read (counted by the loader) = rows used + rows rejected
-- (counted by the models), and how many single answers were nulled in rows that were used.
{%- set row_level_models = [
    'int_ascs__respondents', 'int_sace__respondents',
    'int_ascs__eligible_populations', 'int_sace__eligible_populations',
] %}
with input_files as (
    select * from {{ ref('stg_loader__input_files') }}
),

checked_rows as (
    {%- for row_level_model in row_level_models %}
    select
        source_file,
        rejection_reason
    from {{ ref(row_level_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

row_counts as (
    select
        source_file,
        sum(case when rejection_reason is null then 1 else 0 end) as rows_used,
        sum(case when rejection_reason is not null then 1 else 0 end) as rows_rejected
    from checked_rows
    group by source_file
),

value_counts as (
    select
        file_name,
        count(*) as values_rejected
    from {{ ref('data_quality_rejections') }}
    where rejection_scope = 'value'
    group by file_name
),

final as (
    select
        input_files.source_folder,
        input_files.file_name,
        input_files.rows_read,
        cast(coalesce(row_counts.rows_used, 0) as {{ dbt.type_int() }}) as rows_used,
        cast(coalesce(row_counts.rows_rejected, 0) as {{ dbt.type_int() }}) as rows_rejected,
        cast(coalesce(value_counts.values_rejected, 0) as {{ dbt.type_int() }}) as values_rejected
    from input_files
    left join row_counts on input_files.file_name = row_counts.source_file
    left join value_counts on input_files.file_name = value_counts.file_name
)

select * from final
