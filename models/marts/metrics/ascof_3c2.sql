-- 3C2: carers who find it easy to find information (SACE; 5 'not tried' excluded)
{{ survey_proportion(
    survey='sace',
    question='ease_finding_information',
    positive=[1, 2],
    valid=[1, 2, 3, 4]
) }}
