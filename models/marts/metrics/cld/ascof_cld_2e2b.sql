-- 2E(2b) (from 2024-25): people of any client group aged 65 and over in long-term support during
-- the year who live in their own home or with family (CLD; docs/method.md, CLD step 2E; the all-reasons
-- run of Create_ASCOF_2E_2425_Onwards)
{{ cld_count_metric(
    metric_code='2E2B',
    cohort='int_cld__long_term_support_in_year',
    where="age_band = '65 and over'",
    numerator='is_settled_accommodation',
    denominator=flag_literal(true),
    gender='gender'
) }}
