-- 4A: people who use services who feel safe (ASCS; as safe as I want)
{{ survey_proportion(
    survey='ascs',
    question='feeling_safe',
    positive=[1],
    valid=[1, 2, 3, 4]
) }}
