-- One row per cell of the tidy SALT files, typed; labels lower case so they match case-insensitively.
with cells as (
    select
        _source_file,
        _source_row,
        lacode,
        tablereference,
        rowlabel,
        columnlabel,
        value
    from {{ source('salt', 'cells') }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        upper(trim(lacode)) as council_reference,
        lower(trim(tablereference)) as table_reference,
        lower(trim(rowlabel)) as row_label,
        lower(trim(columnlabel)) as column_label,
        trim(value) as value_as_read,
        {{ count_or_null('value') }} as cell_value,
        {{ cell_value_marker('value') }} as value_marker
    from cells
)

select * from final
