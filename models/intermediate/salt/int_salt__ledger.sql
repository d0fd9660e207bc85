-- The SALT data-quality ledger: every input row used or rejected, and every value made unknown.
with cells as (
    select * from {{ ref('int_salt__cells') }}
),

final as (
    select
        'salt' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from cells
    union all
    select
        'salt' as source_folder,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        'value' as column_name,
        value_as_read as rejected_value,
        value_rejection_reason as rejection_reason
    from cells
    where value_rejection_reason is not null
)

select * from final
