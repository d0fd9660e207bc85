-- 6B: residential adult social care locations (care homes) rated Outstanding or Good, over every
-- care home location of the council including those not yet rated (docs/method.md, CQC: metric
-- 6B), and its published parts: each rating band over the same denominator.
with care_homes as (
    select
        council_code,
        locations,
        outstanding,
        good,
        requires_improvement_or_inadequate,
        not_yet_rated
    from {{ ref('int_cqc__council_ratings') }}
    where setting = 'Care homes'
),

council_counts as (
    select
        council_code,
        'Total' as disaggregation_level,
        outstanding + good as numerator,
        locations as denominator
    from care_homes
    union all
    select
        council_code,
        'Outstanding' as disaggregation_level,
        outstanding as numerator,
        locations as denominator
    from care_homes
    union all
    select
        council_code,
        'Good' as disaggregation_level,
        good as numerator,
        locations as denominator
    from care_homes
    union all
    select
        council_code,
        'Requires improvement or Inadequate' as disaggregation_level,
        requires_improvement_or_inadequate as numerator,
        locations as denominator
    from care_homes
    union all
    select
        council_code,
        'Not yet rated' as disaggregation_level,
        not_yet_rated as numerator,
        locations as denominator
    from care_homes
),

{{ rollup_council_counts('council_counts', 100, '6B', sources=['cqc']) }}
