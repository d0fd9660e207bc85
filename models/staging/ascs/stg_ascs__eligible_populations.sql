-- One row per council of the ASCS Eligible Population table, typed.
with eligible_populations as (
    select
        _source_file,
        _source_row,
        lacode,
        stratum1pop,
        stratum2pop,
        stratum3pop,
        stratum4pop,
        stratum2pop1j,
        stratum4pop1j
    from {{ source('ascs', 'eligible_populations') }}
),

final as (
    select
        _source_file as source_file,
        _source_row as source_row,
        upper(trim(lacode)) as council_code,
        {{ to_integer_or_null('stratum1pop') }} as stratum_1_population,
        {{ to_integer_or_null('stratum2pop') }} as stratum_2_population,
        {{ to_integer_or_null('stratum3pop') }} as stratum_3_population,
        {{ to_integer_or_null('stratum4pop') }} as stratum_4_population,
        {{ to_integer_or_null('stratum2pop1j') }} as stratum_2_adjusted_scrqol_population,
        {{ to_integer_or_null('stratum4pop1j') }} as stratum_4_adjusted_scrqol_population
    from eligible_populations
)

select * from final
