"""Keep a raw table whose input files have not changed since the last load, instead of reading
them again (runner/load.py decides per entity).

An entity's fingerprint covers everything its raw table is made from: each file's name, size
and modification time, the columns its header supplies, the survey layout of the year, the
pseudonymisation key, and the code of the loader itself. A raw table is kept only when the
fingerprint recorded with it (raw.load_fingerprints) equals the new one, so a changed, added or
removed file, another key or year, or a new version of the loader reads the entity again.

The fingerprint is a SHA-256 digest that includes the key: it reveals no more about the key
than the pseudonyms already in the raw tables do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

FINGERPRINTS_TABLE = "load_fingerprints"
# the modules whose code decides what a raw table holds
_LOADER_MODULES = ("load.py", "privacy.py", "input_contract.py", "workbooks.py")


def _loader_code_digest() -> str:
    digest = hashlib.sha256()
    for name in _LOADER_MODULES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


LOADER_CODE_DIGEST = _loader_code_digest()


def entity_fingerprint(
    parts: Iterable[tuple[Path, str, list[str], list[tuple[int, str]]]],
    question_columns: dict[str, str],
    key: str | None,
) -> str:
    """The digest of an entity's inputs: (path, display name, header, columns) per part."""
    described: list[Any] = [LOADER_CODE_DIGEST, sorted(question_columns.items()), key]
    for path, display_name, header, columns in parts:
        status = path.stat()
        described.append([display_name, status.st_size, status.st_mtime_ns, header, columns])
    return hashlib.sha256(json.dumps(described).encode("utf-8")).hexdigest()


def recorded_fingerprints(connection: duckdb.DuckDBPyConnection, schema: str) -> dict[str, str]:
    """Each raw table's fingerprint from the last load, for the tables that still exist."""
    found = connection.execute(
        "select table_name from information_schema.tables where table_schema = ?", [schema]
    ).fetchall()
    tables = {name for (name,) in found}
    if FINGERPRINTS_TABLE not in tables:
        return {}
    recorded = connection.execute(
        f"select raw_table, fingerprint from {schema}.{FINGERPRINTS_TABLE}"
    ).fetchall()
    return {table: fingerprint for table, fingerprint in recorded if table in tables}


def record_fingerprints(
    connection: duckdb.DuckDBPyConnection, schema: str, fingerprints: dict[str, str]
) -> None:
    """Replace the recorded fingerprints (inside the loader's final transaction)."""
    connection.execute(
        f"create or replace table {schema}.{FINGERPRINTS_TABLE} "
        "(raw_table varchar, fingerprint varchar)"
    ).fetchall()
    if fingerprints:
        connection.execute(
            f"insert into {schema}.{FINGERPRINTS_TABLE} select unnest(?), unnest(?)",
            [list(fingerprints), list(fingerprints.values())],
        ).fetchall()
