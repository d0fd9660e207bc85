"""`ascof compare` and the comparison marts: computed versus published 2023-24 values."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import Result
from conftest import PROJECT_DIR, Built, invoke

COLUMNS = [
    "geography_level",
    "geography_code",
    "geography_name",
    "measure_group",
    "measure_group_description",
    "value_marker",
    "computed_value",
    "published_value",
    "difference",
]
GEOGRAPHIES = 153 + 9 + 5 + 1
REFERENCE = PROJECT_DIR / "seeds" / "reference"


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    frame = pd.read_csv(REFERENCE / "metric_catalogue.csv", dtype=str, keep_default_na=False)
    # the 2023-24 measures (the session builds 2023-24): not the retired ones, nor those that
    # exist from 2024-25 (2E2A, 2E2B)
    return frame[frame["status"].isin(["published", "experimental"])].set_index("metric_code")


@pytest.fixture(scope="module")
def compare_run(built: Built, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    assert built.result.exit_code == 0, built.result.output
    out_file = tmp_path_factory.mktemp("compare") / "comparison.csv"
    return invoke("compare", "--out", str(out_file)), out_file


@pytest.fixture(scope="module")
def compared(compare_run: tuple[Result, Path]) -> pd.DataFrame:
    result, out_file = compare_run
    assert result.exit_code == 0, result.output
    return pd.read_csv(out_file, dtype=str, keep_default_na=False)


def number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def rounded(value: Decimal, decimals: int) -> Decimal:
    """Half away from zero, as ASCOF publishes."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


# --- the CSV -----------------------------------------------------------------------------------


def test_the_csv_has_one_row_per_geography_and_metric(
    compared: pd.DataFrame, catalogue: pd.DataFrame
) -> None:
    assert list(compared.columns) == COLUMNS
    assert len(compared) == GEOGRAPHIES * len(catalogue)
    assert set(compared["measure_group"]) == set(catalogue.index)
    keys = compared[["geography_level", "geography_code", "measure_group"]]
    assert not keys.duplicated().any()


def test_differences_are_computed_minus_published_rounded_as_published(
    compared: pd.DataFrame, catalogue: pd.DataFrame
) -> None:
    both = compared[(compared["computed_value"] != "") & (compared["published_value"] != "")]
    assert len(both) > 100, "too few geographies compared to test anything"
    for row in both.itertuples():
        decimals = int(catalogue.loc[row.measure_group, "decimals"])
        expected = rounded(Decimal(row.computed_value) - Decimal(row.published_value), decimals)
        assert Decimal(row.difference) == expected, row
    neither = compared[(compared["computed_value"] == "") | (compared["published_value"] == "")]
    assert (neither["difference"] == "").all()


def test_a_marker_hides_the_computed_value(compared: pd.DataFrame) -> None:
    marked = compared[compared["value_marker"] != ""]
    assert not marked.empty, "the fixture data should leave some metrics [x]"
    assert (marked["computed_value"] == "").all()
    assert set(marked["value_marker"]) <= {"[c]", "[x]", "[z]"}
    assert (compared.loc[compared["value_marker"] == "", "computed_value"] != "").all()


def test_computed_values_agree_with_the_published_layout_export(
    compared: pd.DataFrame, exports_dir: Path
) -> None:
    """Two roads from ascof_outcomes, one rounding: the comparison and the outcomes export."""
    outcomes = pd.read_csv(
        exports_dir / "ascof_outcomes_2023_24.csv", dtype=str, keep_default_na=False
    )
    totals = outcomes[
        (outcomes["Measure Type"] == "Outcome") & (outcomes["Disaggregation Level"] == "Total")
    ]
    exported = {
        (row[0], row[1], row[2]): row[3]
        for row in totals[
            ["Geographical Level", "Geographical Code", "Measure Group", "Measure_Value"]
        ].itertuples(index=False)
    }
    for row in compared.itertuples():
        value = exported[(row.geography_level, row.geography_code, row.measure_group)]
        if row.value_marker:
            assert value == row.value_marker, row
        else:
            assert Decimal(value) == Decimal(row.computed_value), (row, value)


def test_published_values_are_the_published_2023_24_values(compared: pd.DataFrame) -> None:
    published = pd.read_csv(REFERENCE / "published_ascof_outcomes.csv", dtype=str)
    councils = pd.read_csv(REFERENCE / "councils.csv", dtype=str)
    latest = published[published["reporting_year"] == "2023-24"]
    council_values = latest[latest["geography_level"] == "Council"].merge(
        councils, left_on="ons_code", right_on="council_ons_code"
    )
    expected = {
        ("Council", row.council_code, row.measure_group): Decimal(row.published_value)
        for row in council_values.itertuples()
    }
    expected |= {
        ("England", "E92000001", row.measure_group): Decimal(row.published_value)
        for row in latest[latest["geography_level"] == "England"].itertuples()
    }
    shown = {
        (row.geography_level, row.geography_code, row.measure_group): number(row.published_value)
        for row in compared.itertuples()
        if row.geography_level in ("Council", "England")
    }
    assert len(expected) > 3000
    assert {key: shown.get(key) for key in expected} == expected
    extra = [key for key, value in shown.items() if value is not None and key not in expected]
    assert not extra, extra[:5]


# --- the screen --------------------------------------------------------------------------------


def test_compare_prints_a_summary_per_metric_and_the_largest_differences(
    compare_run: tuple[Result, Path], compared: pd.DataFrame
) -> None:
    result, out_file = compare_run
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Computed versus published 2023-24")
    assert lines[1].split()[:3] == ["metric", "title", "compared"]
    computed = sorted(set(compared.loc[compared["computed_value"] != "", "measure_group"]))
    summary_codes = [line.split()[0] for line in lines[3 : 3 + len(computed)]]
    assert summary_codes == computed
    assert "Largest differences (council level)" in lines
    assert f"Wrote {len(compared):,} rows to {out_file}" in lines
    assert result.stderr == ""


def test_largest_differences_come_first(built: Built) -> None:
    assert built.result.exit_code == 0
    result = invoke("compare", "--level", "Region", "--top", "4")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("Largest differences (region level)") + 3
    differences = [abs(float(line.split()[-1])) for line in lines[start : start + 4]]
    assert len(differences) == 4
    assert differences == sorted(differences, reverse=True)


def test_compare_quiet_writes_without_printing(built: Built, tmp_path: Path) -> None:
    assert built.result.exit_code == 0
    out_file = tmp_path / "nested" / "comparison.csv"
    result = invoke("--quiet", "compare", "--out", str(out_file))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out_file.read_text().splitlines()[0] == ",".join(COLUMNS)


def test_export_writes_the_comparison_as_well(exports_dir: Path) -> None:
    path = exports_dir / "ascof_published_comparison_2023_24.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)


# --- the marts behind it -----------------------------------------------------------------------


def test_the_trend_lines_published_codes_up_with_metric_codes(built: Built) -> None:
    """Facts from the published files: England carer quality of life was 1D, 7.5 in 2018-19;
    self-directed support (now 3D1A) was 1C(1A), 89.7 in 2017-18; North Yorkshire (218) kept
    its history under a new ONS code; Eastern is region E."""
    with duckdb.connect(str(built.workspace.database), read_only=True) as connection:
        rows = connection.execute(
            "select reporting_year, geography_code, measure_group, published_measure_group,"
            " published_value from marts.ascof_published_trend"
        ).fetchall()
    trend = {
        (year, code, group): (published, value) for year, code, group, published, value in rows
    }
    assert trend[("2018-19", "E92000001", "1C")] == ("1D", 7.5)
    assert trend[("2017-18", "E92000001", "3D1A")] == ("1C1A", 89.7)
    assert trend[("2023-24", "E92000001", "3D1A")] == ("3D1A", 92.2)
    assert ("2017-18", "218", "1A") in trend
    assert ("2017-18", "E", "1A") in trend
    # 2024-25 under its own codes (framework_measures): 2E(1), exported 2E1, is metric 2E
    assert trend[("2024-25", "E92000001", "2E")] == ("2E1", 81.4)
    assert trend[("2024-25", "E92000001", "2E2B")] == ("2E2B", 60.3)
    years = {key[0] for key in trend}
    assert years == {f"{year}-{(year + 1) % 100:02d}" for year in range(2017, 2025)}


def test_the_summary_counts_what_the_csv_holds(built: Built, compared: pd.DataFrame) -> None:
    with duckdb.connect(str(built.workspace.database), read_only=True) as connection:
        summary = connection.sql(
            "select measure_group, geography_level, geographies, computed_count,"
            " published_count, compared_count, max_absolute_difference"
            " from marts.ascof_published_comparison_summary"
        ).df()
    groups = compared.groupby(["measure_group", "geography_level"])
    for row in summary.itertuples():
        rows = groups.get_group((row.measure_group, row.geography_level))
        assert row.geographies == len(rows)
        assert row.computed_count == (rows["computed_value"] != "").sum()
        assert row.published_count == (rows["published_value"] != "").sum()
        assert row.compared_count == (rows["difference"] != "").sum()
        if row.compared_count:
            largest = rows.loc[rows["difference"] != "", "difference"].astype(float).abs().max()
            assert row.max_absolute_difference == pytest.approx(largest)


# --- errors and help ---------------------------------------------------------------------------


def test_compare_before_build_is_a_user_error(tmp_path: Path) -> None:
    env = {"ASCOF_DUCKDB_PATH": str(tmp_path / "never-built.duckdb")}
    result = invoke("compare", env=env)
    assert result.exit_code == 2, result.output
    assert re.fullmatch(r"ascof: error: .*ascof build.*\n", result.stderr), result.stderr


def test_compare_with_a_missing_data_dir_is_a_user_error(tmp_path: Path) -> None:
    result = invoke("compare", "--data-dir", str(tmp_path / "missing"))
    assert result.exit_code == 2, result.output
    assert "not found" in result.stderr and len(result.stderr.splitlines()) == 1


def test_compare_help_has_an_example() -> None:
    result = invoke("compare", "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "ascof compare --data-dir" in result.output
