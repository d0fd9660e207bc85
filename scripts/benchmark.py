"""Benchmark: `make bench` (a script to run, not a timed test).

For each scenario (a scale of generated England, and with --council the council-sized returns:
5 councils' rows of every source cut from scale 0.05, about 12,000 CLD rows) it measures
  - `ascof build` as a user runs it (load the files, then `dbt build`: the seeds that changed,
    every model and data test): wall time and peak RSS, split by the runner into loading and dbt;
    first on a new database and target folder (dbt parses the whole project, every seed loads),
    then again as a routine re-run with the same folders (dbt's partial parsing finds nothing
    changed, the loader finds every file unchanged and keeps the raw tables, no seed is loaded
    again; every model is built again),
  - a new quarter: `ascof build` on the same inputs without the latest quarter's CLD
    submissions, then again once they are added, as each quarter's build goes (the loader reads
    only the new files; dbt's partial parsing finds nothing changed; every node is built again),
  - dbt's parse, which `ascof build` runs alongside the loading (the runner's own timing), and
    dbt's execution time (run_results.json),
  - the floor: the same compiled model SQL run directly in DuckDB without dbt, in build order,
and `ascof build --target spark` once at --spark-scale. With --repeat N each scale is measured N
times and every figure is the median of the N (the runs of each build are kept too): at scale
1.0 the same build varies by several seconds from run to run. With --baseline REV the same
builds of REV (checked out in a temporary git worktree, its runner on PYTHONPATH) run interleaved
with this checkout's, step by step, so both see the same load on a shared machine, and the ratios
(this / baseline) are reported. The table goes to docs/benchmarks.md by hand; the raw results to
target/bench/results.json.

    python scripts/benchmark.py --scales 0.01,0.1,0.3,1.0 --spark-scale 1.0
    python scripts/benchmark.py --scales 1.0 --repeat 3              # medians of three runs
    python scripts/benchmark.py --council --scales 0.01 --baseline HEAD~1   # against a commit
    python scripts/benchmark.py --scales '' --spark-scale 1.0     # Spark alone
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "target" / "bench"
VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Side:
    """A version of the project to measure: this checkout, or a baseline commit checked out in a
    temporary git worktree. Its runner is imported from its own folder (PYTHONPATH)."""

    label: str
    project: Path


THIS = Side("this", PROJECT)


def run(command: list[str], env: dict[str, str], side: Side = THIS) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process; fails loudly on a non-zero exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    env = {**env, "PYTHONPATH": str(side.project)}
    result = subprocess.run(command, env=env, cwd=side.project, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"benchmark step failed: {' '.join(command)}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)


def environment(database: Path, target_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "ASCOF_DUCKDB_PATH": str(database),
        "DBT_TARGET_PATH": str(target_path),
        "DBT_LOG_PATH": str(target_path.parent / "logs"),
    }


def floor_seconds(database: Path, target_path: Path) -> float:
    """Run every model's compiled SQL straight into a copy of the built database, in the order
    dbt ran them: the cost of the SQL itself, without dbt."""
    manifest = json.loads((target_path / "manifest.json").read_text())
    results = json.loads((target_path / "run_results.json").read_text())
    # same file name in another folder: compiled SQL names the catalog after the file
    copy = database.parent / "floor" / database.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(database, copy)
    connection = duckdb.connect(str(copy))
    started = time.perf_counter()
    for result in results["results"]:
        node = manifest["nodes"].get(result["unique_id"])
        if not node or node["resource_type"] != "model":
            continue
        relation = f'"{node["schema"]}"."{node["alias"]}"'
        kind = "view" if node["config"].get("materialized") == "view" else "table"
        # built with the same materialisation dbt used, replacing dbt's own relation
        connection.execute(
            f"create or replace {kind} {relation} as {node['compiled_code']}"
        ).fetchall()
    seconds = time.perf_counter() - started
    connection.close()
    copy.unlink()
    return seconds


def generate(scale: float, fresh: bool) -> tuple[Path, float | None]:
    """The inputs of one scale: generated (a fixed seed, so the same files every time), or
    reused from an earlier run unless `fresh`. The database and dbt target start empty."""
    work = BENCH / f"scale_{scale:g}"
    data_dir = work / "data"
    shutil.rmtree(work / "target", ignore_errors=True)
    (work / "ascof.duckdb").unlink(missing_ok=True)
    if data_dir.is_dir() and not fresh:
        return data_dir, None
    shutil.rmtree(data_dir, ignore_errors=True)
    env = environment(work / "ascof.duckdb", work / "target")
    command = [str(VENV_BIN / "ascof"), "--quiet", "generate", "--out", str(data_dir)]
    seconds, _ = run([*command, "--scale", str(scale)], env)
    return data_dir, seconds


def ascof_build(
    data_dir: Path, work: Path, target: str = "duckdb", side: Side = THIS
) -> dict[str, float]:
    """`ascof build` end to end: its wall time, the runner's split, peak RSS, dbt's counts.
    It keeps the database and target folder of an earlier build in `work`, as a user's does."""
    database, target_path = work / "ascof.duckdb", work / "target"
    env = {**environment(database, target_path), "ASCOF_TARGET": target}
    command = [str(VENV_BIN / "ascof"), "--quiet", "--target", target, "build"]
    wall, rss = run([*command, "--data-dir", str(data_dir)], env, side)
    timings = json.loads((target_path / "ascof_build_timings.json").read_text())
    results = json.loads((target_path / "run_results.json").read_text())
    return {
        "build_s": round(wall, 1),
        "files_s": timings["files_s"],
        "parse_s": timings["parse_s"],
        "load_s": timings["load_s"],
        "dbt_s": timings["dbt_s"],
        "dbt_execution_s": round(results["elapsed_time"], 1),
        "peak_rss_mib": round(rss / 1024),
        "nodes": len(results["results"]),
    }


def latest_quarter_files(cld_dir: Path) -> list[Path]:
    """The CLD submissions of the latest quarter: the generator names them
    <council>_<quarter end>_<number>.csv."""
    files = sorted(cld_dir.glob("*.csv"))
    latest = max(path.name.split("_")[1] for path in files)
    return [path for path in files if path.name.split("_")[1] == latest]


def without_latest_quarter(data_dir: Path, quarter_dir: Path) -> tuple[Path, list[Path]]:
    """A folder of links to the generated files without the latest quarter's CLD submissions,
    and those submissions (linked in by add_latest_quarter)."""
    shutil.rmtree(quarter_dir, ignore_errors=True)
    linked = quarter_dir / "data"
    (linked / "cld").mkdir(parents=True)
    for entry in data_dir.iterdir():
        if entry.name != "cld":
            (linked / entry.name).symlink_to(entry.resolve())
    latest = latest_quarter_files(data_dir / "cld")
    for path in sorted((data_dir / "cld").iterdir()):
        if path not in latest:
            (linked / "cld" / path.name).symlink_to(path.resolve())
    return linked, latest


def add_latest_quarter(linked: Path, latest: list[Path]) -> None:
    for path in latest:
        (linked / "cld" / path.name).symlink_to(path.resolve())


_STEPS_TAKEN = [0]


def interleaved(sides: list[Side], step: Any) -> dict[str, Any]:
    """One step for every side in turn, so that both see the same load on a shared machine; the
    side that goes first alternates from step to step (this checkout first, then the baseline)."""
    order = sides if _STEPS_TAKEN[0] % 2 == 0 else list(reversed(sides))
    _STEPS_TAKEN[0] += 1
    return {side.label: step(side) for side in order}


def bench_scenario(data_dir: Path, sides: list[Side]) -> dict[str, dict[str, Any]]:
    """Each side's first build on a new warehouse, its re-run with unchanged files, and a new
    quarter's build (the inputs without the latest quarter's CLD files built first, then those
    files added: that second build is measured), the sides interleaved step by step. Each side
    builds into a folder of its own beside the inputs."""
    works = {side.label: data_dir.parent / side.label for side in sides}
    for work in works.values():
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    build = interleaved(sides, lambda side: ascof_build(data_dir, works[side.label], side=side))
    rebuild = interleaved(sides, lambda side: ascof_build(data_dir, works[side.label], side=side))
    floor_s = floor_seconds(works[THIS.label] / "ascof.duckdb", works[THIS.label] / "target")
    quarters = {
        side.label: without_latest_quarter(data_dir, works[side.label] / "new_quarter")
        for side in sides
    }

    def quarter_dir(side: Side) -> Path:
        return works[side.label] / "new_quarter"

    interleaved(
        sides, lambda side: ascof_build(quarters[side.label][0], quarter_dir(side), side=side)
    )
    for linked, latest in quarters.values():
        add_latest_quarter(linked, latest)
    new_quarter = interleaved(
        sides, lambda side: ascof_build(quarters[side.label][0], quarter_dir(side), side=side)
    )
    rows = {}
    for side in sides:
        measured, again, quarter = build[side.label], rebuild[side.label], new_quarter[side.label]
        rows[side.label] = {
            **measured,
            "rebuild_s": again["build_s"],
            "rebuild_load_s": again["load_s"],
            "rebuild_dbt_s": again["dbt_s"],
            "rebuild_peak_rss_mib": again["peak_rss_mib"],
            "rebuild_nodes": again["nodes"],
            "new_quarter_files": len(quarters[side.label][1]),
            "new_quarter_s": quarter["build_s"],
            "new_quarter_load_s": quarter["load_s"],
            "new_quarter_dbt_s": quarter["dbt_s"],
            "new_quarter_peak_rss_mib": quarter["peak_rss_mib"],
        }
    rows[THIS.label]["floor_s"] = round(floor_s, 1)
    for work in works.values():
        shutil.rmtree(work / "new_quarter", ignore_errors=True)
    return rows


# the council-sized scenario: a handful of councils' returns cut from a generated England
COUNCIL_SOURCE_SCALE = 0.05
COUNCIL_CLD_ROWS = 12_000
# the column holding the council's code in each file of a source folder (CLD: the file name);
# ons and cqc are national files every council reads whole
COUNCIL_COLUMNS = {"ascs": "LaCode", "sace": "LaCode", "salt": "LA_CODE", "sac": "LA_CODE",
                   "ascwds": "cssr"}  # fmt: skip


def data_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)


def choose_councils(cld_dir: Path) -> list[str]:
    """Councils in code order until their CLD files hold COUNCIL_CLD_ROWS rows (3 to 5)."""
    rows: dict[str, int] = {}
    for path in sorted(cld_dir.glob("*.csv")):
        council = path.name.split("_")[0]
        rows[council] = rows.get(council, 0) + data_rows(path)
    chosen: list[str] = []
    for council in sorted(rows, key=lambda code: (len(code), code)):
        enough = sum(rows[code] for code in chosen) >= COUNCIL_CLD_ROWS
        if len(chosen) >= 5 or (len(chosen) >= 3 and enough):
            break
        chosen.append(council)
    return chosen


def council_data(fresh: bool) -> tuple[Path, dict[str, Any]]:
    """The returns of a handful of councils: every source of a generated England at
    COUNCIL_SOURCE_SCALE, cut to the chosen councils' rows (the same councils every time)."""
    source_dir = BENCH / f"scale_{COUNCIL_SOURCE_SCALE:g}" / "data"
    if fresh or not source_dir.is_dir():
        generate(COUNCIL_SOURCE_SCALE, fresh=True)
    data_dir = BENCH / "council" / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    councils = choose_councils(source_dir / "cld")
    connection = duckdb.connect()
    for folder in sorted(p for p in source_dir.iterdir() if p.is_dir()):
        (data_dir / folder.name).mkdir()
        for path in sorted(folder.iterdir()):
            out = data_dir / folder.name / path.name
            if folder.name == "cld":
                if path.name.split("_")[0] in councils:
                    shutil.copy2(path, out)
            elif folder.name in COUNCIL_COLUMNS and path.suffix == ".csv":
                column = COUNCIL_COLUMNS[folder.name]
                listed = ", ".join(f"'{code}'" for code in councils)
                connection.execute(
                    f"copy (select * from read_csv('{path}', all_varchar = true) "
                    f"where \"{column}\" in ({listed})) to '{out}' (header, delimiter ',')"
                )
            else:
                shutil.copy2(path, out)
    for marker in source_dir.glob("*.txt"):
        shutil.copy2(marker, data_dir / marker.name)
    connection.close()
    described = {
        "councils": councils,
        "cld_rows": sum(data_rows(p) for p in (data_dir / "cld").glob("*.csv")),
        "survey_respondents": data_rows(data_dir / "ascs" / "ascs_respondents_2023_24.csv"),
        "salt_rows": data_rows(data_dir / "salt" / "salt_2023_24.csv"),
    }
    return data_dir, described


def scenario_row(
    scenario: str, data_dir: Path, sides: list[Side], extra: dict[str, Any]
) -> dict[str, Any]:
    measured = bench_scenario(data_dir, sides)
    input_mb = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file()) / 1e6
    row: dict[str, Any] = {"scenario": scenario, "input_mb": round(input_mb, 1), **extra}
    row.update(measured[THIS.label])
    if len(sides) > 1:
        baseline = measured[sides[1].label]
        row["baseline"] = {"rev": sides[1].label, **baseline}
        row["ratio"] = {
            key: round(row[key] / baseline[key], 2)
            for key in ("build_s", "rebuild_s", "new_quarter_s")
            if baseline.get(key)
        }
    return row


def bench_scale(scale: float, fresh: bool, sides: list[Side]) -> dict[str, Any]:
    data_dir, generate_s = generate(scale, fresh)
    extra = {"scale": scale, "generate_s": None if generate_s is None else round(generate_s, 1)}
    return scenario_row(f"scale {scale:g}", data_dir, sides, extra)


def bench_council(fresh: bool, sides: list[Side]) -> dict[str, Any]:
    data_dir, described = council_data(fresh)
    scenario = f"council-sized ({len(described['councils'])} councils)"
    return scenario_row(scenario, data_dir, sides, {"scale": None, **described})


def bench_repeated(measure: Any, repeat: int) -> dict[str, Any]:
    """`measure` `repeat` times: the median of each figure (the highest peak memory), and each
    build's runs."""
    runs = [measure(run == 0) for run in range(repeat)]
    row: dict = {}
    for key, first in runs[0].items():
        values = [r[key] for r in runs]
        if not isinstance(first, int | float) or isinstance(first, bool):
            row[key] = first
        else:
            row[key] = max(values) if "peak_rss" in key else statistics.median(values)
    if repeat > 1:
        for key in ("build_s", "rebuild_s", "new_quarter_s"):
            row[f"{key}_runs"] = [r[key] for r in runs]
    return row


@contextlib.contextmanager
def baseline_side(rev: str | None) -> Iterator[list[Side]]:
    """[this checkout] or [this checkout, REV checked out in a temporary git worktree]."""
    if rev is None:
        yield [THIS]
        return
    commit = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=PROJECT, check=True, capture_output=True,
        text=True,
    ).stdout.strip()  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="ascof-baseline-")) / commit
    git = ["git", "-C", str(PROJECT), "worktree"]
    subprocess.run([*git, "add", "--detach", str(folder), commit], check=True, capture_output=True)
    try:
        yield [THIS, Side(commit, folder)]
    finally:
        subprocess.run([*git, "remove", "--force", str(folder)], check=False, capture_output=True)
        shutil.rmtree(folder.parent, ignore_errors=True)


def bench_spark(scale: float) -> dict[str, float]:
    """`ascof build --target spark` on the inputs of one scale (generated again if missing)."""
    data_dir = BENCH / f"scale_{scale:g}" / "data"
    if not data_dir.is_dir():
        data_dir, _ = generate(scale, fresh=True)
    work = BENCH / f"spark_{scale:g}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return {"scale": scale, **ascof_build(data_dir, work, target="spark")}


def markdown(rows: list[dict[str, Any]]) -> str:
    header = (
        "| scenario | input MB | ascof build s | loading the files s | dbt parse, alongside s | "
        "then dbt build s | of which execution s | re-run s (loading + dbt build) | "
        "new quarter s (loading + dbt build) | raw-SQL floor s | peak RSS MiB | nodes |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = [
        f"| {r['scenario']} | {r['input_mb']} | {r['build_s']} | {r['files_s']} | "
        f"{r['parse_s']} | {r['dbt_s']} | {r['dbt_execution_s']} | "
        f"{r['rebuild_s']} ({r['rebuild_load_s']} + {r['rebuild_dbt_s']}) | "
        f"{r['new_quarter_s']} ({r['new_quarter_load_s']} + {r['new_quarter_dbt_s']}) | "
        f"{r['floor_s']} | "
        f"{max(r['peak_rss_mib'], r['rebuild_peak_rss_mib'], r['new_quarter_peak_rss_mib'])} | "
        f"{r['nodes']} |"
        for r in rows
    ]
    runs = [
        f"- {r['scenario']}, {len(r['build_s_runs'])} runs: ascof build "
        f"{', '.join(map(str, r['build_s_runs']))} s; re-run "
        f"{', '.join(map(str, r['rebuild_s_runs']))} s; new quarter "
        f"{', '.join(map(str, r['new_quarter_s_runs']))} s"
        for r in rows
        if "build_s_runs" in r
    ]
    return header + "\n".join(lines) + "\n" + ("\n" + "\n".join(runs) + "\n" if runs else "")


def comparison_markdown(rows: list[dict[str, Any]]) -> str:
    """This commit against the baseline, measured side by side in the same run: seconds of
    each and their ratio (below 1: this commit is faster)."""
    compared = [r for r in rows if "baseline" in r]
    if not compared:
        return ""
    lines = [
        "| scenario | build | this commit s (dbt nodes) | baseline s (dbt nodes) | ratio |",
        "|---|---|---|---|---|",
    ]
    builds = {
        "build_s": ("first build, new warehouse", "nodes"),
        "rebuild_s": ("re-run, unchanged files", "rebuild_nodes"),
        "new_quarter_s": ("a new quarter's CLD files added", None),
    }
    for r in compared:
        base = r["baseline"]
        for key, (words, nodes) in builds.items():
            this_nodes = f" ({r[nodes]})" if nodes and nodes in r else ""
            base_nodes = f" ({base[nodes]})" if nodes and nodes in base else ""
            lines.append(
                f"| {r['scenario']} | {words} | {r[key]}{this_nodes} | {base[key]}{base_nodes} | "
                f"{r['ratio'].get(key, '')} |"
            )
    rev = compared[0]["baseline"]["rev"]
    return f"This commit against {rev}, interleaved in the same run:\n\n" + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="0.01,0.1,0.3,1.0")
    parser.add_argument(
        "--council", action="store_true", help="also the council-sized scenario (a few councils)"
    )
    parser.add_argument(
        "--baseline",
        default=None,
        metavar="REV",
        help="also measure this git revision (a temporary worktree), interleaved, with ratios",
    )
    parser.add_argument(
        "--spark-scale", type=float, default=None, help="also build this scale on Spark"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="generate the inputs again even if present"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure each scale this many times (medians)"
    )
    args = parser.parse_args()
    BENCH.mkdir(parents=True, exist_ok=True)
    rows = []
    with baseline_side(args.baseline) as sides:
        if args.council:
            print("council-sized ...", flush=True)
            measure = lambda first: bench_council(args.fresh and first, sides)  # noqa: E731
            rows.append(bench_repeated(measure, args.repeat))
            print(json.dumps(rows[-1]), flush=True)
        for scale in [float(s) for s in args.scales.split(",") if s.strip()]:
            print(f"scale {scale:g} ...", flush=True)
            measure = lambda first, s=scale: bench_scale(s, args.fresh and first, sides)  # noqa: E731
            rows.append(bench_repeated(measure, args.repeat))
            print(json.dumps(rows[-1]), flush=True)
    spark = None
    if args.spark_scale is not None:
        print(f"spark, scale {args.spark_scale:g} ...", flush=True)
        spark = bench_spark(args.spark_scale)
        print(json.dumps(spark), flush=True)
    # what this run measured replaces the same scenarios of earlier results (`--scales ''`
    # runs Spark alone)
    results_file = BENCH / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    measured = {row["scenario"] for row in rows}
    kept = [
        row
        for row in results.get("duckdb", [])
        if "scenario" in row and row["scenario"] not in measured
    ]
    results["duckdb"] = sorted(kept + rows, key=lambda row: row.get("scale") or 0)
    if spark is not None:
        results["spark"] = spark
    results_file.write_text(json.dumps(results, indent=2))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    # every scenario measured so far, this run's and earlier ones'
    print(f"\nMachine: {machine}; at the end, {load}\n\n{markdown(results['duckdb'])}")
    print(comparison_markdown(rows))


if __name__ == "__main__":
    main()
