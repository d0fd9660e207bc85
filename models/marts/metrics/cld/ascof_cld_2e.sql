-- 2E: adults aged 18-64 with a learning disability in long-term support who live in their own
-- home or with family (CLD; docs/method.md, CLD step 2E, the "ASCOF 2E LD" run)
{{ cld_count_metric(
    metric_code='2E',
    cohort='int_cld__long_term_support_in_year',
    where="has_learning_disability and age_band = '18-64'",
    numerator='is_settled_accommodation',
    denominator=flag_literal(true),
    gender='gender'
) }}
