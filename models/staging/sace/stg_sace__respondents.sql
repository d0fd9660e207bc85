-- One row per sampled carer of the SACE returns, typed.
with respondents as (
    select
        _source_file,
        _source_row,
        lacode,
        serialno,
        response,
        gender,
        age
    from {{ source('sace', 'respondents') }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        upper(trim(lacode)) as council_code,
        trim(serialno) as serial_number,
        {{ to_integer_or_null('response') }} as response_code,
        {{ to_integer_or_null('gender') }} as gender_code,
        {{ to_integer_or_null('age') }} as age_years,
        response as response_as_read,
        age as age_as_read
    from respondents
)

select * from final
