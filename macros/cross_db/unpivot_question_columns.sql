{#- One row per (row key, question column, answer) from a wide survey table: every column named
    like q1, q3a, q17d becomes a row, blank answers are left out. Engines unpivot differently. -#}
{% macro unpivot_question_columns(relation, key_columns) -%}
    {{ return(adapter.dispatch('unpivot_question_columns', 'ascof')(relation, key_columns)) }}
{%- endmacro %}

{% macro default__unpivot_question_columns(relation, key_columns) -%}
    {%- set question_columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- if modules.re.fullmatch('q[0-9]+[a-z]*', column.name | lower) -%}
            {%- do question_columns.append(column.name | lower) -%}
        {%- endif -%}
    {%- endfor %}
    {%- for question_column in question_columns %}
    select
        {% for key in key_columns %}{{ key }},
        {% endfor %}'{{ question_column }}' as question_column,
        trim(cast({{ question_column }} as {{ dbt.type_string() }})) as raw_answer
    from {{ relation }}
    where trim(cast({{ question_column }} as {{ dbt.type_string() }})) <> ''
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- if question_columns | length == 0 %}
    select
        {% for key in key_columns %}{{ key }},
        {% endfor %}cast(null as {{ dbt.type_string() }}) as question_column,
        cast(null as {{ dbt.type_string() }}) as raw_answer
    from {{ relation }}
    where 1 = 0
    {%- endif %}
{%- endmacro %}

{#- SQL Server: each row as a JSON object (FOR JSON leaves null columns out), opened back into
    (key, value) rows, so the question columns are found in the data, not by asking the catalog:
    the model compiles without a connection. LIKE cannot say q[0-9]+[a-z]* in one pattern: the
    three conditions are q and a digit first, nothing but digits and letters, no digit after a
    letter (the server's default collation ignores case, and the loader writes names in lower case). -#}
{% macro sqlserver__unpivot_question_columns(relation, key_columns) -%}
    select
        {% for key in key_columns %}question_row.{{ key }},
        {% endfor %}lower(answer.[key]) as question_column,
        trim(answer.[value]) as raw_answer
    from {{ relation }} as question_row
    cross apply openjson(
        (select question_row.* for json path, without_array_wrapper)
    ) as answer
    where answer.[key] like 'q[0-9]%'
        and answer.[key] not like '%[^0-9a-z]%'
        and answer.[key] not like 'q%[a-z]%[0-9]%'
        and trim(answer.[value]) <> ''
{%- endmacro %}
