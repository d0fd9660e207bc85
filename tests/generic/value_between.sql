{#- Every non-null value of the column lies in [min_value, max_value] (to within float rounding). -#}
{% test value_between(model, column_name, min_value, max_value) %}
select *
from {{ model }}
where {{ column_name }} < {{ min_value }} - 1e-9 or {{ column_name }} > {{ max_value }} + 1e-9
{% endtest %}
