-- ascof_outcomes as published: the ten columns of the published CSV, values as text, outcomes
-- rounded half away from zero to the catalogue's decimals and, with disclosure control on,
-- counts rounded to the nearest multiple of count_rounding_base (a SALT value's own base where
-- salt_disclosure_control gives one; a SALT outcome half to even when it says so). The runner
-- writes this table.
{%- set count_base = 'coalesce(count_rounding_base, ' ~ var('count_rounding_base') ~ ')' %}
with outcomes as (
    select * from {{ ref('ascof_outcomes') }}
),

formatted as (
    select
        *,
        case
            when value_marker is not null then value_marker
            when {{ is_true('is_count') }} and {{ condition_literal(var('disclosure_control')) }}
                then {{ format_decimal(
                    count_base ~ ' * ' ~ round_half_away_from_zero('measure_value / ' ~ count_base, 0), 0) }}
            when {{ is_true('is_count') }}
                then {{ format_decimal(round_half_away_from_zero('measure_value', 0), 0) }}
            when outcome_rounding = 'half_even'
                then {{ format_decimal(round_half_even('measure_value', 1), 1) }}
            when decimals = 3 then {{ format_decimal(round_half_away_from_zero('measure_value', 3), 3) }}
            else {{ format_decimal(round_half_away_from_zero('measure_value', 1), 1) }}
        end as published_value
    from outcomes
),

final as (
    select
        geography_code as geographical_code,
        geography_name as geographical_description,
        geography_level as geographical_level,
        coalesce(ons_code, '-') as ons_code,
        ascof_measure_code,
        disaggregation_level,
        measure_group,
        measure_group_description,
        measure_type,
        published_value as measure_value
    from formatted
    {{ order_rows([
        'geography_level_order',
        'geography_code',
        'measure_group',
        'disaggregation_order',
        'measure_type_order',
    ]) }}
)

select * from final
