{#- A rejected value as the data-quality table may show it: masked when it looks like a person's
    identifier typed into the wrong column:
    - nine or more digits, spaces allowed (an NHS number, a phone number): '[10 digits]';
    - a UK postcode (SW1A 1AA, m1 1ae): '[postcode]';
    - capitalised words of letters (a name: Smith, John Smith, O'Neil) that are no code the
      project knows (`is_known_code`, e.g. from the CLD value lists): '[text, 10 characters]'.
      Placeholders written in a sentence's case ('Not recorded', 'See notes') are shown.
    Codes, numbers and dates are shown as they are, for the council to find and fix them. -#}
{% macro masked_identifier(value, is_known_code) -%}
    {%- set text = "trim(" ~ value ~ ")" -%}
    {%- set digits = "[0-9]( ?[0-9]){8,}" -%}
    {%- set postcode = "[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2}" -%}
    {%- set name = "[A-Z][a-z][A-Za-z'-]*( [A-Z][A-Za-z'-]*)*" -%}
    case
        when
            {{ matches_pattern(text, digits) }}
            then {{ concat_text([
                "'['", "cast(" ~ dbt.length("replace(" ~ text ~ ", ' ', '')") ~ " as " ~ dbt.type_string() ~ ")",
                "' digits]'"
            ]) }}
        when
            {{ matches_pattern(text, postcode) }}
            then '[postcode]'
        when
            {{ matches_pattern(text, name) }}
            and not ({{ is_known_code }})
            then {{ concat_text([
                "'[text, '", "cast(" ~ dbt.length(text) ~ " as " ~ dbt.type_string() ~ ")",
                "' characters]'"
            ]) }}
        else {{ value }}
    end
{%- endmacro %}
