-- A labelled extra beside 6B, not an ASCOF measure: the share of adult social care locations
-- rated Outstanding or Good over all locations (rated or not yet rated), for Care homes (the same
-- counts as 6B's Total) and for Community services (which 6B leaves out), for every geography.
with council_counts as (
    select
        council_code,
        setting as disaggregation_level,
        outstanding + good as numerator,
        locations as denominator
    from {{ ref('int_cqc__council_ratings') }}
),

{{ rollup_council_counts('council_counts', 100, 'CQC-BY-SETTING', sources=['cqc']) }}
