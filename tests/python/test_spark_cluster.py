"""The same models on a Spark cluster: a standalone master, one worker and the Thrift server
started from the pyspark package on 127.0.0.1, a full `ascof --target spark_thrift build` through
dbt-spark's thrift method on the session's generated data, and parity with DuckDB. Every process
the cluster started is stopped when the module's tests end, pass or fail."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import Built

from runner.spark_cluster import RunningCluster, local_cluster

RESULT_KEY = ["metric_code", "geography_level", "geography_code", "disaggregation_level"]
EXPORTS = ("ascof_outcomes_2023_24.csv", "ascof_data_quality_2023_24.csv")

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None, reason="a Spark cluster needs Java 17 (java not on PATH)"
)
pytest.importorskip("pyhive", reason="the spark_thrift target needs the spark-cluster extra")


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_failure_inside_the_cluster_still_stops_every_process(tmp_path: Path) -> None:
    """Runs before the module's cluster starts (one cluster at a time on a small machine)."""
    pids: list[int] = []
    with pytest.raises(RuntimeError, match="a failing test"), local_cluster(tmp_path) as cluster:
        pids += [int(path.read_text()) for path in (tmp_path / "logs").glob("*.pid")]
        assert cluster.thrift_port > 0
        raise RuntimeError("a failing test")
    assert len(pids) == 3
    assert not [pid for pid in pids if process_alive(pid)]


@dataclass(frozen=True)
class ClusterBuild:
    work: Path
    cluster: RunningCluster
    build: subprocess.CompletedProcess
    export: subprocess.CompletedProcess
    seconds: float


@pytest.fixture(scope="module")
def spark_cluster(built: Built) -> Iterator[RunningCluster]:
    """A master, a worker and the Thrift server; the context manager stops their process groups
    (executors included) when the module ends, whatever its tests did."""
    root = built.workspace.work_dir / "spark_cluster"
    shutil.rmtree(root, ignore_errors=True)
    with local_cluster(root) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def cluster_build(spark_cluster: RunningCluster, built: Built, generated: Path) -> ClusterBuild:
    """`ascof --target spark_thrift build` and `export`, in a child process like a user's."""
    assert built.result.exit_code == 0, built.result.output
    work = spark_cluster.root / "runner"
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        **spark_cluster.environment,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "ASCOF_DUCKDB_PATH": str(work / "mirror.duckdb"),
        "DBT_TARGET_PATH": str(work / "target"),
    }
    ascof = str(Path(sys.executable).parent / "ascof")
    started = time.perf_counter()
    build = subprocess.run(
        [ascof, "--target", "spark_thrift", "build", "--data-dir", str(generated)],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    export = subprocess.run(
        [ascof, "--target", "spark_thrift", "export", "--out", str(work / "exports")],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    return ClusterBuild(work, spark_cluster, build, export, seconds)


def test_every_model_and_test_builds_on_the_spark_cluster(cluster_build: ClusterBuild) -> None:
    build = cluster_build.build
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "27 of 27 computed" in build.stdout
    print(f"spark_thrift build on the test fixtures: {cluster_build.seconds:.0f} s")
    assert cluster_build.export.returncode == 0, cluster_build.export.stderr[-3000:]


def test_the_thrift_target_ran_on_the_cluster(cluster_build: ClusterBuild) -> None:
    """The jobs ran on the standalone cluster's executors, not in a local session."""
    logs = cluster_build.cluster.root / "logs"
    assert cluster_build.cluster.master_url in (logs / "thrift_server.log").read_text(
        errors="replace"
    )
    executors = list((cluster_build.cluster.root / "work").glob("app-*/*/stderr"))
    assert executors, "no executor ran on the worker"


def metric_results(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        frame = connection.execute("select * from marts.ascof_metric_results").df()
    return frame.sort_values(RESULT_KEY).reset_index(drop=True)


def test_cluster_results_match_duckdb(cluster_build: ClusterBuild, built: Built) -> None:
    assert cluster_build.build.returncode == 0
    on_duckdb = metric_results(built.workspace.database)
    on_cluster = metric_results(cluster_build.work / "mirror.duckdb")
    assert len(on_duckdb) == len(on_cluster) > 0
    assert (on_duckdb[RESULT_KEY] == on_cluster[RESULT_KEY]).all().all()
    for column, tolerance in (("numerator", 1e-12), ("denominator", 1e-12), ("outcome", 1e-9)):
        for left, right in zip(on_duckdb[column], on_cluster[column], strict=True):
            if pd.isna(left) or pd.isna(right):
                assert pd.isna(left) and pd.isna(right), column
            else:
                assert math.isclose(float(left), float(right), rel_tol=tolerance, abs_tol=tolerance)


@pytest.mark.parametrize("name", EXPORTS)
def test_cluster_exports_are_identical_to_duckdb(
    cluster_build: ClusterBuild, exports_dir: Path, name: str
) -> None:
    assert cluster_build.export.returncode == 0, cluster_build.export.stderr[-3000:]
    on_duckdb = pd.read_csv(exports_dir / name, dtype=str, keep_default_na=False)
    on_cluster = pd.read_csv(
        cluster_build.work / "exports" / name, dtype=str, keep_default_na=False
    )
    columns = list(on_duckdb.columns)
    pd.testing.assert_frame_equal(
        on_duckdb.sort_values(columns).reset_index(drop=True),
        on_cluster.sort_values(columns).reset_index(drop=True),
    )
