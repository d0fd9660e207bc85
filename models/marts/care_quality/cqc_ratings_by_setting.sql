-- 6B split by setting (Total, Care homes, Community services) for every geography. The catalogue
-- publishes 6B as a total only, so the split lives here rather than in ascof_outcomes.
with council_counts as (
    select
        council_code,
        setting as disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_cqc__council_ratings') }}
),

{{ rollup_council_counts('council_counts', 100, '6B', sources=['cqc']) }}
