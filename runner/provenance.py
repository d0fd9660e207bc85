"""Where a build's numbers came from: recorded by `ascof build`, shown by the report and workbook.

After each build that ran dbt, the runner writes one row to raw.build_record in the build's DuckDB
file (for PostgreSQL and Spark, the local file that also holds the mirrored marts): the inputs
(a data folder, or a schema of warehouse tables), when the build finished, the reporting year, the
warehouse it built in, and whether the data folder held generated data (runner.privacy's
SYNTHETIC_MARKER, which `ascof generate` writes). The report and the XLSX workbook read it back,
and print a "synthetic data" banner for generated data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

from runner.privacy import SYNTHETIC_MARKER, is_synthetic
from runner.warehouse import RAW_SCHEMA

BUILD_RECORD_TABLE = "build_record"
SYNTHETIC_BANNER = (
    "Synthetic data: these figures were computed from data made up by `ascof generate` "
    f"(its folder holds {SYNTHETIC_MARKER}); they describe no real council or person."
)
_COLUMNS = ("inputs", "built_at", "reporting_year", "target", "is_synthetic", "ascof_version")


def ascof_version() -> str:
    try:
        return version("ascof")
    except PackageNotFoundError:
        return "dev"


@dataclass(frozen=True)
class Provenance:
    """One build: what it read, when it finished, for which year, in which warehouse."""

    inputs: str
    built_at: dt.datetime  # UTC
    reporting_year: str
    target: str
    is_synthetic: bool
    ascof_version: str

    @property
    def built_at_text(self) -> str:
        return self.built_at.strftime("%Y-%m-%d %H:%M UTC")

    def items(self) -> list[tuple[str, str]]:
        """(label, value) pairs, in the order the report and the workbook show them."""
        return [
            ("Data", self.inputs),
            ("Synthetic data", "yes: generated, not real returns" if self.is_synthetic else "no"),
            ("Built", self.built_at_text),
            ("Reporting year", self.reporting_year),
            ("Warehouse", self.target),
            ("ascof version", self.ascof_version),
        ]


def describe_inputs(data_dir: Path | None, source_schema: str | None) -> str:
    if data_dir is not None:
        return f"data folder {data_dir}"
    return f"tables of schema {source_schema}"


def new_provenance(
    data_dir: Path | None, source_schema: str | None, year: str, target: str
) -> Provenance:
    return Provenance(
        inputs=describe_inputs(data_dir, source_schema),
        built_at=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
        reporting_year=year,
        target=target,
        is_synthetic=data_dir is not None and is_synthetic(data_dir),
        ascof_version=ascof_version(),
    )


def record_provenance(database: Path, provenance: Provenance) -> None:
    """Replace raw.build_record with this build's row."""
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"create schema if not exists {RAW_SCHEMA}")
        connection.execute(
            f"create or replace table {RAW_SCHEMA}.{BUILD_RECORD_TABLE} (inputs varchar, "
            "built_at timestamp, reporting_year varchar, target varchar, is_synthetic boolean, "
            "ascof_version varchar)"
        )
        connection.execute(
            f"insert into {RAW_SCHEMA}.{BUILD_RECORD_TABLE} values (?, ?, ?, ?, ?, ?)",
            [getattr(provenance, column) for column in _COLUMNS],
        )


def read_provenance(connection: duckdb.DuckDBPyConnection) -> Provenance | None:
    """The last build's record, or None for a database built before builds were recorded."""
    try:
        row = connection.execute(
            f"select {', '.join(_COLUMNS)} from {RAW_SCHEMA}.{BUILD_RECORD_TABLE} limit 1"
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None else Provenance(*row)
