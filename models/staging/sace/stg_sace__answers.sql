-- One row per non-blank answer of the SACE returns (question columns turned into rows).
with unpivoted as (
    {{ unpivot_question_columns(source('sace', 'respondents'), ['_source_file', '_source_row']) }}
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
