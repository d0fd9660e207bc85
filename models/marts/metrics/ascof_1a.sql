-- 1A: social care-related quality of life score (ASCS; 8 SCRQoL items scored 3/2/1/0, 0-24)
{{ survey_score(
    scores_model='int_ascs__quality_of_life_scores',
    score_column='scrqol_score',
    population_column='stratum_population'
) }}
