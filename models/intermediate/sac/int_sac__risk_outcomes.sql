-- 4B's counts per council: concluded section 42 enquiries with a risk identified, by risk outcome.
{#- The SAC cells 4B reads (docs/method.md, SAC: metric 4B), lower case: the risk-outcome
    table's cells of concluded **section 42** enquiries only; rows of other enquiry types in the
    same table (ENQUIRY_TYPE "Other Enquiries") are not 4B's. UNCERTAIN: the table is SG2e in NHS
    England's publication code (some guidance calls it SG2d) and the outcome is the table's
    column (SUBCATEGORY); its rows (CATEGORY) are summed. Correct the labels here. -#}
{%- set risk_outcome_table = 'sg2e' %}
{%- set section_42_enquiry_type = 'concluded section 42 enquiries' %}
{%- set risk_outcome_labels = {
    'remained': 'risk remained',
    'reduced': 'risk reduced',
    'removed': 'risk removed',
} %}
with cells as (
    select
        council_code,
        table_reference,
        enquiry_type,
        subcategory,
        cell_value
    from {{ ref('int_sac__cells') }}
    where rejection_reason is null
),

reporting_councils as (
    select distinct council_code from cells
),

outcome_cells as (
    select
        council_code,
        subcategory,
        -- one unknown cell ([c], [x], a bad value) makes the outcome unknown, never zero
        case when count(cell_value) = count(*) then sum(cell_value) end as enquiries
    from cells
    where
        table_reference = '{{ risk_outcome_table }}'
        and enquiry_type = '{{ section_42_enquiry_type }}'
        and subcategory in (
            '{{ risk_outcome_labels.remained }}',
            '{{ risk_outcome_labels.reduced }}',
            '{{ risk_outcome_labels.removed }}'
        )
    group by council_code, subcategory
),

pivoted as (
    select
        reporting_councils.council_code,
        max(
            case
                when outcome_cells.subcategory = '{{ risk_outcome_labels.remained }}'
                    then outcome_cells.enquiries
            end
        ) as risk_remained,
        max(
            case
                when outcome_cells.subcategory = '{{ risk_outcome_labels.reduced }}'
                    then outcome_cells.enquiries
            end
        ) as risk_reduced,
        max(
            case
                when outcome_cells.subcategory = '{{ risk_outcome_labels.removed }}'
                    then outcome_cells.enquiries
            end
        ) as risk_removed
    from reporting_councils
    left join outcome_cells on reporting_councils.council_code = outcome_cells.council_code
    group by reporting_councils.council_code
),

final as (
    select
        council_code,
        'Total' as disaggregation_level,
        risk_remained,
        risk_reduced,
        risk_removed,
        -- an outcome the council did not return is unknown as well: a sum with a null is null
        risk_reduced + risk_removed as numerator,
        risk_remained + risk_reduced + risk_removed as denominator
    from pivoted
)

select * from final
