-- Every rejected input row or value, with where it came from and why: browse it to fix a return.
-- Row rejections take the whole row out of the metrics; value rejections null one answer.
-- Holds file names, line numbers and the rejected code only: no person identifiers.
with ascs_respondents as (
    select * from {{ ref('int_ascs__respondents') }}
),

sace_respondents as (
    select * from {{ ref('int_sace__respondents') }}
),

ascs_eligible_populations as (
    select * from {{ ref('int_ascs__eligible_populations') }}
),

sace_eligible_populations as (
    select * from {{ ref('int_sace__eligible_populations') }}
),

ascs_answers as (
    select * from {{ ref('int_ascs__answers') }}
),

sace_answers as (
    select * from {{ ref('int_sace__answers') }}
),

row_rejections as (
    {%- for survey, relation in [('ascs', 'ascs_respondents'), ('sace', 'sace_respondents')] %}
    select
        '{{ survey }}' as source_folder,
        source_file,
        source_row,
        rejected_column,
        rejected_value,
        rejection_reason
    from {{ relation }}
    where rejection_reason is not null
    union all
    {%- endfor %}
    {%- set population_relations = [
        ('ascs', 'ascs_eligible_populations'), ('sace', 'sace_eligible_populations'),
    ] %}
    {%- for survey, relation in population_relations %}
    select
        '{{ survey }}' as source_folder,
        source_file,
        source_row,
        rejected_column,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        rejection_reason
    from {{ relation }}
    where rejection_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

value_rejections as (
    {%- for survey, relation in [('ascs', 'ascs_answers'), ('sace', 'sace_answers')] %}
    select
        '{{ survey }}' as source_folder,
        source_file,
        source_row,
        question_column,
        raw_answer,
        rejection_reason
    from {{ relation }}
    where rejection_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        rejected_column as column_name,
        rejected_value,
        rejection_reason
    from row_rejections
    union all
    select
        source_folder,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        question_column as column_name,
        raw_answer as rejected_value,
        rejection_reason
    from value_rejections
)

select * from final
