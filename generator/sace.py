"""Synthetic Survey of Adult Carers in England (SACE), calibrated to published ASCOF.

Each council's answer distributions make its expected 1C, 1E, 3B, 3C2 and 5A2 equal the
published 2023-24 values. SACE is unweighted within a council, so one distribution per
council suffices. Answers are assigned by quota within each council, blocked into carers
who answered all six quality-of-life items and the rest, to keep realised values on target.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from generator.output import blank_where_zero, write_csv
from generator.reference import Reference, england_consistent_sizes
from generator.sampling import (
    Rng,
    as_share,
    blank_masks,
    choice,
    correlated_key,
    quota_assign,
    solve_increasing,
    tilt,
)

RESPONDENTS_FILE = "sace/sace_respondents_2023_24.csv"
POPULATION_FILE = "sace/eligible_population_2023_24.csv"

PERSON_COLUMNS = ["LaCode", "SerialNo", "Response", "Gender", "Age"]
QUALITY_ITEMS = ["q7", "q8", "q9", "q10", "q11", "q12"]
ANSWER_COLUMNS = ["q4", *QUALITY_ITEMS, "q16", "q17", "q19"]
POPULATION_COLUMNS = ["LaCode", "EligiblePop", "Sample"]

METRICS = ["1C", "5A2", "1E", "3C2", "3B"]
DECIMALS = pd.Series(1.0, index=METRICS)

RESPONDENTS_AT_SCALE_1 = 50_000
MIN_RESPONDENTS = 6
ELIGIBLE_PER_THOUSAND_RESIDENTS = 7.0
MIN_ELIGIBLE = 200

# Quality-of-life items (codes 1-3, 1 best), England-like shapes tilted per council.
FREE_QUALITY = {
    "q7": np.array([0.15, 0.55, 0.30]),
    "q8": np.array([0.20, 0.55, 0.25]),
    "q9": np.array([0.50, 0.40, 0.10]),
    "q10": np.array([0.75, 0.22, 0.03]),
    "q12": np.array([0.33, 0.48, 0.19]),
}
SOCIAL_REST = np.array([0.70, 0.30])  # q11 codes 2, 3
# q4: codes 1-2 satisfied, 3-7 the rest, 8 no support in the last 12 months (excluded).
SATISFIED_SPLIT = [0.42, 0.58]
SATISFACTION_REST = np.array([0.45, 0.25, 0.12, 0.09, 0.09])
NO_SUPPORT = 0.035
# q17: 1-2 easy, 3-4 difficult, 5 not tried (excluded).
INFO_EASY_SPLIT = [0.30, 0.70]
INFO_HARD_SPLIT = np.array([0.60, 0.40])
INFO_NOT_TRIED = 0.20
# q19: 1-2 always/usually, 3-4 sometimes/never, 5 no discussions (excluded).
INVOLVED_SPLIT = [0.55, 0.45]
NOT_INVOLVED_SPLIT = np.array([0.75, 0.25])
NO_DISCUSSIONS = 0.12
LONELINESS = np.array([0.20, 0.30, 0.30, 0.12, 0.08])  # q16


def generate(out_dir: Path, reference: Reference, scale: float, rng: Rng) -> dict[str, int]:
    """Write the SACE respondent file and eligible population file; return rows per file."""
    targets = reference.targets(METRICS)
    base = reference.population * ELIGIBLE_PER_THOUSAND_RESIDENTS
    sizes = england_consistent_sizes(base, targets, reference.england(METRICS), DECIMALS)
    eligible = np.maximum(np.round(sizes), MIN_ELIGIBLE)
    wanted = np.round(RESPONDENTS_AT_SCALE_1 * scale * eligible / eligible.sum())
    respondents = np.maximum(wanted, MIN_RESPONDENTS).astype(np.int64)
    response_rate = rng.uniform(0.36, 0.44, respondents.size)
    sampled = respondents + np.round(respondents * (1 / response_rate - 1)).astype(np.int64)
    council = np.repeat(np.arange(respondents.size), sampled)
    responded = np.arange(council.size) - np.searchsorted(council, council) < respondents[council]
    answers = answer_questions(council, responded, targets, rng)
    frame = respondent_frame(reference.codes, council, responded, answers, rng)
    population = pd.DataFrame(
        {
            "LaCode": reference.codes,
            "EligiblePop": np.maximum(eligible, sampled).astype(np.int64),
            "Sample": sampled,
        }
    )
    return {
        RESPONDENTS_FILE: write_csv(frame, out_dir / RESPONDENTS_FILE),
        POPULATION_FILE: write_csv(population, out_dir / POPULATION_FILE),
    }


def answer_questions(
    council: np.ndarray, responded: np.ndarray, targets: pd.DataFrame, rng: Rng
) -> dict[str, np.ndarray]:
    """Answers of respondents (full-length arrays, 0 = blank) calibrated to the targets."""
    who = council[responded]
    blanks = blank_masks(ANSWER_COLUMNS, who.size, rng)
    complete = ~np.any([blanks[c] for c in QUALITY_ITEMS], axis=0)
    block = np.where(complete, 0, 1)
    latent = rng.standard_normal(who.size)
    dists = council_distributions(targets)
    dists["q16"] = np.tile(LONELINESS, (len(targets), 1))
    full = {}
    for column in ANSWER_COLUMNS:
        valid = ~blanks[column]
        codes = np.zeros(who.size, dtype=np.int64)
        key = correlated_key(latent, rng)[valid]
        codes[valid] = quota_assign(who[valid], block[valid], dists[column], rng, key)
        full[column] = np.zeros(council.size, dtype=np.int64)
        full[column][responded] = codes
    return full


def council_distributions(targets: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per council answer distributions (councils x codes) for every calibrated item."""
    social = as_share(targets["5A2"])

    def quality_score(t: np.ndarray) -> np.ndarray:
        return carer_quality_score(quality_distributions(-t, social))

    t = -solve_increasing(quality_score, targets["1C"].to_numpy())
    dists = quality_distributions(t, social)
    dists["q4"] = with_excluded(
        as_share(targets["1E"]), SATISFIED_SPLIT, SATISFACTION_REST, NO_SUPPORT
    )
    dists["q17"] = with_excluded(
        as_share(targets["3C2"]), INFO_EASY_SPLIT, INFO_HARD_SPLIT, INFO_NOT_TRIED
    )
    dists["q19"] = with_excluded(
        as_share(targets["3B"]), INVOLVED_SPLIT, NOT_INVOLVED_SPLIT, NO_DISCUSSIONS
    )
    return dists


def quality_distributions(t: np.ndarray, social: np.ndarray) -> dict[str, np.ndarray]:
    """The six carer quality-of-life items; q11 keeps its 5A2 share of code 1."""
    dists = {item: tilt(shape, t) for item, shape in FREE_QUALITY.items()}
    dists["q11"] = np.hstack([social[:, None], (1 - social)[:, None] * tilt(SOCIAL_REST, t)])
    return {item: dists[item] for item in QUALITY_ITEMS}


def carer_quality_score(dists: dict[str, np.ndarray]) -> np.ndarray:
    """Expected 1C score (sum over the six items of 3 - code) per council."""
    points = np.array([2.0, 1.0, 0.0])
    return sum(dists[item] @ points for item in QUALITY_ITEMS)


def with_excluded(
    positive: np.ndarray, good_split: list[float], bad_split: np.ndarray, excluded: float
) -> np.ndarray:
    """Codes: good ones share `positive`, bad ones the rest, then one excluded last code."""
    good = np.outer(positive, np.asarray(good_split) / np.sum(good_split))
    bad = np.outer(1 - positive, bad_split / bad_split.sum())
    counted = (1 - excluded) * np.hstack([good, bad])
    return np.hstack([counted, np.full((positive.size, 1), excluded)])


def respondent_frame(
    codes: np.ndarray,
    council: np.ndarray,
    responded: np.ndarray,
    answers: dict[str, np.ndarray],
    rng: Rng,
) -> pd.DataFrame:
    """The carers file: shuffled within council, serial numbers from 1 per council."""
    order = np.lexsort((rng.random(council.size), council))
    council = council[order]
    n = council.size
    older = rng.random(n) < 0.45
    age = np.where(
        older,
        np.minimum(65 + np.floor(rng.gamma(2.0, 5.5, n)), 95),
        18 + np.floor(47 * rng.beta(3.0, 1.6, n)),
    )
    columns = {
        "LaCode": codes[council],
        "SerialNo": np.arange(n) - np.searchsorted(council, council) + 1,
        "Response": np.where(responded[order], 1, 2),
        "Gender": choice(np.array([0.30, 0.70]), n, rng),
        "Age": age.astype(np.int64),
    }
    columns.update({c: blank_where_zero(answers[c][order]) for c in ANSWER_COLUMNS})
    return pd.DataFrame(columns, columns=PERSON_COLUMNS + ANSWER_COLUMNS)
