-- Which councils supplied which source: one row per source and council with at least one row of
-- that source used (docs: int_source_suppliers). Regions, council types and England are computed
-- from these councils only and published only when every council of the geography is here.
{#- The SALT file carries the hospital episode count 2D2 divides by as its own table; it is a
    source of its own here (hes), as NHS England's code merges it on separately. -#}
{%- set hes_table = 'hes' %}
with salt_cells as (
    select
        council_code,
        lower(trim(table_reference)) as table_reference
    from {{ ref('int_salt__cells') }}
    where rejection_reason is null
),

suppliers as (
    select distinct
        'ascs' as source_name,
        council_code
    from {{ ref('int_ascs__respondents') }}
    where rejection_reason is null
    union all
    select distinct
        'sace' as source_name,
        council_code
    from {{ ref('int_sace__respondents') }}
    where rejection_reason is null
    union all
    select distinct
        'salt' as source_name,
        council_code
    from salt_cells
    where table_reference != '{{ hes_table }}'
    union all
    select distinct
        'hes' as source_name,
        council_code
    from salt_cells
    where table_reference = '{{ hes_table }}'
    union all
    select distinct
        'cld' as source_name,
        council_code
    from {{ ref('int_cld__submissions') }}
    where {{ is_true('is_selected') }}
    union all
    select distinct
        'ons' as source_name,
        council_code
    from {{ ref('int_ons__council_populations') }}
    union all
    select distinct
        'sac' as source_name,
        council_code
    from {{ ref('int_sac__cells') }}
    where rejection_reason is null
    union all
    select distinct
        'ascwds' as source_name,
        council_code
    from {{ ref('int_ascwds__workplaces') }}
    where rejection_reason is null
    union all
    select distinct
        'cqc' as source_name,
        council_code
    from {{ ref('int_cqc__location_ratings') }}
    where rejection_reason is null
),

final as (
    select
        source_name,
        council_code
    from suppliers
    where council_code is not null
)

select * from final
