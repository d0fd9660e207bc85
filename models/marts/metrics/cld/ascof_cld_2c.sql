-- 2C: adults aged 65 and over newly admitted to residential or nursing care in the year, per
-- 100,000 people aged 65 and over (CLD admissions over ONS mid-year population; docs/method.md, CLD
-- step 2B and 2C)
{{ cld_admissions_rate(metric_code='2C', age_band='65 and over') }}
