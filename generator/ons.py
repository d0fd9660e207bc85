"""Synthetic ONS mid-2023 population estimates (MYEB long format) for every English district.

One row per local authority district (April 2023 boundaries) x sex x single year of age:
`ladcode23, laname23, sex, age, population_2023` (sex 1 male, 2 female; age 0-90, 90 = 90+).
County councils are not in the file (as in the real MYEB tables): their lower-tier districts
are, listed in seeds/reference/ons_district_to_county.csv; every other council appears
under its own code.

The population scales with the generator's scale, like the client-level data: at scale s
England has about s x 57.7 million residents, so rates per 100,000 computed from generated
CLD admissions and this population (ASCOF 2B/2C) match the published values at every scale.
District sizes are approximate mid-2022 values; each district's age profile is England's,
reshaped to an approximate share of people aged 65 and over (older on the coast and in the
shires, younger in London and university cities). Good enough for denominators, not a
substitute for the real estimates.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from generator.council_sizes import DEFAULT_THOUSANDS, POPULATION_THOUSANDS
from generator.output import write_csv
from generator.reference import SEEDS, Reference
from generator.sampling import Rng
from runner.input_contract import framework_year

POPULATION_FILE = "ons/mye_2023_myeb.csv"
COLUMNS = ["ladcode23", "laname23", "sex", "age", "population_2023"]
ENGLAND_2023 = 57_690_300
MAX_AGE = 90
BANDS = {"18-64": (18, 64), "65+": (65, MAX_AGE)}

# England's residents by single year of age 0..89 and 90+, thousands (approximate, mid-2023).
ENGLAND_AGE_THOUSANDS = np.array(
    [
        *[600, 610, 620, 630, 640, 650, 660, 665, 670, 675],
        *[690, 700, 700, 690, 680, 670, 660, 650, 640, 650],
        *[680, 690, 700, 710, 720, 730, 735, 740, 745, 750],
        *[770, 780, 790, 795, 790, 785, 780, 775, 770, 765],
        *[750, 740, 735, 730, 730, 700, 690, 680, 690, 700],
        *[740, 760, 770, 780, 785, 790, 785, 775, 765, 755],
        *[720, 705, 690, 670, 650, 620, 600, 585, 570, 560],
        *[555, 545, 540, 560, 590, 560, 600, 500, 470, 430],
        *[380, 350, 320, 290, 265, 235, 210, 185, 160, 140],
        560,
    ],
    dtype=float,
)
# Share of men at these ages (linear in between).
MALE_SHARE_KNOTS = (
    [0, 17, 18, 29, 30, 59, 60, 65, 70, 75, 80, 85, 90],
    [0.512, 0.512, 0.505, 0.505, 0.497, 0.493, 0.49, 0.48, 0.475, 0.46, 0.44, 0.40, 0.31],
)
CHILDREN = slice(0, 18)
WORKING_AGE = slice(18, 65)
OLDER = slice(65, MAX_AGE + 1)
CHILD_SHARE = 0.21
SHARE_NOISE = 0.012
CELL_NOISE = 0.03

# Default share aged 65+ by council type (E07 = non-metropolitan district).
DEFAULT_OLDER_SHARE = {"IL": 0.10, "OL": 0.14, "MD": 0.175, "UA": 0.19, "E07": 0.22}
# Approximate share aged 65+ where an area is far from its type's default.
OLDER_SHARE = {
    # older unitaries
    "E06000053": 0.30, "E06000046": 0.29, "E06000059": 0.30, "E06000027": 0.28,
    "E06000064": 0.27, "E06000063": 0.24, "E06000065": 0.25, "E06000011": 0.27,
    "E06000052": 0.26, "E06000019": 0.26, "E06000051": 0.25, "E06000017": 0.27,
    "E06000066": 0.25, "E06000058": 0.23, "E06000057": 0.25, "E06000054": 0.22,
    "E06000060": 0.20, "E06000049": 0.23, "E06000050": 0.22, "E06000009": 0.21,
    # younger cities and boroughs
    "E08000003": 0.09, "E06000018": 0.12, "E06000016": 0.12, "E08000026": 0.14,
    "E08000025": 0.13, "E06000032": 0.12, "E06000039": 0.10, "E06000038": 0.13,
    "E08000006": 0.12, "E06000023": 0.13, "E06000042": 0.14, "E06000031": 0.15,
    "E06000030": 0.16, "E06000045": 0.14, "E06000044": 0.15, "E06000043": 0.15,
    "E08000035": 0.16, "E08000019": 0.17, "E08000012": 0.15, "E08000021": 0.15,
    "E08000032": 0.15, "E06000010": 0.16, "E06000014": 0.19,
    # London
    "E09000030": 0.06, "E09000025": 0.08, "E09000012": 0.08, "E09000022": 0.09,
    "E09000028": 0.09, "E09000019": 0.09, "E09000007": 0.13, "E09000033": 0.14,
    "E09000032": 0.10, "E09000014": 0.11, "E09000023": 0.11, "E09000001": 0.16,
    "E09000020": 0.18, "E09000002": 0.09, "E09000005": 0.13, "E09000009": 0.13,
    "E09000006": 0.19, "E09000004": 0.17, "E09000016": 0.19, "E09000027": 0.17,
    "E09000029": 0.16,
    # older districts
    "E07000064": 0.33, "E07000147": 0.34, "E07000040": 0.31, "E07000076": 0.30,
    "E07000137": 0.30, "E07000091": 0.30, "E07000119": 0.29, "E07000128": 0.28,
    "E07000035": 0.29, "E07000235": 0.30, "E07000079": 0.28, "E07000044": 0.30,
    "E07000047": 0.29, "E07000046": 0.29, "E07000043": 0.27, "E07000045": 0.27,
    "E07000224": 0.29, "E07000225": 0.28, "E07000065": 0.26, "E07000063": 0.26,
    "E07000061": 0.25, "E07000244": 0.28, "E07000200": 0.27, "E07000203": 0.26,
    "E07000074": 0.26, "E07000069": 0.26, "E07000146": 0.26, "E07000145": 0.24,
    "E07000143": 0.25, "E07000144": 0.26, "E07000124": 0.25, "E07000198": 0.26,
    "E07000221": 0.26, "E07000210": 0.24, "E07000223": 0.24, "E07000229": 0.23,
    "E07000080": 0.26, "E07000042": 0.24, "E07000062": 0.21,
    # younger districts
    "E07000008": 0.12, "E07000178": 0.11, "E07000148": 0.15, "E07000041": 0.16,
    "E07000138": 0.15, "E07000123": 0.15, "E07000226": 0.14, "E07000103": 0.13,
    "E07000073": 0.15, "E07000243": 0.16, "E07000107": 0.14, "E07000202": 0.16,
    "E07000237": 0.17, "E07000081": 0.17, "E07000078": 0.19, "E07000092": 0.15,
    "E07000130": 0.17, "E07000117": 0.17,
}  # fmt: skip

# Approximate resident population of each county district, thousands (mid-2022).
DISTRICT_THOUSANDS: dict[str, int] = {
    "E07000008": 146,  # Cambridge
    "E07000009": 90,  # East Cambridgeshire
    "E07000010": 103,  # Fenland
    "E07000011": 183,  # Huntingdonshire
    "E07000012": 165,  # South Cambridgeshire
    "E07000032": 127,  # Amber Valley
    "E07000033": 81,  # Bolsover
    "E07000034": 104,  # Chesterfield
    "E07000035": 72,  # Derbyshire Dales
    "E07000036": 113,  # Erewash
    "E07000037": 91,  # High Peak
    "E07000038": 102,  # North East Derbyshire
    "E07000039": 109,  # South Derbyshire
    "E07000040": 152,  # East Devon
    "E07000041": 132,  # Exeter
    "E07000042": 83,  # Mid Devon
    "E07000043": 99,  # North Devon
    "E07000044": 89,  # South Hams
    "E07000045": 135,  # Teignbridge
    "E07000046": 69,  # Torridge
    "E07000047": 57,  # West Devon
    "E07000061": 102,  # Eastbourne
    "E07000062": 91,  # Hastings
    "E07000063": 100,  # Lewes
    "E07000064": 93,  # Rother
    "E07000065": 163,  # Wealden
    "E07000066": 188,  # Basildon
    "E07000067": 155,  # Braintree
    "E07000068": 77,  # Brentwood
    "E07000069": 90,  # Castle Point
    "E07000070": 182,  # Chelmsford
    "E07000071": 195,  # Colchester
    "E07000072": 135,  # Epping Forest
    "E07000073": 94,  # Harlow
    "E07000074": 67,  # Maldon
    "E07000075": 88,  # Rochford
    "E07000076": 149,  # Tendring
    "E07000077": 93,  # Uttlesford
    "E07000078": 119,  # Cheltenham
    "E07000079": 91,  # Cotswold
    "E07000080": 88,  # Forest of Dean
    "E07000081": 133,  # Gloucester
    "E07000082": 122,  # Stroud
    "E07000083": 97,  # Tewkesbury
    "E07000084": 187,  # Basingstoke and Deane
    "E07000085": 127,  # East Hampshire
    "E07000086": 137,  # Eastleigh
    "E07000087": 113,  # Fareham
    "E07000088": 82,  # Gosport
    "E07000089": 101,  # Hart
    "E07000090": 126,  # Havant
    "E07000091": 176,  # New Forest
    "E07000092": 100,  # Rushmoor
    "E07000093": 132,  # Test Valley
    "E07000094": 128,  # Winchester
    "E07000095": 98,  # Broxbourne
    "E07000096": 156,  # Dacorum
    "E07000098": 108,  # Hertsmere
    "E07000099": 134,  # North Hertfordshire
    "E07000102": 94,  # Three Rivers
    "E07000103": 103,  # Watford
    "E07000240": 148,  # St Albans
    "E07000241": 121,  # Welwyn Hatfield
    "E07000242": 152,  # East Hertfordshire
    "E07000243": 90,  # Stevenage
    "E07000105": 134,  # Ashford
    "E07000106": 158,  # Canterbury
    "E07000107": 118,  # Dartford
    "E07000108": 117,  # Dover
    "E07000109": 107,  # Gravesham
    "E07000110": 180,  # Maidstone
    "E07000111": 121,  # Sevenoaks
    "E07000112": 110,  # Folkestone and Hythe
    "E07000113": 153,  # Swale
    "E07000114": 141,  # Thanet
    "E07000115": 134,  # Tonbridge and Malling
    "E07000116": 116,  # Tunbridge Wells
    "E07000117": 95,  # Burnley
    "E07000118": 119,  # Chorley
    "E07000119": 82,  # Fylde
    "E07000120": 82,  # Hyndburn
    "E07000121": 143,  # Lancaster
    "E07000122": 97,  # Pendle
    "E07000123": 148,  # Preston
    "E07000124": 62,  # Ribble Valley
    "E07000125": 71,  # Rossendale
    "E07000126": 111,  # South Ribble
    "E07000127": 118,  # West Lancashire
    "E07000128": 113,  # Wyre
    "E07000129": 103,  # Blaby
    "E07000130": 184,  # Charnwood
    "E07000131": 98,  # Harborough
    "E07000132": 114,  # Hinckley and Bosworth
    "E07000133": 52,  # Melton
    "E07000134": 106,  # North West Leicestershire
    "E07000135": 58,  # Oadby and Wigston
    "E07000136": 71,  # Boston
    "E07000137": 143,  # East Lindsey
    "E07000138": 104,  # Lincoln
    "E07000139": 119,  # North Kesteven
    "E07000140": 96,  # South Holland
    "E07000141": 144,  # South Kesteven
    "E07000142": 96,  # West Lindsey
    "E07000143": 142,  # Breckland
    "E07000144": 133,  # Broadland
    "E07000145": 100,  # Great Yarmouth
    "E07000146": 155,  # King's Lynn and West Norfolk
    "E07000147": 103,  # North Norfolk
    "E07000148": 144,  # Norwich
    "E07000149": 144,  # South Norfolk
    "E07000170": 128,  # Ashfield
    "E07000171": 118,  # Bassetlaw
    "E07000172": 111,  # Broxtowe
    "E07000173": 118,  # Gedling
    "E07000174": 111,  # Mansfield
    "E07000175": 124,  # Newark and Sherwood
    "E07000176": 120,  # Rushcliffe
    "E07000177": 163,  # Cherwell
    "E07000178": 163,  # Oxford
    "E07000179": 146,  # South Oxfordshire
    "E07000180": 140,  # Vale of White Horse
    "E07000181": 115,  # West Oxfordshire
    "E07000192": 101,  # Cannock Chase
    "E07000193": 125,  # East Staffordshire
    "E07000194": 107,  # Lichfield
    "E07000195": 124,  # Newcastle-under-Lyme
    "E07000196": 111,  # South Staffordshire
    "E07000197": 138,  # Stafford
    "E07000198": 96,  # Staffordshire Moorlands
    "E07000199": 78,  # Tamworth
    "E07000200": 93,  # Babergh
    "E07000202": 140,  # Ipswich
    "E07000203": 104,  # Mid Suffolk
    "E07000244": 248,  # East Suffolk
    "E07000245": 182,  # West Suffolk
    "E07000207": 139,  # Elmbridge
    "E07000208": 81,  # Epsom and Ewell
    "E07000209": 144,  # Guildford
    "E07000210": 87,  # Mole Valley
    "E07000211": 152,  # Reigate and Banstead
    "E07000212": 89,  # Runnymede
    "E07000213": 103,  # Spelthorne
    "E07000214": 91,  # Surrey Heath
    "E07000215": 88,  # Tandridge
    "E07000216": 128,  # Waverley
    "E07000217": 104,  # Woking
    "E07000218": 65,  # North Warwickshire
    "E07000219": 135,  # Nuneaton and Bedworth
    "E07000220": 115,  # Rugby
    "E07000221": 136,  # Stratford-on-Avon
    "E07000222": 150,  # Warwick
    "E07000223": 64,  # Adur
    "E07000224": 166,  # Arun
    "E07000225": 125,  # Chichester
    "E07000226": 119,  # Crawley
    "E07000227": 147,  # Horsham
    "E07000228": 153,  # Mid Sussex
    "E07000229": 111,  # Worthing
    "E07000234": 100,  # Bromsgrove
    "E07000235": 80,  # Malvern Hills
    "E07000236": 87,  # Redditch
    "E07000237": 104,  # Worcester
    "E07000238": 130,  # Wychavon
    "E07000239": 102,  # Wyre Forest
}


def load_districts(seeds: Path = SEEDS) -> pd.DataFrame:
    """The lower-tier districts of the county councils (district code, name, county code)."""
    path = seeds / "reference" / "ons_district_to_county.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def areas(reference: Reference, districts: pd.DataFrame) -> pd.DataFrame:
    """Every area of the MYEB file with its council: districts for counties, else the council."""
    councils = reference.councils
    county = councils["council_ons_code"].str.startswith("E10")
    own = pd.DataFrame(
        {
            "ladcode23": councils.loc[~county, "council_ons_code"],
            "laname23": councils.loc[~county, "council_name"],
            "council_code": councils.loc[~county, "council_code"],
            "kind": councils.loc[~county, "council_type_code"],
            "thousands": councils.loc[~county, "council_ons_code"].map(POPULATION_THOUSANDS),
        }
    )
    council_of_county = dict(
        zip(councils["council_ons_code"], councils["council_code"], strict=True)
    )
    lower = pd.DataFrame(
        {
            "ladcode23": districts["district_ons_code"],
            "laname23": districts["district_name"],
            "council_code": districts["county_ons_code"].map(council_of_county),
            "kind": "E07",
            "thousands": districts["district_ons_code"].map(DISTRICT_THOUSANDS),
        }
    )
    missing = sorted(set(councils.loc[county, "council_code"]) - set(lower["council_code"]))
    if missing:
        raise ValueError(f"county councils without districts in the seed: {missing}")
    table = pd.concat([own, lower], ignore_index=True)
    table["thousands"] = table["thousands"].fillna(DEFAULT_THOUSANDS).astype(float)
    return table.sort_values("ladcode23", ignore_index=True)


def population(reference: Reference, scale: float, rng: Rng) -> pd.DataFrame:
    """The MYEB table at this scale, plus each area's council code (column council_code)."""
    table = areas(reference, load_districts())
    expected = expected_population(table, rng) * scale
    counts = np.floor(expected + rng.random(expected.shape)).astype(np.int64)
    n_areas, n_ages = table.shape[0], MAX_AGE + 1
    frame = pd.DataFrame(
        {
            "ladcode23": np.repeat(table["ladcode23"].to_numpy(), 2 * n_ages),
            "laname23": np.repeat(table["laname23"].to_numpy(), 2 * n_ages),
            "sex": np.tile(np.repeat([1, 2], n_ages), n_areas),
            "age": np.tile(np.arange(n_ages), 2 * n_areas),
            "population_2023": counts.ravel(),
            "council_code": np.repeat(table["council_code"].to_numpy(), 2 * n_ages),
        }
    )
    return frame


def expected_population(table: pd.DataFrame, rng: Rng) -> np.ndarray:
    """Expected residents per area x sex x age (areas x 2 x 91), England summing to 2023's."""
    older = table["ladcode23"].map(OLDER_SHARE)
    default = table["kind"].map(DEFAULT_OLDER_SHARE).to_numpy(dtype=float)
    noisy_default = default + SHARE_NOISE * rng.standard_normal(default.size)
    older_share = older.fillna(pd.Series(noisy_default, index=table.index)).to_numpy(dtype=float)
    child_share = np.clip(CHILD_SHARE + 0.25 * (0.19 - older_share), 0.15, 0.25)
    working_share = 1.0 - older_share - child_share
    profile = np.tile(ENGLAND_AGE_THOUSANDS, (len(table), 1))
    profile *= np.exp(CELL_NOISE * rng.standard_normal(profile.shape))
    for block, share in (
        (CHILDREN, child_share),
        (WORKING_AGE, working_share),
        (OLDER, older_share),
    ):
        profile[:, block] *= (share / profile[:, block].sum(axis=1))[:, None]
    residents = table["thousands"].to_numpy() / table["thousands"].sum() * ENGLAND_2023
    by_age = profile * residents[:, None]
    male = np.interp(np.arange(MAX_AGE + 1), *MALE_SHARE_KNOTS)
    return np.stack([by_age * male, by_age * (1 - male)], axis=1)


def council_bands(population_table: pd.DataFrame, codes: np.ndarray) -> pd.DataFrame:
    """Residents aged 18-64 and 65+ per council (rows in `codes` order)."""
    columns = {}
    for band, (low, high) in BANDS.items():
        in_band = population_table["age"].between(low, high)
        sums = population_table[in_band].groupby("council_code")["population_2023"].sum()
        columns[band] = sums.reindex(codes).fillna(0).to_numpy(dtype=np.int64)
    return pd.DataFrame(columns, index=codes)


def generate(
    out_dir: Path, population_table: pd.DataFrame, year: str = "2023-24"
) -> dict[str, int]:
    """Write the MYEB file of the framework year's estimate (mid-2023 for 2023-24, mid-2024 for
    2024-25: its file and population column are named after it); return {relative path: rows}.
    The residents are the same in either year."""
    estimate = framework_year(year).ons_estimate_year
    name = POPULATION_FILE.replace("2023", str(estimate))
    table = population_table[COLUMNS].rename(columns={"population_2023": f"population_{estimate}"})
    return {name: write_csv(table, out_dir / name)}
