-- 2E-ALL (experimental): adults of any client group in long-term support who live in their own
-- home or with family (CLD; docs/method.md, CLD step 2E, the all-reasons run); unknown ages left out
{{ cld_count_metric(
    metric_code='2E-ALL',
    cohort='int_cld__long_term_support_in_year',
    where="age_band in ('18-64', '65 and over')",
    numerator='is_settled_accommodation',
    denominator=flag_literal(true)
) }}
