-- SACE answers by meaning (2023-24 layout: q4 satisfaction, q7-q12 quality of life, ...), codes checked.
{{ validated_survey_answers('sace') }}
