-- CQC location rows classified for 6B: in scope or not, council, setting, rating band, checks.
{#- 6B's scope (docs/method.md, CQC: metric 6B), lower-case SQL literals.
    Adult social care locations are in scope; 6B itself reads the residential ones (care homes)
    and the community ones are a labelled extra. UNCERTAIN: whether hospices or other categories
    belong, and which ratings mean "not yet rated"; correct them here. -#}
{%- set adult_social_care_location_types = "'social care org'" %}
{%- set residential_inspection_category = "'residential social care'" %}
{%- set adult_social_care_inspection_categories =
    residential_inspection_category ~ ", 'community based adult social care services'" %}
{%- set overall_domain = "'overall'" %}
{%- set overall_service_group = "'overall'" %}
{%- set requires_improvement_or_inadequate = "'requires improvement', 'inadequate'" %}
{%- set not_yet_rated =
    "'not yet rated', 'insufficient evidence to rate', 'not rated', 'no rating', ''" %}
with location_ratings as (
    select * from {{ ref('stg_cqc__location_ratings') }}
),

local_authority_names as (
    select
        lower(trim(cqc_local_authority_name)) as local_authority_key,
        council_code
    from {{ ref('cqc_local_authority_names') }}
),

classified as (
    select
        location_ratings.*,
        local_authority_names.council_code,
        coalesce(
            location_ratings.location_type in ({{ adult_social_care_location_types }})
            and location_ratings.primary_inspection_category
            in ({{ adult_social_care_inspection_categories }})
            and location_ratings.rating_domain = {{ overall_domain }}
            and location_ratings.service_population_group = {{ overall_service_group }},
            false
        ) as is_in_scope,
        case
            when location_ratings.latest_rating = 'outstanding' then 'outstanding'
            when location_ratings.latest_rating = 'good' then 'good'
            when location_ratings.latest_rating in ({{ requires_improvement_or_inadequate }})
                then 'requires improvement or inadequate'
            when coalesce(location_ratings.latest_rating, '') in ({{ not_yet_rated }})
                then 'not yet rated'
        end as rating_group
    from location_ratings
    left join local_authority_names
        on lower(location_ratings.local_authority_name) = local_authority_names.local_authority_key
),

numbered as (
    select
        *,
        row_number() over (
            partition by is_in_scope, location_id
            order by source_file, source_row
        ) as location_occurrence
    from classified
),

checked as (
    select
        *,
        -- rows outside 6B's scope are valid input the definition leaves out, not rejections
        case
            when not is_in_scope then null
            when location_id is null then 'no location id'
            when council_code is null then 'unknown CQC local authority name'
            when location_occurrence > 1 then 'duplicate overall rating for the location'
            when rating_group is null then 'latest rating not recognised'
        end as rejection_reason
    from numbered
),

final as (
    select
        source_file,
        source_row,
        location_id,
        council_code,
        is_in_scope,
        is_care_home,
        -- Care Home? decides; when it is neither Y nor N, the primary inspection category does
        case
            when is_care_home then 'Care homes'
            when not is_care_home then 'Community services'
            when primary_inspection_category = {{ residential_inspection_category }}
                then 'Care homes'
            else 'Community services'
        end as setting,
        rating_group,
        rejection_reason,
        case rejection_reason
            when 'no location id' then 'locationid'
            when 'unknown CQC local authority name' then 'locationlocalauthority'
            when 'duplicate overall rating for the location' then 'locationid'
            when 'latest rating not recognised' then 'latestrating'
        end as rejected_column,
        case rejection_reason
            when 'unknown CQC local authority name' then local_authority_name
            when 'latest rating not recognised' then rating_as_read
        end as rejected_value,
        case
            when is_in_scope and rejection_reason is null and is_care_home is null
                then 'Care Home? is not Y or N: setting taken from the primary inspection category'
        end as value_rejection_reason,
        care_home_as_read
    from checked
)

select * from final
