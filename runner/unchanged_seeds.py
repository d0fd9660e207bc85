"""Load a seed only when it changed: a build leaves out the seeds whose CSV file and configuration
are as they were when the last build into the same DuckDB warehouse loaded them.

Every seed is recreated when it is loaded (`+full_refresh: true` in dbt_project.yml), and a build
loaded all 23 of them each time, though they change only with a new version of the project. A
seed's fingerprint covers what its table is made from: the bytes of its CSV file, its resolved
configuration (column types, schema, alias, quoting ...), its documented columns and the
versions of dbt and the adapter. The fingerprints of the seeds a build loaded are recorded beside
the warehouse (<database>.seeds.json). The next build excludes a seed (`--exclude`) when its
fingerprint is the recorded one and its table is still in the warehouse; otherwise it loads it,
and everything built from it is rebuilt as in every build.

Only DuckDB warehouses: the record is checked against the tables in the file itself. Other
targets load every seed, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import duckdb

from runner.dbt_invoke import NodeResult

RECORD_SUFFIX = ".seeds.json"


def record_path(database: Path) -> Path:
    """Where the fingerprints of the loaded seeds are kept: beside the warehouse."""
    return database.with_name(database.name + RECORD_SUFFIX)


def _versions() -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("dbt-core", "dbt-duckdb", "duckdb"):
        try:
            found.append(f"{package}=={version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} missing")
    return found


def seed_fingerprints(manifest: Any) -> dict[str, str]:
    """The fingerprint of every seed in a parsed manifest, by seed name."""
    versions = _versions()
    fingerprints = {}
    for node in manifest.nodes.values():
        if str(node.resource_type) != "seed":
            continue
        csv_file = Path(node.root_path) / node.original_file_path
        described = [
            hashlib.sha256(csv_file.read_bytes()).hexdigest(),
            node.config.to_dict(),
            {name: column.data_type for name, column in node.columns.items()},
            [node.database, node.schema, node.alias],
            versions,
        ]
        text = json.dumps(described, sort_keys=True, default=str)
        fingerprints[node.name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return fingerprints


def _relations(manifest: Any) -> dict[str, tuple[str, str]]:
    return {
        node.name: (node.schema, node.alias or node.name)
        for node in manifest.nodes.values()
        if str(node.resource_type) == "seed"
    }


def recorded(database: Path) -> dict[str, str]:
    """The fingerprints recorded by the last builds (none when unreadable)."""
    try:
        found = json.loads(record_path(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def existing_tables(database: Path) -> set[tuple[str, str]]:
    """(schema, table) of every table in the DuckDB file."""
    if not database.is_file():
        return set()
    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            rows = connection.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
    except duckdb.Error:
        return set()
    return {(schema, table) for schema, table in rows}


def unchanged_seeds(manifest: Any, database: Path) -> list[str]:
    """The seeds this build need not load: fingerprint as recorded, table still there."""
    if manifest is None:
        return []
    previous = recorded(database)
    if not previous:
        return []
    current = seed_fingerprints(manifest)
    tables = existing_tables(database)
    relations = _relations(manifest)
    return sorted(
        name
        for name, fingerprint in current.items()
        if previous.get(name) == fingerprint and relations[name] in tables
    )


def record_loaded_seeds(manifest: Any, database: Path, nodes: list[NodeResult]) -> None:
    """Record the fingerprints of the seeds this build loaded (a seed that failed is forgotten,
    so the next build loads it); the others keep their records."""
    if manifest is None:
        return
    current = seed_fingerprints(manifest)
    kept = recorded(database)
    for node in nodes:
        if node.resource_type != "seed":
            continue
        if node.status == "success" and node.name in current:
            kept[node.name] = current[node.name]
        else:
            kept.pop(node.name, None)
    kept = {name: digest for name, digest in kept.items() if name in current}
    path = record_path(database)
    staged = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        staged.write_text(json.dumps(kept, indent=1, sort_keys=True), encoding="utf-8")
        staged.replace(path)
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()
