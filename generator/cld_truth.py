"""The true histories behind the synthetic Client Level Data: people and their events.

Time is counted in days from 2022-04-01 (day 0) to 2024-03-31 (day 730), covering the
2023-24 reporting year and the 2022-23 look-back. People enter through pathways:

- long-term support already running on day 0, in the community or in a care home, with
  reviews, package changes, hospital stays followed by reablement, moves into care homes,
  moves from residential to nursing care, and deaths;
- new clients: a request (by route of access), often an assessment, then reablement
  (ST-Max) with a sequel, long-term support in the community, or a permanent admission;
- unpaid carers (assessment, then support direct to the carer or involving the person cared
  for, or information and advice only), linked to a person they care for;
- requests that end in information, advice or no services.

Per-council volumes follow the council's population (generator/ons.py). Probabilities are
chosen from the published 2023-24 outcomes, and assigned by quota within each council and
year, so the realised truth lands on the targets: 2A (reablement sequels), 2B/2C (new
permanent admissions per 100,000 residents), 2D1 (at home 91 days after hospital discharge
into reablement), 2E (people with a learning disability aged 18-64 living in their own
home or with family), 3D1A/3D2A (self-directed support and direct payments of community
clients at the year end) and 3D1B/3D2B (carers).

The result (Truth) is the simulation state: it is what tests check calibration on, and what
generator/cld.py renders into submission files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from generator import cld_values as v
from generator.reference import england_consistent_sizes
from generator.sampling import Rng, quota_counts

DAY0 = np.datetime64("2022-04-01", "D")
END = 730  # 2024-03-31
YEARS = ((0, 364), (365, END))  # 2022-23 and 2023-24, inclusive day ranges
REPORTING_YEAR = YEARS[1]
OPEN = 100_000  # end of an event with no end date
NEVER = 100_000  # no death, no change of accommodation
DAYS_PER_YEAR = 365.25

METRICS = ["2A", "2B", "2C", "2D1", "2E", "3D1A", "3D1B", "3D2A", "3D2B"]

# Volumes per resident aged (18-64, 65+) of the generated population.
STOCK_COMMUNITY = (0.0030, 0.0135)  # long-term community support running on day 0
STOCK_CARE_HOME = (0.0006, 0.0105)  # residential or nursing care on day 0
REABLEMENT = (0.00055, 0.0100)  # reablement episodes of new clients, per year
NEW_COMMUNITY = (0.0004, 0.0025)  # new long-term community clients without reablement, a year
CARERS = (0.0020, 0.0030)  # carers supported, per year
REQUESTS_ONLY = (0.0008, 0.0040)  # requests ending without services, per year
MIN_PER_PATHWAY = 2  # every council gets people at any scale
MOVER_SHARE = 0.35  # admissions of existing community clients, of those not via reablement
SELF_FUNDED_SHARE = 0.06  # extra admissions ending under the 12-week disregard (not counted)
CARER_RETURNING = 0.5  # 2023-24 carers who were also supported in 2022-23
CARE_HOME_PART = 0.75  # share of the 2E shortfall (people with LD not settled) in care homes
# 2E(2b) (from 2024-25): people aged 65+ in long-term support during the year living at home.
# Measured on the generated 2024-25 returns before calibrating it (scale 0.02, seed 7): 94% of
# community clients live in settled accommodation, there are 0.86 community clients per care
# home resident, and 0.24 community clients arrive during the window per stock client. The
# community stock of each council is scaled to give its published 2E(2b) (see
# community_stock_factors); without a 2E(2b) target (2023-24) it is as before.
COMMUNITY_SETTLED_SHARE = 0.94
COMMUNITY_PER_CARE_HOME_65 = 0.86
LATER_COMMUNITY_PER_STOCK_65 = 0.24

# Annual death rates: (18-64, 65+) in the community; care homes.
DEATH_COMMUNITY = (0.015, 0.09)
DEATH_CARE_HOME = (0.03, 0.28)
DEATH_OTHER = (0.005, 0.05)

# Reablement sequels. Excluded from 2A: died, hospital, self-funded, declined, NHS, unable.
EXCLUDED_SEQUELS = np.array([0.03, 0.05, 0.015, 0.02, 0.01, 0.015])
DIED, HOSPITAL, SELF_FUNDED, DECLINED, NHS, UNABLE, NUMERATOR, NOT_NUMERATOR = range(8)
# Numerator sequels: NFA outcomes of the cluster itself, or a short-term service.
NUMERATOR_OUTCOMES = v.OUTCOMES.codes(
    "nfa_ended_planned",
    "nfa_information",
    "nfa_moved_la",
    "nfa_other",
    "nfa_no_services",
    "nfa_ended_other",
    "nfa_other_service",
)
NUMERATOR_SHARES = np.array([0.50, 0.12, 0.01, 0.04, 0.04, 0.04, 0.03, 0.15, 0.07])
LOW_LEVEL_SEQUEL, OTHER_SHORT_SEQUEL = 7, 8  # after the NFA outcomes above
# Not-numerator sequels: long-term community, residential, nursing, short-term care home.
NOT_NUMERATOR_SHARES = np.array([0.75, 0.08, 0.05, 0.12])

# Carer support (3D carers): direct payment, managed budget, commissioned (shares from the
# targets, within DIRECT_SHARE), direct with unknown mechanism, involving the cared-for
# person, information and advice only.
CARER_DIRECT_SHARE = 0.60
ENGLAND_CARERS = (89.7, 77.4)  # published England 3D1B and 3D2B, 2023-24
CARER_OTHER_SHARES = np.array([0.02, 0.08, 0.30])
CARER_DP, CARER_PB, CARER_COMMISSIONED, CARER_UNKNOWN, CARER_INVOLVING, CARER_INFO = range(6)

# Community support: mechanism class of a person (3D clients), slot of a service row.
MECH_SHARES_OTHER = np.array([0.25, 0.15, 0.60])  # earlier packages, before a change
MAIN_ROW, EXTRA_ROW, EARLIER_ROW = 1, 2, 3
# People's accommodation before any change: -2 a home status drawn at the end, SETTLED_HOME
# a settled one (people discharged from hospital into reablement, for 2D).
SETTLED_HOME = -3


@dataclass
class Log:
    """Columns appended in blocks, concatenated once."""

    defaults: dict[str, tuple[type, int]]
    parts: list[dict[str, np.ndarray]] = field(default_factory=list)
    size: int = 0

    def add(self, n: int, **columns: np.ndarray | int) -> np.ndarray:
        """Append n rows (scalars broadcast, missing columns take defaults); return their index."""
        unknown = set(columns) - set(self.defaults)
        if unknown:
            raise KeyError(f"unknown columns {sorted(unknown)}")
        part = {}
        for name, (dtype, default) in self.defaults.items():
            value = columns.get(name, default)
            part[name] = np.broadcast_to(np.asarray(value, dtype=dtype), (n,)).copy()
        self.parts.append(part)
        index = np.arange(self.size, self.size + n)
        self.size += n
        return index

    @property
    def last(self) -> dict[str, np.ndarray]:
        """The block added last (its columns can still be changed)."""
        return self.parts[-1]

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: np.concatenate([p[name] for p in self.parts]) for name in self.defaults}


def people_log() -> Log:
    i8, i16, i32, i64 = np.int8, np.int16, np.int32, np.int64
    return Log(
        {
            "council": (i32, 0),
            "pathway": (i8, 0),
            "birth": (i32, 0),
            "death": (i32, NEVER),
            "client_type": (i8, 0),
            "learning_disability": (bool, 0),
            "accommodation_before": (i16, -2),  # -2: a home status, assigned at the end
            "accommodation_after": (i16, -1),
            "accommodation_change": (i32, NEVER),
            "linked": (i64, -1),
        }
    )


def event_log() -> Log:
    i8, i16, i32, i64 = np.int8, np.int16, np.int32, np.int64
    return Log(
        {
            "person": (i64, 0),
            "kind": (i8, 0),
            "start": (i32, 0),
            "end": (i32, OPEN),
            "outcome": (i16, -1),
            "route": (i16, -1),
            "assessment": (i16, -1),
            "service": (i16, -1),
            "component": (i16, -1),
            "mechanism": (i16, -1),
            "slot": (i8, 0),
        }
    )


# Pathways (people's "pathway" column).
STOCK_COMMUNITY_PATH, STOCK_CARE_HOME_PATH, REABLEMENT_PATH, ADMISSION_PATH = range(4)
NEW_COMMUNITY_PATH, CARER_PATH, REQUEST_PATH = 4, 5, 6


@dataclass
class Truth:
    """The simulated state: people, events, and what each pathway was meant to produce."""

    people: dict[str, np.ndarray]
    events: dict[str, np.ndarray]
    episodes: pd.DataFrame  # reablement clusters: council, person, start, end, group, ...
    admissions: pd.DataFrame  # permanent admissions: council, person, start, band, counted
    carers: pd.DataFrame  # carers supported per year: person, council, year, support category
    targets: pd.DataFrame  # the published values aimed at, per council
    population: pd.DataFrame  # 18-64 and 65+ residents per council (the ONS file's)


@dataclass
class Sim:
    rng: Rng
    targets: pd.DataFrame
    population: pd.DataFrame
    people: Log = field(default_factory=people_log)
    events: Log = field(default_factory=event_log)
    episodes: list[pd.DataFrame] = field(default_factory=list)
    admissions: list[pd.DataFrame] = field(default_factory=list)
    carers: list[pd.DataFrame] = field(default_factory=list)
    # per council, the published 2E(2b) (%), or None for a year without it (2023-24)
    older_at_home: np.ndarray | None = None

    @property
    def n_councils(self) -> int:
        return len(self.targets)

    def target(self, metric: str) -> np.ndarray:
        return self.targets[metric].to_numpy(dtype=float)


def simulate(
    targets: pd.DataFrame,
    population: pd.DataFrame,
    rng: Rng,
    older_at_home: np.ndarray | None = None,
) -> Truth:
    """Run every pathway for every council; targets and population rows in council order.
    older_at_home: each council's 2E(2b) target (%) in a year that publishes it, else None."""
    sim = Sim(
        rng=rng, targets=clean_targets(targets), population=population, older_at_home=older_at_home
    )
    stock = stock_community_people(sim)
    reablement_pathway(sim)
    still_needed = admissions_needed(sim)
    movers = choose_movers(sim, stock, still_needed)
    add_stock_community(sim, stock, movers)
    stock_care_home_pathway(sim)
    new_admissions_pathway(sim, still_needed - movers.counts)
    new_community_pathway(sim)
    carer_pathway(sim)
    request_pathway(sim)
    people, events = sim.people.arrays(), sim.events.arrays()
    apply_deaths(people, events)
    episodes = pd.concat(sim.episodes, ignore_index=True)
    settle_discharges(sim, people, events, episodes)
    apply_deaths(people, events)
    assign_mechanisms(sim, people, events)
    assign_accommodation(sim, people, events)
    return Truth(
        people=people,
        events=events,
        episodes=episodes,
        admissions=pd.concat(sim.admissions, ignore_index=True),
        carers=pd.concat(sim.carers, ignore_index=True),
        targets=sim.targets,
        population=population,
    )


def clean_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets made consistent: direct payments never above self-directed support."""
    out = targets[METRICS].astype(float).copy()
    out["3D2A"] = np.minimum(out["3D2A"], out["3D1A"])
    out["3D2B"] = np.minimum(out["3D2B"], out["3D1B"])
    return out


# ----------------------------------------------------------------------------- helpers


def uniform(low: np.ndarray | int, high: np.ndarray | int, rng: Rng, n: int) -> np.ndarray:
    """Integers uniform in [low, high] (inclusive), element-wise."""
    low = np.broadcast_to(np.asarray(low, dtype=np.int64), (n,))
    high = np.maximum(np.broadcast_to(np.asarray(high, dtype=np.int64), (n,)), low)
    return (low + np.floor(rng.random(n) * (high - low + 1))).astype(np.int64)


def stochastic_round(x: np.ndarray, rng: Rng) -> np.ndarray:
    """Unbiased integer rounding."""
    x = np.asarray(x, dtype=float)
    return np.floor(x + rng.random(x.shape)).astype(np.int64)


def per_council(
    sim: Sim, rates: tuple[float, float], factor: np.ndarray | float = 1.0
) -> np.ndarray:
    """Counts per council x band (18-64, 65+) from rates per resident (times a council
    factor); at least the minimum."""
    pop = sim.population[["18-64", "65+"]].to_numpy(dtype=float)
    factor = np.asarray(factor, dtype=float)
    if factor.ndim < 2:  # one factor per council (or for all): the same for both bands
        factor = factor.reshape(-1, 1)
    counts = stochastic_round(pop * np.array(rates) * factor, sim.rng)
    total = counts.sum(axis=1)
    short = np.maximum(MIN_PER_PATHWAY - total, 0)
    counts[:, 1] += short
    return counts


def expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(council, band) per unit of a councils x 2 count table."""
    n_councils = counts.shape[0]
    council = np.repeat(np.repeat(np.arange(n_councils), 2), counts.ravel())
    band = np.repeat(np.tile([0, 1], n_councils), counts.ravel())
    return council, band


def assign_by_quota(group: np.ndarray, probs: np.ndarray, rng: Rng) -> np.ndarray:
    """A category per item: each group's counts are its size x its row of probs, shuffled."""
    n_groups = probs.shape[0]
    counts = quota_counts(np.bincount(group, minlength=n_groups), probs, rng)
    categories = np.repeat(np.tile(np.arange(probs.shape[1]), n_groups), counts.ravel())
    order = np.lexsort((rng.random(group.size), group))
    out = np.empty(group.size, dtype=np.int64)
    out[order] = categories
    return out


def pick_per_group(
    group: np.ndarray, eligible: np.ndarray, wanted: np.ndarray, rng: Rng
) -> np.ndarray:
    """Indices of up to wanted[g] eligible items of each group g, chosen at random."""
    idx = np.flatnonzero(eligible)
    order = idx[np.lexsort((rng.random(idx.size), group[idx]))]
    g = group[order]
    rank = np.arange(g.size) - np.searchsorted(g, g)
    return order[rank < wanted[g]]


def choose(shares: np.ndarray, n: int, rng: Rng, codes: np.ndarray | None = None) -> np.ndarray:
    values = np.arange(shares.size) if codes is None else codes
    return rng.choice(values, size=n, p=shares / shares.sum())


def month_start(day: np.ndarray) -> np.ndarray:
    """Day number of the first of the month of each day."""
    dates = DAY0 + np.asarray(day, dtype=np.int64)
    return (dates.astype("datetime64[M]").astype("datetime64[D]") - DAY0).astype(np.int64)


def age_at(birth: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Age as the CLD method counts it: from the first of the birth month, /365.25."""
    return np.floor((np.asarray(day) - month_start(birth)) / DAYS_PER_YEAR).astype(np.int64)


def birth_for(age_years: np.ndarray, on_day: np.ndarray) -> np.ndarray:
    """Birth day of people aged age_years (fractional) on on_day."""
    return np.round(np.asarray(on_day) - age_years * DAYS_PER_YEAR).astype(np.int64)


def draw_age(band: np.ndarray, rng: Rng, learning_disability: np.ndarray | None = None):
    """Fractional ages: 18.2-64.8 for band 0, 65.2+ for band 1, kept clear of band edges."""
    n = band.size
    working = 18.2 + 46.6 * rng.beta(1.6, 1.3, n)
    if learning_disability is not None:
        working = np.where(learning_disability, 18.2 + 46.6 * rng.beta(1.2, 1.9, n), working)
    older = np.minimum(65.2 + rng.gamma(3.0, 5.6, n), 104.5)
    return np.where(band == 1, older, working)


def death_after(start: np.ndarray, rate: np.ndarray, rng: Rng) -> np.ndarray:
    """Death day after start at an annual rate (NEVER if after the window)."""
    day = start + np.ceil(rng.exponential(DAYS_PER_YEAR / np.maximum(rate, 1e-9)))
    return np.where(day <= END, day, NEVER).astype(np.int64)


def in_year(year: np.ndarray, rng: Rng, margin_start: int = 0, margin_end: int = 0) -> np.ndarray:
    """A day inside reporting year 0 or 1, away from its edges by the margins."""
    lows = np.array([y[0] for y in YEARS]) + margin_start
    highs = np.array([y[1] for y in YEARS]) - margin_end
    return uniform(lows[year], highs[year], rng, year.size)


def year_of(day: np.ndarray) -> np.ndarray:
    return (np.asarray(day) >= YEARS[1][0]).astype(np.int64)


def add_reviews(sim: Sim, person: np.ndarray, first: np.ndarray, death: np.ndarray) -> None:
    """Planned reviews at first and a year later, while alive and inside the window."""
    rng = sim.rng
    for offset in (0, 365):
        day = first + offset
        keep = (day <= END) & (day < death) & (day >= 0)
        n = int(keep.sum())
        length = np.where(rng.random(n) < 0.7, 0, uniform(1, 30, rng, n))
        outcome = choose(
            np.array([0.80, 0.08, 0.12]),
            n,
            rng,
            v.OUTCOMES.codes("continuation", "provision", "progress_support"),
        )
        sim.events.add(
            n,
            person=person[keep],
            kind=v.REVIEW,
            start=day[keep],
            end=day[keep] + length,
            outcome=outcome,
        )


def add_request(
    sim: Sim,
    person: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    route: np.ndarray,
    outcome: np.ndarray | int,
) -> None:
    sim.events.add(
        person.size,
        person=person,
        kind=v.REQUEST,
        start=start,
        end=end,
        route=route,
        outcome=outcome,
    )


def draw_route(band: np.ndarray, rng: Rng, hospital_older: float, hospital_working: float):
    """Route of access: hospital discharge with the given shares, else mostly community."""
    n = band.size
    hospital = rng.random(n) < np.where(band == 1, hospital_older, hospital_working)
    others = choose(
        np.array([0.82, 0.10, 0.05, 0.03]),
        n,
        rng,
        v.ROUTES.codes("community", "hospital_diversion", "self_funder", "planned_entry"),
    )
    others = np.where((band == 1) & (others == v.ROUTES.code("planned_entry")), 0, others)
    return np.where(hospital, v.ROUTES.code("hospital_discharge"), others)


# ------------------------------------------------------------------- stock in the community


@dataclass
class Stock:
    """People in long-term community support on day 0 (not yet added to the log)."""

    council: np.ndarray
    band: np.ndarray
    birth: np.ndarray
    death: np.ndarray
    start: np.ndarray
    learning_disability: np.ndarray


def community_stock_factors(sim: Sim) -> np.ndarray | float:
    """Per council x band, the factor on the community stock that gives the council's 2E(2b):
    a share t of 65+ clients at home needs t / (settled share - t) community clients per care
    home resident; the stock is scaled so that, with the clients arriving later, the community
    grows by that ratio over the measured one. 18-64 is left as it is. 1.0 without targets."""
    if sim.older_at_home is None:
        return 1.0
    share = np.clip(sim.older_at_home / 100, 0.30, 0.85)
    ratio = share / (COMMUNITY_SETTLED_SHARE - share)
    later = LATER_COMMUNITY_PER_STOCK_65
    older = ratio / COMMUNITY_PER_CARE_HOME_65 * (1 + later) - later
    return np.column_stack([np.ones_like(older), np.maximum(older, 0.2)])


def stock_community_people(sim: Sim) -> Stock:
    rng = sim.rng
    council, band = expand(per_council(sim, STOCK_COMMUNITY, community_stock_factors(sim)))
    n = council.size
    ld = (band == 0) & (rng.random(n) < 0.40) | (band == 1) & (rng.random(n) < 0.03)
    age = draw_age(band, rng, ld)
    birth = birth_for(age, np.zeros(n))
    years_in = np.minimum(rng.exponential(3.5, n), np.maximum(age - 18.1, 0.1))
    start = -np.ceil(years_in * DAYS_PER_YEAR).astype(np.int64) - 1
    death = death_after(np.zeros(n, dtype=np.int64), np.array(DEATH_COMMUNITY)[band], rng)
    return Stock(council, band, birth, death, start, ld)


@dataclass
class Movers:
    """Stock community clients admitted permanently: which, when, where; counts per group."""

    index: np.ndarray
    day: np.ndarray
    nursing: np.ndarray
    counts: np.ndarray  # councils x years x bands


def choose_movers(sim: Sim, stock: Stock, needed: np.ndarray) -> Movers:
    """Pick existing community clients to move into care homes, MOVER_SHARE of the need."""
    rng = sim.rng
    n = stock.council.size
    wanted = stochastic_round(needed * MOVER_SHARE, rng)
    taken = np.zeros(n, dtype=bool)
    chosen, days = [], []
    counts = np.zeros_like(needed)
    for year in (0, 1):
        day = in_year(np.full(n, year), rng, 5, 5)
        band = (age_at(stock.birth, day) >= 65).astype(np.int64)
        group = stock.council * 2 + band
        eligible = ~taken & (stock.death > day + 30)
        picked = pick_per_group(group, eligible, wanted[:, year, :].ravel(), rng)
        taken[picked] = True
        chosen.append(picked)
        days.append(day[picked])
        np.add.at(counts, (stock.council[picked], year, band[picked]), 1)
    index = np.concatenate(chosen)
    day = np.concatenate(days)
    nursing = rng.random(index.size) < np.where(stock.band[index] == 1, 0.40, 0.10)
    return Movers(index=index, day=day, nursing=nursing, counts=counts)


def add_stock_community(sim: Sim, stock: Stock, movers: Movers) -> None:
    """Add the stock community clients and their histories."""
    rng = sim.rng
    n = stock.council.size
    person = sim.people.add(
        n,
        council=stock.council,
        pathway=STOCK_COMMUNITY_PATH,
        birth=stock.birth,
        death=stock.death,
        learning_disability=stock.learning_disability,
    )
    # One interruption each: 0 none, 1 package change, 2 hospital then reablement,
    # 3 support ends, 4 permanent admission (the movers).
    kind = choose(np.array([0.70, 0.20, 0.05, 0.05]), n, rng)
    day = uniform(10, END - 10, rng, n)
    kind[movers.index] = 4
    day[movers.index] = movers.day
    alive = stock.death > day + 45
    kind = np.where((kind == 2) & (~alive | (day > END - 60)), 0, kind)
    community_rows(sim, person, stock.start, kind, day, stock.band)
    excursion = kind == 2
    reablement_after_hospital(sim, person[excursion], day[excursion], stock.band[excursion])
    admit(sim, person[movers.index], movers.day, movers.nursing)
    sim.people.last["accommodation_after"][movers.index] = np.where(
        movers.nursing, v.ACCOMMODATION.code("nursing_home"), v.ACCOMMODATION.code("care_home")
    )
    sim.people.last["accommodation_change"][movers.index] = movers.day
    review_day = movers.day - uniform(7, 21, rng, movers.index.size)
    sim.events.add(
        movers.index.size,
        person=person[movers.index],
        kind=v.REVIEW,
        start=review_day,
        end=movers.day - uniform(0, 5, rng, movers.index.size),
        outcome=v.OUTCOMES.code("progress_support"),
    )
    admission_truth(
        sim,
        person[movers.index],
        stock.council[movers.index],
        movers.day,
        stock.birth[movers.index],
        counted=True,
    )
    add_reviews(sim, person, uniform(0, 364, rng, n), stock.death)


def community_rows(
    sim: Sim,
    person: np.ndarray,
    start: np.ndarray,
    kind: np.ndarray,
    day: np.ndarray,
    band: np.ndarray,
) -> None:
    """Long-term community service rows around one interruption (see add_stock_community)."""
    rng = sim.rng
    n = person.size
    first_end = np.select(
        [kind == 1, kind == 4, kind == 2, kind == 3], [day - 1, day - 1, day, day], OPEN
    )
    ended_by = v.OUTCOMES.codes("nfa_ended_other", "nfa_moved_la", "nfa_self_funded", "nfa_nhs")
    first_outcome = np.select(
        [kind == 1, kind == 4, kind == 2, kind == 3],
        [
            v.OUTCOMES.code("continuation"),
            v.OUTCOMES.code("progress_support"),
            v.OUTCOMES.code("admitted_hospital"),
            choose(np.array([0.4, 0.3, 0.2, 0.1]), n, rng, ended_by),
        ],
        -1,
    )
    add_community_service(
        sim,
        person,
        start,
        first_end,
        first_outcome,
        band,
        np.where(kind == 1, EARLIER_ROW, MAIN_ROW),
    )
    changed = kind == 1
    add_community_service(
        sim,
        person[changed],
        day[changed],
        np.full(changed.sum(), OPEN),
        -1,
        band[changed],
        MAIN_ROW,
    )
    extra = rng.random(n) < 0.30
    extra_end = np.where(kind == 1, OPEN, first_end)
    sim.events.add(
        int(extra.sum()),
        person=person[extra],
        kind=v.SERVICE,
        start=np.minimum(start + uniform(0, 60, rng, n), first_end)[extra],
        end=extra_end[extra],
        outcome=np.where(extra_end < OPEN, first_outcome, -1)[extra],
        service=v.COMMUNITY,
        component=choose(v.COMMUNITY_EXTRA_SHARES, int(extra.sum()), rng, v.COMMUNITY_EXTRA),
        mechanism=v.COMMISSIONED,
        slot=EXTRA_ROW,
    )


def add_community_service(
    sim: Sim,
    person: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    outcome: np.ndarray | int,
    band: np.ndarray,
    slot: np.ndarray | int,
) -> None:
    """Main community service rows; component and mechanism are set with the 3D classes."""
    n = person.size
    main = np.where(
        band == 1,
        choose(v.COMMUNITY_MAIN_OLDER, n, sim.rng, v.COMMUNITY_MAIN),
        choose(v.COMMUNITY_MAIN_WORKING_AGE, n, sim.rng, v.COMMUNITY_MAIN),
    )
    sim.events.add(
        n,
        person=person,
        kind=v.SERVICE,
        start=start,
        end=end,
        outcome=outcome,
        service=v.COMMUNITY,
        component=main,
        mechanism=v.COMMISSIONED,
        slot=slot,
    )


def reablement_after_hospital(sim: Sim, person: np.ndarray, day: np.ndarray, band: np.ndarray):
    """An existing client leaves hospital into reablement, then the package restarts.

    These clusters are not new clients (long-term support ended less than 91 days before),
    so 2A leaves them out; 2D counts them when the request came by hospital discharge.
    """
    rng = sim.rng
    n = person.size
    discharge = day + uniform(3, 20, rng, n)
    route = np.where(rng.random(n) < 0.7, v.ROUTES.code("hospital_discharge"), 0)
    request_end = discharge + uniform(0, 1, rng, n)
    add_request(sim, person, discharge, request_end, route, v.OUTCOMES.code("progress_reablement"))
    start = request_end + uniform(0, 2, rng, n)
    end = np.minimum(start + uniform(14, 42, rng, n), END)
    sim.events.add(
        n,
        person=person,
        kind=v.SERVICE,
        start=start,
        end=end,
        outcome=v.OUTCOMES.code("progress_support"),
        service=v.ST_MAX,
        component=v.COMPONENTS.code("reablement"),
        mechanism=v.COMMISSIONED,
    )
    restart = np.minimum(end + uniform(0, 3, rng, n), END)
    add_community_service(sim, person, restart, np.full(n, OPEN), -1, band, MAIN_ROW)
    sim.episodes.append(
        pd.DataFrame(
            {
                "person": person,
                "cluster_start": start,
                "cluster_end": end,
                "new_client": False,
                "group": -1,
                "sequel": -1,
                "route": route,
                "discharge": discharge,
            }
        )
    )


def admit(sim: Sim, person: np.ndarray, day: np.ndarray, nursing: np.ndarray) -> None:
    """A permanent residential or nursing placement from day, open."""
    n = person.size
    sim.events.add(
        n,
        person=person,
        kind=v.SERVICE,
        start=day,
        end=OPEN,
        service=np.where(nursing, v.NURSING, v.RESIDENTIAL),
        component=np.where(
            nursing, v.COMPONENTS.code("lt_nursing"), v.COMPONENTS.code("lt_residential")
        ),
        mechanism=choose(np.array([0.02, 0.08, 0.90]), n, sim.rng),
    )


def admission_truth(
    sim: Sim,
    person: np.ndarray,
    council: np.ndarray,
    day: np.ndarray,
    birth: np.ndarray,
    counted: bool,
) -> None:
    band = np.where(age_at(birth, day) >= 65, "65 and above", "18 to 64")
    sim.admissions.append(
        pd.DataFrame(
            {"council": council, "person": person, "start": day, "band": band, "counted": counted}
        )
    )


# --------------------------------------------------------------------------- reablement


def reablement_pathway(sim: Sim) -> None:
    """New clients' reablement episodes with sequels assigned by quota (2A)."""
    rng = sim.rng
    per_year = [expand(per_council(sim, REABLEMENT)) for _ in YEARS]
    council = np.concatenate([c for c, _ in per_year])
    band = np.concatenate([b for _, b in per_year])
    year = np.concatenate([np.full(c.size, y) for y, (c, _) in enumerate(per_year)])
    n = council.size
    cluster_end = in_year(year, rng)
    length = np.minimum(10 + np.round(rng.gamma(2.2, 9.0, n)), 90).astype(np.int64)
    cluster_start = cluster_end - length
    age = draw_age(band, rng)
    birth = birth_for(age, cluster_end)
    route = draw_route(band, rng, 0.60, 0.35)
    sequel = assign_by_quota(council * 2 + year, sequel_probabilities(sim), rng)
    person = sim.people.add(n, council=council, pathway=REABLEMENT_PATH, birth=birth)
    hospital = route == v.ROUTES.code("hospital_discharge")
    discharge = cluster_start - np.where(hospital, uniform(0, 3, rng, n), uniform(2, 21, rng, n))
    request_end = np.minimum(discharge + uniform(0, 2, rng, n), cluster_start)
    add_request(sim, person, discharge, request_end, route, v.OUTCOMES.code("progress_reablement"))
    assessed = ~hospital & (rng.random(n) < 0.25) & (cluster_start - request_end >= 2)
    sim.events.add(
        int(assessed.sum()),
        person=person[assessed],
        kind=v.ASSESSMENT,
        start=request_end[assessed],
        end=cluster_start[assessed] - 1,
        outcome=v.OUTCOMES.code("progress_reablement"),
        assessment=v.ASSESSMENT_TYPES.code("short_term"),
    )
    subtype = np.where(
        sequel == NUMERATOR,
        choose(NUMERATOR_SHARES, n, rng),
        np.where(sequel == NOT_NUMERATOR, choose(NOT_NUMERATOR_SHARES, n, rng), -1),
    )
    outcome = cluster_outcome(sequel, subtype)
    component = np.where(
        (band == 1) & hospital | (rng.random(n) < 0.85),
        v.COMPONENTS.code("reablement"),
        v.COMPONENTS.code("home_support"),
    )
    st_max_rows(sim, person, cluster_start, cluster_end, outcome, component)
    death = death_after(cluster_end + 8, np.array(DEATH_OTHER)[band], rng)
    died = sequel == DIED
    death[died] = cluster_end[died] + uniform(0, 6, rng, int(died.sum()))
    sim.people.last["death"][:] = death
    sequel_events(sim, person, council, band, birth, cluster_end, sequel, subtype, death)
    sim.episodes.append(
        pd.DataFrame(
            {
                "person": person,
                "cluster_start": cluster_start,
                "cluster_end": cluster_end,
                "new_client": True,
                "group": np.select([sequel == NUMERATOR, sequel == NOT_NUMERATOR], [1, 2], 0),
                "sequel": sequel * 10 + subtype,
                "route": route,
                "discharge": discharge,
            }
        )
    )


def sequel_probabilities(sim: Sim) -> np.ndarray:
    """Per council x year: excluded sequels, numerator, not numerator (2A target)."""
    share = np.clip(sim.target("2A") / 100, 0, 1)
    kept = 1 - EXCLUDED_SEQUELS.sum()
    rows = np.column_stack(
        [np.tile(EXCLUDED_SEQUELS, (share.size, 1)), kept * share, kept * (1 - share)]
    )
    return np.repeat(rows, 2, axis=0)


def cluster_outcome(sequel: np.ndarray, subtype: np.ndarray) -> np.ndarray:
    """Outcome on the last ST-Max row of the cluster."""
    o = v.OUTCOMES.code
    excluded = np.array(
        [
            o("nfa_deceased"),
            o("admitted_hospital"),
            o("nfa_self_funded"),
            o("nfa_declined"),
            o("nfa_nhs"),
            o("progress_assessment"),
        ]
    )
    numerator = np.append(NUMERATOR_OUTCOMES, [o("progress_support")] * 2)
    return np.select(
        [sequel == NUMERATOR, sequel == NOT_NUMERATOR],
        [numerator[np.maximum(subtype, 0)], o("progress_support")],
        excluded[np.minimum(sequel, UNABLE)],
    )


def st_max_rows(
    sim: Sim,
    person: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    outcome: np.ndarray,
    component: np.ndarray,
) -> None:
    """One ST-Max row, or two: split by a gap of up to 6 days, or with a nested second row."""
    rng = sim.rng
    n = person.size
    shape = choose(np.array([0.70, 0.20, 0.10]), n, rng)
    shape = np.where(end - start < 8, 0, shape)
    mechanism = np.where(rng.random(n) < 0.97, v.COMMISSIONED, -1)
    split = start + (end - start) // 2
    gap = uniform(1, np.minimum(6, (end - start) // 2 - 1), rng, n)
    first_end = np.where(shape == 1, split - gap, end)
    continuation = v.OUTCOMES.code("continuation")
    sim.events.add(
        n,
        person=person,
        kind=v.SERVICE,
        start=start,
        end=first_end,
        outcome=np.where(shape == 1, continuation, outcome),
        service=v.ST_MAX,
        component=component,
        mechanism=mechanism,
    )
    second = shape > 0
    m = int(second.sum())
    sim.events.add(
        m,
        person=person[second],
        kind=v.SERVICE,
        start=np.where(shape[second] == 1, split[second], start[second] + 2),
        end=np.where(shape[second] == 1, end[second], split[second]),
        outcome=np.where(shape[second] == 1, outcome[second], continuation),
        service=v.ST_MAX,
        component=component[second],
        mechanism=mechanism[second],
    )


def sequel_events(
    sim: Sim,
    person: np.ndarray,
    council: np.ndarray,
    band: np.ndarray,
    birth: np.ndarray,
    cluster_end: np.ndarray,
    sequel: np.ndarray,
    subtype: np.ndarray,
    death: np.ndarray,
) -> None:
    """What follows a cluster: a service starting within 7 days, a later review, or nothing."""
    rng = sim.rng
    n = person.size
    start = cluster_end + uniform(0, np.minimum(7, END - cluster_end), rng, n)
    c = v.COMPONENTS.code
    short = (sequel == NUMERATOR) & (subtype >= LOW_LEVEL_SEQUEL)
    low = short & (subtype == LOW_LEVEL_SEQUEL)
    short_end = np.where(low, start + uniform(20, 180, rng, n), start + uniform(14, 56, rng, n))
    short_end = np.where(low & (rng.random(n) < 0.3), OPEN, short_end)
    short_component = np.where(
        low,
        choose(
            np.array([0.5, 0.3, 0.2]), n, rng, v.COMPONENTS.codes("equipment", "other", "meals")
        ),
        choose(np.array([0.6, 0.4]), n, rng, v.COMPONENTS.codes("home_support", "other")),
    )
    add_short_service(
        sim,
        person[short],
        start[short],
        short_end[short],
        np.where(low, v.LOW_LEVEL, v.OTHER_SHORT)[short],
        short_component[short],
    )
    care_home_stay = (sequel == NOT_NUMERATOR) & (subtype == 3)
    stay_component = np.where(rng.random(n) < 0.7, c("st_residential"), c("st_nursing"))
    add_short_service(
        sim,
        person[care_home_stay],
        start[care_home_stay],
        start[care_home_stay] + uniform(14, 42, rng, int(care_home_stay.sum())),
        v.OTHER_SHORT,
        stay_component[care_home_stay],
    )
    community = (sequel == NOT_NUMERATOR) & (subtype == 0)
    add_community_service(
        sim,
        person[community],
        start[community],
        np.full(int(community.sum()), OPEN),
        -1,
        band[community],
        MAIN_ROW,
    )
    placed = (sequel == NOT_NUMERATOR) & ((subtype == 1) | (subtype == 2))
    admit(sim, person[placed], start[placed], subtype[placed] == 2)
    people = sim.people.last
    local = np.flatnonzero(placed)
    people["accommodation_after"][local] = np.where(
        subtype[placed] == 2,
        v.ACCOMMODATION.code("nursing_home"),
        v.ACCOMMODATION.code("care_home"),
    )
    people["accommodation_change"][local] = start[placed]
    admission_truth(sim, person[placed], council[placed], start[placed], birth[placed], True)
    settled_in = community | placed
    people["death"][settled_in] = np.minimum(
        death[settled_in],
        death_after(start[settled_in] + 8, np.where(placed, 0.25, 0.08)[settled_in], rng),
    )
    add_reviews(
        sim,
        person[settled_in],
        start[settled_in] + uniform(42, 200, rng, int(settled_in.sum())),
        people["death"][settled_in],
    )
    follow_up = (sequel == NUMERATOR) & ~short & (rng.random(n) < 0.3)
    day = cluster_end + uniform(30, 80, rng, n)
    sim.events.add(
        int(follow_up.sum()),
        person=person[follow_up],
        kind=v.REVIEW,
        start=day[follow_up],
        end=day[follow_up] + uniform(0, 5, rng, int(follow_up.sum())),
        outcome=v.OUTCOMES.code("nfa_other"),
    )
    unable = sequel == UNABLE
    day = cluster_end + uniform(10, 30, rng, n)
    sim.events.add(
        int(unable.sum()),
        person=person[unable],
        kind=v.ASSESSMENT,
        start=day[unable],
        end=day[unable] + uniform(3, 20, rng, int(unable.sum())),
        outcome=v.OUTCOMES.code("nfa_no_services"),
        assessment=v.ASSESSMENT_TYPES.code("long_term"),
    )


def add_short_service(sim, person, start, end, service, component) -> None:
    ended = end < OPEN
    sim.events.add(
        person.size,
        person=person,
        kind=v.SERVICE,
        start=start,
        end=end,
        outcome=np.where(ended, v.OUTCOMES.code("nfa_ended_planned"), -1),
        service=service,
        component=component,
        mechanism=v.COMMISSIONED,
    )


# --------------------------------------------------------------------------- admissions


def admissions_needed(sim: Sim) -> np.ndarray:
    """New permanent admissions still needed per council x year x band after reablement."""
    rng = sim.rng
    pop = sim.population[["18-64", "65+"]].to_numpy(dtype=float)
    rates = np.column_stack([sim.target("2B"), sim.target("2C")]) / 100_000
    wanted = np.stack([stochastic_round(pop * rates, rng) for _ in YEARS], axis=1)
    done = np.zeros_like(wanted)
    if sim.admissions:
        made = pd.concat(sim.admissions, ignore_index=True)
        council = made["council"].to_numpy()
        year = year_of(made["start"].to_numpy())
        band = (made["band"] == "65 and above").to_numpy().astype(np.int64)
        np.add.at(done, (council, year, band), 1)
    return np.maximum(wanted - done, 0)


def new_admissions_pathway(sim: Sim, needed: np.ndarray) -> None:
    """New clients admitted permanently after a request and an assessment (2B/2C)."""
    rng = sim.rng
    counted = needed.ravel()
    self_funded = stochastic_round(counted * SELF_FUNDED_SHARE, rng)
    for funded, counts in ((True, counted), (False, self_funded)):
        cells = np.repeat(np.arange(counts.size), counts)
        council, year, band = cells // 4, (cells // 2) % 2, cells % 2
        n = cells.size
        day = in_year(year, rng, 3, 0 if funded else 95)
        age = draw_age(band, rng)
        birth = birth_for(age, day)
        ld = (band == 0) & (rng.random(n) < 0.40)
        nursing = rng.random(n) < np.where(band == 1, 0.40, 0.10)
        person = sim.people.add(
            n,
            council=council,
            pathway=ADMISSION_PATH,
            birth=birth,
            learning_disability=ld,
            accommodation_after=np.where(
                nursing, v.ACCOMMODATION.code("nursing_home"), v.ACCOMMODATION.code("care_home")
            ),
            accommodation_change=day,
        )
        assessment_then(sim, person, band, day, hospital_share=(0.35, 0.20))
        respite = rng.random(n) < 0.15
        stay = day - uniform(15, 40, rng, n)
        sim.events.add(
            int(respite.sum()),
            person=person[respite],
            kind=v.SERVICE,
            start=stay[respite],
            end=day[respite] - 1,
            outcome=v.OUTCOMES.code("progress_support"),
            service=v.OTHER_SHORT,
            component=v.COMPONENTS.code("st_residential"),
            mechanism=v.COMMISSIONED,
        )
        if funded:
            admit(sim, person, day, nursing)
            rate = np.where(band == 1, DEATH_CARE_HOME[1], DEATH_CARE_HOME[0])
            death = death_after(day + 8, rate, rng)
            sim.people.last["death"][:] = death
            add_reviews(sim, person, day + uniform(42, 365, rng, n), death)
        else:
            sim.events.add(
                n,
                person=person,
                kind=v.SERVICE,
                start=day,
                end=day + 84,
                outcome=v.OUTCOMES.code("nfa_self_funded"),
                service=np.where(nursing, v.NURSING, v.RESIDENTIAL),
                component=np.where(
                    nursing, v.COMPONENTS.code("lt_nursing"), v.COMPONENTS.code("lt_residential")
                ),
                mechanism=v.COMMISSIONED,
            )
        admission_truth(sim, person, council, day, birth, counted=funded)


def assessment_then(
    sim: Sim, person: np.ndarray, band: np.ndarray, day: np.ndarray, hospital_share: tuple
) -> None:
    """A request and a long-term assessment ending before support starts on day."""
    rng = sim.rng
    n = person.size
    route = draw_route(band, rng, *hospital_share)
    assessment_end = day - uniform(1, 21, rng, n)
    assessment_start = assessment_end - uniform(5, 28, rng, n)
    request_end = assessment_start - uniform(0, 7, rng, n)
    request_start = request_end - uniform(0, 10, rng, n)
    add_request(
        sim, person, request_start, request_end, route, v.OUTCOMES.code("progress_assessment")
    )
    sim.events.add(
        n,
        person=person,
        kind=v.ASSESSMENT,
        start=assessment_start,
        end=assessment_end,
        outcome=v.OUTCOMES.code("progress_support"),
        assessment=v.ASSESSMENT_TYPES.code("long_term"),
    )


# ------------------------------------------------------------------------ care home stock


def stock_care_home_pathway(sim: Sim) -> None:
    """Residents of care homes on day 0: deaths, hospital stays, residential to nursing."""
    rng = sim.rng
    council, band = expand(per_council(sim, STOCK_CARE_HOME))
    n = council.size
    ld = (band == 0) & (rng.random(n) < 0.55)
    age = draw_age(band, rng, ld)
    birth = birth_for(age, np.zeros(n))
    nursing = rng.random(n) < np.where(band == 1, 0.40, 0.10)
    home = np.where(
        nursing, v.ACCOMMODATION.code("nursing_home"), v.ACCOMMODATION.code("care_home")
    )
    death = death_after(np.zeros(n, dtype=np.int64), np.array(DEATH_CARE_HOME)[band], rng)
    start = (
        -np.ceil(np.minimum(rng.exponential(2.2, n), age - 18.1) * DAYS_PER_YEAR).astype(np.int64)
        - 1
    )
    # 0 no change, 1 residential to nursing (existing, not a new admission), 2 hospital stay.
    change = choose(np.array([0.78, 0.10, 0.12]), n, rng)
    change = np.where(nursing & (change == 1), 0, change)
    day = uniform(10, END - 60, rng, n)
    change = np.where(death <= day + 50, 0, change)
    person = sim.people.add(
        n,
        council=council,
        pathway=STOCK_CARE_HOME_PATH,
        birth=birth,
        death=death,
        learning_disability=ld,
        accommodation_before=home,
        accommodation_after=np.where(change == 1, v.ACCOMMODATION.code("nursing_home"), -1),
        accommodation_change=np.where(change == 1, day, NEVER),
    )
    first_end = np.where(change > 0, np.where(change == 1, day - 1, day), OPEN)
    o = v.OUTCOMES.code
    first_outcome = np.select(
        [change == 1, change == 2], [o("progress_support"), o("admitted_hospital")], -1
    )
    c = v.COMPONENTS.code
    sim.events.add(
        n,
        person=person,
        kind=v.SERVICE,
        start=start,
        end=first_end,
        outcome=first_outcome,
        service=np.where(nursing, v.NURSING, v.RESIDENTIAL),
        component=np.where(nursing, c("lt_nursing"), c("lt_residential")),
        mechanism=choose(np.array([0.02, 0.08, 0.90]), n, rng),
    )
    moved = change == 1
    admit(sim, person[moved], day[moved], np.ones(int(moved.sum()), dtype=bool))
    admission_truth(sim, person[moved], council[moved], day[moved], birth[moved], counted=False)
    back = change == 2
    back_day = day[back] + uniform(5, 40, rng, int(back.sum()))
    admit(sim, person[back], back_day, nursing[back])
    admission_truth(sim, person[back], council[back], back_day, birth[back], counted=False)
    add_reviews(sim, person, uniform(0, 364, rng, n), death)


# --------------------------------------------------------------------- new community clients


def new_community_pathway(sim: Sim) -> None:
    """New clients going straight to long-term community support (a few to prison support)."""
    rng = sim.rng
    for year in (0, 1):
        council, band = expand(per_council(sim, NEW_COMMUNITY))
        n = council.size
        day = in_year(np.full(n, year), rng, 40 if year == 0 else 0, 0)
        ld = (band == 0) & (rng.random(n) < 0.35)
        age = np.where(
            ld & (rng.random(n) < 0.3), 18.2 + rng.random(n) * 1.5, draw_age(band, rng, ld)
        )
        birth = birth_for(age, day)
        prison = (band == 0) & ~ld & (rng.random(n) < 0.01)
        person = sim.people.add(
            n,
            council=council,
            pathway=NEW_COMMUNITY_PATH,
            birth=birth,
            learning_disability=ld,
            accommodation_before=np.where(prison, v.ACCOMMODATION.code("prison"), -2),
        )
        assessment_then(sim, person, band, day, hospital_share=(0.25, 0.10))
        community = ~prison
        add_community_service(
            sim,
            person[community],
            day[community],
            np.full(int(community.sum()), OPEN),
            -1,
            band[community],
            MAIN_ROW,
        )
        extra = community & (rng.random(n) < 0.3)
        sim.events.add(
            int(extra.sum()),
            person=person[extra],
            kind=v.SERVICE,
            start=day[extra],
            end=OPEN,
            service=v.COMMUNITY,
            component=choose(v.COMMUNITY_EXTRA_SHARES, int(extra.sum()), rng, v.COMMUNITY_EXTRA),
            mechanism=v.COMMISSIONED,
            slot=EXTRA_ROW,
        )
        sim.events.add(
            int(prison.sum()),
            person=person[prison],
            kind=v.SERVICE,
            start=day[prison],
            end=OPEN,
            service=v.PRISON,
            component=v.COMPONENTS.code("other"),
            mechanism=v.COMMISSIONED,
        )
        death = death_after(day + 8, np.array(DEATH_COMMUNITY)[band], rng)
        sim.people.last["death"][:] = death
        add_reviews(sim, person, day + uniform(42, 365, rng, n), death)


# ---------------------------------------------------------------------------------- carers


def carer_pathway(sim: Sim) -> None:
    """Unpaid carers supported each year, half of 2023-24's also in 2022-23 (3D carers)."""
    rng = sim.rng
    cared_for = service_users_by_council(sim)
    n_councils = sim.n_councils
    factor = carer_volume_factor(sim)
    last_person = last_council = None
    for year in (0, 1):
        council, _ = expand(per_council(sim, CARERS, factor))
        person = np.empty(0, dtype=np.int64)
        if last_person is not None:
            sizes = np.bincount(council, minlength=n_councils)
            wanted = stochastic_round(sizes * CARER_RETURNING, rng)
            back = pick_per_group(last_council, np.ones(last_council.size, dtype=bool), wanted, rng)
            person = last_person[back]
            fresh = sizes - np.bincount(last_council[back], minlength=n_councils)
            council = np.concatenate([last_council[back], np.repeat(np.arange(n_councils), fresh)])
        fresh_council = council[person.size :]
        person = np.concatenate([person, new_carers(sim, fresh_council, cared_for)])
        support = assign_by_quota(council, carer_probabilities(sim), rng)
        carer_events(sim, person, support, year)
        sim.carers.append(
            pd.DataFrame({"person": person, "council": council, "year": year, "support": support})
        )
        last_person, last_council = person, council


def carer_volume_factor(sim: Sim) -> np.ndarray:
    """Per council factor on carer volumes so that England's 3D1B and 3D2B, weighted by the
    generated carers, reproduce the published England values (see england_consistent_sizes)."""
    pop = sim.population[["18-64", "65+"]].to_numpy(dtype=float)
    base = np.maximum(pop @ np.array(CARERS), 1e-6)
    metrics = ["3D1B", "3D2B"]
    england = pd.Series(ENGLAND_CARERS, index=metrics)
    decimals = pd.Series(1, index=metrics)
    sizes = england_consistent_sizes(base, sim.targets[metrics], england, decimals, slack=0.3)
    return sizes / base


def service_users_by_council(sim: Sim) -> tuple[np.ndarray, np.ndarray]:
    """(council, person) of everyone added so far, sorted by council."""
    council = np.concatenate([p["council"] for p in sim.people.parts])
    order = np.argsort(council, kind="stable")
    return council[order], order


def new_carers(
    sim: Sim, council: np.ndarray, cared_for: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """New carers of the given councils, each linked to a service user of the same council."""
    rng = sim.rng
    n = council.size
    age = 18.2 + 77 * rng.beta(2.6, 2.2, n)
    birth = birth_for(age, np.full(n, 365))
    client_type = np.where(rng.random(n) < 0.9, 1, 2)
    users_council, users = cared_for
    first = np.searchsorted(users_council, council, side="left")
    count = np.searchsorted(users_council, council, side="right") - first
    pick = first + np.floor(rng.random(n) * count).astype(np.int64)
    linked = np.where(count > 0, users[np.minimum(pick, users.size - 1)], -1)
    return sim.people.add(
        n,
        council=council,
        pathway=CARER_PATH,
        birth=birth,
        client_type=client_type,
        linked=linked,
    )


def carer_probabilities(sim: Sim) -> np.ndarray:
    """Per council: DP, managed budget, commissioned, unknown mechanism, involving, info."""
    dp = np.clip(sim.target("3D2B") / 100, 0, 1)
    self_directed = np.clip(sim.target("3D1B") / 100, 0, 1)
    direct = CARER_DIRECT_SHARE * np.column_stack([dp, self_directed - dp, 1 - self_directed])
    other = np.tile(CARER_OTHER_SHARES, (dp.size, 1))
    return np.hstack([direct, other])


def carer_events(sim: Sim, person: np.ndarray, support: np.ndarray, year: int) -> None:
    """Request, carer's assessment, then support; 2022-23 support ends within that year."""
    rng = sim.rng
    n = person.size
    first, last = YEARS[year]
    o = v.OUTCOMES.code
    info = support == CARER_INFO
    info_at_request = info & (rng.random(n) < 0.4)
    request = uniform(first, last - 60, rng, n)
    request_end = request + uniform(0, 5, rng, n)
    add_request(
        sim,
        person,
        request,
        request_end,
        v.ROUTES.code("community"),
        np.where(info_at_request, o("nfa_information"), o("progress_assessment")),
    )
    assessed = ~info_at_request
    a_start = request_end + uniform(0, 10, rng, n)
    a_end = a_start + uniform(1, 20, rng, n)
    joint = rng.random(n) < 0.15
    sim.events.add(
        int(assessed.sum()),
        person=person[assessed],
        kind=v.ASSESSMENT,
        start=a_start[assessed],
        end=a_end[assessed],
        outcome=np.where(info, o("nfa_information"), o("progress_support"))[assessed],
        assessment=np.where(
            joint, v.ASSESSMENT_TYPES.code("joint_carer"), v.ASSESSMENT_TYPES.code("carer")
        )[assessed],
    )
    served = ~info
    start = a_end + uniform(0, 14, rng, n)
    one_off = rng.random(n) < 0.45
    length = np.where(one_off, 0, uniform(60, 365, rng, n))
    end = start + length
    end = np.where(year == 0, np.minimum(end, last), np.where(end > END, OPEN, end))
    involving = support == CARER_INVOLVING
    end = np.where(involving, np.minimum(start + uniform(7, 60, rng, n), last), end)
    c = v.COMPONENTS.code
    component = np.select(
        [support == CARER_DP, involving],
        [c("direct_payment"), c("replacement_care")],
        np.where(rng.random(n) < 0.6, c("carer_break"), c("carer_other")),
    )
    mechanism = np.select(
        [support == CARER_DP, support == CARER_PB, support == CARER_UNKNOWN],
        [v.DIRECT_PAYMENT, v.MANAGED_BUDGET, -1],
        v.COMMISSIONED,
    )
    sim.events.add(
        int(served.sum()),
        person=person[served],
        kind=v.SERVICE,
        start=start[served],
        end=end[served],
        outcome=np.where(end < OPEN, o("nfa_ended_planned"), -1)[served],
        service=np.where(involving, v.CARER_INVOLVING, v.CARER_DIRECT)[served],
        component=component[served],
        mechanism=mechanism[served],
    )


# ------------------------------------------------------------------------------ requests


def request_pathway(sim: Sim) -> None:
    """Requests ending in advice, signposting, no services, or a little short-term help."""
    rng = sim.rng
    o = v.OUTCOMES.code
    for year in (0, 1):
        council, band = expand(per_council(sim, REQUESTS_ONLY))
        n = council.size
        day = in_year(np.full(n, year), rng)
        age = draw_age(band, rng)
        young = (band == 0) & (rng.random(n) < 0.04)
        age = np.where(young, 17.2 + 0.6 * rng.random(n), age)
        person = sim.people.add(n, council=council, pathway=REQUEST_PATH, birth=birth_for(age, day))
        route = np.where(young, v.ROUTES.code("planned_entry"), draw_route(band, rng, 0.15, 0.05))
        outcome = choose(
            np.array([0.45, 0.08, 0.05, 0.05, 0.05, 0.04, 0.01, 0.27]),
            n,
            rng,
            v.OUTCOMES.codes(
                "nfa_information",
                "nfa_other_service",
                "nfa_nhs",
                "nfa_declined",
                "nfa_no_services",
                "nfa_self_funded",
                "nfa_moved_la",
                "progress_assessment",
            ),
        )
        end = day + uniform(0, 14, rng, n)
        add_request(sim, person, day, np.where(end > END, OPEN, end), route, outcome)
        assessed = (outcome == o("progress_assessment")) & (end < END - 5)
        a_start = end + uniform(1, 20, rng, n)
        a_end = a_start + uniform(3, 30, rng, n)
        a_outcome = choose(
            np.array([0.5, 0.3, 0.1, 0.1]),
            n,
            rng,
            v.OUTCOMES.codes(
                "nfa_no_services", "nfa_information", "nfa_self_funded", "progress_support"
            ),
        )
        sim.events.add(
            int(assessed.sum()),
            person=person[assessed],
            kind=v.ASSESSMENT,
            start=a_start[assessed],
            end=np.where(a_end > END, OPEN, a_end)[assessed],
            outcome=a_outcome[assessed],
            assessment=choose(
                np.array([0.6, 0.4]),
                int(assessed.sum()),
                rng,
                v.ASSESSMENT_TYPES.codes("long_term", "short_term"),
            ),
        )
        helped = assessed & (a_outcome == o("progress_support")) & (a_end < END)
        s_start = a_end + uniform(1, 10, rng, n)
        low = rng.random(n) < 0.6
        add_short_service(
            sim,
            person[helped],
            s_start[helped],
            np.where(s_start + 40 > END, OPEN, s_start + uniform(10, 90, rng, n))[helped],
            np.where(low, v.LOW_LEVEL, v.OTHER_SHORT)[helped],
            np.where(low, v.COMPONENTS.code("equipment"), v.COMPONENTS.code("other"))[helped],
        )
        death = death_after(day + 30, np.array(DEATH_OTHER)[band], rng)
        sim.people.last["death"][:] = death


# --------------------------------------------------------------------- after all pathways


def apply_deaths(people: dict[str, np.ndarray], events: dict[str, np.ndarray]) -> None:
    """No event after a death: open or later-ending events close on the day, as deceased."""
    death = people["death"][events["person"]]
    after = events["start"] > death
    if after.any():
        for name in events:
            events[name] = events[name][~after]
        death = death[~after]
    clipped = events["end"] > death
    events["end"] = np.where(clipped, death, events["end"]).astype(np.int32)
    deceased = v.OUTCOMES.code("nfa_deceased")
    events["outcome"] = np.where(clipped, deceased, events["outcome"]).astype(np.int16)


def settle_discharges(
    sim: Sim, people: dict[str, np.ndarray], events: dict[str, np.ndarray], episodes: pd.DataFrame
) -> None:
    """Make the share at home 91 days after hospital discharge into reablement meet 2D1.

    Among people aged 65+ discharged into reablement, some are already not at home on day
    91 (died, or in a care home). More are added, per council, by an earlier death or a
    move to an unsettled place (hospital, a short stay with family, temporary housing),
    recorded by a review between days 20 and 80.
    """
    rng = sim.rng
    episodes["council"] = people["council"][episodes["person"].to_numpy()]
    cohort = discharge_cohort(people, episodes)
    person = episodes["person"].to_numpy()[cohort]
    discharge = episodes["discharge"].to_numpy()[cohort]
    council = people["council"][person]
    home = at_home_after(people, events, person, discharge + 91)
    people["accommodation_before"][person] = np.where(
        people["accommodation_before"][person] == -2,
        SETTLED_HOME,
        people["accommodation_before"][person],
    )
    visible = discharge + 91 <= END
    target = np.repeat(np.clip(sim.target("2D1") / 100, 0, 1), 2)
    group = council * 2 + year_of(discharge)
    size = np.bincount(group[visible], minlength=2 * sim.n_councils)
    away = np.bincount(group[visible & ~home], minlength=2 * sim.n_councils)
    wanted = np.maximum(np.round(size * (1 - target)) - away, 0).astype(np.int64)
    cluster_end = episodes["cluster_end"].to_numpy()[cohort]
    early_enough = cluster_end + 8 <= discharge + 80
    candidates = home & visible & early_enough & episodes["new_client"].to_numpy()[cohort]
    chosen = pick_per_group(group, candidates, wanted, rng)
    rate = np.where(size > 0, wanted / np.maximum(size - away, 1), 0)
    late = home & ~visible & early_enough & (discharge + 80 <= END)
    late &= episodes["new_client"].to_numpy()[cohort]
    late &= rng.random(late.size) < rate[group]
    chosen = np.concatenate([chosen, np.flatnonzero(late)])
    dies = rng.random(chosen.size) < 0.4
    who = person[chosen]
    day = np.maximum(discharge[chosen] + uniform(20, 80, rng, chosen.size), cluster_end[chosen] + 8)
    people["death"][who[dies]] = np.minimum(people["death"][who[dies]], day[dies])
    moved = who[~dies]
    people["accommodation_after"][moved] = choose(
        np.array([0.5, 0.3, 0.2]),
        moved.size,
        rng,
        v.ACCOMMODATION.codes("healthcare", "short_term_guest", "temporary_council"),
    )
    people["accommodation_change"][moved] = day[~dies]
    review = event_log()
    review.add(
        moved.size,
        person=moved,
        kind=v.REVIEW,
        start=day[~dies],
        end=day[~dies],
        outcome=v.OUTCOMES.code("progress_reassessment"),
    )
    # A death before day 91 is recorded on a row (an unplanned review closed by the death),
    # so the files show it even for people with no services left.
    dead = np.unique(person[people["death"][person] <= discharge + 91])
    death = people["death"][dead]
    review.add(
        dead.size,
        person=dead,
        kind=v.REVIEW,
        start=death - uniform(0, 7, rng, dead.size),
        end=death,
        outcome=v.OUTCOMES.code("nfa_deceased"),
    )
    extra = review.arrays()
    for name in events:
        events[name] = np.concatenate([events[name], extra[name]])


def discharge_cohort(people: dict[str, np.ndarray], episodes: pd.DataFrame) -> np.ndarray:
    """Episodes counted by 2D: request by hospital discharge, aged 65+ at discharge."""
    person = episodes["person"].to_numpy()
    discharge = episodes["discharge"].to_numpy()
    hospital = episodes["route"].to_numpy() == v.ROUTES.code("hospital_discharge")
    return hospital & (age_at(people["birth"][person], discharge) >= 65)


def at_home_after(
    people: dict[str, np.ndarray],
    events: dict[str, np.ndarray],
    person: np.ndarray,
    day: np.ndarray,
) -> np.ndarray:
    """Alive, not in long-term residential or nursing care, and settled (or not yet known)."""
    alive = people["death"][person] > day
    care_home = in_care_home(events, person, day)
    change = people["accommodation_change"][person]
    after = people["accommodation_after"][person]
    moved_away = (change <= day) & ~np.isin(after, v.SETTLED)
    return alive & ~care_home & ~moved_away


def in_care_home(events: dict[str, np.ndarray], person: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Whether each (person, day) falls inside a long-term residential or nursing service."""
    care = (events["kind"] == v.SERVICE) & np.isin(events["service"], [v.NURSING, v.RESIDENTIAL])
    who = events["person"][care]
    start, end = events["start"][care], events["end"][care]
    query = pd.DataFrame({"person": person, "day": day, "row": np.arange(person.size)})
    spans = pd.DataFrame({"person": who, "start": start, "end": end})
    joined = query.merge(spans, on="person")
    inside = joined[(joined["start"] <= joined["day"]) & (joined["end"] >= joined["day"])]
    out = np.zeros(person.size, dtype=bool)
    out[inside["row"].to_numpy()] = True
    return out


def assign_mechanisms(sim: Sim, people: dict[str, np.ndarray], events: dict[str, np.ndarray]):
    """3D clients: each community client's class (direct payment, managed budget,
    commissioned), by quota among those in community support on the last day; then the
    component and mechanism of their community rows."""
    rng = sim.rng
    n_people = people["council"].size
    snapshot = year_end_community(people, events)
    dp = np.clip(sim.target("3D2A") / 100, 0, 1)
    self_directed = np.clip(sim.target("3D1A") / 100, 0, 1)
    probs = np.column_stack([dp, self_directed - dp, 1 - self_directed])
    klass = choose(probs.mean(axis=0), n_people, rng)
    in_snapshot = np.flatnonzero(snapshot)
    klass[in_snapshot] = assign_by_quota(people["council"][in_snapshot], probs, rng)
    people["mechanism_class"] = klass.astype(np.int8)
    slot = events["slot"]
    main = slot == MAIN_ROW
    earlier = slot == EARLIER_ROW
    row_class = np.where(
        earlier, choose(MECH_SHARES_OTHER, slot.size, rng), klass[events["person"]]
    )
    direct = (main | earlier) & (row_class == v.DIRECT_PAYMENT)
    events["component"] = np.where(
        direct, v.COMPONENTS.code("direct_payment"), events["component"]
    ).astype(np.int16)
    mechanism = np.where(main | earlier, row_class, events["mechanism"])
    blank = (main | earlier) & (row_class == v.COMMISSIONED) & (rng.random(slot.size) < 0.02)
    events["mechanism"] = np.where(blank, -1, mechanism).astype(np.int16)


def year_end_community(people: dict[str, np.ndarray], events: dict[str, np.ndarray]) -> np.ndarray:
    """People alive on the last day whose open long-term support there is in the community."""
    open_at_end = (events["kind"] == v.SERVICE) & (events["start"] <= END) & (events["end"] >= END)
    lts = open_at_end & np.isin(
        events["service"], [v.NURSING, v.RESIDENTIAL, v.COMMUNITY, v.PRISON]
    )
    n = people["council"].size
    best = np.full(n, 99)
    np.minimum.at(best, events["person"][lts], events["service"][lts])
    return (best == v.COMMUNITY) & (people["death"] > END)


def assign_accommodation(sim: Sim, people: dict[str, np.ndarray], events: dict[str, np.ndarray]):
    """Home statuses (and the other person attributes), 2E by quota for learning disability."""
    rng = sim.rng
    n = people["council"].size
    older = age_at(people["birth"], np.full(n, END)) >= 65
    ld = people["learning_disability"]
    settled = np.where(
        ld,
        choose(v.HOME_LEARNING_DISABILITY, n, rng, v.SETTLED),
        np.where(
            older,
            choose(v.HOME_OLDER, n, rng, v.SETTLED),
            choose(v.HOME_WORKING_AGE, n, rng, v.SETTLED),
        ),
    )
    unsettled = choose(np.ones(v.UNSETTLED_AT_HOME.size), n, rng, v.UNSETTLED_AT_HOME)
    draw = rng.random(n)
    unknown = v.ACCOMMODATION.code("unknown")
    home = np.select([draw < 0.93, draw < 0.96], [settled, unsettled], unknown)
    home = np.where(ld | (people["accommodation_before"] == SETTLED_HOME), settled, home)
    cohort = ld_cohort(people, events)
    final_home = np.isin(people["accommodation_before"], [-2, SETTLED_HOME]) & (
        (people["accommodation_change"] > END) | np.isin(people["accommodation_after"], v.SETTLED)
    )
    council = people["council"]
    cohort &= ~fewer_in_care_homes(sim, people, cohort & ~final_home, cohort & final_home)
    size = np.bincount(council[cohort], minlength=sim.n_councils)
    at_home = np.bincount(council[cohort & final_home], minlength=sim.n_councils)
    target = np.clip(sim.target("2E") / 100, 0, 1)
    share = np.clip(np.round(size * target) / np.maximum(at_home, 1), 0, 1)
    chosen = np.flatnonzero(cohort & final_home)
    is_settled = assign_by_quota(council[chosen], np.column_stack([1 - share, share]), rng)
    home[chosen] = np.where(is_settled == 1, settled[chosen], unsettled[chosen])
    before = people["accommodation_before"]
    assigned = np.isin(before, [-2, SETTLED_HOME])
    people["accommodation_before"] = np.where(assigned, home, before).astype(np.int16)
    person_attributes(people, older, rng)


def fewer_in_care_homes(
    sim: Sim, people: dict[str, np.ndarray], away: np.ndarray, at_home: np.ndarray
) -> np.ndarray:
    """Drop the learning disability flag of enough 2E people in care homes (their support
    reason becomes another one) that care homes hold at most CARE_HOME_PART of each
    council's 2E shortfall; the rest of the shortfall is people at home but unsettled.
    Returns the people dropped."""
    council = people["council"]
    home = np.bincount(council[at_home], minlength=sim.n_councils)
    part = CARE_HOME_PART * (1 - np.clip(sim.target("2E") / 100, 0, 1))
    allowed = np.floor(part * home / (1 - part)).astype(np.int64)
    keep = pick_per_group(council, away, allowed, sim.rng)
    dropped = away.copy()
    dropped[keep] = False
    people["learning_disability"] = people["learning_disability"] & ~dropped
    return dropped


def ld_cohort(people: dict[str, np.ndarray], events: dict[str, np.ndarray]) -> np.ndarray:
    """People with a learning disability in long-term support in 2023-24, aged 18-64 (2E)."""
    first, last = REPORTING_YEAR
    lts = (events["kind"] == v.SERVICE) & (events["service"] <= v.PRISON)
    active = lts & (events["start"] <= last) & (events["end"] >= first)
    n = people["council"].size
    latest = np.full(n, -1)
    np.maximum.at(latest, events["person"][active], np.minimum(events["end"][active], last))
    age = age_at(people["birth"], np.maximum(latest, 0))
    alive = people["death"] >= first
    return people["learning_disability"] & (latest >= 0) & alive & (age >= 18) & (age <= 64)


def person_attributes(people: dict[str, np.ndarray], older: np.ndarray, rng: Rng) -> None:
    """Gender, ethnicity, support reason, employment, funding and unpaid-carer status."""
    n = older.size
    carer = people["client_type"] > 0
    people["gender"] = choose(np.array([0.40, 0.59, 0.003, 0.007]), n, rng).astype(np.int16)
    ld = people["learning_disability"]
    people["gender"] = np.where(ld & (rng.random(n) < 0.15), 0, people["gender"]).astype(np.int16)
    people["ethnicity"] = choose(v.ETHNICITY_SHARES, n, rng).astype(np.int16)
    psr = np.where(older, choose(v.PSR_OLDER, n, rng), choose(v.PSR_WORKING_AGE, n, rng))
    psr = np.where(ld, v.LEARNING_DISABILITY, psr)
    carer_psr = np.where(rng.random(n) < 0.3, v.SUPPORT_REASONS.code("carer_support"), -1)
    people["psr"] = np.where(carer, carer_psr, psr).astype(np.int16)
    people["employment"] = np.where(
        older, choose(v.EMPLOYMENT_OLDER, n, rng), choose(v.EMPLOYMENT_WORKING_AGE, n, rng)
    ).astype(np.int16)
    funding = choose(np.array([0.50, 0.40, 0.03, 0.07]), n, rng)
    people["funding"] = np.where(carer, -1, funding).astype(np.int16)
    has_carer = choose(np.array([0.25, 0.40, 0.35]), n, rng)
    linked = people["linked"][carer]
    has_carer[linked[linked >= 0]] = 0
    people["has_carer"] = np.where(carer, -1, has_carer).astype(np.int16)
    people["no_nhs_number"] = rng.random(n) < 0.03
    people["no_birth_date"] = (people["pathway"] == REQUEST_PATH) & (rng.random(n) < 0.02)
