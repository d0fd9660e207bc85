-- 5A1: people who use services with as much social contact as they would like (ASCS)
{{ survey_proportion(
    survey='ascs',
    question='social_contact',
    positive=[1],
    valid=[1, 2, 3, 4]
) }}
