"""A build of one council's returns (spec "Coverage"): the council's own values and nothing else.

Every source of the generated scale-0.02 data is cut down to one council's rows (CLD, SALT, both
surveys, SAC, ASC-WDS, CQC, ONS). Its export must hold no numeric Region, Council Type or England
value (they are computed from 1 of M councils, so `[x]`), the council's own values must equal those
of the all-council build, and the report and `ascof compare` must say "from 1 of M councils".
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import Result
from conftest import PROJECT_DIR, REPORT_COUNCIL, Built, invoke

from runner.privacy import SYNTHETIC_MARKER

OUTCOMES_CSV = "ascof_outcomes_2023_24.csv"
LEVEL, CODE, VALUE = "Geographical Level", "Geographical Code", "Measure_Value"
REFERENCE = PROJECT_DIR / "seeds" / "reference"
CQC_HEADER_FIRST_CELL = "Location ID"
ENGLAND_COUNCILS = 153


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / f"{name}.csv", dtype=str, keep_default_na=False)


COUNCIL = _reference("councils").set_index("council_code").loc[REPORT_COUNCIL]
COUNCIL_ONS_CODE = str(COUNCIL["council_ons_code"])
REGION_COUNCILS = int((_reference("councils")["region_code"] == COUNCIL["region_code"]).sum())


def _district_codes() -> set[str]:
    """The ONS codes of the council's districts (a county's), and its own."""
    mapping = _reference("ons_district_to_county")
    districts = mapping[mapping["county_ons_code"] == COUNCIL_ONS_CODE]["district_ons_code"]
    return {COUNCIL_ONS_CODE, *districts.tolist()}


def _cqc_names() -> set[str]:
    names = _reference("cqc_local_authority_names")
    own = names[names["council_code"] == REPORT_COUNCIL]["cqc_local_authority_name"]
    return {*own.tolist(), str(COUNCIL["council_name"])}


def filter_csv(source: Path, target: Path, keep: Callable[[dict[str, str]], bool]) -> int:
    """Copy the header and the rows `keep` accepts; returns the rows kept (no file when none:
    ASC-WDS council-area rows exist for a few councils only)."""
    with source.open(newline="", encoding="utf-8-sig") as read:
        reader = csv.DictReader(read)
        rows = [row for row in reader if keep(row)]
        fields = reader.fieldnames or []
    if not rows:
        return 0
    with target.open("w", newline="", encoding="utf-8") as write:
        writer = csv.DictWriter(write, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def filter_cqc(source: Path, target: Path, names: set[str]) -> int:
    """The Locations sheet keeps its title lines, its header and the council's locations."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook["Locations"]
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row[0] == CQC_HEADER_FIRST_CELL)
    authority = rows[header_at].index("Location Local Authority")
    kept = [row for row in rows[header_at + 1 :] if row[authority] in names]
    sheet.delete_rows(header_at + 2, sheet.max_row)
    for row in kept:
        sheet.append(row)
    workbook.save(target)
    return len(kept)


def one_council_returns(all_councils: Path, out: Path) -> dict[str, int]:
    """Every source of the generated data, keeping only REPORT_COUNCIL's rows; rows kept."""
    code = REPORT_COUNCIL
    kept: dict[str, int] = {}

    def by(column: str) -> Callable[[dict[str, str]], bool]:
        return lambda row: row[column].strip() == code

    plans: dict[str, Callable[[dict[str, str]], bool]] = {
        "ascs": by("LaCode"),
        "sace": by("LaCode"),
        "salt": by("LA_CODE"),
        "sac": by("LA_CODE"),
        "ons": lambda row: row["ladcode23"] in _district_codes(),
        "ascwds": lambda row: row.get("cssr", "").strip() == code
        or row.get("lauthid", "").strip() == COUNCIL_ONS_CODE,
    }
    for folder, keep in plans.items():
        (out / folder).mkdir(parents=True)
        for path in sorted((all_councils / folder).glob("*.csv")):
            kept[f"{folder}/{path.name}"] = filter_csv(path, out / folder / path.name, keep)
    (out / "cld").mkdir()
    for path in sorted((all_councils / "cld").glob(f"{code}_*.csv")):
        shutil.copy(path, out / "cld" / path.name)
        kept[f"cld/{path.name}"] = sum(1 for _ in path.open(encoding="utf-8")) - 1
    (out / "cqc").mkdir()
    for path in sorted((all_councils / "cqc").glob("*.xlsx")):
        kept[f"cqc/{path.name}"] = filter_cqc(path, out / "cqc" / path.name, _cqc_names())
    (out / SYNTHETIC_MARKER).write_text("generated test data, one council's rows")
    return kept


@pytest.fixture(scope="module")
def one_council(
    built: Built, generated: Path, exports_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """Build and export the one-council returns into a database of their own; the work folder.
    The environment points at that database while the module's tests run (the all-council
    build's exports are made first, from the session's database)."""
    assert built.result.exit_code == 0, built.result.output
    assert exports_dir.is_dir()
    work = tmp_path_factory.mktemp("one_council")
    kept = one_council_returns(generated, work / "data")
    folders = {name.split("/")[0] for name in kept}
    for folder in folders:
        assert sum(rows for name, rows in kept.items() if name.startswith(folder)), (folder, kept)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASCOF_DUCKDB_PATH", str(work / "ascof.duckdb"))
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        result = invoke("--quiet", "build", "--data-dir", str(work / "data"))
        assert result.exit_code == 0, result.output
        result = invoke("--quiet", "export", "--out", str(work / "exports"), "--format", "csv")
        assert result.exit_code == 0, result.output
        yield work


def read_outcomes(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / OUTCOMES_CSV, dtype=str, keep_default_na=False)


def is_number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def test_no_region_council_type_or_england_value_is_exported(one_council: Path) -> None:
    outcomes = read_outcomes(one_council / "exports")
    above = outcomes[outcomes[LEVEL] != "Council"]
    assert set(above[LEVEL]) == {"Region", "Council Type", "England"}
    numeric = above[above[VALUE].map(is_number)]
    assert numeric.empty, numeric.head(10).to_string()


def test_the_councils_own_values_equal_the_all_council_build(
    one_council: Path, exports_dir: Path
) -> None:
    def council_rows(folder: Path) -> pd.DataFrame:
        outcomes = read_outcomes(folder)
        rows = outcomes[outcomes[CODE] == REPORT_COUNCIL]
        return rows.sort_values(["ASCOF Measure Code", "Measure Type"]).reset_index(drop=True)

    alone, with_all = council_rows(one_council / "exports"), council_rows(exports_dir)
    assert len(alone) == len(with_all) > 0
    assert alone[VALUE].map(is_number).sum() > len(alone) // 2, "too few values shown"
    pd.testing.assert_frame_equal(alone, with_all)


def test_other_councils_are_not_available(one_council: Path) -> None:
    outcomes = read_outcomes(one_council / "exports")
    others = outcomes[(outcomes[LEVEL] == "Council") & (outcomes[CODE] != REPORT_COUNCIL)]
    assert set(others[VALUE]) == {"[x]"}


def test_the_report_says_from_one_of_m_councils(one_council: Path) -> None:
    page = one_council / "report.html"
    result = invoke("--quiet", "report", "--council", REPORT_COUNCIL, "--out", str(page))
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert f"from 1 of {REGION_COUNCILS} councils" in text
    assert f"from 1 of {ENGLAND_COUNCILS} councils" in text
    assert "England&#39;s published 2023-24 value" in text or "England's published" in text


def compare(*args: str) -> Result:
    result = invoke("compare", "--top", "3", *args)
    assert result.exit_code == 0, result.output
    return result


def test_compare_says_from_one_of_m_councils(one_council: Path) -> None:
    council_level = compare().output
    assert f"[x] from 1 of {ENGLAND_COUNCILS} councils" in council_level
    assert "compare with the published values" in council_level
    region_level = compare("--level", "Region").output
    assert f"{COUNCIL['region_name']} from 1 of {REGION_COUNCILS} councils" in region_level
