-- The ONS population data-quality ledger: one row per input row, used or rejected with its reason,
-- and one per population cell of a used MYE2 row that was set aside. A row is rejected when every
-- value on it is rejected for a reason about the row (an MYEB row has one value; an MYE2 row, one
-- per age, shares its area and sex).
with population_values as (
    select
        source_file,
        source_row,
        population_column,
        population_as_read,
        rejection_reason,
        rejected_column,
        rejected_value,
        rejection_scope
    from {{ ref('int_ons__population_rows') }}
),

input_rows as (
    select
        source_file,
        source_row,
        case
            when count(*) = count(case when rejection_scope = 'row' then rejection_reason end)
                then min(rejection_reason)
        end as rejection_reason,
        min(rejected_column) as rejected_column,
        min(rejected_value) as rejected_value
    from population_values
    group by source_file, source_row
),

final as (
    select
        'ons' as source_folder,
        source_file as file_name,
        source_row,
        'row' as rejection_scope,
        case when rejection_reason is not null then rejected_column end as column_name,
        case when rejection_reason is not null then rejected_value end as rejected_value,
        rejection_reason
    from input_rows
    union all
    select
        'ons' as source_folder,
        population_values.source_file as file_name,
        population_values.source_row,
        'value' as rejection_scope,
        population_values.population_column as column_name,
        population_values.population_as_read as rejected_value,
        population_values.rejection_reason
    from population_values
    inner join input_rows
        on
            population_values.source_file = input_rows.source_file
            and population_values.source_row = input_rows.source_row
    where input_rows.rejection_reason is null and population_values.rejection_reason is not null
)

select * from final
