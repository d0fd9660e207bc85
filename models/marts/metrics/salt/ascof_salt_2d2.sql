-- 2D2, SALT method: older people offered reablement after discharge from hospital
-- (the cells summed are the salt_metric_cells seed; docs: metric_salt_2d2)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_salt__metric_counts') }}
    where metric_code = '2D2'
),

{{ rollup_council_counts('council_counts', 100, '2D2', sources=['salt', 'hes']) }}
