"""Rebuild the reference seeds from the published files in DIR/data (downloaded, not shipped).

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
