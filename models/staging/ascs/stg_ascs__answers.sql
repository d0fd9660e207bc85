-- One row per non-blank answer of the ASCS returns: the wide q1 .. q23f columns turned into rows,
-- whatever the survey year's numbering. Meanings are attached in int_ascs__answers.
with unpivoted as (
    {{ unpivot_question_columns(source('ascs', 'respondents'), ['_source_file', '_source_row']) }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        question_column,
        raw_answer,
        {{ to_integer_or_null('raw_answer') }} as answer_code
    from unpivoted
)

select * from final
