-- SALT-method numerators and denominators per council, metric and disaggregation: the signed sum
-- of the cells the salt_metric_cells seed names, a cell the council did not return counting 0
-- (NHS England's fillna(0)); a measure with no cell to stand on is not available
-- (docs: int_salt__metric_counts).
{#- 2B and 2C's denominators are not SALT cells: the seed names them as this table, and they are
    read from the ONS mid-year estimates (ons/ source), the same populations as the CLD method. -#}
{%- set population_table = 'ons mid-year population estimates' %}
{%- set population_row = 'mid-2023' %}
{#- Denominators from another source than the SALT tables: NHS England joins them to the SALT
    numerators on the council (an inner merge), so such a measure needs a SALT numerator cell too. -#}
{%- set external_denominator_tables = [population_table, 'hes'] %}
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
        expected_cells.table_reference,
        expected_cells.sign,
        {{ as_flag('cells.council_code is not null') }} as is_returned,
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
        max(case
            {%- for table in external_denominator_tables %}
            when table_reference = '{{ table }}' then 1
            {%- endfor %}
            else 0
        end) as from_other_source,
        sum(case when {{ is_true('is_returned') }} then 1 else 0 end) as cells_returned,
        sum(case when {{ is_true('is_returned') }} and cell_value is null then 1 else 0 end) as cells_unknown,
        -- a cell the council did not return counts 0
        sum(sign * coalesce(cell_value, 0)) as part_value
    from valued
    group by council_code, metric_code, disaggregation_level, part
),

measures as (
    select
        council_code,
        metric_code,
        disaggregation_level,
        max(case when part = 'numerator' then part_value end) as numerator,
        max(case when part = 'denominator' then part_value end) as denominator,
        sum(case when part = 'numerator' then cells_returned else 0 end) as numerator_cells,
        sum(case when part = 'denominator' then cells_returned else 0 end) as denominator_cells,
        sum(cells_unknown) as unknown_cells,
        max(case when part = 'denominator' then from_other_source else 0 end)
            as denominator_from_other_source
    from parts
    group by council_code, metric_code, disaggregation_level
),

checked as (
    select
        *,
        case
            when denominator_cells = 0 then 'no denominator cell'
            when denominator_from_other_source = 1 and numerator_cells = 0
                then 'no SALT numerator cell'
            when unknown_cells > 0 then 'a cell is [c], [x], [z] or not a whole number'
        end as unavailable_reason
    from measures
),

final as (
    select
        council_code,
        metric_code,
        disaggregation_level,
        case when unavailable_reason is null then numerator end as numerator,
        case when unavailable_reason is null then denominator end as denominator,
        {{ as_flag('unavailable_reason is null') }} as is_available,
        unavailable_reason
    from checked
)

select * from final
