{#- Text to a date, or null when the text is not a date: ISO (2024-03-31), dd/mm/yyyy (31/03/2024)
    and both with a time of day (2024-03-31 00:00:00, 2024-03-31T10:57:21, 31/03/2024 00:00), the ways case-management
    exports write dates. Impossible dates (2024-02-30) become null and are reported upstream, and so do
    the words an engine would otherwise read as a date (infinity, epoch, today) and two-digit years
    (17/05/52 is not 52 AD): the year must be written in full. Whether a date is plausible (a birth
    after 1900, an event after 2000) is for the models to say. -#}
{% macro parse_date(expression) -%}
    {{ return(adapter.dispatch('parse_date', 'ascof')(expression)) }}
{%- endmacro %}

{% macro default__parse_date(expression) -%}
    case
        when trim({{ expression }}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9:.]+)?$'
            then cast(substring(trim({{ expression }}), 1, 10) as date)
        when trim({{ expression }}) ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9:.]+)?$'
            then to_date(split_part(trim({{ expression }}), ' ', 1), 'DD/MM/YYYY')
    end
{%- endmacro %}

{% macro duckdb__parse_date(expression) -%}
    {#- ISO dates and date-times cast directly; the day-first forms only when that fails; each only
        when the text has the form's digits (a cast alone reads 'infinity' and 'epoch') -#}
    case
        when regexp_full_match(trim({{ expression }}), '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9:.]+)?')
            then try_cast(trim({{ expression }}) as date)
        when regexp_full_match(trim({{ expression }}), '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9:.]+)?')
            then cast(try_strptime(
                trim({{ expression }}), ['%d/%m/%Y', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S']
            ) as date)
    end
{%- endmacro %}

{% macro spark__parse_date(expression) -%}
    case when
        trim({{ expression }}) rlike '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9:.]+)?$'
        or trim({{ expression }}) rlike '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9:.]+)?$'
    then coalesce(
        to_date(try_to_timestamp(trim({{ expression }}), 'yyyy-MM-dd')),
        to_date(try_to_timestamp(trim({{ expression }}), 'd/M/yyyy')),
        to_date(try_to_timestamp(trim({{ expression }}), 'yyyy-MM-dd HH:mm:ss')),
        to_date(try_to_timestamp(trim({{ expression }}), "yyyy-MM-dd'T'HH:mm:ss")),
        to_date(try_to_timestamp(trim({{ expression }}), 'd/M/yyyy HH:mm'))
    ) end
{%- endmacro %}

{% macro postgres__parse_date(expression) -%}
    {#- PostgreSQL raises on an impossible date, so the day is checked against its month first -#}
    {%- set text = "trim(" ~ expression ~ ")" -%}
    {%- set day_first = "split_part(" ~ text ~ ", ' ', 1)" -%}
    case
        when {{ text }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9:.]+)?$'
            then {{ postgres_checked_date(
                "cast(substring(" ~ text ~ ", 1, 4) as integer)",
                "cast(substring(" ~ text ~ ", 6, 2) as integer)",
                "cast(substring(" ~ text ~ ", 9, 2) as integer)") }}
        when {{ text }} ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9:.]+)?$'
            then {{ postgres_checked_date(
                "cast(split_part(" ~ day_first ~ ", '/', 3) as integer)",
                "cast(split_part(" ~ day_first ~ ", '/', 2) as integer)",
                "cast(split_part(" ~ day_first ~ ", '/', 1) as integer)") }}
    end
{%- endmacro %}

{% macro postgres_checked_date(year, month, day) -%}
    case
        when {{ month }} between 1 and 12
            then case
                when {{ day }} between 1 and extract(
                    day from make_date({{ year }}, {{ month }}, 1) + interval '1 month - 1 day'
                )
                    then make_date({{ year }}, {{ month }}, {{ day }})
            end
    end
{%- endmacro %}

{#- SQL Server: styles 23 (yyyy-mm-dd) and 103 (dd/mm/yyyy) of try_convert, which give null for an
    impossible date; the shapes are checked with LIKE first, as the other engines' patterns do. -#}
{% macro sqlserver__parse_date(expression) -%}
    {%- set text = "trim(" ~ expression ~ ")" -%}
    {%- set day_part = "left(" ~ text ~ ", charindex(' ', " ~ text ~ " + ' ') - 1)" -%}
    {%- set time_part = "substring(" ~ text ~ ", 12, 100)" -%}
    {%- set after_day = "substring(" ~ text ~ ", len(" ~ day_part ~ ") + 2, 100)" -%}
    case
        when {{ text }} like '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            or ({{ text }} like '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9:.]%'
                and {{ time_part }} not like '%[^0-9:.]%')
            then try_convert(date, left({{ text }}, 10), 23)
        when ({{ day_part }} like '[0-9]/[0-9]/[0-9][0-9][0-9][0-9]'
                or {{ day_part }} like '[0-9][0-9]/[0-9]/[0-9][0-9][0-9][0-9]'
                or {{ day_part }} like '[0-9]/[0-9][0-9]/[0-9][0-9][0-9][0-9]'
                or {{ day_part }} like '[0-9][0-9]/[0-9][0-9]/[0-9][0-9][0-9][0-9]')
            and ({{ day_part }} = {{ text }}
                or ({{ after_day }} <> '' and {{ after_day }} not like '%[^0-9:.]%'))
            then try_convert(date, {{ day_part }}, 103)
    end
{%- endmacro %}
