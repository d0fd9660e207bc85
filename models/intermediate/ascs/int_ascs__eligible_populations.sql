-- ASCS stratum populations per council, checked: the N of every survey weight N / n.
{%- set population_columns = [
    'stratum_1_population', 'stratum_2_population', 'stratum_3_population',
    'stratum_4_population', 'stratum_2_adjusted_scrqol_population',
    'stratum_4_adjusted_scrqol_population',
] %}
with eligible_populations as (
    select * from {{ ref('stg_ascs__eligible_populations') }}
),

councils as (
    select council_code from {{ ref('councils') }}
),

checked as (
    select
        eligible_populations.*,
        councils.council_code is not null as is_known_council,
        row_number() over (
            partition by eligible_populations.council_code
            order by eligible_populations.source_file, eligible_populations.source_row
        ) as council_occurrence,
        -- a population that is missing, negative or not a whole number (null after typing)
        {%- for column in population_columns %}
        coalesce(eligible_populations.{{ column }}, -1) < 0{% if not loop.last %} or{% endif %}
        {%- endfor %} as has_invalid_population
    from eligible_populations
    left join councils on eligible_populations.council_code = councils.council_code
),

final as (
    select
        source_file,
        source_row,
        council_code,
        stratum_1_population,
        stratum_2_population,
        stratum_3_population,
        stratum_4_population,
        stratum_2_adjusted_scrqol_population,
        stratum_4_adjusted_scrqol_population,
        case
            when not is_known_council then 'unknown council code'
            when council_occurrence > 1 then 'duplicate eligible population row for council'
            when has_invalid_population
                then 'stratum population missing, negative or not a whole number'
        end as rejection_reason,
        case
            when not is_known_council then 'lacode'
            when council_occurrence > 1 then 'lacode'
            else 'stratum populations'
        end as rejected_column
    from checked
)

select * from final
