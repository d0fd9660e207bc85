{#- An activity metric as published for 2023-24: from the SALT return (the official source in
    its last year) when SALT cells were supplied, otherwise from Client Level Data (the method
    from 2024-25). The choice is per metric, for every geography at once, so a regional or
    national value never mixes the two methods. -#}
{% macro official_activity_method(code) %}
with salt_method as (
    select * from {{ ref('ascof_salt_' ~ code) }}
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
