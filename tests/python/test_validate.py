"""`ascof validate`: the build's input checks without the metrics."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import invoke

from generator import generate


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASCOF_DUCKDB_PATH", str(tmp_path / "validate.duckdb"))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    return tmp_path


def test_validate_reports_the_ledger_and_writes_the_export(isolated: Path) -> None:
    data_dir = isolated / "data"
    generate(data_dir, scale=0.01, seed=5, sources=["sace"])
    with (data_dir / "sace" / "late.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["LaCode", "SerialNo", "Response", "Gender", "Age"]
            + [f"q{n}" for n in (4, 7, 8, 9, 10, 11, 12, 17, 19)]
        )
        writer.writerow(["999", "1", "1", "1", "40", *["1"] * 9])
    result = invoke("validate", "--data-dir", str(data_dir), "--out", str(isolated / "out"))
    assert result.exit_code == 0, result.output
    assert "sace/late.csv" in result.output
    assert "unknown council code" in result.output
    report = isolated / "out" / "ascof_data_quality_2023_24.csv"
    with report.open() as handle:
        rows = list(csv.DictReader(handle))
    late = {row["measure"]: row["row_count"] for row in rows if row["file_name"] == "sace/late.csv"}
    assert late["rows read"] == "1" and late["rows rejected"] == "1"


def test_validate_stops_on_a_structural_problem(isolated: Path) -> None:
    (isolated / "data" / "sace").mkdir(parents=True)
    (isolated / "data" / "sace" / "carers.csv").write_text("LaCode,SerialNo\n716,1\n")
    result = invoke("validate", "--data-dir", str(isolated / "data"))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "sace/carers.csv: missing required column" in result.stderr
