"""Scratch folders beside the warehouse, never in the system's temporary folder.

A run's scratch files can hold an input in clear (a Windows-1252 or UTF-16 file copied as UTF-8
for DuckDB, a source table written out before the loader pseudonymises it), so they live in
`<database>.scratch/<name>/`, next to the warehouse the user chose, and are removed when the run
ends; a run that was killed leaves them, and the next run of the same kind removes them first.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path


def scratch_root(database: Path) -> Path:
    return database.with_name(database.name + ".scratch")


@contextlib.contextmanager
def scratch_folder(database: Path, name: str) -> Iterator[Path]:
    """An empty folder `name` under the warehouse's scratch root, removed afterwards."""
    folder = scratch_root(database) / name
    shutil.rmtree(folder, ignore_errors=True)  # what a killed run left
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            folder.parent.rmdir()  # only when no other scratch folder is in use
