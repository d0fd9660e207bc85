{#- A cell of an aggregate return read as cells (SAC, SALT): its published marker, and why its
    value cannot be used. ONS's and NHS England's markers: [c] confidential (suppressed), [x] not
    available, [z] not applicable; a bare letter means the same, and an empty cell is [x]. -#}
{% macro cell_value_marker(value) -%}
    case
        when coalesce(trim({{ value }}), '') = '' then '[x]'
        when lower(trim({{ value }})) in ('[c]', 'c') then '[c]'
        when lower(trim({{ value }})) in ('[x]', 'x') then '[x]'
        when lower(trim({{ value }})) in ('[z]', 'z') then '[z]'
    end
{%- endmacro %}

{#- Null when the typed cell can be used: a whole number of at least 0, or a marker. -#}
{% macro cell_value_rejection_reason(cell_value, value_marker) -%}
    case
        when {{ cell_value }} is null and {{ value_marker }} is null
            then 'value is not a whole number or a [c]/[x]/[z] marker: the cell is unknown'
        when {{ cell_value }} < 0 then 'negative count: the cell is unknown'
    end
{%- endmacro %}
