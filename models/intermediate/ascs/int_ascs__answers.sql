-- ASCS answers by meaning (2023-24 layout: q3a control, q13 information, ...), codes checked.
{{ validated_survey_answers('ascs') }}
