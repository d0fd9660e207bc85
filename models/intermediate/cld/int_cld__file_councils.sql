-- Whose submission each CLD file is: a file is one council's
-- submission, the council most of its rows name, the file's name breaking a tie (716_q4.csv is
-- council 716's). A row naming another council is rejected (int_cld__event_rows) and never
-- becomes, or supersedes, a submission of the council it names (int_cld__submissions). A part of
-- a warehouse table (--source-schema) may hold several councils' submissions: each council's rows
-- of it are that council's.
with file_councils as (
    select
        source_file,
        council_code,
        rows_stated
    from {{ ref('stg_cld__file_councils') }}
),

input_files as (
    select
        file_name,
        input_kind
    from {{ ref('stg_loader__input_files') }}
),

ranked as (
    select
        file_councils.source_file,
        file_councils.council_code,
        file_councils.rows_stated,
        {{ as_flag("coalesce(input_files.input_kind, '') = 'table part'") }} as is_table_part,
        row_number() over (
            partition by file_councils.source_file
            order by
                case when file_councils.council_code is null then 1 else 0 end asc,
                file_councils.rows_stated desc,
                case
                    when
                        file_councils.council_code is not null
                        and upper(file_councils.source_file)
                        like {{ concat_text(["'%'", 'file_councils.council_code', "'%'"]) }}
                        then 0
                    else 1
                end asc,
                file_councils.council_code asc
        ) as council_rank
    from file_councils
    left join input_files on file_councils.source_file = input_files.file_name
),

final as (
    select
        source_file,
        council_code,
        rows_stated,
        max(case when council_rank = 1 then council_code end) over (partition by source_file)
            as file_council_code,
        {{ as_flag(is_true('is_table_part') ~ ' or council_rank = 1') }} as is_file_council
    from ranked
)

select * from final
