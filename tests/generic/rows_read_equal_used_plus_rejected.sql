{#- The data-quality ledger balances: for every input file, the rows the loader read equal the
    rows the models used plus the rows they rejected. Nothing disappears silently. -#}
{% test rows_read_equal_used_plus_rejected(model) %}
select *
from {{ model }}
where rows_read <> rows_used + rows_rejected
{% endtest %}
