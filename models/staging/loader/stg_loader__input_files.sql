with input_files as (
    select
        source_folder,
        entity,
        file_name,
        rows_read,
        modified_at,
        input_kind
    from {{ source('loader', 'input_files') }}
),

final as (
    select
        source_folder,
        entity,
        file_name,
        cast(rows_read as {{ dbt.type_int() }}) as rows_read,
        cast(modified_at as date) as modified_on,
        input_kind
    from input_files
)

select * from final
