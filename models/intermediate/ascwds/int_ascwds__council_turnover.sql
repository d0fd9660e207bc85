-- 6A's counts per council: leavers in the last 12 months and staff employed, summed over its rows.
with workplaces as (
    select
        council_code,
        staff,
        leavers
    from {{ ref('int_ascwds__workplaces') }}
    where rejection_reason is null
),

final as (
    select
        council_code,
        'Total' as disaggregation_level,
        count(*) as workplace_rows,
        -- a council-level [c]/[x] figure is unknown: the council total is then unknown, not smaller
        case when count(leavers) = count(*) then sum(leavers) end as numerator,
        case when count(staff) = count(*) then sum(staff) end as denominator
    from workplaces
    group by council_code
)

select * from final
