-- 3C1: people who use services who find it easy to find information (ASCS; 1 'never tried' excluded)
{{ survey_proportion(
    survey='ascs',
    question='ease_finding_information',
    positive=[2, 3],
    valid=[2, 3, 4, 5]
) }}
