-- One row per ASC-WDS establishment or council row, typed. The council comes from cssr, else lauthid.
with workplaces as (
    select
        _source_file,
        _source_row,
        cssr,
        lauthid,
        establishmentid,
        totalstaff,
        totalleavers
    from {{ source('ascwds', 'workplaces') }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        coalesce(nullif(upper(trim(cssr)), ''), nullif(upper(trim(lauthid)), '')) as council_reference,
        case
            when coalesce(trim(cssr), '') != '' then 'cssr'
            when coalesce(trim(lauthid), '') != '' then 'lauthid'
        end as council_reference_column,
        nullif(trim(establishmentid), '') as establishment_id,
        trim(totalstaff) as staff_as_read,
        trim(totalleavers) as leavers_as_read,
        {{ count_or_null('totalstaff') }} as staff,
        {{ count_or_null('totalleavers') }} as leavers,
        {{ as_flag(
            "coalesce(trim(totalstaff), '') = ''"
            ~ " or lower(trim(totalstaff)) in ('[c]', '[x]', '[z]', 'c', 'x', 'z', '*')"
        ) }} as is_staff_marked_unknown,
        {{ as_flag(
            "coalesce(trim(totalleavers), '') = ''"
            ~ " or lower(trim(totalleavers)) in ('[c]', '[x]', '[z]', 'c', 'x', 'z', '*')"
        ) }} as is_leavers_marked_unknown
    from workplaces
)

select * from final
