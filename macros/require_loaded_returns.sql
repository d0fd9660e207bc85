{#- Run before `dbt build`, `run` and `test` (on-run-start): the models read the returns from the
    raw schema that `ascof build --data-dir DIR` loads, so a warehouse where nothing was loaded
    stops here with what to do, not with a missing-table error on the first model. -#}
{% macro require_loaded_returns() %}
    {#- unit tests alone read no returns: their inputs are fixed -#}
    {%- set reads_returns = [] -%}
    {%- for unique_id in selected_resources if not unique_id.startswith('unit_test.') -%}
        {%- do reads_returns.append(unique_id) -%}
    {%- endfor -%}
    {%- if execute and flags.WHICH in ('build', 'run', 'test') and reads_returns -%}
        {%- set loaded = adapter.get_relation(
            database=target.database, schema='raw', identifier='input_files'
        ) -%}
        {%- if loaded is none -%}
            {{ exceptions.raise_compiler_error(
                "no returns are loaded in this warehouse (no table raw.input_files): run "
                ~ "`ascof build --data-dir DIR` first, which loads the files into the raw schema "
                ~ "and then runs dbt build; dbt commands work on that warehouse afterwards"
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
