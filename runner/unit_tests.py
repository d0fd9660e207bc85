"""`ascof test`: the dbt unit tests, on no returns at all.

A unit test's inputs are fixed rows written in its YAML, so it tests the code, not the data, and
a production build (`ascof build`) leaves them out. dbt still needs the columns of every relation
a tested model reads, so `ascof test` builds those relations empty in a scratch DuckDB file of its
own (<target>/unit_tests/ascof_unit_tests.duckdb): empty raw tables with the input contract's
columns, the seeds, then every model upstream of a unit test with dbt's --empty (no rows), then
the unit tests. It works on a clean checkout with no data, and never touches the warehouse.

dbt's target folder for these runs is <target>/unit_tests too: the scratch file is another
profile for dbt, which would otherwise parse the whole project again at the next `ascof build`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import click
import duckdb

from runner.build import _tally, print_failures
from runner.dbt_invoke import DbtOutcome, parse_project, run_dbt
from runner.errors import UserError
from runner.input_contract import SOURCES, survey_question_columns
from runner.load import RAW_SCHEMA, LoadReport, create_loading_table, record_input_files, run_sql
from runner.settings import (
    DATABASE_ENV,
    DEFAULT_YEAR,
    GlobalOptions,
    Settings,
    check_year,
    dbt_args,
    dbt_vars,
    pass_options,
)

EXIT_TESTS_FAILED = 1
UNIT_TESTS_FOLDER = "unit_tests"
SCRATCH_DATABASE = "ascof_unit_tests.duckdb"
# every model a unit test reads from, and the seeds and raw tables under them
UPSTREAM = "+test_type:unit"


def create_empty_raw_tables(database: Path, year: str) -> None:
    """Every raw table the loader makes, with its columns and no rows, and raw.input_files."""
    with duckdb.connect(str(database)) as connection:
        run_sql(connection, f"create schema if not exists {RAW_SCHEMA}")
        for source in (source.for_year(year) for source in SOURCES):
            question_columns = survey_question_columns(source.folder, year)
            for entity in source.entities:
                table = f"{RAW_SCHEMA}.{entity.raw_table}"
                create_loading_table(connection, table, entity, question_columns, [])
        record_input_files(connection, LoadReport())


@contextlib.contextmanager
def scratch_database(database: Path) -> Iterator[None]:
    """ASCOF_DUCKDB_PATH pointed at the scratch file while dbt runs, then as it was."""
    previous = os.environ.get(DATABASE_ENV)
    os.environ[DATABASE_ENV] = str(database)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(DATABASE_ENV, None)
        else:
            os.environ[DATABASE_ENV] = previous


def run_unit_tests(settings: Settings, year: str, select: str | None = None) -> DbtOutcome:
    """Build the unit tests' upstream relations empty, then run the unit tests (those of the
    models `select` names, when given); the outcome of the unit-test run."""
    year = check_year(year)
    folder = settings.target_path / UNIT_TESTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / SCRATCH_DATABASE
    database.unlink(missing_ok=True)
    create_empty_raw_tables(database, year)
    own_target = ["--target-path", str(folder)]
    variables = dbt_vars(year)
    parts = select.split() if select else []
    # the unit tests of the selected models, and everything upstream of them
    tests = " ".join(f"{part},test_type:unit" for part in parts) or "test_type:unit"
    parents = [f"+{part}" for part in parts] or [UPSTREAM]
    with scratch_database(database):
        manifest = parse_project(settings, dbt_args(settings, ["parse", *own_target], variables))
        upstream = [
            "build",
            *own_target,
            "--select",
            *parents,
            "--exclude-resource-type",
            "unit_test",
            "test",
            "--empty",
        ]
        built = run_dbt(settings, dbt_args(settings, upstream, variables), manifest=manifest)
        if not built.success:
            return built
        command = ["test", *own_target, "--select", *tests.split()]
        return run_dbt(settings, dbt_args(settings, command, variables), manifest=manifest)


@click.command("test")
@click.option("--year", default=DEFAULT_YEAR, show_default=True, help="Survey year.")
@click.option(
    "--select", default=None, help="Only the unit tests of these models, e.g. 'ascof_1a'."
)
@pass_options
def test_command(options: GlobalOptions, year: str, select: str | None) -> None:
    """Run the dbt unit tests: fixed inputs, no returns needed.

    The relations the tested models read are built empty in a scratch DuckDB
    file under the target folder (never the warehouse), then every unit test
    runs. `ascof build` does not run them: a production build builds the models
    and runs the data tests. Exit code 0 only when every unit test passed.

    \b
    Example:
      ascof test
      ascof test --select ascof_2a
    """
    settings = options.settings(target="duckdb")
    outcome = run_unit_tests(settings, year, select)
    ran = [node for node in outcome.nodes if node.resource_type == "unit_test"]
    if outcome.success and not ran:
        raise UserError(f"no unit test to run{f' for --select {select}' if select else ''}")
    if not settings.quiet and outcome.error is None:
        click.echo(f"{'Unit tests:':<15}{_tally(outcome.nodes, 'unit_test')}")
    if outcome.success:
        return
    print_failures(outcome, settings)
    click.get_current_context().exit(EXIT_TESTS_FAILED)
