-- 5A2: carers with as much social contact as they would like (SACE)
{{ survey_proportion(
    survey='sace',
    question='carer_social_contact',
    positive=[1],
    valid=[1, 2, 3]
) }}
