"""Synthetic CQC "Latest ratings" workbook (cqc/), for 6B.

An .xlsx like CQC's monthly file: a Notes sheet, then the **Locations** sheet with two title rows
and a blank row above the header, then a small Providers sheet. One row per location x service /
population group x domain: every location has its Overall / Overall row, some have the five key
question domains too, and GP, hospital and hospice locations sit beside the adult social care
ones (all outside 6B's scope). Location Local Authority is written as CQC writes it ("Bristol,
City of", "Durham", "St Helens", ...), using the names of the cqc_local_authority_names seed.

6B counts residential locations only (care homes, Care Home? = Y), over all of them including those
not yet rated. So the adult social care locations are split first into care homes and community
services (Care Home? = N, Community based adult social care services: in the file, left out of 6B),
and each setting gets its own ratings: the share of each council's care homes rated Good or
Outstanding is its published 2023-24 6B (else its region's, else England's 11,331 / 14,105 =
80.3%), with a few not yet rated ("Insufficient evidence to rate") that stay in 6B's denominator.
The number of locations grows with `scale`. The workbook's bytes depend only on the arguments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from generator.reference import SEEDS, Reference
from generator.sampling import Rng, quota_counts

WORKBOOK_FILE = "cqc/cqc_latest_ratings_2024_04_01.xlsx"
SHEET = "Locations"
TITLE_ROWS = [
    "Care Quality Commission: latest ratings of locations",
    "Synthetic data for the ascof project, as at 1 April 2024",
]
HEADER_ROW = 3  # zero-based: two title rows and a blank row above the header
COLUMNS = [
    "Location ID",
    "Location Name",
    "Care Home?",
    "Location Type",
    "Location Primary Inspection Category",
    "Location Local Authority",
    "Location Region",
    "Service / Population Group",
    "Domain",
    "Latest Rating",
    "Publication Date",
    "Report Type",
    "Inherited Rating (Y/N)",
    "Provider ID",
    "Provider Name",
]
SOCIAL_CARE = "Social Care Org"
RESIDENTIAL = "Residential social care"
COMMUNITY = "Community based adult social care services"
RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
KEY_QUESTIONS = ["Safe", "Effective", "Caring", "Responsive", "Well-led"]
OTHER_LOCATIONS = [  # (type, primary inspection category, care home?, share of all locations)
    ("Primary Medical Services", "GP Practices", "N", 0.20),
    ("NHS Healthcare Organisation", "Hospitals - Mental health/capacity", "N", 0.03),
    ("Independent Healthcare Org", "Dentists", "N", 0.04),
    (SOCIAL_CARE, "Hospice services", "N", 0.01),
]
GP_POPULATION_GROUPS = ["Older people"]
ADULT_SOCIAL_CARE_PER_THOUSAND_AT_SCALE_1 = 0.45  # about 25,000 locations in England
MIN_ADULT_SOCIAL_CARE = 4
CARE_HOME_SHARE = 0.55
# England 2023-24 as published (care homes): 11,331 Outstanding or Good of 14,105 locations
ENGLAND_6B = 0.803
COMMUNITY_GOOD_SHARE = 0.85  # community services: not in 6B, rated a little better
OUTSTANDING_SHARE_OF_GOOD = 0.053  # 605 of 11,331 in England 2023-24
INADEQUATE_SHARE_OF_REST = 0.12
NOT_RATED_SHARE = 0.015  # enough to exercise the rule (England 2023-24 had 1 care home)
NOT_RATED = "Insufficient evidence to rate"
DOMAIN_ROWS_SHARE = 0.15  # locations whose key question ratings are listed too
VARIANT_NAME_SHARE = 0.2  # locations written with another name of the seed for their council
CQC_NAMES = {  # published council name -> the name CQC writes
    "County Durham": "Durham",
    "St. Helens": "St Helens",
}
FIXED_TIME = dt.datetime(2024, 4, 1)


def generate(out_dir: Path, reference: Reference, scale: float, rng: Rng) -> dict[str, int]:
    """Write the ratings workbook; return {relative path: rows of the Locations sheet}."""
    councils = reference.councils
    variants = name_variants()
    counts = np.maximum(
        np.round(reference.population * ADULT_SOCIAL_CARE_PER_THOUSAND_AT_SCALE_1 * scale),
        MIN_ADULT_SOCIAL_CARE,
    ).astype(np.int64)
    care_homes = np.maximum(np.round(counts * CARE_HOME_SHARE), 1).astype(np.int64)
    good_shares = np.clip(reference.targets(["6B"])["6B"].to_numpy() / 100, 0, 1 - NOT_RATED_SHARE)
    care_home_ratings = quota_counts(care_homes, rating_shares(good_shares), rng)
    community_shares = rating_shares(np.full(len(councils), COMMUNITY_GOOD_SHARE))
    community_ratings = quota_counts(counts - care_homes, community_shares, rng)
    frames = []
    for index, council in enumerate(councils.itertuples(index=False)):
        names = local_authority_names(council, variants, int(counts[index]), rng)
        ratings = (care_home_ratings[index], community_ratings[index])
        frames.append(adult_social_care_rows(index, council, names, ratings, rng))
        frames.append(other_rows(index, council, names, int(counts[index]), rng))
    locations = pd.concat(frames, ignore_index=True)
    path = out_dir / WORKBOOK_FILE
    write_workbook(locations, path)
    return {WORKBOOK_FILE: len(locations)}


def name_variants() -> dict[str, list[str]]:
    """Council code -> every name of the cqc_local_authority_names seed for it."""
    names = pd.read_csv(
        SEEDS / "reference" / "cqc_local_authority_names.csv", dtype=str, keep_default_na=False
    )
    return names.groupby("council_code")["cqc_local_authority_name"].agg(list).to_dict()


def local_authority_names(council, variants: dict[str, list[str]], count: int, rng: Rng):
    """The Location Local Authority of each location: CQC's name, sometimes another variant."""
    usual = CQC_NAMES.get(council.council_name, council.council_name)
    others = [name for name in variants[council.council_code] if name != usual]
    names = np.full(count, usual, dtype=object)
    if others:
        swap = rng.random(count) < VARIANT_NAME_SHARE
        names[swap] = rng.choice(others, size=int(swap.sum()))
    return names


def rating_shares(good_shares: np.ndarray) -> np.ndarray:
    """Per council: shares of Outstanding, Good, Requires improvement, Inadequate, not rated.

    `good_shares` is Outstanding + Good over all locations, not yet rated included (6B's rule).
    """
    good = good_shares
    rest = 1 - good_shares - NOT_RATED_SHARE
    return np.column_stack(
        [
            good * OUTSTANDING_SHARE_OF_GOOD,
            good * (1 - OUTSTANDING_SHARE_OF_GOOD),
            rest * (1 - INADEQUATE_SHARE_OF_REST),
            rest * INADEQUATE_SHARE_OF_REST,
            np.full(good_shares.size, NOT_RATED_SHARE),
        ]
    )


def adult_social_care_rows(
    council_index: int,
    council,
    names: np.ndarray,
    rating_counts: tuple[np.ndarray, np.ndarray],
    rng: Rng,
) -> pd.DataFrame:
    """Care homes and community services: the Overall row and sometimes the key questions.

    `rating_counts` is (care homes, community services), each counts of Outstanding, Good,
    Requires improvement, Inadequate and not yet rated.
    """
    count = names.size
    labels = [*RATINGS, NOT_RATED]
    homes, community = rating_counts
    ratings = np.concatenate([np.repeat(labels, homes), np.repeat(labels, community)])
    care_home = np.arange(count) < homes.sum()
    order = rng.permutation(count)
    ratings, care_home = ratings[order], care_home[order]
    ids = location_ids(council_index, 0, count)
    published = publication_dates(rng, count)
    rows = []
    for i in range(count):
        base = {
            "Location ID": ids[i],
            "Location Name": f"{'Care home' if care_home[i] else 'Home care'} {ids[i][-5:]}",
            "Care Home?": "Y" if care_home[i] else "N",
            "Location Type": SOCIAL_CARE,
            "Location Primary Inspection Category": RESIDENTIAL if care_home[i] else COMMUNITY,
            "Location Local Authority": names[i],
            "Location Region": council.region_name,
            "Service / Population Group": "Overall",
            "Publication Date": published[i],
            "Report Type": "Location",
            "Inherited Rating (Y/N)": "Y" if rng.random() < 0.03 else "N",
            "Provider ID": f"1-{1_000_000_000 + int(ids[i][2:]) % 7_919:010d}",
            "Provider Name": f"Provider {int(ids[i][2:]) % 7_919}",
        }
        rows.append({**base, "Domain": "Overall", "Latest Rating": ratings[i]})
        if ratings[i] in RATINGS and rng.random() < DOMAIN_ROWS_SHARE:
            for question in KEY_QUESTIONS:
                rating = ratings[i] if rng.random() < 0.8 else str(rng.choice(RATINGS[1:3]))
                rows.append({**base, "Domain": question, "Latest Rating": rating})
    return pd.DataFrame(rows, columns=COLUMNS)


def other_rows(
    council_index: int, council, names: np.ndarray, adult_social_care: int, rng: Rng
) -> pd.DataFrame:
    """GP, hospital, dental and hospice locations of the council (outside 6B's scope)."""
    rows = []
    for kind, (location_type, category, care_home, share) in enumerate(OTHER_LOCATIONS, 1):
        count = max(1, round(adult_social_care * share / 0.72))
        ids = location_ids(council_index, kind, count)
        published = publication_dates(rng, count)
        groups = GP_POPULATION_GROUPS if category == "GP Practices" else []
        for i in range(count):
            rating = str(rng.choice(RATINGS[:3], p=[0.1, 0.8, 0.1]))
            for group in ["Overall", *groups]:
                rows.append(
                    {
                        "Location ID": ids[i],
                        "Location Name": f"{category} {ids[i][-5:]}",
                        "Care Home?": care_home,
                        "Location Type": location_type,
                        "Location Primary Inspection Category": category,
                        "Location Local Authority": names[i % names.size],
                        "Location Region": council.region_name,
                        "Service / Population Group": group,
                        "Domain": "Overall",
                        "Latest Rating": rating,
                        "Publication Date": published[i],
                        "Report Type": "Location",
                        "Inherited Rating (Y/N)": "N",
                        "Provider ID": f"1-{2_000_000_000 + int(ids[i][2:]) % 977:010d}",
                        "Provider Name": f"Health provider {int(ids[i][2:]) % 977}",
                    }
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def location_ids(council_index: int, kind: int, count: int) -> list[str]:
    """CQC-style location ids, 1- and ten digits: council, kind of location, serial (unique)."""
    return [f"1-{council_index + 100:03d}{kind}{serial:06d}" for serial in range(1, count + 1)]


def publication_dates(rng: Rng, count: int) -> list[dt.datetime]:
    """Publication dates of the latest ratings, spread over the five years to March 2024."""
    days = rng.integers(0, 5 * 365, count)
    return [FIXED_TIME - dt.timedelta(days=int(d) + 1) for d in days]


def write_workbook(locations: pd.DataFrame, path: Path) -> None:
    """Notes, Locations (title rows above the header) and Providers sheets, fixed metadata."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    providers = (
        locations[["Provider ID", "Provider Name"]].drop_duplicates().sort_values("Provider ID")
    )
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False}
    )
    workbook.set_properties({"created": FIXED_TIME})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    notes = workbook.add_worksheet("Notes")
    notes.write_column(0, 0, ["Notes", "Synthetic CQC ratings: no real location is in it."])
    sheet = workbook.add_worksheet(SHEET)
    for row, title in enumerate(TITLE_ROWS):
        sheet.write_string(row, 0, title)
    sheet.write_row(HEADER_ROW, 0, COLUMNS)
    dates = COLUMNS.index("Publication Date")
    for offset, values in enumerate(locations[COLUMNS].itertuples(index=False, name=None), 1):
        row = HEADER_ROW + offset
        sheet.write_row(row, 0, values[:dates])
        sheet.write_datetime(row, dates, values[dates], date_format)
        sheet.write_row(row, dates + 1, values[dates + 1 :])
    listing = workbook.add_worksheet("Providers")
    listing.write_row(0, 0, list(providers.columns))
    for row, values in enumerate(providers.itertuples(index=False, name=None), 1):
        listing.write_row(row, 0, values)
    workbook.close()
