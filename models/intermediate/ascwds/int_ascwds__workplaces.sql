-- ASC-WDS rows with their council and the row checks (docs: int_ascwds__workplaces).
with workplaces as (
    select * from {{ ref('stg_ascwds__workplaces') }}
),

councils as (
    select
        council_code,
        council_ons_code
    from {{ ref('councils') }}
),

matched as (
    select
        workplaces.*,
        coalesce(by_code.council_code, by_ons_code.council_code) as council_code,
        workplaces.establishment_id is not null as is_establishment_row,
        -- a figure that is neither a whole number nor a marker (or blank) is an error
        workplaces.staff is null and not workplaces.is_staff_marked_unknown as is_staff_invalid,
        workplaces.leavers is null and not workplaces.is_leavers_marked_unknown as is_leavers_invalid
    from workplaces
    left join councils as by_code on workplaces.council_reference = by_code.council_code
    left join councils as by_ons_code on workplaces.council_reference = by_ons_code.council_ons_code
),

numbered as (
    select
        *,
        row_number() over (
            partition by council_code, is_establishment_row, establishment_id
            order by source_file, source_row
        ) as occurrence,
        max(case when not is_establishment_row then 1 else 0 end) over (
            partition by council_code
        ) = 1 as council_has_council_row
    from matched
),

checked as (
    select
        *,
        case
            when council_reference is null then 'no council code in cssr or lauthid'
            when council_code is null then 'unknown council code'
            -- an establishment with a bad figure is left out whole (as one without leavers data)
            when is_establishment_row and is_staff_invalid then 'totalstaff is not a whole number'
            when is_establishment_row and is_leavers_invalid then 'totalleavers is not a whole number'
            when is_establishment_row and (staff < 0 or leavers < 0) then 'negative staff or leavers'
            when occurrence > 1 and is_establishment_row then 'duplicate establishment'
            when occurrence > 1 then 'duplicate council-level row for the council'
            when is_establishment_row and council_has_council_row
                then 'council also has a council-level row, which counts it once'
            when is_establishment_row and (staff is null or leavers is null)
                then 'staff or leavers not recorded: establishment left out of numerator and denominator'
        end as rejection_reason,
        -- a council-level row keeps its place: a bad figure makes the council's figure unknown
        not is_establishment_row and (is_staff_invalid or staff < 0) as is_staff_set_aside,
        not is_establishment_row and (is_leavers_invalid or leavers < 0) as is_leavers_set_aside
    from numbered
),

final as (
    select
        source_file,
        source_row,
        council_code,
        establishment_id,
        is_establishment_row,
        case when not coalesce(is_staff_set_aside, false) then staff end as staff,
        case when not coalesce(is_leavers_set_aside, false) then leavers end as leavers,
        rejection_reason,
        case
            when rejection_reason is null then null
            when council_reference is null then 'cssr'
            when council_code is null then council_reference_column
            when is_staff_invalid then 'totalstaff'
            when is_leavers_invalid then 'totalleavers'
            when staff < 0 then 'totalstaff'
            when leavers < 0 then 'totalleavers'
            when is_establishment_row then 'establishmentid'
            else council_reference_column
        end as rejected_column,
        case
            when rejection_reason is null then null
            when council_code is null then council_reference
            when is_staff_invalid or staff < 0 then staff_as_read
            when is_leavers_invalid or leavers < 0 then leavers_as_read
        end as rejected_value,
        case
            when rejection_reason is null and is_staff_set_aside
                then 'totalstaff is not a whole number or is negative: the council figure is unknown'
        end as staff_rejection_reason,
        staff_as_read,
        case
            when rejection_reason is null and is_leavers_set_aside
                then 'totalleavers is not a whole number or is negative: the council figure is unknown'
        end as leavers_rejection_reason,
        leavers_as_read
    from checked
)

select * from final
