"""The runner's side of a Spark cluster reached through its Thrift server (the `spark_thrift`
target): no Spark session in this process, so tables move as Parquet files in a folder both the
runner and the cluster can read and write (ASCOF_SPARK_SHARED_DIR).

In: the loader's raw tables are written as Parquet there by DuckDB and registered in the cluster
as external tables (`create table ... using parquet location ...`), the way Spark reads data
best. Out: the cluster writes each mart as Parquet there (`insert overwrite directory`) and DuckDB
reads the files into the local mirror that export, report and compare read.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from runner.errors import UserError
from runner.load import quote_literal

RAW_SCHEMA = "raw"
# Spark's type names as the Thrift server reports them -> DuckDB's, for an empty mart's columns
DUCKDB_TYPES = {
    "STRING_TYPE": "varchar",
    "VARCHAR_TYPE": "varchar",
    "INT_TYPE": "integer",
    "BIGINT_TYPE": "bigint",
    "SMALLINT_TYPE": "smallint",
    "TINYINT_TYPE": "tinyint",
    "DOUBLE_TYPE": "double",
    "FLOAT_TYPE": "float",
    "DECIMAL_TYPE": "double",
    "BOOLEAN_TYPE": "boolean",
    "DATE_TYPE": "date",
    "TIMESTAMP_TYPE": "timestamp",
}


def thrift_settings() -> dict[str, Any]:
    """The Thrift server from the ASCOF_SPARK_* variables, as profiles.yml reads them."""
    return {
        "host": os.environ.get("ASCOF_SPARK_HOST", "127.0.0.1"),
        "port": int(os.environ.get("ASCOF_SPARK_PORT", "10000")),
        "username": os.environ.get("ASCOF_SPARK_USER", "ascof"),
    }


def shared_dir() -> Path:
    """ASCOF_SPARK_SHARED_DIR: a folder the runner and every Spark executor see at the same path
    (a local folder for a cluster on this machine, a shared mount for a real one)."""
    configured = os.environ.get("ASCOF_SPARK_SHARED_DIR")
    if not configured:
        raise UserError(
            "the spark_thrift target needs ASCOF_SPARK_SHARED_DIR: a folder both this machine "
            "and the Spark cluster read and write at the same path"
        )
    return Path(configured).expanduser().resolve()


@contextmanager
def thrift_cursor() -> Iterator[Any]:
    from pyhive import hive
    from thrift.transport.TTransport import TTransportException

    settings = thrift_settings()
    try:
        connection = hive.connect(**settings)
    except (TTransportException, OSError) as error:
        raise UserError(
            f"cannot connect to the Spark Thrift server at {settings['host']}:{settings['port']} "
            f"({str(error).strip().splitlines()[0] if str(error).strip() else error!r}); "
            "set ASCOF_SPARK_HOST and ASCOF_SPARK_PORT"
        ) from None
    try:
        cursor = connection.cursor()
        yield cursor
        cursor.close()
    finally:
        connection.close()


def publish_to_spark_thrift(loaded_database: Path, tables: list[str]) -> None:
    """Replace the cluster's raw database with the loader's raw tables (external Parquet tables
    over files in the shared folder; dropping them leaves the files, which are replaced here)."""
    staging = shared_dir() / "raw_parquet"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with duckdb.connect(str(loaded_database), read_only=True) as source:
        for name in tables:
            folder = staging / name
            folder.mkdir()
            path = quote_literal(str(folder / "data.parquet"))
            source.execute(f"copy (select * from {RAW_SCHEMA}.{name}) to {path} (format parquet)")
    with thrift_cursor() as cursor:
        cursor.execute(f"drop database if exists {RAW_SCHEMA} cascade")
        cursor.execute(f"create database {RAW_SCHEMA}")
        for name in tables:
            location = quote_literal(str(staging / name))
            cursor.execute(f"create table {RAW_SCHEMA}.`{name}` using parquet location {location}")


def mirror_from_spark_thrift(local_database: Path, schemas: tuple[str, ...]) -> None:
    """Copy the cluster's marts and reference tables into the local DuckDB file: the cluster
    writes each as Parquet files in the shared folder, DuckDB reads them."""
    scratch = shared_dir() / "mirror_parquet"
    shutil.rmtree(scratch, ignore_errors=True)
    with thrift_cursor() as cursor, duckdb.connect(str(local_database)) as target:
        for schema in schemas:
            target.execute(f"create schema if not exists {schema}").fetchall()
            cursor.execute(f"show tables in {schema}")
            tables = [row[1] for row in cursor.fetchall()]
            for table in tables:
                folder = scratch / schema / table
                cursor.execute(
                    f"insert overwrite directory {quote_literal(str(folder))} using parquet "
                    f"select * from {schema}.`{table}`"
                )
                files = sorted(folder.glob("*.parquet"))
                if files:
                    listed = ", ".join(quote_literal(str(path)) for path in files)
                    source = f"read_parquet([{listed}])"
                    target.execute(
                        f'create or replace table {schema}."{table}" as select * from {source}'
                    ).fetchall()
                else:
                    create_empty_table(cursor, target, schema, table)
    shutil.rmtree(scratch, ignore_errors=True)


def create_empty_table(
    cursor: Any, target: duckdb.DuckDBPyConnection, schema: str, table: str
) -> None:
    """An empty mart written without a file: its columns and types from the Thrift server."""
    cursor.execute(f"select * from {schema}.`{table}` limit 0")
    cursor.fetchall()
    columns = ", ".join(
        f'"{name.split(".")[-1]}" {DUCKDB_TYPES.get(kind, "varchar")}'
        for name, kind, *_ in cursor.description
    )
    target.execute(f'create or replace table {schema}."{table}" ({columns})').fetchall()
