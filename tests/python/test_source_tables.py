"""Sources held as warehouse tables (`--source-schema`, docs/method.md): the session's generated
returns written as the tables of a schema build the same outcomes as the files do."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import SOURCE_SCHEMA, Built, invoke, query, write_source_tables

from runner.input_contract import SOURCES
from runner.load import TABLE_PART_COLUMN, missing_source
from runner.source_tables import (
    UNDATED_PART,
    DuckDBTables,
    entity_for_table,
    split_by_submission,
)

RESULT_KEY = ["metric_code", "geography_level", "geography_code", "disaggregation_level"]


@pytest.fixture(scope="module")
def table_build(built: Built, generated: Path) -> tuple[Path, object]:
    """`ascof build --source-schema returns` on a database holding the generated returns as
    tables, and nothing else."""
    assert built.result.exit_code == 0, built.result.output
    work = built.workspace.work_dir / "source_tables"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    database = work / "tables.duckdb"
    with duckdb.connect(str(database)) as connection:
        write_source_tables(generated, connection)
        connection.execute(f"create table {SOURCE_SCHEMA}.notes (remark varchar)")
    env = {
        "ASCOF_DUCKDB_PATH": str(database),
        "DBT_TARGET_PATH": str(work / "target"),
        # tables carry no marker of generated data: the key is the user's to set
        "ASCOF_PSEUDONYMISATION_KEY": "a-test-key",
    }
    result = invoke("--verbose", "build", "--source-schema", SOURCE_SCHEMA, env=env)
    return database, result


def test_tables_build_every_model_and_test(table_build) -> None:
    _, result = table_build
    assert result.exit_code == 0, result.output
    assert "27 of 27 computed" in result.output
    assert "parts of tables in schema returns" in result.output
    assert f"ignored, not inputs: {SOURCE_SCHEMA}.notes" in result.output


def metric_results(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        frame = connection.execute("select * from marts.ascof_metric_results").df()
    return frame.sort_values(RESULT_KEY).reset_index(drop=True)


def test_tables_give_the_files_outcomes(table_build, built: Built) -> None:
    database, _ = table_build
    from_files = metric_results(built.workspace.database)
    from_tables = metric_results(database)
    assert len(from_files) == len(from_tables) > 0
    pd.testing.assert_frame_equal(from_files, from_tables)


def test_each_cld_submission_is_a_part(table_build, built: Built) -> None:
    """The one CLD table is read as a part per submitted_at, so the same submissions are
    chosen, and every row is counted under the table's name."""
    database, _ = table_build
    per_source = (
        "select source_folder, sum(rows_read), count(*) from raw.input_files "
        "group by source_folder order by source_folder"
    )
    from_files = {folder: rows for folder, rows, _ in query(built.workspace.database, per_source)}
    from_tables = {folder: (rows, parts) for folder, rows, parts in query(database, per_source)}
    assert {folder: rows for folder, (rows, _) in from_tables.items()} == from_files
    cld_dates = query(
        built.workspace.database,
        "select count(distinct submittedat) from raw.cld__events",
    )[0][0]
    assert from_tables["cld"][1] == cld_dates
    names = [name for (name,) in query(database, "select file_name from raw.input_files")]
    assert all(name.startswith(f"{SOURCE_SCHEMA}.") for name in names)
    assert f"{SOURCE_SCHEMA}.cld_events [submitted " in " ".join(names)
    chosen = (
        "select council_code, submitted_on, ref_period_start_date, ref_period_end_date "
        "from intermediate.int_cld__submissions where is_selected order by all"
    )
    assert query(database, chosen) == query(built.workspace.database, chosen)


def held_by(name: str) -> tuple[str, str] | None:
    found = entity_for_table(name)
    return (found[0].folder, found[1].name) if found else None


def test_a_table_is_named_for_its_source_and_entity() -> None:
    names = [
        "CLD_Events",
        "cld_events_2023_q1",
        "ascs_eligible_populations",
        "ons_wide_populations",
        "Salt Cells",
        "cld_eventsx",
        "notes",
    ]
    held = {name: held_by(name) for name in names}
    assert held == {
        "CLD_Events": ("cld", "events"),
        "cld_events_2023_q1": ("cld", "events"),
        "ascs_eligible_populations": ("ascs", "eligible_populations"),
        "ons_wide_populations": ("ons", "wide_populations"),
        "Salt Cells": ("salt", "cells"),
        "cld_eventsx": None,
        "notes": None,
    }


def test_a_table_of_submissions_splits_by_date_in_order(tmp_path: Path) -> None:
    """Rows stating 2024-01-15, none, 2023-10-20, 2024-01-15, none: three parts, the rows of
    each together and in the table's order; ImportDate stands in where submitted_at is blank."""
    (cld,) = (source for source in SOURCES if source.folder == "cld")
    table = tmp_path / "cld_events.parquet"
    duckdb.sql(
        "copy (select * from (values (1, '2024-01-15', null), (2, ' ', null), "
        "(3, null, '2023-10-20'), (4, '2024-01-15', '2023-10-20'), (5, 'NULL', '')) "
        f"as rows(line, Submitted_At, ImportDate)) to '{table}' (format parquet)"
    )
    names = split_by_submission(table, cld.entities[0], "returns.cld_events")
    undated = f"returns.cld_events [{UNDATED_PART}]"
    first, second = (
        "returns.cld_events [submitted 2023-10-20]",
        "returns.cld_events [submitted 2024-01-15]",
    )
    assert names == (undated, first, second)
    rows = duckdb.sql(f"select {TABLE_PART_COLUMN}, line from '{table}'").fetchall()
    assert rows == [(undated, 2), (undated, 5), (first, 3), (second, 1), (second, 4)]


def test_a_table_of_one_submission_stays_whole(tmp_path: Path) -> None:
    (cld,) = (source for source in SOURCES if source.folder == "cld")
    table = tmp_path / "cld_events.parquet"
    duckdb.sql(
        f"copy (select 1 as line, '2024-01-15' as submitted_at) to '{table}' (format parquet)"
    )
    assert split_by_submission(table, cld.entities[0], "returns.cld_events") == ()
    assert duckdb.sql(f"select * from '{table}'").fetchall() == [(1, "2024-01-15")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--data-dir DIR (files) or --source-schema SCHEMA"),
        (["--data-dir", ".", "--source-schema", "returns"], "one of the two"),
        (["--source-schema", "marts"], "the build writes that schema itself"),
        (["--source-schema", "nowhere"], "no schema 'nowhere' in"),
    ],
)
def test_source_schema_errors_are_one_line(table_build, args: list[str], message: str) -> None:
    database, _ = table_build
    result = invoke("build", *args, env={"ASCOF_DUCKDB_PATH": str(database)})
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_rows_of_a_table_are_numbered_from_one(table_build) -> None:
    database, _ = table_build
    numbers = query(
        database,
        "select min(_source_row), max(_source_row), count(*) from raw.salt__cells",
    )
    assert numbers == [(1, numbers[0][2], numbers[0][2])]


def test_missing_tables_are_named_as_tables(tmp_path: Path) -> None:
    """A schema holding only a survey's populations: the survey is refused for want of its
    respondents table, named as a table; a source with no table at all is a missing table."""
    database = tmp_path / "tables.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"create schema {SOURCE_SCHEMA}")
        columns = ", ".join(
            f"'1' as {name}"
            for name in ("lacode", "stratum1pop", "stratum2pop", "stratum3pop", "stratum4pop")
        )
        connection.execute(
            f"create table {SOURCE_SCHEMA}.ascs_eligible_populations as "
            f"select {columns}, 1 as stratum2pop1j, 1 as stratum4pop1j"
        )
        connection.execute(f"create table {SOURCE_SCHEMA}.salt_cells (lacode integer)")
    env = {"ASCOF_DUCKDB_PATH": str(database), "DBT_TARGET_PATH": str(tmp_path / "target")}
    refused = invoke("validate", "--source-schema", SOURCE_SCHEMA, env=env)
    assert refused.exit_code == 2
    assert refused.stderr.strip().endswith(
        "ascs tables: no respondents table (expected a table ascs_respondents)"
    )
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"drop table {SOURCE_SCHEMA}.ascs_eligible_populations")
    refused = invoke("validate", "--source-schema", SOURCE_SCHEMA, env=env)
    assert refused.stderr.strip().endswith(
        f"{SOURCE_SCHEMA}.salt_cells: missing required column 'tablereference'"
    )
    (cld,) = (source for source in SOURCES if source.folder == "cld")
    message = missing_source(cld, from_tables=True).message
    assert message.startswith("no cld/ tables: metrics 2A")
    assert message.endswith("add a table cld_events to compute them")


def test_a_schema_is_found_ignoring_case(tmp_path: Path) -> None:
    database = tmp_path / "tables.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute('create schema "Returns"')
        connection.execute('create table "Returns".SALT_Cells (lacode varchar)')
    assert DuckDBTables(database).tables("returns") == ("Returns", ["SALT_Cells"])
    assert DuckDBTables(database).tables("elsewhere") is None
