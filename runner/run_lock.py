"""One run at a time per warehouse, and what the last build left behind.

`ascof build`, `validate`, `export` and `demo` hold a lock file beside the warehouse's DuckDB
file (`<database>.lock`, holding the process id, the command and when it started) from loading
to the end of dbt or of the export. A second run on the same warehouse is refused in one line
(or waits, with --wait); a lock whose process has died (a killed run) is taken over.

Each build also records when it started and how it ended (`<database>.builds.json`), so that an
export after a failed or interrupted build can say which build the warehouse holds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from runner.errors import UserError

WAIT_POLL_SECONDS = 0.5
# the locks this process holds (a demo's build and export run inside one held lock)
_HELD: dict[Path, int] = {}


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def builds_record_path(database: Path) -> Path:
    return database.with_name(database.name + ".builds.json")


def now_text() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs on this machine (signal 0 checks without sending)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


def read_holder(path: Path) -> dict[str, Any] | None:
    """The lock's content, or None when it vanished or is not a lock this runner wrote."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def is_stale(holder: dict[str, Any]) -> bool:
    """A lock of a process that no longer runs (on this host), or one this runner cannot read."""
    if holder.get("host") not in (None, socket.gethostname()):
        return False  # a run on another machine sharing the folder: assume it is alive
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return True
    if pid == os.getpid():
        return True  # this process holds no such lock (_HELD): left by an earlier run
    return not process_alive(pid)


def try_create(path: Path, command: str) -> bool:
    """Create the lock file with this run's details; False when another run holds it."""
    content = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command,
        "started": now_text(),
    }
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(content, handle)
    return True


def refusal(database: Path, holder: dict[str, Any]) -> UserError:
    command = holder.get("command", "another run")
    since = holder.get("started", "an unknown time")
    pid = holder.get("pid", "?")
    return UserError(
        f"{database}: in use by `ascof {command}` (process {pid}, started {since}); "
        "wait for it to finish or pass --wait (one run at a time per warehouse)"
    )


def acquire(database: Path, command: str, wait: bool) -> Path:
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    while not try_create(path, command):
        holder = read_holder(path)
        if holder is None:
            continue  # released meanwhile
        if is_stale(holder):
            path.unlink(missing_ok=True)
            continue
        if not wait:
            raise refusal(database, holder)
        time.sleep(WAIT_POLL_SECONDS)
    return path


@contextmanager
def warehouse_lock(database: Path, command: str, wait: bool = False) -> Iterator[None]:
    """Hold the warehouse's lock for the block; re-entrant within one process."""
    database = database.resolve()
    if database in _HELD:
        _HELD[database] += 1
        try:
            yield
        finally:
            _HELD[database] -= 1
        return
    path = acquire(database, command, wait)
    _HELD[database] = 1
    try:
        yield
    finally:
        del _HELD[database]
        holder = read_holder(path)
        if holder is not None and holder.get("pid") == os.getpid():
            path.unlink(missing_ok=True)


def read_builds(database: Path) -> dict[str, Any]:
    try:
        record = json.loads(builds_record_path(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def record_build(database: Path, **fields: str) -> None:
    """Update the build record: `started` when a build starts, `ended` with its outcome
    (complete, failed, interrupted) when it stops; `last_complete` when one completes."""
    record = read_builds(database) | fields
    if fields.get("outcome") == "complete":
        record["last_complete"] = fields.get("ended", now_text())
    path = builds_record_path(database)
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text(json.dumps(record, indent=2), encoding="utf-8")
    os.replace(temporary, path)


def incomplete_build_note(database: Path) -> str | None:
    """One line for an export when the last build did not complete, else None."""
    record = read_builds(database)
    outcome = record.get("outcome")
    if not record or outcome == "complete":
        return None
    what = {"interrupted": "was interrupted", "failed": "failed"}.get(
        outcome or "", "did not finish"
    )
    last = record.get("last_complete")
    held = f"the last complete build, made {last}" if last else "no complete build"
    return (
        f"note: the last build (started {record.get('started', '?')}) {what}; "
        f"the warehouse holds {held}, with what that build changed before it stopped"
    )
