"""Value sets of the synthetic Client Level Data (CLD): release 1 and release 2 wordings.

Each categorical CLD column has a vocabulary of concepts; a concept has its release 2 (R2)
wording and its release 1 (R1) wording, following DHSC's CLD method (docs/method.md) where the
official code tests a value. Lists the code never tests (assessment types, most service
components, routes of access, gender, ethnicity) are this generator's reading of the
specification; the loader maps every wording through its seed tables either way.

Rendering turns concept codes into strings with a pool per column: for every concept its R2
and R1 wording plus case and trailing-space variants, then a few unmappable junk values.
Rows pick an entry of the pool by index, so writing millions of cells is one `take`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

# Pool layout per concept: R2, R1, then variants of each.
VARIANTS = 8
R2, R1 = 0, 1
CASE_VARIANTS = np.array([2, 3, 4, 5, 6, 7])

JUNK = ("N/A", "TBC", "Not recorded", "?", "99", "See notes", "Other - please specify", "-")
JUNK = (*JUNK, "NULL", "#N/A", "Unknown value", "0")


@dataclass(frozen=True)
class Vocabulary:
    """The concepts of one CLD column: key, R2 wording, R1 wording."""

    keys: tuple[str, ...]
    r2: tuple[str, ...]
    r1: tuple[str, ...]

    @classmethod
    def of(cls, rows: list[tuple[str, str, str]]) -> Vocabulary:
        keys, r2, r1 = zip(*rows, strict=True)
        return cls(keys=keys, r2=r2, r1=r1)

    def code(self, key: str) -> int:
        """The concept code of a key (its position)."""
        return self.keys.index(key)

    def codes(self, *keys: str) -> np.ndarray:
        return np.array([self.code(k) for k in keys], dtype=np.int16)

    def __len__(self) -> int:
        return len(self.keys)

    def pool(self) -> pa.Array:
        """All renderings: VARIANTS per concept (see variants()), then the junk values."""
        entries = [v for r2, r1 in zip(self.r2, self.r1, strict=True) for v in variants(r2, r1)]
        return pa.array(entries + list(JUNK), type=pa.string())


def variants(r2: str, r1: str) -> list[str]:
    """R2, R1, r2 lower, R2 upper, R2 + space, r1 lower, R1 + space, R1 upper."""
    return [r2, r1, r2.lower(), r2.upper(), r2 + " ", r1.lower(), r1 + "  ", r1.upper()]


def pool_index(
    codes: np.ndarray,
    release: np.ndarray,
    n_concepts: int,
    case_rate: float | np.ndarray,
    junk_rate: float | np.ndarray,
    draw: np.ndarray,
    pick: np.ndarray,
) -> np.ndarray:
    """Index into a Vocabulary.pool() per row; -1 where the concept code is -1 (blank).

    release is 0 for R2 and 1 for R1 per row. draw and pick are uniform numbers per row:
    a cell with draw below case_rate takes a case or trailing-space variant, one with draw
    above 1 - junk_rate a junk value (pick chooses which).
    """
    index = codes.astype(np.int64) * VARIANTS + release
    cased = draw < case_rate
    variant = CASE_VARIANTS[np.floor(pick * CASE_VARIANTS.size).astype(np.int64)]
    index = np.where(cased, codes * VARIANTS + variant, index)
    junk = draw > 1.0 - junk_rate
    index = np.where(
        junk, n_concepts * VARIANTS + np.floor(pick * len(JUNK)).astype(np.int64), index
    )
    return np.where(codes < 0, -1, index)


def take(pool: pa.Array, index: np.ndarray) -> pa.Array:
    """pool[index] with -1 as a blank (null) cell."""
    return pool.take(pa.array(index, mask=index < 0))


EVENT_TYPES = Vocabulary.of(
    [
        ("request", "Request", "Request"),
        ("assessment", "Assessment", "Assessment"),
        ("service", "Service", "Service"),
        ("review", "Review", "Review"),
    ]
)
REQUEST, ASSESSMENT, SERVICE, REVIEW = range(4)

CLIENT_TYPES = Vocabulary.of(
    [
        ("service_user", "Service user", "Service User"),
        ("carer", "Unpaid carer", "Carer"),
        ("carer_by_association", "Unpaid carer known by association", "Carer known by association"),
    ]
)

GENDERS = Vocabulary.of(
    [
        ("male", "Male", "Male"),
        ("female", "Female", "Female"),
        ("other", "Other (not listed)", "Other"),
        ("unknown", "Not known", "Unknown"),
    ]
)

ETHNICITIES = Vocabulary.of(
    [
        ("white_british", "White: English, Welsh, Scottish, Northern Irish or British",
         "White British"),
        ("white_irish", "White: Irish", "White Irish"),
        ("white_other", "White: Any other White background", "Any other White background"),
        ("mixed", "Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic "
         "background", "Any other mixed background"),
        ("indian", "Asian or Asian British: Indian", "Indian"),
        ("pakistani", "Asian or Asian British: Pakistani", "Pakistani"),
        ("bangladeshi", "Asian or Asian British: Bangladeshi", "Bangladeshi"),
        ("caribbean", "Black, Black British, Caribbean or African: Caribbean", "Caribbean"),
        ("african", "Black, Black British, Caribbean or African: African", "African"),
        ("other", "Other ethnic group: Any other ethnic group", "Any other ethnic group"),
        ("refused", "No data: Refused", "Refused"),
        ("not_known", "No data: Undeclared or not known", "Undeclared / Not known"),
    ]
)  # fmt: skip
ETHNICITY_SHARES = np.array([0.76, 0.01, 0.05, 0.015, 0.03, 0.02, 0.008, 0.015, 0.02, 0.012])
ETHNICITY_SHARES = np.append(ETHNICITY_SHARES, [0.01, 0.05])

SUPPORT_REASONS = Vocabulary.of(
    [
        ("physical_access", "Physical support: Access and mobility only",
         "Physical Support: Access & Mobility Only"),
        ("physical_personal", "Physical support: Personal care support",
         "Physical Support: Personal Care Support"),
        ("visual", "Sensory support: Support for visual impairment",
         "Sensory Support: Support for Visual Impairment"),
        ("hearing", "Sensory support: Support for hearing impairment",
         "Sensory Support: Support for Hearing Impairment"),
        ("dual", "Sensory support: Support for dual impairment",
         "Sensory Support: Support for Dual Impairment"),
        ("memory", "Support with memory and cognition", "Support with Memory & Cognition"),
        ("learning_disability", "Learning disability support", "Learning Disability Support"),
        ("mental_health", "Mental health support", "Mental Health Support"),
        ("substance", "Social support: Substance misuse support",
         "Social Support: Substance Misuse Support"),
        ("asylum", "Social support: Asylum seeker support",
         "Social Support: Asylum Seeker Support"),
        ("isolation", "Social support: Support for social isolation or other",
         "Social Support: Support for Social Isolation/Other"),
        ("carer_support", "Social support: Support to unpaid carer",
         "Social Support: Support to Carer"),
    ]
)  # fmt: skip
LEARNING_DISABILITY = SUPPORT_REASONS.code("learning_disability")
# Primary support reasons other than learning disability, for 18-64 and 65+ (codes 0..11).
PSR_WORKING_AGE = np.array([0.08, 0.36, 0.01, 0.01, 0.003, 0.03, 0, 0.40, 0.04, 0.007, 0.06, 0])
PSR_OLDER = np.array([0.16, 0.55, 0.02, 0.02, 0.005, 0.20, 0, 0.03, 0.003, 0.0, 0.012, 0])

ACCOMMODATION = Vocabulary.of(
    [
        ("owner", "Owner occupier or shared ownership scheme",
         "Owner occupier or shared ownership scheme"),
        ("tenant_social", "Tenant: Local authority or other social housing provider", "Tenant"),
        ("tenant_private", "Tenant: Private landlord", "Tenant - private landlord"),
        ("family", "Settled mainstream housing with family or friends",
         "Settled mainstream housing with family / friends"),
        ("supported", "Supported accommodation, supported lodgings or supported group home",
         "Supported accommodation / supported lodgings / supported group home"),
        ("shared_lives", "Shared Lives scheme", "Shared Lives scheme"),
        ("approved_premises",
         "Approved premises for offenders released from prison or under probation supervision",
         "Approved premises for offenders released from prison or under probation supervision"),
        ("sheltered", "Sheltered housing, extra care housing or other sheltered housing",
         "Sheltered housing / extra care housing / other sheltered housing"),
        ("mobile", "Mobile accommodation for Gypsy, Roma and Traveller communities",
         "Mobile accommodation for Gypsy / Roma and Traveller communities"),
        ("rough_sleeper", "Rough sleeper or squatting", "Rough sleeper / squatting"),
        ("night_shelter", "Night shelter, emergency hostel or direct access hostel",
         "Night shelter / emergency hostel / direct access hostel"),
        ("refuge", "Refuge", "Refuge"),
        ("temporary_council",
         "Placed in temporary accommodation by the council (inc. homelessness resettlement)",
         "Placed in temporary accommodation by the council (inc. homelessness resettlement)"),
        ("short_term_guest", "Staying with family or friends as a short term guest",
         "Staying with family / friends as a short-term guest"),
        ("healthcare", "Acute hospital or long term healthcare residential facility",
         "Acute / long-term healthcare residential facility or hospital"),
        ("care_home", "Registered care home", "Registered care home"),
        ("nursing_home", "Registered nursing home", "Registered nursing home"),
        ("prison", "Prison, young offenders institution or detention centre",
         "Prison / Young offenders institution / detention centre"),
        ("other_temporary", "Other temporary accommodation", "Other temporary accommodation"),
        ("unknown", "Unknown", "Unknown"),
    ]
)  # fmt: skip
SETTLED = np.arange(9)  # the first nine concepts are "own home or with family" (group 1)
UNSETTLED_AT_HOME = ACCOMMODATION.codes(
    "short_term_guest", "temporary_council", "other_temporary", "night_shelter"
)
# Settled statuses: older people, working-age people, people with a learning disability.
HOME_OLDER = np.array([0.47, 0.22, 0.05, 0.11, 0.01, 0.002, 0.0, 0.13, 0.008])
HOME_WORKING_AGE = np.array([0.18, 0.36, 0.12, 0.20, 0.08, 0.01, 0.01, 0.03, 0.01])
HOME_LEARNING_DISABILITY = np.array([0.03, 0.12, 0.04, 0.38, 0.36, 0.06, 0.0, 0.01, 0.0])

EMPLOYMENT = Vocabulary.of(
    [
        ("paid_16_plus", "Paid: 16 or more hours a week", "Paid: 16 or more hours a week"),
        ("paid_unknown_hours", "Paid: Hours per week unknown", "Paid: Hours per week unknown"),
        ("paid_under_16", "Paid: Less than 16 hours a week", "Paid: Less than 16 hours a week"),
        ("not_seeking", "Not in paid employment: Not actively seeking work or retired",
         "Not in Paid Employment (not actively seeking work / retired)"),
        ("seeking", "Not in paid employment: Seeking work",
         "Not in Paid Employment (seeking work)"),
        ("voluntary", "Not in paid employment: Voluntary work only",
         "Not in Paid Employment (voluntary work only)"),
        ("unknown", "Unknown", "Unknown"),
    ]
)  # fmt: skip
EMPLOYMENT_WORKING_AGE = np.array([0.05, 0.01, 0.04, 0.55, 0.08, 0.04, 0.23])
EMPLOYMENT_OLDER = np.array([0.0, 0.0, 0.005, 0.82, 0.0, 0.005, 0.17])

HAS_UNPAID_CARER = Vocabulary.of(
    [("yes", "Yes", "Yes"), ("no", "No", "No"), ("unknown", "Unknown", "Unknown")]
)

FUNDING = Vocabulary.of(
    [
        ("social_care", "Fully social care funded", "Fully Social Care Funded"),
        ("joint", "Joint client and social care funded", "Joint Client and Social Care Funded"),
        ("client", "Fully client funded", "Fully Client Funded"),
        ("unknown", "Unknown", "Unknown"),
    ]
)

OUTCOMES = Vocabulary.of(
    [
        ("progress_reablement", "Progress to reablement/ST-Max", "Progress to Reablement/ST-Max"),
        ("progress_assessment", "Progress to assessment, review or reassessment",
         "Progress to Assessment"),
        ("progress_reassessment", "Progress to assessment, review or reassessment",
         "Progress to Re-assessment / Unplanned Review"),
        ("financial_assessment", "Progress to financial assessment",
         "Progress to financial assessment"),
        ("progress_support", "Progress to support planning or services",
         "Progress to Support Planning / Services"),
        ("continuation", "Continuation of support or services", "No change in package"),
        ("provision", "Continuation of support or services", "Provision of service"),
        ("admitted_hospital", "Admitted to hospital", "Admitted to hospital"),
        ("nfa_moved_la", "NFA: Responsibility moved to another local authority",
         "NFA - Moved to another LA"),
        ("nfa_nhs", "NFA: Referral to NHS services or NHS funded social care",
         "NFA - 100% NHS funded care"),
        ("nfa_self_funded", "NFA: Self-funded client or under 12wk disregard",
         "NFA - Self-funded client (Inc. 12wk disregard)"),
        ("nfa_information", "NFA: Information and advice or signposting",
         "NFA - Information & Advice / Signposting only"),
        ("nfa_other_service", "NFA: Referral to other service within the local authority",
         "NFA- Other"),
        ("nfa_declined", "NFA: Support declined", "NFA - Support declined"),
        ("nfa_deceased", "NFA: Deceased", "NFA - Deceased"),
        ("nfa_ended_planned", "NFA: Support ended as planned", "Service ended as planned"),
        ("nfa_ended_other", "NFA: Support ended for other reason",
         "NFA - Support ended: Other reason"),
        ("nfa_no_services", "NFA: No services offered for other reason",
         "NFA - No services offered: Other reason"),
        ("nfa_other", "NFA: Other", "NFA- Other"),
    ]
)  # fmt: skip

ROUTES = Vocabulary.of(
    [
        ("community", "Community or other route", "Community / Other route"),
        ("hospital_discharge", "Discharge from hospital", "Discharge from Hospital"),
        ("hospital_diversion", "Diversion from hospital services",
         "Diversion from Hospital Services"),
        ("planned_entry", "Planned entry (transition)", "Planned Entry (Transition)"),
        ("self_funder", "Self-funder with depleted funds", "Self-Funder with depleted Funds"),
        ("prison", "Prison", "Prison"),
    ]
)  # fmt: skip

ASSESSMENT_TYPES = Vocabulary.of(
    [
        ("short_term", "Short term assessment", "Short Term Assessment"),
        ("long_term", "Long term support assessment", "Long Term Assessment"),
        ("carer", "Unpaid carer assessment", "Carer Assessment"),
        ("joint_carer", "Joint unpaid carer assessment", "Joint Carer Assessment"),
    ]
)

SERVICE_TYPES = Vocabulary.of(
    [
        ("lts_nursing", "Long term support: Nursing care", "Long Term Support: Nursing Care"),
        ("lts_residential", "Long term support: Residential care",
         "Long Term Support: Residential Care"),
        ("lts_community", "Long term support: Community", "Long Term Support: Community"),
        ("lts_prison", "Long term support: Prison", "Long Term Support: Prison"),
        ("st_max", "Short term support: ST-Max", "Short Term Support: ST-Max"),
        ("st_low_level", "Short term support: Ongoing low level",
         "Short Term Support: Ongoing Low Level"),
        ("st_other", "Short term support: Other short term",
         "Short Term Support: Other Short Term"),
        ("carer_direct", "Unpaid carer support: Direct to unpaid carer",
         "Carer Support: Direct to Carer"),
        ("carer_involving", "Unpaid carer support: Support involving the person cared-for",
         "Carer Support: Support involving the person cared-for"),
    ]
)  # fmt: skip
NURSING, RESIDENTIAL, COMMUNITY, PRISON, ST_MAX, LOW_LEVEL, OTHER_SHORT, CARER_DIRECT = range(8)
CARER_INVOLVING = 8

COMPONENTS = Vocabulary.of(
    [
        ("direct_payment", "Direct payment", "Direct Payment"),
        ("home_support", "Home support or domiciliary care", "Home Support"),
        ("supported_living", "Community supported living", "Supported Living"),
        ("extra_care", "Extra care housing", "Extra Care Housing"),
        ("shared_lives", "Shared Lives", "Shared Lives"),
        ("day_care", "Day care", "Day Care"),
        ("equipment", "Equipment", "Equipment"),
        ("meals", "Meals", "Meals"),
        ("transport", "Transport", "Transport"),
        ("lt_residential", "Long term residential care", "Long Term Residential Care"),
        ("lt_nursing", "Long term nursing care", "Long Term Nursing Care"),
        ("st_residential", "Short term residential care", "Short Term Residential Care"),
        ("st_nursing", "Short term nursing care", "Short Term Nursing Care"),
        ("reablement", "Reablement", "Reablement"),
        ("carer_break", "Short break for unpaid carer", "Carer Break"),
        ("carer_other", "Other support direct to unpaid carer", "Other Carer Support"),
        ("replacement_care", "Replacement care for the person cared-for",
         "Respite for the Cared-for Person"),
        ("other", "Other", "Other"),
    ]
)  # fmt: skip
# Main community components (after direct payment) and their shares.
COMMUNITY_MAIN = COMPONENTS.codes("home_support", "supported_living", "extra_care", "shared_lives")
COMMUNITY_MAIN_OLDER = np.array([0.86, 0.03, 0.10, 0.01])
COMMUNITY_MAIN_WORKING_AGE = np.array([0.45, 0.45, 0.03, 0.07])
COMMUNITY_EXTRA = COMPONENTS.codes("day_care", "meals", "transport", "equipment", "other")
COMMUNITY_EXTRA_SHARES = np.array([0.45, 0.15, 0.15, 0.15, 0.10])

MECHANISMS = Vocabulary.of(
    [
        ("direct_payment", "Direct payment", "Direct Payment"),
        ("managed_budget", "CASSR managed personal budget", "CASSR Managed Personal Budget"),
        ("commissioned", "CASSR commissioned support", "CASSR Commissioned Support"),
    ]
)
DIRECT_PAYMENT, MANAGED_BUDGET, COMMISSIONED = range(3)

# Every categorical column of the output, in file order, with its vocabulary.
CATEGORICAL = {
    "Gender": GENDERS,
    "Ethnicity": ETHNICITIES,
    "Client Type": CLIENT_TYPES,
    "Primary Support Reason": SUPPORT_REASONS,
    "Accommodation Status": ACCOMMODATION,
    "Employment Status": EMPLOYMENT,
    "Has Unpaid Carer": HAS_UNPAID_CARER,
    "Client Funding Status": FUNDING,
    "Event Type": EVENT_TYPES,
    "Event Outcome": OUTCOMES,
    "Request: Route of Access": ROUTES,
    "Assessment Type": ASSESSMENT_TYPES,
    "Service Type": SERVICE_TYPES,
    "Service Component": COMPONENTS,
    "Delivery Mechanism": MECHANISMS,
}
