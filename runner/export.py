"""`ascof export`: write every marts.export_* table as CSV, Parquet and one Excel workbook."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import duckdb
import pandas as pd
import xlsxwriter

from runner.errors import UserError
from runner.provenance import SYNTHETIC_BANNER, Provenance, read_provenance
from runner.settings import (
    DEFAULT_YEAR,
    MARTS_SCHEMA,
    GlobalOptions,
    Settings,
    check_year,
    pass_options,
    year_suffix,
)

FORMATS = ("csv", "xlsx", "parquet")
EXPORT_PREFIX = "export_"
OUTCOMES_TABLE = "export_ascof_outcomes"
# marts column -> published header, in the published order (docs/method.md, The published layout).
PUBLISHED_HEADERS = {
    "geographical_code": "Geographical Code",
    "geographical_description": "Geographical Description",
    "geographical_level": "Geographical Level",
    "ons_code": "ONS Code",
    "ascof_measure_code": "ASCOF Measure Code",
    "disaggregation_level": "Disaggregation Level",
    "measure_group": "Measure Group",
    "measure_group_description": "Measure Group Description",
    "measure_type": "Measure Type",
    "measure_value": "Measure_Value",
}
EXCEL_SHEET_NAME_LIMIT = 31
# User-supplied values reach the data-quality sheet: never let a cell become a formula or link.
_XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True}

Stage = Callable[[str], Path]


@dataclass(frozen=True)
class WrittenFile:
    name: str
    rows: int


def parse_formats(value: str) -> list[str]:
    """'csv,xlsx' -> ['csv', 'xlsx'], rejecting formats we do not write."""
    formats = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise UserError(
            f"unknown export format '{','.join(unknown) or value}'; choose from {','.join(FORMATS)}"
        )
    return [fmt for fmt in FORMATS if fmt in formats]


def export_name(table: str) -> str:
    """export_ascof_outcomes -> ascof_outcomes; export_x -> ascof_x (every file starts ascof_)."""
    name = table.removeprefix(EXPORT_PREFIX)
    return name if name.startswith("ascof_") else f"ascof_{name}"


def export_query(table: str) -> str:
    """The published outcomes get the published headers; other exports keep their columns."""
    if table == OUTCOMES_TABLE:
        columns = ", ".join(
            f"{_quote(column)} as {_quote(header)}" for column, header in PUBLISHED_HEADERS.items()
        )
    else:
        columns = "*"
    return f"select {columns} from {_quote(MARTS_SCHEMA)}.{_quote(table)}"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@contextmanager
def open_marts(database: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the built database, or a UserError saying to build first."""
    if not database.is_file():
        raise UserError(f"{database}: no database yet; run `ascof build --data-dir DIR` first")
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        raise UserError(f"{database}: cannot open ({first_line}); is a build running?") from error
    try:
        yield connection
    finally:
        connection.close()


def export_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    tables = [
        name
        for (name,) in connection.execute(
            "select table_name from information_schema.tables"
            " where table_schema = ? and starts_with(table_name, ?) order by table_name",
            [MARTS_SCHEMA, EXPORT_PREFIX],
        ).fetchall()
    ]
    if not tables:
        raise UserError(
            f"no {MARTS_SCHEMA}.{EXPORT_PREFIX}* tables in the database; "
            "run `ascof build --data-dir DIR` first"
        )
    return tables


@contextmanager
def staged_files(out_dir: Path) -> Iterator[Stage]:
    """Write every file under a temporary name beside its final one, then rename them all.

    `stage(name)` returns the temporary path to write. If anything fails, the temporary files
    are removed and the previous exports stay as they were.
    """
    staged: list[tuple[Path, Path]] = []

    def stage(name: str) -> Path:
        final = out_dir / name
        temporary = out_dir / f".{final.stem}.{secrets.token_hex(4)}.partial{final.suffix}"
        staged.append((temporary, final))
        return temporary

    try:
        yield stage
        for temporary, final in staged:
            os.replace(temporary, final)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def write_csv(relation: duckdb.DuckDBPyRelation, path: Path) -> None:
    relation.write_csv(str(path), header=True)


def write_parquet(relation: duckdb.DuckDBPyRelation, path: Path) -> None:
    relation.write_parquet(str(path))


OUTCOMES_NAME = export_name(OUTCOMES_TABLE)
NOTES_SHEET = "notes"
# text columns holding a number or a marker: numbers are written as numbers, markers as text
NUMBER_OR_MARKER_COLUMNS = {"Measure_Value", "measure_value"}
_NUMBER_TEXT = re.compile(r"-?\d+(?:\.(\d+))?")
COLUMN_WIDTH_MIN, COLUMN_WIDTH_MAX = 8, 60
# rows read to size the columns: a workbook's widest values are in its first rows' kinds
WIDTH_SAMPLE_ROWS = 2000
MARKER_NOTES = {
    "[c]": "suppressed (confidential): a council's survey value rests on fewer respondents than "
    "the suppression threshold (3 by default); its outcome, numerator, denominator and base are "
    "all hidden so no one can work back to individuals. Regions, council types and England are "
    "never suppressed.",
    "[x]": "not available: the return it is computed from was not in the data folder, or the "
    "denominator is zero (nobody eligible was counted).",
    "[z]": "not applicable: the measure does not exist for that row.",
}
ROUNDING_NOTES = [
    "Every value is computed from unrounded figures; only the published value is rounded.",
    "Outcomes and margins of error: rounded half away from zero to the metric's decimals "
    "(1 decimal place, 3 for 1B).",
    "Counts (numerators, denominators and bases, survey estimates and activity counts alike): "
    "rounded to the nearest multiple of 5 when disclosure control is on (the default; dbt var "
    "count_rounding_base), so a total can differ from the sum of its rounded parts.",
    "Regions, council types and England are computed from summed numerators and denominators, "
    "never by averaging council values.",
]


def sheet_order(names: list[str]) -> list[str]:
    """The outcomes first, then the other exports in name order."""
    return sorted(names, key=lambda name: (name != OUTCOMES_NAME, name))


def write_xlsx(
    frames: dict[str, pd.DataFrame], path: Path, provenance: Provenance | None = None
) -> None:
    """One workbook: a sheet per export (outcomes first; Excel caps sheet names at 31
    characters), then a notes sheet. Each data sheet has its header frozen and filterable,
    columns sized to their values, numbers stored as numbers and [c]/[x]/[z] as text."""
    workbook = xlsxwriter.Workbook(str(path), _XLSX_OPTIONS)
    styles = _Styles(workbook)
    try:
        used: set[str] = set()
        for name in sheet_order(list(frames)):
            sheet = _sheet_name(name, used)
            used.add(sheet)
            write_sheet(workbook.add_worksheet(sheet), frames[name], styles)
        write_notes(workbook.add_worksheet(_sheet_name(NOTES_SHEET, used)), styles, provenance)
    finally:
        workbook.close()


class _Styles:
    """The workbook's cell formats, made once (xlsxwriter keeps one per distinct format)."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True})
        self.marker = workbook.add_format({"align": "right"})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.bold = workbook.add_format({"bold": True, "valign": "top"})
        self.wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.banner = workbook.add_format({"bold": True, "bg_color": "#FFDD00", "text_wrap": True})
        self._workbook = workbook
        self._decimals: dict[int, Any] = {}

    def decimals(self, places: int) -> Any:
        """A number format showing exactly `places` decimals (19.0 stays 19.0)."""
        if places not in self._decimals:
            pattern = "0" if places == 0 else "0." + "0" * places
            self._decimals[places] = self._workbook.add_format({"num_format": pattern})
        return self._decimals[places]


def write_sheet(worksheet: Any, frame: pd.DataFrame, styles: _Styles) -> None:
    columns = list(frame.columns)
    for index, column in enumerate(columns):
        worksheet.write_string(0, index, str(column), styles.header)
        values = frame[column].tolist()
        if column in NUMBER_OR_MARKER_COLUMNS:
            for row, value in enumerate(values, start=1):
                _write_number_or_text(worksheet, row, index, value, styles)
        elif pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(
            frame[column]
        ):
            for row, value in enumerate(values, start=1):
                if value is not None and not pd.isna(value):
                    worksheet.write_number(row, index, value)
        else:
            for row, value in enumerate(values, start=1):
                if value is not None and not (isinstance(value, float) and pd.isna(value)):
                    worksheet.write_string(row, index, str(value))
        worksheet.set_column(index, index, column_width(str(column), values))
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))


def _write_number_or_text(
    worksheet: Any, row: int, column: int, value: Any, styles: _Styles
) -> None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return
    text = str(value)
    match = _NUMBER_TEXT.fullmatch(text)
    if match is None:  # a marker, [c] [x] [z]: text, aligned with the numbers
        worksheet.write_string(row, column, text, styles.marker)
        return
    places = len(match[1] or "")
    worksheet.write_number(row, column, float(text), styles.decimals(places))


def column_width(header: str, values: list[Any]) -> int:
    """Characters wide: the longest of the header and the first values, within limits."""
    sample = (str(value) for value in values[:WIDTH_SAMPLE_ROWS] if value is not None)
    longest = max((len(text) for text in sample), default=0)
    return max(COLUMN_WIDTH_MIN, min(COLUMN_WIDTH_MAX, max(longest, len(header)) + 2))


def write_notes(worksheet: Any, styles: _Styles, provenance: Provenance | None) -> None:
    """What the markers and the rounding mean, and where the numbers come from."""
    worksheet.set_column(0, 0, 24)
    worksheet.set_column(1, 1, 100)
    row = 0
    worksheet.write_string(row, 0, "Adult Social Care Outcomes Framework: notes", styles.title)
    row += 2
    if provenance is not None and provenance.is_synthetic:
        worksheet.merge_range(row, 0, row, 1, SYNTHETIC_BANNER, styles.banner)
        row += 2
    worksheet.write_string(row, 0, "Markers", styles.bold)
    row += 1
    for marker, meaning in MARKER_NOTES.items():
        worksheet.write_string(row, 0, marker, styles.bold)
        worksheet.write_string(row, 1, meaning, styles.wrapped)
        row += 1
    row += 1
    worksheet.write_string(row, 0, "Rounding", styles.bold)
    row += 1
    for note in ROUNDING_NOTES:
        worksheet.write_string(row, 1, note, styles.wrapped)
        row += 1
    row += 1
    worksheet.write_string(row, 0, "Where these numbers come from", styles.bold)
    row += 1
    if provenance is None:
        worksheet.write_string(
            row, 1, "No build record in the database: build again to record it.", styles.wrapped
        )
        return
    for label, value in provenance.items():
        worksheet.write_string(row, 0, label, styles.bold)
        worksheet.write_string(row, 1, value, styles.wrapped)
        row += 1


def _sheet_name(name: str, used: set[str]) -> str:
    sheet = name[:EXCEL_SHEET_NAME_LIMIT]
    counter = 2
    while sheet in used:
        tail = f"_{counter}"
        sheet = name[: EXCEL_SHEET_NAME_LIMIT - len(tail)] + tail
        counter += 1
    return sheet


def run_export(
    settings: Settings, out_dir: Path, formats: list[str], year: str
) -> list[WrittenFile]:
    """Write each export table in each format to out_dir, all or nothing."""
    suffix = year_suffix(check_year(year))
    with open_marts(settings.database_path) as connection:
        tables = export_tables(connection)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            with staged_files(out_dir) as stage:
                return write_exports(connection, tables, formats, suffix, stage)
        except duckdb.BinderException as error:
            raise UserError(
                f"the database's export tables are out of date ({str(error).splitlines()[0]}); "
                "run `ascof build --data-dir DIR` again"
            ) from error
        except (OSError, duckdb.IOException) as error:
            reason = str(error).splitlines()[0]
            raise UserError(f"{out_dir}: could not write the exports ({reason})") from error


def write_exports(
    connection: duckdb.DuckDBPyConnection,
    tables: list[str],
    formats: list[str],
    suffix: str,
    stage: Stage,
) -> list[WrittenFile]:
    written: list[WrittenFile] = []
    frames: dict[str, pd.DataFrame] = {}
    for table in tables:
        relation = connection.sql(export_query(table))
        name = export_name(table)
        rows = _count(relation)
        for file_format, write in (("csv", write_csv), ("parquet", write_parquet)):
            if file_format in formats:
                path = stage(f"{name}_{suffix}.{file_format}")
                write(relation, path)
                written.append(WrittenFile(f"{name}_{suffix}.{file_format}", rows))
        if "xlsx" in formats:
            frames[name] = relation.df()
    if frames:
        workbook = f"ascof_{suffix}.xlsx"
        write_xlsx(frames, stage(workbook), read_provenance(connection))
        written.append(WrittenFile(workbook, sum(len(frame) for frame in frames.values())))
    return written


def _count(relation: duckdb.DuckDBPyRelation) -> int:
    [(rows,)] = relation.aggregate("count(*)").fetchall()
    return int(rows)


def print_written(written: list[WrittenFile], out_dir: Path) -> None:
    click.echo(f"Wrote {len(written)} files to {out_dir}:")
    width = max(len(item.name) for item in written)
    for item in written:
        click.echo(f"  {item.name:<{width}}  {item.rows:>9,} rows")


@click.command("export")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the files into (created if missing).",
)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    help="Comma-separated formats: csv, xlsx, parquet.",
)
@click.option("--year", default=DEFAULT_YEAR, show_default=True, help="Survey year (file names).")
@pass_options
def export_command(options: GlobalOptions, out_dir: Path, formats: str, year: str) -> None:
    """Write the published-layout outcomes and the data-quality report.

    Reads every marts.export_* table from the built database and writes
    ascof_<name>_<YYYY_YY>.csv and .parquet (ascof_outcomes_2023_24.csv,
    ascof_data_quality_2023_24.csv, ...), plus one workbook ascof_<YYYY_YY>.xlsx
    with a sheet per table. Each file is written to a temporary name and renamed,
    so a failed export leaves the previous files untouched.

    \b
    Example:
      ascof export --out exports --format csv,xlsx
    """
    settings = options.settings(needs_project=False)
    written = run_export(settings, out_dir.resolve(), parse_formats(formats), year)
    if not settings.quiet:
        print_written(written, out_dir.resolve())
