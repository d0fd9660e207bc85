"""Tests of the synthetic Client Level Data (CLD) and ONS population generators.

Layout and value tests read the written files. Calibration tests recompute the outcomes
from the simulation's own state (people, events, the sequel of each reablement episode,
each carer's support) with small helpers written here, and compare them with the
published 2023-24 values the generator aims at.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from generator import cld, ons
from generator import cld_values as values
from generator.cld_truth import Truth
from generator.reference import load_reference

REFERENCE = load_reference()
N_COUNCILS = len(REFERENCE.codes)
SMALL_SCALE = 0.01
CALIBRATION_SCALE = 0.25
FIRST, LAST = 365, 730  # 2023-04-01 and 2024-03-31, counted from 2022-04-01
DAY0 = np.datetime64("2022-04-01", "D")
QUARTER_ENDS = [
    *["2022-06-30", "2022-09-30", "2022-12-31", "2023-03-31"],
    *["2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31"],
]
FILE_NAME = re.compile(r"^(?P<code>[0-9A-Z]+)_(?P<end>\d{4}-\d{2}-\d{2})_(?P<number>\d+)\.csv$")
CLD_HEADER = (
    "LA Code,NHS Number,LA Person Unique Identifier,Gender,Ethnicity,Date of Birth,"
    "Date of Death,Client Type,Primary Support Reason,Accommodation Status,Employment Status,"
    "Has Unpaid Carer,Client Funding Status,Event Type,Event Reference,Event Start Date,"
    "Event End Date,Event Outcome,Request: Route of Access,Assessment Type,Service Type,"
    "Service Component,Delivery Mechanism,Adult 1 Linked Person ID,Reporting Period Start Date,"
    "Reporting Period End Date,submitted_at"
)
ONS_HEADER = "ladcode23,laname23,sex,age,population_2023"


def generate_cld(folder: Path, scale: float, seed: int) -> dict[str, int]:
    population = ons.population(REFERENCE, scale, np.random.default_rng([seed, 4]))
    written = ons.generate(folder, population)
    written.update(cld.generate(folder, REFERENCE, population, np.random.default_rng([seed, 3])))
    return written


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("cld_small")
    return folder, generate_cld(folder, SMALL_SCALE, seed=7)


@pytest.fixture(scope="module")
def rows(small: tuple[Path, dict[str, int]]) -> pd.DataFrame:
    """Every CLD row of the small dataset (all as text), with its file's name parts.

    The files share one header, so their bodies are parsed together in one go.
    """
    folder, written = small
    paths = sorted((folder / "cld").glob("*.csv"))
    bodies = [p.read_bytes().split(b"\n", 1)[1] for p in paths]
    text = CLD_HEADER.encode() + b"\n" + b"".join(bodies)
    options = pacsv.ConvertOptions(
        column_types=dict.fromkeys(CLD_HEADER.split(","), pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    frame = pacsv.read_csv(pa.py_buffer(text), convert_options=options).to_pandas()
    counts = [written[f"cld/{p.name}"] for p in paths]
    frame["file"] = np.repeat([p.name for p in paths], counts)
    parts = frame["file"].str.extract(FILE_NAME.pattern)
    frame["file_code"], frame["file_end"] = parts["code"], parts["end"]
    frame["file_number"] = parts["number"].astype(int)
    return frame


@pytest.fixture(scope="module")
def truth() -> Truth:
    population = ons.population(REFERENCE, CALIBRATION_SCALE, np.random.default_rng([5, 4]))
    return cld.simulate(REFERENCE, population, np.random.default_rng([5, 3]))


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.csv")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ----------------------------------------------------------------------------- layout


def test_same_seed_same_bytes_other_seed_other_data(
    small: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    folder, _ = small
    generate_cld(tmp_path, SMALL_SCALE, seed=7)
    assert folder_digest(tmp_path) == folder_digest(folder)
    population = ons.population(REFERENCE, SMALL_SCALE, np.random.default_rng([8, 4]))
    other = cld.simulate(REFERENCE, population, np.random.default_rng([8, 3]))
    same = cld.simulate(REFERENCE, population, np.random.default_rng([7, 3]))
    assert not np.array_equal(other.events["start"][:1000], same.events["start"][:1000])


def test_one_file_per_submission_for_every_council_and_quarter(
    small: tuple[Path, dict[str, int]],
) -> None:
    folder, written = small
    names = sorted(p.name for p in (folder / "cld").iterdir())
    assert {f"cld/{n}" for n in names} | {ons.POPULATION_FILE} == set(written)
    parts = pd.DataFrame([FILE_NAME.match(n).groupdict() for n in names])
    assert set(parts["code"]) == set(REFERENCE.codes)
    per_quarter = parts.groupby(["code", "end"])["number"].apply(lambda s: sorted(map(int, s)))
    assert len(per_quarter) == N_COUNCILS * len(QUARTER_ENDS)
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in per_quarter)
    assert per_quarter.map(len).max() > 1  # several submissions for some quarters
    for name in names:
        lines = (folder / "cld" / name).read_text(encoding="utf-8").splitlines()
        assert lines[0] == CLD_HEADER
        assert len(lines) - 1 == written[f"cld/{name}"]


def test_rows_belong_to_their_file(rows: pd.DataFrame) -> None:
    assert (rows["LA Code"] == rows["file_code"]).all()
    iso = rows["Reporting Period End Date"].where(
        ~rows["Reporting Period End Date"].str.contains("/"),
        pd.to_datetime(
            rows["Reporting Period End Date"], format="%d/%m/%Y", errors="coerce"
        ).dt.strftime("%Y-%m-%d"),
    )
    assert (iso == rows["file_end"]).all()
    submitted = rows.groupby("file").agg(
        code=("file_code", "first"),
        end=("file_end", "first"),
        number=("file_number", "first"),
        at=("submitted_at", "first"),
        stamps=("submitted_at", "nunique"),
    )
    assert (submitted["stamps"] == 1).all()
    assert submitted["at"].str.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}").all()
    ordered = submitted.sort_values(["code", "end", "number"])
    later = ordered.groupby(["code", "end"])["at"].apply(lambda s: s.is_monotonic_increasing)
    assert later.all()
    assert (ordered["at"].str[:10] > ordered["end"]).all()


def test_every_council_has_people_in_every_quarter(rows: pd.DataFrame) -> None:
    last = rows.groupby(["file_code", "file_end"])["file_number"].transform("max")
    final = rows[rows["file_number"] == last]
    counts = final.groupby(["file_code", "file_end"]).size()
    assert len(counts) == N_COUNCILS * len(QUARTER_ENDS)


def test_categorical_values_mix_releases_variants_and_a_little_junk(rows: pd.DataFrame) -> None:
    junk = {j.lower() for j in values.JUNK}
    for column, vocabulary in values.CATEGORICAL.items():
        cells = rows[column][rows[column] != ""]
        normal = cells.str.strip().str.lower()
        known = {w.lower() for w in vocabulary.r1 + vocabulary.r2}
        assert normal.isin(known | junk).all(), column
        assert normal.isin(junk).mean() < 0.03, column
        r2_only = set(vocabulary.r2) - set(vocabulary.r1)
        r1_only = set(vocabulary.r1) - set(vocabulary.r2)
        if r2_only and r1_only:
            assert cells.isin(r2_only).any() and cells.isin(r1_only).any(), column
    service = rows["Service Type"]
    assert (service != service.str.strip()).any()  # trailing spaces
    assert (service.str.isupper() | service.str.islower()).any()
    assert rows["Event Outcome"].str.strip().str.lower().isin(junk).any()


def test_blank_fields_follow_the_event_type(rows: pd.DataFrame) -> None:
    kind = rows["Event Type"].str.strip().str.lower()
    service = kind == "service"
    assert (rows.loc[service, "Service Type"] == "").mean() < 0.01
    assert (rows.loc[kind.isin(["request", "assessment", "review"]), "Service Type"] == "").all()
    assert (
        rows.loc[kind.isin(["service", "assessment", "review"]), "Request: Route of Access"] == ""
    ).all()
    assert (rows.loc[kind.isin(["service", "request", "review"]), "Assessment Type"] == "").all()
    open_rows = rows["Event End Date"] == ""
    assert (rows.loc[open_rows, "Event Outcome"] == "").all()
    route = rows["Request: Route of Access"].str.strip().str.lower()
    assert route.isin(["discharge from hospital"]).any()


def test_nhs_numbers_never_pass_the_modulus_11_check(rows: pd.DataFrame) -> None:
    numbers = rows["NHS Number"][rows["NHS Number"] != ""]
    assert numbers.str.fullmatch(r"\d{10}|\d{3} \d{3} \d{4}").all()
    assert numbers.str.contains(" ").any() and (numbers == "").sum() == 0
    digits = np.array([list(map(int, n)) for n in numbers.str.replace(" ", "").unique()])
    check = (11 - (digits[:, :9] * np.arange(10, 1, -1)).sum(axis=1) % 11) % 11
    assert not (check == digits[:, 9]).any()
    assert rows["LA Person Unique Identifier"].str.fullmatch(r"P\d{7}").all()
    assert (rows["NHS Number"] == "").any()  # some rows fall back to the council's id


def test_dates_are_mostly_iso_some_uk_a_few_impossible(rows: pd.DataFrame) -> None:
    cells = pd.concat([rows["Event Start Date"], rows["Event End Date"], rows["Date of Birth"]])
    cells = cells[cells != ""]
    iso = pd.to_datetime(cells, format="%Y-%m-%d", errors="coerce")
    uk = pd.to_datetime(cells, format="%d/%m/%Y", errors="coerce")
    assert iso.notna().mean() > 0.8
    assert uk.notna().any()
    impossible = iso.isna() & uk.isna()
    assert 0 < impossible.sum() < 0.001 * len(cells)


def test_duplicates_across_and_within_submissions(rows: pd.DataFrame) -> None:
    body = [c for c in rows.columns if c not in {"submitted_at", "file", "file_number"}]
    assert rows.duplicated(subset=[*body, "file"]).any()  # inside a file
    later = rows.duplicated(subset=body) & ~rows.duplicated(subset=[*body, "file"])
    assert later.mean() > 0.1  # unchanged rows repeated by later submissions


def test_ons_file_is_myeb_long_format_for_every_district() -> None:
    population = ons.population(REFERENCE, 1.0, np.random.default_rng([1, 4]))
    table = population[ons.COLUMNS]
    assert ",".join(table.columns) == ONS_HEADER
    districts = pd.read_csv(
        Path(__file__).resolve().parents[2] / "seeds/reference/ons_district_to_county.csv",
        dtype=str,
    )
    counties = set(
        REFERENCE.councils["council_ons_code"][
            REFERENCE.councils["council_ons_code"].str.startswith("E10")
        ]
    )
    assert set(districts["county_ons_code"]) == counties and len(counties) == 21
    assert districts["district_ons_code"].str.fullmatch(r"E07\d{6}").all()
    assert districts["district_ons_code"].is_unique and len(districts) == 164
    codes = set(table["ladcode23"])
    assert not any(c.startswith("E10") for c in codes)
    assert codes >= set(districts["district_ons_code"])
    assert {"E06000063", "E06000064", "E06000065", "E06000066"} <= codes
    assert len(codes) == 296 and len(table) == 296 * 2 * 91
    assert set(table["sex"]) == {1, 2} and set(table["age"]) == set(range(91))
    total = table["population_2023"].sum()
    assert 56e6 < total < 59e6
    older = table.loc[table["age"] >= 65, "population_2023"].sum() / total
    assert 0.17 < older < 0.21
    half = ons.population(REFERENCE, 0.5, np.random.default_rng([1, 4]))
    assert abs(half["population_2023"].sum() / total - 0.5) < 0.001


# ------------------------------------------------------------------------ calibration


def month_start(day: np.ndarray) -> np.ndarray:
    dates = DAY0 + np.asarray(day, dtype=np.int64)
    return (dates.astype("datetime64[M]").astype("datetime64[D]") - DAY0).astype(np.int64)


def age(birth: np.ndarray, day: np.ndarray) -> np.ndarray:
    return np.floor((np.asarray(day) - month_start(birth)) / 365.25).astype(np.int64)


def per_council(council: np.ndarray, numerator: np.ndarray, eligible: np.ndarray):
    num = np.bincount(council[numerator & eligible], minlength=N_COUNCILS)
    den = np.bincount(council[eligible], minlength=N_COUNCILS)
    return num, den


def events_frame(truth: Truth) -> pd.DataFrame:
    return pd.DataFrame(truth.events)


def long_term_active(events: pd.DataFrame, day_from: int, day_to: int) -> pd.DataFrame:
    lts = (events["kind"] == values.SERVICE) & (events["service"] <= values.PRISON)
    return events[lts & (events["start"] <= day_to) & (events["end"] >= day_from)]


def outcome_2a(truth: Truth):
    episodes = truth.episodes
    counted = episodes["new_client"] & episodes["cluster_end"].between(FIRST, LAST)
    council = truth.people["council"][episodes["person"]]
    return per_council(
        council, (episodes["group"] == 1).to_numpy(), (counted & (episodes["group"] > 0)).to_numpy()
    )


def admissions(truth: Truth, band: str) -> np.ndarray:
    events = events_frame(truth)
    care = events[
        (events["kind"] == values.SERVICE)
        & events["service"].isin([values.NURSING, values.RESIDENTIAL])
    ]
    made = truth.admissions.merge(care[["person", "start"]], on=["person", "start"])
    made = made[made["counted"] & made["start"].between(FIRST, LAST) & (made["band"] == band)]
    return np.bincount(made.drop_duplicates("person")["council"], minlength=N_COUNCILS)


def outcome_2d(truth: Truth):
    people, episodes = truth.people, truth.episodes
    person = episodes["person"].to_numpy()
    discharge = episodes["discharge"].to_numpy()
    hospital = episodes["route"].to_numpy() == values.ROUTES.code("hospital_discharge")
    cohort = hospital & (age(people["birth"][person], discharge) >= 65)
    cohort &= (discharge >= FIRST) & (discharge + 91 <= LAST)
    person, day = person[cohort], discharge[cohort] + 91
    alive = people["death"][person] > day
    events = events_frame(truth)
    care = events[
        (events["kind"] == values.SERVICE)
        & events["service"].isin([values.NURSING, values.RESIDENTIAL])
    ]
    query = pd.DataFrame({"person": person, "day": day, "row": np.arange(person.size)})
    joined = query.merge(care[["person", "start", "end"]], on="person")
    inside = joined[(joined["start"] <= joined["day"]) & (joined["end"] >= joined["day"])]
    in_care = np.zeros(person.size, dtype=bool)
    in_care[inside["row"].to_numpy()] = True
    changed = people["accommodation_change"][person] <= day
    status = np.where(
        changed, people["accommodation_after"][person], people["accommodation_before"][person]
    )
    home = alive & ~in_care & np.isin(status, values.SETTLED)
    council = people["council"][person]
    return per_council(council, home, np.ones(person.size, dtype=bool))


def outcome_2e(truth: Truth):
    people = truth.people
    active = long_term_active(events_frame(truth), FIRST, LAST)
    latest = active.assign(end=np.minimum(active["end"], LAST)).groupby("person")["end"].max()
    person = latest.index.to_numpy()
    in_age = (age(people["birth"][person], latest.to_numpy()) >= 18) & (
        age(people["birth"][person], latest.to_numpy()) <= 64
    )
    cohort = people["learning_disability"][person] & in_age & (people["death"][person] >= FIRST)
    changed = people["accommodation_change"][person] <= LAST
    status = np.where(
        changed, people["accommodation_after"][person], people["accommodation_before"][person]
    )
    return per_council(people["council"][person], np.isin(status, values.SETTLED), cohort)


def outcome_3d_clients(truth: Truth):
    people = truth.people
    events = long_term_active(events_frame(truth), LAST, LAST)
    events = events[people["death"][events["person"]] > LAST]
    setting = events.groupby("person")["service"].min()
    community = setting[setting == values.COMMUNITY].index
    rows = events[events["person"].isin(community) & (events["service"] == values.COMMUNITY)]
    direct = (rows["mechanism"] == values.DIRECT_PAYMENT) | (
        rows["component"] == values.COMPONENTS.code("direct_payment")
    )
    managed = rows["mechanism"] == values.MANAGED_BUDGET
    paid = set(rows.loc[direct, "person"])
    budget = set(rows.loc[managed, "person"]) | paid
    person = community.to_numpy()
    council = people["council"][person]
    every = np.ones(person.size, dtype=bool)
    return (
        per_council(council, np.isin(person, list(budget)), every),
        per_council(council, np.isin(person, list(paid)), every),
    )


def outcome_3d_carers(truth: Truth):
    carers = truth.carers[truth.carers["year"] == 1]
    council, support = carers["council"].to_numpy(), carers["support"].to_numpy()
    eligible = support <= 2  # direct payment, managed budget, commissioned
    return per_council(council, support <= 1, eligible), per_council(
        council, support == 0, eligible
    )


def check(metric: str, num: np.ndarray, den: np.ndarray, per: float, slack: float) -> None:
    """Each council within slack x (one person's weight) + 1 of its target, England close."""
    target = REFERENCE.targets([metric])[metric].to_numpy()
    has = den > 0
    value = per * num[has] / den[has]
    allowed = slack * per / den[has] + 1.0
    assert (np.abs(value - target[has]) <= allowed).mean() > 0.95, metric
    expected = (target[has] * den[has]).sum() / den[has].sum()
    assert abs(per * num.sum() / den.sum() - expected) < 0.02 * expected + 0.5, metric


def test_truth_2a_reablement_sequels(truth: Truth) -> None:
    check("2A", *outcome_2a(truth), per=100, slack=2.5)


def test_truth_2b_2c_admissions_per_100000(truth: Truth) -> None:
    bands = truth.population
    check("2B", admissions(truth, "18 to 64"), bands["18-64"].to_numpy(), per=100_000, slack=2)
    check("2C", admissions(truth, "65 and above"), bands["65+"].to_numpy(), per=100_000, slack=2)


def test_truth_2d_home_91_days_after_discharge(truth: Truth) -> None:
    check("2D1", *outcome_2d(truth), per=100, slack=4)


def test_truth_2e_learning_disability_settled(truth: Truth) -> None:
    check("2E", *outcome_2e(truth), per=100, slack=2)


def test_truth_3d_self_directed_support_and_direct_payments(truth: Truth) -> None:
    self_directed, direct = outcome_3d_clients(truth)
    check("3D1A", *self_directed, per=100, slack=2)
    check("3D2A", *direct, per=100, slack=2)
    carers_self_directed, carers_direct = outcome_3d_carers(truth)
    check("3D1B", *carers_self_directed, per=100, slack=2)
    check("3D2B", *carers_direct, per=100, slack=2)
