-- Each activity metric from the SALT method (official for 2023-24) beside the CLD method, for the
-- councils that have both, summed to every geography over those councils only (like for like).
{#- SALT model -> CLD model of the same measure. 2D1 and 2D2 (SALT) and the experimental 2D
    (CLD) are different measures and are not paired. -#}
{%- set method_pairs = {
    'ascof_salt_2a': 'ascof_cld_2a',
    'ascof_salt_2b': 'ascof_cld_2b',
    'ascof_salt_2c': 'ascof_cld_2c',
    'ascof_salt_2e': 'ascof_cld_2e',
    'ascof_salt_3d1a': 'ascof_cld_3d1a',
    'ascof_salt_3d2a': 'ascof_cld_3d2a',
    'ascof_salt_3d1b': 'ascof_cld_3d1b',
    'ascof_salt_3d2b': 'ascof_cld_3d2b',
} %}
with salt_councils as (
    {%- for salt_model in method_pairs %}
    select
        metric_code,
        geography_code as council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref(salt_model) }}
    where geography_level = 'Council'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

cld_councils as (
    {%- for cld_model in method_pairs.values() %}
    select
        metric_code,
        geography_code as council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref(cld_model) }}
    where geography_level = 'Council'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

catalogue as (
    select
        metric_code,
        measure_family
    from {{ ref('metric_catalogue') }}
),

geography_rollup as (
    select
        council_code,
        geography_level,
        geography_code
    from {{ ref('int_geography_rollup') }}
),

both_methods as (
    select
        salt_councils.metric_code,
        salt_councils.council_code,
        salt_councils.disaggregation_level,
        salt_councils.numerator as salt_numerator,
        salt_councils.denominator as salt_denominator,
        cld_councils.numerator as cld_numerator,
        cld_councils.denominator as cld_denominator
    from salt_councils
    inner join cld_councils
        on
            salt_councils.metric_code = cld_councils.metric_code
            and salt_councils.council_code = cld_councils.council_code
            and salt_councils.disaggregation_level = cld_councils.disaggregation_level
),

summed as (
    select
        both_methods.metric_code,
        geography_rollup.geography_level,
        geography_rollup.geography_code,
        both_methods.disaggregation_level,
        count(*) as councils_compared,
        -- an unknown council value makes the compared sum unknown: like is compared with like
        case when count(both_methods.salt_numerator) = count(*) then sum(both_methods.salt_numerator) end
            as salt_numerator,
        case when count(both_methods.salt_denominator) = count(*) then sum(both_methods.salt_denominator) end
            as salt_denominator,
        case when count(both_methods.cld_numerator) = count(*) then sum(both_methods.cld_numerator) end
            as cld_numerator,
        case when count(both_methods.cld_denominator) = count(*) then sum(both_methods.cld_denominator) end
            as cld_denominator
    from both_methods
    inner join geography_rollup on both_methods.council_code = geography_rollup.council_code
    group by
        both_methods.metric_code,
        geography_rollup.geography_level,
        geography_rollup.geography_code,
        both_methods.disaggregation_level
),

with_outcomes as (
    select
        summed.*,
        case when catalogue.measure_family = 'rate' then 100000 else 100 end as outcome_scale
    from summed
    inner join catalogue on summed.metric_code = catalogue.metric_code
),

final as (
    select
        metric_code,
        geography_level,
        geography_code,
        disaggregation_level,
        councils_compared,
        cast(salt_numerator as {{ type_double() }}) as salt_numerator,
        cast(salt_denominator as {{ type_double() }}) as salt_denominator,
        case
            when salt_denominator > 0
                then outcome_scale * (cast(salt_numerator as {{ type_double() }}) / salt_denominator)
        end as salt_outcome,
        cast(cld_numerator as {{ type_double() }}) as cld_numerator,
        cast(cld_denominator as {{ type_double() }}) as cld_denominator,
        case
            when cld_denominator > 0
                then outcome_scale * (cast(cld_numerator as {{ type_double() }}) / cld_denominator)
        end as cld_outcome,
        cast(salt_numerator - cld_numerator as {{ type_double() }}) as numerator_difference,
        cast(salt_denominator - cld_denominator as {{ type_double() }}) as denominator_difference,
        case
            when salt_denominator > 0 and cld_denominator > 0
                then outcome_scale * (
                    cast(salt_numerator as {{ type_double() }}) / salt_denominator
                    - cast(cld_numerator as {{ type_double() }}) / cld_denominator
                )
        end as outcome_difference
    from with_outcomes
)

select * from final
