"""Property: whatever values survey and CLD rows hold, loading, staging and the metrics never
crash, and every row is accounted for (rows read = rows used + rows rejected)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from conftest import build_selected
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from runner.sources.cld import SOURCE as CLD_SOURCE

ASCS_COLUMNS = [
    "LaCode", "SerialNo", "Response", "Gender", "Age", "PrimarySupportReason", "SupportSetting",
    "Questionnaire", "q1", "q3a", "q4a", "q5a", "q6a", "q7a", "q8a", "q9a", "q11", "q13", "q14",
    "q16a", "q16b", "q16c", "q16d", "q17a", "q17b", "q17c", "q17d", "q18", "q19",
]  # fmt: skip
POPULATION_COLUMNS = [
    "LaCode", "stratum1Pop", "stratum2Pop", "stratum3Pop", "stratum4Pop",
    "stratum2Pop1J", "stratum4Pop1J",
]  # fmt: skip
SACE_COLUMNS = [
    "LaCode", "SerialNo", "Response", "Gender", "Age",
    "q4", "q7", "q8", "q9", "q10", "q11", "q12", "q17", "q19",
]  # fmt: skip

# every column a CLD submission must have, as the loader's contract names them
CLD_COLUMNS = [
    column
    for entity in CLD_SOURCE.entities
    for column in (*entity.required_columns, *entity.optional_columns)
]

# plausible codes most of the time, and anything at all some of the time
value = st.one_of(
    st.sampled_from(["1", "2", "3", "4", "5", "7", "8", "-9", "", " 2 ", "2.0", "70", "716"]),
    st.sampled_from(["H6X4G", "h6x4g", "999", "x", "1e3", "NaN", "NULL", "3.5", "0", "-1"]),
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["2023-04-01", "31/03/2024", "2023-02-30", "Service", "Request", "ST-Max"]),
)


def rows(columns: list[str], size: int) -> st.SearchStrategy[list[list[str]]]:
    return st.lists(st.lists(value, min_size=len(columns), max_size=len(columns)), max_size=size)


def write(path: Path, columns: list[str], records: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        # text without NUL bytes: a NUL is a different (structural) problem
        writer.writerows([[cell.replace("\x00", "") for cell in record] for record in records])


@settings(
    max_examples=3,
    deadline=None,
    # each example is a whole build: report a failing example as found, do not shrink it
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ascs_rows=rows(ASCS_COLUMNS, 40),
    population_rows=rows(POPULATION_COLUMNS, 5),
    sace_rows=rows(SACE_COLUMNS, 40),
    cld_rows=rows(CLD_COLUMNS, 40),
)
def test_random_survey_and_cld_rows_never_crash_and_always_balance(
    tmp_path_factory: pytest.TempPathFactory,
    ascs_rows: list[list[str]],
    population_rows: list[list[str]],
    sace_rows: list[list[str]],
    cld_rows: list[list[str]],
) -> None:
    work = tmp_path_factory.mktemp("random")
    data_dir = work / "data"
    write(data_dir / "ascs" / "respondents.csv", ASCS_COLUMNS, ascs_rows)
    write(data_dir / "ascs" / "eligible_population.csv", POPULATION_COLUMNS, population_rows)
    write(data_dir / "sace" / "carers.csv", SACE_COLUMNS, sace_rows)
    write(data_dir / "sace" / "eligible_population.csv", ["LaCode", "EligiblePop"], [["716", "9"]])
    write(data_dir / "cld" / "716_2024-03-31_1.csv", CLD_COLUMNS, cld_rows)
    # staging, the ledgers and every metric: what random rows could break
    database = build_selected(work, data_dir, "+ascof_outcomes +data_quality_summary")
    with duckdb.connect(str(database), read_only=True) as connection:
        summary = connection.execute(
            "select file_name, rows_read, rows_used, rows_rejected from marts.data_quality_summary"
        ).fetchall()
    assert len(summary) == 5
    for file_name, rows_read, rows_used, rows_rejected in summary:
        assert rows_read == rows_used + rows_rejected, file_name
