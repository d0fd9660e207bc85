"""Synthetic Adult Social Care Survey (ASCS, service users), calibrated to published ASCOF.

Every council's answer distributions are chosen so its expected 1A, 1B, 1D, 3A, 3C1, 4A and
5A1 equal the published 2023-24 values; answers are then assigned by quota within each
council (and council x cell for the 1B covariates), blocked by completeness, so realised
values stay within a person or two of the target.
A cell is a sampling stratum, with stratum 2 split into community and residential because
only the community part counts for 1B. All cells of a council share the answer distributions
(so survey weighting does not move the expected value), except the 1B covariates, which are
tuned per 1B cell so that both 1B cells (18-64 and 65+ in the community) hit the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from generator.output import blank_where_zero, write_csv, year_file
from generator.reference import Reference, england_consistent_sizes
from generator.sampling import (
    Rng,
    allocate,
    as_share,
    blank_masks,
    choice,
    correlated_key,
    quota_assign,
    solve_increasing,
    tilt,
)

RESPONDENTS_FILE = "ascs/ascs_respondents_2023_24.csv"
POPULATION_FILE = "ascs/eligible_population_2023_24.csv"

PERSON_COLUMNS = [
    "LaCode",
    "SerialNo",
    "MethodCollection",
    "Response",
    "Gender",
    "Age",
    "PrimarySupportReason",
    "SupportSetting",
    "MechOfDelivery",
    "Questionnaire",
]
ANSWER_COLUMNS = [
    *["q1", "q2a", "q2b", "q3a", "q4a", "q5a", "q6a", "q7a", "q8a", "q9a"],
    *["q10", "q11", "q12", "q13", "q14", "q15a", "q15b"],
    *["q16a", "q16b", "q16c", "q16d", "q17a", "q17b", "q17c", "q17d", "q18", "q19"],
]
POPULATION_COLUMNS = (
    ["LaCode"]
    + [f"stratum{s}Pop" for s in range(1, 5)]
    + [f"stratum{s}Sample" for s in range(1, 5)]
    + ["stratum2Pop1J", "stratum4Pop1J"]
)

METRICS = ["1A", "1B", "3A", "4A", "5A1", "1D", "3C1"]
DECIMALS = pd.Series({"1B": 3}).reindex(METRICS).fillna(1)

RESPONDENTS_AT_SCALE_1 = 60_000
MIN_RESPONDENTS = 6
ELIGIBLE_PER_THOUSAND_RESIDENTS = 9.2
MIN_ELIGIBLE = 200
ENGLAND_SLACK = 0.3  # aim within 0.3 of the last published digit: keeps council sizes realistic
STRATUM_SHARES = np.array([0.17, 0.14, 0.22, 0.47])
EASY_READ = 3

# Cells: 0 learning disability, 1 other 18-64 community, 2 other 18-64 residential/nursing,
# 3 other 65+ residential/nursing, 4 other 65+ community. Cells 1 and 4 make up 1B.
N_CELLS = 5
ONE_B_CELLS = {1: 0.0, 4: 0.0473}  # cell -> age term of the 1B expected value
OTHER_CELL_TILT = {0: 0.2, 2: 0.8, 3: 1.0}  # covariates outside 1B: fixed, worse in care homes

SCRQOL_ITEMS = ["q3a", "q4a", "q5a", "q6a", "q7a", "q8a", "q9a", "q11"]
ONE_B_COVARIATES = ["q14", "q16a", "q16b", "q16c", "q16d", "q17a", "q17b", "q17c", "q18", "q19"]

# Realistic England-like answer shapes (codes 1..K), tilted per council to hit the targets.
FREE_SCRQOL = {
    "q4a": np.array([0.63, 0.31, 0.05, 0.01]),
    "q5a": np.array([0.60, 0.34, 0.05, 0.01]),
    "q6a": np.array([0.60, 0.34, 0.05, 0.01]),
    "q9a": np.array([0.32, 0.40, 0.20, 0.08]),
    "q11": np.array([0.60, 0.32, 0.06, 0.02]),
}
CONTROL_GOOD = np.array([0.33, 0.445])  # q3a codes 1, 2
CONTROL_POOR = np.array([0.17, 0.055])  # q3a codes 3, 4
SAFE_REST = np.array([0.24, 0.04, 0.009])  # q7a codes 2-4
SOCIAL_REST = np.array([0.30, 0.17, 0.074])  # q8a codes 2-4

# 1B preference weights of codes 1-4 (handbook 4.3).
PREFERENCE_WEIGHTS = {
    "q3a": [1.0, 0.919, 0.541, 0.0],
    "q4a": [0.911, 0.789, 0.265, 0.195],
    "q5a": [0.879, 0.775, 0.294, 0.184],
    "q6a": [0.863, 0.78, 0.374, 0.288],
    "q7a": [0.88, 0.452, 0.298, 0.114],
    "q8a": [0.873, 0.748, 0.497, 0.241],
    "q9a": [0.962, 0.927, 0.567, 0.17],
    "q11": [0.847, 0.637, 0.295, 0.263],
}
# 0.0202 x (code - 1) per daily-living item: the sum reading of the dbt var
# adjusted_scrqol.daily_living_term (NHS England's generate_ascof_scores.py)
ADL_DEDUCTION = [0.0, 0.0202, 0.0404]
DAILY_LIVING = ["q16a", "q16b", "q16c", "q16d", "q17a", "q17b", "q17c"]  # counted in 1B
# Covariate: (shape for the 1B population, deduction from the 1B expected value per code).
COVARIATES = {
    "q14": ([0.05, 0.20, 0.40, 0.25, 0.10], [0.0, 0.0, 0.0148, 0.109, 0.109]),
    "q16a": ([0.55, 0.35, 0.10], ADL_DEDUCTION),
    "q16b": ([0.60, 0.32, 0.08], ADL_DEDUCTION),
    "q16c": ([0.85, 0.12, 0.03], ADL_DEDUCTION),
    "q16d": ([0.45, 0.20, 0.35], ADL_DEDUCTION),
    "q17a": ([0.35, 0.30, 0.35], ADL_DEDUCTION),
    "q17b": ([0.50, 0.30, 0.20], ADL_DEDUCTION),
    "q17c": ([0.65, 0.25, 0.10], ADL_DEDUCTION),
    "q17d": ([0.75, 0.18, 0.07], [0.0, 0.0, 0.0]),
    "q18": ([0.55, 0.30, 0.12, 0.03], [0.0, 0.0308, 0.125, 0.125]),
    "q19": ([0.30, 0.30, 0.15, 0.25], [0.0, 0.0603, 0.11, 0.11]),
}
# Items with no metric: fixed shapes.
FIXED_ITEMS = {
    "q2b": [0.88, 0.12],
    "q10": [0.55, 0.33, 0.09, 0.03],
    "q12": [0.22, 0.30, 0.28, 0.12, 0.08],
    "q15a": [0.30, 0.55, 0.15],
    "q15b": [0.45, 0.45, 0.10],
}
SATISFACTION_REST = np.array([0.55, 0.22, 0.13, 0.10])  # combined q1 codes 2-5
QUALITY_OF_LIFE = np.array([0.33, 0.35, 0.20, 0.08, 0.04])  # combined q2a codes 1-5
INFO_NEVER_TRIED = 0.35
INFO_EASY_SPLIT = np.array([0.35, 0.65])  # q13 codes 2, 3
INFO_HARD_SPLIT = np.array([0.60, 0.40])  # q13 codes 4, 5

PSR_CODES = np.array([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12])
PSR_18_64 = np.array([0.20, 0.25, 0.03, 0.02, 0.005, 0.05, 0.35, 0.01, 0.02, 0.005, 0.06])
PSR_65_PLUS = np.array([0.30, 0.45, 0.03, 0.02, 0.005, 0.15, 0.04, 0.005, 0.002, 0.001, 0.007])


@dataclass
class People:
    """One entry per sampled person; answers are filled for respondents only (0 = blank)."""

    council: np.ndarray
    stratum: np.ndarray
    response: np.ndarray
    method: np.ndarray
    gender: np.ndarray
    age: np.ndarray
    psr: np.ndarray
    setting: np.ndarray
    mechanism: np.ndarray
    questionnaire: np.ndarray

    @property
    def cell(self) -> np.ndarray:
        """Calibration cell (see N_CELLS) of each person."""
        community = self.setting == 1
        cell = np.where(self.stratum == 2, np.where(community, 1, 2), 0)
        cell = np.where(self.stratum == 3, 3, cell)
        return np.where(self.stratum == 4, 4, cell)


@dataclass
class Plan:
    """Per council: eligible population, respondents per stratum and sampled per stratum."""

    eligible: np.ndarray
    shares: np.ndarray
    respondents: np.ndarray
    sampled: np.ndarray


def generate(out_dir: Path, reference: Reference, scale: float, rng: Rng) -> dict[str, int]:
    """Write the ASCS respondent file and eligible population file; return rows per file."""
    targets = reference.targets(METRICS)
    plan = plan_councils(reference, targets, scale, rng)
    people = sample_people(plan, rng)
    answers = answer_questions(people, targets, rng)
    order = np.lexsort((rng.random(people.council.size), people.council))
    respondents = respondent_frame(reference.codes, people, answers, order)
    population = population_frame(reference.codes, plan, people, rng)
    respondents_file = year_file(RESPONDENTS_FILE, reference.year)
    population_file = year_file(POPULATION_FILE, reference.year)
    return {
        respondents_file: write_csv(respondents, out_dir / respondents_file),
        population_file: write_csv(population, out_dir / population_file),
    }


def plan_councils(reference: Reference, targets: pd.DataFrame, scale: float, rng: Rng) -> Plan:
    """Size each council's eligible population and sample, stratum by stratum."""
    base = reference.population * ELIGIBLE_PER_THOUSAND_RESIDENTS
    england = reference.england(METRICS)
    sizes = england_consistent_sizes(base, targets, england, DECIMALS, ENGLAND_SLACK)
    eligible = np.maximum(np.round(sizes), MIN_ELIGIBLE)
    wanted = np.round(RESPONDENTS_AT_SCALE_1 * scale * eligible / eligible.sum())
    total = np.maximum(wanted, MIN_RESPONDENTS).astype(np.int64)
    shares = STRATUM_SHARES * np.exp(0.12 * rng.standard_normal((total.size, 4)))
    shares /= shares.sum(axis=1, keepdims=True)
    respondents = np.array([1 + allocate(n - 4, s) for n, s in zip(total, shares, strict=True)])
    response_rate = rng.uniform(0.33, 0.42, total.size)
    non_respondents = np.round(respondents * (1 / response_rate[:, None] - 1))
    sampled = respondents + non_respondents.astype(np.int64)
    return Plan(eligible=eligible, shares=shares, respondents=respondents, sampled=sampled)


def sample_people(plan: Plan, rng: Rng) -> People:
    """Draw the sampled people (respondents first within each council x stratum block)."""
    n_councils = plan.sampled.shape[0]
    council = np.repeat(np.repeat(np.arange(n_councils), 4), plan.sampled.ravel())
    stratum = np.repeat(np.tile(np.arange(1, 5), n_councils), plan.sampled.ravel())
    block_start = np.repeat(
        np.cumsum(plan.sampled.ravel()) - plan.sampled.ravel(), plan.sampled.ravel()
    )
    position = np.arange(council.size) - block_start
    responded = position < np.repeat(plan.respondents.ravel(), plan.sampled.ravel())
    response = np.where(responded, 1, np.where(rng.random(council.size) < 0.05, 2, 3))
    setting = draw_setting(stratum, rng)
    age = draw_age(stratum, rng)
    ld = stratum == 1
    return People(
        council=council,
        stratum=stratum,
        response=response,
        method=np.where(responded, choice(np.array([0.90, 0.05, 0.05]), council.size, rng), 1),
        gender=draw_gender(ld, rng),
        age=age,
        psr=draw_psr(stratum, age, rng),
        setting=setting,
        mechanism=draw_mechanism(setting, rng),
        questionnaire=draw_questionnaire(ld, setting, rng),
    )


def draw_setting(stratum: np.ndarray, rng: Rng) -> np.ndarray:
    """Support setting: 1 community, 2 residential, 3 nursing (strata fix part of it)."""
    n = stratum.size
    ld = choice(np.array([0.82, 0.14, 0.04]), n, rng)
    working_age = choice(np.array([0.86, 0.10, 0.04]), n, rng)
    care_home = choice(np.array([0.62, 0.38]), n, rng, codes=np.array([2, 3]))
    by_stratum = np.select(
        [stratum == 1, stratum == 2, stratum == 3], [ld, working_age, care_home], 1
    )
    return by_stratum.astype(np.int64)


def draw_age(stratum: np.ndarray, rng: Rng) -> np.ndarray:
    """Age in years: 18-64 for stratum 2, mostly 18-64 for learning disability, else 65+."""
    n = stratum.size
    ld_young = 18 + np.floor(47 * rng.beta(1.3, 1.8, n))
    working_age = 18 + np.floor(47 * rng.beta(2.2, 1.3, n))
    older_home = 65 + np.floor(rng.gamma(4.0, 4.3, n))
    older_care = 65 + np.floor(rng.gamma(5.0, 4.2, n))
    ld = np.where(rng.random(n) < 0.88, ld_young, 65 + np.floor(rng.gamma(2.0, 5.0, n)))
    age = np.select(
        [stratum == 1, stratum == 2, stratum == 3], [ld, working_age, older_care], older_home
    )
    return np.minimum(age, 100).astype(np.int64)


def draw_gender(ld: np.ndarray, rng: Rng) -> np.ndarray:
    """Gender 1 male, 2 female, 3 other; men are the majority only with learning disability."""
    n = ld.size
    with_ld = choice(np.array([0.56, 0.435, 0.005]), n, rng)
    others = choice(np.array([0.38, 0.615, 0.005]), n, rng)
    return np.where(ld, with_ld, others)


def draw_psr(stratum: np.ndarray, age: np.ndarray, rng: Rng) -> np.ndarray:
    """Primary support reason 1-12; 7 (learning disability) exactly for stratum 1."""
    n = stratum.size
    younger = choice(PSR_18_64, n, rng, codes=PSR_CODES)
    older = choice(PSR_65_PLUS, n, rng, codes=PSR_CODES)
    return np.where(stratum == 1, 7, np.where(age < 65, younger, older))


def draw_mechanism(setting: np.ndarray, rng: Rng) -> np.ndarray:
    """Mechanism of delivery 1-4 in the community, 5 (not applicable) in care homes."""
    community = choice(np.array([0.25, 0.05, 0.30, 0.40]), setting.size, rng)
    return np.where(setting == 1, community, 5)


def draw_questionnaire(ld: np.ndarray, setting: np.ndarray, rng: Rng) -> np.ndarray:
    """Questionnaire 1 community, 2 residential, 3 easy read (most with learning disability)."""
    standard = np.where(setting == 1, 1, 2)
    easy_read_rate = np.where(ld, 0.85, 0.015)
    return np.where(rng.random(ld.size) < easy_read_rate, EASY_READ, standard)


def answer_questions(people: People, targets: pd.DataFrame, rng: Rng) -> dict[str, np.ndarray]:
    """Answers of respondents (full-length arrays, 0 = blank) calibrated to the targets."""
    responded = people.response == 1
    council = people.council[responded]
    cell = people.cell[responded]
    blanks = blank_masks(ANSWER_COLUMNS, council.size, rng)
    complete = completeness(cell, blanks)
    council_block = complete * N_CELLS + cell
    cell_chain = council * N_CELLS + cell
    latent = rng.standard_normal(council.size)
    council_dists = council_distributions(targets)
    cell_dists = cell_covariate_distributions(council_dists, targets["1B"].to_numpy())
    n_councils = len(targets)
    for column, shape in FIXED_ITEMS.items():
        council_dists[column] = np.tile(np.array(shape), (n_councils, 1))
    council_dists["q2a"] = np.tile(QUALITY_OF_LIFE, (n_councils, 1))

    def assign(column: str, chain: np.ndarray, block: np.ndarray, probs: np.ndarray) -> np.ndarray:
        codes = np.zeros(council.size, dtype=np.int64)
        valid = ~blanks[column]
        key = correlated_key(latent, rng)[valid]
        codes[valid] = quota_assign(chain[valid], block[valid], probs, rng, key)
        return codes

    answers = {c: assign(c, council, council_block, p) for c, p in council_dists.items()}
    answers.update({c: assign(c, cell_chain, complete, p) for c, p in cell_dists.items()})
    settle_one_b(answers, cell_chain, complete == 0, targets["1B"].to_numpy(), rng)
    easy_read = people.questionnaire[responded] == EASY_READ
    for column in ("q1", "q2a"):
        answers[column] = expand_to_form(answers[column], easy_read, column, rng)
    full = {}
    for column in ANSWER_COLUMNS:
        full[column] = np.zeros(people.council.size, dtype=np.int64)
        full[column][responded] = answers[column]
    return full


def completeness(cell: np.ndarray, blanks: dict[str, np.ndarray]) -> np.ndarray:
    """0 if the person counts for 1B, 1 if only for 1A, 2 otherwise.

    Quota blocks are ordered by completeness so that the people who count for a score (a
    leading run of blocks) get exact answer proportions, not only each item on its own.
    """
    complete_1a = ~np.any([blanks[c] for c in SCRQOL_ITEMS], axis=0)
    complete_1b = complete_1a & ~np.any([blanks[c] for c in ONE_B_COVARIATES], axis=0)
    complete_1b &= np.isin(cell, list(ONE_B_CELLS))
    return np.where(complete_1b, 0, np.where(complete_1a, 1, 2))


def council_distributions(targets: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per council answer distributions (councils x codes) for every calibrated item."""
    control = as_share(targets["3A"])
    safe = as_share(targets["4A"])
    social = as_share(targets["5A1"])

    def negative_score(t: np.ndarray) -> np.ndarray:
        return -scrqol_score(scrqol_distributions(t, control, safe, social))

    t = solve_increasing(negative_score, -targets["1A"].to_numpy())
    dists = scrqol_distributions(t, control, safe, social)
    dists["q1"] = split(as_share(targets["1D"]), [1.0], SATISFACTION_REST)
    dists["q13"] = information_distribution(as_share(targets["3C1"]))
    return dists


def split(positive: np.ndarray, good_shape: list[float], bad_shape: np.ndarray) -> np.ndarray:
    """Distribution with `positive` mass spread over the good codes, the rest over the bad."""
    good = np.asarray(good_shape) / np.sum(good_shape)
    bad = bad_shape / bad_shape.sum()
    return np.hstack([np.outer(positive, good), np.outer(1 - positive, bad)])


def scrqol_distributions(
    t: np.ndarray, control: np.ndarray, safe: np.ndarray, social: np.ndarray
) -> dict[str, np.ndarray]:
    """The eight SCRQoL items: q3a/q7a/q8a keep their metric share, all tilted by t."""
    dists = {item: tilt(shape, t) for item, shape in FREE_SCRQOL.items()}
    dists["q3a"] = np.hstack(
        [control[:, None] * tilt(CONTROL_GOOD, t), (1 - control)[:, None] * tilt(CONTROL_POOR, t)]
    )
    dists["q7a"] = np.hstack([safe[:, None], (1 - safe)[:, None] * tilt(SAFE_REST, t)])
    dists["q8a"] = np.hstack([social[:, None], (1 - social)[:, None] * tilt(SOCIAL_REST, t)])
    return {item: dists[item] for item in SCRQOL_ITEMS}


def scrqol_score(dists: dict[str, np.ndarray]) -> np.ndarray:
    """Expected 1A score (sum over the 8 items of 4 - code) per council."""
    points = np.array([3.0, 2.0, 1.0, 0.0])
    return sum(dists[item] @ points for item in SCRQOL_ITEMS)


def expected_current_quality(dists: dict[str, np.ndarray]) -> np.ndarray:
    """Expected 1B 'current' value 0.203 x sum of preference weights - 0.466 per council."""
    weights = sum(dists[item] @ np.array(PREFERENCE_WEIGHTS[item]) for item in SCRQOL_ITEMS)
    return 0.203 * weights - 0.466


def information_distribution(easy: np.ndarray) -> np.ndarray:
    """q13: 1 never tried, 2-3 easy (share `easy` of those who tried), 4-5 difficult."""
    tried = split(easy, list(INFO_EASY_SPLIT), INFO_HARD_SPLIT)
    never = np.full((easy.size, 1), INFO_NEVER_TRIED)
    return np.hstack([never, (1 - INFO_NEVER_TRIED) * tried])


def covariate_distributions(t: np.ndarray) -> dict[str, np.ndarray]:
    """Health, daily-living, home design and getting-around items tilted by t."""
    return {item: tilt(np.array(shape), t) for item, (shape, _) in COVARIATES.items()}


def expected_deduction(t: np.ndarray) -> np.ndarray:
    """Expected covariate deductions from the 1B expected value (increasing in t)."""
    dists = covariate_distributions(t)
    return sum(dists[item] @ np.array(cut) for item, (_, cut) in COVARIATES.items())


def cell_covariate_distributions(
    council_dists: dict[str, np.ndarray], target_1b: np.ndarray
) -> dict[str, np.ndarray]:
    """Covariates per council x cell (rows council-major); 1B cells solved to the target.

    expected = 0.5798 + age term - deductions and 1B = E[current] - E[expected], so each
    1B cell needs deductions of 1B - E[current] + 0.5798 + its age term.
    """
    current = expected_current_quality(council_dists)
    tilts = np.zeros((target_1b.size, N_CELLS))
    for cell, fixed in OTHER_CELL_TILT.items():
        tilts[:, cell] = fixed
    for cell, age_term in ONE_B_CELLS.items():
        needed = target_1b - current + 0.5798 + age_term
        tilts[:, cell] = solve_increasing(expected_deduction, needed)
    return covariate_distributions(tilts.ravel())


def settle_one_b(
    answers: dict[str, np.ndarray],
    chain: np.ndarray,
    counted: np.ndarray,
    target: np.ndarray,
    rng: Rng,
) -> None:
    """Flip a few daily-living answers so each 1B cell's realised mean meets its target.

    Quotas leave each cell about a person per code off target, which for 1B (many items,
    small cells) adds up. Each daily-living item moved between "easily" (code 1) and "with
    difficulty" (code 2) shifts a person's 1B value by 0.0202 (a code 3 is never moved: it
    would shift it by 0.0404), so the nearest whole number of flips brings the cell mean to
    within 0.0101 / (people counted) of the target.
    """
    n_chains = target.size * N_CELLS
    cell_of = chain[counted]
    values = one_b_values({c: a[counted] for c, a in answers.items()}, cell_of % N_CELLS)
    total = np.bincount(cell_of, values, n_chains)
    size = np.bincount(cell_of, minlength=n_chains)
    flips = np.round((total - size * np.repeat(target, N_CELLS)) / ADL_DEDUCTION[1])
    person = np.repeat(np.flatnonzero(counted), len(DAILY_LIVING))
    item = np.tile(np.arange(len(DAILY_LIVING)), counted.sum())
    entry_chain = chain[person]
    codes = np.stack([answers[c] for c in DAILY_LIVING])
    removing = flips[entry_chain] > 0
    candidate = np.where(removing, codes[item, person] == 2, codes[item, person] == 1)
    person, item, entry_chain, removing = (
        a[candidate] for a in (person, item, entry_chain, removing)
    )
    order = np.lexsort((rng.random(person.size), entry_chain))
    rank = np.arange(order.size) - np.searchsorted(entry_chain[order], entry_chain[order])
    chosen = order[rank < np.abs(flips[entry_chain[order]])]
    for index, column in enumerate(DAILY_LIVING):
        mine = chosen[item[chosen] == index]
        answers[column][person[mine]] = np.where(removing[mine], 1, 2)


def one_b_values(answers: dict[str, np.ndarray], cell: np.ndarray) -> np.ndarray:
    """Person 1B value: current quality of life minus expected without services."""
    current = sum(np.array(PREFERENCE_WEIGHTS[c])[answers[c] - 1] for c in SCRQOL_ITEMS)
    deductions = sum(np.array(cut)[answers[c] - 1] for c, (_, cut) in COVARIATES.items())
    age_term = np.array([ONE_B_CELLS.get(k, 0.0) for k in range(N_CELLS)])[cell]
    expected = 0.5798 + age_term - deductions
    return 0.203 * current - 0.466 - expected


def expand_to_form(
    combined: np.ndarray, easy_read: np.ndarray, column: str, rng: Rng
) -> np.ndarray:
    """Turn a combined 5-point code into the code of the person's questionnaire.

    Easy read keeps the combined code; the 7-point standard form maps combined 1 to 1 or 2,
    2-4 to 3-5 and 5 to 6 or 7, the inverse of min(max(code - 1, 1), 5).
    """
    top_share = 0.45 if column == "q1" else 0.35
    top = np.where(rng.random(combined.size) < top_share, 1, 2)
    bottom = np.where(rng.random(combined.size) < 0.5, 6, 7)
    standard = np.select([combined == 1, combined == 5], [top, bottom], combined + 1)
    return np.where((combined == 0) | easy_read, combined, standard)


def respondent_frame(
    codes: np.ndarray, people: People, answers: dict[str, np.ndarray], order: np.ndarray
) -> pd.DataFrame:
    """The respondent file: people in council order, serial numbers from 1 per council."""
    council = people.council[order]
    first_row = np.searchsorted(council, council)
    columns = {
        "LaCode": codes[council],
        "SerialNo": np.arange(council.size) - first_row + 1,
        "MethodCollection": people.method[order],
        "Response": people.response[order],
        "Gender": people.gender[order],
        "Age": people.age[order],
        "PrimarySupportReason": people.psr[order],
        "SupportSetting": people.setting[order],
        "MechOfDelivery": people.mechanism[order],
        "Questionnaire": people.questionnaire[order],
    }
    columns.update({c: blank_where_zero(answers[c][order]) for c in ANSWER_COLUMNS})
    return pd.DataFrame(columns, columns=PERSON_COLUMNS + ANSWER_COLUMNS)


def population_frame(codes: np.ndarray, plan: Plan, people: People, rng: Rng) -> pd.DataFrame:
    """Eligible population per stratum (never below the sample) and the 1B populations."""
    n_councils = codes.size
    sample = np.zeros((n_councils, 4), dtype=np.int64)
    np.add.at(sample, (people.council, people.stratum - 1), 1)
    population = np.maximum(np.round(plan.eligible[:, None] * plan.shares), sample)
    community_share = rng.uniform(0.80, 0.90, n_councils)
    stratum2_community = np.bincount(
        people.council[(people.stratum == 2) & (people.setting == 1)], minlength=n_councils
    )
    stratum2_1j = np.maximum(np.round(population[:, 1] * community_share), stratum2_community)
    frame = pd.DataFrame({"LaCode": codes})
    for s in range(4):
        frame[f"stratum{s + 1}Pop"] = population[:, s].astype(np.int64)
    for s in range(4):
        frame[f"stratum{s + 1}Sample"] = sample[:, s]
    frame["stratum2Pop1J"] = stratum2_1j.astype(np.int64)
    frame["stratum4Pop1J"] = frame["stratum4Pop"]
    return frame[POPULATION_COLUMNS]
