-- 4B: concluded section 42 enquiries with a risk identified where the risk was reduced or removed (SAC)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_sac__risk_outcomes') }}
),

{{ rollup_council_counts('council_counts', 100, '4B', sources=['sac']) }}
