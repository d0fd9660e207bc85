{#- The remainder of a whole-number division (the sign of the dividend, as mod() and % agree). -#}
{% macro modulo(dividend, divisor) -%}
    {{ return(adapter.dispatch('modulo', 'ascof')(dividend, divisor)) }}
{%- endmacro %}

{% macro default__modulo(dividend, divisor) -%}
    mod({{ dividend }}, {{ divisor }})
{%- endmacro %}

{% macro sqlserver__modulo(dividend, divisor) -%}
    (({{ dividend }}) % ({{ divisor }}))
{%- endmacro %}
