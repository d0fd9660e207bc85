-- 2E, SALT method: adults 18-64 with a learning disability in their own home or with family
-- (the cells summed are the salt_metric_cells seed; a council whose measure is not available is
-- left out of every sum, as NHS England leaves it out; docs: metric_salt_2e)
with council_counts as (
    select
        council_code,
        disaggregation_level,
        numerator,
        denominator
    from {{ ref('int_salt__metric_counts') }}
    where metric_code = '2E' and {{ is_true('is_available') }}
),

{{ rollup_council_counts('council_counts', 100, '2E', sources=['salt']) }}
