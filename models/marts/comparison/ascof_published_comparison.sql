-- Computed versus published: every metric's Total outcome for every geography, this build's value
-- (rounded as published) beside the published value of the same year, and the difference.
-- A value hidden by a marker ([c], [x]) is not compared and not shown; councils_supplied of
-- councils_in_geography says how many councils a Region, Council Type or England value is from.
with outcomes as (
    select
        geography_level,
        geography_code,
        geography_name,
        measure_group,
        metric_code,
        measure_group_description,
        measure_type,
        value_marker,
        measure_value,
        councils_supplied,
        councils_in_geography,
        decimals,
        geography_level_order
    from {{ ref('ascof_outcomes') }}
    where disaggregation_level = 'Total'
),

computed as (
    select * from outcomes
    where measure_type = 'Outcome'
),

margins as (
    select
        geography_level,
        geography_code,
        measure_group,
        measure_value as margin_of_error
    from outcomes
    where measure_type = 'Margin of Error' and value_marker is null
),

published as (
    select
        geography_level,
        geography_code,
        measure_group,
        published_value
    from {{ ref('ascof_published_trend') }}
    where reporting_year = '{{ var("survey_year") }}'
),

shown as (
    select
        computed.geography_level,
        computed.geography_code,
        computed.geography_name,
        computed.measure_group,
        computed.metric_code,
        computed.measure_group_description,
        computed.decimals,
        computed.geography_level_order,
        computed.value_marker,
        computed.councils_supplied,
        computed.councils_in_geography,
        case when computed.value_marker is null then computed.measure_value end as computed_outcome,
        margins.margin_of_error
    from computed
    left join margins
        on
            computed.geography_level = margins.geography_level
            and computed.geography_code = margins.geography_code
            and computed.measure_group = margins.measure_group
),

rounded as (
    -- rounded as published: half away from zero to the catalogue's decimals (1, or 3 for 1B)
    select
        *,
        case
            when decimals = 3 then {{ round_half_away_from_zero('computed_outcome', 3) }}
            else {{ round_half_away_from_zero('computed_outcome', 1) }}
        end as computed_value
    from shown
),

final as (
    select
        rounded.geography_level,
        rounded.geography_code,
        rounded.geography_name,
        rounded.measure_group,
        rounded.metric_code,
        rounded.measure_group_description,
        rounded.value_marker,
        rounded.councils_supplied,
        rounded.councils_in_geography,
        rounded.computed_outcome,
        rounded.margin_of_error as computed_margin_of_error,
        rounded.computed_value,
        published.published_value,
        case
            when rounded.decimals = 3
                then {{ round_half_away_from_zero('rounded.computed_value - published.published_value', 3) }}
            else {{ round_half_away_from_zero('rounded.computed_value - published.published_value', 1) }}
        end as difference,
        rounded.decimals,
        rounded.geography_level_order
    from rounded
    left join published
        on
            rounded.geography_level = published.geography_level
            and rounded.geography_code = published.geography_code
            -- the published trend is keyed by metric code (2024-25's 2E1 is metric 2E)
            and rounded.metric_code = published.measure_group
)

select * from final
