-- Every rejected input row or value, with where it came from and why: browse it to fix a return.
-- Row rejections take the whole row out of the metrics; value rejections null one answer.
-- Holds file names, line numbers and the rejected code only: no person identifiers.
with respondent_rows as (
    select 'ascs' as source, source_file, source_row, rejected_column, rejected_value, rejection_reason
    from {{ ref('int_ascs__respondents') }}
    union all
    select 'sace' as source, source_file, source_row, rejected_column, rejected_value, rejection_reason
    from {{ ref('int_sace__respondents') }}
),

population_rows as (
    select
        'ascs' as source,
        source_file,
        source_row,
        rejected_column,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        rejection_reason
    from {{ ref('int_ascs__eligible_populations') }}
    union all
    select
        'sace' as source,
        source_file,
        source_row,
        rejected_column,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        rejection_reason
    from {{ ref('int_sace__eligible_populations') }}
),

answer_values as (
    select 'ascs' as source, source_file, source_row, question_column, raw_answer, rejection_reason
    from {{ ref('int_ascs__answers') }}
    union all
    select 'sace' as source, source_file, source_row, question_column, raw_answer, rejection_reason
    from {{ ref('int_sace__answers') }}
),

final as (
    select
        source,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from respondent_rows
    where rejection_reason is not null
    union all
    select
        source,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from population_rows
    where rejection_reason is not null
    union all
    select
        source,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        question_column as column_name,
        raw_answer as rejected_value,
        rejection_reason
    from answer_values
    where rejection_reason is not null
)

select * from final
