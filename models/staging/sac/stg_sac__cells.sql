-- One row per cell of the SAC files, typed; labels lower case so they match case-insensitively.
with cells as (
    select
        _source_file,
        _source_row,
        lacode,
        onscode,
        tablereference,
        enquirytype,
        category,
        subcategory,
        value
    from {{ source('sac', 'cells') }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        upper(trim(lacode)) as council_code,
        upper(trim(onscode)) as council_ons_code,
        lower(trim(tablereference)) as table_reference,
        lower(trim(enquirytype)) as enquiry_type,
        lower(trim(category)) as category,
        lower(trim(subcategory)) as subcategory,
        trim(value) as value_as_read,
        {{ to_integer_or_null("replace(value, ',', '')") }} as cell_value,
        {{ cell_value_marker('value') }} as value_marker
    from cells
)

select * from final
