"""The `ascof` CLI end to end: help, user errors, and one build on generated data."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import Result
from conftest import PROJECT_DIR, Built, invoke
from openpyxl import load_workbook

import runner.export
from runner import settings
from runner.build import REJECTION_KINDS, print_summary
from runner.dbt_invoke import DbtOutcome, NodeResult

PUBLISHED_HEADER = [
    "Geographical Code",
    "Geographical Description",
    "Geographical Level",
    "ONS Code",
    "ASCOF Measure Code",
    "Disaggregation Level",
    "Measure Group",
    "Measure Group Description",
    "Measure Type",
    "Measure_Value",
]
SURVEY_MEASURE_GROUPS = ["1A", "1B", "1C", "1D", "1E", "3A", "3B", "3C1", "3C2", "4A", "5A1", "5A2"]
DISAGGREGATIONS = ["Total", "Male", "Female", "18-64", "65 and over"]
SURVEY_MEASURE_TYPES = ["Numerator", "Denominator", "Outcome", "Base", "Margin of Error"]
COUNT_MEASURE_TYPES = ["Numerator", "Denominator", "Base"]
MARKERS = {"[c]", "[x]", "[z]"}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# ASCOF Measure Code = Measure Group + this suffix (64U: carers aged 64 and under).
CODE_SUFFIXES = {
    "Total": {""},
    "Male": {"M"},
    "Female": {"F"},
    "18-64": {"1864", "64U"},
    "65 and over": {"65OV"},
    "65-74": {"6574"},
    "75-84": {"7584"},
    "85 and over": {"85OV"},
    # 6B's parts (the rating bands of the official table)
    "Outstanding": {"OUT"},
    "Good": {"GOOD"},
    "Requires improvement or Inadequate": {"OTH"},
    "Not yet rated": {"NYR"},
}
COMMANDS = ["generate", "build", "export", "docs", "demo"]
OUTCOMES_CSV = "ascof_outcomes_2023_24.csv"


def assert_user_error(result: Result, *words: str) -> None:
    """Exit code 2 and exactly one readable line on stderr, no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ascof: error: ")
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0]


def reference_geographies() -> set[tuple[str, str]]:
    """(Geographical Level, Geographical Code) for the 153 councils, 9 regions, 5 types, England."""
    reference = PROJECT_DIR / "seeds" / "reference"
    councils = pd.read_csv(reference / "councils.csv", dtype=str)
    regions = pd.read_csv(reference / "regions.csv", dtype=str)
    council_types = pd.read_csv(reference / "council_types.csv", dtype=str)
    expected = {("Council", code) for code in councils["council_code"]}
    expected |= {("Region", code) for code in regions["region_code"]}
    expected |= {("Council Type", code) for code in council_types["council_type_code"]}
    expected.add(("England", "E92000001"))
    assert len(expected) == 153 + 9 + 5 + 1
    return expected


@pytest.fixture(scope="module")
def outcomes(exports_dir: Path) -> pd.DataFrame:
    return pd.read_csv(exports_dir / OUTCOMES_CSV, dtype=str, keep_default_na=False)


# --- help --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert "ascof " in result.output


# --- user errors -------------------------------------------------------------------------------


def test_build_with_a_missing_data_dir_is_a_user_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    assert_user_error(invoke("build", "--data-dir", str(missing)), str(missing), "not found")


def test_build_with_an_unknown_year_is_a_user_error(tmp_path: Path) -> None:
    assert_user_error(invoke("build", "--data-dir", str(tmp_path), "--year", "2031-32"), "2031-32")


@pytest.mark.parametrize("year", ["2031-32", "2023", "2023-25"])
def test_export_and_generate_reject_unknown_years(tmp_path: Path, year: str) -> None:
    assert_user_error(invoke("export", "--out", str(tmp_path), "--year", year), year)
    assert_user_error(invoke("generate", "--out", str(tmp_path), "--year", year), year)


def test_export_before_build_is_a_user_error(tmp_path: Path) -> None:
    env = {"ASCOF_DUCKDB_PATH": str(tmp_path / "never-built.duckdb")}
    result = invoke("export", "--out", str(tmp_path / "out"), env=env)
    assert_user_error(result, "ascof build")
    assert not (tmp_path / "out").exists()


def test_export_from_a_database_without_export_tables_is_a_user_error(tmp_path: Path) -> None:
    database = tmp_path / "empty.duckdb"
    duckdb.connect(str(database)).close()
    result = invoke("export", "--out", str(tmp_path), env={"ASCOF_DUCKDB_PATH": str(database)})
    assert_user_error(result, "ascof build")


def test_unknown_export_format_is_a_user_error(tmp_path: Path) -> None:
    assert_user_error(invoke("export", "--out", str(tmp_path), "--format", "csv,pdf"), "pdf")


def test_a_missing_option_is_one_line_not_clicks_usage_block() -> None:
    assert_user_error(invoke("build"), "--data-dir")


def test_an_unknown_target_is_a_user_error(tmp_path: Path) -> None:
    assert_user_error(invoke("--target", "oracle", "build", "--data-dir", str(tmp_path)), "oracle")


@pytest.mark.parametrize(
    ("target", "extra"),
    [
        ("postgres", "postgres"),
        ("spark", "spark"),
        ("spark_thrift", "spark-cluster"),
        ("sqlserver", "sqlserver"),
    ],
)
def test_a_warehouse_without_its_extra_installed_is_one_line(
    target: str, extra: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default install is DuckDB only: any other --target names the extra to install."""
    monkeypatch.setitem(settings.TARGET_EXTRAS, target, (extra, ("ascof_no_such_adapter",)))
    result = invoke("build", "--target", target, "--data-dir", str(tmp_path))
    assert_user_error(result, f"ascof[{extra}]", "extra")


def test_an_input_file_missing_a_required_column_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "ascs").mkdir()
    (tmp_path / "ascs" / "respondents.csv").write_text("LaCode,SerialNo\n117,1\n")
    env = {"ASCOF_DUCKDB_PATH": str(tmp_path / "bad_input.duckdb")}
    assert_user_error(invoke("build", "--data-dir", str(tmp_path), env=env), "respondents.csv")


def test_the_installed_script_reports_user_errors_without_a_traceback(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("ascof")
    completed = subprocess.run(
        [str(script), "build", "--data-dir", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stderr.startswith("ascof: error: ")
    assert len(completed.stderr.splitlines()) == 1, completed.stderr


# --- build -------------------------------------------------------------------------------------


def test_build_succeeds_and_summarises(built: Built) -> None:
    result = built.result
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert re.search(r"^Models:\s+\d+ built$", result.stdout, re.MULTILINE), result.stdout
    # unit tests test the code, not the returns: `ascof test` runs them, a build does not
    assert re.search(r"^Unit tests:\s+not part of a build", result.stdout, re.MULTILINE)
    assert not [line for line in result.stdout.splitlines() if " unit_test " in line]
    assert re.search(r"^Data tests:\s+\d+ passed$", result.stdout, re.MULTILINE)
    assert re.search(r"^Rows rejected:\s+[\d,]+ ", result.stdout, re.MULTILINE)
    assert str(built.workspace.database) in result.stdout


def test_build_summary_breaks_rejected_rows_down_by_kind(built: Built) -> None:
    """'43% rejected' reads as what it is: superseded submissions, repeats, bad values."""
    stdout = built.result.stdout
    total = re.search(r"^Rows rejected:\s+([\d,]+) of ([\d,]+) rows read", stdout, re.MULTILINE)
    assert total, stdout
    kinds = {}
    for words in REJECTION_KINDS.values():
        found = re.search(rf"^\s+([\d,]+) {re.escape(words)}$", stdout, re.MULTILINE)
        assert found, (words, stdout)
        kinds[words] = int(found[1].replace(",", ""))
    assert sum(kinds.values()) == int(total[1].replace(",", ""))
    assert kinds[REJECTION_KINDS["superseded"]] > 0 and kinds[REJECTION_KINDS["repeat"]] > 0
    assert re.search(r"^\s+and [\d,]+ single values? nulled", stdout, re.MULTILINE)


def test_a_selected_build_summary_counts_what_ran(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    """--select: the metrics it built, and no rejection count from models it did not run."""
    timings = {"total_s": 1.0, "files_s": 1.0, "parse_s": 1.0, "dbt_s": 1.0}
    ran = [
        NodeResult("model.ascof.ascof_1a", "model", "ascof_1a", "success", ""),
        NodeResult("model.ascof.ascof_outcomes", "model", "ascof_outcomes", "success", ""),
    ]
    print_summary(DbtOutcome(True, ran), built.workspace.database, timings, "ascof_1a+")
    stdout = capsys.readouterr().out
    assert re.search(r"^Metrics:\s+1 of 1 computed", stdout, re.MULTILINE), stdout
    assert re.search(r"^Models:\s+2 built$", stdout, re.MULTILINE), stdout
    assert re.search(r"^Rows rejected:\s+not counted", stdout, re.MULTILINE), stdout
    print_summary(DbtOutcome(True, ran[:1]), built.workspace.database, timings, "ascof_1a")
    stdout = capsys.readouterr().out
    assert re.search(r"^Metrics:\s+1 metric model built \(1A\)", stdout, re.MULTILINE), stdout


def test_build_progress_prints_plain_lines_off_a_terminal(built: Built) -> None:
    progress = [line for line in built.result.stdout.splitlines() if line.startswith("[")]
    assert progress, built.result.stdout
    done, total = re.match(r"\[\s*(\d+)/(\d+)\]", progress[-1]).groups()
    assert done == total
    assert "\r" not in built.result.stdout
    assert "\x1b[" not in built.result.stdout


def test_build_writes_only_into_the_temporary_folders(built: Built) -> None:
    assert built.workspace.database.is_file()
    assert (built.workspace.target_path / "run_results.json").is_file()
    log = (built.workspace.log_path / "dbt.log").read_text(encoding="utf-8")
    # the info level by default: each node's result, not each SQL statement (--verbose adds those)
    assert " OK created sql table model " in log
    assert "[debug]" not in log


def test_build_parses_the_project_while_it_loads(built: Built) -> None:
    """dbt parses on the runner's worker thread during loading; the build reuses that manifest."""
    lines = (built.workspace.log_path / "dbt.log").read_text(encoding="utf-8").splitlines()
    # the log's thread column is cut to ten characters
    assert "[ascof-pars]: Running with dbt=" in "\n".join(lines[:5])
    build_start = next(i for i, line in enumerate(lines) if "[MainThread]: Running with" in line)
    build_found = next(i for i, line in enumerate(lines) if i > build_start and " Found " in line)
    between = lines[build_start:build_found]
    assert not [line for line in between if "pars" in line.lower()], between


def test_docs_after_a_build_reuses_the_parse(built: Built, tmp_path: Path) -> None:
    """The build passes dbt the same vars as `ascof docs` (no per-run data folder), so dbt's
    saved parse stays valid: docs neither parses the project again nor rewrites the file."""
    assert built.result.exit_code == 0, built.result.output
    assert built.partial_parse, "the build left no target/partial_parse.msgpack"
    log = built.workspace.log_path / "dbt.log"
    before = log.read_text(encoding="utf-8")
    result = invoke("docs", "--out", str(tmp_path / "docs"))
    assert result.exit_code == 0, result.output
    docs_log = log.read_text(encoding="utf-8")[len(before) :]
    assert "Running with dbt=" in docs_log
    assert "Unable to do partial parsing" not in docs_log, docs_log
    saved_parse = built.workspace.target_path / "partial_parse.msgpack"
    assert saved_parse.read_bytes() == built.partial_parse


def test_ascof_test_runs_every_unit_test_with_no_returns(built: Built) -> None:
    """`ascof test` builds the tested models' parents empty in a scratch file of its own and runs
    every unit test of the project; the warehouse is not touched."""
    warehouse = built.workspace.database
    modified = warehouse.stat().st_mtime_ns
    result = invoke("test")
    assert result.exit_code == 0, result.output
    found = re.search(r"^Unit tests:\s+(\d+) passed$", result.stdout, re.MULTILINE)
    assert found, result.stdout
    folder = built.workspace.target_path / "unit_tests"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert int(found[1]) == len(manifest["unit_tests"]) > 0
    results = json.loads((folder / "run_results.json").read_text(encoding="utf-8"))["results"]
    unit_tests = [run for run in results if run["unique_id"].startswith("unit_test.")]
    assert {run["unique_id"] for run in unit_tests} == set(manifest["unit_tests"])
    assert {run["status"] for run in unit_tests} == {"pass"}
    assert warehouse.stat().st_mtime_ns == modified


# --- export ------------------------------------------------------------------------------------


def test_export_writes_every_format_with_the_published_header(exports_dir: Path) -> None:
    with (exports_dir / OUTCOMES_CSV).open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == PUBLISHED_HEADER
    parquet = pq.read_table(exports_dir / "ascof_outcomes_2023_24.parquet")
    assert parquet.column_names == PUBLISHED_HEADER
    workbook = load_workbook(exports_dir / "ascof_2023_24.xlsx", read_only=True)
    assert "ascof_outcomes" in workbook.sheetnames
    assert "ascof_data_quality" in workbook.sheetnames
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    header = next(workbook["ascof_outcomes"].iter_rows(max_row=1, values_only=True))
    assert list(header) == PUBLISHED_HEADER
    assert (exports_dir / "ascof_data_quality_2023_24.csv").is_file()
    assert not list(exports_dir.glob(".*"))


def test_csv_parquet_and_xlsx_hold_the_same_outcomes(
    exports_dir: Path, outcomes: pd.DataFrame
) -> None:
    parquet = pq.read_table(exports_dir / "ascof_outcomes_2023_24.parquet").to_pandas()
    assert len(parquet) == len(outcomes)
    assert parquet["Measure_Value"].tolist() == outcomes["Measure_Value"].tolist()
    sheet = load_workbook(exports_dir / "ascof_2023_24.xlsx", read_only=True)["ascof_outcomes"]
    assert sheet.max_row == len(outcomes) + 1
    rows = sheet.iter_rows(min_row=2, values_only=True)
    for (*texts, value), expected in zip(rows, outcomes.itertuples(index=False), strict=True):
        assert ["" if text is None else text for text in texts] == list(expected[:-1])
        if isinstance(value, str):
            assert value == expected[-1]
        else:
            assert value == float(expected[-1]), expected


def test_the_workbook_is_ready_to_read(exports_dir: Path, outcomes: pd.DataFrame) -> None:
    """Outcomes first, numbers as numbers (markers stay text), header frozen and filterable,
    columns sized, and a notes sheet for the markers, the rounding and the provenance."""
    workbook = load_workbook(exports_dir / "ascof_2023_24.xlsx")
    assert workbook.sheetnames[0] == "ascof_outcomes"
    assert workbook.sheetnames[-1] == "notes"
    sheet = workbook["ascof_outcomes"]
    values = [row[0] for row in sheet.iter_rows(min_row=2, min_col=10, max_col=10)]
    numbers = [cell for cell in values if cell.data_type == "n"]
    texts = [cell.value for cell in values if cell.data_type != "n"]
    assert numbers and set(texts) <= MARKERS and texts, set(texts)
    expected = outcomes["Measure_Value"].tolist()
    for cell in numbers[:500]:
        text = expected[cell.row - 2]
        decimals = len(text.partition(".")[2])
        assert cell.number_format == ("0." + "0" * decimals if decimals else "0"), (cell, text)
    for name in workbook.sheetnames[:-1]:
        data = workbook[name]
        assert data.freeze_panes == "A2", name
        assert (
            data.auto_filter.ref == f"A1:{data.cell(1, data.max_column).column_letter}"
            f"{data.max_row}"
        ), name
        for column in range(1, data.max_column + 1):
            letter = data.cell(1, column).column_letter
            header = str(data.cell(1, column).value)
            assert data.column_dimensions[letter].width >= min(len(header), 60), (name, header)
    comparison = workbook["ascof_published_comparison"]
    header = [cell.value for cell in comparison[1]]
    computed = header.index("computed_value") + 1
    kinds = {comparison.cell(row, computed).data_type for row in range(2, 50)}
    assert kinds <= {"n"}, "numeric marts columns are numbers (blank when null)"
    notes = "\n".join(
        " ".join(str(value) for value in row if value is not None)
        for row in workbook["notes"].iter_rows(values_only=True)
    )
    for marker in MARKERS:
        assert f"{marker} " in notes
    assert "multiple of 5" in notes and "half away from zero" in notes
    assert "Synthetic data:" in notes, "the generated fixtures carry the banner"
    assert "data folder" in notes and "UTC" in notes


def test_every_geography_has_every_survey_measure_disaggregation_and_type(
    outcomes: pd.DataFrame,
) -> None:
    rows = set(
        zip(
            outcomes["Geographical Level"],
            outcomes["Geographical Code"],
            outcomes["Measure Group"],
            outcomes["Disaggregation Level"],
            outcomes["Measure Type"],
            strict=True,
        )
    )
    missing = [
        (level, code, group, disaggregation, measure_type)
        for level, code in sorted(reference_geographies())
        for group in SURVEY_MEASURE_GROUPS
        for disaggregation in DISAGGREGATIONS
        for measure_type in SURVEY_MEASURE_TYPES
        if (level, code, group, disaggregation, measure_type) not in rows
    ]
    assert not missing, f"{len(missing)} rows missing, e.g. {missing[:5]}"


def test_geographies_are_exactly_the_reference_ones(outcomes: pd.DataFrame) -> None:
    present = set(zip(outcomes["Geographical Level"], outcomes["Geographical Code"], strict=True))
    assert present == reference_geographies()


def test_measure_values_are_numbers_or_markers(outcomes: pd.DataFrame) -> None:
    values = outcomes["Measure_Value"]
    bad = values[~(values.str.match(NUMBER) | values.isin(MARKERS))]
    assert bad.empty, bad.value_counts().head(10)


def test_survey_counts_are_multiples_of_five(outcomes: pd.DataFrame) -> None:
    counts = outcomes[
        outcomes["Measure Group"].isin(SURVEY_MEASURE_GROUPS)
        & outcomes["Measure Type"].isin(COUNT_MEASURE_TYPES)
        & outcomes["Measure_Value"].str.match(NUMBER)
    ]
    assert not counts.empty
    values = counts["Measure_Value"].astype(float)
    assert ((values % 5) == 0).all(), counts[(values % 5) != 0].head(10)


def test_measure_codes_are_the_group_plus_the_disaggregation_suffix(
    outcomes: pd.DataFrame,
) -> None:
    pairs = outcomes[
        ["Measure Group", "Disaggregation Level", "ASCOF Measure Code"]
    ].drop_duplicates()
    for group, disaggregation, code in pairs.itertuples(index=False):
        assert code.startswith(group), (group, code)
        assert code.removeprefix(group) in CODE_SUFFIXES[disaggregation], (group, code)


def test_a_failed_export_leaves_the_previous_files_intact(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert built.result.exit_code == 0, built.result.output
    assert invoke("export", "--out", str(tmp_path)).exit_code == 0
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert OUTCOMES_CSV in before

    def write_half_then_fail(relation: duckdb.DuckDBPyRelation, path: Path) -> None:
        path.write_text("Geographical Code,Geogr")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runner.export, "write_csv", write_half_then_fail)
    result = invoke("export", "--out", str(tmp_path))

    assert_user_error(result, "No space left on device")
    after = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert after == before


def test_an_empty_export_table_gives_a_header_only_file(tmp_path: Path) -> None:
    database = tmp_path / "empty_exports.duckdb"
    columns = ", ".join(f"{name} varchar" for name in runner.export.PUBLISHED_HEADERS)
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema marts")
        connection.execute(f"create table marts.export_ascof_outcomes ({columns})")
        connection.execute("create table marts.export_ascof_data_quality (source varchar, n int)")
    out_dir = tmp_path / "out"
    result = invoke("export", "--out", str(out_dir), env={"ASCOF_DUCKDB_PATH": str(database)})

    assert result.exit_code == 0, result.output
    csv_text = (out_dir / OUTCOMES_CSV).read_text(encoding="utf-8")
    assert csv_text.splitlines() == [",".join(PUBLISHED_HEADER)]
    assert (out_dir / "ascof_data_quality_2023_24.csv").read_text().splitlines() == ["source,n"]
    assert pq.read_table(out_dir / "ascof_outcomes_2023_24.parquet").num_rows == 0
    workbook = load_workbook(out_dir / "ascof_2023_24.xlsx", read_only=True)
    sheet_rows = list(workbook["ascof_outcomes"].iter_rows(values_only=True))
    assert sheet_rows == [tuple(PUBLISHED_HEADER)]


# --- docs --------------------------------------------------------------------------------------


SURVEY_FOLDERS = ("ascs", "sace")
# Person identifiers in CLD submissions, by header with case, spaces and underscores removed.
PERSON_ID_HEADERS = {"nhsnumber", "lapersonuniqueidentifier"}


def person_rows(data_dir: Path, sample: int = 20) -> list[list[str]]:
    """A spread of survey respondents: their fields from LaCode, SerialNo through Age."""
    rows: list[list[str]] = []
    for folder in SURVEY_FOLDERS:
        for path in sorted((data_dir / folder).glob("*.csv")):
            if path.name.startswith("eligible_population"):
                continue
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            assert list(frame.columns[:2]) == ["LaCode", "SerialNo"], path
            through_age = frame.columns.get_loc("Age") + 1
            with_age = frame[frame["Age"] != ""]
            step = max(len(with_age) // sample, 1)
            rows += with_age.iloc[::step, :through_age].values.tolist()[:sample]
    return rows


def person_identifiers(data_dir: Path, files: int = 10, per_column: int = 5) -> set[str]:
    """NHS numbers and council person ids from a spread of CLD submissions, if there are any."""
    paths = sorted((data_dir / "cld").glob("*.csv"))
    identifiers: set[str] = set()
    for path in paths[:: max(len(paths) // files, 1)][:files]:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            if re.sub(r"[\s_]", "", column.lower()) in PERSON_ID_HEADERS:
                # eight characters or more: distinctive enough not to match by chance
                values = frame.loc[frame[column].str.len() >= 8, column]
                identifiers |= set(values.iloc[:per_column])
    return identifiers


def test_docs_site_is_one_file_without_person_level_data(docs_index: Path, built: Built) -> None:
    html = docs_index.read_text(encoding="utf-8")
    assert "ascof_outcomes" in html
    assert '"nodes"' in html, "the static page should inline manifest and catalog"
    rows = person_rows(built.workspace.data_dir)
    assert len(rows) >= 40
    leaked = [
        row
        for row in rows
        for separator in (",", ", ", "|", " | ", "\t", '", "', "', '")
        if separator.join(row) in html
    ]
    assert not leaked, f"person-level rows found in the docs, e.g. {leaked[:3]}"
    identifiers = person_identifiers(built.workspace.data_dir)
    if (built.workspace.data_dir / "cld").is_dir():
        assert identifiers, "no NHS numbers or person ids found in the generated CLD files"
    found = sorted(value for value in identifiers if value in html)
    assert not found, f"person identifiers found in the docs, e.g. {found[:3]}"


def dates_of_birth(data_dir: Path, files: int = 10, per_file: int = 5) -> set[str]:
    """Full dates of birth from a spread of CLD submissions (the warehouse keeps year-month)."""
    paths = sorted((data_dir / "cld").glob("*.csv"))
    found: set[str] = set()
    for path in paths[:: max(len(paths) // files, 1)][:files]:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "Date of Birth" in frame.columns:
            found |= set(
                frame.loc[frame["Date of Birth"].str.len() >= 10, "Date of Birth"][:per_file]
            )
    return found


def test_exports_hold_no_person_level_data(exports_dir: Path, built: Built) -> None:
    """Every export file is aggregates only: no NHS number or council person id from the
    inputs, no NHS-number-like value at all, no date of birth."""
    data_dir = built.workspace.data_dir
    identifiers = person_identifiers(data_dir)
    births = dates_of_birth(data_dir)
    assert identifiers and births, "the generated CLD files should hold identifiers to look for"
    nhs_number_like = re.compile(r"(?<![\d.])\d{3} ?\d{3} ?\d{4}(?![\d.])")
    exported = sorted(exports_dir.glob("*.csv"))
    assert len(exported) >= 3
    for path in exported:
        text = path.read_text(encoding="utf-8")
        assert not [value for value in identifiers if value in text], path.name
        assert not [value for value in births if value in text], path.name
        assert not nhs_number_like.search(text), (path.name, nhs_number_like.search(text))
