-- 3D1A: people in long-term community support at the year end who receive self-directed support
-- (a direct payment or a council-managed personal budget; CLD, docs/method.md, CLD step 3D)
{{ cld_count_metric(
    metric_code='3D1A',
    cohort='int_cld__year_end_client_settings',
    where="age_band != 'Under 18'",
    numerator='is_self_directed',
    denominator='is_community_setting'
) }}
