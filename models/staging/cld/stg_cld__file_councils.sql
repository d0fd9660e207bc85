-- How many rows of each CLD file name each council: normally one council per file. Read once per
-- file and council here, for int_cld__file_councils to say whose submission each file is.
{{ config(materialized='view') }}
with events as (
    select
        _source_file,
        lacode
    from {{ source('cld', 'events') }}
),

final as (
    select
        _source_file as source_file,
        upper(trim(lacode)) as council_code,
        count(*) as rows_stated
    from events
    group by _source_file, upper(trim(lacode))
)

select * from final
