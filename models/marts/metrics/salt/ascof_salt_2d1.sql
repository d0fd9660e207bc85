-- 2D1, SALT method: older people at home 91 days after hospital discharge into reablement
-- (the cells summed are the salt_metric_cells seed; a council whose measure is not available is
-- left out of every sum, as NHS England leaves it out; docs: metric_salt_2d1)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_salt__metric_counts') }}
    where metric_code = '2D1' and {{ is_true('is_available') }}
),

{{ rollup_council_counts('council_counts', 100, '2D1', sources=['salt']) }}
