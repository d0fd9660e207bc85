"""Sources held as warehouse tables: `ascof build --source-schema SCHEMA`.

docs/method.md (Inputs): a user may hold the returns as tables of a warehouse schema instead of
files, each table of the same shape as its files. A table holds one entity of one source and is
named after both (`Entity.table_name`: cld_events, ascs_respondents, ...); a name that goes on with
`_` and more (cld_events_2023_q1) is a further table of the same entity, as a folder may hold
several files. Names are matched ignoring case. Tables with other names are listed as ignored, like
stray files.

Each table is written once to a Parquet file in a scratch folder laid out as a data directory,
which the loader then reads as it reads any (runner.load): the same column matching, checks,
pseudonymisation and row numbers, with `schema.table` as the name every count and rejection
gives. A table's columns may be of any type: the loader reads every value as text, so a date
column gives ISO dates. A table has no row order of its own: row N of a table is its Nth row as
the warehouse returned it.

A CLD file is one submission; a CLD table may hold many, one per date its submitted_at or
ImportDate column states (`Entity.submission_columns`). Its rows are split by that date into one
part per submission, named `schema.table [submitted 2024-01-15]`; rows that state no date form
one more part, `schema.table [no submission date]`, taken as made when it was read
(int_cld__submissions). The split keeps each part's rows in the order the table gave them.

DuckDB's schema is in the build's database file; PostgreSQL's on the server the ASCOF_PG_*
variables name; Spark's is a database of the session's catalog (its warehouse folder under dbt's
target folder).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from runner.errors import UserError
from runner.input_contract import SOURCES, Entity, Source, canonical_column_name
from runner.load import (
    MEMORY_LIMIT,
    TABLE_PART_COLUMN,
    TablePart,
    quote_identifier,
    quote_literal,
)
from runner.scratch import scratch_folder

# the schemas the build itself writes: a source schema must be another
PROJECT_SCHEMAS = ("raw", "reference", "staging", "intermediate", "marts")
UNDATED_PART = "no submission date"


def normalised_name(name: str) -> str:
    """A table name as matched: lower case, each run of other characters one underscore."""
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def entity_for_table(name: str) -> tuple[Source, Entity] | None:
    """The source and entity a table holds, by its name; None for any other table."""
    normalised = normalised_name(name)
    for source in SOURCES:
        for entity in source.entities:
            stem = entity.table_name
            if normalised == stem or normalised.startswith(f"{stem}_"):
                return source, entity
    return None


@contextlib.contextmanager
def bounded_connection(database: str = ":memory:") -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB session within the loader's memory limit, spilling beyond it to a scratch
    folder of its own, and keeping rows in the order they are read."""
    with (
        tempfile.TemporaryDirectory(prefix="ascof-spill-") as spill,
        duckdb.connect(database) as connection,
    ):
        connection.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
        connection.execute(f"set temp_directory = {quote_literal(spill)}")
        connection.execute("set preserve_insertion_order = true")
        yield connection


class TableReader(Protocol):
    """A warehouse's tables: listed per schema, and each written out as one Parquet file."""

    where: str

    def tables(self, schema: str) -> tuple[str, list[str]] | None:
        """The schema's name as the warehouse spells it (matched ignoring case) and its
        tables; None when there is no such schema."""

    def write_parquet(self, schema: str, table: str, path: Path) -> None: ...


@dataclass
class DuckDBTables:
    """Tables of a schema of the build's DuckDB file."""

    database: Path

    @property
    def where(self) -> str:
        return str(self.database)

    @contextlib.contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if not self.database.is_file():
            raise UserError(f"{self.database}: no such database, so no source schema in it")
        with bounded_connection(str(self.database)) as connection:
            yield connection

    def tables(self, schema: str) -> tuple[str, list[str]] | None:
        with self.connection() as connection:
            found = connection.execute(
                "select schema_name from information_schema.schemata "
                "where lower(schema_name) = lower(?) order by schema_name = ? desc limit 1",
                [schema, schema],
            ).fetchone()
            if found is None:
                return None
            names = connection.execute(
                "select table_name from information_schema.tables where table_schema = ?",
                [found[0]],
            ).fetchall()
        return found[0], sorted(name for (name,) in names)

    def write_parquet(self, schema: str, table: str, path: Path) -> None:
        relation = f"{quote_identifier(schema)}.{quote_identifier(table)}"
        with self.connection() as connection:
            connection.execute(
                f"copy (select * from {relation}) to {quote_literal(str(path))} (format parquet)"
            )


@dataclass
class PostgresTables:
    """Tables of a schema on the PostgreSQL server (ASCOF_PG_* variables), read with COPY."""

    where: str = "PostgreSQL"

    def tables(self, schema: str) -> list[str] | None:
        from runner.warehouse import postgres_connection

        with postgres_connection() as connection, connection.cursor() as cursor:
            cursor.execute(
                "select schema_name from information_schema.schemata "
                "where lower(schema_name) = lower(%s) order by schema_name = %s desc limit 1",
                [schema, schema],
            )
            found = cursor.fetchone()
            if found is None:
                return None
            cursor.execute(
                "select table_name from information_schema.tables where table_schema = %s",
                [found[0]],
            )
            return found[0], sorted(name for (name,) in cursor.fetchall())

    def write_parquet(self, schema: str, table: str, path: Path) -> None:
        from runner.warehouse import postgres_connection

        relation = f"{quote_identifier(schema)}.{quote_identifier(table)}"
        as_csv = path.with_suffix(".csv")
        with (
            postgres_connection() as connection,
            connection.cursor() as cursor,
            as_csv.open("w", encoding="utf-8", newline="") as handle,
        ):
            cursor.copy_expert(
                f"copy (select * from {relation}) to stdout with (format csv, header true)", handle
            )
        with bounded_connection() as converter:
            converter.execute(
                f"copy (select * from read_csv({quote_literal(str(as_csv))}, header = true, "
                "all_varchar = true, delim = ',', quote = '\"', escape = '\"')) "
                f"to {quote_literal(str(path))} (format parquet)"
            )
        as_csv.unlink()


@dataclass
class SparkTables:
    """Tables of a database of the in-process Spark session's catalog."""

    where: str = "Spark's catalog"

    def tables(self, schema: str) -> list[str] | None:
        from runner.warehouse import spark_session

        spark = spark_session()
        if not spark.catalog.databaseExists(schema):
            return None
        return schema, sorted(table.name for table in spark.catalog.listTables(schema))

    def write_parquet(self, schema: str, table: str, path: Path) -> None:
        from runner.warehouse import spark_session

        written = path.with_suffix(".spark")
        frame = spark_session().table(f"`{schema}`.`{table}`")
        frame.coalesce(1).write.mode("overwrite").parquet(str(written))
        files = sorted(written.glob("part-*.parquet"))
        if files:
            files[0].rename(path)
        else:  # an empty table may be written without a file: its columns from Spark
            with duckdb.connect() as converter:
                converter.register("empty_table", frame.toPandas())
                converter.execute(
                    f"copy empty_table to {quote_literal(str(path))} (format parquet)"
                )
        shutil.rmtree(written)


def table_reader(target: str, database: Path) -> TableReader:
    if target == "postgres":
        return PostgresTables()
    if target == "spark":
        return SparkTables()
    return DuckDBTables(database)


@dataclass
class ExportedTables:
    """The scratch data directory the tables were written to, each file's part (its name and
    entity), and the schema's other tables."""

    data_dir: Path
    parts: dict[Path, TablePart] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def submission_key_sql(entity: Entity, header: list[str]) -> str | None:
    """The stated submission date of a row (the first of the entity's submission columns the
    table has that is set), as text; None when the table has none of them."""
    present = {canonical_column_name(name): name for name in header}
    columns = [present[name] for name in entity.submission_columns if name in present]
    if not columns:
        return None
    # as the cld_text macro reads a value: trimmed, blank and the text NULL as none
    texts = []
    for name in columns:
        text = f"trim(cast({quote_identifier(name)} as varchar))"
        texts.append(f"case when upper({text}) not in ('', 'NULL') then {text} end")
    return texts[0] if len(texts) == 1 else f"coalesce({', '.join(texts)})"


def split_by_submission(exported: Path, entity: Entity, label: str) -> tuple[str, ...]:
    """Rewrite a table's file with each row's part named (TABLE_PART_COLUMN): one part per
    stated submission date, the rows of each together and in the table's order. The part names;
    none when the table states one date at most (it is one submission)."""
    table = f"read_parquet({quote_literal(str(exported))})"
    with bounded_connection() as connection:
        described = connection.execute(f"select * from {table} limit 0").description
        key = submission_key_sql(entity, [column[0] for column in described])
        if key is None:
            return ()
        part = (
            f"{quote_literal(label)} || ' [' || "
            f"coalesce('submitted ' || {key}, {quote_literal(UNDATED_PART)}) || ']'"
        )
        names = tuple(
            name
            for (name,) in connection.execute(
                f"select distinct {part} as name from {table} order by name"
            ).fetchall()
        )
        if len(names) <= 1:
            return ()
        split = exported.with_suffix(".split.parquet")
        connection.execute(
            f"copy (select * exclude (_ascof_row) from ("
            f"select *, {part} as {quote_identifier(TABLE_PART_COLUMN)}, "
            f"row_number() over () as _ascof_row from {table}"
            f") order by {quote_identifier(TABLE_PART_COLUMN)}, _ascof_row) "
            f"to {quote_literal(str(split))} (format parquet)"
        )
    split.replace(exported)
    return names


def check_schema_name(schema: str) -> None:
    if normalised_name(schema) in PROJECT_SCHEMAS:
        raise UserError(
            f"--source-schema {schema}: the build writes that schema itself; keep the source "
            f"tables in another (not {', '.join(PROJECT_SCHEMAS)})"
        )


@contextlib.contextmanager
def exported_tables(reader: TableReader, schema: str, database: Path) -> Iterator[ExportedTables]:
    """The source tables of a schema written as a data directory in a scratch folder beside the
    warehouse's DuckDB file (runner.scratch), removed afterwards (it holds identifiers in clear
    until the loader has pseudonymised them)."""
    check_schema_name(schema)
    found = reader.tables(schema)
    if found is None:
        raise UserError(f"no schema '{schema}' in {reader.where} (--source-schema)")
    schema, names = found
    with scratch_folder(database, "tables") as scratch:
        exported = ExportedTables(Path(scratch))
        for name in names:
            held = entity_for_table(name)
            if held is None:
                exported.ignored.append(f"{schema}.{name}")
                continue
            source, entity = held
            folder = exported.data_dir / source.folder
            folder.mkdir(exist_ok=True)
            path = folder / f"{normalised_name(name)}.parquet"
            reader.write_parquet(schema, name, path)
            label = f"{schema}.{name}"
            parts = split_by_submission(path, entity, label) if entity.submission_columns else ()
            exported.parts[path] = TablePart(label, entity, parts)
        yield exported
