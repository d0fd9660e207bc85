-- SAC cells with their council and the row and value checks (docs: int_sac__cells).
with cells as (
    select * from {{ ref('stg_sac__cells') }}
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
        coalesce(by_code.council_code, by_ons_code.council_code) as known_council_code
    from cells
    left join councils as by_code on cells.council_code = by_code.council_code
    left join councils as by_ons_code on cells.council_ons_code = by_ons_code.council_ons_code
),

numbered as (
    select
        *,
        row_number() over (
            partition by known_council_code, table_reference, enquiry_type, category, subcategory
            order by source_file, source_row
        ) as cell_occurrence
    from matched
),

checked as (
    select
        *,
        case
            when
                known_council_code is null
                and coalesce(council_code, '') = ''
                and coalesce(council_ons_code, '') = ''
                then 'no council code'
            when known_council_code is null then 'unknown council code'
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
        known_council_code as council_code,
        table_reference,
        enquiry_type,
        category,
        subcategory,
        case when value_rejection_reason is null then cell_value end as cell_value,
        value_marker,
        rejection_reason,
        case
            when known_council_code is null then 'lacode'
            when rejection_reason is not null then 'tablereference'
        end as rejected_column,
        case
            when known_council_code is null then coalesce(nullif(council_code, ''), council_ons_code)
        end as rejected_value,
        case when rejection_reason is null then value_rejection_reason end as value_rejection_reason,
        value_as_read
    from checked
)

select * from final
