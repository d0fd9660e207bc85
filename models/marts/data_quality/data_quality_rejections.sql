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
        ledger.source_folder,
        ledger.file_name,
        ledger.source_row,
        ledger.rejection_scope,
        ledger.column_name,
        -- a value of a person-level source (cld, ascs, sace) that looks like an identifier is masked
        case
            when ledger.source_folder in ('cld', 'ascs', 'sace')
                then {{ masked_identifier('ledger.rejected_value', is_known_code) }}
            else ledger.rejected_value
        end as rejected_value,
        ledger.rejection_reason,
        {{ rejection_kind('ledger.rejection_reason', 'ledger.rejection_scope') }} as rejection_kind
    from ledger
    left join known_codes on lower(trim(ledger.rejected_value)) = known_codes.code
    where ledger.rejection_reason is not null
)

select * from final
