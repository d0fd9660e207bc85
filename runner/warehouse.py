"""Moving data between the embedded DuckDB the loader uses and the build's warehouse.

DuckDB (the default target) reads the input files itself, so its raw tables are already in place.
For PostgreSQL and Spark the loader first reads the files into a scratch DuckDB file (the same
parsing, checks and pseudonymisation for every target), then this module copies each raw table
into the warehouse's `raw` schema: PostgreSQL through COPY, Spark through Parquet files saved as
tables. Exports read the marts back through the same connections.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from runner.errors import UserError

RAW_SCHEMA = "raw"
POSTGRES_TYPES = {
    "VARCHAR": "text",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "DOUBLE": "double precision",
}


def postgres_settings() -> dict[str, Any]:
    """Connection settings from the ASCOF_PG_* variables, as profiles.yml reads them."""
    return {
        "host": os.environ.get("ASCOF_PG_HOST", "localhost"),
        "port": int(os.environ.get("ASCOF_PG_PORT", "5432")),
        "user": os.environ.get("ASCOF_PG_USER", "postgres"),
        "password": os.environ.get("ASCOF_PG_PASSWORD", ""),
        "dbname": os.environ.get("ASCOF_PG_DATABASE", "ascof"),
    }


@contextmanager
def postgres_connection() -> Iterator[Any]:
    import psycopg2

    settings = postgres_settings()
    try:
        connection = psycopg2.connect(**settings)
    except psycopg2.Error as error:
        first_line = str(error).strip().splitlines()[0]
        raise UserError(
            f"cannot connect to PostgreSQL at {settings['host']}:{settings['port']} "
            f"({first_line}); set ASCOF_PG_HOST, ASCOF_PG_PORT, ASCOF_PG_USER, "
            "ASCOF_PG_PASSWORD and ASCOF_PG_DATABASE"
        ) from None
    try:
        yield connection
    finally:
        connection.close()


def raw_tables(source: duckdb.DuckDBPyConnection) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each raw table of the loader's DuckDB file with its (column, type) list."""
    names = source.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1",
        [RAW_SCHEMA],
    ).fetchall()
    tables = []
    for (name,) in names:
        columns = source.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [RAW_SCHEMA, name],
        ).fetchall()
        tables.append((name, columns))
    return tables


def publish_to_postgres(loaded_database: Path) -> None:
    """Replace the warehouse's raw schema with the loader's raw tables, through COPY."""
    with (
        duckdb.connect(str(loaded_database), read_only=True) as source,
        postgres_connection() as target,
    ):
        cursor = target.cursor()
        cursor.execute(f"drop schema if exists {RAW_SCHEMA} cascade")
        cursor.execute(f"create schema {RAW_SCHEMA}")
        with tempfile.TemporaryDirectory(prefix="ascof-copy-") as scratch:
            for name, columns in raw_tables(source):
                definition = ", ".join(
                    f'"{column}" {POSTGRES_TYPES.get(kind, "text")}' for column, kind in columns
                )
                cursor.execute(f'create table {RAW_SCHEMA}."{name}" ({definition})')
                path = Path(scratch) / f"{name}.csv"
                source.execute(
                    f"copy (select * from {RAW_SCHEMA}.{name}) to '{path}' (header, delimiter ',')"
                ).fetchall()
                with path.open(encoding="utf-8") as handle:
                    cursor.copy_expert(
                        f'copy {RAW_SCHEMA}."{name}" from stdin with (format csv, header true)',
                        handle,
                    )
        target.commit()


def read_postgres_table(schema: str, table: str) -> pd.DataFrame:
    with postgres_connection() as connection:
        return pd.read_sql_query(f'select * from {schema}."{table}"', connection)


def postgres_tables(schema: str) -> list[str]:
    with postgres_connection() as connection:
        cursor = connection.cursor()
        cursor.execute(
            "select table_name from information_schema.tables where table_schema = %s order by 1",
            [schema],
        )
        return [row[0] for row in cursor.fetchall()]
