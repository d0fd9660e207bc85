"""`ascof validate`: the input checks of a build, without building the metrics.

Loads the files (structural problems stop here: one line, exit 2), builds only the staging and
intermediate models behind the data-quality ledger, prints rows read, used and rejected per file
with the commonest reasons, and writes the data-quality report.

It never changes what a build made: it loads and builds in a DuckDB file of its own beside the
warehouse (`<database>.validate.duckdb`, whatever the build's target), and writes its report to
validate/ in dbt's target folder unless told otherwise, not where `ascof export` writes.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import click

from runner.build import (
    EXIT_BUILD_FAILED,
    Inputs,
    check_inputs,
    data_dir_option,
    load,
    print_failures,
)
from runner.dbt_invoke import run_dbt
from runner.export import open_marts, staged_files, write_csv
from runner.settings import (
    DATABASE_ENV,
    DEFAULT_YEAR,
    MARTS_SCHEMA,
    GlobalOptions,
    Settings,
    check_year,
    dbt_args,
    dbt_vars,
    pass_options,
    year_suffix,
)
from runner.source_tables import TableReader, table_reader

LEDGER_SELECTOR = "+data_quality_summary +export_ascof_data_quality"
REASONS_SHOWN = 8


def print_ledger(database: Path) -> None:
    with open_marts(database) as connection:
        files = connection.execute(
            "select file_name, rows_read, rows_used, rows_rejected, values_rejected"
            f" from {MARTS_SCHEMA}.data_quality_summary order by file_name"
        ).fetchall()
        reasons = connection.execute(
            "select rejection_scope, rejection_reason, count(*) as n"
            f" from {MARTS_SCHEMA}.data_quality_rejections group by all order by n desc"
            f" limit {REASONS_SHOWN}"
        ).fetchall()
    width = max((len(name) for name, *_ in files), default=4)
    click.echo(f"{'file':<{width}}  {'read':>10} {'used':>10} {'rejected':>10} {'values':>8}")
    for name, read, used, rejected, values in files:
        click.echo(f"{name:<{width}}  {read:>10,} {used:>10,} {rejected:>10,} {values:>8,}")
    if reasons:
        click.echo("Commonest rejections:")
        for scope, reason, count in reasons:
            click.echo(f"  {count:>9,} {scope:<5} {reason}")


def write_ledger_export(database: Path, out_dir: Path, year: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"ascof_data_quality_{year_suffix(year)}.csv"
    with open_marts(database) as connection, staged_files(out_dir) as stage:
        write_csv(
            connection.sql(f"select * from {MARTS_SCHEMA}.export_ascof_data_quality"), stage(name)
        )
    return out_dir / name


def validation_database(settings: Settings) -> Path:
    """Validate's own DuckDB file beside the warehouse's: the build's raw tables and marts stay
    as they are."""
    warehouse = settings.database_path
    return warehouse.with_name(f"{warehouse.stem}.validate.duckdb")


def run_validate(settings: Settings, inputs: Inputs, year: str, out_dir: Path) -> int:
    year = check_year(year)
    warehouse = settings.database_path
    database = validation_database(settings)
    # source tables are read where they are: the warehouse of the settings' target
    reader = None
    if inputs.source_schema is not None:
        reader = table_reader(settings.target, warehouse)
    previous = os.environ.get(DATABASE_ENV)
    # dbt builds where the loader loads: validate's own file, in DuckDB, whichever the target
    os.environ[DATABASE_ENV] = str(database)
    try:
        local = dataclasses.replace(settings, target="duckdb")
        return validate_in(local, inputs, year, out_dir, reader)
    finally:
        if previous is None:
            os.environ.pop(DATABASE_ENV, None)
        else:
            os.environ[DATABASE_ENV] = previous


def validate_in(
    settings: Settings, inputs: Inputs, year: str, out_dir: Path, reader: TableReader | None
) -> int:
    database = settings.database_path
    load(settings, inputs, database, year, reader)
    command = ["build", "--select", LEDGER_SELECTOR, "--indirect-selection", "cautious"]
    outcome = run_dbt(settings, dbt_args(settings, command, dbt_vars(year)))
    if not outcome.success:
        print_failures(outcome, settings)
        return EXIT_BUILD_FAILED
    if not settings.quiet:
        print_ledger(database)
    written = write_ledger_export(database, out_dir, year)
    if not settings.quiet:
        click.echo(f"Data-quality report: {written}")
        click.echo("Nothing blocks a build: rejected rows are listed, not fatal.")
    return 0


@click.command("validate")
@data_dir_option
@click.option("--year", default=DEFAULT_YEAR, show_default=True, help="Survey year.")
@click.option(
    "--out",
    "out_dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the data-quality CSV (default: validate/ in dbt's target folder, not "
    "where `ascof export` writes).",
)
@pass_options
def validate_command(
    options: GlobalOptions,
    data_dir: Path | None,
    source_schema: str | None,
    year: str,
    out_dir: Path | None,
) -> None:
    """Check the input files (or source tables) the way a build does, without building
    the metrics.

    Prints rows read, used and rejected per file and the commonest reasons, and writes
    ascof_data_quality_<year>.csv. Exit code 0 when nothing blocks a build, 2 when a file is
    structurally unusable (the one-line error names it).

    \b
    Example:
      ascof validate --data-dir my_returns
      ascof validate --source-schema returns
    """
    settings = options.settings()
    inputs = check_inputs(data_dir, source_schema)
    target = out_dir or settings.target_path / "validate"
    click.get_current_context().exit(run_validate(settings, inputs, year, target.resolve()))
