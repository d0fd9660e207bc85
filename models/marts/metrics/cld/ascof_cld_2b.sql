-- 2B: adults aged 18-64 newly admitted to residential or nursing care in the year, per 100,000
-- people aged 18-64 (CLD admissions over ONS mid-year population; docs/method.md, CLD step 2B and 2C)
{{ cld_admissions_rate(metric_code='2B', age_band='18-64') }}
