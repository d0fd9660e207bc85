-- The CQC data-quality ledger: every input row used or rejected, and every value set aside.
with location_ratings as (
    select * from {{ ref('int_cqc__location_ratings') }}
),

final as (
    select
        'cqc' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from location_ratings
    union all
    select
        'cqc' as source_folder,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        'carehome' as column_name,
        care_home_as_read as rejected_value,
        value_rejection_reason as rejection_reason
    from location_ratings
    where value_rejection_reason is not null
)

select * from final
