"""Synthetic Adult Social Care Workforce Data Set rows (ascwds/), for 6A (staff turnover).

Two files of one layout, as Skills for Care data arrives: establishment rows (`establishmentid`,
`cssr` or `lauthid`, `totalstaff`, `totalstarters`, `totalleavers`, `totalvacancies`) for most
councils, and council-level rows (no `establishmentid`) for the rest. Each council's expected
turnover is its published 2023-24 6A (ASCOF time-series tables, 2024-25 release; else its region's,
else England's 24.8%, which LG Inform metric 19266 agrees with). Some establishments have no
leavers figure (not updated), as in the real data set; the models leave them out of numerator and
denominator. `lauthid` carries the council's ONS code on a share of rows instead of `cssr`. The
number of establishments grows with `scale`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from generator.output import write_csv, year_file
from generator.reference import Reference
from generator.sampling import Rng

ESTABLISHMENTS_FILE = "ascwds/ascwds_establishments_2023_24.csv"
COUNCILS_FILE = "ascwds/ascwds_council_areas_2023_24.csv"
ESTABLISHMENT_COLUMNS = [
    "establishmentid",
    "cssr",
    "lauthid",
    "totalstaff",
    "totalstarters",
    "totalleavers",
    "totalvacancies",
]
COUNCIL_COLUMNS = ["cssr", "totalstaff", "totalleavers"]
ENGLAND_TURNOVER = 0.248  # England 2023-24 as published
ESTABLISHMENTS_PER_THOUSAND_AT_SCALE_1 = 0.3
MIN_ESTABLISHMENTS = 3
MEAN_STAFF = 32.0
COUNCIL_LEVEL_SHARE = 0.1  # councils supplied as one council-level row
LAUTHID_SHARE = 0.15  # establishment rows with the council in lauthid, cssr blank
NOT_UPDATED_SHARE = 0.03  # establishment rows with no leavers figure
STAFF_PER_THOUSAND_RESIDENTS = 28.0  # council-level rows: about 1.6 million staff in England


def generate(out_dir: Path, reference: Reference, scale: float, rng: Rng) -> dict[str, int]:
    """Write the establishment and council-level files; return {relative path: rows}."""
    councils = reference.councils
    turnover = np.clip(reference.targets(["6A"])["6A"].to_numpy() / 100, 0.10, 0.50)
    council_level = rng.random(len(councils)) < COUNCIL_LEVEL_SHARE
    establishments = np.maximum(
        np.round(reference.population * ESTABLISHMENTS_PER_THOUSAND_AT_SCALE_1 * scale),
        MIN_ESTABLISHMENTS,
    ).astype(np.int64)
    frames = []
    for index in np.flatnonzero(~council_level):
        frames.append(
            establishment_rows(
                councils.iloc[index], int(establishments[index]), turnover[index], rng
            )
        )
    establishment_frame = pd.concat(frames, ignore_index=True)
    establishment_frame.insert(0, "establishmentid", np.arange(len(establishment_frame)) + 100_001)
    staff = np.round(reference.population[council_level] * STAFF_PER_THOUSAND_RESIDENTS)
    council_frame = pd.DataFrame(
        {
            "cssr": councils["council_code"].to_numpy()[council_level],
            "totalstaff": staff.astype(np.int64),
            "totalleavers": np.round(staff * turnover[council_level]).astype(np.int64),
        },
        columns=COUNCIL_COLUMNS,
    )
    establishments_file = year_file(ESTABLISHMENTS_FILE, reference.year)
    councils_file = year_file(COUNCILS_FILE, reference.year)
    return {
        establishments_file: write_csv(
            establishment_frame[ESTABLISHMENT_COLUMNS], out_dir / establishments_file
        ),
        councils_file: write_csv(council_frame, out_dir / councils_file),
    }


def establishment_rows(council: pd.Series, count: int, turnover: float, rng: Rng) -> pd.DataFrame:
    """One council's establishments: staff, starters, leavers (blank when not updated)."""
    staff = np.maximum(np.round(rng.lognormal(np.log(MEAN_STAFF) - 0.5, 1.0, count)), 1)
    leavers = rng.binomial(staff.astype(np.int64), min(turnover, 1.0)).astype(float)
    leavers[rng.random(count) < NOT_UPDATED_SHARE] = np.nan
    in_lauthid = rng.random(count) < LAUTHID_SHARE
    return pd.DataFrame(
        {
            "cssr": np.where(in_lauthid, "", council["council_code"]),
            "lauthid": np.where(in_lauthid, council["council_ons_code"], ""),
            "totalstaff": staff.astype(np.int64),
            "totalstarters": rng.binomial(staff.astype(np.int64), min(turnover, 1.0)),
            "totalleavers": pd.array(leavers, dtype="Int64"),
            "totalvacancies": rng.binomial(staff.astype(np.int64), 0.08),
        }
    )
