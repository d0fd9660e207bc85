"""The same models on PostgreSQL: a throwaway server, a full `ascof build --target postgres` on
the session's generated data, and parity with the DuckDB build (issue 7)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import Built, invoke

from runner import postgres_server

pytestmark = pytest.mark.skipif(
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


def test_every_model_and_test_builds_on_postgres(postgres_build) -> None:
    _, _, (result, exported) = postgres_build
    assert result.exit_code == 0, result.output
    assert "27 of 27 computed" in result.output
    assert exported.exit_code == 0, exported.output


def metric_results(database: Path) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        frame = connection.execute("select * from marts.ascof_metric_results").df()
    return frame.sort_values(RESULT_KEY).reset_index(drop=True)


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
