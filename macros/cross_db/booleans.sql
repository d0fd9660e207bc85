{#- Booleans. SQL Server has no boolean type: a true/false value is a bit (1 or 0), a comparison
    cannot be stored as a value, and a stored flag is a condition only compared with 1. Models
    that keep yes/no columns write them through these macros. -#}

{#- a condition stored as a yes/no value (null stays null): `{{ as_flag('a = b') }} as is_x` -#}
{% macro as_flag(condition) -%}
    {{ return(adapter.dispatch('as_flag', 'ascof')(condition)) }}
{%- endmacro %}

{% macro default__as_flag(condition) -%}
    ({{ condition }})
{%- endmacro %}

{% macro sqlserver__as_flag(condition) -%}
    cast(case when {{ condition }} then 1 when not ({{ condition }}) then 0 end as bit)
{%- endmacro %}

{#- a stored yes/no value used as a condition: `where {{ is_true('is_x') }}` -#}
{% macro is_true(flag) -%}
    {{ return(adapter.dispatch('is_true', 'ascof')(flag)) }}
{%- endmacro %}

{% macro default__is_true(flag) -%}
    {{ flag }}
{%- endmacro %}

{% macro sqlserver__is_true(flag) -%}
    ({{ flag }} = 1)
{%- endmacro %}

{#- a yes/no literal: `{{ flag_literal(false) }}` -#}
{% macro flag_literal(value) -%}
    {{ return(adapter.dispatch('flag_literal', 'ascof')(value)) }}
{%- endmacro %}

{% macro default__flag_literal(value) -%}
    {{ 'true' if is_truthy(value) else 'false' }}
{%- endmacro %}

{% macro sqlserver__flag_literal(value) -%}
    cast({{ 1 if is_truthy(value) else 0 }} as bit)
{%- endmacro %}

{#- a setting used as a condition: `when {{ condition_literal(var('disclosure_control')) }} and ...` -#}
{% macro condition_literal(value) -%}
    {{ return(adapter.dispatch('condition_literal', 'ascof')(value)) }}
{%- endmacro %}

{% macro default__condition_literal(value) -%}
    {{ 'true' if is_truthy(value) else 'false' }}
{%- endmacro %}

{% macro sqlserver__condition_literal(value) -%}
    {{ '(1 = 1)' if is_truthy(value) else '(1 = 0)' }}
{%- endmacro %}

{#- true, 'true', 'True', 1, 'yes' (a var given on the command line is text) -#}
{% macro is_truthy(value) -%}
    {{ return((value | string | lower) in ('true', '1', 'yes')) }}
{%- endmacro %}
