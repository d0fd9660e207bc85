-- Every computed metric in one wide table: one row per metric, geography and disaggregation,
-- with unrounded numerator, denominator, base (survey metrics), outcome and margin of error, and
-- the geography's coverage: councils_supplied of councils_in_geography (published when equal).
-- A metric model joins the outputs by being listed here.
{%- set metric_models = [
    'ascof_1a', 'ascof_1b', 'ascof_1c', 'ascof_1d', 'ascof_1e',
    'ascof_3a', 'ascof_3b', 'ascof_3c1', 'ascof_3c2',
    'ascof_4a', 'ascof_5a1', 'ascof_5a2',
    'ascof_4b', 'ascof_6a', 'ascof_6b',
    'ascof_cld_2d', 'ascof_cld_2e_all', 'ascof_cld_2e2a', 'ascof_cld_2e2b',
    'ascof_2a', 'ascof_2b', 'ascof_2c', 'ascof_2e',
    'ascof_3d1a', 'ascof_3d1b', 'ascof_3d2a', 'ascof_3d2b',
    'ascof_salt_2d1', 'ascof_salt_2d2',
] %}
with results as (
    {%- for metric_model in metric_models %}
    select
        metric_code,
        geography_level,
        geography_code,
        disaggregation_level,
        numerator,
        denominator,
        base,
        outcome,
        margin_of_error,
        councils_supplied,
        councils_in_geography
    from {{ ref(metric_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select * from results
)

select * from final
