-- The reporting period the models use for the year built (macro framework_dates) is the one the
-- seed framework_years gives that year, and the year is a row of the seed: returns a row when not.
{%- set dates = framework_dates() %}
with year_built as (
    select
        '{{ var("survey_year") }}' as framework_year,
        cast('{{ dates["reporting_period_start"] }}' as date) as reporting_period_start,
        cast('{{ dates["reporting_period_end"] }}' as date) as reporting_period_end,
        {{ ons_estimate_year() }} as ons_estimate_year
),

seeded as (
    select
        framework_year,
        cast(reporting_period_start as date) as reporting_period_start,
        cast(reporting_period_end as date) as reporting_period_end,
        cast(ons_estimate_year as integer) as ons_estimate_year
    from {{ ref('framework_years') }}
)

select year_built.*
from year_built
left join seeded on year_built.framework_year = seeded.framework_year
where
    seeded.framework_year is null
    or seeded.reporting_period_start != year_built.reporting_period_start
    or seeded.reporting_period_end != year_built.reporting_period_end
    or seeded.ons_estimate_year != year_built.ons_estimate_year
