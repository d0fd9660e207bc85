-- 1C: carer-reported quality of life score (SACE; 6 items scored 2/1/0, 0-12)
{{ survey_score(
    scores_model='int_sace__carer_quality_of_life_scores',
    score_column='carer_quality_of_life_score',
    population_column='stratum_population'
) }}
