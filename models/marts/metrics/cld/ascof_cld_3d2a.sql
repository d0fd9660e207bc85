-- 3D2A: people in long-term community support at the year end who receive direct payments
-- (CLD, docs/method.md, CLD step 3D)
{{ cld_count_metric(
    metric_code='3D2A',
    cohort='int_cld__year_end_client_settings',
    where="age_band != 'Under 18'",
    numerator='is_direct_payment',
    denominator='is_community_setting'
) }}
