"""The marts of the last complete build, kept while dbt rebuilds them (DuckDB warehouses).

dbt replaces the marts one model at a time, so a build that fails or is interrupted part way
would leave some marts new and some old. Before dbt runs, every table of the marts schema is
copied to a schema of its own; when the build does not complete, the marts are put back as they
were (tables the failed build added are dropped), so an export, report or compare after it reads
the last complete build (spec interface.md, "Runs and the warehouse"). Staging and intermediate
models keep what the failed build made, for the analyst to look into.

PostgreSQL and Spark builds are read through a local mirror that is refreshed only after a
complete build, so they need no copy.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from runner.settings import MARTS_SCHEMA

KEPT_SCHEMA = "marts_last_complete"


def _marts_tables(connection: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables"
        " where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
        [schema],
    ).fetchall()
    return [name for (name,) in rows]


def keep_marts(database: Path) -> None:
    """Copy every marts table to KEPT_SCHEMA (an empty copy when nothing was built yet)."""
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"drop schema if exists {KEPT_SCHEMA} cascade")
        connection.execute(f"create schema {KEPT_SCHEMA}")
        for table in _marts_tables(connection, MARTS_SCHEMA):
            connection.execute(
                f'create table {KEPT_SCHEMA}."{table}" as from {MARTS_SCHEMA}."{table}"'
            )


def restore_marts(database: Path) -> None:
    """Put the kept marts back, dropping what the unfinished build added; then forget the copy."""
    with duckdb.connect(str(database)) as connection:
        kept = _marts_tables(connection, KEPT_SCHEMA)
        if not connection.execute(
            "select count(*) from information_schema.schemata where schema_name = ?", [KEPT_SCHEMA]
        ).fetchone()[0]:
            return
        connection.execute(f"create schema if not exists {MARTS_SCHEMA}")
        for table in _marts_tables(connection, MARTS_SCHEMA):
            if table not in kept:
                connection.execute(f'drop table {MARTS_SCHEMA}."{table}"')
        for table in kept:
            connection.execute(
                f'create or replace table {MARTS_SCHEMA}."{table}" as from {KEPT_SCHEMA}."{table}"'
            )
        connection.execute(f"drop schema {KEPT_SCHEMA} cascade")


def forget_kept_marts(database: Path) -> None:
    """The build completed: the copy is no longer needed."""
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"drop schema if exists {KEPT_SCHEMA} cascade")
