-- SALT-method numerators and denominators per council, metric and disaggregation: the signed sum
-- of the cells the salt_metric_cells seed names (docs: int_salt__metric_counts).
{#- 2B and 2C's denominators are not SALT cells: the seed names them as this table, and they are
    read from the ONS mid-year estimates (ons/ source), the same populations as the CLD method. -#}
{%- set population_table = 'ons mid-year population estimates' %}
{%- set population_row = 'mid-2023' %}
with salt_cells as (
    select
        council_code,
        table_reference,
        row_label,
        column_label,
        cell_value
    from {{ ref('int_salt__cells') }}
    where rejection_reason is null and table_reference != '{{ population_table }}'
),

population_cells as (
    select
        council_code,
        '{{ population_table }}' as table_reference,
        '{{ population_row }}' as row_label,
        lower(age_band) as column_label,
        population as cell_value
    from {{ ref('int_ons__council_populations') }}
),

cells as (
    select * from salt_cells
    union all
    select * from population_cells
),

metric_cells as (
    select
        metric_code,
        part,
        disaggregation_level,
        lower(trim(table_reference)) as table_reference,
        lower(trim(row_label)) as row_label,
        lower(trim(column_label)) as column_label,
        sign
    from {{ ref('salt_metric_cells') }}
),

reporting_councils as (
    select distinct council_code from salt_cells
),

expected_cells as (
    select
        reporting_councils.council_code,
        metric_cells.*
    from reporting_councils
    cross join metric_cells
),

valued as (
    select
        expected_cells.council_code,
        expected_cells.metric_code,
        expected_cells.part,
        expected_cells.disaggregation_level,
        expected_cells.sign,
        cells.cell_value
    from expected_cells
    left join cells
        on
            expected_cells.council_code = cells.council_code
            and expected_cells.table_reference = cells.table_reference
            and expected_cells.row_label = cells.row_label
            and expected_cells.column_label = cells.column_label
),

parts as (
    select
        council_code,
        metric_code,
        disaggregation_level,
        part,
        -- a missing, [c]/[x] or rejected cell makes the part unknown, never a partial sum
        case when count(cell_value) = count(*) then sum(sign * cell_value) end as part_value
    from valued
    group by council_code, metric_code, disaggregation_level, part
),

final as (
    select
        council_code,
        metric_code,
        disaggregation_level,
        max(case when part = 'numerator' then part_value end) as numerator,
        max(case when part = 'denominator' then part_value end) as denominator
    from parts
    group by council_code, metric_code, disaggregation_level
)

select * from final
