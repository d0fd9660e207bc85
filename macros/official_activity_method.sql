{#- An activity metric as published for the framework year (seed framework_years,
    activity_method): for 2023-24 (salt_else_cld) from the SALT return, the official source in
    its last year, when SALT cells were supplied, otherwise from Client Level Data; from 2024-25
    (cld) from Client Level Data only, SALT being discontinued. The choice is per metric, for
    every geography at once, so a regional or national value never mixes the two methods. -#}
{% macro official_activity_method(code) %}
with uses_salt as (
    select 1 as uses_salt
    from {{ ref('framework_years') }}
    where
        framework_year = '{{ var("survey_year") }}'
        and activity_method = 'salt_else_cld'
),

salt_method as (
    select * from {{ ref('ascof_salt_' ~ code) }}
    where exists (select 1 from uses_salt)
),

cld_method as (
    select * from {{ ref('ascof_cld_' ~ code) }}
),

final as (
    select * from salt_method
    union all
    select * from cld_method
    where not exists (select 1 from salt_method)
)

select * from final
{% endmacro %}
