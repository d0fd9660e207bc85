-- The published ASCOF outcomes 2017-18 to 2024-25 (Total outcome) under this project's codes, for
-- trend charts: each year's measure group becomes its metric code (metric_catalogue), and each
-- published geography the geography code ascof_outcomes uses.
-- A framework year the project builds maps its codes through framework_measures (2024-25's 2E1
-- is metric 2E); ASCOF 2023-24 renumbered the measures: earlier years publish the catalogue's
-- previous_code.
{%- set renumbered_in = '2023-24' %}
with published as (
    select
        reporting_year,
        lower(geography_level) as geography_level_key,
        geography_name,
        ons_code,
        measure_group,
        published_value
    from {{ ref('published_ascof_outcomes') }}
),

year_codes as (
    select
        framework_year,
        measure_group,
        metric_code
    from {{ ref('framework_measures') }}
),

catalogue as (
    select
        metric_code,
        -- the published files drop the brackets of older codes: 1C(1A) is published as 1C1A
        replace(replace(previous_code, '(', ''), ')', '') as previous_code
    from {{ ref('metric_catalogue') }}
    where status in ('published', 'experimental')
),

geographies as (
    select
        geography_level,
        geography_code,
        geography_name,
        ons_code,
        -- council type names vary in number between years (Unitary Authority, -ies): compare stems
        {{ remove_suffix('lower(geography_name)', ['ies', 'y', 's']) }} as name_stem
    from {{ ref('int_geographies') }}
),

councils as (
    select * from geographies
    where geography_level = 'Council'
),

published_councils as (
    -- by ONS code; by name where a council kept its name under a new code (North Yorkshire 2023)
    select
        published.reporting_year,
        published.measure_group,
        published.published_value,
        coalesce(by_ons_code.geography_code, by_name.geography_code) as geography_code
    from published
    left join councils as by_ons_code on published.ons_code = by_ons_code.ons_code
    left join councils as by_name on lower(published.geography_name) = lower(by_name.geography_name)
    where published.geography_level_key = 'council'
),

published_regions as (
    -- by ONS code: region names vary between years (Eastern, East of England)
    select
        published.reporting_year,
        published.measure_group,
        published.published_value,
        geographies.geography_code
    from published
    inner join geographies
        on
            published.ons_code = geographies.ons_code
            and geographies.geography_level = 'Region'
    where published.geography_level_key = 'region'
),

published_council_types as (
    select
        published.reporting_year,
        published.measure_group,
        published.published_value,
        geographies.geography_code
    from published
    inner join geographies
        on
            {{ remove_suffix('lower(published.geography_name)', ['ies', 'y', 's']) }} = geographies.name_stem
            and geographies.geography_level = 'Council Type'
    where published.geography_level_key = 'council type'
),

published_england as (
    select
        reporting_year,
        measure_group,
        published_value,
        'E92000001' as geography_code
    from published
    where geography_level_key = 'england'
),

matched as (
    select
        'Council' as geography_level,
        reporting_year,
        measure_group,
        published_value,
        geography_code
    from published_councils
    where geography_code is not null
    union all
    select
        'Region' as geography_level,
        reporting_year,
        measure_group,
        published_value,
        geography_code
    from published_regions
    union all
    select
        'Council Type' as geography_level,
        reporting_year,
        measure_group,
        published_value,
        geography_code
    from published_council_types
    union all
    select
        'England' as geography_level,
        reporting_year,
        measure_group,
        published_value,
        geography_code
    from published_england
),

recoded as (
    select
        matched.reporting_year,
        matched.geography_level,
        matched.geography_code,
        coalesce(by_year.metric_code, by_previous_code.metric_code) as metric_code,
        matched.measure_group as published_measure_group,
        matched.published_value
    from matched
    left join year_codes as by_year
        on
            matched.reporting_year = by_year.framework_year
            and matched.measure_group = by_year.measure_group
    left join catalogue as by_previous_code
        on
            matched.reporting_year < '{{ renumbered_in }}'
            and matched.measure_group = by_previous_code.previous_code
    where coalesce(by_year.metric_code, by_previous_code.metric_code) is not null
),

final as (
    select
        recoded.reporting_year,
        recoded.geography_level,
        recoded.geography_code,
        geographies.geography_name,
        recoded.metric_code as measure_group,
        recoded.published_measure_group,
        recoded.published_value
    from recoded
    inner join geographies
        on
            recoded.geography_level = geographies.geography_level
            and recoded.geography_code = geographies.geography_code
)

select * from final
