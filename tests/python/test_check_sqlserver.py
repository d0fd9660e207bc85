"""The T-SQL refusals of scripts/check_sqlserver.py (`make check-sqlserver`), statement by statement
(the make target itself compiles the whole project)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("sqlglot", reason="make check-sqlserver needs sqlglot (the dev extra)")
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_sqlserver.py"
spec = importlib.util.spec_from_file_location("check_sqlserver", SCRIPT)
assert spec and spec.loader
check_sqlserver = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_sqlserver)


@pytest.mark.parametrize(
    ("sql", "refused"),
    [
        ("select a || b as c from t", "|| string concatenation"),
        ("select cast(a as int) from t where a::int > 1", ":: cast"),
        ("select count(*) filter (where a > 1) from t", "aggregate filter"),
        ("select row_number() over (order by a nulls first) from t", "nulls first"),
        ("select a from t where a ilike 'x%'", "ilike"),
        ("select a from t limit 5", "limit"),
        ("select true as flag from t", "boolean literal true"),
        ("select a = b as same from t", "a comparison used as a value"),
        ("select a from t where is_valid", "a value used as a condition"),
        ("select cast(a as varchar) from t", "varchar without a size"),
        ("select cast(a as boolean) from t", "boolean type"),
        ("select regexp_replace(a, 'x', '') from t", "regexp_replace() is not a T-SQL"),
        ("with c as (select a from t order by a) select a from c", "order by without top"),
        ("select a, count(*) from t group by 1", "group by a column number"),
    ],
)
def test_a_construct_t_sql_lacks_is_refused(sql: str, refused: str) -> None:
    problems = check_sqlserver.check_statement(sql)
    assert any(refused in problem for problem in problems), problems


@pytest.mark.parametrize(
    "sql",
    [
        "select concat(a, b) as c, cast(a as decimal(18, 3)) as d from t where a = 1",
        "select case when a = 1 then cast(1 as bit) else cast(0 as bit) end as flag from t",
        "select a from t where (a like 'q[0-9]%' or b is null) and not (c = 1)",
        "select a from t order by a offset 0 rows",
        "select iif(a > 1, 1, 0) as big, case a when 1 then 'one' end as name from t",
        "select r.a, j.[key] from t as r cross apply openjson("
        "(select r.* for json path, without_array_wrapper)) as j",
        "select (select max(v) from (values (a), (b)) as candidates (v)) as biggest from t",
        "select cast(a as double precision) as d from t",
    ],
)
def test_t_sql_passes(sql: str) -> None:
    assert check_sqlserver.check_statement(sql) == []
