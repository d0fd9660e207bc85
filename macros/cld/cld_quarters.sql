{#- The calendar quarters whose submissions are read, as rows (quarter_start, quarter_end): from
    the quarter holding the data window start to the one holding its end (cld_setting), so the
    reporting year plus the look-back and look-ahead the metrics need. Written out at compile time
    from the vars, so every engine gets plain literals. -#}
{% macro cld_quarters() -%}
    {%- set date = modules.datetime.date -%}
    {%- set first = date.fromisoformat(cld_setting('data_window_start')) -%}
    {%- set last = date.fromisoformat(cld_setting('data_window_end')) -%}
    {#- months counted from year 0, so a quarter is three steps of this index -#}
    {%- set first_index = first.year * 12 + ((first.month - 1) // 3) * 3 -%}
    {%- set last_index = last.year * 12 + last.month - 1 -%}
    {%- for index in range(first_index, last_index + 1, 3) %}
    {%- set quarter_start = date(index // 12, index % 12 + 1, 1) %}
    {%- set quarter_end = date((index + 3) // 12, (index + 3) % 12 + 1, 1) - modules.datetime.timedelta(days=1) %}
    select
        cast('{{ quarter_start.isoformat() }}' as date) as quarter_start,
        cast('{{ quarter_end.isoformat() }}' as date) as quarter_end
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
