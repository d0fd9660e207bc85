"""`ascof compare`: this build's outcomes against the published 2023-24 ASCOF values.

The comparison itself is the dbt mart ascof_published_comparison (and its per-metric summary);
this command optionally builds first, prints the summary and the largest differences, and writes
the mart's export table as CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import duckdb
import pandas as pd

from runner.build import Inputs, check_inputs, data_dir_option, run_build
from runner.errors import UserError
from runner.export import open_marts, staged_files
from runner.settings import (
    DEFAULT_YEAR,
    MARTS_SCHEMA,
    GlobalOptions,
    Settings,
    check_year,
    pass_options,
)

REFERENCE_SCHEMA = "reference"
COMPARISON_TABLE = "ascof_published_comparison"
EXPORT_TABLE = "export_ascof_published_comparison"
SUMMARY_TABLE = "ascof_published_comparison_summary"
LEVELS = ("Council", "Region", "Council Type", "England")
TITLE_WIDTH = 44


@dataclass(frozen=True)
class Comparison:
    """What the marts say: every geography and metric, and the per-metric summary."""

    rows: pd.DataFrame
    summary: pd.DataFrame


def read_comparison(connection: duckdb.DuckDBPyConnection) -> Comparison:
    """The comparison mart with each metric's title and decimals, and its summary."""
    try:
        rows = connection.sql(
            "select comparison.*, catalogue.title"
            f" from {MARTS_SCHEMA}.{COMPARISON_TABLE} as comparison"
            f" left join {REFERENCE_SCHEMA}.metric_catalogue as catalogue"
            " on comparison.metric_code = catalogue.metric_code"
        ).df()
        summary = connection.sql(
            f"select * from {MARTS_SCHEMA}.{SUMMARY_TABLE}"
            " order by measure_group, geography_level_order"
        ).df()
    except duckdb.CatalogException as error:
        raise UserError(
            f"the database has no comparison tables ({str(error).splitlines()[0]}); "
            "run `ascof build --data-dir DIR` first"
        ) from error
    return Comparison(rows=rows, summary=summary)


def write_comparison_csv(connection: duckdb.DuckDBPyConnection, out_file: Path) -> int:
    """The export table as CSV, written to a temporary name and renamed; returns the rows."""
    relation = connection.sql(f"select * from {MARTS_SCHEMA}.{EXPORT_TABLE}")
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        with staged_files(out_file.parent) as stage:
            relation.write_csv(str(stage(out_file.name)), header=True)
    except (OSError, duckdb.IOException) as error:
        reason = str(error).splitlines()[0]
        raise UserError(f"{out_file}: could not write the comparison ({reason})") from error
    [(rows,)] = relation.aggregate("count(*)").fetchall()
    return int(rows)


def _format(value: object, decimals: int = 2) -> str:
    if value is None or pd.isna(value):
        return "-"
    return f"{float(value):.{decimals}f}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Plain aligned columns; `right` holds the indexes of numeric columns."""
    widths = [
        max([len(header)] + [len(row[i]) for row in rows]) for i, header in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    return [line(headers), line(["-" * width for width in widths]), *map(line, rows)]


def _shorten(text: str, width: int = TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _is_partial(row: Any) -> bool:
    """A geography computed from only some of its councils (so [x], not published)."""
    supplied, in_geography = row.councils_supplied, row.councils_in_geography
    if supplied is None or in_geography is None or pd.isna(supplied) or pd.isna(in_geography):
        return False
    return int(supplied) < int(in_geography)


def coverage_text(row: Any) -> str:
    """'from 1 of 33 councils' for a geography computed from only some of its councils."""
    if not _is_partial(row):
        return ""
    return f"from {int(row.councils_supplied)} of {int(row.councils_in_geography)} councils"


def _computed_text(row: Any, decimals: int) -> str:
    if _is_partial(row):
        return f"[x] {coverage_text(row)}"
    return _format(row.computed_value, decimals)


def summary_lines(comparison: Comparison, level: str) -> list[str]:
    """Per metric with computed values: compared / total, mean and max |difference|, correlation."""
    summary = comparison.summary
    at_level = summary[(summary["geography_level"] == level) & (summary["computed_count"] > 0)]
    rows = comparison.rows
    england = rows[rows["geography_level"] == "England"].set_index("measure_group")
    table_rows = []
    for row in at_level.itertuples():
        metric = england.loc[row.measure_group]
        decimals = int(metric.decimals)
        table_rows.append(
            [
                row.measure_group,
                _shorten(metric.title),
                f"{row.compared_count}/{row.geographies}",
                _format(row.mean_absolute_difference, decimals + 2),
                _format(row.max_absolute_difference, decimals),
                _format(row.correlation_coefficient, 3),
                _computed_text(metric, decimals),
                _format(metric.published_value, decimals),
            ]
        )
    headers = [
        "metric",
        "title",
        "compared",
        "mean |diff|",
        "max |diff|",
        "correlation",
        "England computed",
        "published",
    ]
    return _table(headers, table_rows, right={2, 3, 4, 5, 6, 7})


def largest_differences(comparison: Comparison, level: str, top: int) -> list[str]:
    rows = comparison.rows
    compared = rows[(rows["geography_level"] == level) & rows["difference"].notna()].copy()
    compared["size"] = compared["difference"].abs()
    compared = compared.sort_values(
        ["size", "measure_group", "geography_code"], ascending=[False, True, True]
    )
    table_rows = [
        [
            row.measure_group,
            _shorten(f"{row.geography_name} ({row.geography_code})", 36),
            _format(row.computed_value, int(row.decimals)),
            _format(row.published_value, int(row.decimals)),
            f"{row.difference:+.{int(row.decimals)}f}",
        ]
        for row in compared.head(top).itertuples()
    ]
    headers = ["metric", level.lower(), "computed", "published", "difference"]
    return _table(headers, table_rows, right={2, 3, 4})


def coverage_lines(comparison: Comparison, level: str) -> list[str]:
    """The geographies computed from only some of their councils, so not published, each with
    the metrics concerned: 'London from 1 of 33 councils: 1A 1C 2A'. At council level the
    England values, as each council is compared with published values instead."""
    rows = comparison.rows
    shown_level = "England" if level == "Council" else level
    partial = rows[
        (rows["geography_level"] == shown_level)
        & (rows["councils_supplied"] < rows["councils_in_geography"])
    ].copy()
    if partial.empty:
        return []
    partial["label"] = [
        f"{row.geography_name} {coverage_text(row)}" for row in partial.itertuples()
    ]
    lines = [
        f"  {label}: {' '.join(sorted(group['measure_group']))}"
        for label, group in partial.groupby("label", sort=True)
    ]
    heading = (
        f"Not published ({'England' if shown_level == 'England' else shown_level.lower()}"
        " values computed from only some of their councils are [x] and not compared;"
        " compare with the published values):"
    )
    return [heading, *lines]


def not_computed(comparison: Comparison) -> list[str]:
    summary = comparison.summary
    totals = summary.groupby("measure_group")["computed_count"].sum()
    return sorted(totals[totals == 0].index.tolist())


def print_comparison(
    comparison: Comparison, level: str, top: int, year: str = DEFAULT_YEAR
) -> None:
    heading = f"Computed versus published {year} (Total outcome), {level.lower()} level"
    click.echo(click.style(heading, bold=True))
    for line in summary_lines(comparison, level):
        click.echo(line)
    missing = not_computed(comparison)
    if missing:
        click.echo(f"Not computed (no input data): {' '.join(missing)}")
    for line in coverage_lines(comparison, level):
        click.echo(line)
    if top > 0:
        click.echo("")
        click.echo(click.style(f"Largest differences ({level.lower()} level)", bold=True))
        for line in largest_differences(comparison, level, top):
            click.echo(line)


def run_compare(
    settings: Settings,
    inputs: Inputs | None,
    out_file: Path | None,
    year: str,
    level: str,
    top: int,
) -> int:
    """Build first when given inputs, then print and write; returns the exit code."""
    year = check_year(year)
    if inputs is not None:
        exit_code = run_build(settings, inputs, year)
        if exit_code:
            return exit_code
    with open_marts(settings.database_path) as connection:
        comparison = read_comparison(connection)
        if not settings.quiet:
            print_comparison(comparison, level, top, year)
        if out_file is not None:
            rows = write_comparison_csv(connection, out_file.expanduser().resolve())
            if not settings.quiet:
                click.echo(f"Wrote {rows:,} rows to {out_file.expanduser().resolve()}")
    return 0


@click.command("compare")
@data_dir_option
@click.option(
    "--out",
    "out_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every geography and metric to this CSV file.",
)
@click.option(
    "--level",
    type=click.Choice(LEVELS, case_sensitive=False),
    default="Council",
    show_default=True,
    help="Geography level of the summary and the largest differences.",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many of the largest differences to list.",
)
@click.option("--year", default=DEFAULT_YEAR, show_default=True, help="Survey year.")
@pass_options
def compare_command(
    options: GlobalOptions,
    data_dir: Path | None,
    source_schema: str | None,
    out_file: Path | None,
    level: str,
    top: int,
    year: str,
) -> None:
    """Compare computed outcomes with the published 2023-24 values.

    Prints, per metric, how many geographies were compared, the mean and largest
    absolute difference and the correlation, then the largest differences.
    Computed values are rounded as published before comparing. With --out, writes
    every geography and metric (computed, published, difference) as CSV. With
    --data-dir or --source-schema, builds from those inputs first; without, compares
    the last build.

    \b
    Example:
      ascof compare --data-dir data --out comparison.csv
      ascof compare --level Region --top 5
    """
    building = data_dir is not None or source_schema is not None
    inputs = check_inputs(data_dir, source_schema) if building else None
    settings = options.settings(needs_project=building)
    level = next(name for name in LEVELS if name.lower() == level.lower())
    click.get_current_context().exit(run_compare(settings, inputs, out_file, year, level, top))
