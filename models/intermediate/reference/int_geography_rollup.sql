-- Each council belongs to four geographies: itself, its region, its council type and England.
-- Metrics sum numerators and denominators over this mapping, never average council values.
with councils as (
    select
        council_code,
        council_name,
        council_ons_code,
        council_type_code,
        council_type_name,
        region_code
    from {{ ref('councils') }}
),

regions as (
    select
        region_code,
        region_name,
        region_ons_code
    from {{ ref('regions') }}
),

council_level as (
    select
        council_code,
        'Council' as geography_level,
        council_code as geography_code,
        council_name as geography_name,
        council_ons_code as ons_code,
        1 as geography_level_order
    from councils
),

region_level as (
    select
        councils.council_code,
        'Region' as geography_level,
        regions.region_code as geography_code,
        regions.region_name as geography_name,
        regions.region_ons_code as ons_code,
        2 as geography_level_order
    from councils
    inner join regions on councils.region_code = regions.region_code
),

council_type_level as (
    select
        council_code,
        'Council Type' as geography_level,
        council_type_code as geography_code,
        council_type_name as geography_name,
        cast(null as {{ dbt.type_string() }}) as ons_code,
        3 as geography_level_order
    from councils
),

england_level as (
    select
        council_code,
        'England' as geography_level,
        'E92000001' as geography_code,
        'England' as geography_name,
        'E92000001' as ons_code,
        4 as geography_level_order
    from councils
),

final as (
    select * from council_level
    union all
    select * from region_level
    union all
    select * from council_type_level
    union all
    select * from england_level
)

select * from final
