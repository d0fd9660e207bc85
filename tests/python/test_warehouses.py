"""The same models on PostgreSQL and Spark: a throwaway PostgreSQL server and an in-process Spark,
a full `ascof build` on each with the session's generated data, and parity with DuckDB."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import Built, invoke, write_source_tables

from runner import postgres_server
from runner.warehouse import postgres_connection

needs_postgres = pytest.mark.skipif(
    not postgres_server.available(),
    reason="PostgreSQL binaries missing: run scripts/ensure_postgres.sh (make test does)",
)
RESULT_KEY = ["metric_code", "geography_level", "geography_code", "disaggregation_level"]


@pytest.fixture(scope="module")
def postgres_build(built: Built, generated: Path) -> Iterator[tuple[Path, Path, object]]:
    """`ascof build --target postgres` and `ascof export` on the session's generated data."""
    assert built.result.exit_code == 0, built.result.output
    work = built.workspace.work_dir / "postgres"
    with postgres_server.throwaway_server() as settings, pytest.MonkeyPatch.context() as patch:
        for name, value in settings.items():
            patch.setenv(name, value)
        patch.setenv("ASCOF_DUCKDB_PATH", str(work / "mirror.duckdb"))
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        result = invoke("--target", "postgres", "build", "--data-dir", str(generated))
        exported = invoke("--target", "postgres", "export", "--out", str(work / "exports"))
        yield work, work / "exports", (result, exported)


@needs_postgres
def test_every_model_and_test_builds_on_postgres(postgres_build) -> None:
    _, _, (result, exported) = postgres_build
    assert result.exit_code == 0, result.output
    assert "27 of 27 computed" in result.output
    assert exported.exit_code == 0, exported.output


def metric_results(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        frame = connection.execute("select * from marts.ascof_metric_results").df()
    return frame.sort_values(RESULT_KEY).reset_index(drop=True)


@needs_postgres
def test_unrounded_results_match_duckdb(postgres_build, built: Built) -> None:
    work, _, _ = postgres_build
    on_duckdb = metric_results(built.workspace.database)
    on_postgres = metric_results(work / "mirror.duckdb")
    assert len(on_duckdb) == len(on_postgres) > 0
    assert (on_duckdb[RESULT_KEY] == on_postgres[RESULT_KEY]).all().all()
    for column, tolerance in (("numerator", 1e-12), ("denominator", 1e-12), ("outcome", 1e-9)):
        for left, right in zip(on_duckdb[column], on_postgres[column], strict=True):
            if pd.isna(left) or pd.isna(right):
                assert pd.isna(left) and pd.isna(right), column
            else:
                assert math.isclose(float(left), float(right), rel_tol=tolerance, abs_tol=tolerance)
    assert (on_duckdb["base"].fillna(-1) == on_postgres["base"].fillna(-1)).all()


@needs_postgres
def test_published_exports_are_identical(postgres_build, exports_dir: Path) -> None:
    _, postgres_exports, _ = postgres_build
    for name in ("ascof_outcomes_2023_24.csv", "ascof_data_quality_2023_24.csv"):
        on_duckdb = pd.read_csv(exports_dir / name, dtype=str, keep_default_na=False)
        on_postgres = pd.read_csv(postgres_exports / name, dtype=str, keep_default_na=False)
        columns = list(on_duckdb.columns)
        pd.testing.assert_frame_equal(
            on_duckdb.sort_values(columns).reset_index(drop=True),
            on_postgres.sort_values(columns).reset_index(drop=True),
        )


def ledger_totals(export: Path) -> pd.DataFrame:
    """The data-quality report summed per source, measure and reason (file names aside)."""
    ledger = pd.read_csv(export, dtype={"row_count": "int64"}, keep_default_na=False)
    keys = ["source_folder", "measure", "rejection_reason"]
    return ledger.groupby(keys, as_index=False)["row_count"].sum().sort_values(keys)


@needs_postgres
def test_source_tables_on_postgres_validate_as_the_files(
    postgres_build, generated: Path, exports_dir: Path
) -> None:
    """The generated returns as tables of a PostgreSQL schema (`--source-schema`): read with
    COPY, they give the data-quality report the files give, source by source."""
    work, _, _ = postgres_build
    tables = work / "tables.duckdb"
    with duckdb.connect(str(tables)) as local:
        written = write_source_tables(generated, local)
        with postgres_connection() as server, server.cursor() as cursor:
            cursor.execute("drop schema if exists returns cascade")
            cursor.execute("create schema returns")
            for name in written:
                columns = [row[0] for row in local.execute(f"describe {name}").fetchall()]
                definition = ", ".join(f'"{column}" text' for column in columns)
                cursor.execute(f"create table {name} ({definition})")
                path = work / f"{name}.csv"
                local.execute(f"copy {name} to '{path}' (header, delimiter ',')")
                with path.open(encoding="utf-8") as handle:
                    cursor.copy_expert(f"copy {name} from stdin with (format csv, header)", handle)
            server.commit()
    env = {
        "ASCOF_DUCKDB_PATH": str(work / "tables_mirror.duckdb"),
        "DBT_TARGET_PATH": str(work / "tables_target"),
        "ASCOF_PSEUDONYMISATION_KEY": "a-test-key",
    }
    out = work / "tables_exports"
    result = invoke(
        "--target", "postgres", "validate", "--source-schema", "returns", "--out", str(out), env=env
    )
    assert result.exit_code == 0, result.output
    name = "ascof_data_quality_2023_24.csv"
    from_tables = ledger_totals(out / name)
    from_files = ledger_totals(exports_dir / name)
    assert from_tables["row_count"].sum() > 0
    pd.testing.assert_frame_equal(
        from_files.reset_index(drop=True), from_tables.reset_index(drop=True)
    )


# --- Spark -------------------------------------------------------------------------------------


def java_available() -> bool:
    return shutil.which("java") is not None


@pytest.fixture(scope="module")
def spark_build(built: Built, generated: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """`ascof --target spark build` and `export` in a child process (Spark's JVM stays there)."""
    if not java_available():
        pytest.skip("Spark needs Java 17 (java not on PATH)")
    assert built.result.exit_code == 0, built.result.output
    work = built.workspace.work_dir / "spark"
    env = {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "ASCOF_DUCKDB_PATH": str(work / "mirror.duckdb"),
        "DBT_TARGET_PATH": str(work / "target"),
        "ASCOF_SPARK_DIR": str(work / "spark"),
    }
    ascof = str(Path(sys.executable).parent / "ascof")
    work.mkdir(parents=True, exist_ok=True)
    build = subprocess.run(
        [ascof, "--target", "spark", "build", "--data-dir", str(generated)],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    subprocess.run(
        [ascof, "--target", "spark", "export", "--out", str(work / "exports")],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    return work, build


def test_every_model_and_test_builds_on_spark(spark_build) -> None:
    _, build = spark_build
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "27 of 27 computed" in build.stdout


def test_spark_results_match_duckdb(spark_build, built: Built, exports_dir: Path) -> None:
    work, build = spark_build
    assert build.returncode == 0
    on_duckdb = metric_results(built.workspace.database)
    on_spark = metric_results(work / "mirror.duckdb")
    assert len(on_duckdb) == len(on_spark) > 0
    for column, tolerance in (("numerator", 1e-12), ("denominator", 1e-12), ("outcome", 1e-9)):
        for left, right in zip(on_duckdb[column], on_spark[column], strict=True):
            if pd.isna(left) or pd.isna(right):
                assert pd.isna(left) and pd.isna(right), column
            else:
                assert math.isclose(float(left), float(right), rel_tol=tolerance, abs_tol=tolerance)
    name = "ascof_outcomes_2023_24.csv"
    on_duckdb_export = pd.read_csv(exports_dir / name, dtype=str, keep_default_na=False)
    on_spark_export = pd.read_csv(work / "exports" / name, dtype=str, keep_default_na=False)
    columns = list(on_duckdb_export.columns)
    pd.testing.assert_frame_equal(
        on_duckdb_export.sort_values(columns).reset_index(drop=True),
        on_spark_export.sort_values(columns).reset_index(drop=True),
    )


SPARK_TABLES_SCRIPT = """
import sys
from pathlib import Path
from runner.load import load_inputs
from runner.source_tables import SparkTables, exported_tables
from runner.warehouse import spark_session

data_dir, database = Path(sys.argv[1]), Path(sys.argv[2])
spark = spark_session()
spark.sql("create database if not exists returns")
csv = spark.read.option("header", True)
csv.csv(str(data_dir / "salt")).write.saveAsTable("returns.salt_cells")
cld = [str(path) for path in sorted((data_dir / "cld").glob("1*.csv"))]
csv.csv(cld).write.saveAsTable("returns.cld_events")
with exported_tables(SparkTables(), "returns", database) as exported:
    load_inputs(exported.data_dir, database, "2023-24", exported.parts)
"""


def test_source_tables_on_spark_load_as_the_files(built: Built, generated: Path) -> None:
    """Tables of a database of Spark's catalog (`--source-schema` on Spark) load the rows of
    the files they were made from, the CLD table as one part per submission date."""
    if not java_available():
        pytest.skip("Spark needs Java 17 (java not on PATH)")
    work = built.workspace.work_dir / "spark_tables"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    database = work / "loaded.duckdb"
    env = {
        **os.environ,
        "ASCOF_SPARK_DIR": str(work / "spark"),
        "ASCOF_PSEUDONYMISATION_KEY": "a-test-key",
    }
    loaded = subprocess.run(
        [sys.executable, "-c", SPARK_TABLES_SCRIPT, str(generated), str(database)],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    files = sorted((generated / "cld").glob("1*.csv"))
    with duckdb.connect() as files_read:
        listed = ", ".join(f"'{path}'" for path in files)
        cld_files = f"read_csv([{listed}], all_varchar = true)"
        cld_rows, dates = files_read.execute(
            f"select count(*), count(distinct submitted_at) from {cld_files}"
        ).fetchone()
        (salt_rows,) = files_read.execute(
            f"select count(*) from read_csv('{generated / 'salt'}/*.csv')"
        ).fetchone()
    with duckdb.connect(str(database), read_only=True) as tables_read:
        parts = dict(
            tables_read.execute(
                "select entity, count(*) from raw.input_files group by entity"
            ).fetchall()
        )
        assert tables_read.execute("select count(*) from raw.cld__events").fetchone() == (cld_rows,)
        assert tables_read.execute("select count(*) from raw.salt__cells").fetchone() == (
            salt_rows,
        )
    assert parts == {"events": dates, "cells": 1}
