"""`make calibration`: do England-sized synthetic surveys reproduce the published values?

For a framework year (--year, default 2023-24; 2024-25 has the service users' survey only, SACE
not being run), generates the surveys at scale 1.0, builds, and checks for every survey metric
published that year that the
England outcome is within 0.5 points of the published value (0.05 for the scores 1A and 1C,
0.005 for 1B) and that council outcomes correlate at least 0.95 with the published council
values. Prints the table; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb

PROJECT = Path(__file__).resolve().parent.parent
WORK = PROJECT / "target" / "calibration"
TOLERANCE = {"1A": 0.05, "1C": 0.05, "1B": 0.005}
SURVEY_METRICS = ["1A", "1B", "1C", "1D", "1E", "3A", "3B", "3C1", "3C2", "4A", "5A1", "5A2"]
MINIMUM_CORRELATION = 0.95

COMPARISON = """
with ours as (
    select r.metric_code, r.geography_level, c.council_ons_code, r.outcome
    from marts.ascof_metric_results as r
    left join reference.councils as c on r.geography_code = c.council_code
    where r.disaggregation_level = 'Total'
),
published as (
    select measure_group, geography_level, ons_code, published_value
    from reference.published_ascof_outcomes
    where reporting_year = ?
)
select
    ours.metric_code,
    max(case when ours.geography_level = 'England' then ours.outcome end) as england,
    max(case when published.geography_level = 'England' then published.published_value end)
        as england_published,
    corr(
        case when ours.geography_level = 'Council' then ours.outcome end,
        case when ours.geography_level = 'Council' then published.published_value end
    ) as council_correlation
from ours
inner join published
    on ours.metric_code = published.measure_group
    and ours.geography_level = published.geography_level
    and (ours.geography_level = 'England' or ours.council_ons_code = published.ons_code)
group by ours.metric_code
order by ours.metric_code
"""


def published_survey_metrics(year: str) -> list[str]:
    """The survey metrics the year publishes (seed framework_measures)."""
    with (PROJECT / "seeds" / "config" / "framework_measures.csv").open(encoding="utf-8") as f:
        published = {
            row["measure_group"]
            for row in csv.DictReader(f)
            if row["framework_year"] == year and row["publication_status"] == "published"
        }
    return [code for code in SURVEY_METRICS if code in published]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", default="2023-24")
    year = parser.parse_args().year
    metrics = published_survey_metrics(year)
    surveys = "ascs,sace" if any(code in metrics for code in ("1C", "1E", "5A2")) else "ascs"
    ascof = str(Path(sys.executable).parent / "ascof")
    env = {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "ASCOF_DUCKDB_PATH": str(WORK / "calibration.duckdb"),
        "DBT_TARGET_PATH": str(WORK / "target"),
    }
    data = str(WORK / f"data_{year}")
    subprocess.run(
        [
            ascof,
            "--quiet",
            "generate",
            "--year",
            year,
            "--out",
            data,
            "--scale",
            "1",
            "--sources",
            surveys,
        ],  # fmt: skip
        check=True,
        env=env,
    )
    subprocess.run(
        [ascof, "--quiet", "build", "--year", year, "--data-dir", data], check=True, env=env
    )
    with duckdb.connect(str(WORK / "calibration.duckdb"), read_only=True) as connection:
        rows = connection.execute(COMPARISON, [year]).fetchall()
    failures = []
    print(
        f"{year}: {'metric':<7}{'England':>10}{'published':>11}{'difference':>12}{'council r':>11}"
    )
    for code, england, published, correlation in rows:
        if code not in metrics:
            continue
        difference = england - published
        print(f"{code:<7}{england:>10.3f}{published:>11.3f}{difference:>12.3f}{correlation:>11.4f}")
        if abs(difference) > TOLERANCE.get(code, 0.5):
            failures.append(f"{code}: England differs from published by {difference:.3f}")
        if correlation < MINIMUM_CORRELATION:
            failures.append(
                f"{code}: council correlation {correlation:.3f} < {MINIMUM_CORRELATION}"
            )
    if len([r for r in rows if r[0] in metrics]) != len(metrics):
        failures.append("not every survey metric was computed")
    for failure in failures:
        print("FAIL", failure)
    print("calibration: ok" if not failures else "calibration: FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
