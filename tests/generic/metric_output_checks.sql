{#- What every metric model's output must satisfy, as one data test (model_checks runs the checks
    and returns a row per failed one, named in failed_check):
      - one row per geography_level, geography_code and disaggregation_level
        (unique_combination_of_columns);
      - metric_code is never null, and equals metric_code when that argument is given;
      - geography_level is Council, Region, Council Type or England, and disaggregation_level
        one of disaggregation_levels when given (accepted_values);
      - England's numerator, denominator and base are the sums of the councils'
        (england_equals_sum_of_councils);
      - outcome lies in outcome_between: [min, max] when given (value_between);
      - numerator <= denominator when numerator_not_above_denominator is true (proportions). -#}
{% test metric_output_checks(
    model,
    outcome_between=none,
    numerator_not_above_denominator=false,
    metric_code=none,
    disaggregation_levels=none
) %}
{%- set accepted_values = {'geography_level': ['Council', 'Region', 'Council Type', 'England']} -%}
{%- if metric_code is not none -%}
    {%- do accepted_values.update({'metric_code': [metric_code]}) -%}
{%- endif -%}
{%- if disaggregation_levels is not none -%}
    {%- do accepted_values.update({'disaggregation_level': disaggregation_levels}) -%}
{%- endif -%}
{{ test_model_checks(
    model,
    unique_combination_of_columns=['geography_level', 'geography_code', 'disaggregation_level'],
    not_null=['metric_code'],
    accepted_values=accepted_values,
    value_between=({'outcome': outcome_between} if outcome_between is not none else none),
    numerator_not_above_denominator=numerator_not_above_denominator,
    england_equals_sum_of_councils=true,
) }}
{% endtest %}
