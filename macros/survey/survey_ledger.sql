{#- The data-quality ledger of one survey: one row per input row (used or rejected) of its
    respondent and eligible-population files, and one row per rejected answer. The marts
    data_quality_rejections and data_quality_summary read every source's ledger. -#}
{% macro survey_ledger(survey) %}
with respondents as (
    select * from {{ ref('int_' ~ survey ~ '__respondents') }}
),

eligible_populations as (
    select * from {{ ref('int_' ~ survey ~ '__eligible_populations') }}
),

answers as (
    select * from {{ ref('int_' ~ survey ~ '__answers') }}
),

final as (
    select
        '{{ survey }}' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        case when rejection_reason is not null then rejected_column end as column_name,
        rejected_value,
        rejection_reason
    from respondents
    union all
    select
        '{{ survey }}' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        case when rejection_reason is not null then rejected_column end as column_name,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        rejection_reason
    from eligible_populations
    union all
    select
        '{{ survey }}' as source_folder,
        source_file as file_name,
        source_row,
        'value' as rejection_scope,
        question_column as column_name,
        raw_answer as rejected_value,
        rejection_reason
    from answers
    where rejection_reason is not null
)

select * from final
{% endmacro %}
