-- 1B: adjusted SCRQoL, the impact of adult social care (ASCS; community, no learning disability)
{{ survey_score(
    scores_model='int_ascs__quality_of_life_scores',
    score_column='adjusted_scrqol_score',
    population_column='adjusted_scrqol_stratum_population'
) }}
