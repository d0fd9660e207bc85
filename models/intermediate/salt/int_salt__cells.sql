-- Tidy SALT cells with their council and the row and value checks (docs: int_salt__cells).
with staged as (
    select * from {{ ref('stg_salt__cells') }}
),

cells as (
    -- HES marks its small counts (1-7) "*"; NHS England's HES.py reads them as 0
    select
        source_file,
        source_row,
        council_reference,
        table_reference,
        row_label,
        column_label,
        value_as_read,
        case
            when table_reference = 'hes' and value_as_read = '*' then 0 else cell_value
        end as cell_value,
        value_marker
    from staged
),

councils as (
    select
        council_code,
        council_ons_code
    from {{ ref('councils') }}
),

matched as (
    select
        cells.*,
        coalesce(by_code.council_code, by_ons_code.council_code) as council_code
    from cells
    left join councils as by_code on cells.council_reference = by_code.council_code
    left join councils as by_ons_code on cells.council_reference = by_ons_code.council_ons_code
),

numbered as (
    select
        *,
        row_number() over (
            partition by council_code, table_reference, row_label, column_label
            order by source_file, source_row
        ) as cell_occurrence
    from matched
),

checked as (
    select
        *,
        case
            when coalesce(council_reference, '') = '' then 'no council code'
            when council_code is null then 'unknown council code'
            when table_reference is null or row_label is null or column_label is null
                then 'no table reference, row label or column label'
            when cell_occurrence > 1
                then 'duplicate cell: same council, table and labels as an earlier row'
        end as rejection_reason,
        {{ cell_value_rejection_reason('cell_value', 'value_marker') }} as value_rejection_reason
    from numbered
),

final as (
    select
        source_file,
        source_row,
        council_code,
        table_reference,
        row_label,
        column_label,
        case when value_rejection_reason is null then cell_value end as cell_value,
        value_marker,
        rejection_reason,
        case
            when council_code is null then 'lacode'
            when rejection_reason is not null then 'tablereference'
        end as rejected_column,
        case when council_code is null then council_reference end as rejected_value,
        case when rejection_reason is null then value_rejection_reason end as value_rejection_reason,
        value_as_read
    from checked
)

select * from final
