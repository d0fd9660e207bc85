"""Tests of the synthetic survey generator (ASCS and SACE).

The calibration tests recompute the survey outcomes with a small helper written here, not
with the generator's own maths, and compare them with the published 2023-24 values.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator import generate
from generator.reference import load_reference

# these tests are about the survey files; the other sources have their own test modules
SURVEYS = ["ascs", "sace"]
ASCS_FILE = "ascs/ascs_respondents_2023_24.csv"
ASCS_POPULATION = "ascs/eligible_population_2023_24.csv"
SACE_FILE = "sace/sace_respondents_2023_24.csv"
SACE_POPULATION = "sace/eligible_population_2023_24.csv"

ASCS_HEADER = (
    "LaCode,SerialNo,MethodCollection,Response,Gender,Age,PrimarySupportReason,SupportSetting,"
    "MechOfDelivery,Questionnaire,q1,q2a,q2b,q3a,q4a,q5a,q6a,q7a,q8a,q9a,q10,q11,q12,q13,q14,"
    "q15a,q15b,q16a,q16b,q16c,q16d,q17a,q17b,q17c,q17d,q18,q19"
)
ASCS_POPULATION_HEADER = (
    "LaCode,stratum1Pop,stratum2Pop,stratum3Pop,stratum4Pop,stratum1Sample,stratum2Sample,"
    "stratum3Sample,stratum4Sample,stratum2Pop1J,stratum4Pop1J"
)
SACE_HEADER = "LaCode,SerialNo,Response,Gender,Age,q4,q7,q8,q9,q10,q11,q12,q16,q17,q19"
SACE_POPULATION_HEADER = "LaCode,EligiblePop,Sample"

ASCS_ANSWER_RANGES = {
    "q2b": 2,
    **dict.fromkeys(["q3a", "q4a", "q5a", "q6a", "q7a", "q8a", "q9a", "q10", "q11"], 4),
    "q12": 5,
    "q13": 5,
    "q14": 5,
    "q15a": 3,
    "q15b": 3,
    **dict.fromkeys([f"q16{x}" for x in "abcd"] + [f"q17{x}" for x in "abcd"], 3),
    "q18": 4,
    "q19": 4,
}
SACE_ANSWER_RANGES = {
    "q4": 8,
    **dict.fromkeys(["q7", "q8", "q9", "q10", "q11", "q12"], 3),
    "q16": 5,
    "q17": 5,
    "q19": 5,
}

SCRQOL = ["q3a", "q4a", "q5a", "q6a", "q7a", "q8a", "q9a", "q11"]
PREFERENCE = {
    "q3a": (1, 0.919, 0.541, 0),
    "q4a": (0.911, 0.789, 0.265, 0.195),
    "q5a": (0.879, 0.775, 0.294, 0.184),
    "q6a": (0.863, 0.78, 0.374, 0.288),
    "q7a": (0.88, 0.452, 0.298, 0.114),
    "q8a": (0.873, 0.748, 0.497, 0.241),
    "q9a": (0.962, 0.927, 0.567, 0.17),
    "q11": (0.847, 0.637, 0.295, 0.263),
}
ADL = ["q16a", "q16b", "q16c", "q16d", "q17a", "q17b", "q17c"]
HEALTH = {1: 0, 2: 0, 3: -0.0148, 4: -0.109, 5: -0.109}
HOME = {1: 0, 2: -0.0308, 3: -0.125, 4: -0.125}
OUTSIDE = {1: 0, 2: -0.0603, 3: -0.11, 4: -0.11}

ASCS_METRICS = ["1A", "1B", "1D", "3A", "3C1", "4A", "5A1"]
SACE_METRICS = ["1C", "1E", "3B", "3C2", "5A2"]
# Allowed distance from the published England value, in the metric's own unit.
ENGLAND_TOLERANCE = {"1A": 0.05, "1B": 0.005, "1C": 0.05}
PERCENT_TOLERANCE = 0.5


def read(folder: Path, name: str) -> pd.DataFrame:
    """A generated CSV, every column as nullable integers except the council code."""
    frame = pd.read_csv(folder / name, dtype={"LaCode": str})
    for column in frame.columns.drop("LaCode"):
        frame[column] = frame[column].astype("Int64")
    return frame


def share(positive: pd.Series, valid: pd.Series, council: pd.Series) -> pd.Series:
    """100 x positive / valid per council."""
    frame = pd.DataFrame({"p": positive & valid, "v": valid, "c": council})
    sums = frame.groupby("c")[["p", "v"]].sum()
    return 100 * sums["p"] / sums["v"]


def one_b_value(people: pd.DataFrame) -> pd.Series:
    """Adjusted SCRQoL (current - expected) per complete person (handbook 4.3, sum rule)."""
    current = sum(people[q].map(lambda c, q=q: PREFERENCE[q][c - 1]) for q in SCRQOL)
    current = 0.203 * current - 0.466
    difficulties = sum(people[q] - 1 for q in ADL)  # 0/1/2 per item, summed
    expected = (
        0.5798
        + np.where(people["Age"] >= 65, 0.0473, 0.0)
        + people["q14"].map(HEALTH)
        - 0.0202 * difficulties
        + people["q18"].map(HOME)
        + people["q19"].map(OUTSIDE)
    )
    return current - expected


def ascs_outcomes(folder: Path) -> pd.DataFrame:
    """Unweighted council outcomes of the ASCS metrics, one row per council."""
    people = read(folder, ASCS_FILE)
    people = people[people["Response"] == 1]
    council = people["LaCode"]
    combined = people["q1"].where(
        people["Questionnaire"].isin([3, 4]), (people["q1"] - 1).clip(1, 5)
    )
    complete = people[SCRQOL].notna().all(axis=1)
    scored = people[complete]
    in_1b = (people["SupportSetting"] == 1) & (people["PrimarySupportReason"] != 7)
    needed = [*SCRQOL, *ADL, "q14", "q18", "q19", "Age"]
    adjusted = people[in_1b & people[needed].notna().all(axis=1)]
    return pd.DataFrame(
        {
            "3A": share(people["q3a"].isin([1, 2]), people["q3a"].notna(), council),
            "4A": share(people["q7a"] == 1, people["q7a"].notna(), council),
            "5A1": share(people["q8a"] == 1, people["q8a"].notna(), council),
            "1D": share(combined == 1, combined.notna(), council),
            "3C1": share(people["q13"].isin([2, 3]), people["q13"].isin([2, 3, 4, 5]), council),
            "1A": (32 - scored[SCRQOL].sum(axis=1)).groupby(scored["LaCode"]).mean(),
            "1B": one_b_value(adjusted).groupby(adjusted["LaCode"]).mean(),
        }
    ).astype(float)


def sace_outcomes(folder: Path) -> pd.DataFrame:
    """Council outcomes of the SACE metrics (unweighted within a council, as officially)."""
    carers = read(folder, SACE_FILE)
    carers = carers[carers["Response"] == 1]
    council = carers["LaCode"]
    items = ["q7", "q8", "q9", "q10", "q11", "q12"]
    complete = carers[carers[items].notna().all(axis=1)]
    return pd.DataFrame(
        {
            "1C": (18 - complete[items].sum(axis=1)).groupby(complete["LaCode"]).mean(),
            "5A2": share(carers["q11"] == 1, carers["q11"].notna(), council),
            "1E": share(carers["q4"].isin([1, 2]), carers["q4"].between(1, 7), council),
            "3C2": share(carers["q17"].isin([1, 2]), carers["q17"].between(1, 4), council),
            "3B": share(carers["q19"].isin([1, 2]), carers["q19"].between(1, 4), council),
        }
    ).astype(float)


def england(outcomes: pd.DataFrame, population: pd.Series) -> pd.Series:
    """England as each council's value weighted by its eligible population."""
    weights = population.reindex(outcomes.index)
    return outcomes.mul(weights, axis=0).sum() / outcomes.notna().mul(weights, axis=0).sum()


def calibration_report(folder: Path) -> pd.DataFrame:
    """Per metric: England realised vs published and the council correlation."""
    reference = load_reference()
    ascs_pop = read(folder, ASCS_POPULATION).set_index("LaCode")
    sace_pop = read(folder, SACE_POPULATION).set_index("LaCode")
    total_pop = ascs_pop[[f"stratum{s}Pop" for s in range(1, 5)]].sum(axis=1)
    one_b_pop = ascs_pop["stratum2Pop1J"] + ascs_pop["stratum4Pop1J"]
    ascs = ascs_outcomes(folder)
    sace = sace_outcomes(folder)
    realised_england = pd.concat(
        [
            england(ascs.drop(columns="1B"), total_pop),
            england(ascs[["1B"]], one_b_pop),
            england(sace, sace_pop["EligiblePop"]),
        ]
    )
    realised = pd.concat([ascs, sace], axis=1)
    metrics = ASCS_METRICS + SACE_METRICS
    published = reference.council_published(metrics)
    rows = []
    for metric in metrics:
        pair = pd.concat([realised[metric], published[metric]], axis=1).dropna()
        rows.append(
            {
                "metric": metric,
                "england": realised_england[metric],
                "published_england": reference.england([metric]).iloc[0],
                "correlation": np.corrcoef(pair.iloc[:, 0], pair.iloc[:, 1])[0, 1],
            }
        )
    return pd.DataFrame(rows).set_index("metric")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("small")
    return folder, generate(folder, scale=0.05, seed=7, sources=SURVEYS)


@pytest.fixture(scope="module")
def moderate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("moderate")
    generate(folder, scale=0.3, seed=11, sources=SURVEYS)
    return folder


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.csv"))
    }


def test_same_seed_gives_same_bytes_and_another_seed_differs(
    tmp_path: Path, small: tuple[Path, dict[str, int]]
) -> None:
    folder, _ = small
    generate(tmp_path / "again", scale=0.05, seed=7, sources=SURVEYS)
    generate(tmp_path / "other", scale=0.05, seed=8, sources=SURVEYS)
    assert digest(tmp_path / "again") == digest(folder)
    assert digest(tmp_path / "other") != digest(folder)


def test_returns_every_file_with_its_row_count(small: tuple[Path, dict[str, int]]) -> None:
    folder, written = small
    assert set(written) == {ASCS_FILE, ASCS_POPULATION, SACE_FILE, SACE_POPULATION}
    for name, rows in written.items():
        lines = (folder / name).read_bytes().split(b"\n")
        assert lines[-1] == b"" and b"\r" not in lines[0]
        assert len(lines) - 2 == rows


def test_headers_are_exact(small: tuple[Path, dict[str, int]]) -> None:
    folder, _ = small
    expected = {
        ASCS_FILE: ASCS_HEADER,
        ASCS_POPULATION: ASCS_POPULATION_HEADER,
        SACE_FILE: SACE_HEADER,
        SACE_POPULATION: SACE_POPULATION_HEADER,
    }
    for name, header in expected.items():
        with (folder / name).open(encoding="utf-8") as handle:
            assert handle.readline().rstrip("\n") == header


def test_unsupported_year_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2022-23"):
        generate(tmp_path, scale=0.01, year="2022-23")
    assert not any(tmp_path.iterdir())


def in_range(values: pd.Series, low: int, high: int) -> bool:
    present = values.dropna()
    return bool(present.between(low, high).all())


def test_ascs_people_codes(small: tuple[Path, dict[str, int]]) -> None:
    people = read(small[0], ASCS_FILE)
    councils = load_reference().codes
    assert set(people["LaCode"]) == set(councils)
    assert not people.drop(columns=[*ASCS_ANSWER_RANGES, "q1", "q2a"]).isna().any().any()
    assert not people.duplicated(["LaCode", "SerialNo"]).any()
    first_serials = people.groupby("LaCode")["SerialNo"].agg(["min", "max", "size"])
    assert (first_serials["min"] == 1).all()
    assert (first_serials["max"] == first_serials["size"]).all()
    limits = {
        "MethodCollection": (1, 3),
        "Response": (1, 3),
        "Gender": (1, 3),
        "Age": (18, 100),
        "PrimarySupportReason": (1, 12),
        "SupportSetting": (1, 3),
        "MechOfDelivery": (1, 5),
        "Questionnaire": (1, 3),
    }
    for column, (low, high) in limits.items():
        assert in_range(people[column], low, high), column
    community = people["SupportSetting"] == 1
    assert people.loc[community, "MechOfDelivery"].between(1, 4).all()
    assert (people.loc[~community, "MechOfDelivery"] == 5).all()


def test_ascs_answers_codes_and_blanks(small: tuple[Path, dict[str, int]]) -> None:
    people = read(small[0], ASCS_FILE)
    answers = ["q1", "q2a", *ASCS_ANSWER_RANGES]
    responded = people["Response"] == 1
    assert people.loc[~responded, answers].isna().all().all()
    respondents = people[responded]
    for column, high in ASCS_ANSWER_RANGES.items():
        assert in_range(respondents[column], 1, high), column
    easy_read = respondents["Questionnaire"] == 3
    for column in ("q1", "q2a"):
        assert in_range(respondents.loc[easy_read, column], 1, 5)
        assert in_range(respondents.loc[~easy_read, column], 1, 7)
        assert respondents.loc[~easy_read, column].isin([6, 7]).any()
    blank_rates = respondents[answers].isna().mean()
    assert blank_rates.between(0.003, 0.05).all(), blank_rates


def test_ascs_population_mix(moderate: Path) -> None:
    people = read(moderate, ASCS_FILE)
    respondents = people[people["Response"] == 1]
    assert 0.33 <= len(respondents) / len(people) <= 0.42
    assert 0.35 <= (respondents["Gender"] == 1).mean() <= 0.45
    assert 0.25 <= (respondents["Age"] < 65).mean() <= 0.35
    ld = respondents["PrimarySupportReason"] == 7
    assert 0.13 <= ld.mean() <= 0.22
    assert (respondents.loc[ld, "Age"] < 65).mean() > 0.8
    assert (respondents.loc[ld, "Questionnaire"] == 3).mean() > 0.7
    older = respondents[~ld & (respondents["Age"] >= 65)]
    younger = respondents[~ld & (respondents["Age"] < 65)]
    assert (older["SupportSetting"] > 1).mean() > (younger["SupportSetting"] > 1).mean()
    never_tried = (respondents["q13"] == 1).sum() / respondents["q13"].notna().sum()
    assert 0.3 <= never_tried <= 0.4


def stratum(people: pd.DataFrame) -> pd.Series:
    """Strata in the handbook's order: LD, other 18-64, other 65+ in care homes, the rest."""
    return pd.Series(
        np.select(
            [
                people["PrimarySupportReason"] == 7,
                people["Age"] < 65,
                people["SupportSetting"].isin([2, 3]),
            ],
            [1, 2, 3],
            4,
        ),
        index=people.index,
    )


def test_ascs_eligible_population_matches_sample(small: tuple[Path, dict[str, int]]) -> None:
    folder, _ = small
    people = read(folder, ASCS_FILE)
    population = read(folder, ASCS_POPULATION).set_index("LaCode")
    counts = people.groupby(["LaCode", stratum(people)]).size().unstack(fill_value=0)
    for s in range(1, 5):
        sample = population[f"stratum{s}Sample"]
        assert (counts[s].reindex(sample.index, fill_value=0) == sample).all()
        assert (population[f"stratum{s}Pop"] >= sample).all()
    community_2 = people[(stratum(people) == 2) & (people["SupportSetting"] == 1)]
    community_count = community_2.groupby("LaCode").size().reindex(population.index, fill_value=0)
    assert (population["stratum2Pop1J"] <= population["stratum2Pop"]).all()
    assert (population["stratum2Pop1J"] >= community_count).all()
    assert (population["stratum4Pop1J"] == population["stratum4Pop"]).all()
    totals = population[[f"stratum{s}Pop" for s in range(1, 5)]].sum(axis=1)
    assert totals.min() >= 150 and 8_000 <= totals.max() <= 20_000


def test_sace_codes_and_population(small: tuple[Path, dict[str, int]]) -> None:
    folder, _ = small
    carers = read(folder, SACE_FILE)
    population = read(folder, SACE_POPULATION).set_index("LaCode")
    assert set(carers["LaCode"]) == set(load_reference().codes)
    assert not carers.duplicated(["LaCode", "SerialNo"]).any()
    assert carers["Response"].isin([1, 2]).all() and carers["Gender"].isin([1, 2]).all()
    assert in_range(carers["Age"], 18, 95)
    responded = carers["Response"] == 1
    answers = list(SACE_ANSWER_RANGES)
    assert carers.loc[~responded, answers].isna().all().all()
    for column, high in SACE_ANSWER_RANGES.items():
        assert in_range(carers.loc[responded, column], 1, high), column
    assert carers.loc[responded, answers].isna().mean().between(0.003, 0.05).all()
    sample = carers.groupby("LaCode").size()
    assert (population["Sample"] == sample.reindex(population.index)).all()
    assert (population["EligiblePop"] >= population["Sample"]).all()
    assert population["EligiblePop"].max() <= 30_000


def test_sace_population_mix(moderate: Path) -> None:
    carers = read(moderate, SACE_FILE)
    respondents = carers[carers["Response"] == 1]
    assert 0.36 <= len(respondents) / len(carers) <= 0.44
    assert 0.25 <= (respondents["Gender"] == 1).mean() <= 0.35
    assert 0.40 <= (respondents["Age"] >= 65).mean() <= 0.50
    assert 0.01 <= (respondents["q4"] == 8).mean() <= 0.06


def respondents_per_council(folder: Path, name: str) -> pd.Series:
    people = read(folder, name)
    return people[people["Response"] == 1].groupby("LaCode").size()


def test_row_counts_scale_and_every_council_is_present(
    tmp_path: Path, small: tuple[Path, dict[str, int]], moderate: Path
) -> None:
    generate(tmp_path, scale=0.01, seed=3, sources=SURVEYS)
    for name, at_scale_1 in ((ASCS_FILE, 60_000), (SACE_FILE, 50_000)):
        tiny = respondents_per_council(tmp_path, name)
        assert len(tiny) == 153 and tiny.min() >= 6
        mid = respondents_per_council(moderate, name).sum()
        assert abs(mid / (0.3 * at_scale_1) - 1) < 0.05
        assert abs(mid / respondents_per_council(small[0], name).sum() - 6) < 0.5


def test_calibration_matches_published_values(moderate: Path) -> None:
    report = calibration_report(moderate)
    for metric, row in report.iterrows():
        tolerance = ENGLAND_TOLERANCE.get(str(metric), PERCENT_TOLERANCE)
        assert abs(row["england"] - row["published_england"]) <= tolerance, (metric, row)
        assert row["correlation"] >= 0.95, (metric, row)


def test_outcome_helper_scores_the_worked_example() -> None:
    person = pd.DataFrame(
        {
            **{q: [1] for q in [*SCRQOL, *ADL, "q14", "q18", "q19"]},
            "Age": [30],
        }
    ).astype("Int64")
    assert one_b_value(person).iloc[0] == pytest.approx(0.418845)
