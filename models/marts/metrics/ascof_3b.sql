-- 3B: carers included or consulted (SACE; always or usually; 5 'no discussions' excluded)
{{ survey_proportion(
    survey='sace',
    question='involved_in_discussions',
    positive=[1, 2],
    valid=[1, 2, 3, 4]
) }}
