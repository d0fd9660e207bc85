"""The SALT method end to end on hand-made returns for three real councils.

Each council's SALT cells and ONS populations are written here by hand, built with `ascof build`
and exported with `ascof export`; every exported council value is checked against a value worked
out by hand from NHS England's method (reference/salt_official.md), the arithmetic beside it.
The edge cases: review-route admissions (LTS002a) and the LTS002b cells never added, the
self-funder "of whom" rows deducted, tables a council did not return counted 0, a HES "*" read as
0, HES denominators rounded to 5, 2D2 suppressed below 8 but not at 8, 2E sex rows suppressed
below 5 but not at 5 (the Total keeps its outcome), and rounding ties.

Councils (seeds/reference/councils.csv): 716 Barking and Dagenham (E09000002), 111 Hartlepool
(E06000001), 117 Darlington (E06000005). Regions, council types and England are not checked
here: three councils are not a whole region (the coverage rule decides what is published).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import build_selected, export_csv, exported_council_values, write_csv

OUTCOMES_CSV = "ascof_outcomes_2023_24.csv"
QUALITY_CSV = "ascof_data_quality_2023_24.csv"

SELF_FUNDER = (
    "Of whom: Self Funder with Depleted Funds and had previously had either a 12 week "
    "disregard or DPA"
)
T5_SELF = (
    "Of whom aged {age}: route of access Self Funder with Depleted Funds and had previously had "
    "either a 12 week disregard or DPA"
)
RESIDENTIAL = "Long Term Support: Residential Care"
NURSING = "Long Term Support: Nursing Care"
MOVE_NURSING = "Change of Setting: Move to Nursing Care from Community"
MOVE_RESIDENTIAL = "Change of Setting: Move to Residential Care from Community"
REVIEW_NURSING = "Change in Setting: Move to Nursing Care (from Community)"
REVIEW_RESIDENTIAL = "Change in Setting: Move to Residential Care (from Community)"
DISCHARGED = "Discharged from hospital into reablement or rehabilitation, 1 October to 31 December"
AT_HOME = "Of whom: at home 91 days after discharge"
LD = "Learning Disability Support"
OWNER = "Owner Occupier or Shared Ownership Scheme"
PRIVATE = "Tenant: Private Landlord"
CARE_HOME = "Registered Care Home"

SALT_716 = [
    # 2B: STS001 1a 40 + 12 - self-funders 3 - 1 = 48; STS002a T5 10 - 2 = 8; STS002b 6 + 5 = 11;
    # LTS002a unplanned (community) 4 + 9 = 13 and planned 1 + 2 = 3; LTS002b never added.
    ("STS001 Table 1a", "Total", RESIDENTIAL, "40"),
    ("STS001 Table 1a", "Total", NURSING, "12"),
    ("STS001 Table 1a", SELF_FUNDER, RESIDENTIAL, "3"),
    ("STS001 Table 1a", SELF_FUNDER, NURSING, "1"),
    ("STS002a Table 5", "For clients aged 18-64", "Residential", "10"),
    ("STS002a Table 5", "For clients aged 18-64", "Nursing", "0"),
    ("STS002a Table 5", T5_SELF.format(age="18-64"), "Residential", "2"),
    ("STS002b Table 2a", MOVE_NURSING, "For clients aged 18-64", "6"),
    ("STS002b Table 2a", MOVE_RESIDENTIAL, "For clients aged 18-64", "5"),
    ("LTS002a Table 1a", "Community: Total", REVIEW_NURSING, "4"),
    ("LTS002a Table 1a", "Community: Total", REVIEW_RESIDENTIAL, "9"),
    ("LTS002a Table 2", "Clients aged 18-64", REVIEW_NURSING, "1"),
    ("LTS002a Table 2", "Clients aged 18-64", REVIEW_RESIDENTIAL, "2"),
    ("LTS002b Table 1a", "Community: Total", REVIEW_NURSING, "3"),
    # 2C: STS001 1b 30 + 20 - 4 = 46; STS002a T5 5 + 5 - 1 = 9; STS002b 8 + 2 = 10;
    # LTS002a 1b 6 + 4 = 10; LTS002a Table 2 3 + 0 = 3.
    ("STS001 Table 1b", "Total", RESIDENTIAL, "30"),
    ("STS001 Table 1b", "Total", NURSING, "20"),
    ("STS001 Table 1b", SELF_FUNDER, RESIDENTIAL, "4"),
    ("STS002a Table 5", "For clients aged 65+", "Residential", "5"),
    ("STS002a Table 5", "For clients aged 65+", "Nursing", "5"),
    ("STS002a Table 5", T5_SELF.format(age="65+"), "Nursing", "1"),
    ("STS002b Table 2b", MOVE_RESIDENTIAL, "For clients aged 65+", "8"),
    ("STS002b Table 2b", MOVE_NURSING, "For clients aged 65+", "2"),
    ("LTS002a Table 1b", "Community: Total", REVIEW_RESIDENTIAL, "6"),
    ("LTS002a Table 1b", "Community: Total", REVIEW_NURSING, "4"),
    ("LTS002a Table 2", "Clients aged 65 and over", REVIEW_RESIDENTIAL, "3"),
    ("LTS002a Table 2", "Clients aged 65 and over", REVIEW_NURSING, "0"),
    # 2D1 / 2D2 numerators: STS004 by age band and sex (discharged, at home after 91 days)
    ("STS004 Table 1", "65-74 Male", DISCHARGED, "10"),
    ("STS004 Table 1", "65-74 Male", AT_HOME, "8"),
    ("STS004 Table 1", "65-74 Female", DISCHARGED, "10"),
    ("STS004 Table 1", "65-74 Female", AT_HOME, "9"),
    ("STS004 Table 1", "75-84 Male", DISCHARGED, "20"),
    ("STS004 Table 1", "75-84 Male", AT_HOME, "16"),
    ("STS004 Table 1", "75-84 Female", DISCHARGED, "20"),
    ("STS004 Table 1", "75-84 Female", AT_HOME, "15"),
    ("STS004 Table 1", "85 and over Male", DISCHARGED, "15"),
    ("STS004 Table 1", "85 and over Male", AT_HOME, "10"),
    ("STS004 Table 1", "85 and over Female", DISCHARGED, "25"),
    ("STS004 Table 1", "85 and over Female", AT_HOME, "20"),
    # 2D2 denominators: HES by band and sex ("*" is 0) and its own 65-and-over totals
    ("HES", "65-74", "Male", "600"),
    ("HES", "65-74", "Female", "700"),
    ("HES", "75-84", "Male", "800"),
    ("HES", "75-84", "Female", "900"),
    ("HES", "85 and over", "Male", "500"),
    ("HES", "85 and over", "Female", "*"),
    ("HES", "Total 65 and over", "Male", "1903"),
    ("HES", "Total 65 and over", "Female", "2104"),
    # 2E: Male 3 settled of 4 (below 5), Female 5 of 8, Total 8 of 12
    ("LTS004 Table 2a", OWNER, "Male", "2"),
    ("LTS004 Table 2a", PRIVATE, "Male", "1"),
    ("LTS004 Table 2a", CARE_HOME, "Male", "1"),
    ("LTS004 Table 2a", PRIVATE, "Female", "5"),
    ("LTS004 Table 2a", CARE_HOME, "Female", "3"),
    ("LTS001a Table 1a", LD, "Male", "4"),
    ("LTS001a Table 1a", LD, "Female", "8"),
    # 2A, 65 and over only: 121 + 100 + 50 + 50 = 321 of 321 + 79 = 400 (a tie: 80.25)
    ("STS002a Table 1", "65 and over", "Ongoing Low Level Support", "121"),
    ("STS002a Table 1", "65 and over", "Short Term Support (other)", "100"),
    (
        "STS002a Table 1",
        "65 and over",
        "No Services Provided: universal services or signposted to other services",
        "50",
    ),
    ("STS002a Table 1", "65 and over", "No Services Provided: no identified needs", "50"),
    ("STS002a Table 1", "65 and over", "Long Term Support (any setting)", "79"),
    # 3D1A, 65 and over only: 255 of 255 + 145 = 400 (63.75, stored a hair below)
    ("LTS001b Table 1b", "Total", "Community: Direct Payment Only", "255"),
    ("LTS001b Table 1b", "Total", "Community: CASSR Commissioned Support Only", "145"),
]

SALT_111 = [
    # 2B from STS001 alone: every other 2B table is missing and counts 0
    ("STS001 Table 1a", "Total", RESIDENTIAL, "5"),
    # 2D1 / 2D2 with a HES denominator of 3 + 4 = 7 (below 8)
    ("STS004 Table 1", "65-74 Male", DISCHARGED, "1"),
    ("STS004 Table 1", "65-74 Male", AT_HOME, "1"),
    ("STS004 Table 1", "65-74 Female", DISCHARGED, "2"),
    ("STS004 Table 1", "65-74 Female", AT_HOME, "1"),
    ("HES", "65-74", "Male", "3"),
    ("HES", "65-74", "Female", "4"),
    ("HES", "Total 65 and over", "Male", "3"),
    ("HES", "Total 65 and over", "Female", "4"),
    # 2E: Total denominator 2 + 2 = 4 (below 5), settled 1 + 2 = 3
    ("LTS004 Table 2a", OWNER, "Male", "1"),
    ("LTS004 Table 2a", PRIVATE, "Female", "2"),
    ("LTS001a Table 1a", LD, "Male", "2"),
    ("LTS001a Table 1a", LD, "Female", "2"),
]

SALT_117 = [
    # 2D2 with a HES denominator of 4 + 4 = 8 (not below 8); no female STS004 cell
    ("STS004 Table 1", "65-74 Male", DISCHARGED, "1"),
    ("STS004 Table 1", "65-74 Male", AT_HOME, "1"),
    ("HES", "Total 65 and over", "Male", "4"),
    ("HES", "Total 65 and over", "Female", "4"),
    # 2E: Male denominator 4 (below 5), Female 5 (not below 5), Total 9
    ("LTS004 Table 2a", PRIVATE, "Male", "3"),
    ("LTS004 Table 2a", OWNER, "Female", "4"),
    ("LTS001a Table 1a", LD, "Male", "4"),
    ("LTS001a Table 1a", LD, "Female", "5"),
]

# ONS MYEB rows (ladcode23, sex, age, population_2023): 18-64 and 65 and over per council
ONS = [
    ("E09000002", "Barking and Dagenham", 1, 30, 60000),
    ("E09000002", "Barking and Dagenham", 2, 40, 40000),  # 18-64: 100,000
    ("E09000002", "Barking and Dagenham", 1, 70, 12000),
    ("E09000002", "Barking and Dagenham", 2, 80, 8000),  # 65 and over: 20,000
    ("E06000001", "Hartlepool", 1, 30, 50000),  # 18-64: 50,000
    ("E06000001", "Hartlepool", 2, 70, 25000),  # 65 and over: 25,000
    ("E06000005", "Darlington", 1, 30, 60000),
    ("E06000005", "Darlington", 2, 70, 22000),
]

# (council, ASCOF measure code, measure type) -> the published value, worked by hand
EXPECTED = {
    # 716 2B: 48 + 8 + 11 + 13 + 3 = 83 over 100,000 -> 83.0 per 100,000; counts unrounded
    ("716", "2B", "Numerator"): "83",
    ("716", "2B", "Denominator"): "100000",
    ("716", "2B", "Outcome"): "83.0",
    # 716 2C: 46 + 9 + 10 + 10 + 3 = 78 over 20,000 -> 390.0 per 100,000
    ("716", "2C", "Numerator"): "78",
    ("716", "2C", "Denominator"): "20000",
    ("716", "2C", "Outcome"): "390.0",
    # 716 2D1: at home 8+9+16+15+10+20 = 78 of 10+10+20+20+15+25 = 100
    ("716", "2D1", "Outcome"): "78.0",
    ("716", "2D16574", "Outcome"): "85.0",  # 17 / 20
    ("716", "2D17584", "Outcome"): "77.5",  # 31 / 40
    ("716", "2D185OV", "Outcome"): "75.0",  # 30 / 40
    ("716", "2D1M", "Outcome"): "75.6",  # 34 / 45 = 75.555...
    ("716", "2D1F", "Outcome"): "80.0",  # 44 / 55
    ("716", "2D1M", "Denominator"): "45",  # SALT counts unrounded
    # 716 2D2: discharged 100 over HES totals 1,903 + 2,104 = 4,007 = 2.4956... -> 2.5;
    # the HES denominator is published rounded to 5: 4,007 -> 4,005
    ("716", "2D2", "Numerator"): "100",
    ("716", "2D2", "Denominator"): "4005",
    ("716", "2D2", "Outcome"): "2.5",
    ("716", "2D26574", "Denominator"): "1300",  # 600 + 700; 20 / 1,300 = 1.538 -> 1.5
    ("716", "2D26574", "Outcome"): "1.5",
    ("716", "2D27584", "Outcome"): "2.4",  # 40 / 1,700 = 2.353
    ("716", "2D285OV", "Denominator"): "500",  # 500 + "*" read as 0
    ("716", "2D285OV", "Outcome"): "8.0",  # 40 / 500
    ("716", "2D2M", "Denominator"): "1905",  # the HES male total 1,903 -> 1,905
    ("716", "2D2M", "Outcome"): "2.4",  # 45 / 1,903 = 2.365
    ("716", "2D2F", "Denominator"): "2105",  # 2,104 -> 2,105
    ("716", "2D2F", "Outcome"): "2.6",  # 55 / 2,104 = 2.614
    # 716 2E: Male denominator 4 < 5 -> all [c]; Female 5 / 8 = 62.5; Total 8 / 12 = 66.7
    ("716", "2EM", "Numerator"): "[c]",
    ("716", "2EM", "Denominator"): "[c]",
    ("716", "2EM", "Outcome"): "[c]",
    ("716", "2EF", "Numerator"): "5",
    ("716", "2EF", "Outcome"): "62.5",
    ("716", "2E", "Numerator"): "8",
    ("716", "2E", "Denominator"): "12",
    ("716", "2E", "Outcome"): "66.7",
    # 716 2A: 321 / 400 = 80.25, half away from zero -> 80.3 (NHS's half-even: 80.2); no
    # 18-64 cell, so 2A 18-64 is not available
    ("716", "2A", "Outcome"): "80.3",
    ("716", "2A65OV", "Outcome"): "80.3",
    ("716", "2A1864", "Outcome"): "[x]",
    # 716 3D1A: 100 x 255 / 400 = 63.74999999999999 as a double -> 63.8 (the exact tie)
    ("716", "3D1A", "Outcome"): "63.8",
    # 111 2B: STS001 5, the missing STS002a, STS002b and LTS002a tables count 0: 5 / 50,000
    ("111", "2B", "Numerator"): "5",
    ("111", "2B", "Outcome"): "10.0",
    # 111 2C: an ONS population but no 65+ SALT cell: not available
    ("111", "2C", "Outcome"): "[x]",
    # 111 2D2: HES 7 < 8 -> denominator and outcome [c], numerator 1 + 2 = 3 shown
    ("111", "2D2", "Numerator"): "3",
    ("111", "2D2", "Denominator"): "[c]",
    ("111", "2D2", "Outcome"): "[c]",
    ("111", "2D26574", "Outcome"): "[c]",
    ("111", "2D27584", "Outcome"): "[x]",  # no cell of the band at all
    # 111 2D1 has no threshold: 2 / 3 = 66.7 with a denominator of 3
    ("111", "2D1", "Denominator"): "3",
    ("111", "2D1", "Outcome"): "66.7",
    # 111 2E Total: denominator 4 < 5 -> numerator and denominator [c], outcome 3 / 4 kept
    ("111", "2E", "Numerator"): "[c]",
    ("111", "2E", "Denominator"): "[c]",
    ("111", "2E", "Outcome"): "75.0",
    ("111", "2EF", "Outcome"): "[c]",  # 2 < 5
    # 117 2D2: HES 4 + 4 = 8, not below 8: 1 / 8 = 12.5, the denominator 8 published as 10
    ("117", "2D2", "Numerator"): "1",
    ("117", "2D2", "Denominator"): "10",
    ("117", "2D2", "Outcome"): "12.5",
    ("117", "2D2M", "Outcome"): "[c]",  # 1 / 4: 4 < 8
    ("117", "2D2F", "Outcome"): "[x]",  # a HES count but no female STS004 cell
    # 117 2E: Male 4 < 5 -> [c]; Female 4 / 5 = 80.0 shown (no complementary suppression);
    # Total 7 / 9 = 77.8
    ("117", "2EM", "Outcome"): "[c]",
    ("117", "2EF", "Numerator"): "4",
    ("117", "2EF", "Denominator"): "5",
    ("117", "2EF", "Outcome"): "80.0",
    ("117", "2E", "Outcome"): "77.8",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the hand-made SALT and ONS returns and export them; the exports' folder."""
    work = tmp_path_factory.mktemp("salt_method")
    data_dir = work / "data"
    cells = [
        (council, table, row, column, value)
        for council, council_cells in (("716", SALT_716), ("111", SALT_111), ("117", SALT_117))
        for table, row, column, value in council_cells
    ]
    header = ["LA_CODE", "TABLE_REFERENCE", "ROW_LABEL", "COLUMN_LABEL", "VALUE"]
    write_csv(data_dir / "salt" / "salt_2023_24.csv", header, cells)
    write_csv(
        data_dir / "ons" / "mye_2023.csv",
        ["ladcode23", "laname23", "sex", "age", "population_2023"],
        ONS,
    )
    database = build_selected(work, data_dir, "+export_ascof_outcomes +export_ascof_data_quality")
    return export_csv(database, work / "exports")


@pytest.fixture(scope="module")
def council_values(exported: Path) -> dict[tuple[str, str, str], str]:
    return exported_council_values(exported / OUTCOMES_CSV)


@pytest.mark.parametrize(("key", "expected"), list(EXPECTED.items()), ids=str)
def test_exported_council_value_equals_hand_worked_value(
    council_values: dict[tuple[str, str, str], str], key: tuple[str, str, str], expected: str
) -> None:
    assert council_values[key] == expected


def test_a_council_that_supplied_no_salt_has_no_salt_values(
    council_values: dict[tuple[str, str, str], str],
) -> None:
    """Hartlepool's neighbour Gateshead (106) returned nothing: every 2D2 cell is [x]."""
    assert council_values[("106", "2D2", "Outcome")] == "[x]"


def test_quality_report_names_each_missing_table_per_council(exported: Path) -> None:
    quality = pd.read_csv(exported / QUALITY_CSV, dtype=str, keep_default_na=False)
    reasons = set(quality.loc[quality["source_folder"] == "salt", "rejection_reason"])
    # Hartlepool's 2B stands on STS001 alone: each missing table is named, counted as 0
    for table in ("STS002a Table 5", "STS002b Table 2a", "LTS002a Table 1a", "LTS002a Table 2"):
        assert f"council 111 returned no {table} cells: they count as 0 (NHS England's method)" in (
            reasons
        )
    assert "council 111: 2C Total not available ([x]), no SALT numerator cell" in reasons
    assert "council 117: 2D2 Female not available ([x]), no SALT numerator cell" in reasons
    # Barking and Dagenham returned every table 2B, 2C, 2D and 2E read
    assert not any(reason.startswith("council 716 returned no HES") for reason in reasons)
