-- What a council's SALT return lacks, for the data-quality report: each SALT table the
-- salt_metric_cells seed reads that the council returned no cell of (its cells count 0), and each
-- measure that is not available ([x]) for the council (docs: int_salt__return_gaps).
{%- set population_table = 'ons mid-year population estimates' %}
with used_cells as (
    select
        council_code,
        table_reference,
        source_file
    from {{ ref('int_salt__cells') }}
    where rejection_reason is null
),

council_files as (
    -- the file a council's notices are filed under: the first that holds its rows
    select
        council_code,
        min(source_file) as file_name
    from used_cells
    group by council_code
),

seed_tables as (
    select
        lower(trim(table_reference)) as table_reference,
        min(table_reference) as table_name
    from {{ ref('salt_metric_cells') }}
    where lower(trim(table_reference)) != '{{ population_table }}'
    group by lower(trim(table_reference))
),

returned_tables as (
    select distinct
        council_code,
        table_reference
    from used_cells
),

missing_tables as (
    select
        council_files.file_name,
        'table' as rejection_scope,
        seed_tables.table_name as column_name,
        council_files.council_code as rejected_value,
        {{ concat_text([
            "'council '", 'council_files.council_code', "' returned no '", 'seed_tables.table_name',
            "' cells: they count as 0 (NHS England''s method)'"
        ]) }} as rejection_reason
    from council_files
    cross join seed_tables
    left join returned_tables
        on
            council_files.council_code = returned_tables.council_code
            and seed_tables.table_reference = returned_tables.table_reference
    where returned_tables.council_code is null
),

unavailable_measures as (
    select
        council_files.file_name,
        'measure' as rejection_scope,
        {{ concat_text(['counts.metric_code', "' '", 'counts.disaggregation_level']) }} as column_name,
        counts.council_code as rejected_value,
        {{ concat_text([
            "'council '", 'counts.council_code', "': '", 'counts.metric_code', "' '",
            'counts.disaggregation_level', "' not available ([x]), '", 'counts.unavailable_reason'
        ]) }} as rejection_reason
    from {{ ref('int_salt__metric_counts') }} as counts
    inner join council_files on counts.council_code = council_files.council_code
    where not {{ is_true('counts.is_available') }}
),

final as (
    select
        'salt' as source_folder,
        file_name,
        cast(null as {{ dbt.type_int() }}) as source_row,
        rejection_scope,
        column_name,
        rejected_value,
        rejection_reason
    from missing_tables
    union all
    select
        'salt' as source_folder,
        file_name,
        cast(null as {{ dbt.type_int() }}) as source_row,
        rejection_scope,
        column_name,
        rejected_value,
        rejection_reason
    from unavailable_measures
)

select * from final
