-- 2C, SALT method: adults 65 and over admitted to residential or nursing care, per 100,000
-- (the cells summed are the salt_metric_cells seed; a council whose measure is not available is
-- left out of every sum, as NHS England leaves it out; docs: metric_salt_2c)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_salt__metric_counts') }}
    where metric_code = '2C' and {{ is_true('is_available') }}
),

{{ rollup_council_counts('council_counts', 100000, '2C', sources=['salt', 'ons']) }}
