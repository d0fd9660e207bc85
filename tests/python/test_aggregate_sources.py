"""Fast tests of the aggregate sources: SAC (4B), ASC-WDS (6A), CQC (6B) and SALT.

The generators are checked against the layouts the loader and the models read, and calibrated
values are recomputed here from the written files, independently of the models. The CQC name
map must reach every council; the SALT cell seed must name only cells the generator writes.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from generator import ascwds, cqc, sac, salt
from generator.reference import SEEDS, load_reference
from runner.input_contract import SOURCES, canonical_column_name
from runner.load import load_inputs

AGGREGATE_FOLDERS = ("sac", "ascwds", "cqc", "salt")
SCALE = 0.02


def rng(k: int) -> np.random.Generator:
    return np.random.default_rng([7, 10 + k])


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def population(reference) -> pd.DataFrame:
    """An ONS-like population table (council_code, age, population_2023): per thousand
    residents, 590 people aged 30 and 190 aged 70, so SALT's admissions have known denominators."""
    rows = [
        (code, age, round(thousands * per_thousand))
        for code, thousands in zip(reference.codes, reference.population, strict=True)
        for age, per_thousand in ((30, 590), (70, 190))
    ]
    return pd.DataFrame(rows, columns=["council_code", "age", "population_2023"])


def generate_all(folder: Path, reference, population: pd.DataFrame) -> dict[str, int]:
    written = sac.generate(folder, reference, SCALE, rng(0))
    written |= ascwds.generate(folder, reference, SCALE, rng(1))
    written |= cqc.generate(folder, reference, SCALE, rng(2))
    written |= salt.generate(folder, reference, SCALE, rng(3), population)
    return written


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory, reference, population
) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("aggregate")
    return folder, generate_all(folder, reference, population)


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def source(folder: str):
    return next(s for s in SOURCES if s.folder == folder)


# --- source contracts -------------------------------------------------------------------------


@pytest.mark.parametrize("folder", AGGREGATE_FOLDERS)
def test_each_source_is_declared_with_canonical_columns(folder: str) -> None:
    declared = source(folder)
    assert declared.enables and not declared.is_survey
    for entity in declared.entities:
        assert entity.raw_table.startswith(f"{folder}__")
        for column in (*entity.required_columns, *entity.optional_columns):
            assert canonical_column_name(column) == column


def test_generated_files_hold_every_required_column(generated, locations) -> None:
    folder, written = generated
    for name in written:
        declared = source(name.split("/")[0])
        entity = declared.entity_for(Path(name).name)
        columns = list(locations.columns) if name.endswith(".xlsx") else header(folder / name)
        canonical = {canonical_column_name(c) for c in columns}
        assert set(entity.required_columns) <= canonical, name


# --- SAC -----------------------------------------------------------------------------------------


def test_sac_has_the_published_layout_and_disclosure_control(generated, reference) -> None:
    folder, _ = generated
    assert header(folder / sac.CELLS_FILE) == sac.COLUMNS
    cells = pd.read_csv(folder / sac.CELLS_FILE, dtype=str, keep_default_na=False)
    assert set(cells["LA_CODE"]) == set(reference.codes)
    numbers = cells.loc[cells["VALUE"] != "[c]", "VALUE"].astype(int)
    assert (numbers % 5 == 0).all() and (numbers >= 5).all()
    assert (cells["VALUE"] == "[c]").any(), "small cells are suppressed as published"
    risk = cells[
        (cells["TABLE_REFERENCE"] == sac.RISK_OUTCOME_TABLE)
        & (cells["ENQUIRY_TYPE"] == sac.CONCLUDED)
    ]
    assert not (risk["VALUE"] == "[c]").any(), "4B's cells stay computable"
    key = ["LA_CODE", "TABLE_REFERENCE", "ENQUIRY_TYPE", "CATEGORY", "SUBCATEGORY"]
    assert not cells.duplicated(key).any()


def test_sac_risk_outcomes_hold_other_enquiries_that_4b_leaves_out(generated) -> None:
    folder, _ = generated
    cells = pd.read_csv(folder / sac.CELLS_FILE, dtype=str)
    risk = cells[cells["TABLE_REFERENCE"] == sac.RISK_OUTCOME_TABLE]
    assert set(risk["ENQUIRY_TYPE"]) == {sac.CONCLUDED, sac.OTHER_ENQUIRIES}
    results = cells[cells["TABLE_REFERENCE"] == "SG2c"]
    assert set(results["ENQUIRY_TYPE"]) == {sac.CONCLUDED, sac.OTHER_ENQUIRIES}


def test_sac_4b_lands_near_the_published_england_value(generated) -> None:
    folder, _ = generated
    cells = pd.read_csv(folder / sac.CELLS_FILE, dtype=str)
    risk = cells[
        (cells["TABLE_REFERENCE"] == sac.RISK_OUTCOME_TABLE)
        & (cells["ENQUIRY_TYPE"] == sac.CONCLUDED)
    ]
    totals = risk.assign(n=risk["VALUE"].astype(int)).groupby("SUBCATEGORY")["n"].sum()
    england = 100 * (totals["Risk reduced"] + totals["Risk removed"]) / totals.sum()
    assert abs(england - 100 * sac.ENGLAND_4B) < 2


# --- ASC-WDS -------------------------------------------------------------------------------------


def test_ascwds_files_cover_every_council_once(generated, reference) -> None:
    folder, _ = generated
    establishments = pd.read_csv(folder / ascwds.ESTABLISHMENTS_FILE, dtype=str)
    councils = pd.read_csv(folder / ascwds.COUNCILS_FILE, dtype=str)
    assert header(folder / ascwds.ESTABLISHMENTS_FILE) == ascwds.ESTABLISHMENT_COLUMNS
    assert header(folder / ascwds.COUNCILS_FILE) == ascwds.COUNCIL_COLUMNS
    by_ons = dict(zip(reference.councils["council_ons_code"], reference.codes, strict=True))
    council = establishments["cssr"].fillna(establishments["lauthid"].map(by_ons))
    assert council.notna().all()
    assert establishments["lauthid"].notna().any(), "some rows carry the council in lauthid"
    assert set(council).isdisjoint(councils["cssr"])
    assert set(council) | set(councils["cssr"]) == set(reference.codes)
    assert establishments["establishmentid"].is_unique
    not_updated = establishments["totalleavers"].isna().mean()
    assert 0 < not_updated < 0.1


def test_ascwds_turnover_lands_near_england(generated) -> None:
    folder, _ = generated
    rows = pd.concat(
        [
            pd.read_csv(folder / ascwds.ESTABLISHMENTS_FILE),
            pd.read_csv(folder / ascwds.COUNCILS_FILE),
        ]
    ).dropna(subset=["totalleavers"])
    turnover = 100 * rows["totalleavers"].sum() / rows["totalstaff"].sum()
    assert abs(turnover - 100 * ascwds.ENGLAND_TURNOVER) < 1.5


# --- CQC -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cqc_workbook(generated) -> dict[str, pd.DataFrame]:
    """Every sheet of the generated workbook, read once, without a header."""
    folder, _ = generated
    return pd.read_excel(folder / cqc.WORKBOOK_FILE, sheet_name=None, header=None, dtype=str)


@pytest.fixture(scope="module")
def locations(cqc_workbook) -> pd.DataFrame:
    raw = cqc_workbook[cqc.SHEET]
    return raw.iloc[cqc.HEADER_ROW + 1 :].set_axis(list(raw.iloc[cqc.HEADER_ROW]), axis=1)


def name_map() -> dict[str, str]:
    names = pd.read_csv(
        SEEDS / "reference" / "cqc_local_authority_names.csv", dtype=str, keep_default_na=False
    )
    return dict(
        zip(
            names["cqc_local_authority_name"].str.strip().str.lower(),
            names["council_code"],
            strict=True,
        )
    )


def test_cqc_workbook_has_title_rows_above_the_locations_header(
    generated, cqc_workbook, locations
) -> None:
    _, written = generated
    assert list(cqc_workbook) == ["Notes", cqc.SHEET, "Providers"]
    raw = cqc_workbook[cqc.SHEET]
    assert raw.iloc[0, 0] == cqc.TITLE_ROWS[0] and raw.iloc[2].isna().all()
    assert list(raw.iloc[cqc.HEADER_ROW]) == cqc.COLUMNS
    assert len(locations) == written[cqc.WORKBOOK_FILE]


def test_cqc_names_all_map_and_6b_lands_near_england(locations, reference) -> None:
    rows = locations
    names = name_map()
    council = rows["Location Local Authority"].str.strip().str.lower().map(names)
    assert council.notna().all()
    assert set(council) == set(reference.codes)
    assert rows["Location Local Authority"].isin(["Durham", "Bristol, City of"]).any()
    in_scope = rows[
        (rows["Location Type"] == cqc.SOCIAL_CARE)
        & rows["Location Primary Inspection Category"].isin([cqc.RESIDENTIAL, cqc.COMMUNITY])
        & (rows["Domain"] == "Overall")
        & (rows["Service / Population Group"] == "Overall")
    ]
    assert in_scope["Location ID"].is_unique
    assert len(in_scope) < len(rows), "out-of-scope rows are there too"
    # 6B: care homes rated Good or Outstanding over every care home, not yet rated included
    care_homes = in_scope[in_scope["Care Home?"] == "Y"]
    assert (care_homes["Location Primary Inspection Category"] == cqc.RESIDENTIAL).all()
    good = 100 * care_homes["Latest Rating"].isin(["Good", "Outstanding"]).mean()
    assert abs(good - 100 * cqc.ENGLAND_6B) < 2.5
    assert (care_homes["Latest Rating"] == cqc.NOT_RATED).any(), "not-yet-rated care homes"
    community = in_scope[in_scope["Care Home?"] == "N"]
    assert (community["Location Primary Inspection Category"] == cqc.COMMUNITY).all()
    assert len(community) > 0, "community services that 6B leaves out"


def test_the_loader_reads_the_cqc_sheet_below_its_title_rows(generated, tmp_path: Path) -> None:
    folder, written = generated
    data = tmp_path / "data"
    (data / "cqc").mkdir(parents=True)
    (data / cqc.WORKBOOK_FILE).write_bytes((folder / cqc.WORKBOOK_FILE).read_bytes())
    database = tmp_path / "load.duckdb"
    load_inputs(data, database, "2023-24")
    with duckdb.connect(str(database), read_only=True) as connection:
        rows, first_line = connection.execute(
            "select count(*), min(_source_row) from raw.cqc__location_ratings"
        ).fetchone()
    assert rows == written[cqc.WORKBOOK_FILE]
    assert first_line == cqc.HEADER_ROW + 2  # spreadsheet lines count from 1, below the header


def test_generated_workbooks_and_files_are_deterministic(
    generated, reference, population, tmp_path
) -> None:
    folder, written = generated
    generate_all(tmp_path, reference, population)
    for name in written:
        same = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        assert same == hashlib.sha256((folder / name).read_bytes()).hexdigest(), name


# --- the CQC local-authority name map ------------------------------------------------------------


def test_every_council_is_reachable_from_the_cqc_name_map(reference) -> None:
    names = name_map()
    assert set(names.values()) == set(reference.codes)
    for code, name in zip(reference.codes, reference.councils["council_name"], strict=True):
        assert names[name.strip().lower()] == code, name
    for variant, code in {"durham": "116", "bristol, city of": "909", "st helens": "318"}.items():
        assert names[variant] == code


def test_cqc_names_are_unique_once_case_and_spaces_are_ignored() -> None:
    names = pd.read_csv(SEEDS / "reference" / "cqc_local_authority_names.csv", dtype=str)
    keys = names["cqc_local_authority_name"].str.strip().str.lower()
    assert keys.is_unique


# --- SALT ----------------------------------------------------------------------------------------


def seed_cells() -> pd.DataFrame:
    return pd.read_csv(SEEDS / "config" / "salt_metric_cells.csv", dtype={"sign": int})


def cell_key(frame: pd.DataFrame, table: str, row: str, column: str) -> pd.Series:
    return (
        frame[table].str.strip().str.lower()
        + "|"
        + frame[row].str.strip().str.lower()
        + "|"
        + frame[column].str.strip().str.lower()
    )


def test_salt_seed_is_complete_for_every_metric() -> None:
    cells = seed_cells()
    catalogue = pd.read_csv(SEEDS / "reference" / "metric_catalogue.csv", dtype=str)
    assert set(cells["metric_code"]) == set(salt.METRICS)
    assert set(cells["metric_code"]) <= set(catalogue["metric_code"])
    parts = cells.groupby(["metric_code", "disaggregation_level"])["part"].agg(set)
    assert (parts == {"numerator", "denominator"}).all()
    assert set(cells["sign"]) == {1, -1}
    assert not cells.duplicated(
        [
            "metric_code",
            "part",
            "disaggregation_level",
            "table_reference",
            "row_label",
            "column_label",
        ]
    ).any()


def test_salt_file_holds_every_seeded_cell_for_every_council(generated, reference) -> None:
    folder, _ = generated
    written = pd.read_csv(folder / salt.CELLS_FILE, dtype={"LA_CODE": str})
    assert header(folder / salt.CELLS_FILE) == salt.COLUMNS
    assert set(written["LA_CODE"]) == set(reference.codes)
    assert (written["VALUE"] >= 0).all()
    keys = cell_key(written, "TABLE_REFERENCE", "ROW_LABEL", "COLUMN_LABEL")
    assert not pd.DataFrame({"c": written["LA_CODE"], "k": keys}).duplicated().any()
    seeded = seed_cells()
    from_salt = seeded[seeded["table_reference"] != "ONS mid-year population estimates"]
    wanted = set(cell_key(from_salt, "table_reference", "row_label", "column_label"))
    per_council = pd.DataFrame({"c": written["LA_CODE"], "k": keys}).groupby("c")["k"].agg(set)
    assert all(wanted <= found for found in per_council)


def test_salt_outcomes_land_on_published_england_values(generated, reference, population) -> None:
    folder, _ = generated
    written = pd.read_csv(folder / salt.CELLS_FILE, dtype={"LA_CODE": str})
    written["key"] = cell_key(written, "TABLE_REFERENCE", "ROW_LABEL", "COLUMN_LABEL")
    seeded = seed_cells().query("disaggregation_level == 'Total'")
    seeded = seeded.assign(key=cell_key(seeded, "table_reference", "row_label", "column_label"))
    merged = seeded.merge(written, on="key")
    merged["value"] = merged["sign"] * merged["VALUE"]
    parts = merged.groupby(["metric_code", "part"])["value"].sum().unstack()
    parts.loc["2B", "denominator"] = population.query("age < 65")["population_2023"].sum()
    parts.loc["2C", "denominator"] = population.query("age >= 65")["population_2023"].sum()
    scale = pd.Series(100.0, index=parts.index)
    scale[["2B", "2C"]] = 100_000.0
    realised = (scale * parts["numerator"] / parts["denominator"]).reindex(salt.METRICS)
    published = reference.england(salt.METRICS)
    tolerance = pd.Series(0.3, index=salt.METRICS)
    tolerance[["2B", "2C"]] = published[["2B", "2C"]] * 0.01
    off = (realised - published).abs() > tolerance
    assert not off.any(), pd.DataFrame({"realised": realised, "published": published})[off]
