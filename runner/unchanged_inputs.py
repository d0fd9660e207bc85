"""Keep a raw table whose input files have not changed since the last load, instead of reading
them again, and read only the new files when files were only added (runner/load.py decides per
entity).

An entity's fingerprint covers everything its raw table is made from: the context (the survey
layout of the year, the pseudonymisation key and the code of the loader itself) and, for each
file (or sheet), its name, size and modification time and the columns its header supplies. It is
recorded with the raw table (raw.load_fingerprints) and compared at the next load:

- the same fingerprint: the raw table is kept as it is;
- the same context and every recorded file still there unchanged, plus new files: only the new
  files are read, and their rows are added to the raw table (a new quarter's CLD submissions);
- anything else (a changed or removed file, another key or year, a new version of the loader):
  the entity is read again in full.

The digests are SHA-256 and include the key: they reveal no more about the key than the
pseudonyms already in the raw tables do.

A spreadsheet's header is only known once the workbook is read (about 2 s for an England-sized
CQC ratings file), so each spreadsheet's parts as the last load found them are recorded too
(raw.load_spreadsheet_parts: entity, name, header and first data line of each sheet read, under
the file's name, size, modification time and the loader's code). An unchanged workbook is then
planned from that record, and read again only when its entity has to be (runner/load.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

FINGERPRINTS_TABLE = "load_fingerprints"
SPREADSHEETS_TABLE = "load_spreadsheet_parts"
# the modules whose code decides what a raw table holds
_LOADER_MODULES = ("load.py", "privacy.py", "input_contract.py", "workbooks.py")


def _loader_code_digest() -> str:
    digest = hashlib.sha256()
    for name in _LOADER_MODULES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


LOADER_CODE_DIGEST = _loader_code_digest()


@dataclass(frozen=True)
class InputsFingerprint:
    """What an entity's raw table was made from: the context and one digest per part."""

    context: str
    parts: tuple[str, ...]

    def added_to(self, recorded: InputsFingerprint) -> bool:
        """True when this is `recorded` plus new parts: the same context, every recorded part
        still there unchanged, and at least one more."""
        return recorded.context == self.context and set(recorded.parts) < set(self.parts)


def _sha256(described: Any) -> str:
    return hashlib.sha256(json.dumps(described).encode("utf-8")).hexdigest()


def part_fingerprint(path: Path, display_name: str, header: list[str], columns: Any) -> str:
    status = path.stat()
    return _sha256([display_name, status.st_size, status.st_mtime_ns, header, columns])


def entity_fingerprint(
    parts: Iterable[tuple[Path, str, list[str], list[tuple[int, str]]]],
    question_columns: dict[str, str],
    key: str | None,
) -> InputsFingerprint:
    """The fingerprint of an entity's inputs: (path, display name, header, columns) per part."""
    context = _sha256([LOADER_CODE_DIGEST, sorted(question_columns.items()), key])
    return InputsFingerprint(context, tuple(part_fingerprint(*part) for part in parts))


def spreadsheet_key(path: Path, display_name: str) -> str:
    """The record key of a spreadsheet: its name, size and modification time, and the loader."""
    status = path.stat()
    return _sha256([LOADER_CODE_DIGEST, display_name, status.st_size, status.st_mtime_ns])


def table_columns(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    """The column names of one table (none when it does not exist)."""
    found = connection.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return {name for (name,) in found}


def recorded_spreadsheets(connection: duckdb.DuckDBPyConnection, schema: str) -> dict[str, Any]:
    """The parts of each spreadsheet the last load read, by spreadsheet_key."""
    if not {"spreadsheet_key", "parts"} <= table_columns(connection, schema, SPREADSHEETS_TABLE):
        return {}
    recorded = connection.execute(
        f"select spreadsheet_key, parts from {schema}.{SPREADSHEETS_TABLE}"
    ).fetchall()
    return {key: json.loads(parts) for key, parts in recorded}


def record_spreadsheets(
    connection: duckdb.DuckDBPyConnection, schema: str, spreadsheets: dict[str, Any]
) -> None:
    """Replace the recorded spreadsheet parts (inside the loader's final transaction)."""
    connection.execute(
        f"create or replace table {schema}.{SPREADSHEETS_TABLE} "
        "(spreadsheet_key varchar, parts varchar)"
    ).fetchall()
    if spreadsheets:
        connection.execute(
            f"insert into {schema}.{SPREADSHEETS_TABLE} select unnest(?), unnest(?)",
            [list(spreadsheets), [json.dumps(parts) for parts in spreadsheets.values()]],
        ).fetchall()


def recorded_fingerprints(
    connection: duckdb.DuckDBPyConnection, schema: str
) -> dict[str, InputsFingerprint]:
    """Each raw table's fingerprint from the last load, for the tables that still exist."""
    found = connection.execute(
        "select table_name, column_name from information_schema.columns where table_schema = ?",
        [schema],
    ).fetchall()
    tables = {table for table, _ in found}
    recorded_columns = {column for table, column in found if table == FINGERPRINTS_TABLE}
    # a table recorded by an earlier version of the loader, without the parts: read again
    if not {"raw_table", "context", "parts"} <= recorded_columns:
        return {}
    recorded = connection.execute(
        f"select raw_table, context, parts from {schema}.{FINGERPRINTS_TABLE}"
    ).fetchall()
    return {
        table: InputsFingerprint(context, tuple(parts))
        for table, context, parts in recorded
        if table in tables
    }


def record_fingerprints(
    connection: duckdb.DuckDBPyConnection, schema: str, fingerprints: dict[str, InputsFingerprint]
) -> None:
    """Replace the recorded fingerprints (inside the loader's final transaction)."""
    connection.execute(
        f"create or replace table {schema}.{FINGERPRINTS_TABLE} "
        "(raw_table varchar, context varchar, parts varchar[])"
    ).fetchall()
    if fingerprints:
        connection.execute(
            f"insert into {schema}.{FINGERPRINTS_TABLE} select unnest(?), unnest(?), unnest(?)",
            [
                list(fingerprints),
                [fingerprint.context for fingerprint in fingerprints.values()],
                [list(fingerprint.parts) for fingerprint in fingerprints.values()],
            ],
        ).fetchall()
