-- 6A: staff turnover, leavers in the last 12 months / staff employed (ASC-WDS)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_ascwds__council_turnover') }}
),

{{ rollup_council_counts('council_counts', 100, '6A', sources=['ascwds']) }}
