-- 2A: short-term services (ST-Max/reablement) with no further request for ongoing support, from CLD
-- (docs/method.md, CLD step 2A): episodes of new clients ending in the year, by their sequel
{{ cld_count_metric(
    metric_code='2A',
    cohort='int_cld__st_max_episode_sequels',
    where='exclusion_reason is null',
    numerator='is_in_numerator',
    denominator='is_in_denominator'
) }}
