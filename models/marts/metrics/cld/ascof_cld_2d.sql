-- 2D (experimental): people aged 65 and over discharged from hospital into reablement who were
-- alive, not in a care home and living in their own home or with family 91 days later
{{ cld_count_metric(
    metric_code='2D',
    cohort='int_cld__hospital_discharge_reablement',
    numerator='is_at_home_at_follow_up',
    denominator=flag_literal(true)
) }}
