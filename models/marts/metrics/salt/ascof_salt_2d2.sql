-- 2D2, SALT method: older people offered reablement after discharge from hospital
-- (the cells summed are the salt_metric_cells seed; a council whose measure is not available is
-- left out of every sum, as NHS England leaves it out; docs: metric_salt_2d2)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_salt__metric_counts') }}
    where metric_code = '2D2' and {{ is_true('is_available') }}
),

{{ rollup_council_counts('council_counts', 100, '2D2', sources=['salt', 'hes']) }}
