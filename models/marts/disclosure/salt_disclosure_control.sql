-- Disclosure control of the SALT-method measures as NHS England's code applies it
-- (docs/method.md, SALT metrics): one row per published SALT value, saying what its count is
-- rounded to and whether it is suppressed. ascof_outcomes applies it when disclosure_control is
-- on (docs: salt_disclosure_control).
{%- set salt_models = [
    'ascof_salt_2a', 'ascof_salt_2b', 'ascof_salt_2c', 'ascof_salt_2d1', 'ascof_salt_2d2',
    'ascof_salt_2e', 'ascof_salt_3d1a', 'ascof_salt_3d1b', 'ascof_salt_3d2a', 'ascof_salt_3d2b',
] %}
{%- set rules = var('salt_disclosure') %}
{%- if rules['outcome_rounding'] not in ['half_away_from_zero', 'half_even'] %}
    {{ exceptions.raise_compiler_error(
        "var salt_disclosure.outcome_rounding is '" ~ rules['outcome_rounding']
        ~ "': use half_away_from_zero or half_even") }}
{%- endif %}
{%- set suppression_rule %}
geography_level = 'Council' and (
    (
        metric_code = '2D2'
        and measure_type in ('Denominator', 'Outcome')
        and denominator < {{ rules['hes_denominator_suppression_below'] }}
    )
    or (
        metric_code = '2E'
        and disaggregation_level in ('Male', 'Female')
        and denominator < {{ rules['learning_disability_suppression_below'] }}
    )
    or (
        metric_code = '2E'
        and disaggregation_level = 'Total'
        and measure_type in ('Numerator', 'Denominator')
        and denominator < {{ rules['learning_disability_suppression_below'] }}
    )
)
{%- endset %}
with results as (
    {%- for salt_model in salt_models %}
    select
        metric_code,
        geography_level,
        geography_code,
        disaggregation_level,
        denominator
    from {{ ref(salt_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

measure_types as (
    select measure_type
    from {{ ref('measure_types') }}
    where measure_type_set = 'standard'
),

valued as (
    select
        results.metric_code,
        results.geography_level,
        results.geography_code,
        results.disaggregation_level,
        measure_types.measure_type,
        results.denominator
    from results
    cross join measure_types
),

final as (
    select
        metric_code,
        geography_level,
        geography_code,
        disaggregation_level,
        measure_type,
        -- SALT counts and ONS populations are published unrounded; only 2D2's HES denominator is
        -- rounded, at every geography
        case
            when metric_code = '2D2' and measure_type = 'Denominator'
                then {{ rules['hes_denominator_rounding_base'] }}
            else 1
        end as count_rounding_base,
        -- council level only; no complementary suppression
        {{ as_flag(suppression_rule) }} as is_suppressed,
        '{{ rules['outcome_rounding'] }}' as outcome_rounding
    from valued
)

select * from final
