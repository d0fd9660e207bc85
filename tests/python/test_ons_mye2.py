"""ONS's MYE2 workbook (runner/sources/ons.py): read as published, counted as the MYEB rows are.

MYE2 has a sheet per sex, title rows above its header, a column per single year of age, and lists
England, regions, counties and their districts together. Built from the same estimates as an MYEB
file, it must give every council the same populations, with every input row accounted for.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import build_selected, query
from openpyxl import Workbook

from generator import generate
from runner.errors import UserError
from runner.input_contract import SEEDS
from runner.load import load_inputs

YEAR = "2023-24"
AGES = list(range(91))
SHEETS = {"1": "MYE2 - Males", "2": "MYE2 - Females"}  # MYEB's sex code -> MYE2's sheet


def write_mye2(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """An MYE2 workbook: per sheet, title rows 1-7, the header on row 8, then one area per row."""
    book = Workbook()
    book.remove(book.active)
    book.create_sheet("Contents")["A1"] = "Population estimates for the UK, mid-2023"
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet["A1"] = f"{name}: mid-2023 population estimates by single year of age"
        sheet["A5"] = "Source: Office for National Statistics"
        header = ["Code", "Name", "Geography", "All ages", *AGES[:-1], "90+"]
        for column, value in enumerate(header, start=1):
            sheet.cell(row=8, column=column, value=value)
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, start=1):
                sheet.cell(row=9 + offset, column=column, value=value)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def area_row(code: str, name: str, geography: str, by_age: pd.Series) -> list[object]:
    counts = [int(by_age.get(age, 0)) for age in AGES]
    return [code, name, geography, sum(counts), *counts]


def mye2_from_myeb(myeb: pd.DataFrame) -> dict[str, list[list[object]]]:
    """The MYE2 sheets holding the same estimates: every district, each county as the sum of
    its districts, England, and a Welsh area."""
    districts = pd.read_csv(SEEDS / "reference" / "ons_district_to_county.csv", dtype=str)
    county_of = dict(zip(districts["district_ons_code"], districts["county_ons_code"], strict=True))
    myeb = myeb.assign(population=myeb["population_2023"].astype(int), age=myeb["age"].astype(int))
    sheets = {}
    for sex, sheet in SHEETS.items():
        rows = myeb[myeb["sex"] == sex]
        by_area = rows.groupby(["ladcode23", "age"])["population"].sum()
        england = rows.groupby("age")["population"].sum()
        counties = rows.assign(county=rows["ladcode23"].map(county_of)).dropna(subset=["county"])
        by_county = counties.groupby(["county", "age"])["population"].sum()
        sheet_rows = [area_row("K02000001", "UNITED KINGDOM", "Country", england * 1.2)]
        sheet_rows.append(area_row("E92000001", "ENGLAND", "Country", england))
        for county in sorted(by_county.index.get_level_values(0).unique()):
            sheet_rows.append(area_row(county, "", "County", by_county[county]))
        for code in sorted(by_area.index.get_level_values(0).unique()):
            kind = "Non-metropolitan District" if code in county_of else "Unitary Authority"
            sheet_rows.append(area_row(code, "", kind, by_area[code]))
        sheet_rows.append(area_row("W06000001", "Isle of Anglesey", "Unitary Authority", england))
        sheets[sheet] = sheet_rows
    return sheets


def build(work: Path, data_dir: Path) -> Path:
    """`ascof build` of the population chain and the data-quality summary; the database."""
    return build_selected(work, data_dir, "+int_ons__council_populations +data_quality_summary")


@pytest.fixture(scope="module")
def both_layouts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Databases built from an MYEB file and from the MYE2 workbook of the same estimates."""
    work = tmp_path_factory.mktemp("mye2")
    myeb_dir = work / "myeb" / "data"
    generate(myeb_dir, scale=0.01, seed=3, sources=["ons"])
    myeb = pd.read_csv(next((myeb_dir / "ons").glob("*.csv")), dtype=str)
    mye2_dir = work / "mye2" / "data"
    write_mye2(mye2_dir / "ons" / "mye23.xlsx", mye2_from_myeb(myeb))
    return build(work / "myeb", myeb_dir), build(work / "mye2", mye2_dir)


def test_mye2_gives_every_council_the_populations_of_the_myeb_rows(both_layouts) -> None:
    myeb, mye2 = both_layouts
    sql = "select * from intermediate.int_ons__council_populations order by 1, 2"
    from_myeb = query(myeb, sql)
    assert len(from_myeb) == 153 * 5
    assert query(mye2, sql) == from_myeb


def test_mye2_rows_are_each_used_or_rejected_once(both_layouts) -> None:
    _, mye2 = both_layouts
    summary = query(
        mye2,
        "select file_name, rows_read, rows_used, rows_rejected "
        "from marts.data_quality_summary where source_folder = 'ons' order by 1",
    )
    assert [row[0] for row in summary] == [
        "ons/mye23.xlsx [MYE2 - Females]",
        "ons/mye23.xlsx [MYE2 - Males]",
    ]
    for _, rows_read, rows_used, rows_rejected in summary:
        assert rows_read == rows_used + rows_rejected
    reasons = query(
        mye2,
        "select rejection_reason, count(*) from intermediate.int_ons__ledger "
        "where rejection_reason is not null group by 1 order by 1",
    )
    districts = len(pd.read_csv(SEEDS / "reference" / "ons_district_to_county.csv"))
    # per sheet: every district (its county's row is used), the UK, England and the Welsh area
    assert reasons == [
        ("a district of a county whose own row is used", 2 * districts),
        ("area code is not an English council or district", 2 * 3),
    ]


def test_mye2_sheets_load_with_their_sheet_rows_and_sex(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    by_age = pd.Series({age: age + 100 for age in AGES})
    write_mye2(
        data_dir / "ons" / "mye23.xlsx",
        {
            "MYE2 - Persons": [area_row("E06000001", "Hartlepool", "Unitary Authority", by_age)],
            "MYE2 - Males": [area_row("E06000001", "Hartlepool", "Unitary Authority", by_age)],
            "MYE2 - Females": [
                area_row("E92000001", "ENGLAND", "Country", by_age),
                area_row("E06000001", "Hartlepool", "Unitary Authority", by_age),
            ],
        },
    )
    report = load_inputs(data_dir, tmp_path / "w.duckdb", YEAR)
    assert [(f.display_name, f.rows) for f in report.files] == [
        ("ons/mye23.xlsx [MYE2 - Males]", 1),
        ("ons/mye23.xlsx [MYE2 - Females]", 2),
    ]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select _source_file, _source_row, code, sex, age0, age90, allages "
            "from raw.ons__wide_populations order by 1, 2"
        ).fetchall()
        long_rows = connection.execute("select count(*) from raw.ons__populations").fetchone()
    total = str(sum(age + 100 for age in AGES))
    # the header is on sheet row 8, so the first area is row 9
    assert rows == [
        ("ons/mye23.xlsx [MYE2 - Females]", 9, "E92000001", "female", "100", "190", total),
        ("ons/mye23.xlsx [MYE2 - Females]", 10, "E06000001", "female", "100", "190", total),
        ("ons/mye23.xlsx [MYE2 - Males]", 9, "E06000001", "male", "100", "190", total),
    ]
    assert long_rows == (0,)


@pytest.mark.parametrize(
    ("sheets", "missing"),
    [(["MYE2 - Males"], "MYE2 - Females"), (["MYE2 - Persons"], "MYE2 - Males")],
)
def test_an_mye2_workbook_without_a_sex_sheet_is_named(
    sheets: list[str], missing: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    by_age = pd.Series({age: 1 for age in AGES})
    row = area_row("E06000001", "Hartlepool", "Unitary Authority", by_age)
    write_mye2(data_dir / "ons" / "mye23.xlsx", {sheet: [row] for sheet in sheets})
    with pytest.raises(UserError) as raised:
        load_inputs(data_dir, tmp_path / "w.duckdb", YEAR)
    assert str(raised.value) == (
        f"ons/mye23.xlsx: MYE2 workbook has no '{missing}' sheet "
        f"(sheets: Contents, {', '.join(sheets)})"
    )
