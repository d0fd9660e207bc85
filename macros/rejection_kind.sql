{#- The kind of a row rejection, from its reason: the one place the ledgers' reasons are sorted
    into what a person reading the build summary needs to tell apart.
      superseded  a later submission of the same council covers the row's quarters (CLD)
      repeat      a repeat of a row already used once: a duplicate event, serial number, cell,
                  establishment or rating, a repeated area, a district counted in its county,
                  an establishment counted in its council-level row
      out_of_scope  outside what the metric reads: an event outside the quarters its submission
                  was read for, a survey respondent under 18
      bad_value   anything else: a missing, unknown or malformed value
      notice      not a row: a SALT table a council did not return (its cells count 0) or a
                  measure it cannot have (scopes table and measure)
    A value rejection (one value nulled in a used row) is always bad_value. -#}
{% macro rejection_kind(reason_column, scope_column) %}
    case
        when {{ scope_column }} in ('table', 'measure') then 'notice'
        when {{ scope_column }} != 'row' then 'bad_value'
        when {{ reason_column }} like 'submission superseded%' then 'superseded'
        when
            {{ reason_column }} like 'duplicate %'
            or {{ reason_column }} like 'repeated %'
            or {{ reason_column }} = 'a district of a county whose own row is used'
            or {{ reason_column }} like 'council also has a council-level row%'
            then 'repeat'
        when
            {{ reason_column }} = 'event outside the quarters its submission was read for'
            or {{ reason_column }} = 'age under 18'
            then 'out_of_scope'
        else 'bad_value'
    end
{% endmacro %}
