"""England-scale benchmark: `make bench` (a script to run, not a timed test).

For each scale it generates the synthetic inputs, then measures
  - load: reading the input files into the warehouse (the runner's loader),
  - dbt: `dbt build` wall time, split into start-up/parse (dbt parse) and execution,
  - peak RSS of the build process,
  - the floor: the same compiled model SQL run directly in DuckDB without dbt, in build order.
Results go to docs/benchmarks.md (and target/bench/results.json).

    python scripts/benchmark.py --scales 0.01,0.1,0.3,1.0
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
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


def bench_scale(scale: float) -> dict[str, float]:
    work = BENCH / f"scale_{scale:g}"
    shutil.rmtree(work, ignore_errors=True)
    data_dir, database, target_path = work / "data", work / "ascof.duckdb", work / "target"
    env = environment(database, target_path)
    ascof = str(VENV_BIN / "ascof")
    generate_s, _ = run(
        [ascof, "--quiet", "generate", "--out", str(data_dir), "--scale", str(scale)], env
    )
    load_code = (
        "from pathlib import Path; from runner.load import load_inputs; "
        f"load_inputs(Path({str(data_dir)!r}), Path({str(database)!r}), '2023-24')"
    )
    load_s, load_rss = run([sys.executable, "-c", load_code], env)
    dbt = str(VENV_BIN / "dbt")
    common = ["--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT)]
    parse_s, _ = run([dbt, "parse", "--no-partial-parse", *common], env)
    build_s, build_rss = run([dbt, "build", "--full-refresh", *common], env)
    floor_s = floor_seconds(database, target_path)
    results = json.loads((target_path / "run_results.json").read_text())
    nodes = len(results["results"])
    input_mb = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file()) / 1e6
    return {
        "scale": scale,
        "input_mb": round(input_mb, 1),
        "generate_s": round(generate_s, 1),
        "load_s": round(load_s, 1),
        "dbt_parse_s": round(parse_s, 1),
        "dbt_build_s": round(build_s, 1),
        "dbt_execution_s": round(results["elapsed_time"], 1),
        "build_total_s": round(load_s + build_s, 1),
        "floor_s": round(floor_s, 1),
        "peak_rss_mib": round(max(load_rss, build_rss) / 1024),
        "nodes": nodes,
    }


def markdown(rows: list[dict[str, float]]) -> str:
    header = (
        "| scale | input MB | load s | dbt parse s | dbt build s | of which execution s | "
        "load + build s | raw-SQL floor s | peak RSS MiB | nodes |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = [
        f"| {r['scale']:g} | {r['input_mb']} | {r['load_s']} | {r['dbt_parse_s']} | "
        f"{r['dbt_build_s']} | {r['dbt_execution_s']} | {r['build_total_s']} | {r['floor_s']} | "
        f"{r['peak_rss_mib']} | {r['nodes']} |"
        for r in rows
    ]
    return header + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="0.01,0.1,0.3,1.0")
    args = parser.parse_args()
    BENCH.mkdir(parents=True, exist_ok=True)
    rows = []
    for scale in [float(s) for s in args.scales.split(",")]:
        print(f"scale {scale:g} ...", flush=True)
        rows.append(bench_scale(scale))
        print(json.dumps(rows[-1]), flush=True)
    (BENCH / "results.json").write_text(json.dumps(rows, indent=2))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\nMachine: {machine}\n\n{markdown(rows)}")


if __name__ == "__main__":
    main()
