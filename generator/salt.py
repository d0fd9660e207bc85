"""Synthetic SALT 2023-24 tables in tidy form (salt/), calibrated to the published SALT values.

One row per cell: LA_CODE, TABLE_REFERENCE, ROW_LABEL, COLUMN_LABEL, VALUE. The labels are those
of seeds/config/salt_metric_cells.csv (a test checks that every seeded cell is written) plus the
other cells of each table, so the categories a metric leaves out are in the file too. Each
council's counts are sized from its population and split so that its SALT-method 2A, 2B, 2C,
2D1, 2D2, 2E and 3D outcomes equal its published 2023-24 values (its region's or England's
where it has none); sizes are tilted so that England's sums land on England's published values.
SALT is an aggregate return: its counts do not depend on `scale`, except the admissions to care
homes (2B, 2C), which follow the generated ONS population (generator/ons.py, which scales), so
that admissions per 100,000 come out at the published rates. Admissions arrive by every route
NHS England counts (STS001, STS002a Table 5, STS002b and the LTS002a review routes), with the
self-funder "of whom" rows to deduct and an LTS002b table that is never added. STS004 is written
by age band and sex, and the HES discharge counts (2D2's denominators) ride in the salt/ file by
age band and sex with their 65-and-over totals, as HES publishes them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from generator.output import write_csv
from generator.reference import Reference, england_consistent_sizes
from generator.sampling import Rng, allocate

CELLS_FILE = "salt/salt_2023_24.csv"
COLUMNS = ["LA_CODE", "TABLE_REFERENCE", "ROW_LABEL", "COLUMN_LABEL", "VALUE"]
METRICS = ["2A", "2B", "2C", "2D1", "2D2", "2E", "3D1A", "3D2A", "3D1B", "3D2B"]
AGES = ("18-64", "65 and over")

# --- labels (as in seeds/config/salt_metric_cells.csv) -----------------------------------------
SELF_FUNDER = (
    "Of whom: Self Funder with Depleted Funds and had previously had either a 12 week "
    "disregard or DPA"
)
STS001_TABLE = {"18-64": "STS001 Table 1a", "65 and over": "STS001 Table 1b"}
STS001_ROUTES = [
    "Planned Entry (Transition)",
    "Discharge from Hospital",
    "Diversion from Hospital Services",
    "Self Funder with Depleted Funds",
    "Community / Other Route",
]
ROUTE_SHARES = np.array([0.05, 0.30, 0.05, 0.02, 0.58])
STS001_RESIDENTIAL = "Long Term Support: Residential Care"
STS001_NURSING = "Long Term Support: Nursing Care"
STS001_OTHER_SEQUELS = {  # column -> requests per ST-Max episode of the age band
    "Short Term Support to Maximise Independence (ST-Max)": 1.0,
    "Long Term Support: Community": 0.45,
    "End of Life": 0.04,
    "Ongoing Low Level Support": 0.35,
    "Short Term Support: Other": 0.30,
    "Universal Services / Signposted to Other Services": 1.6,
    "No Services Provided: Deceased": 0.05,
    "No Services Provided: Other Reason": 0.9,
}

STS002A_T1 = "STS002a Table 1"
STS002A_CESSATION = {
    "Early Cessation of Service (not leading to long term support): 100% NHS funded care, "
    "end of life or deceased": 0.03,
    "Early Cessation of Service (not leading to long term support): other reason": 0.04,
    "Early Cessation of Service (leading to long term support)": 0.02,
}
STS002A_LTS = "Long Term Support (any setting)"
STS002A_NO_LTS = {
    "Ongoing Low Level Support": 0.40,
    "Short Term Support (other)": 0.15,
    "No Services Provided: universal services or signposted to other services": 0.25,
    "No Services Provided: no identified needs": 0.20,
}
STS002A_EXCLUDED = {
    "No Services Provided: needs identified but self-funding": 0.01,
    "No Services Provided: needs identified but support declined": 0.02,
}
STS002A_T5 = "STS002a Table 5"
T5_ROWS = {"18-64": "For clients aged 18-64", "65 and over": "For clients aged 65+"}
_T5_SELF = (
    ": route of access Self Funder with Depleted Funds and had previously had either a "
    "12 week disregard or DPA"
)
T5_SELF = {"18-64": "Of whom aged 18-64" + _T5_SELF, "65 and over": "Of whom aged 65+" + _T5_SELF}

STS002B_TABLE = {"18-64": "STS002b Table 2a", "65 and over": "STS002b Table 2b"}
STS002B_COLUMN = {"18-64": "For clients aged 18-64", "65 and over": "For clients aged 65+"}
STS002B_NURSING = "Change of Setting: Move to Nursing Care from Community"
STS002B_RESIDENTIAL = "Change of Setting: Move to Residential Care from Community"
STS002B_OTHER = {  # row -> count per admission from the community
    "No Change in Setting: Increased Long Term Support": 6.0,
    "No Change in Setting: Reduced Long Term Support": 2.0,
    "No Change in Setting: No Change in Long Term Support": 3.0,
    "End of Life": 0.5,
}

LTS002A_UNPLANNED = {"18-64": "LTS002a Table 1a", "65 and over": "LTS002a Table 1b"}
LTS002A_PLANNED = "LTS002a Table 2"
LTS002A_COMMUNITY = "Community: Total"
LTS002A_PLANNED_ROWS = {"18-64": "Clients aged 18-64", "65 and over": "Clients aged 65 and over"}
REVIEW_NURSING = "Change in Setting: Move to Nursing Care (from Community)"
REVIEW_RESIDENTIAL = "Change in Setting: Move to Residential Care (from Community)"
REVIEW_OTHER = {  # column -> unplanned reviews of community clients per admission by review
    "No Change in Setting: Increased Long Term Support": 8.0,
    "No Change in Setting: Reduced Long Term Support": 2.0,
    "No Change in Setting: No Change in Long Term Support": 5.0,
    "All Long Term Support Ended": 0.5,
}
LTS002B = {"18-64": "LTS002b Table 1a", "65 and over": "LTS002b Table 1b"}
LTS002B_SHARE = 0.6  # of the LTS002a moves: clients with long-term support for over a year

STS004 = "STS004 Table 1"
STS004_AGE_SHARES = {"65-74": 0.22, "75-84": 0.40, "85 and over": 0.38}
SEXES = ("Male", "Female")
STS004_MALE_SHARE = 0.40
STS004_DISCHARGED = (
    "Discharged from hospital into reablement or rehabilitation, 1 October to 31 December"
)
STS004_AT_HOME = "Of whom: at home 91 days after discharge"
HES_TABLE = "HES"
HES_AGE_SHARES = {"65-74": 0.38, "75-84": 0.37, "85 and over": 0.25}
HES_MALE_SHARE = 0.47
HES_TOTAL = "Total 65 and over"

LTS001A = "LTS001a Table 1a"
LEARNING_DISABILITY = "Learning Disability Support"
LTS001A_OTHER_PSR = {  # primary support reason -> clients per learning-disability client
    "Physical Support: Access and Mobility Only": 0.05,
    "Physical Support: Personal Care Support": 0.75,
    "Sensory Support: Support for Visual Impairment": 0.02,
    "Sensory Support: Support for Hearing Impairment": 0.01,
    "Support with Memory and Cognition": 0.04,
    "Mental Health Support": 0.45,
    "Social Support: Substance Misuse Support": 0.02,
    "Social Support: Support for Social Isolation or Other": 0.03,
}
MALE_SHARE = 0.57
LTS004 = "LTS004 Table 2a"
SETTLED = {
    "Owner Occupier or Shared Ownership Scheme": 0.02,
    "Tenant: Local Authority, Arms Length Management Organisation, Registered Social Landlord "
    "or Housing Association": 0.14,
    "Tenant: Private Landlord": 0.05,
    "Settled Mainstream Housing with Family or Friends (including flat-sharing)": 0.45,
    "Supported Accommodation, Supported Lodgings or Supported Group Home": 0.27,
    "Shared Lives Scheme": 0.04,
    "Approved Premises for Offenders Released from Prison or under Probation Supervision": 0.002,
    "Sheltered Housing, Extra Care Housing or Other Sheltered Housing": 0.025,
    "Mobile Accommodation for Gypsy, Roma and Traveller Communities": 0.003,
}
UNSETTLED = {
    "Rough Sleeper or Squatting": 0.002,
    "Night Shelter, Emergency Hostel or Direct Access Hostel": 0.003,
    "Refuge": 0.001,
    "Placed in Temporary Accommodation by the Council": 0.01,
    "Staying with Family or Friends as a Short-term Guest": 0.02,
    "Acute or Long-term Healthcare Residential Facility or Hospital": 0.02,
    "Registered Care Home": 0.55,
    "Registered Nursing Home": 0.08,
    "Prison, Young Offenders Institution or Detention Centre": 0.004,
    "Other Temporary Accommodation": 0.01,
    "Unknown": 0.30,
}

LTS001B_TABLE = {"18-64": "LTS001b Table 1a", "65 and over": "LTS001b Table 1b"}
DP_ONLY = "Direct Payment Only"
PART_DP = "Part Direct Payment"
MANAGED_PB = "CASSR Managed Personal Budget"
COMMISSIONED = "CASSR Commissioned Support Only"
PART_OF_DIRECT_PAYMENTS = 0.08
LTS003 = "LTS003 Table 1a"
CARER_ROWS = {"18-64": "Carers aged 18-64", "65 and over": "Carers aged 65 and over"}
CARER_INFORMATION_ONLY = "Information, Advice and Other Universal Services or Signposting"

# --- sizes --------------------------------------------------------------------------------------
POPULATION_SHARE = {"18-64": 0.59, "65 and over": 0.19}
ST_MAX_PER_THOUSAND = 3.4  # completed ST-Max episodes of new clients in the year
ST_MAX_SHARE = {"18-64": 0.15, "65 and over": 0.85}
STS001_SHARE = 0.45  # of admissions: new clients' requests (STS001)
STS002A_SHARE = 0.15  # of admissions: after ST-Max (STS002a Table 5)
REVIEW_SHARE = 0.12  # of admissions: after an unplanned review of a community client (LTS002a)
PLANNED_REVIEW_SHARE = 0.04  # of admissions: after a planned review (LTS002a Table 2)
# the rest: existing clients after ST-Max (STS002b)
SELF_FUNDER_SHARE = 0.06
NURSING_SHARE = {"18-64": 0.12, "65 and over": 0.35}
REABLEMENT_DISCHARGES_PER_THOUSAND = 0.55  # 65+ discharged into reablement, one quarter
LD_CLIENTS_PER_THOUSAND = 2.4
COMMUNITY_CLIENTS_PER_THOUSAND = 6.0
COMMUNITY_SHARE_18_64 = 0.42
CARERS_PER_THOUSAND = 1.2
CARER_SHARE_18_64 = 0.55
MIN_SIZE = 30


def generate(
    out_dir: Path,
    reference: Reference,
    scale: float,
    rng: Rng,
    population_table: pd.DataFrame | None = None,
) -> dict[str, int]:
    """Write the tidy SALT file; return {relative path: rows}.

    population_table is the generated ONS table (generator/ons.py: council_code, age,
    population_2023), the denominators the build divides 2B and 2C's admissions by; without it
    the admissions follow an estimate of the councils' populations at this scale.
    """
    targets = reference.targets(METRICS)
    sizes = council_sizes(reference, targets)
    populations = council_populations(reference, scale, population_table)
    england = reference.england(METRICS)
    sizes["admissions_18_64"] = admissions(populations["18-64"], targets["2B"], england["2B"])
    sizes["admissions_65"] = admissions(populations["65 and over"], targets["2C"], england["2C"])
    rows: list[tuple[str, str, str, str, int]] = []
    for index, code in enumerate(reference.codes):
        council = {name: size[index] for name, size in sizes.items()}
        for table, row, column, value in council_cells(targets.iloc[index], council, rng):
            rows.append((code, table, row, column, int(value)))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return {CELLS_FILE: write_csv(frame, out_dir / CELLS_FILE)}


def council_sizes(reference: Reference, targets: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each metric's denominator size per council, tilted so England lands on its value."""
    thousands = reference.population
    england = reference.england(METRICS)

    def tilted(base: np.ndarray, metrics: list[str]) -> np.ndarray:
        decimals = pd.Series(1.0, index=metrics)
        sized = england_consistent_sizes(base, targets[metrics], england[metrics], decimals)
        return np.maximum(np.round(sized), MIN_SIZE)

    discharges = tilted(thousands * REABLEMENT_DISCHARGES_PER_THOUSAND, ["2D1"])
    return {
        "st_max": tilted(thousands * ST_MAX_PER_THOUSAND, ["2A"]),
        "discharges": discharges,
        "learning_disability": tilted(thousands * LD_CLIENTS_PER_THOUSAND, ["2E"]),
        "community": tilted(thousands * COMMUNITY_CLIENTS_PER_THOUSAND, ["3D1A", "3D2A"]),
        "carers": tilted(thousands * CARERS_PER_THOUSAND, ["3D1B", "3D2B"]),
        "hes": hes_discharges(discharges, targets, england),
    }


def council_populations(
    reference: Reference, scale: float, population_table: pd.DataFrame | None
) -> pd.DataFrame:
    """People aged 18-64 and 65 and over per council (rows in reference order)."""
    if population_table is None:
        people = reference.population * 1000 * scale
        return pd.DataFrame(
            {age: people * POPULATION_SHARE[age] for age in AGES}, index=reference.codes
        )
    ages = population_table["age"]
    band = np.where(ages >= 65, "65 and over", np.where(ages >= 18, "18-64", ""))
    adults = population_table.assign(band=band)[band != ""]
    table = adults.pivot_table(
        index="council_code", columns="band", values="population_2023", aggfunc="sum"
    )
    return table.reindex(index=reference.codes, columns=list(AGES)).fillna(0)


def admissions(population: pd.Series, rates: pd.Series, england_rate: float) -> np.ndarray:
    """Admissions per council at its rate, apportioned so England's rate is the published one."""
    weights = population.to_numpy(dtype=float) * rates.to_numpy(dtype=float)
    total = round(england_rate * population.sum() / 100_000)
    return allocate(total, weights + 1e-9).astype(float)


def hes_discharges(discharges: np.ndarray, targets: pd.DataFrame, england: pd.Series) -> np.ndarray:
    """2D2's denominator: reablement discharges / target share, scaled to England's 2D2."""
    share = np.clip(targets["2D2"].to_numpy(dtype=float), 0.5, 50.0) / 100
    hes = discharges / share
    hes *= discharges.sum() / hes.sum() / (england["2D2"] / 100)
    return np.round(hes)


def council_cells(
    target: pd.Series, size: dict[str, float], rng: Rng
) -> list[tuple[str, str, str, float]]:
    """Every cell of one council's tables: (table, row, column, value)."""
    share = (target.astype(float) / 100).clip(0, 1)
    cells: list[tuple[str, str, str, float]] = []
    st_max = allocate(int(size["st_max"]), np.array([ST_MAX_SHARE[a] for a in AGES]))
    admitted = {"18-64": size["admissions_18_64"], "65 and over": size["admissions_65"]}
    for age, episodes in zip(AGES, st_max, strict=True):
        long_term = episodes - round(share["2A"] * episodes)
        cells += short_term_cells(age, episodes, long_term, int(admitted[age]), rng)
    cells += reablement_cells(size["discharges"], share["2D1"], size["hes"])
    cells += learning_disability_cells(size["learning_disability"], share["2E"])
    cells += self_directed_cells(size["community"], share["3D1A"], share["3D2A"])
    cells += carer_cells(size["carers"], share["3D1B"], share["3D2B"])
    return cells


def split_admissions(admissions: int, long_term: int, rng: Rng) -> tuple[int, ...]:
    """Admissions from STS001, STS002a (at most the ST-Max long-term sequels), LTS002a unplanned
    and planned reviews, and STS002b (the rest); a shortfall comes off the routes in turn."""
    routes = [
        round(admissions * STS001_SHARE * rng.uniform(0.9, 1.1)),
        min(round(admissions * STS002A_SHARE), long_term),
        round(admissions * REVIEW_SHARE),
        round(admissions * PLANNED_REVIEW_SHARE),
    ]
    for index in (3, 2, 0):
        shortfall = sum(routes) - admissions
        if shortfall > 0:
            routes[index] -= min(shortfall, routes[index])
    new_clients, after_st_max, unplanned, planned = routes
    existing = admissions - sum(routes)
    return new_clients, after_st_max, unplanned, planned, existing


def by_setting(count: int, age: str) -> tuple[int, int]:
    """(residential, nursing) split of a count of admissions."""
    nursing = round(count * NURSING_SHARE[age])
    return count - nursing, nursing


def short_term_cells(
    age: str, episodes: int, long_term: int, admissions: int, rng: Rng
) -> list[tuple[str, str, str, float]]:
    """STS001, STS002a Tables 1 and 5, STS002b and LTS002a for one age band."""
    new_clients, after_st_max, unplanned, planned, existing = split_admissions(
        admissions, long_term, rng
    )
    self_funders = round(new_clients * SELF_FUNDER_SHARE)
    st_self_funders = min(round(after_st_max * SELF_FUNDER_SHARE), long_term - after_st_max)
    cells: list[tuple[str, str, str, float]] = []
    # STS001: new clients' requests by route of access and sequel; admissions plus self-funders
    residential, nursing = by_setting(new_clients + self_funders, age)
    own_residential, own_nursing = by_setting(self_funders, age)
    sequels = {STS001_RESIDENTIAL: residential, STS001_NURSING: nursing}
    sequels |= {name: round(per * episodes) for name, per in STS001_OTHER_SEQUELS.items()}
    table = STS001_TABLE[age]
    for column, total in sequels.items():
        own = {STS001_RESIDENTIAL: own_residential, STS001_NURSING: own_nursing}.get(column, 0)
        routes = allocate(int(total - own), ROUTE_SHARES)
        routes[3] += own  # the self-funder route holds the "of whom" self-funders
        cells += [(table, route, column, n) for route, n in zip(STS001_ROUTES, routes, strict=True)]
        cells.append((table, "Total", column, total))
    cells += [(table, SELF_FUNDER, STS001_RESIDENTIAL, own_residential)]
    cells += [(table, SELF_FUNDER, STS001_NURSING, own_nursing)]
    # STS002a Table 1: ST-Max episodes by sequel
    no_long_term = episodes - long_term
    spread = dict(STS002A_NO_LTS)
    cells += [
        (STS002A_T1, age, column, n)
        for column, n in zip(
            spread, allocate(no_long_term, np.array(list(spread.values()))), strict=True
        )
    ]
    cells.append((STS002A_T1, age, STS002A_LTS, long_term))
    for column, per in (STS002A_CESSATION | STS002A_EXCLUDED).items():
        cells.append((STS002A_T1, age, column, round(per * episodes)))
    # STS002a Table 5: the long-term sequels by setting, with the self-funders among them
    residential, nursing = by_setting(after_st_max + st_self_funders, age)
    own_residential, own_nursing = by_setting(st_self_funders, age)
    community = long_term - residential - nursing
    cells += [
        (STS002A_T5, T5_ROWS[age], "Residential", residential),
        (STS002A_T5, T5_ROWS[age], "Nursing", nursing),
        (STS002A_T5, T5_ROWS[age], "Community", community),
        (STS002A_T5, T5_SELF[age], "Residential", own_residential),
        (STS002A_T5, T5_SELF[age], "Nursing", own_nursing),
    ]
    # STS002b: existing clients after ST-Max, moves into care homes and other sequels
    residential, nursing = by_setting(existing, age)
    table, column = STS002B_TABLE[age], STS002B_COLUMN[age]
    cells += [
        (table, STS002B_NURSING, column, nursing),
        (table, STS002B_RESIDENTIAL, column, residential),
    ]
    cells += [
        (table, row, column, round(per * max(existing, 1))) for row, per in STS002B_OTHER.items()
    ]
    return cells + review_cells(age, unplanned, planned)


def review_cells(age: str, unplanned: int, planned: int) -> list[tuple[str, str, str, float]]:
    """LTS002a: unplanned reviews of community clients by sequel (Table 1a / 1b) and planned
    reviews leading to a care home (Table 2); LTS002b, the subset of long-standing clients,
    which no metric adds."""
    residential, nursing = by_setting(unplanned, age)
    table = LTS002A_UNPLANNED[age]
    cells: list[tuple[str, str, str, float]] = [
        (table, LTS002A_COMMUNITY, REVIEW_NURSING, nursing),
        (table, LTS002A_COMMUNITY, REVIEW_RESIDENTIAL, residential),
    ]
    cells += [
        (table, LTS002A_COMMUNITY, column, round(per * max(unplanned, 1)))
        for column, per in REVIEW_OTHER.items()
    ]
    residential, nursing = by_setting(planned, age)
    row = LTS002A_PLANNED_ROWS[age]
    cells += [
        (LTS002A_PLANNED, row, REVIEW_NURSING, nursing),
        (LTS002A_PLANNED, row, REVIEW_RESIDENTIAL, residential),
    ]
    residential, nursing = by_setting(round(unplanned * LTS002B_SHARE), age)
    cells += [
        (LTS002B[age], LTS002A_COMMUNITY, REVIEW_NURSING, nursing),
        (LTS002B[age], LTS002A_COMMUNITY, REVIEW_RESIDENTIAL, residential),
    ]
    return cells


def reablement_cells(discharges: float, at_home_share: float, hes: float) -> list:
    """STS004 by age band and sex (2D1, 2D2's numerator) and the HES counts of people 65 and
    over discharged alive (2D2's denominator) by age band and sex, with HES's 65-and-over
    totals per sex."""
    groups, shares = band_sex_shares(STS004_AGE_SHARES, STS004_MALE_SHARE)
    discharged = allocate(int(discharges), shares)
    at_home = allocate(round(at_home_share * discharges), discharged.astype(float) + 1e-9)
    cells = []
    for (band, sex), out, home in zip(groups, discharged, at_home, strict=True):
        row = f"{band} {sex}"
        cells += [(STS004, row, STS004_DISCHARGED, out), (STS004, row, STS004_AT_HOME, home)]
    return cells + hes_cells(max(hes, discharges))


def band_sex_shares(
    age_shares: dict[str, float], male_share: float
) -> tuple[list[tuple[str, str]], np.ndarray]:
    """(age band, sex) groups, band by band, male then female, with their shares."""
    groups = [(band, sex) for band in age_shares for sex in SEXES]
    sex_shares = {"Male": male_share, "Female": 1 - male_share}
    return groups, np.array([age_shares[band] * sex_shares[sex] for band, sex in groups])


def hes_cells(people: float) -> list:
    """HES discharges by age band and sex; each sex's 65-and-over total is the sum of its bands."""
    groups, shares = band_sex_shares(HES_AGE_SHARES, HES_MALE_SHARE)
    counts = allocate(int(people), shares)
    cells = [(HES_TABLE, band, sex, n) for (band, sex), n in zip(groups, counts, strict=True)]
    for sex in SEXES:
        total = sum(n for (_, group_sex), n in zip(groups, counts, strict=True) if group_sex == sex)
        cells.append((HES_TABLE, HES_TOTAL, sex, total))
    return cells


def learning_disability_cells(clients: float, settled_share: float) -> list:
    """LTS001a (clients 18-64 by primary support reason and gender) and LTS004 (2E)."""
    genders = dict(
        zip(
            ["Male", "Female"],
            allocate(int(clients), np.array([MALE_SHARE, 1 - MALE_SHARE])),
            strict=True,
        )
    )
    cells = []
    for gender, count in genders.items():
        cells.append((LTS001A, LEARNING_DISABILITY, gender, count))
        cells += [
            (LTS001A, psr, gender, round(per * count)) for psr, per in LTS001A_OTHER_PSR.items()
        ]
        settled = round(settled_share * count)
        for groups, total in ((SETTLED, settled), (UNSETTLED, count - settled)):
            split = allocate(int(total), np.array(list(groups.values())))
            cells += [(LTS004, row, gender, n) for row, n in zip(groups, split, strict=True)]
    return cells


def self_directed_cells(clients: float, sds_share: float, dp_share: float) -> list:
    """LTS001b Tables 1a and 1b: clients at 31 March by setting and delivery mechanism (3D)."""
    by_age = allocate(int(clients), np.array([COMMUNITY_SHARE_18_64, 1 - COMMUNITY_SHARE_18_64]))
    cells = []
    for age, community in zip(AGES, by_age, strict=True):
        columns = mechanisms(community, sds_share, dp_share)
        table = LTS001B_TABLE[age]
        cells += [(table, "Total", f"Community: {name}", n) for name, n in columns.items()]
        residential = round(community * (0.12 if age == "18-64" else 0.45))
        cells += [
            (table, "Total", "Residential", residential),
            (table, "Total", "Nursing", round(residential * 0.4)),
        ]
    return cells


def carer_cells(carers: float, sds_share: float, dp_share: float) -> list:
    """LTS003 Table 1a: carers with support direct to the carer in the year (3D part b)."""
    by_age = allocate(int(carers), np.array([CARER_SHARE_18_64, 1 - CARER_SHARE_18_64]))
    cells = []
    for age, count in zip(AGES, by_age, strict=True):
        columns = mechanisms(count, sds_share, dp_share)
        columns[CARER_INFORMATION_ONLY] = round(count * 1.5)
        cells += [(LTS003, CARER_ROWS[age], name, n) for name, n in columns.items()]
    return cells


def mechanisms(clients: int, sds_share: float, dp_share: float) -> dict[str, int]:
    """Split clients by delivery mechanism so that SDS / clients and DP / clients hit the shares."""
    self_directed = round(sds_share * clients)
    direct = min(round(dp_share * clients), self_directed)
    part = round(direct * PART_OF_DIRECT_PAYMENTS)
    return {
        DP_ONLY: direct - part,
        PART_DP: part,
        MANAGED_PB: self_directed - direct,
        COMMISSIONED: clients - self_directed,
    }
