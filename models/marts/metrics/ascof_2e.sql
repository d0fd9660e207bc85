-- 2E as published for 2023-24: the SALT method where SALT was supplied, else the CLD method.
{{ official_activity_method('2e') }}
