{#- A CLD metric that counts people (or episodes) of a cohort model: per council that has a CLD
    submission read, and per disaggregation the metric catalogue gives it (Total, 18-64, 65 and
    over, Male, Female), the cohort rows meeting `numerator` and `denominator` (SQL conditions on
    the cohort's columns), then summed to every geography by rollup_council_counts. A council whose
    submission has no cohort rows gets 0 / 0 (shown [x]); councils without CLD get no rows.
    The cohort needs council_code and age_band ('18-64', '65 and over', ...); `gender` names its
    gender column when the metric is split by gender. -#}
{% macro cld_count_metric(metric_code, cohort, numerator, denominator, where=none, gender=none) %}
with cohort as (
    select
        council_code,
        age_band,
        {{ gender if gender else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as gender,
        {{ numerator }} as is_in_numerator,
        {{ denominator }} as is_in_denominator
    from {{ ref(cohort) }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
),

{{ cld_metric_councils_and_levels(metric_code) }},

council_counts as (
    select
        councils.council_code,
        levels.disaggregation_level,
        sum(
            case
                when {{ is_true('cohort.is_in_numerator') }} and {{ is_true('cohort.is_in_denominator') }}
                    then 1
                else 0
            end
        ) as numerator,
        sum(case when {{ is_true('cohort.is_in_denominator') }} then 1 else 0 end) as denominator
    from councils
    cross join levels
    left join cohort
        on
            councils.council_code = cohort.council_code
            and (
                levels.disaggregation_level = 'Total'
                or levels.disaggregation_level = cohort.age_band
                or levels.disaggregation_level = cohort.gender
            )
    group by councils.council_code, levels.disaggregation_level
),

{{ rollup_council_counts('council_counts', 100, metric_code, sources=['cld']) }}
{% endmacro %}

{#- A CLD rate per 100,000 population (2B, 2C): people newly admitted to residential or nursing
    care in the year in one age band, over the ONS population of that band. Councils need both a
    CLD submission read and a population. -#}
{% macro cld_admissions_rate(metric_code, age_band) %}
with admissions as (
    select
        council_code,
        count(*) as people_admitted
    from {{ ref('int_cld__residential_admissions') }}
    where age_band = '{{ age_band }}'
    group by council_code
),

populations as (
    select
        council_code,
        population
    from {{ ref('int_ons__council_populations') }}
    where age_band = '{{ age_band }}'
),

{{ cld_metric_councils_and_levels(metric_code) }},

council_counts as (
    select
        councils.council_code,
        levels.disaggregation_level,
        coalesce(admissions.people_admitted, 0) as numerator,
        populations.population as denominator
    from councils
    cross join levels
    inner join populations on councils.council_code = populations.council_code
    left join admissions on councils.council_code = admissions.council_code
),

{{ rollup_council_counts('council_counts', 100000, metric_code, sources=['cld', 'ons']) }}
{% endmacro %}

{#- CTEs `councils` (councils with a CLD submission read) and `levels` (the metric's
    disaggregations in the catalogue). -#}
{% macro cld_metric_councils_and_levels(metric_code) %}
councils as (
    select distinct council_code
    from {{ ref('int_cld__submissions') }}
    where {{ is_true('is_selected') }}
),

levels as (
    select disaggregation_sets.disaggregation_level
    from {{ ref('metric_catalogue') }} as catalogue
    inner join {{ ref('disaggregation_sets') }} as disaggregation_sets
        on catalogue.disaggregation_set = disaggregation_sets.disaggregation_set
    where catalogue.metric_code = '{{ metric_code }}'
)
{% endmacro %}
