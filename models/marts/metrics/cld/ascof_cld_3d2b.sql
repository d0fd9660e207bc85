-- 3D2B: carers given support directly in the year who receive direct payments (CLD,
-- docs/method.md, CLD step 3D)
{{ cld_count_metric(
    metric_code='3D2B',
    cohort='int_cld__carer_support_in_year',
    where="age_band != 'Under 18'",
    numerator='is_direct_payment',
    denominator='is_in_denominator'
) }}
