-- 3D1B: carers given support directly in the year who receive self-directed support (a direct
-- payment or a council-managed personal budget; CLD, docs/method.md, CLD step 3D)
{{ cld_count_metric(
    metric_code='3D1B',
    cohort='int_cld__carer_support_in_year',
    where="age_band != 'Under 18'",
    numerator='is_self_directed',
    denominator='is_in_denominator'
) }}
