-- 2B, SALT method: adults 18-64 admitted to residential or nursing care, per 100,000 population
-- (the cells summed are the salt_metric_cells seed; a council whose measure is not available is
-- left out of every sum, as NHS England leaves it out; docs: metric_salt_2b)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_salt__metric_counts') }}
    where metric_code = '2B' and {{ is_true('is_available') }}
),

{{ rollup_council_counts('council_counts', 100000, '2B', sources=['salt', 'ons']) }}
