-- 6B: adult social care locations rated Good or Outstanding / rated locations (CQC overall ratings)
with council_counts as (
    select
        council_code,
        setting as disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_cqc__council_ratings') }}
    where setting = 'Total'
),

{{ rollup_council_counts('council_counts', 100, '6B', sources=['cqc']) }}
