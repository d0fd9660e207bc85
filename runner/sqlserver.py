"""The runner's side of SQL Server and Azure SQL (the `sqlserver` target), through Microsoft's
mssql-python driver, the one dbt-sqlserver uses here.

In: each raw table of the loader's DuckDB file is created in the `raw` schema and filled with
TDS bulk copy straight from DuckDB's Arrow batches (no per-row inserts). Out: the marts and
reference tables are read back as Arrow into the local DuckDB mirror.

NOT RUN AGAINST A LIVE SERVER: no SQL Server can run on the machines this project is developed
and tested on. This module is written to the driver's documented API and checked by ruff and an
import only; the models are checked offline (scripts/check_sqlserver.py). Treat a first run
against a real server as the test it has not had.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

RAW_SCHEMA = "raw"
# DuckDB's types -> SQL Server's (text as nvarchar: council and provider names are Unicode)
SQLSERVER_TYPES = {
    "VARCHAR": "nvarchar(max)",
    "INTEGER": "int",
    "BIGINT": "bigint",
    "DOUBLE": "float",
    "BOOLEAN": "bit",
    "DATE": "date",
    "TIMESTAMP": "datetime2(6)",
}
BATCH_ROWS = 100_000


def sqlserver_settings() -> dict[str, str]:
    """The server from the ASCOF_MSSQL_* variables, as profiles.yml reads them."""
    return {
        "host": os.environ.get("ASCOF_MSSQL_HOST", "localhost"),
        "port": os.environ.get("ASCOF_MSSQL_PORT", "1433"),
        "database": os.environ.get("ASCOF_MSSQL_DATABASE", "ascof"),
        "user": os.environ.get("ASCOF_MSSQL_USER", "sa"),
        "password": os.environ.get("ASCOF_MSSQL_PASSWORD", ""),
        "trust_cert": os.environ.get("ASCOF_MSSQL_TRUST_CERT", "False"),
    }


def braced(value: str) -> str:
    """A connection-string value in braces, so that ; and = in a password are kept."""
    return "{" + value.replace("}", "}}") + "}"


def connection_string(settings: dict[str, str]) -> str:
    trust = "yes" if settings["trust_cert"].lower() in ("true", "1", "yes") else "no"
    parts = {
        "Server": f"{settings['host']},{settings['port']}",
        "Database": braced(settings["database"]),
        "UID": braced(settings["user"]),
        "PWD": braced(settings["password"]) if settings["password"] else "",
        "Encrypt": "yes",
        "TrustServerCertificate": trust,
    }
    return ";".join(f"{key}={value}" for key, value in parts.items() if value)


@contextmanager
def sqlserver_connection() -> Iterator[Any]:
    import mssql_python

    from runner.errors import UserError

    settings = sqlserver_settings()
    try:
        connection = mssql_python.connect(connection_string(settings), autocommit=True)
    except Exception as error:  # the driver's errors, and its connection-string errors besides
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise UserError(
            f"cannot connect to SQL Server at {settings['host']},{settings['port']} "
            f"({first_line}); set ASCOF_MSSQL_HOST, ASCOF_MSSQL_PORT, ASCOF_MSSQL_USER, "
            "ASCOF_MSSQL_PASSWORD and ASCOF_MSSQL_DATABASE"
        ) from None
    try:
        yield connection
    finally:
        connection.close()


def quote(name: str) -> str:
    return "[" + name.replace("]", "]]") + "]"


def raw_table_columns(source: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = source.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = ? order by table_name, ordinal_position",
        [RAW_SCHEMA],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    return tables


def publish_to_sqlserver(loaded_database: Path) -> None:
    """Replace the server's raw schema with the loader's raw tables, through bulk copy."""
    with (
        duckdb.connect(str(loaded_database), read_only=True) as source,
        sqlserver_connection() as target,
    ):
        cursor = target.cursor()
        tables = raw_table_columns(source)
        cursor.execute(
            "if schema_id(?) is null exec('create schema " + quote(RAW_SCHEMA) + "')", RAW_SCHEMA
        )
        for name, columns in tables.items():
            table = f"{quote(RAW_SCHEMA)}.{quote(name)}"
            definition = ", ".join(
                f"{quote(column)} {SQLSERVER_TYPES.get(kind, 'nvarchar(max)')}"
                for column, kind in columns
            )
            cursor.execute(f"drop table if exists {table}")
            cursor.execute(f"create table {table} ({definition})")
            reader = source.execute(f'select * from {RAW_SCHEMA}."{name}"').fetch_record_batch(
                BATCH_ROWS
            )
            cursor.bulkcopy_arrow(
                f"{RAW_SCHEMA}.{name}", reader, batch_size=BATCH_ROWS, timeout=0, keep_nulls=True
            )


def mirror_from_sqlserver(local_database: Path, schemas: tuple[str, ...]) -> None:
    """Copy the built marts and reference tables into the local DuckDB file, as Arrow."""
    with sqlserver_connection() as source, duckdb.connect(str(local_database)) as target:
        cursor = source.cursor()
        for schema in schemas:
            target.execute(f"create schema if not exists {schema}").fetchall()
            cursor.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? and table_type = 'BASE TABLE' order by 1",
                schema,
            )
            for (table,) in list(cursor.fetchall()):
                cursor.execute(f"select * from {quote(schema)}.{quote(table)}")
                mirrored = cursor.arrow(batch_size=BATCH_ROWS)  # noqa: F841 (read by DuckDB)
                target.execute(
                    f'create or replace table {schema}."{table}" as select * from mirrored'
                ).fetchall()
