{#- Several checks of one model as one data test: dbt spends ~45 ms on every test node however
    little it checks, so a model's checks run in one query instead of one node each.

    Each argument is the generic test of the same name, run with that test's own SQL (each rule
    lives in one place), and every argument is optional:
        unique_combination_of_columns: [column, ...]    the model's key
        unique: [column, ...]                           each column unique on its own
        not_null: [column, ...]
        accepted_values: {column: [value, ...]}         strings are quoted, numbers are not
        value_between: {column: [min_value, max_value]}
        numerator_not_above_denominator: true
        england_equals_sum_of_councils: true
    Relationships stay tests of their own: they read a second model, and a partial build
    (`ascof build --select`, cautious) runs a test only when it builds all the test's parents.

    The test returns one row per check that failed, so dbt's "Got 2 results" means two checks
    failed: failed_check names each as it would read as a test of its own (e.g.
    "not_null(metric_code)", "value_between(outcome, 0, 100)"), failing_rows counts the rows that
    check's query returned (null rows, distinct unaccepted values, duplicated keys, ...). See them
    with `dbt test --select <test name> --store-failures`, or run the compiled SQL. -#}
{% test model_checks(
    model,
    unique_combination_of_columns=none,
    unique=none,
    not_null=none,
    accepted_values=none,
    value_between=none,
    numerator_not_above_denominator=false,
    england_equals_sum_of_councils=false
) %}
{%- set checks = [] -%}
{%- if unique_combination_of_columns -%}
    {%- do checks.append((
        'unique_combination_of_columns(' ~ unique_combination_of_columns | join(', ') ~ ')',
        test_unique_combination_of_columns(model, unique_combination_of_columns),
    )) -%}
{%- endif -%}
{%- for column in unique or [] -%}
    {%- do checks.append((
        'unique(' ~ column ~ ')',
        adapter.dispatch('test_unique', 'dbt')(model, column),
    )) -%}
{%- endfor -%}
{%- for column in not_null or [] -%}
    {%- do checks.append((
        'not_null(' ~ column ~ ')',
        adapter.dispatch('test_not_null', 'dbt')(model, column),
    )) -%}
{%- endfor -%}
{%- for column, values in (accepted_values or {}).items() -%}
    {%- do checks.append((
        'accepted_values(' ~ column ~ ')',
        adapter.dispatch('test_accepted_values', 'dbt')(
            model, column, values, quote=(values | select('string') | list | length > 0)
        ),
    )) -%}
{%- endfor -%}
{%- for column, bounds in (value_between or {}).items() -%}
    {%- do checks.append((
        'value_between(' ~ column ~ ', ' ~ bounds[0] ~ ', ' ~ bounds[1] ~ ')',
        test_value_between(model, column, bounds[0], bounds[1]),
    )) -%}
{%- endfor -%}
{%- if numerator_not_above_denominator -%}
    {%- do checks.append((
        'numerator_not_above_denominator',
        test_numerator_not_above_denominator(model),
    )) -%}
{%- endif -%}
{%- if england_equals_sum_of_councils -%}
    {%- do checks.append((
        'england_equals_sum_of_councils',
        test_england_equals_sum_of_councils(model),
    )) -%}
{%- endif -%}
{%- if not checks -%}
    {{ exceptions.raise_compiler_error('model_checks on ' ~ model ~ ' states no check') }}
{%- endif %}
with check_results as (
{%- for name, check_sql in checks %}
    select
        '{{ name | replace("'", "''") }}' as failed_check,
        count(*) as failing_rows
    from (
        {{ check_sql | indent(8) }}
    ) as check_{{ loop.index }}
    {%- if not loop.last %}

    union all
{% endif -%}
{% endfor %}
)

select
    failed_check,
    failing_rows
from check_results
where failing_rows > 0
{% endtest %}
