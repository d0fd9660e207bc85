-- Mid-year population per council and age band, both sexes: the denominators of 2B (18-64) and
-- 2C (65 and over), with the bands 65-74, 75-84 and 85 and over beside them. County councils are
-- the sums of their districts. The bands (cld_population_age_bands seed) are those of the ASCOF
-- denominator file; age 90 in the estimates means 90 and over.
with population_rows as (
    select
        council_code,
        age_years,
        population
    from {{ ref('int_ons__population_rows') }}
    where rejection_reason is null
),

bands as (
    select
        age_band,
        min_age,
        max_age
    from {{ ref('cld_population_age_bands') }}
),

final as (
    select
        population_rows.council_code,
        bands.age_band,
        sum(population_rows.population) as population
    from population_rows
    inner join bands on population_rows.age_years between bands.min_age and bands.max_age
    group by population_rows.council_code, bands.age_band
)

select * from final
