"""Run dbt in-process through dbtRunner, with a progress display driven by dbt's events."""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import click

from runner.settings import Settings

# No tracking calls from dbt, and no tracker script in the generated docs page.
os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"

FAILED_STATUSES = frozenset({"error", "fail", "runtime error"})
_STATUS_COLOURS = {
    "success": "green",
    "pass": "green",
    "warn": "yellow",
    "skipped": "yellow",
    "fail": "red",
    "error": "red",
    "runtime error": "red",
}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_SPACES = re.compile(r"\s+")


class DbtError(Exception):
    """dbt ran but did not succeed: reported as one line on stderr with exit code 1."""

    exit_code = 1


@dataclass(frozen=True)
class NodeResult:
    """One node dbt ran: a seed, model, unit test or data test, with its status and message."""

    unique_id: str
    resource_type: str
    name: str
    status: str
    message: str

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


@dataclass(frozen=True)
class DbtOutcome:
    """What a dbt invocation produced: success, each node's result, or why it did not run."""

    success: bool
    nodes: list[NodeResult] = field(default_factory=list)
    error: str | None = None

    @property
    def failures(self) -> list[NodeResult]:
        return [node for node in self.nodes if node.failed]

    def reason(self) -> str:
        """Why dbt did not succeed, on one line."""
        if self.error:
            return self.error
        return "; ".join(f"{node.name}: {node.message}" for node in self.failures) or "unknown"


def one_line(text: str) -> str:
    """dbt messages span lines and carry colour codes; the runner prints them on one line."""
    return _SPACES.sub(" ", _ANSI.sub("", text)).strip()


class Progress:
    """A progress display fed by dbt's events: nodes done of total, the current node, seconds.

    On a terminal it rewrites one line; otherwise it prints one plain line per finished node.
    dbt calls it from its worker threads, hence the lock.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stdout
        self._live = self._stream.isatty()
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._total = 0
        self._done: set[str] = set()
        self._running: dict[str, str] = {}
        self._line_shown = False

    def __call__(self, event: Any) -> None:
        name = event.info.name
        data = event.data
        with self._lock:
            if name == "ConcurrencyLine":
                self._total = max(self._total, data.node_count)
            elif name in ("LogStartLine", "NodeStart"):
                if name == "LogStartLine":
                    self._total = max(self._total, data.total)
                self._running[data.node_info.unique_id] = _label(data.node_info)
                self._show_live()
            elif name == "NodeFinished":
                self._finish(data)
            elif event.info.level == "warn":
                self._print_above(click.style(f"warning: {one_line(event.info.msg)}", fg="yellow"))

    def close(self) -> None:
        with self._lock:
            if self._live and self._line_shown:
                self._write("\r\x1b[K")
                self._line_shown = False

    def _finish(self, data: Any) -> None:
        unique_id = data.node_info.unique_id
        label = self._running.pop(unique_id, _label(data.node_info))
        self._done.add(unique_id)
        self._total = max(self._total, len(self._done))
        if self._live:
            self._show_live()
            return
        status = data.run_result.status or data.node_info.node_status
        self._write(f"{self._counter()} {_styled_status(status)} {label}\n")

    def _counter(self) -> str:
        width = len(str(self._total))
        elapsed = time.monotonic() - self._started
        return f"[{len(self._done):>{width}}/{self._total}] {elapsed:5.0f}s"

    def _show_live(self) -> None:
        if not self._live:
            return
        line = f"{self._counter()}  {', '.join(self._running.values())}"
        columns = shutil.get_terminal_size((100, 20)).columns - 1
        self._write(f"\r{line[:columns]}\x1b[K")
        self._line_shown = True

    def _print_above(self, text: str) -> None:
        if self._live and self._line_shown:
            self._write("\r\x1b[K")
        click.echo(text, file=self._stream)
        self._show_live()

    def _write(self, text: str) -> None:
        click.echo(text, file=self._stream, nl=False)
        self._stream.flush()


def _label(node_info: Any) -> str:
    return f"{node_info.resource_type} {node_info.node_name}"


def _styled_status(status: str) -> str:
    return click.style(f"{status:<7}", fg=_STATUS_COLOURS.get(status))


def log_options(settings: Settings) -> list[str]:
    """dbt's console and file log levels and colours for one invocation (see run_dbt)."""
    options = ["--log-level", "info" if settings.verbose else "none"]
    # dbt applies --log-level to logs/dbt.log too unless told otherwise
    file_level = os.environ.get("DBT_LOG_LEVEL_FILE", "debug" if settings.verbose else "info")
    options += ["--log-level-file", file_level]
    options.append("--use-colors" if sys.stdout.isatty() else "--no-use-colors")
    return options


def parse_project(settings: Settings, args: list[str]) -> Any | None:
    """dbt's parsed project (its manifest) for `args` (a `parse` command from dbt_args), or
    None when dbt could not parse it: the build that follows then parses and reports why.

    Parsing touches no warehouse, so the runner parses while it loads the files; partial
    parsing (target/partial_parse.msgpack) still applies.
    """
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke([*args, *log_options(settings)])
    return result.result if result.success else None


def run_dbt(
    settings: Settings, args: list[str], show_progress: bool = True, manifest: Any | None = None
) -> DbtOutcome:
    """Invoke dbt once in this process; `args` come from settings.dbt_args. A `manifest` from
    parse_project, for the same project and variables, spares dbt parsing it again.

    Normal verbosity shows our progress display and silences dbt's console log; --verbose
    shows dbt's own log instead; --quiet shows neither. dbt's file log (logs/dbt.log) keeps the
    info level: every node's result and every error message. Its debug level (each SQL statement,
    with timings) is for --verbose or DBT_LOG_LEVEL_FILE=debug: writing it cost a few seconds of
    every build (benchmarked in docs/benchmarks.md), and the SQL of each node is in target/run/.
    """
    from dbt.cli.main import dbtRunner

    progress = Progress() if show_progress and not settings.quiet and not settings.verbose else None
    runner = dbtRunner(manifest=manifest, callbacks=[progress] if progress else [])
    try:
        result = runner.invoke([*args, *log_options(settings)])
    finally:
        if progress:
            progress.close()
        release_duckdb_connection()
    if isinstance(result.exception, KeyboardInterrupt):
        raise KeyboardInterrupt  # Ctrl-C: the runner says "interrupted" and exits 130
    nodes = [_node_result(run) for run in getattr(result.result, "results", None) or []]
    error = one_line(str(result.exception)) if result.exception else None
    return DbtOutcome(success=result.success, nodes=nodes, error=error)


def _node_result(run: Any) -> NodeResult:
    node = run.node
    return NodeResult(
        unique_id=node.unique_id,
        resource_type=str(node.resource_type),
        name=node.name,
        status=str(run.status),
        message=one_line(run.message or ""),
    )


def release_duckdb_connection() -> None:
    """Close the DuckDB file dbt-duckdb keeps open after dbt returns.

    dbt-duckdb holds one process-wide connection (keep_open); while it is open, this process
    cannot open the same file read-only (export) and other processes cannot open it at all.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
        DuckDBConnectionManager._ENV = None


def dbt_log_path(settings: Settings) -> Path:
    """Where dbt writes dbt.log: DBT_LOG_PATH or <project>/logs."""
    configured = os.environ.get("DBT_LOG_PATH")
    return Path(configured).resolve() if configured else settings.project_dir / "logs"
