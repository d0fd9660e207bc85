{#- Round half away from zero (0.05 -> 0.1, -0.05 -> -0.1), as the published ASCOF outcomes are;
    engines' own round() differ (banker's rounding on some types). -#}
{% macro round_half_away_from_zero(expression, decimals) -%}
    {{ return(adapter.dispatch('round_half_away_from_zero', 'ascof')(expression, decimals)) }}
{%- endmacro %}

{% macro default__round_half_away_from_zero(expression, decimals) -%}
    (sign({{ expression }}) * floor(abs({{ expression }}) * {{ 10 ** decimals }} + 0.5 + 1e-9) / {{ 10 ** decimals }})
{%- endmacro %}
