{#- Sample standard deviation and Pearson's correlation as aggregates. SQL Server calls the first
    stdev and has no correlation aggregate: it is computed from sums over the rows where both values
    are present (the rows corr() itself reads), as covariance / (sd x * sd y). -#}
{% macro stddev_sample(expression) -%}
    {{ return(adapter.dispatch('stddev_sample', 'ascof')(expression)) }}
{%- endmacro %}

{% macro default__stddev_sample(expression) -%}
    stddev_samp({{ expression }})
{%- endmacro %}

{% macro sqlserver__stddev_sample(expression) -%}
    stdev({{ expression }})
{%- endmacro %}

{% macro correlation(x, y) -%}
    {{ return(adapter.dispatch('correlation', 'ascof')(x, y)) }}
{%- endmacro %}

{% macro default__correlation(x, y) -%}
    corr({{ x }}, {{ y }})
{%- endmacro %}

{% macro sqlserver__correlation(x, y) -%}
    {%- set both = "(" ~ x ~ ") is not null and (" ~ y ~ ") is not null" -%}
    {%- set px = "case when " ~ both ~ " then cast(" ~ x ~ " as float) end" -%}
    {%- set py = "case when " ~ both ~ " then cast(" ~ y ~ " as float) end" -%}
    (avg({{ px }} * {{ py }}) - avg({{ px }}) * avg({{ py }}))
        / nullif(stdevp({{ px }}) * stdevp({{ py }}), 0)
{%- endmacro %}
