-- 2C, SALT method: adults 65 and over admitted to residential or nursing care, per 100,000
-- (the cells summed are the salt_metric_cells seed; docs: metric_salt_2c)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_salt__metric_counts') }}
    where metric_code = '2C'
),

{{ rollup_council_counts('council_counts', 100000, '2C', sources=['salt', 'ons']) }}
