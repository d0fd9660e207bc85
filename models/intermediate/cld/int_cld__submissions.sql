-- One row per CLD submission (a council's rows in one file) and the quarters it is read for.
-- DHSC method (docs/method.md, CLD step joined submissions): for every council and every quarter of the data
-- window, the latest submission that covers the whole quarter and was made after it ended is
-- read; a submission chosen for several quarters is read for the span MIN(start)..MAX(end).
-- A submission is made on the submitted_at / ImportDate its rows state; one that states none is
-- taken as made on the day its file was last modified (the input contract: a file's name and
-- modification time identify the submission, a stated date wins), or, read from a warehouse
-- table (--source-schema), on the day it was read. The file name breaks ties. Only the rows of
-- the council whose submission the file is (int_cld__file_councils) make a submission.
with stated_periods as (
    select
        source_file,
        council_code,
        submitted_on,
        reporting_period_start_date,
        reporting_period_end_date
    from {{ ref('stg_cld__submission_periods') }}
),

-- a file is the submission of one council (int_cld__file_councils): a stray row naming another
-- council makes no submission of that council
file_councils as (
    select
        source_file,
        council_code
    from {{ ref('int_cld__file_councils') }}
    where {{ is_true('is_file_council') }}
),

input_files as (
    select
        file_name,
        modified_on
    from {{ ref('stg_loader__input_files') }}
),

councils as (
    select council_code from {{ ref('councils') }}
),

quarters as (
    {{ cld_quarters() }}
),

stated_submissions as (
    select
        stated_periods.council_code,
        stated_periods.source_file,
        max(stated_periods.submitted_on) as submitted_on,
        min(stated_periods.reporting_period_start_date) as stated_period_start_date,
        max(stated_periods.reporting_period_end_date) as stated_period_end_date
    from stated_periods
    inner join councils on stated_periods.council_code = councils.council_code
    inner join file_councils
        on
            stated_periods.source_file = file_councils.source_file
            and stated_periods.council_code = file_councils.council_code
    group by stated_periods.council_code, stated_periods.source_file
),

submissions as (
    select
        stated_submissions.*,
        coalesce(stated_submissions.submitted_on, input_files.modified_on) as made_on
    from stated_submissions
    left join input_files on stated_submissions.source_file = input_files.file_name
),

ordered as (
    select
        council_code,
        source_file,
        submitted_on,
        stated_period_start_date,
        stated_period_end_date,
        -- a submission that states no period is taken to cover the reporting year
        coalesce(stated_period_start_date, {{ cld_date('reporting_period_start') }}) as period_start_date,
        coalesce(stated_period_end_date, {{ cld_date('reporting_period_end') }}) as period_end_date,
        made_on,
        -- later submissions number higher: by the day made, then file name
        row_number() over (
            partition by council_code
            order by {{ order_nulls_first('made_on') }}, source_file asc
        ) as submission_number
    from submissions
),

candidates as (
    select
        ordered.council_code,
        ordered.source_file,
        quarters.quarter_start,
        quarters.quarter_end,
        row_number() over (
            partition by ordered.council_code, quarters.quarter_start
            order by ordered.submission_number desc
        ) as recency
    from ordered
    inner join quarters
        on
            ordered.period_start_date <= quarters.quarter_start
            and ordered.period_end_date >= quarters.quarter_end
            and (ordered.made_on is null or ordered.made_on > quarters.quarter_end)
),

selected as (
    select
        council_code,
        source_file,
        min(quarter_start) as ref_period_start_date,
        max(quarter_end) as ref_period_end_date,
        count(*) as quarters_selected
    from candidates
    where recency = 1
    group by council_code, source_file
),

final as (
    select
        ordered.council_code,
        ordered.source_file,
        ordered.submission_number,
        ordered.submitted_on,
        ordered.made_on,
        ordered.stated_period_start_date,
        ordered.stated_period_end_date,
        selected.ref_period_start_date,
        selected.ref_period_end_date,
        coalesce(selected.quarters_selected, 0) as quarters_selected,
        {{ as_flag('selected.source_file is not null') }} as is_selected,
        max(selected.ref_period_end_date) over (partition by ordered.council_code)
            as council_last_ref_period_end_date
    from ordered
    left join selected
        on
            ordered.council_code = selected.council_code
            and ordered.source_file = selected.source_file
)

select * from final
