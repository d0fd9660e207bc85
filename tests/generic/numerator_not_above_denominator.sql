{#- A proportion's numerator can never exceed its denominator (allowing for float rounding). -#}
{% test numerator_not_above_denominator(model, numerator='numerator', denominator='denominator') %}
select *
from {{ model }}
where {{ numerator }} > {{ denominator }} * (1 + 1e-9)
{% endtest %}
