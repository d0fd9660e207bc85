-- One row per council of the SACE eligible population table, typed.
with eligible_populations as (
    select
        _source_file,
        _source_row,
        lacode,
        eligiblepop
    from {{ source('sace', 'eligible_populations') }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        upper(trim(lacode)) as council_code,
        {{ to_integer_or_null('eligiblepop') }} as eligible_population
    from eligible_populations
)

select * from final
