-- The ONS population data-quality ledger: one row per input row, used or rejected with its reason.
with population_rows as (
    select
        source_file,
        source_row,
        rejection_reason,
        rejected_column,
        rejected_value
    from {{ ref('int_ons__population_rows') }}
),

final as (
    select
        'ons' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from population_rows
)

select * from final
