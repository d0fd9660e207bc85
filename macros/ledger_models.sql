{#- Every source's data-quality ledger model. A ledger has one row per input row with
    rejection_scope 'row' (rejection_reason null when the row is used) and one row per rejected
    single value with rejection_scope 'value'. Add a new source's ledger here. -#}
{% macro ledger_models() %}
    {{ return([
        'int_ascs__ledger',
        'int_sace__ledger',
        'int_sac__ledger', 'int_ascwds__ledger', 'int_cqc__ledger', 'int_salt__ledger',
        'int_cld__ledger', 'int_ons__ledger',
    ]) }}
{% endmacro %}
