"""The ASCS (service users) and CLD 3D methods end to end on hand-made returns for real councils.

Each council's survey rows and stratum populations are written here by hand, built with
`ascof build` and exported with `ascof export`; each exported council outcome is checked
against a value worked out by hand from the rules (spec; models/docs/metrics.md), the arithmetic
beside it. Weights are stratum population / respondents with a valid answer in the stratum;
1B is weighted by stratum2Pop1J / stratum4Pop1J over community respondents without a learning
disability. The edge cases: a respondent with a blank SCRQoL item (no 1A or 1B score, still in
3A), a stratum 2 respondent in residential care (in 1A, not in 1B), ADL answers of 2 and 3 (the
1B daily-living term sums code - 1), a 1B base of 2 (below the threshold of 3: [c]) and two
rounding ties (published half away from zero). CLD: one year-end submission for 716 whose
3D1A and 3D2A follow the setting hierarchy (residential above community, a direct payment above
commissioned support), leave out ended services, the dead and under-18s, and end on a tie.

Councils (seeds/reference/councils.csv): 716 Barking and Dagenham, 111 Hartlepool.
"""

from __future__ import annotations

import pytest
from conftest import build_selected, export_csv, exported_council_values, write_csv

OUTCOMES_CSV = "ascof_outcomes_2023_24.csv"

SCRQOL = ["q3a", "q4a", "q5a", "q6a", "q7a", "q8a", "q9a", "q11"]  # 1A items, codes 1-4: 3/2/1/0
ADL = ["q16a", "q16b", "q16c", "q16d", "q17a", "q17b", "q17c"]  # 1B daily-living items
PERSON = ["LaCode", "SerialNo", "Response", "Gender", "Age", "PrimarySupportReason"]
PERSON += ["SupportSetting", "Questionnaire"]
OTHER = ["q1", "q2a", "q2b", "q10", "q12", "q13", "q15a", "q15b", "q17d"]
EXPECTED_TERMS = ["q14", "q18", "q19"]  # general health, home design, getting around outside
HEADER = [*PERSON, *SCRQOL, *ADL, *EXPECTED_TERMS, *OTHER]

# Current quality of life (1B) = 0.203 x sum of the 8 preference weights - 0.466:
#   all items code 1: weights 1.0 + 0.911 + 0.879 + 0.863 + 0.88 + 0.873 + 0.962 + 0.847 = 7.215
#     -> 0.203 x 7.215 - 0.466 = 0.998645
#   all items code 2: 0.919 + 0.789 + 0.775 + 0.78 + 0.452 + 0.748 + 0.927 + 0.637 = 6.027
#     -> 0.203 x 6.027 - 0.466 = 0.757481
# Expected quality of life = 0.5798 + q14 term (code 3: -0.0148) + q18 term (2: -0.0308)
#   + q19 term (2: -0.0603) - 0.0202 x sum over ADL items of (code - 1) + 0.0473 if aged 65+.
ALL_1 = [1] * 8
ALL_2 = [2] * 8
NO_ADL = [1] * 7


def person(
    council: str,
    serial: str,
    age: int,
    reason: int,
    setting: int,
    scrqol: list[int | None],
    adl: list[int] = NO_ADL,
    terms: tuple[int, int, int] = (1, 1, 1),
) -> list[object]:
    """One respondent's row: gender 1, standard questionnaire, the other items answered 1."""
    answers = ["" if code is None else code for code in scrqol]
    return [council, serial, 1, 1, age, reason, setting, 1, *answers, *adl, *terms, *[1] * 9]


RESPONDENTS = [
    # 716 stratum 1 (learning disability, reason 7): population 100, 2 respondents, weight 50
    person("716", "A1", 30, 7, 1, ALL_1),  # 1A 24, 3A q3a 1: yes
    person("716", "A2", 30, 7, 1, ALL_2),  # 1A 16, 3A q3a 2: yes
    # 716 stratum 2 (other, 18-64): population 200, 3 respondents, weight 200 / 3
    # A3 1B: ADL q16a 2 and q17a 3 -> sum (1 + 2) = 3 -> expected 0.5798 - 0.0606 = 0.5192,
    #   adjusted 0.998645 - 0.5192 = 0.479445
    person("716", "A3", 40, 1, 1, ALL_1, [2, 1, 1, 1, 3, 1, 1]),
    # A4 1B: q14 3, q18 2, ADL q16b 2, q16c 2, q17b 3 -> sum 4 -> expected
    #   0.5798 - 0.0148 - 0.0308 - 0.0808 = 0.4534, adjusted 0.757481 - 0.4534 = 0.304081
    person("716", "A4", 40, 1, 1, ALL_2, [1, 2, 2, 1, 1, 3, 1], (3, 2, 1)),
    person("716", "A5", 50, 1, 2, [3] * 8),  # residential: 1A 8, 3A q3a 3: no, not in 1B
    # 716 stratum 3 (other, 65+, residential or nursing): population 300
    person("716", "A6", 80, 1, 2, [4] * 8),  # 1A 0, 3A q3a 4: no
    # 716 stratum 4 (other, 65+, community): population 400
    # A7 1B: q19 2 -> expected 0.5798 - 0.0603 + 0.0473 = 0.5668, adjusted 0.431845
    person("716", "A7", 70, 1, 1, ALL_1, terms=(1, 1, 2)),
    person("716", "A8", 70, 1, 1, [3, 1, 1, 1, 1, 1, 1, None]),  # q11 blank: 3A only (no)
    # 111: one respondent per stratum, populations 49 / 100 / 100 / 151, weights = populations
    person("111", "B1", 30, 7, 1, [2, 4, 4, 4, 4, 4, 4, 4]),  # 1A 2, 3A yes
    person("111", "B2", 30, 1, 1, [3, 1, 1, 1, 1, 1, 1, 1]),  # 1A 1 + 21 = 22, 3A no
    person("111", "B3", 85, 1, 3, [4, 1, 1, 2, 4, 4, 4, 4]),  # 1A 3 + 3 + 2 = 8, 3A no
    person("111", "B4", 75, 1, 1, [3, 1, 1, 1, 1, 1, 1, 1]),  # 1A 22, 3A no
]

POPULATION_HEADER = ["LaCode"] + [f"stratum{s}Pop" for s in range(1, 5)]
POPULATION_HEADER += [f"stratum{s}Sample" for s in range(1, 5)] + ["stratum2Pop1J", "stratum4Pop1J"]
POPULATIONS = [
    ("716", 100, 200, 300, 400, 10, 10, 10, 10, 150, 400),
    ("111", 49, 100, 100, 151, 10, 10, 10, 10, 80, 151),
]

# (council, ASCOF measure code, measure type) -> the published value, worked by hand
EXPECTED = {
    # 716 1A: stratum 1 50 x (24 + 16) = 2,000; stratum 2 (200 / 3) x (24 + 16 + 8) = 3,200;
    # stratum 3 300 x 0 = 0; stratum 4 400 x 24 = 9,600 (A8 has no score, so n = 1);
    # 14,800 / (100 + 200 + 300 + 400) = 14.8
    ("716", "1A", "Outcome"): "14.8",
    # survey counts are published rounded to the nearest 5: 14,800 and 1,000 stay; base 7 -> 5
    ("716", "1A", "Numerator"): "14800",
    ("716", "1A", "Denominator"): "1000",
    ("716", "1A", "Base"): "5",
    # 716 1A 18-64 (strata 1 and 2, A1-A5): (2,000 + 3,200) / 300 = 17.33 -> 17.3
    ("716", "1A1864", "Numerator"): "5200",
    ("716", "1A1864", "Outcome"): "17.3",
    # 716 1A 65 and over: A6 and A7 score, a base of 2 < 3 -> suppressed
    ("716", "1A65OV", "Outcome"): "[c]",
    # every respondent is male (gender 1): no female respondent, not available
    ("716", "1AF", "Outcome"): "[x]",
    ("716", "1AM", "Outcome"): "14.8",
    # 716 1B: stratum 2 community 150 / 2 = 75 x (0.479445 + 0.304081) = 58.76445; stratum 4
    # 400 / 1 x 0.431845 = 172.738; 231.50245 / 550 = 0.420913... -> 0.421 (the count reading
    # of the ADL term would give 234.53245 / 550 = 0.426)
    ("716", "1B", "Outcome"): "0.421",
    ("716", "1B", "Numerator"): "230",  # 231.50245 -> nearest 5
    ("716", "1B", "Denominator"): "550",  # 150 + 400
    ("716", "1B1864", "Outcome"): "[c]",  # A3, A4: a base of 2
    # 716 3A: stratum 1 2 of 2 x 50 = 100; stratum 2 2 of 3 x 200 / 3 = 133.33; stratum 3 0;
    # stratum 4 1 of 2 (A8 answered q3a) x 200 = 200; 433.33 / 1,000 = 43.33% -> 43.3
    ("716", "3A", "Outcome"): "43.3",
    ("716", "3A", "Numerator"): "435",  # 433.33 -> nearest 5
    ("716", "3A", "Base"): "10",  # 8 respondents answered q3a -> nearest 5
    # 716 3A 18-64: (100 + 133.33) / 300 = 77.78% -> 77.8; 65 and over: 200 / 700 = 28.57 -> 28.6
    ("716", "3A1864", "Outcome"): "77.8",
    ("716", "3A65OV", "Outcome"): "28.6",
    # 111 1A: 49 x 2 + 100 x 22 + 100 x 8 + 151 x 22 = 98 + 2,200 + 800 + 3,322 = 6,420;
    # 6,420 / 400 = 16.05, a tie: half away from zero -> 16.1 (half-even would give 16.0)
    ("111", "1A", "Outcome"): "16.1",
    # 111 3A: only stratum 1 positive: 49 / 400 = 12.25%, a tie -> 12.3 (half-even: 12.2)
    ("111", "3A", "Outcome"): "12.3",
    ("111", "3A", "Numerator"): "50",  # 49 -> nearest 5
    ("111", "1A", "Numerator"): "6420",
    ("111", "1A", "Base"): "5",  # 4 -> nearest 5
    # 111 1B: B2 and B4 only: an unweighted base of 2, below 3 -> suppressed
    ("111", "1B", "Outcome"): "[c]",
}


@pytest.fixture(scope="module")
def council_values(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], str]:
    """Build and export the hand-made ASCS returns; each council value by its key."""
    work = tmp_path_factory.mktemp("hand_made_returns")
    data_dir = work / "data"
    write_csv(data_dir / "ascs" / "ascs_respondents_2023_24.csv", HEADER, RESPONDENTS)
    write_csv(data_dir / "ascs" / "eligible_population_2023_24.csv", POPULATION_HEADER, POPULATIONS)
    database = build_selected(work, data_dir, "+export_ascof_outcomes")
    return exported_council_values(export_csv(database, work / "exports") / OUTCOMES_CSV)


@pytest.mark.parametrize(("key", "expected"), list(EXPECTED.items()), ids=str)
def test_exported_council_value_equals_hand_worked_value(
    council_values: dict[tuple[str, str, str], str], key: tuple[str, str, str], expected: str
) -> None:
    assert council_values[key] == expected


# CLD: one year-end submission for 716 (reporting period 1 January to 31 March 2024); each
# person's long-term services open on 31 March 2024, their highest setting counted (nursing,
# residential, then community by delivery mechanism: direct payment, managed personal budget,
# commissioned support).
CLD_HEADER = [
    "LA Code",
    "NHS Number",
    "LA Person Unique Identifier",
    "Gender",
    "Date of Birth",
    "Date of Death",
    "Client Type",
    "Primary Support Reason",
    "Accommodation Status",
    "Event Type",
    "Event Start Date",
    "Event End Date",
    "Event Outcome",
    "Request: Route of Access",
    "Assessment Type",
    "Service Type",
    "Service Component",
    "Delivery Mechanism",
    "Reporting Period Start Date",
    "Reporting Period End Date",
]
COMMUNITY = "Long term support: Community"
DIRECT_PAYMENT = "Direct payment"
MANAGED = "CASSR managed personal budget"
COMMISSIONED = "CASSR commissioned support"


def service(
    person_id: str,
    born: str,
    service_type: str,
    mechanism: str,
    end: str = "",
    died: str = "",
) -> list[str]:
    """One open long-term service event of a 716 service user, started 1 May 2022."""
    return [
        "716",
        "",
        person_id,
        "Female",
        born,
        died,
        "Service user",
        "Physical support: Personal care support",
        "Owner occupier or shared ownership scheme",
        "Service",
        "2022-05-01",
        end,
        "",
        "",
        "",
        service_type,
        "Home support or domiciliary care",
        mechanism,
        "2024-01-01",
        "2024-03-31",
    ]


CLD_EVENTS = [
    service("P1", "1954-01-10", COMMUNITY, DIRECT_PAYMENT),  # 70: direct payment
    service("P2", "1984-01-10", COMMUNITY, MANAGED),  # 40: managed personal budget
    service("P3", "1944-01-10", COMMUNITY, COMMISSIONED),  # 80: commissioned only
    # P4, 50: commissioned and a direct payment -> the direct payment ranks higher
    service("P4", "1974-01-10", COMMUNITY, COMMISSIONED),
    service("P4", "1974-01-10", COMMUNITY, DIRECT_PAYMENT),
    # P5, 85: residential care ranks above community: not in the community cohort
    service("P5", "1939-01-10", "Long term support: Residential care", ""),
    service("P5", "1939-01-10", COMMUNITY, DIRECT_PAYMENT),
    service("P6", "1964-01-10", COMMUNITY, DIRECT_PAYMENT, end="2024-02-01"),  # ended: out
    service("P7", "2008-01-10", COMMUNITY, DIRECT_PAYMENT),  # 16: under 18, out
    service("P8", "1949-01-10", COMMUNITY, DIRECT_PAYMENT, died="2024-01-15"),  # died: out
    # Q1-Q76, 40: 58 with a managed personal budget, 18 with commissioned support only
    *[service(f"Q{n}", "1984-01-10", COMMUNITY, MANAGED) for n in range(1, 59)],
    *[service(f"Q{n}", "1984-01-10", COMMUNITY, COMMISSIONED) for n in range(59, 77)],
]

CLD_EXPECTED = {
    # community long-term support at 31 March 2024, aged 18+: P1, P2, P3, P4 and Q1-Q76 = 80
    # 3D1A self-directed (direct payment or managed budget): P1, P2, P4 and Q1-Q58 = 61;
    # 61 / 80 = 76.25%, a tie: half away from zero -> 76.3 (half-even: 76.2)
    ("716", "3D1A", "Outcome"): "76.3",
    ("716", "3D1A", "Numerator"): "60",  # 61 -> nearest 5
    ("716", "3D1A", "Denominator"): "80",
    # 18-64: P2, P4, Q1-Q76 = 78, self-directed 2 + 58 = 60: 76.92 -> 76.9
    ("716", "3D1A1864", "Outcome"): "76.9",
    # 65 and over: P1 and P3 = 2, self-directed P1: 50.0 (counts 1 and 2 published as 0)
    ("716", "3D1A65OV", "Outcome"): "50.0",
    ("716", "3D1A65OV", "Denominator"): "0",
    # 3D2A direct payments: P1 and P4 = 2 -> 2 / 80 = 2.5
    ("716", "3D2A", "Outcome"): "2.5",
    ("716", "3D2A1864", "Outcome"): "1.3",  # P4: 1 / 78 = 1.28
    ("716", "3D2A65OV", "Outcome"): "50.0",  # P1: 1 / 2
}


@pytest.fixture(scope="module")
def cld_values(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], str]:
    """Build and export the hand-made CLD submission; each council value by its key."""
    work = tmp_path_factory.mktemp("hand_made_cld")
    data_dir = work / "data"
    write_csv(data_dir / "cld" / "716_2024-03-31_1.csv", CLD_HEADER, CLD_EVENTS)
    database = build_selected(work, data_dir, "+export_ascof_outcomes")
    return exported_council_values(export_csv(database, work / "exports") / OUTCOMES_CSV)


@pytest.mark.parametrize(("key", "expected"), list(CLD_EXPECTED.items()), ids=str)
def test_exported_cld_value_equals_hand_worked_value(
    cld_values: dict[tuple[str, str, str], str], key: tuple[str, str, str], expected: str
) -> None:
    assert cld_values[key] == expected
