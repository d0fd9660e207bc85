"""`ascof build`: load the input files, then run `dbt build` once with a progress display."""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
import duckdb

from runner.dbt_invoke import DbtOutcome, NodeResult, dbt_log_path, parse_project, run_dbt
from runner.errors import UserError
from runner.input_contract import SOURCES
from runner.last_complete_build import forget_kept_marts, keep_marts, restore_marts
from runner.load import LoadReport, load_inputs
from runner.provenance import new_provenance, record_provenance
from runner.run_lock import now_text, record_build
from runner.settings import (
    DEFAULT_YEAR,
    MARTS_SCHEMA,
    TARGETS,
    GlobalOptions,
    Settings,
    check_year,
    dbt_args,
    dbt_vars,
    pass_options,
    use_database,
)
from runner.source_tables import TableReader, exported_tables, table_reader
from runner.unchanged_seeds import record_loaded_seeds, unchanged_seeds
from runner.warehouse import mirror_marts, publish_raw

EXIT_BUILD_FAILED = 1
T = TypeVar("T")


@dataclass(frozen=True)
class Inputs:
    """Where a build reads the sources: a data directory of files (DuckDB reads them in place),
    or a schema of the warehouse holding them as tables (runner.source_tables)."""

    data_dir: Path | None = None
    source_schema: str | None = None


def check_data_dir(data_dir: Path) -> Path:
    data_dir = data_dir.expanduser().resolve()
    if not data_dir.exists():
        raise UserError(f"{data_dir}: data directory not found")
    if not data_dir.is_dir():
        raise UserError(f"{data_dir}: not a directory; --data-dir takes the folder with ascs/")
    return data_dir


def check_inputs(data_dir: Path | None, source_schema: str | None) -> Inputs:
    """Exactly one of a data directory and a source schema."""
    if (data_dir is None) == (source_schema is None):
        raise UserError(
            "give the inputs as --data-dir DIR (files) or --source-schema SCHEMA "
            "(warehouse tables), one of the two"
        )
    if data_dir is not None:
        return Inputs(data_dir=check_data_dir(data_dir))
    return Inputs(source_schema=source_schema)


def load(
    settings: Settings,
    inputs: Inputs,
    database: Path,
    year: str,
    reader: TableReader | None = None,
) -> None:
    """Read the input files, or the source tables, into the database's raw schema (runner.load
    does the work; runner.source_tables writes the tables out as files for it first). The tables
    are read from the settings' warehouse unless `reader` says where (validate loads elsewhere)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        if inputs.data_dir is not None:
            report = load_inputs(inputs.data_dir, database, year)
            origin, unit = f"{len(report.files)} files from {inputs.data_dir}", "files"
            ignored = [os.path.relpath(path, inputs.data_dir) for path in report.ignored]
        else:
            reader = reader or table_reader(settings.target, database)
            with exported_tables(reader, inputs.source_schema, database) as exported:
                report = load_inputs(exported.data_dir, database, year, exported.parts)
            # a CLD table holding several submissions is read as one part per submission
            origin = f"{len(report.files)} parts of tables in schema {inputs.source_schema}"
            unit, ignored = "parts", exported.ignored
    except duckdb.IOException as error:
        first_line = str(error).splitlines()[0]
        raise UserError(f"{database}: cannot write ({first_line})") from error
    if not settings.quiet:
        print_load_report(report, origin, unit, ignored, verbose=settings.verbose)


def print_load_report(
    report: LoadReport, origin: str, unit: str, ignored: list[str], verbose: bool
) -> None:
    """What was read per source (`origin`: how many files or parts of tables, from where)."""
    files_by_source = Counter(loaded.source for loaded in report.files)
    rows_by_source: Counter[str] = Counter()
    for loaded in report.files:
        rows_by_source[loaded.source] += loaded.rows
    kept = {
        source.folder
        for source in SOURCES
        if all(entity.raw_table in report.kept for entity in source.entities)
    }
    added_to = {
        source.folder
        for source in SOURCES
        if any(entity.raw_table in report.appended for entity in source.entities)
    }
    click.echo(f"Read {origin}")
    for source in sorted(files_by_source):
        count = files_by_source[source]
        line = f"  {source}: {count} {unit if count != 1 else unit[:-1]}, "
        line += f"{rows_by_source[source]:,} rows"
        if source in kept:
            line += " (unchanged since the last load: kept, not read again)"
        elif source in added_to:
            line += " (files added since the last load: only the new files read)"
        click.echo(line)
    if verbose:
        for loaded in report.files:
            click.echo(f"    {loaded.display_name} -> {loaded.entity} ({loaded.rows:,} rows)")
    for missing in report.missing:
        click.echo(click.style(f"note: {missing.message}", fg="yellow"))
    if ignored:
        click.echo(click.style(f"note: ignored, not inputs: {', '.join(ignored)}", fg="yellow"))


def query_marts(database: Path, sql: str) -> list[tuple] | None:
    """The rows of a query on the built database, or None if its tables were not built."""
    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            return connection.execute(sql).fetchall()
    except duckdb.Error:
        return None


# The kinds of rejected row (the rejection_kind macro sorts the ledgers' reasons into them), in
# the order the summary lists them, as the summary words them.
REJECTION_KINDS = {
    "superseded": "superseded submissions (a later submission covers their quarters)",
    "repeat": "repeats of a row already used once (duplicate events, cells, respondents)",
    "out_of_scope": "outside what a metric reads (events outside the quarters, under-18s)",
    "bad_value": "bad or missing values",
}
REJECTIONS_TABLE = "data_quality_rejections"
OUTCOMES_TABLE = "ascof_outcomes"
# top-level metric models (marts/metrics/ascof_1a.sql ...): ascof_<metric code>
_METRIC_MODEL = re.compile(r"ascof_([1-6][a-z0-9]*)")


@dataclass(frozen=True)
class Rejections:
    """The ledger's totals: rows read and used, rejected rows by kind, single values nulled."""

    rows_read: int
    rows_used: int
    rows_by_kind: dict[str, int]
    values_rejected: int

    @property
    def rows_rejected(self) -> int:
        return sum(self.rows_by_kind.values())


def rejections(database: Path) -> Rejections | None:
    """The data-quality marts' totals, or None if they were not built."""
    totals = query_marts(
        database,
        "select sum(rows_read), sum(rows_used), sum(values_rejected)"
        f" from {MARTS_SCHEMA}.data_quality_summary",
    )
    kinds = query_marts(
        database,
        f"select rejection_kind, count(*) from {MARTS_SCHEMA}.{REJECTIONS_TABLE}"
        " where rejection_scope = 'row' group by rejection_kind",
    )
    if totals is None or kinds is None:
        return None
    read, used, values = (int(value or 0) for value in totals[0])
    by_kind = {kind: 0 for kind in REJECTION_KINDS} | {kind: int(n) for kind, n in kinds}
    return Rejections(read, used, by_kind, values)


def rejections_lines(database: Path) -> list[str]:
    """'133,630 of 309,074 rows read (43%)', then a line per kind and the nulled values."""
    found = rejections(database)
    if found is None:
        return [f"unknown ({MARTS_SCHEMA}.{REJECTIONS_TABLE} was not built)"]
    share = f" ({found.rows_rejected / found.rows_read:.0%})" if found.rows_read else ""
    lines = [
        f"{found.rows_rejected:,} of {found.rows_read:,} rows read{share}, "
        f"see {MARTS_SCHEMA}.{REJECTIONS_TABLE}:"
    ]
    width = len(f"{max(found.rows_by_kind.values(), default=0):,}")
    for kind, words in REJECTION_KINDS.items():
        lines.append(f"  {found.rows_by_kind.get(kind, 0):>{width},} {words}")
    for kind in sorted(set(found.rows_by_kind) - set(REJECTION_KINDS)):
        lines.append(f"  {found.rows_by_kind[kind]:>{width},} {kind}")
    values = "value" if found.values_rejected == 1 else "values"
    lines.append(f"  and {found.values_rejected:,} single {values} nulled in rows that were used")
    return lines


def metrics_computed(
    database: Path, codes: set[str] | None = None
) -> tuple[list[str], list[str]] | None:
    """(computed, not computed) metric codes from marts.ascof_outcomes (only `codes` when
    given), or None if not built. A measure the year does not publish ([z] everywhere, e.g.
    the carers' survey measures in 2024-25) is in neither list."""
    rows = query_marts(
        database,
        "select measure_group, bool_or(value_marker is null) as computed,"
        " bool_and(coalesce(value_marker = '[z]', false)) as not_published"
        f" from {MARTS_SCHEMA}.{OUTCOMES_TABLE} where measure_type = 'Outcome'"
        " group by measure_group order by measure_group",
    )
    if rows is None:
        return None
    rows = [
        (code, done) for code, done, skip in rows if not skip and (codes is None or code in codes)
    ]
    return [code for code, done in rows if done], [code for code, done in rows if not done]


def not_published_text(database: Path) -> str:
    """'; not published for this year ([z]): 1C 1E ...', or '' when every measure is."""
    rows = query_marts(
        database,
        "select measure_group from"
        f" {MARTS_SCHEMA}.{OUTCOMES_TABLE} where measure_type = 'Outcome'"
        " group by measure_group"
        " having bool_and(coalesce(value_marker = '[z]', false)) order by measure_group",
    )
    codes = [code for (code,) in rows or []]
    return f"; not published for this year ([z]): {' '.join(codes)}" if codes else ""


def _metrics_text(database: Path, codes: set[str] | None = None) -> str:
    metrics = metrics_computed(database, codes)
    if metrics is None:
        return f"unknown ({MARTS_SCHEMA}.{OUTCOMES_TABLE} was not built)"
    computed, missing = metrics
    text = f"{len(computed)} of {len(computed) + len(missing)} computed"
    text += f"; no input data for {' '.join(missing)}" if missing else ""
    return text + (not_published_text(database) if codes is None else "")


def built_models(outcome: DbtOutcome) -> set[str]:
    """Names of the models this dbt run built."""
    return {
        node.name
        for node in outcome.nodes
        if node.resource_type == "model" and node.status == "success"
    }


def selected_metrics_text(outcome: DbtOutcome, database: Path) -> str:
    """A --select build counts the metrics it built, not every metric in the warehouse."""
    built = built_models(outcome)
    codes = {
        match[1].upper() for name in built if (match := _METRIC_MODEL.fullmatch(name)) is not None
    }
    if not codes:
        return "none built by this --select"
    if OUTCOMES_TABLE not in built:
        listed = " ".join(sorted(codes))
        models = "metric model" + ("s" if len(codes) != 1 else "")
        return f"{len(codes)} {models} built ({listed}); {OUTCOMES_TABLE} not in the selection"
    return _metrics_text(database, codes) + " (the metrics this --select built)"


_PAST_TENSE = {
    "success": "built",
    "pass": "passed",
    "fail": "failed",
    "error": "errored",
    "warn": "warned",
    "skipped": "skipped",
}


def _tally(nodes: list[NodeResult], resource_type: str) -> str:
    """'12 passed, 1 failed' for the nodes of one resource type."""
    counts = Counter(node.status for node in nodes if node.resource_type == resource_type)
    good = "pass" if resource_type in ("test", "unit_test") else "success"
    parts = [f"{counts.pop(good, 0)} {_PAST_TENSE[good]}"]
    parts += [
        f"{count} {_PAST_TENSE.get(status, status)}" for status, count in sorted(counts.items())
    ]
    return ", ".join(parts)


def print_summary(
    outcome: DbtOutcome,
    database: Path,
    timings: dict[str, float],
    select: str | None = None,
    kept_seeds: int = 0,
) -> None:
    """What the build did. A --select build counts only what it ran: the metrics it built, and
    the rejections only when it rebuilt the data-quality marts."""
    built = built_models(outcome)
    if select is None:
        metrics_text = _metrics_text(database)
    else:
        metrics_text = selected_metrics_text(outcome, database)
    if select is None or REJECTIONS_TABLE in built:
        rejected = rejections_lines(database)
    else:
        rejected = [f"not counted ({MARTS_SCHEMA}.{REJECTIONS_TABLE} is not in this --select)"]
    lines = {
        "Selected": select,
        "Metrics": metrics_text,
        "Seeds": _tally(outcome.nodes, "seed") + _kept_seeds_text(kept_seeds),
        "Models": _tally(outcome.nodes, "model"),
        "Unit tests": "not part of a build (they test the code: ascof test)",
        "Data tests": _tally(outcome.nodes, "test"),
        "Rows rejected": "\n".join(rejected),
        "Database": str(database),
        "Time": (
            f"{timings['total_s']:.1f} s (loading the inputs {timings['files_s']:.1f} s and "
            f"parsing the project {timings['parse_s']:.1f} s side by side, "
            f"dbt build {timings['dbt_s']:.1f} s)"
        ),
        "Next": "ascof export --out DIR, ascof report --out FILE.html, ascof compare",
    }
    for label, text in lines.items():
        if text is None:
            continue
        first, *rest = text.splitlines()
        click.echo(f"{label + ':':<15}{first}")
        for line in rest:
            click.echo(f"{'':<15}{line}")


def _kept_seeds_text(kept_seeds: int) -> str:
    if not kept_seeds:
        return ""
    return f", {kept_seeds} unchanged since they were last loaded (not loaded again)"


def print_failures(outcome: DbtOutcome, settings: Settings) -> None:
    log = dbt_log_path(settings) / "dbt.log"
    if outcome.error:
        click.echo(f"ascof: error: dbt build stopped: {outcome.error} (details in {log})", err=True)
        return
    failures = outcome.failures
    click.echo(
        f"ascof: error: {len(failures)} of {len(outcome.nodes)} dbt nodes failed"
        f" (details in {log}):",
        err=True,
    )
    for node in failures:
        status = click.style(node.status.upper(), fg="red")
        click.echo(f"  {status} {node.resource_type} {node.name}: {node.message}", err=True)


BUILD_TIMINGS_FILE = "ascof_build_timings.json"


def run_build(settings: Settings, inputs: Inputs, year: str, select: str | None = None) -> int:
    """Load, build and summarise; returns the exit code (0 only if every node succeeded)."""
    year = check_year(year)
    database = use_database(settings)
    variables = dbt_vars(year)
    started = time.perf_counter()
    # dbt parses the project on a worker thread while the files load: parsing is Python on one
    # core and needs no warehouse, loading is mostly DuckDB's own threads
    parser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ascof-parse")
    parsed = parser.submit(timed, parse_project, settings, dbt_args(settings, ["parse"], variables))
    try:
        load(settings, inputs, database, year)
        publish_raw(settings.target, database)
        files_loaded = time.perf_counter()
        manifest, parse_seconds = parsed.result()
    finally:
        # a file error is reported at once, not after the parse
        parser.shutdown(wait=False)
    loaded = time.perf_counter()
    # seeds as the last build loaded them are not loaded again (runner/unchanged_seeds.py)
    kept_seeds = unchanged_seeds(manifest, database) if settings.target == "duckdb" else []
    command = build_command_args(select, kept_seeds)
    outcome = run_dbt_recorded(settings, database, dbt_args(settings, command, variables), manifest)
    if settings.target == "duckdb":
        record_loaded_seeds(manifest, database, outcome.nodes)
    built = time.perf_counter()
    if outcome.success:
        mirror_marts(settings.target, database)
        provenance = new_provenance(inputs.data_dir, inputs.source_schema, year, settings.target)
        record_provenance(database, provenance)
    timings = {
        # loading the files and parsing the project run side by side: load_s is both
        "files_s": round(files_loaded - started, 2),
        "parse_s": round(parse_seconds, 2),
        "load_s": round(loaded - started, 2),
        "dbt_s": round(built - loaded, 2),
        "total_s": round(time.perf_counter() - started, 2),
    }
    write_timings(settings, timings)
    if not settings.quiet and outcome.error is None:
        print_summary(outcome, database, timings, select, len(kept_seeds))
    if outcome.success:
        if settings.target == "duckdb":
            forget_kept_marts(database)
        return 0
    print_failures(outcome, settings)
    if settings.target == "duckdb":
        # after the summary, which describes what this build made: the marts go back to the last
        # complete build (staging and intermediate keep this build's, to look into)
        restore_marts(database)
        click.echo(
            f"ascof: the marts are as the last complete build left them ({database})", err=True
        )
    return EXIT_BUILD_FAILED


def build_command_args(select: str | None, kept_seeds: list[str]) -> list[str]:
    """dbt build's selection: every model and data test, or those of a --select; unit tests
    test the code, not the returns, and run in `ascof test` (runner/unit_tests.py)."""
    command = ["build", "--exclude-resource-type", "unit_test"]
    if select:
        command += ["--select", select]
    if kept_seeds:
        command += ["--exclude", *kept_seeds]
    if select or kept_seeds:
        # only the tests whose every parent is selected go with a selection, and only those
        # whose every parent is a seed not loaded again go with the seeds: a test relating a
        # model to a seed still runs
        command += ["--indirect-selection", "cautious"]
    return command


def run_dbt_recorded(
    settings: Settings, database: Path, args: list[str], manifest: Any
) -> DbtOutcome:
    """dbt's build, recorded beside the warehouse (runner.run_lock.record_build): an export
    after a failed or interrupted build says so. On DuckDB the marts are kept first
    (runner.last_complete_build): Ctrl-C puts them back and propagates as KeyboardInterrupt."""
    record_build(database, started=now_text(), outcome="running", ended="")
    if settings.target == "duckdb":
        keep_marts(database)
    try:
        outcome = run_dbt(settings, args, manifest=manifest)
    except KeyboardInterrupt:
        if settings.target == "duckdb":
            restore_marts(database)
        record_build(database, outcome="interrupted", ended=now_text())
        raise
    record_build(database, outcome="complete" if outcome.success else "failed", ended=now_text())
    return outcome


def timed(function: Callable[..., T], *args: Any) -> tuple[T, float]:
    """What the function returns, and the seconds it took."""
    started = time.perf_counter()
    return function(*args), time.perf_counter() - started


def write_timings(settings: Settings, timings: dict[str, float]) -> None:
    """The phases of the last build, beside dbt's run_results.json (read by the benchmark)."""
    settings.target_path.mkdir(parents=True, exist_ok=True)
    (settings.target_path / BUILD_TIMINGS_FILE).write_text(json.dumps(timings, indent=2))


def data_dir_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--data-dir and --source-schema: the two ways to give the inputs (check_inputs)."""
    command = click.option(
        "--source-schema",
        default=None,
        help="Or read the sources from this schema of the warehouse, one table per source "
        "entity named as its folder and entity: cld_events, ascs_respondents, ...",
    )(command)
    return click.option(
        "--data-dir",
        default=None,
        type=click.Path(path_type=Path),
        help="Folder holding the input folders (ascs/, sace/, cld/, ...).",
    )(command)


@click.command("build")
@data_dir_option
@click.option("--year", default=DEFAULT_YEAR, show_default=True, help="Survey year.")
@click.option(
    "--target",
    type=click.Choice(TARGETS),
    default=None,
    help="Warehouse to build in (default: the global --target, else duckdb).",
)
@click.option("--select", default=None, help="dbt node selector, e.g. 'ascof_1a+'.")
@pass_options
def build_command(
    options: GlobalOptions,
    data_dir: Path | None,
    source_schema: str | None,
    year: str,
    target: str | None,
    select: str | None,
) -> None:
    """Validate the inputs and build every metric with `dbt build`.

    Loads the files under DATA_DIR (or the tables of SOURCE_SCHEMA) into the
    database, then builds the models and runs the data tests (the unit tests,
    which test the code, run in `ascof test`). Exit code 0 only
    when every node passed; 1 when any model or test failed (each is listed); 2
    for a problem with the inputs.

    \b
    Example:
      ascof generate --out data --scale 0.1
      ascof build --data-dir data
      ascof build --source-schema returns   # tables cld_events, salt_cells, ...
    """
    settings = options.settings(target=target)
    inputs = check_inputs(data_dir, source_schema)
    click.get_current_context().exit(run_build(settings, inputs, year, select))
