-- activity_method_reconciliation as exported: geography names, outcomes rounded half away from
-- zero to 1 decimal (every activity metric's published decimals) and, with disclosure control on,
-- counts rounded to the nearest multiple of count_rounding_base. The runner writes this table as
-- a file and a workbook sheet.
{%- set count_base = var('count_rounding_base') %}
{%- set counts = [
    'salt_numerator', 'salt_denominator', 'cld_numerator', 'cld_denominator',
    'numerator_difference', 'denominator_difference',
] %}
with reconciliation as (
    select * from {{ ref('activity_method_reconciliation') }}
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

disaggregations as (
    select
        disaggregation_level,
        sort_order
    from {{ ref('disaggregations') }}
),

final as (
    select
        reconciliation.geography_level,
        reconciliation.geography_code,
        geographies.geography_name,
        reconciliation.metric_code as measure_group,
        reconciliation.disaggregation_level,
        reconciliation.councils_compared,
        {%- for count in counts %}
        {%- if var('disclosure_control') %}
        {%- set in_units = 'reconciliation.' ~ count ~ ' / ' ~ count_base %}
        cast(
            {{ count_base }} * {{ round_half_away_from_zero(in_units, 0) }} as {{ dbt.type_bigint() }}
        ) as {{ count }},
        {%- else %}
        cast({{ round_half_away_from_zero('reconciliation.' ~ count, 0) }} as {{ dbt.type_bigint() }}) as {{ count }},
        {%- endif %}
        {%- endfor %}
        {{ round_half_away_from_zero('reconciliation.salt_outcome', 1) }} as salt_outcome,
        {{ round_half_away_from_zero('reconciliation.cld_outcome', 1) }} as cld_outcome,
        {{ round_half_away_from_zero('reconciliation.outcome_difference', 1) }} as outcome_difference
    from reconciliation
    inner join geographies
        on
            reconciliation.geography_level = geographies.geography_level
            and reconciliation.geography_code = geographies.geography_code
    inner join disaggregations on reconciliation.disaggregation_level = disaggregations.disaggregation_level
    {{ order_rows([
        'geographies.geography_level_order',
        'reconciliation.geography_code',
        'reconciliation.metric_code',
        'disaggregations.sort_order',
    ]) }}
)

select * from final
