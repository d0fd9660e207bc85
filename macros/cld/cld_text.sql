{#- A CLD text cell trimmed, with blanks and the text NULL (which case-management exports write
    for an empty cell; DHSC's newer cleaning does the same) as null. -#}
{% macro cld_text(expression) -%}
    case when upper(trim({{ expression }})) not in ('', 'NULL') then trim({{ expression }}) end
{%- endmacro %}
