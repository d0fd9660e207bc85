-- One row per sampled person of the ASCS returns, typed; codes that are not whole numbers become
-- null here and are reported by int_ascs__respondents.
with respondents as (
    select
        _source_file,
        _source_row,
        lacode,
        serialno,
        response,
        gender,
        age,
        primarysupportreason,
        supportsetting,
        questionnaire,
        workbookcouncil
    from {{ source('ascs', 'respondents') }}
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
        {{ to_integer_or_null('primarysupportreason') }} as primary_support_reason_code,
        {{ to_integer_or_null('supportsetting') }} as support_setting_code,
        {{ to_integer_or_null('questionnaire') }} as questionnaire_code,
        response as response_as_read,
        age as age_as_read,
        upper(trim(workbookcouncil)) as workbook_council_code
    from respondents
)

select * from final
