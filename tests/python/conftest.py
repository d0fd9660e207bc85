"""Shared fixtures: one generated dataset and one `ascof build` per test workspace.

dbt runs in-process (dbtRunner) and keeps process-wide state, so the expensive steps happen once
and every test reads their outputs. The database, dbt's target folder and its logs all live in a
temporary folder: the tests never touch the developer's target/ or logs/.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from runner.cli import main
from runner.input_contract import SOURCES
from runner.load import SPREADSHEET_SUFFIXES, quote_literal, read_spreadsheet
from runner.privacy import SYNTHETIC_MARKER

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCALE = 0.02
SEED = 7
YEAR = "2023-24"
# the schema write_source_tables writes the returns to, as tables
SOURCE_SCHEMA = "returns"


@dataclass(frozen=True)
class Workspace:
    """Where this session's files live."""

    work_dir: Path
    data_dir: Path
    database: Path
    target_path: Path
    log_path: Path


@dataclass(frozen=True)
class Built:
    workspace: Workspace
    result: Result
    # dbt's saved parse (target/partial_parse.msgpack) as the build left it, before any other
    # command ran: `ascof docs` must reuse it, not parse the project again
    partial_parse: bytes | None = None


def query(database: Path, sql: str) -> list[tuple]:
    """Every row of a query on a DuckDB file, opened read-only."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run `ascof <args>` in-process, keeping stdout and stderr apart."""
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=True)


def build_selected(work: Path, data_dir: Path, selector: str) -> Path:
    """`ascof build --select` of data_dir into a database and target folder of its own, under
    work; the database. data_dir is marked synthetic (the demo pseudonymisation key)."""
    (data_dir / SYNTHETIC_MARKER).write_text("generated test data")
    database = work / "ascof.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASCOF_DUCKDB_PATH", str(database))
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        result = invoke("--quiet", "build", "--data-dir", str(data_dir), "--select", selector)
    assert result.exit_code == 0, result.output
    return database


def write_csv(path: Path, header: list[str], rows: list) -> None:
    """A hand-made input file: the header, then the rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def export_csv(database: Path, out_dir: Path) -> Path:
    """`ascof export --format csv` of a database into out_dir; out_dir."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASCOF_DUCKDB_PATH", str(database))
        result = invoke("export", "--out", str(out_dir), "--format", "csv")
    assert result.exit_code == 0, result.output
    return out_dir


def exported_council_values(outcomes_csv: Path) -> dict[tuple[str, str, str], str]:
    """Each Council row's published value of an outcomes CSV, by (council code, ASCOF measure
    code, measure type)."""
    outcomes = pd.read_csv(outcomes_csv, dtype=str, keep_default_na=False)
    councils = outcomes[outcomes["Geographical Level"] == "Council"]
    return {
        (row["Geographical Code"], row["ASCOF Measure Code"], row["Measure Type"]): row[
            "Measure_Value"
        ]
        for _, row in councils.iterrows()
    }


def write_source_tables(data_dir: Path, connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Each entity's files as one table of SOURCE_SCHEMA, as a council's warehouse might hold them:
    every CLD submission in one table (each row stating its submitted_at), a workbook's
    sheet as a table of its columns."""
    connection.execute(f"create schema if not exists {SOURCE_SCHEMA}")
    written = []
    for source in SOURCES:
        folder = data_dir / source.folder
        files = sorted(folder.iterdir()) if folder.is_dir() else []
        for entity in source.entities:
            own = [path for path in files if source.entity_for(path.name) == entity]
            name = f"{SOURCE_SCHEMA}.{entity.table_name}"
            csv_files = [path for path in own if path.suffix == ".csv"]
            if csv_files:
                listed = ", ".join(quote_literal(str(path)) for path in csv_files)
                connection.execute(
                    f"create table {name} as select * from read_csv([{listed}], "
                    "all_varchar = true, union_by_name = true)"
                )
                written.append(name)
            for path in own:
                if path.suffix in SPREADSHEET_SUFFIXES:
                    header, frame, _ = read_spreadsheet(path, path.name, entity)
                    sheet = pd.DataFrame(frame.to_numpy(), columns=header)
                    connection.register("sheet", sheet)
                    connection.execute(f"create table {name} as select * from sheet")
                    connection.unregister("sheet")
                    written.append(name)
    return written


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """Point the database, dbt's target path and dbt's logs into a temporary folder."""
    work_dir = tmp_path_factory.mktemp("ascof")
    paths = Workspace(
        work_dir=work_dir,
        data_dir=work_dir / "data",
        database=work_dir / "ascof.duckdb",
        target_path=work_dir / "target",
        log_path=work_dir / "logs",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        patch.setenv("ASCOF_DUCKDB_PATH", str(paths.database))
        patch.setenv("DBT_TARGET_PATH", str(paths.target_path))
        patch.setenv("DBT_LOG_PATH", str(paths.log_path))
        patch.delenv("ASCOF_TARGET", raising=False)
        yield paths


@pytest.fixture(scope="session")
def generated(workspace: Workspace) -> Path:
    result = invoke(
        "generate", "--out", str(workspace.data_dir), "--scale", str(SCALE), "--seed", str(SEED)
    )
    assert result.exit_code == 0, result.output
    return workspace.data_dir


@pytest.fixture(scope="session")
def built(workspace: Workspace, generated: Path) -> Built:
    """`ascof build` once on the generated data; tests assert on its result and outputs."""
    result = invoke("build", "--data-dir", str(generated), "--year", YEAR)
    saved_parse = workspace.target_path / "partial_parse.msgpack"
    parse = saved_parse.read_bytes() if saved_parse.is_file() else None
    return Built(workspace=workspace, result=result, partial_parse=parse)


@pytest.fixture(scope="session")
def exports_dir(built: Built) -> Path:
    """`ascof export` in every format, once, after a successful build."""
    assert built.result.exit_code == 0, built.result.output
    out_dir = built.workspace.work_dir / "exports"
    result = invoke("export", "--out", str(out_dir), "--format", "csv,xlsx,parquet")
    assert result.exit_code == 0, result.output
    return out_dir


@pytest.fixture(scope="session")
def docs_index(built: Built) -> Path:
    """`ascof docs` once, after a successful build."""
    assert built.result.exit_code == 0, built.result.output
    out_dir = built.workspace.work_dir / "docs"
    result = invoke("docs", "--out", str(out_dir))
    assert result.exit_code == 0, result.output
    return out_dir / "index.html"


REPORT_COUNCIL = "716"  # Barking and Dagenham: an Outer London council in the London region


@pytest.fixture(scope="session")
def report_file(built: Built) -> Path:
    """`ascof report` once for one council, after a successful build."""
    assert built.result.exit_code == 0, built.result.output
    out_file = built.workspace.work_dir / "report" / f"ascof_report_{REPORT_COUNCIL}.html"
    result = invoke("report", "--council", REPORT_COUNCIL, "--out", str(out_file))
    assert result.exit_code == 0, result.output
    return out_file
