-- 1E: overall satisfaction of carers (SACE; extremely or very satisfied; 8 'no support' excluded)
{{ survey_proportion(
    survey='sace',
    question='overall_satisfaction',
    positive=[1, 2],
    valid=[1, 2, 3, 4, 5, 6, 7]
) }}
