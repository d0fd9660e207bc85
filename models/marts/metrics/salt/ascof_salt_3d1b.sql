-- 3D1B, SALT method: carers who receive self-directed support
-- (the cells summed are the salt_metric_cells seed; a council whose measure is not available is
-- left out of every sum, as NHS England leaves it out; docs: metric_salt_3d1b)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_salt__metric_counts') }}
    where metric_code = '3D1B' and {{ is_true('is_available') }}
),

{{ rollup_council_counts('council_counts', 100, '3D1B', sources=['salt']) }}
