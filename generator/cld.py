"""Synthetic Adult Social Care Client Level Data (CLD): one CSV file per council submission.

Files are `cld/<LA code>_<reporting period end>_<submission number>.csv`, one per
submission, for the quarters of 2022-23 (the look-back) and 2023-24; each reporting period is
one quarter. A council sends one or more submissions for a quarter: the last one (latest
`submitted_at`) is the true picture of the quarter, earlier ones differ slightly (a few rows
missing, events not yet closed, more unknown and junk values). Exact duplicate rows occur
across a quarter's submissions (every unchanged row) and, rarely, inside a file.

A file holds the events "in" its quarter: requests, assessments and reviews that start by
the quarter end and end in it or later (then shown open, without end date or outcome), and
services running at any time in the quarter (open services have no end date). Person
details are those known at the event (accommodation status changes over time); a death is
shown once it happened.

Values mix release 1 and release 2 wordings (councils move to release 2 at different
quarters), with some case and trailing-space variants, a small share of unmappable junk
values, a few impossible dates, and some files with dd/mm/yyyy dates. NHS numbers are
10-digit numbers that fail the NHS modulus-11 check (never a real person's), sometimes
written with spaces (`943 476 5919`). See generator/cld_values.py for the value sets and
generator/cld_truth.py for the histories and their calibration.

Every string value is written quoted (pyarrow's CSV writer); the header is not.

Scale 1.0 is England-sized: about 1.1 million people and 3.5 million distinct events, in
10 million rows across about 1,650 files (4 GB); scale 0.05 writes about 500,000 rows.
Writing into a folder first deletes the CLD files (names as above) already in its cld/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from generator import cld_truth, ons
from generator import cld_values as v
from generator.cld_truth import DAY0, END, OPEN, Truth
from generator.reference import Reference
from generator.sampling import Rng

FOLDER = "cld"
FILE_NAME = re.compile(r"^[0-9A-Za-z]+_\d{4}-\d{2}-\d{2}_\d+\.csv$")
QUARTER_ENDS = np.array(
    [
        *["2022-06-30", "2022-09-30", "2022-12-31", "2023-03-31"],
        *["2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31"],
    ],
    dtype="datetime64[D]",
)
QUARTER_END_DAYS = (QUARTER_ENDS - DAY0).astype(np.int64)
QUARTER_START_DAYS = np.concatenate([[0], QUARTER_END_DAYS[:-1] + 1])
N_QUARTERS = QUARTER_ENDS.size
MAX_SUBMISSIONS = 3
# Submissions per quarter: 2022-23 mostly one, 2023-24 often two or three.
SUBMISSION_SHARES = (np.array([0.92, 0.08, 0.0]), np.array([0.50, 0.38, 0.12]))
# Quarter index from which a council writes release 2 wording (N_QUARTERS: never).
R2_FROM = np.array([5, 6, 7, N_QUARTERS])
R2_FROM_SHARES = np.array([0.15, 0.30, 0.25, 0.30])
OTHER_RELEASE_RATE = 0.03  # rows in the other release's wording (migrated records)
UK_DATE_COUNCILS = 0.12  # councils writing dd/mm/yyyy dates in every file
UK_DATE_FILES = 0.04  # and other files that do
SPACED_NHS_COUNCILS = 0.20  # councils writing NHS numbers as 943 476 5919
SPACED_NHS_ROWS = 0.03
UNSTABLE_REFERENCE_COUNCILS = 0.10  # event references renumbered in every submission
MISSING_NHS_ROWS = 0.01
DUPLICATE_ROWS = 0.003  # exact duplicates inside a file
INVALID_DATE_CELLS = 0.0002
END_BEFORE_START_ROWS = 0.0003
UNKNOWN_ACCOMMODATION_ROWS = 0.005
# Earlier (superseded) submissions of a quarter.
EARLY_MISSING_ROWS = 0.02
EARLY_NOT_CLOSED = 0.04
EARLY_UNKNOWN_ACCOMMODATION = 0.01
EARLY_NOISE = 3.0  # case and junk rates are this many times higher
CASE_RATE = 0.003  # cells in a case or trailing-space variant
MESSY_COUNCILS = 0.10  # councils whose exports vary case and spacing much more
MESSY_CASE_RATE = 0.15
JUNK_RATES = {
    "Gender": 0.003,
    "Ethnicity": 0.005,
    "Client Type": 0.0005,
    "Primary Support Reason": 0.002,
    "Accommodation Status": 0.002,
    "Employment Status": 0.005,
    "Has Unpaid Carer": 0.005,
    "Client Funding Status": 0.005,
    "Event Type": 0.0002,
    "Event Outcome": 0.001,
    "Request: Route of Access": 0.003,
    "Assessment Type": 0.003,
    "Service Type": 0.0005,
    "Service Component": 0.001,
    "Delivery Mechanism": 0.002,
}
INVALID_DATES = ("2023-02-30", "2023-13-01", "2023-04-31", "0000-00-00", "2023-06-31")
INVALID_DATES_UK = ("30/02/2023", "01/13/2023", "31/04/2023", "00/00/0000", "31/06/2023")
FIRST_DATE = np.datetime64("1900-01-01", "D")
LAST_DATE = np.datetime64("2025-12-31", "D")

COLUMNS = [
    "LA Code",
    "NHS Number",
    "LA Person Unique Identifier",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Date of Death",
    "Client Type",
    "Primary Support Reason",
    "Accommodation Status",
    "Employment Status",
    "Has Unpaid Carer",
    "Client Funding Status",
    "Event Type",
    "Event Reference",
    "Event Start Date",
    "Event End Date",
    "Event Outcome",
    "Request: Route of Access",
    "Assessment Type",
    "Service Type",
    "Service Component",
    "Delivery Mechanism",
    "Adult 1 Linked Person ID",
    "Reporting Period Start Date",
    "Reporting Period End Date",
    "submitted_at",
]
BLANK_DAY = -1_000_000  # a date cell left empty


def generate(
    out_dir: Path, reference: Reference, population_table: pd.DataFrame, rng: Rng
) -> dict[str, int]:
    """Simulate every council's clients and write their submissions; rows per file.

    population_table is the generated ONS table (generator/ons.py): CLD volumes and the
    2B/2C admissions follow its residents, so rates per 100,000 stay calibrated at any scale.
    """
    truth = simulate(reference, population_table, rng)
    return write_submissions(out_dir, reference.codes, truth, rng, years_after_2023_24(reference))


def years_after_2023_24(reference: Reference) -> int:
    """How many years the reference's framework year is after 2023-24 (1 for 2024-25).

    The histories are simulated on the 2023-24 calendar (generator/cld_truth.py: the reporting
    year and a year of look-back); a later year's files show every date that many calendar years
    later (29 February becomes 28 February), so each event keeps its place in the year."""
    return int(reference.year[:4]) - 2023


def shift_years(values: np.ndarray, years: int) -> np.ndarray:
    """Dates (datetime64 of any unit) moved by whole calendar years."""
    if years == 0:
        return values
    shifted = pd.DatetimeIndex(values.ravel()) + pd.DateOffset(years=years)
    return shifted.to_numpy().astype(values.dtype).reshape(values.shape)


def simulate(reference: Reference, population_table: pd.DataFrame, rng: Rng) -> Truth:
    """The histories (see generator/cld_truth.py)."""
    bands = ons.council_bands(population_table, reference.codes)
    older_at_home = reference.targets(["2E2B"])["2E2B"].to_numpy(dtype=float)
    return cld_truth.simulate(
        reference.targets(cld_truth.METRICS),
        bands,
        rng,
        older_at_home if np.isfinite(older_at_home).all() else None,
    )


@dataclass(frozen=True)
class Plan:
    """Per council x quarter: submissions and their times; per council: file habits."""

    submissions: np.ndarray  # councils x quarters
    submitted_at: np.ndarray  # councils x quarters x MAX_SUBMISSIONS, datetime64[s]
    r2_from: np.ndarray  # councils
    uk_dates: np.ndarray  # councils x quarters x MAX_SUBMISSIONS (bool)
    spaced_nhs: np.ndarray  # councils
    unstable_reference: np.ndarray  # councils
    case_rate: np.ndarray  # councils
    salt: int  # keys the per-record quirks (see stable_draws)


def plan_submissions(n_councils: int, rng: Rng) -> Plan:
    shape = (n_councils, N_QUARTERS)
    year = np.arange(N_QUARTERS) >= 4
    counts = np.where(
        year[None, :],
        rng.choice(3, shape, p=SUBMISSION_SHARES[1]),
        rng.choice(3, shape, p=SUBMISSION_SHARES[0]),
    )
    first = rng.integers(18, 40, shape)
    gaps = rng.integers(3, 16, (*shape, MAX_SUBMISSIONS))
    gaps[..., 0] = first
    days = QUARTER_ENDS[None, :, None] + np.cumsum(gaps, axis=2).astype("timedelta64[D]")
    seconds = rng.integers(7 * 3600, 19 * 3600, days.shape).astype("timedelta64[s]")
    uk_council = rng.random(n_councils) < UK_DATE_COUNCILS
    uk_file = rng.random((*shape, MAX_SUBMISSIONS)) < UK_DATE_FILES
    return Plan(
        submissions=counts + 1,
        submitted_at=days.astype("datetime64[s]") + seconds,
        r2_from=rng.choice(R2_FROM, n_councils, p=R2_FROM_SHARES),
        uk_dates=uk_council[:, None, None] | uk_file,
        spaced_nhs=rng.random(n_councils) < SPACED_NHS_COUNCILS,
        unstable_reference=rng.random(n_councils) < UNSTABLE_REFERENCE_COUNCILS,
        case_rate=np.where(rng.random(n_councils) < MESSY_COUNCILS, MESSY_CASE_RATE, CASE_RATE),
        salt=int(rng.integers(0, 2**62)),
    )


def write_submissions(
    out_dir: Path, codes: np.ndarray, truth: Truth, rng: Rng, year_shift: int = 0
) -> dict[str, int]:
    """Write every council's submission files under out_dir/cld; return rows per file.

    year_shift: calendar years every shown date is moved by (years_after_2023_24)."""
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if FILE_NAME.match(stale.name):
            stale.unlink()
    plan = plan_submissions(codes.size, rng)
    plan = replace(plan, submitted_at=shift_years(plan.submitted_at, year_shift))
    pools = Pools.build(truth, year_shift)
    events = sorted_events(truth)
    bounds = np.searchsorted(events["council"], np.arange(codes.size + 1))
    written: dict[str, int] = {}
    for council in range(codes.size):
        chunk = {k: a[bounds[council] : bounds[council + 1]] for k, a in events.items()}
        rows = expand_rows(chunk, plan, council, rng)
        table = render(rows, chunk, truth.people, pools, plan, council, rng)
        written.update(
            write_files(folder, table, rows, plan, council, str(codes[council]), year_shift)
        )
    return written


def sorted_events(truth: Truth) -> dict[str, np.ndarray]:
    """Events with their council and id, sorted by council, person and start."""
    events = dict(truth.events)
    events["id"] = np.arange(events["person"].size)
    events["council"] = truth.people["council"][events["person"]]
    order = np.lexsort((events["kind"], events["start"], events["person"], events["council"]))
    return {k: a[order] for k, a in events.items()}


@dataclass(frozen=True)
class Pools:
    """Strings rendered once and taken by index: dates, people's identifiers, value sets."""

    dates: pa.Array  # ISO dates, then dd/mm/yyyy dates, then invalid ISO, invalid UK
    nhs: pa.Array  # per person: plain, then spaced
    person_id: pa.Array
    values: dict[str, pa.Array]

    @classmethod
    def build(cls, truth: Truth, year_shift: int = 0) -> Pools:
        """year_shift: the calendar years a day is shown after its simulated date."""
        days = shift_years(np.arange(FIRST_DATE, LAST_DATE + 1), year_shift)
        iso = pa.array(days).cast(pa.string())
        uk = pc.strftime(pa.array(days.astype("datetime64[s]")), format="%d/%m/%Y")
        dates = pa.concat_arrays(
            [iso, uk.cast(pa.string()), pa.array(INVALID_DATES), pa.array(INVALID_DATES_UK)]
        )
        n = truth.people["council"].size
        digits = failing_nhs_numbers(n)
        plain = pa.array(digits).cast(pa.string())
        spaced = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(plain, 0, 3),
            pc.utf8_slice_codeunits(plain, 3, 6),
            pc.utf8_slice_codeunits(plain, 6, 10),
            " ",
        )
        person_id = pc.binary_join_element_wise(
            "P", pc.utf8_lpad(pa.array(scrambled_ids(n)).cast(pa.string()), 7, "0"), ""
        )
        values = {name: vocab.pool() for name, vocab in v.CATEGORICAL.items()}
        return cls(
            dates=dates,
            nhs=pa.concat_arrays([plain, spaced]),
            person_id=person_id,
            values=values,
        )


def failing_nhs_numbers(n: int) -> np.ndarray:
    """Distinct 10-digit numbers whose last digit is never the NHS modulus-11 check digit."""
    prefix = 400_000_000 + (np.arange(n, dtype=np.int64) * 982_451_653 + 12_345) % 500_000_000
    digits = (prefix[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    remainder = (digits * np.arange(10, 1, -1)).sum(axis=1) % 11
    check = (11 - remainder) % 11  # 10 means no valid number has this prefix
    last = np.where(check == 10, prefix % 10, (check + 1 + prefix % 9) % 10)
    return prefix * 10 + last


def scrambled_ids(n: int) -> np.ndarray:
    """Distinct 7-digit person numbers in a scrambled order (distinct for n < 10 million)."""
    return (np.arange(n, dtype=np.int64) * 3_276_509 + 1_234_567) % 10_000_000


@dataclass
class Rows:
    """One entry per output row of one council: which event, which quarter and submission."""

    event: np.ndarray  # position in the council's event chunk
    quarter: np.ndarray
    submission: np.ndarray  # 1-based
    final: np.ndarray  # the quarter's last submission

    def select(self, index: np.ndarray) -> Rows:
        return Rows(
            self.event[index], self.quarter[index], self.submission[index], self.final[index]
        )


def expand_rows(chunk: dict[str, np.ndarray], plan: Plan, council: int, rng: Rng) -> Rows:
    """Every (event, quarter, submission) row of the council, ordered file by file."""
    start, end = chunk["start"], chunk["end"]
    first = np.searchsorted(QUARTER_END_DAYS, start, side="left")
    last = np.searchsorted(QUARTER_START_DAYS, np.minimum(end, END), side="right") - 1
    span = np.maximum(last - first + 1, 0)
    event = np.repeat(np.arange(start.size), span)
    offset = np.arange(event.size) - np.repeat(np.cumsum(span) - span, span)
    quarter = first[event] + offset
    copies = plan.submissions[council][quarter]
    event, quarter = np.repeat(event, copies), np.repeat(quarter, copies)
    within = np.arange(event.size) - np.repeat(np.cumsum(copies) - copies, copies)
    submission = within + 1
    final = submission == plan.submissions[council][quarter]
    keep = final | (rng.random(event.size) >= EARLY_MISSING_ROWS)
    twice = np.where(rng.random(event.size) < DUPLICATE_ROWS, 2, 1) * keep
    rows = Rows(event, quarter, submission, final).select(np.repeat(np.arange(event.size), twice))
    order = np.argsort(rows.quarter * MAX_SUBMISSIONS + rows.submission, kind="stable")
    return rows.select(order)


def render(
    rows: Rows,
    chunk: dict[str, np.ndarray],
    people: dict[str, np.ndarray],
    pools: Pools,
    plan: Plan,
    council: int,
    rng: Rng,
) -> dict[str, pa.Array]:
    """The council's rows as string columns (all but the LA code).

    The quirks of a record (a case variant, a junk value, a spaced NHS number) are drawn
    from its event, not its row, so every submission shows the same record the same way;
    only earlier submissions add their own (more unknown, junk and open events).
    """
    n = rows.event.size
    ev = rows.event
    draw = stable_draws(chunk["id"][ev], plan.salt)
    person = chunk["person"][ev]
    quarter_end = QUARTER_END_DAYS[rows.quarter]
    early = ~rows.final
    end = chunk["end"][ev]
    shown_end = np.where(end <= quarter_end, end, BLANK_DAY)
    shown_end = np.where(early & (rng.random(n) < EARLY_NOT_CLOSED), BLANK_DAY, shown_end)
    closed = shown_end != BLANK_DAY
    start = chunk["start"][ev]
    swapped = closed & (draw(1) < END_BEFORE_START_ROWS)
    shown_end = np.where(swapped, start - 1 - np.floor(draw(2) * 30).astype(np.int64), shown_end)
    release = (rows.quarter < plan.r2_from[council]).astype(np.int64)
    release ^= draw(3) < OTHER_RELEASE_RATE
    uk = plan.uk_dates[council, rows.quarter, rows.submission - 1]
    columns: dict[str, pa.Array] = {}
    spaced = plan.spaced_nhs[council] | (draw(4) < SPACED_NHS_ROWS)
    missing = people["no_nhs_number"][person] | (draw(5) < MISSING_NHS_ROWS)
    nhs_index = person + spaced * people["council"].size
    columns["NHS Number"] = pools.nhs.take(pa.array(nhs_index, mask=missing))
    columns["LA Person Unique Identifier"] = pools.person_id.take(pa.array(person))
    at_day = np.where(closed, np.minimum(shown_end, quarter_end), quarter_end)
    unknown_rate = np.where(early, EARLY_UNKNOWN_ACCOMMODATION, UNKNOWN_ACCOMMODATION_ROWS)
    status = accommodation(person, at_day, people)
    status = np.where(draw(6) < unknown_rate, v.ACCOMMODATION.code("unknown"), status)
    codes = {
        "Gender": people["gender"][person],
        "Ethnicity": people["ethnicity"][person],
        "Client Type": people["client_type"][person],
        "Primary Support Reason": people["psr"][person],
        "Accommodation Status": status,
        "Employment Status": people["employment"][person],
        "Has Unpaid Carer": people["has_carer"][person],
        "Client Funding Status": people["funding"][person],
        "Event Type": chunk["kind"][ev],
        "Event Outcome": np.where(closed, chunk["outcome"][ev], -1),
        "Request: Route of Access": chunk["route"][ev],
        "Assessment Type": chunk["assessment"][ev],
        "Service Type": chunk["service"][ev],
        "Service Component": chunk["component"][ev],
        "Delivery Mechanism": chunk["mechanism"][ev],
    }
    noise = np.where(early, EARLY_NOISE, 1.0)
    for salt, (name, vocab) in enumerate(v.CATEGORICAL.items(), start=10):
        index = v.pool_index(
            codes[name],
            release,
            len(vocab),
            plan.case_rate[council] * noise,
            JUNK_RATES[name] * noise,
            draw(salt),
            draw(salt + 100),
        )
        columns[name] = v.take(pools.values[name], index)
    birth = np.where(people["no_birth_date"][person], BLANK_DAY, people["birth"][person])
    death = people["death"][person]
    columns["Date of Birth"] = dates(birth, uk, pools, draw(7))
    columns["Date of Death"] = dates(np.where(death <= quarter_end, death, BLANK_DAY), uk, pools)
    columns["Event Reference"] = references(chunk["id"][ev], rows, plan.unstable_reference[council])
    columns["Event Start Date"] = dates(start, uk, pools, draw(8))
    columns["Event End Date"] = dates(shown_end, uk, pools, draw(9))
    columns["Reporting Period Start Date"] = dates(QUARTER_START_DAYS[rows.quarter], uk, pools)
    columns["Reporting Period End Date"] = dates(QUARTER_END_DAYS[rows.quarter], uk, pools)
    stamps = pa.array(plan.submitted_at[council].ravel().astype(str).tolist())
    columns["submitted_at"] = stamps.take(
        pa.array(rows.quarter * MAX_SUBMISSIONS + rows.submission - 1)
    )
    linked = people["linked"][person]
    columns["Adult 1 Linked Person ID"] = pools.person_id.take(
        pa.array(np.maximum(linked, 0), mask=linked < 0)
    )
    return columns


def stable_draws(keys: np.ndarray, salt: int):
    """draw(k): a uniform number per key, the same whenever the key recurs (splitmix64)."""
    base = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt % 2**64)

    def draw(k: int) -> np.ndarray:
        x = base + np.uint64(k * 0xD1B54A32D192ED03 % 2**64)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
        return (x >> np.uint64(11)).astype(np.float64) / 2.0**53

    return draw


def accommodation(person: np.ndarray, at_day: np.ndarray, people: dict) -> np.ndarray:
    """Status known at the event (its end, or the quarter end if still open)."""
    changed = people["accommodation_change"][person] <= at_day
    return np.where(
        changed, people["accommodation_after"][person], people["accommodation_before"][person]
    )


def dates(
    day: np.ndarray, uk: np.ndarray, pools: Pools, draw: np.ndarray | None = None
) -> pa.Array:
    """Date strings (ISO or dd/mm/yyyy per row) of day numbers; BLANK_DAY or OPEN are blank.

    With draws (uniform per row), a share INVALID_DATE_CELLS of cells is an impossible date.
    """
    n_days = int((LAST_DATE - FIRST_DATE).astype(np.int64)) + 1
    index = day + int((DAY0 - FIRST_DATE).astype(np.int64)) + uk * n_days
    blank = (day == BLANK_DAY) | (day >= OPEN)
    if draw is not None:
        invalid = ~blank & (draw < INVALID_DATE_CELLS)
        pick = np.floor(draw / INVALID_DATE_CELLS * len(INVALID_DATES)).astype(np.int64)
        bad = 2 * n_days + np.minimum(pick, len(INVALID_DATES) - 1) + uk * len(INVALID_DATES)
        index = np.where(invalid, bad, index)
    return pools.dates.take(pa.array(index, mask=blank))


def references(event_id: np.ndarray, rows: Rows, unstable: bool) -> pa.Array:
    """Event references: stable per event, or renumbered in every submission."""
    if unstable:
        number = (rows.quarter * MAX_SUBMISSIONS + rows.submission) * 10_000_000
        number = number + np.arange(event_id.size)
        prefix = "R"
    else:
        number, prefix = event_id + 1_000_000, "EV"
    return pc.binary_join_element_wise(prefix, pa.array(number).cast(pa.string()), "")


def write_files(
    folder: Path,
    columns: dict[str, pa.Array],
    rows: Rows,
    plan: Plan,
    council: int,
    code: str,
    year_shift: int = 0,
) -> dict[str, int]:
    """Slice the council's rows into one file per submission and write them.

    pyarrow's CSV writer quotes every string value (valid CSV, fast); the header is plain.
    """
    header = (",".join(COLUMNS) + "\n").encode()
    table = pa.table([columns[name] for name in COLUMNS[1:]], names=COLUMNS[1:])
    options = pacsv.WriteOptions(include_header=False)
    file_key = rows.quarter * MAX_SUBMISSIONS + rows.submission - 1
    written = {}
    quarter_ends = shift_years(QUARTER_ENDS, year_shift)
    for quarter in range(N_QUARTERS):
        for submission in range(1, plan.submissions[council, quarter] + 1):
            key = quarter * MAX_SUBMISSIONS + submission - 1
            low, high = np.searchsorted(file_key, [key, key + 1])
            part = table.slice(low, high - low)
            part = part.add_column(0, COLUMNS[0], pa.repeat(pa.scalar(code), part.num_rows))
            name = f"{code}_{quarter_ends[quarter]}_{submission}.csv"
            with open(folder / name, "wb") as out:
                out.write(header)
                pacsv.write_csv(part, out, options)
            written[f"{FOLDER}/{name}"] = part.num_rows
    return written
