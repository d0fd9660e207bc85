-- 1D: overall satisfaction of people who use services (ASCS Q1 on the combined 5-point scale)
{{ survey_proportion(
    survey='ascs',
    question='overall_satisfaction',
    positive=[1],
    valid=[1, 2, 3, 4, 5]
) }}
