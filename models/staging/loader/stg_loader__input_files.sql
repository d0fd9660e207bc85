with input_files as (
    select
        source_folder,
        entity,
        file_name,
        rows_read
    from {{ source('loader', 'input_files') }}
),

final as (
    select
        source_folder,
        entity,
        file_name,
        cast(rows_read as {{ dbt.type_int() }}) as rows_read
    from input_files
)

select * from final
