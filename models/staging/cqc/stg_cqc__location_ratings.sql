-- One row per CQC location x service / population group x domain, typed; labels lower case.
with location_ratings as (
    select
        _source_file,
        _source_row,
        locationid,
        carehome,
        locationtype,
        locationprimaryinspectioncategory,
        locationlocalauthority,
        servicepopulationgroup,
        domain,
        latestrating,
        publicationdate
    from {{ source('cqc', 'location_ratings') }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        nullif(upper(trim(locationid)), '') as location_id,
        trim(carehome) as care_home_as_read,
        case
            when upper(trim(carehome)) in ('Y', 'YES') then {{ flag_literal(true) }}
            when upper(trim(carehome)) in ('N', 'NO') then {{ flag_literal(false) }}
        end as is_care_home,
        lower(trim(locationtype)) as location_type,
        lower(trim(locationprimaryinspectioncategory)) as primary_inspection_category,
        trim(locationlocalauthority) as local_authority_name,
        lower(trim(servicepopulationgroup)) as service_population_group,
        lower(trim(domain)) as rating_domain,
        trim(latestrating) as rating_as_read,
        lower(trim(latestrating)) as latest_rating,
        trim(publicationdate) as publication_date_as_read
    from location_ratings
)

select * from final
