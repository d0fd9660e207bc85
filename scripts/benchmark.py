"""England-scale benchmark: `make bench` (a script to run, not a timed test).

For each scale it generates the synthetic inputs, then measures
  - `ascof build` as a user runs it (load the files, then `dbt build`: every seed, model, unit
    test and data test): wall time and peak RSS, split by the runner into loading and dbt; first
    on a new database and target folder (dbt parses the whole project), then again as a routine
    re-run with the same folders (dbt's partial parsing finds nothing changed, the loader finds
    every file unchanged and keeps the raw tables; every node is built again),
  - a new quarter: `ascof build` on the same inputs without the latest quarter's CLD
    submissions, then again once they are added, as each quarter's build goes (the loader reads
    only the new files; dbt's partial parsing finds nothing changed; every node is built again),
  - dbt's parse, which `ascof build` runs alongside the loading (the runner's own timing), and
    dbt's execution time (run_results.json),
  - the floor: the same compiled model SQL run directly in DuckDB without dbt, in build order,
and `ascof build --target spark` once at --spark-scale. With --repeat N each scale is measured N
times and every figure is the median of the N (the runs of each build are kept too): at scale
1.0 the same build varies by several seconds from run to run. The table goes to
docs/benchmarks.md by hand; the raw results to target/bench/results.json.

    python scripts/benchmark.py --scales 0.01,0.1,0.3,1.0 --spark-scale 1.0
    python scripts/benchmark.py --scales 1.0 --repeat 3              # medians of three runs
    python scripts/benchmark.py --scales '' --spark-scale 1.0     # Spark alone
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "target" / "bench"
VENV_BIN = Path(sys.executable).parent


def run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process; fails loudly on a non-zero exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=PROJECT, capture_output=True, text=True)
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


def ascof_build(data_dir: Path, work: Path, target: str = "duckdb") -> dict[str, float]:
    """`ascof build` end to end: its wall time, the runner's split, peak RSS, dbt's counts.
    It keeps the database and target folder of an earlier build in `work`, as a user's does."""
    database, target_path = work / "ascof.duckdb", work / "target"
    env = {**environment(database, target_path), "ASCOF_TARGET": target}
    command = [str(VENV_BIN / "ascof"), "--quiet", "--target", target, "build"]
    wall, rss = run([*command, "--data-dir", str(data_dir)], env)
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


def bench_new_quarter(data_dir: Path, work: Path) -> dict[str, float]:
    """A quarter's build: the inputs without the latest quarter's CLD files are built first (a
    folder of links to the generated files), then those files are added and `ascof build` runs
    again with the same database and target folder: that second build is measured."""
    quarter_dir = work / "new_quarter"
    shutil.rmtree(quarter_dir, ignore_errors=True)
    linked = quarter_dir / "data"
    (linked / "cld").mkdir(parents=True)
    for entry in data_dir.iterdir():
        if entry.name != "cld":
            (linked / entry.name).symlink_to(entry)
    latest = latest_quarter_files(data_dir / "cld")
    for path in sorted((data_dir / "cld").iterdir()):
        if path not in latest:
            (linked / "cld" / path.name).symlink_to(path)
    ascof_build(linked, quarter_dir)
    for path in latest:
        (linked / "cld" / path.name).symlink_to(path)
    measured = ascof_build(linked, quarter_dir)
    shutil.rmtree(quarter_dir)
    return {
        "new_quarter_files": len(latest),
        "new_quarter_s": measured["build_s"],
        "new_quarter_load_s": measured["load_s"],
        "new_quarter_dbt_s": measured["dbt_s"],
        "new_quarter_peak_rss_mib": measured["peak_rss_mib"],
    }


def bench_scale(scale: float, fresh: bool) -> dict[str, float | None]:
    data_dir, generate_s = generate(scale, fresh)
    work = data_dir.parent
    build = ascof_build(data_dir, work)
    rebuild = ascof_build(data_dir, work)
    floor_s = floor_seconds(work / "ascof.duckdb", work / "target")
    new_quarter = bench_new_quarter(data_dir, work)
    input_mb = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file()) / 1e6
    return {
        "scale": scale,
        "input_mb": round(input_mb, 1),
        "generate_s": None if generate_s is None else round(generate_s, 1),
        **build,
        "rebuild_s": rebuild["build_s"],
        "rebuild_load_s": rebuild["load_s"],
        "rebuild_dbt_s": rebuild["dbt_s"],
        "rebuild_peak_rss_mib": rebuild["peak_rss_mib"],
        **new_quarter,
        "floor_s": round(floor_s, 1),
    }


def bench_scale_repeated(scale: float, fresh: bool, repeat: int) -> dict[str, float | None]:
    """bench_scale `repeat` times: the median of each figure (the highest peak memory), and each
    build's runs."""
    runs = [bench_scale(scale, fresh and run == 0) for run in range(repeat)]
    row: dict = {}
    for key, first in runs[0].items():
        values = [r[key] for r in runs]
        if first is None:
            row[key] = None
        else:
            row[key] = max(values) if "peak_rss" in key else statistics.median(values)
    if repeat > 1:
        for key in ("build_s", "rebuild_s", "new_quarter_s"):
            row[f"{key}_runs"] = [r[key] for r in runs]
    return row


def bench_spark(scale: float) -> dict[str, float]:
    """`ascof build --target spark` on the inputs of one scale (generated again if missing)."""
    data_dir = BENCH / f"scale_{scale:g}" / "data"
    if not data_dir.is_dir():
        data_dir, _ = generate(scale, fresh=True)
    work = BENCH / f"spark_{scale:g}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return {"scale": scale, **ascof_build(data_dir, work, target="spark")}


def markdown(rows: list[dict[str, float]]) -> str:
    header = (
        "| scale | input MB | ascof build s | loading the files s | dbt parse, alongside s | "
        "then dbt build s | of which execution s | re-run s (loading + dbt build) | "
        "new quarter s (loading + dbt build) | raw-SQL floor s | peak RSS MiB | nodes |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = [
        f"| {r['scale']:g} | {r['input_mb']} | {r['build_s']} | {r['files_s']} | {r['parse_s']} | "
        f"{r['dbt_s']} | {r['dbt_execution_s']} | "
        f"{r['rebuild_s']} ({r['rebuild_load_s']} + {r['rebuild_dbt_s']}) | "
        f"{r['new_quarter_s']} ({r['new_quarter_load_s']} + {r['new_quarter_dbt_s']}) | "
        f"{r['floor_s']} | "
        f"{max(r['peak_rss_mib'], r['rebuild_peak_rss_mib'], r['new_quarter_peak_rss_mib'])} | "
        f"{r['nodes']} |"
        for r in rows
    ]
    runs = [
        f"- scale {r['scale']:g}, {len(r['build_s_runs'])} runs: ascof build "
        f"{', '.join(map(str, r['build_s_runs']))} s; re-run "
        f"{', '.join(map(str, r['rebuild_s_runs']))} s; new quarter "
        f"{', '.join(map(str, r['new_quarter_s_runs']))} s"
        for r in rows
        if "build_s_runs" in r
    ]
    return header + "\n".join(lines) + "\n" + ("\n" + "\n".join(runs) + "\n" if runs else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="0.01,0.1,0.3,1.0")
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
    for scale in [float(s) for s in args.scales.split(",") if s.strip()]:
        print(f"scale {scale:g} ...", flush=True)
        rows.append(bench_scale_repeated(scale, args.fresh, args.repeat))
        print(json.dumps(rows[-1]), flush=True)
    spark = None
    if args.spark_scale is not None:
        print(f"spark, scale {args.spark_scale:g} ...", flush=True)
        spark = bench_spark(args.spark_scale)
        print(json.dumps(spark), flush=True)
    # what this run measured replaces the same scales of earlier results (`--scales ''` runs
    # Spark alone)
    results_file = BENCH / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    measured = {row["scale"] for row in rows}
    kept = [row for row in results.get("duckdb", []) if row["scale"] not in measured]
    results["duckdb"] = sorted(kept + rows, key=lambda row: row["scale"])
    if spark is not None:
        results["spark"] = spark
    results_file.write_text(json.dumps(results, indent=2))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    # every scale measured so far, this run's and earlier ones'
    print(f"\nMachine: {machine}\n\n{markdown(results['duckdb'])}")


if __name__ == "__main__":
    main()
