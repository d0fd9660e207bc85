-- 3A: people who use services who have control over their daily life (ASCS)
{{ survey_proportion(
    survey='ascs',
    question='control_over_daily_life',
    positive=[1, 2],
    valid=[1, 2, 3, 4]
) }}
