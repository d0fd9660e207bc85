-- Every rejected input row or value, with where it came from and why: browse it to fix a return.
-- Row rejections take the whole row out of the metrics; value rejections null one value.
-- Each has a kind (rejection_kind): superseded, repeat, out_of_scope or bad_value.
-- Holds file names, row numbers and the rejected code only: no person identifiers.
with ledger as (
    {%- for ledger_model in ledger_models() %}
    select
        source_folder,
        file_name,
        source_row,
        rejection_scope,
        column_name,
        rejected_value,
        rejection_reason
    from {{ ref(ledger_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        source_folder,
        file_name,
        source_row,
        rejection_scope,
        column_name,
        rejected_value,
        rejection_reason,
        {{ rejection_kind('rejection_reason', 'rejection_scope') }} as rejection_kind
    from ledger
    where rejection_reason is not null
)

select * from final
