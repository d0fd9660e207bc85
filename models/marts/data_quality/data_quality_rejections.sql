-- Every rejected input row or value, with where it came from and why: browse it to fix a return.
-- Row rejections take the whole row out of the metrics; value rejections null one value.
-- Each has a kind (rejection_kind): superseded, repeat, out_of_scope, bad_value or notice.
-- Holds file names, row numbers and the rejected code only: no person identifiers (a rejected
-- value of a person-level source that looks like one is masked: masked_identifier).
{%- set is_known_code = 'known_codes.code is not null' %}
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

-- codes the project knows, shown even when they look like a name (a code in the wrong column)
known_codes as (
    select lower(received_value) as code from {{ ref('cld_value_mappings') }}
    union
    select lower(canonical_value) as code from {{ ref('cld_value_mappings') }}
),

final as (
    select
-- Each has a kind (rejection_kind): superseded, repeat, out_of_scope, bad_value or notice.
-- Holds file names, row numbers and the rejected code only: no person identifiers (a rejected
-- value of a person-level source that looks like one is masked: masked_identifier).
{%- set is_known_code = 'known_codes.code is not null' %}
)

select * from final
