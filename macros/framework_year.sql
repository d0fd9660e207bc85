{#- The framework year a build computes (var survey_year, set by `ascof build --year`) and every
    date derived from it, in one place (overview: Framework years). The seed framework_years
    holds one row per supported year with the same reporting period and ONS estimate year, for
    the runner and the docs; a test checks the two agree. -#}

{#- The dates of a framework year 'YYYY-YY': the reporting period (1 April to 31 March), the
    CLD data window (a year of look-back before the period for 2B/2C's 365 days and 2A's
    new-client test, one quarter after it for 2A's sequels) and the discharge cohort of the
    experimental 2D (October to December, as SALT's 2D cohort). -#}
{% macro framework_dates(year=none) -%}
    {%- set start_year = (year or var('survey_year'))[:4] | int -%}
    {{ return({
        'reporting_period_start': (start_year | string) ~ '-04-01',
        'reporting_period_end': ((start_year + 1) | string) ~ '-03-31',
        'data_window_start': ((start_year - 1) | string) ~ '-04-01',
        'data_window_end': ((start_year + 1) | string) ~ '-06-30',
        'discharge_cohort_start': (start_year | string) ~ '-10-01',
        'discharge_cohort_end': (start_year | string) ~ '-12-31',
    }) }}
{%- endmacro %}

{#- The ONS mid-year estimate of the framework year: mid-2023 for 2023-24, mid-2024 for 2024-25
    (the column population_YYYY of the MYEB rows). -#}
{% macro ons_estimate_year(year=none) -%}
    {{ return((year or var('survey_year'))[:4] | int) }}
{%- endmacro %}
