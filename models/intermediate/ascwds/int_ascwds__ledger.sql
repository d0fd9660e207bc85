-- The ASC-WDS data-quality ledger: every input row used or rejected, and every figure set aside.
with workplaces as (
    select * from {{ ref('int_ascwds__workplaces') }}
),

final as (
    select
        'ascwds' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from workplaces
    union all
    select
        'ascwds' as source_folder,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        'totalstaff' as column_name,
        staff_as_read as rejected_value,
        staff_rejection_reason as rejection_reason
    from workplaces
    where staff_rejection_reason is not null
    union all
    select
        'ascwds' as source_folder,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        'totalleavers' as column_name,
        leavers_as_read as rejected_value,
        leavers_rejection_reason as rejection_reason
    from workplaces
    where leavers_rejection_reason is not null
)

select * from final
