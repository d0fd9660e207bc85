"""Synthetic Safeguarding Adults Collection (sac/), in the published SAC CSV layout.

One row per council and cell: GEOGRAPHY, COUNCIL_TYPE, REGION_CODE, REGION_NAME, ONS_CODE,
LA_CODE, LA_NAME, TABLE_REFERENCE, ENQUIRY_TYPE, CATEGORY, SUBCATEGORY, VALUE. As in the
publication, values are rounded to the nearest 5 and values under 5 are written `[c]`. Each
council's share of concluded section 42 enquiries with a risk identified whose risk was reduced
or removed is its published 2023-24 4B (else its region's, else England's 121,600 / 133,380 =
91.2%); those
risk-outcome cells (SG2e) are kept at 5 or more so that England's 4B can be computed, while the
smaller cells of the other tables (concerns by location, enquiry results) are suppressed as
published. SG2c and SG2e also hold rows of concluded **Other Enquiries** (ENQUIRY_TYPE), with a
lower reduced-or-removed share and often `[c]`: they are not in 4B, so they exercise that rule.
SAC is an aggregate return: its size does not depend on `scale`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from generator.output import write_csv, year_file
from generator.reference import Reference
from generator.sampling import Rng, allocate

CELLS_FILE = "sac/sac_2023_24.csv"
COLUMNS = [
    "GEOGRAPHY",
    "COUNCIL_TYPE",
    "REGION_CODE",
    "REGION_NAME",
    "ONS_CODE",
    "LA_CODE",
    "LA_NAME",
    "TABLE_REFERENCE",
    "ENQUIRY_TYPE",
    "CATEGORY",
    "SUBCATEGORY",
    "VALUE",
]
CONCLUDED = "Concluded Section 42 Enquiries"
OTHER_ENQUIRIES = "Other Enquiries"
RISK_OUTCOME_TABLE = "SG2e"
RISK_IDENTIFIED_AND_ACTION = "Risk identified and action taken"
RISK_OUTCOMES = ["Risk remained", "Risk reduced", "Risk removed"]
# SG2c: concluded enquiries by action and result (shares of concluded enquiries)
ACTION_AND_RESULT = {
    RISK_IDENTIFIED_AND_ACTION: 0.62,
    "Risk identified and no action taken": 0.04,
    "Risk Assessment inconclusive and action taken": 0.07,
    "Risk Assessment inconclusive and no action taken": 0.02,
    "No risk identified and action taken": 0.10,
    "No risk identified and no action taken": 0.11,
    "Enquiry ceased at individual's request and no action taken": 0.04,
}
# SG2b: location of risk (shares of concluded enquiries)
LOCATION_OF_RISK = {
    "Own Home": 0.47,
    "In the Community": 0.04,
    "Community Service": 0.03,
    "Care Home - Nursing": 0.11,
    "Care Home - Residential": 0.21,
    "Hospital - Acute": 0.03,
    "Hospital - Mental Health": 0.02,
    "Hospital - Community": 0.01,
    "Other": 0.08,
}
CONCLUDED_PER_THOUSAND = 1.6  # concluded s42 enquiries per 1,000 residents (England ~ 90,000)
CONCERNS_PER_ENQUIRY = 6.5
OTHER_ENQUIRY_SHARE = 0.12
ENGLAND_4B = 0.912  # England 2023-24 as published: 121,600 / 133,380
OTHER_ENQUIRIES_REDUCED_OR_REMOVED = 0.75  # not in 4B: differs so that mixing them in shows
OTHER_ENQUIRIES_CONCLUDED_SHARE = 0.9
REMOVED_SHARE_OF_REDUCED_OR_REMOVED = 0.34
MIN_RISK_OUTCOME = 5  # keeps every SG2e cell at or above the [c] threshold
ROUNDING_BASE = 5


def generate(out_dir: Path, reference: Reference, scale: float, rng: Rng) -> dict[str, int]:
    """Write the SAC CSV; return {relative path: rows}. `scale` does not apply."""
    del scale  # an aggregate return has one set of cells per council at any scale
    councils = reference.councils
    concluded = np.maximum(np.round(reference.population * CONCLUDED_PER_THOUSAND), 20)
    risk_shares = np.clip(reference.targets(["4B"])["4B"].to_numpy() / 100, 0.70, 0.99)
    rows = []
    for index, council in enumerate(councils.itertuples(index=False)):
        identity = [
            "England",
            council.council_type_name,
            council.region_ons_code,
            council.region_name,
            council.council_ons_code,
            council.council_code,
            council.council_name,
        ]
        for cell in council_cells(int(concluded[index]), risk_shares[index], rng):
            rows.append([*identity, *cell[:-1], published_value(cell[-1])])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    cells_file = year_file(CELLS_FILE, reference.year)
    return {cells_file: write_csv(frame, out_dir / cells_file)}


def council_cells(concluded: int, reduced_or_removed: float, rng: Rng) -> list[tuple]:
    """(table, enquiry type, category, subcategory, count) for one council."""
    section_42 = round(concluded * rng.uniform(1.0, 1.15))
    other = round(section_42 * OTHER_ENQUIRY_SHARE)
    concerns = round((section_42 + other) * CONCERNS_PER_ENQUIRY * rng.uniform(0.8, 1.2))
    cells = [
        (
            "SG1f",
            "Safeguarding Concerns",
            "Total",
            "Total Number of Safeguarding Concerns",
            concerns,
        ),
        (
            "SG1f",
            "Section 42 Enquiries",
            "Total",
            "Total Number of Section 42 Safeguarding Enquiries",
            section_42,
        ),
        (
            "SG1f",
            "Other Enquiries",
            "Total",
            "Total Number of Other Safeguarding Enquiries",
            other,
        ),
    ]
    results = allocate(concluded, np.array(list(ACTION_AND_RESULT.values())))
    outcomes = risk_outcomes(int(results[0]), reduced_or_removed)
    results[0] = sum(outcomes)  # SG2e breaks down SG2c's risk identified and action taken
    cells += [
        ("SG2c", CONCLUDED, "Action and Result", result, n)
        for result, n in zip(ACTION_AND_RESULT, results, strict=True)
    ]
    cells += [
        ("SG2e", CONCLUDED, RISK_IDENTIFIED_AND_ACTION, outcome, n)
        for outcome, n in zip(RISK_OUTCOMES, outcomes, strict=True)
    ]
    cells += other_enquiry_cells(round(other * OTHER_ENQUIRIES_CONCLUDED_SHARE))
    locations = allocate(concluded, np.array(list(LOCATION_OF_RISK.values())))
    cells += [
        ("SG2b", CONCLUDED, "Location of Risk", location, n)
        for location, n in zip(LOCATION_OF_RISK, locations, strict=True)
    ]
    return cells


def other_enquiry_cells(concluded: int) -> list[tuple]:
    """SG2c and SG2e rows of concluded Other Enquiries (not section 42, so not in 4B)."""
    results = allocate(concluded, np.array(list(ACTION_AND_RESULT.values())))
    identified = int(results[0])
    remained = round(identified * (1 - OTHER_ENQUIRIES_REDUCED_OR_REMOVED))
    removed = round((identified - remained) * REMOVED_SHARE_OF_REDUCED_OR_REMOVED)
    outcomes = [remained, identified - remained - removed, removed]
    cells = [
        ("SG2c", OTHER_ENQUIRIES, "Action and Result", result, n)
        for result, n in zip(ACTION_AND_RESULT, results, strict=True)
    ]
    cells += [
        ("SG2e", OTHER_ENQUIRIES, RISK_IDENTIFIED_AND_ACTION, outcome, n)
        for outcome, n in zip(RISK_OUTCOMES, outcomes, strict=True)
    ]
    return cells


def risk_outcomes(enquiries: int, reduced_or_removed: float) -> list[int]:
    """Risk remained, reduced, removed: each at least MIN_RISK_OUTCOME, summing to enquiries."""
    enquiries = max(enquiries, 4 * MIN_RISK_OUTCOME)
    remained = max(round(enquiries * (1 - reduced_or_removed)), MIN_RISK_OUTCOME)
    removed = max(
        round((enquiries - remained) * REMOVED_SHARE_OF_REDUCED_OR_REMOVED), MIN_RISK_OUTCOME
    )
    return [remained, enquiries - remained - removed, removed]


def published_value(count: int) -> str:
    """The publication's disclosure control: nearest 5 (halves up), [c] under 5."""
    if count < ROUNDING_BASE:
        return "[c]"
    return str(int(np.floor(count / ROUNDING_BASE + 0.5)) * ROUNDING_BASE)
