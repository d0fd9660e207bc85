"""Rebuild the reference seeds from the published files in DIR/data (downloaded, not shipped).

published_ascof_outcomes.csv holds the ASCOF outcomes file (2017-18 to 2023-24, Total outcome)
plus, from the ASCOF time-series tables published with the 2024-25 release, the 2023-24 outcomes
of 4B, 6A and 6B, which that file lacks, and every 2024-25 outcome (6B: its "6b" part, the measure
itself), under the codes exported for 2024-25 (brackets dropped: 2E(2A) -> 2E2A).

Run it when DHSC publishes a new year or the council list changes:

    python scripts/build_reference_seeds.py --shared DIR
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "reference"

COUNCIL_TYPE_CODES = {
    "Shire Counties": "SC",
    "Unitary Authorities": "UA",
    "Metropolitan Districts": "MD",
    "Inner London": "IL",
    "Outer London": "OL",
}


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def build_geographies(shared: Path) -> None:
    source = shared / "data" / "reference" / "ascof_geographies_2023_24.csv"
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = [r for r in rows if r["nhs_code"] and not r["council_type"]]
    region_codes = {r["region_name"]: r["nhs_code"] for r in regions}
    councils = [r for r in rows if r["council_type"]]
    write_csv(
        SEEDS / "regions.csv",
        ["region_code", "region_name", "region_ons_code"],
        [[r["nhs_code"], r["region_name"], r["ons_code"]] for r in regions],
    )
    write_csv(
        SEEDS / "council_types.csv",
        ["council_type_code", "council_type_name"],
        [[code, name] for name, code in COUNCIL_TYPE_CODES.items()],
    )
    write_csv(
        SEEDS / "councils.csv",
        [
            "council_code",
            "council_name",
            "council_ons_code",
            "council_type_code",
            "council_type_name",
            "region_code",
            "region_name",
        ],
        [
            [
                r["nhs_code"],
                r["geography_name"],
                r["ons_code"],
                COUNCIL_TYPE_CODES[r["council_type"]],
                r["council_type"],
                region_codes[r["region_name"]],
                r["region_name"],
            ]
            for r in councils
        ],
    )


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


REGION_CODES = {"NE", "NW", "YH", "EM", "WM", "E", "L", "SE", "SW"}
COUNCIL_TYPE_CODES_IN_TABLES = {"S", "U", "M", "I", "O"}
# Outcomes taken from the ASCOF time-series tables (2024-25 release), per year: the measures the
# outcomes file lacks for 2023-24, and every measure of 2024-25 (None: all of them). The Part
# whose outcome is the measure itself is 6B's "6b"; the other measures have none.
TABLES_MEASURES = {"2023-24": {"4B", "6A", "6B"}, "2024-25": None}
MEASURE_PARTS = {"6B": "6b"}


def export_code(measure: str) -> str:
    """A published code as exported: brackets dropped, letters upper case (2E(2a) -> 2E2A)."""
    return measure.replace("(", "").replace(")", "").upper()


def is_tables_outcome(row: dict[str, str]) -> bool:
    """A measure's own outcome row of a year and measure taken from the tables."""
    if row["Year"] not in TABLES_MEASURES or row["Measure Type"] != "outcome":
        return False
    measures = TABLES_MEASURES[row["Year"]]
    if measures is not None and row["Measure"] not in measures:
        return False
    return row["Part"] == MEASURE_PARTS.get(row["Measure"], "")


def tables_geography_level(code: str) -> str | None:
    """Geographical level of a Local Authority Code of the tables file; None when not one."""
    if code == "England":
        return "England"
    if code in REGION_CODES:
        return "Region"
    if code in COUNCIL_TYPE_CODES_IN_TABLES:
        return "Council Type"
    if code.startswith("["):  # [z]: a combined row (Cornwall and Isles of Scilly)
        return None
    return "Council"


def councils_by_nhs_code(shared: Path) -> dict[str, tuple[str, str]]:
    """NHS council code -> (name, ONS code) of the 2023-24 reference geographies."""
    source = shared / "data" / "reference" / "ascof_geographies_2023_24.csv"
    with source.open(encoding="utf-8") as handle:
        return {
            r["nhs_code"]: (r["geography_name"], r["ons_code"])
            for r in csv.DictReader(handle)
            if r["council_type"]
        }


def published_from_tables(shared: Path) -> list[list[str]]:
    """Outcomes of TABLES_MEASURES from the time-series tables, as seed rows.

    The tables key councils by NHS code; a council's name and ONS code are taken from the
    reference geographies by that code (the tables call Dorset, 809, "Dorset County" with the
    old county's ONS code), so every council's value reaches it.
    """
    source = shared / "data" / "published" / "ascof_tables_2015_16_to_2024_25.csv"
    councils = councils_by_nhs_code(shared)
    out = []
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not is_tables_outcome(row):
                continue
            measure = export_code(row["Measure"])
            level = tables_geography_level(row["Local Authority Code"])
            value = row["Value"].strip()
            # [x] not available, [c] suppressed, [z] not applicable: no value to compare with
            if level is None or not is_number(value):
                continue
            name = row["Geography"]
            ons_code = row["ONS Code"] if is_number_free_code(row["ONS Code"]) else ""
            if level == "Council":
                name, ons_code = councils.get(row["Local Authority Code"], (name, ons_code))
            out.append([row["Year"], level, name, ons_code, measure, value])
    return first_of_each(out)


def first_of_each(rows: list[list[str]]) -> list[list[str]]:
    """One row per year, level, geography and measure: the tables list some councils twice
    under one NHS code (2024-25's survey sheets hold 809 as "Dorset County" and "Dorset")."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for row in rows:
        key = (row[0], row[1], row[3] or row[2], row[4])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def is_number_free_code(code: str) -> bool:
    """An ONS code (E06000063, E92000001), not a marker such as [z]."""
    return bool(code) and not code.startswith("[")


def build_published(shared: Path) -> None:
    source = shared / "data" / "published" / "ascof_outcomes_2017_18_to_2023_24.csv"
    out = []
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            value = row["Measure_Value"].strip()
            # a handful of published rows carry unit text in the value column: not a value
            if not is_number(value):
                continue
            out.append(
                [
                    row["Year"],
                    row["Geographical Level"],
                    row["Geographical Description"],
                    row["ONS Code"] if row["ONS Code"] != "-" else "",
                    row["Measure Group"],
                    value,
                ]
            )
    known = {(r[0], r[1].lower(), r[3] or r[2], r[4]) for r in out}
    out += [
        row
        for row in published_from_tables(shared)
        if (row[0], row[1].lower(), row[3] or row[2], row[4]) not in known
    ]
    write_csv(
        SEEDS / "published_ascof_outcomes.csv",
        [
            "reporting_year",
            "geography_level",
            "geography_name",
            "ons_code",
            "measure_group",
            "published_value",
        ],
        out,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    SEEDS.mkdir(parents=True, exist_ok=True)
    build_geographies(args.shared)
    build_published(args.shared)


if __name__ == "__main__":
    main()
