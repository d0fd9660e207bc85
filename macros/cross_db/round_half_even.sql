{#- Round half to even on the binary double, as numpy's round (and pandas' .round) does it:
    scale by 10^decimals, round a tie of the scaled double to the even neighbour, scale back.
    80.25 -> 80.2, 80.35 -> 80.4, and 63.74999999999999 (100 x 255 / 400) -> 63.7, as NHS
    England's ons_hes_salt.py publishes SALT outcomes. y - floor(y) is exact in binary floating
    point, so the tie test is exact; written in plain SQL (floor, abs, sign), the same on every
    engine (mod() takes no double on PostgreSQL, hence r - 2 floor(r / 2)). -#}
{% macro round_half_even(expression, decimals) -%}
    {{ return(adapter.dispatch('round_half_even', 'ascof')(expression, decimals)) }}
{%- endmacro %}

{% macro default__round_half_even(expression, decimals) -%}
    {%- set scaled = 'abs(' ~ expression ~ ') * ' ~ (10 ** decimals) -%}
    (sign({{ expression }}) * (case
        when {{ scaled }} - floor({{ scaled }}) > 0.5 then floor({{ scaled }}) + 1
        when {{ scaled }} - floor({{ scaled }}) < 0.5 then floor({{ scaled }})
        else floor({{ scaled }}) + (floor({{ scaled }}) - 2 * floor(floor({{ scaled }}) / 2))
    end) / {{ 10 ** decimals }})
{%- endmacro %}
