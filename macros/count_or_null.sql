{#- A count as published tables write it: a whole number with or without thousands separators
    ("1,234" and "1234" -> 1234), else null (to_integer_or_null). One rule for every return
    whose counts may be formatted: SALT cells, ONS populations, ASCWDS staff and leavers. -#}
{% macro count_or_null(expression) -%}
    {{ to_integer_or_null("replace(" ~ expression ~ ", ',', '')") }}
{%- endmacro %}
