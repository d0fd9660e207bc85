-- The published long layout (docs/method.md): one row per geography, measure, disaggregation
-- and measure type, for every measure of the framework year (seed framework_measures) and every
-- geography, computed or not. Values are unrounded here; the marker says why a value is not shown:
--   [z] not applicable or not published that year (framework_measures.publication_status),
--   [x] not available (no source data, or a zero denominator, or a Region, Council Type or
--   England value that not every council of the geography supplied the source for: coverage),
--   [c] suppressed (council base below the threshold; a CLD measure's council numerator or
--   denominator below the year's framework_years.cld_council_suppression_below).
-- Rounding for publication happens in export_ascof_outcomes, to count_rounding_base (the SALT
-- values' own; from 2024-25 the CLD council counts' framework_years.cld_council_count_rounding_base;
-- else the var).
with year_measures as (
    select
        measure_group,
        metric_code,
        publication_status,
        published_description
    from {{ ref('framework_measures') }}
    where framework_year = '{{ var("survey_year") }}'
),

catalogue as (
    -- a year's measure takes its computation and layout from the metric it is computed as
    select
        year_measures.measure_group,
        year_measures.publication_status,
        metric_catalogue.metric_code,
        coalesce(
            year_measures.published_description, metric_catalogue.published_description
        ) as published_description,
        metric_catalogue.respondent_population,
        metric_catalogue.input_source,
        metric_catalogue.decimals,
        metric_catalogue.disaggregation_set,
        metric_catalogue.measure_type_set
    from year_measures
    inner join {{ ref('metric_catalogue') }} as metric_catalogue
        on year_measures.metric_code = metric_catalogue.metric_code
),

year_disclosure as (
    select
        cld_council_suppression_below,
        cld_council_count_rounding_base
    from {{ ref('framework_years') }}
    where framework_year = '{{ var("survey_year") }}'
),

geographies as (
    select * from {{ ref('int_geographies') }}
),

disaggregation_sets as (
    select
        disaggregation_set,
        disaggregation_level
    from {{ ref('disaggregation_sets') }}
),

disaggregations as (
    select
        disaggregation_level,
        measure_code_suffix,
        carer_measure_code_suffix,
        sort_order
    from {{ ref('disaggregations') }}
),

measure_types as (
    select
        measure_type_set,
        measure_type,
        is_count,
        sort_order
    from {{ ref('measure_types') }}
),

results as (
    select * from {{ ref('ascof_metric_results') }}
),

salt_disclosure as (
    -- SALT-method values: their count rounding and NHS England's suppression, [c] too
    -- (salt_disclosure_control)
    select * from {{ ref('salt_disclosure_control') }}
),

grid as (
    select
        catalogue.measure_group,
        catalogue.publication_status,
        catalogue.metric_code,
        catalogue.published_description,
        catalogue.input_source,
        catalogue.decimals,
        geographies.geography_level,
        geographies.geography_code,
        geographies.geography_name,
        geographies.ons_code,
        geographies.geography_level_order,
        disaggregations.disaggregation_level,
        disaggregations.sort_order as disaggregation_order,
        measure_types.measure_type,
        measure_types.is_count,
        measure_types.sort_order as measure_type_order,
        {{ concat_text(['catalogue.measure_group', "coalesce(case
            when catalogue.respondent_population = 'carers' then disaggregations.carer_measure_code_suffix
            else disaggregations.measure_code_suffix
        end, '')"]) }} as ascof_measure_code
    from catalogue
    cross join geographies
    inner join disaggregation_sets
        on catalogue.disaggregation_set = disaggregation_sets.disaggregation_set
    inner join disaggregations
        on disaggregation_sets.disaggregation_level = disaggregations.disaggregation_level
    inner join measure_types on catalogue.measure_type_set = measure_types.measure_type_set
),

valued as (
    select
        grid.*,
        -- SALT values their own rounding; from 2024-25 CLD council counts as DHSC publishes them
        coalesce(
            salt_disclosure.count_rounding_base,
            case
                when grid.geography_level = 'Council' and grid.input_source = 'cld'
                    then year_disclosure.cld_council_count_rounding_base
            end
        ) as count_rounding_base,
        salt_disclosure.is_suppressed as is_salt_suppressed,
        year_disclosure.cld_council_suppression_below,
        salt_disclosure.outcome_rounding,
        results.base,
        results.numerator,
        results.denominator,
        results.councils_supplied,
        results.councils_in_geography,
        case grid.measure_type
            when 'Numerator' then results.numerator
            when 'Denominator' then results.denominator
            when 'Outcome' then results.outcome
            when 'Base' then cast(results.base as {{ type_double() }})
            when 'Margin of Error' then results.margin_of_error
        end as measure_value
    from grid
    left join results
        on
            grid.metric_code = results.metric_code
            and grid.geography_level = results.geography_level
            and grid.geography_code = results.geography_code
            and grid.disaggregation_level = results.disaggregation_level
    left join year_disclosure on 1 = 1
    left join salt_disclosure
        on
            grid.metric_code = salt_disclosure.metric_code
            and grid.geography_level = salt_disclosure.geography_level
            and grid.geography_code = salt_disclosure.geography_code
            and grid.disaggregation_level = salt_disclosure.disaggregation_level
            and grid.measure_type = salt_disclosure.measure_type
),

final as (
    select
        '{{ var("survey_year") }}' as reporting_year,
        geography_level,
        geography_code,
        geography_name,
        ons_code,
        measure_group,
        metric_code,
        ascof_measure_code,
        disaggregation_level,
        published_description as measure_group_description,
        measure_type,
        case
            when publication_status in ('not_applicable', 'not_published') then '[z]'
            when publication_status = 'not_available' then '[x]'
            when
                {{ condition_literal(var('disclosure_control')) }}
                and geography_level = 'Council'
                and base < {{ var('suppression_base_threshold') }}
                then '[c]'
            when
                {{ condition_literal(var('disclosure_control')) }}
                and {{ is_true('is_salt_suppressed') }}
                then '[c]'
            -- a CLD council value with few people, as DHSC publishes it (from 2024-25)
            when
                {{ condition_literal(var('disclosure_control')) }}
                and geography_level = 'Council'
                and input_source = 'cld'
                and denominator > 0
                and (
                    numerator < cld_council_suppression_below
                    or denominator < cld_council_suppression_below
                )
                then '[c]'
            when coalesce(denominator, 0) = 0 or measure_value is null then '[x]'
            -- coverage: computed from the councils that supplied it, published only from all
            when councils_supplied < councils_in_geography then '[x]'
        end as value_marker,
        measure_value,
        councils_supplied,
        councils_in_geography,
        is_count,
        count_rounding_base,
        outcome_rounding,
        decimals,
        geography_level_order,
        disaggregation_order,
        measure_type_order
    from valued
)

select * from final
