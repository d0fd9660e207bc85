"""Bad input never crashes and never disappears: each kind gets its documented outcome.

Structural problems (the file cannot be read as the contract says) stop the loader with one line
naming the file; row and value problems are rejected, listed in data_quality_rejections with the
documented reason, and every file's ledger balances (rows read = rows used + rows rejected).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from conftest import PROJECT_DIR, invoke

from generator import generate
from generator.ascs_workbook import write_ascs_return
from runner.errors import UserError
from runner.input_contract import supported_years
from runner.load import load_inputs
from runner.settings import DEFAULT_YEAR

YEAR = "2023-24"
ASCS_VALID = {
    "LaCode": "716",
    "SerialNo": "9001",
    "MethodCollection": "1",
    "Response": "1",
    "Gender": "2",
    "Age": "80",
    "PrimarySupportReason": "1",
    "SupportSetting": "1",
    "MechOfDelivery": "1",
    "Questionnaire": "1",
    "q1": "2",
    "q3a": "1",
    "q4a": "1",
    "q5a": "1",
    "q6a": "1",
    "q7a": "1",
    "q8a": "1",
    "q9a": "1",
    "q11": "1",
    "q13": "2",
    "q14": "1",
    "q16a": "1",
    "q16b": "1",
    "q16c": "1",
    "q16d": "1",
    "q17a": "1",
    "q17b": "1",
    "q17c": "1",
    "q17d": "1",
    "q18": "1",
    "q19": "1",
}
SACE_VALID = {
    "LaCode": "716",
    "SerialNo": "9001",
    "Response": "1",
    "Gender": "2",
    "Age": "60",
    "q4": "1",
    "q7": "1",
    "q8": "1",
    "q9": "1",
    "q10": "1",
    "q11": "1",
    "q12": "1",
    "q17": "1",
    "q19": "1",
}
POPULATION_VALID = {
    "LaCode": "716",
    "stratum1Pop": "100",
    "stratum2Pop": "100",
    "stratum3Pop": "100",
    "stratum4Pop": "100",
    "stratum2Pop1J": "80",
    "stratum4Pop1J": "100",
}
NO_ANSWERS = {column: "" for column in ASCS_VALID if column.startswith("q")}
NO_STRATUM = "no stratum: age, primary support reason or support setting missing or invalid"
BAD_POPULATION = "stratum population missing, negative or not a whole number"
# councils whose generated eligible-population rows are removed, so bad rows can stand in
HELD_BACK = ("H6X4G", "W8X1Q", "Z9D4Z")


def write_rows(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def ascs(**changes: str) -> dict[str, str]:
    return {**ASCS_VALID, **changes}


def sace(**changes: str) -> dict[str, str]:
    return {**SACE_VALID, **changes}


def valid_base(data_dir: Path) -> None:
    generate(data_dir, scale=0.01, seed=11, sources=["ascs", "sace"])


def load(data_dir: Path, tmp_path: Path) -> None:
    load_inputs(data_dir, tmp_path / "bad.duckdb", YEAR)


# -- structural problems: one line naming the file, nothing loaded ---------------------------

STRUCTURAL_CASES = {
    "missing required column": (
        lambda d: write_rows(
            d / "ascs/extra.csv", [{k: v for k, v in ASCS_VALID.items() if k != "Age"}]
        ),
        "ascs/extra.csv: missing required column 'age'",
    ),
    "missing question column of the year's layout": (
        lambda d: write_rows(
            d / "ascs/extra.csv", [{k: v for k, v in ASCS_VALID.items() if k != "q3a"}]
        ),
        "ascs/extra.csv: missing required column 'q3a' (control_over_daily_life in the survey",
    ),
    "two headers that are the same column": (
        lambda d: write_rows(d / "sace/extra.csv", [{**SACE_VALID, "la_code": "716"}]),
        "sace/extra.csv: columns 'LaCode' and 'la_code' are the same column",
    ),
    "empty file": (
        lambda d: (d / "sace/extra.csv").write_bytes(b""),
        "sace/extra.csv: empty file",
    ),
    "unreadable parquet": (
        lambda d: (d / "sace/extra.parquet").write_bytes(b"not parquet at all"),
        "sace/extra.parquet: unreadable",
    ),
    "unreadable spreadsheet": (
        lambda d: (d / "sace/extra.xlsx").write_bytes(b"PK not a workbook"),
        "sace/extra.xlsx: unreadable",
    ),
    "unterminated quote": (
        lambda d: (d / "sace/extra.csv").write_text(
            ",".join(SACE_VALID) + '\n716,"9001,1,2,60,1,1,1,1,1,1,1,1,1\n'
        ),
        "sace/extra.csv: unreadable file",
    ),
    "population file without respondent rows": (
        lambda d: [p.unlink() for p in (d / "sace").glob("sace_respondents*")],
        "sace/: no respondents file",
    ),
    "respondent rows without a population file": (
        lambda d: [p.unlink() for p in (d / "ascs").glob("eligible_population*")],
        "ascs/: no eligible populations file",
    ),
    "population file missing a stratum column": (
        lambda d: write_rows(
            d / "ascs/eligible_population_extra.csv",
            [{k: v for k, v in POPULATION_VALID.items() if k != "stratum3Pop"}],
        ),
        "ascs/eligible_population_extra.csv: missing required column 'stratum3pop'",
    ),
}


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    valid_base(data_dir)
    return data_dir


@pytest.mark.parametrize("case", sorted(STRUCTURAL_CASES))
def test_structural_problem_is_one_line_naming_the_file(
    case: str, base_dir: Path, tmp_path: Path
) -> None:
    make_bad, expected = STRUCTURAL_CASES[case]
    make_bad(base_dir)
    with pytest.raises(UserError) as raised:
        load(base_dir, tmp_path)
    message = str(raised.value)
    assert "\n" not in message
    assert expected in message


def test_a_structural_error_leaves_the_previous_load_intact(base_dir: Path, tmp_path: Path) -> None:
    load(base_dir, tmp_path)
    write_rows(base_dir / "sace/extra.csv", [{k: v for k, v in SACE_VALID.items() if k != "Age"}])
    with pytest.raises(UserError):
        load(base_dir, tmp_path)
    with duckdb.connect(str(tmp_path / "bad.duckdb"), read_only=True) as connection:
        files = connection.execute("select file_name from raw.input_files").fetchall()
    assert ("sace/extra.csv",) not in files
    assert len(files) == 4


def test_missing_data_directory(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="data directory not found"):
        load(tmp_path / "nowhere", tmp_path)


def test_the_supported_years_are_the_framework_years() -> None:
    # the layout seed holds ASCS layouts for 2021-22 and 2022-23 too, but those are not
    # framework years the project builds (seed framework_years)
    assert supported_years() == ("2023-24", "2024-25")
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["survey_year"] == DEFAULT_YEAR == "2023-24"


def test_unknown_reporting_year(base_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(
        UserError, match="^year 2019-20 is not supported; supported: 2023-24, 2024-25$"
    ):
        load_inputs(base_dir, tmp_path / "bad.duckdb", "2019-20")


# -- official workbook problems ----------------------------------------------------------------


def workbook(data_dir: Path, path: Path) -> None:
    rows = pd.DataFrame([ascs(SerialNo=str(n)) for n in range(1, 4)])
    population = {k: int(v) for k, v in POPULATION_VALID.items() if k != "LaCode"}
    population.update({f"stratum{s}Sample": 1 for s in range(1, 5)})
    write_ascs_return(path, "716", "Barking and Dagenham", rows, population)


def edit_workbook(path: Path, edit) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    edit(book)
    book.save(path)


WORKBOOK_CASES = {
    "renamed sheet": (
        lambda book: setattr(book["Service User Data"], "title", "Users"),
        "ASCS return workbook has no 'Service User Data' sheet",
    ),
    "missing council code": (
        lambda book: book["Sign Off Sheet"].__setitem__("E2", None),
        "no council code in cell E2 of the 'Sign Off Sheet'",
    ),
    "deleted response column": (
        lambda book: book["Service User Data"].delete_cols(6),
        "'Service User Data' has no header row with Serial number and Response columns",
    ),
    "deleted age column": (
        lambda book: book["Service User Data"].delete_cols(8),
        "[Service User Data]: missing required column 'age'",
    ),
    "table 3 without the 1J rows": (
        lambda book: book["Eligible Population"].delete_rows(8, 2),
        "'Eligible Population' table 3 has no row for stratum2pop1j, stratum4pop1j",
    ),
}


@pytest.mark.parametrize("case", sorted(WORKBOOK_CASES))
def test_broken_official_workbook_fails_clearly(case: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "ascs").mkdir(parents=True)
    path = data_dir / "ascs" / "return.xlsx"
    workbook(data_dir, path)
    edit, expected = WORKBOOK_CASES[case]
    edit_workbook(path, edit)
    with pytest.raises(UserError) as raised:
        load(data_dir, tmp_path)
    assert str(raised.value).startswith("ascs/return.xlsx")
    assert expected in str(raised.value)


def test_official_workbook_loads_without_conversion(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "ascs").mkdir(parents=True)
    workbook(data_dir, data_dir / "ascs" / "return.xlsx")
    report = load_inputs(data_dir, tmp_path / "wb.duckdb", YEAR)
    assert [(f.display_name, f.rows) for f in report.files] == [
        ("ascs/return.xlsx [Service User Data]", 3),
        ("ascs/return.xlsx [Eligible Population]", 1),
    ]
    with duckdb.connect(str(tmp_path / "wb.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select lacode, serialno, q3a, _source_row from raw.ascs__respondents order by 4"
        ).fetchall()
        population = connection.execute(
            "select stratum1pop, stratum2pop1j, stratum4pop1j from raw.ascs__eligible_populations"
        ).fetchall()
    # title rows 1-2, header on line 3: data on lines 4-6; the council code comes from E2
    assert rows == [("716", "1", "1", 4), ("716", "2", "1", 5), ("716", "3", "1", 6)]
    assert population == [("100", "80", "100")]


# -- encodings and formats that must load ------------------------------------------------------


def test_windows_1252_utf8_bom_and_loose_headers_load(base_dir: Path, tmp_path: Path) -> None:
    rows = [
        {("La Code" if k == "LaCode" else k.upper()): v for k, v in sace(SerialNo="77").items()}
    ]
    write_rows(base_dir / "sace/windows.csv", rows, encoding="cp1252")
    write_rows(base_dir / "sace/bom.csv", [sace(SerialNo="78")], encoding="utf-8-sig")
    (base_dir / "sace/README.txt").write_text("not an input")
    report = load_inputs(base_dir, tmp_path / "ok.duckdb", YEAR)
    loaded = {f.display_name: f.rows for f in report.files}
    assert loaded["sace/windows.csv"] == 1
    assert loaded["sace/bom.csv"] == 1
    assert [p.name for p in report.ignored] == ["README.txt"]


def test_parquet_input_loads(base_dir: Path, tmp_path: Path) -> None:
    pd.DataFrame([sace(SerialNo="79")]).to_parquet(base_dir / "sace/extra.parquet")
    report = load_inputs(base_dir, tmp_path / "ok.duckdb", YEAR)
    assert {f.display_name: f.rows for f in report.files}["sace/extra.parquet"] == 1


def test_a_missing_source_is_not_an_error(base_dir: Path, tmp_path: Path) -> None:
    shutil.rmtree(base_dir / "sace")
    report = load_inputs(base_dir, tmp_path / "ok.duckdb", YEAR)
    missing = {m.source: m.message for m in report.missing}
    assert "ascs" not in missing
    assert "1C, 1E, 3B, 3C2, 5A2 shown as [x]" in missing["sace"]


# -- row and value problems: rejected with the documented reason, ledger balanced --------------

ROW_CASES: dict[str, tuple[str, list[dict[str, str]], list[tuple[str, str, str]]]] = {
    # file name: (folder, rows, expected (scope, column, reason) per rejection)
    "unknown_council.csv": (
        "ascs",
        [ascs(LaCode="999")],
        [("row", "lacode", "unknown council code")],
    ),
    "duplicate_serial.csv": (
        "ascs",
        [ascs(SerialNo="1")],
        [("row", "serialno", "duplicate serial number within council")],
    ),
    "response_four.csv": (
        "ascs",
        [ascs(Response="4")],
        [("row", "response", "response code not 1, 2 or 3")],
    ),
    "response_text.csv": (
        "ascs",
        [ascs(Response="yes")],
        [("row", "response", "response code not 1, 2 or 3")],
    ),
    "age_under_18.csv": ("ascs", [ascs(Age="16")], [("row", "age", "age under 18")]),
    "age_missing.csv": (
        "ascs",
        [ascs(Age="")],
        [("row", "age, primarysupportreason, supportsetting", NO_STRATUM)],
    ),
    "reason_out_of_range.csv": (
        "ascs",
        [ascs(PrimarySupportReason="99")],
        [("row", "age, primarysupportreason, supportsetting", NO_STRATUM)],
    ),
    "setting_missing.csv": (
        "ascs",
        [ascs(SupportSetting="")],
        [("row", "age, primarysupportreason, supportsetting", NO_STRATUM)],
    ),
    "no_population_row.csv": (
        "ascs",
        [ascs(LaCode="W8X1Q")],
        [("row", "lacode", "council has no valid eligible population row")],
    ),
    "answer_out_of_range.csv": (
        "ascs",
        [ascs(q3a="5")],
        [("value", "q3a", "answer code not valid for control_over_daily_life (standard form)")],
    ),
    "answer_not_a_number.csv": (
        "ascs",
        [ascs(q7a="a")],
        [("value", "q7a", "answer code not valid for feeling_safe (standard form)")],
    ),
    "answer_not_whole.csv": (
        "ascs",
        [ascs(q8a="1.5")],
        [("value", "q8a", "answer code not valid for social_contact (standard form)")],
    ),
    "easy_read_code_six.csv": (
        "ascs",
        [ascs(Questionnaire="3", q1="6")],
        [("value", "q1", "answer code not valid for overall_satisfaction (easy_read form)")],
    ),
    "non_respondent_answers.csv": (
        "ascs",
        [ascs(Response="2", **{**NO_ANSWERS, "q3a": "1", "q4a": "2"})],
        [
            ("value", "q3a", "answer given on a non-response row"),
            ("value", "q4a", "answer given on a non-response row"),
        ],
    ),
    "stray_spaces_and_decimals.csv": ("ascs", [ascs(q3a=" 2 ", q4a="2.0", Age=" 70 ")], []),
    "lower_case_council.csv": ("ascs", [ascs(LaCode="u6q5z")], []),
    "eligible_population_bad_duplicate.csv": (
        "ascs",
        [dict(POPULATION_VALID)],
        [("row", "lacode", "duplicate eligible population row for council")],
    ),
    "eligible_population_bad_negative.csv": (
        "ascs",
        [{**POPULATION_VALID, "LaCode": "W8X1Q", "stratum2Pop": "-5"}],
        [("row", "stratum populations", BAD_POPULATION)],
    ),
    "eligible_population_bad_text.csv": (
        "ascs",
        [{**POPULATION_VALID, "LaCode": "Z9D4Z", "stratum1Pop": "many"}],
        [("row", "stratum populations", BAD_POPULATION)],
    ),
    "eligible_population_bad_unknown.csv": (
        "ascs",
        [{**POPULATION_VALID, "LaCode": "000"}],
        [("row", "lacode", "unknown council code")],
    ),
    "carer_unknown_council.csv": (
        "sace",
        [sace(LaCode="999")],
        [("row", "lacode", "unknown council code")],
    ),
    "carer_response_three.csv": (
        "sace",
        [sace(Response="3")],
        [("row", "response", "response code not 1 or 2")],
    ),
    "carer_under_18.csv": ("sace", [sace(Age="17")], [("row", "age", "age under 18")]),
    "carer_duplicate_serial.csv": (
        "sace",
        [sace(SerialNo="8888"), sace(SerialNo="8888")],
        [("row", "serialno", "duplicate serial number within council")],
    ),
    "carer_satisfaction_nine.csv": (
        "sace",
        [sace(q4="9")],
        [("value", "q4", "answer code not valid for overall_satisfaction (standard form)")],
    ),
    "carer_information_zero.csv": (
        "sace",
        [sace(q17="0")],
        [("value", "q17", "answer code not valid for ease_finding_information (standard form)")],
    ),
}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One build over a valid generated base plus every bad row, each in its own file."""
    work = tmp_path_factory.mktemp("bad_rows")
    data_dir = work / "data"
    valid_base(data_dir)
    population_file = next((data_dir / "ascs").glob("eligible_population*"))
    population = pd.read_csv(population_file, dtype=str)
    population[~population["LaCode"].isin(HELD_BACK)].to_csv(population_file, index=False)
    for number, (file_name, (folder, rows, _)) in enumerate(sorted(ROW_CASES.items())):
        keeps_serials = file_name.startswith(("duplicate", "eligible", "carer_duplicate"))
        # every other bad row gets a serial of its own, so only the intended problem shows
        unique = [{**row, "SerialNo": str(5000 + number)} for row in rows]
        write_rows(data_dir / folder / file_name, rows if keeps_serials else unique)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASCOF_DUCKDB_PATH", str(work / "bad.duckdb"))
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        result = invoke("build", "--data-dir", str(data_dir), "--year", YEAR)
    assert result.exit_code == 0, result.output
    yield work / "bad.duckdb"


def rejections(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("select * from marts.data_quality_rejections").df()


@pytest.mark.parametrize("file_name", sorted(ROW_CASES))
def test_bad_rows_get_the_documented_rejection(file_name: str, bad_build: Path) -> None:
    folder, _, expected = ROW_CASES[file_name]
    found = rejections(bad_build)
    found = found[found["file_name"] == f"{folder}/{file_name}"]
    actual = sorted(
        zip(found["rejection_scope"], found["column_name"], found["rejection_reason"], strict=True)
    )
    assert actual == sorted(expected)


def test_the_base_data_has_no_rejections(bad_build: Path) -> None:
    found = rejections(bad_build)
    generated = found[found["file_name"].str.contains("_2023_24")]
    # the held-back councils' respondents have no population row: their rows are rejected
    assert set(generated["rejection_reason"]) <= {"council has no valid eligible population row"}


def test_every_file_balances(bad_build: Path) -> None:
    with duckdb.connect(str(bad_build), read_only=True) as connection:
        summary = connection.execute("select * from marts.data_quality_summary").df()
    assert len(summary) == len(ROW_CASES) + 4
    assert (summary["rows_read"] == summary["rows_used"] + summary["rows_rejected"]).all()


def test_rejections_name_no_person(bad_build: Path) -> None:
    found = rejections(bad_build)
    assert not found["rejected_value"].fillna("").str.fullmatch(r"\d{10}").any()
    assert "serialno" not in set(found.loc[found["rejected_value"].notna(), "column_name"])
