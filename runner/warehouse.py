"""Moving data between the embedded DuckDB the loader uses and the build's warehouse.

DuckDB (the default target) reads the input files itself, so its raw tables are already in place.
For the other targets the loader first reads the files into a scratch DuckDB file (the same
parsing, checks and pseudonymisation for every target), then this module copies each raw table
into the warehouse's `raw` schema: PostgreSQL through COPY, Spark (in-process or a cluster behind
its Thrift server: runner/spark_thrift.py) through Parquet files registered as tables, SQL Server
through bulk inserts (runner/sqlserver.py). Exports read the marts back through the same
connections.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from runner.errors import UserError
from runner.load import quote_literal
from runner.settings import configured_target_path, default_project_dir
from runner.spark_thrift import mirror_from_spark_thrift, publish_to_spark_thrift
from runner.sqlserver import mirror_from_sqlserver, publish_to_sqlserver

RAW_SCHEMA = "raw"
POSTGRES_TYPES = {
    "VARCHAR": "text",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "DOUBLE": "double precision",
    "TIMESTAMP": "timestamp",
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


MIRRORED_SCHEMAS = ("marts", "reference")


def postgres_frame(cursor: Any, sql: str) -> pd.DataFrame:
    cursor.execute(sql)
    columns = [column.name for column in cursor.description]
    return pd.DataFrame(cursor.fetchall(), columns=columns)


def mirror_from_postgres(local_database: Path) -> None:
    """Copy the built marts (and reference seeds) back into the local DuckDB file, so that
    export, report and compare read the same tables whichever warehouse built them."""
    with postgres_connection() as source, duckdb.connect(str(local_database)) as target:
        cursor = source.cursor()
        for schema in MIRRORED_SCHEMAS:
            cursor.execute(
                "select table_name from information_schema.tables "
                "where table_schema = %s and table_type = 'BASE TABLE' order by 1",
                [schema],
            )
            target.execute(f"create schema if not exists {schema}").fetchall()
            for (table,) in list(cursor.fetchall()):
                frame = postgres_frame(cursor, f'select * from {schema}."{table}"')
                target.register("mirrored_frame", frame)
                target.execute(
                    f'create or replace table {schema}."{table}" as select * from mirrored_frame'
                ).fetchall()
                target.unregister("mirrored_frame")


def publish_raw(target: str, local_database: Path) -> None:
    """Copy the loaded raw tables into the build's warehouse (nothing to do for DuckDB)."""
    if target == "postgres":
        publish_to_postgres(local_database)
    elif target == "spark":
        publish_to_spark(local_database)
    elif target == "spark_thrift":
        with duckdb.connect(str(local_database), read_only=True) as source:
            tables = [name for name, _ in raw_tables(source)]
        publish_to_spark_thrift(local_database, tables)
    elif target == "sqlserver":
        publish_to_sqlserver(local_database)


def mirror_marts(target: str, local_database: Path) -> None:
    if target == "postgres":
        mirror_from_postgres(local_database)
    elif target == "spark":
        mirror_from_spark(local_database)
    elif target == "spark_thrift":
        mirror_from_spark_thrift(local_database, MIRRORED_SCHEMAS)
    elif target == "sqlserver":
        mirror_from_sqlserver(local_database, MIRRORED_SCHEMAS)


def spark_dir() -> Path:
    """Where the in-process Spark keeps its warehouse, metastore, raw Parquet files and scratch
    space: ASCOF_SPARK_DIR, else `spark/` in dbt's target folder (DBT_TARGET_PATH, relative to
    the project as dbt reads it), else target/spark."""
    configured = os.environ.get("ASCOF_SPARK_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    target_path = configured_target_path(default_project_dir())
    return target_path / "spark" if target_path else Path("target/spark").resolve()


def spark_session() -> Any:
    """The process's Spark session, configured before dbt-spark's session method reuses it.

    Spark runs in this process's JVM in local mode, where the driver is also the only executor:
    - the executor's heartbeat to the driver (the same JVM) must not time out: when a starved
      (niced, busy machine) or paused JVM misses it for spark.network.timeout (120 s by
      default), Spark drops its only executor, cannot replace it in local mode, and ten minutes
      later the JVM exits, build and all. The timeout is a day: in local mode it detects nothing.
    - shuffles are split into a few partitions per core, so that at England scale a sort or an
      aggregation of ten million rows works in pieces instead of spilling; adaptive execution
      coalesces them again for small tables.
    - shuffle and spill files go under the Spark directory, not the system temporary folder.
    """
    from pyspark.sql import SparkSession

    root = spark_dir()
    root.mkdir(parents=True, exist_ok=True)
    (root / "tmp").mkdir(exist_ok=True)
    return (
        SparkSession.builder.enableHiveSupport()
        .config("spark.sql.warehouse.dir", str(root / "warehouse"))
        .config(
            "javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={root / 'metastore'};create=true",
        )
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={root}")
        .config("spark.local.dir", str(root / "tmp"))
        .config("spark.network.timeout", "86400s")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", os.environ.get("ASCOF_SPARK_MEMORY", "4g"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .getOrCreate()
    )


def publish_to_spark(loaded_database: Path) -> None:
    """Replace Spark's raw database with the loader's raw tables: DuckDB writes each as Parquet
    under the Spark directory and Spark registers the files as a table where they are (copying
    them into Spark's warehouse doubled the write of the ten-million-row CLD table)."""
    spark = spark_session()
    staging = spark_dir() / "raw_parquet"
    spark.sql(f"drop database if exists {RAW_SCHEMA} cascade")
    # the tables are external: dropping them leaves their files, which are replaced here
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with duckdb.connect(str(loaded_database), read_only=True) as source:
        tables = raw_tables(source)
        for name, _ in tables:
            folder = staging / name
            folder.mkdir()
            path = quote_literal(str(folder / "data.parquet"))
            source.execute(f"copy (select * from {RAW_SCHEMA}.{name}) to {path} (format parquet)")
    spark.sql(f"create database {RAW_SCHEMA}")
    for name, _ in tables:
        spark.catalog.createTable(
            f"{RAW_SCHEMA}.{name}", path=str(staging / name), source="parquet"
        )


def mirror_from_spark(local_database: Path) -> None:
    """Copy Spark's marts and reference tables back into the local DuckDB file, through Parquet
    files (marts.data_quality_rejections has millions of rows at England scale: collecting them
    into the driver and through Python would not fit its memory)."""
    spark = spark_session()
    scratch = spark_dir() / "mirror_parquet"
    shutil.rmtree(scratch, ignore_errors=True)
    with duckdb.connect(str(local_database)) as target:
        for schema in MIRRORED_SCHEMAS:
            target.execute(f"create schema if not exists {schema}").fetchall()
            tables = [row.tableName for row in spark.sql(f"show tables in {schema}").collect()]
            for table in tables:
                folder = scratch / schema / table
                frame = spark.table(f"{schema}.`{table}`")
                frame.write.mode("overwrite").parquet(str(folder))
                files = sorted(folder.glob("*.parquet"))
                if files:
                    listed = ", ".join(quote_literal(str(path)) for path in files)
                    target.execute(
                        f'create or replace table {schema}."{table}" as '
                        f"select * from read_parquet([{listed}])"
                    ).fetchall()
                else:  # an empty table written without a file: its columns from Spark
                    target.register("mirrored_frame", frame.toPandas())
                    target.execute(
                        f'create or replace table {schema}."{table}" as '
                        "select * from mirrored_frame"
                    ).fetchall()
                    target.unregister("mirrored_frame")
    shutil.rmtree(scratch, ignore_errors=True)
