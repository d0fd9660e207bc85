"""Load the user's input files into the warehouse's `raw` schema, ready for dbt's sources.

Each source folder (ascs/, sace/, ...) becomes one raw table per entity, with canonical column
names, every value as text, and the file name and row number of each row so that every rejection
can point at its line. DuckDB reads each file itself (read_csv / read_parquet). Structural
problems stop here with one line naming the file; an absent folder is not an error: its raw tables
are created empty and the report says which files would enable its metrics.
"""

from __future__ import annotations

import codecs
import csv
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from runner.errors import UserError
from runner.input_contract import (
    QUESTION_COLUMN,
    SOURCES,
    Entity,
    Source,
    canonical_column_name,
    survey_question_columns,
    survey_years,
)
from runner.privacy import (
    SESSION_KEY_VARIABLE,
    month_only_sql,
    pseudonymisation_key,
    pseudonymised_sql,
)

RAW_SCHEMA = "raw"
SPREADSHEET_SUFFIXES = {".xlsx", ".ods"}
READABLE_SUFFIXES = {".csv", ".parquet", *SPREADSHEET_SUFFIXES}
FILE_COLUMNS = ("_source_file", "_source_row")


@dataclass(frozen=True)
class LoadedFile:
    source: str
    entity: str
    path: Path
    rows: int
    # the name rejections use: folder and file (e.g. ascs/returns.csv), plus [sheet] for a part
    display_name: str = ""


@dataclass(frozen=True)
class MissingSource:
    source: str
    folder: str
    would_enable: list[str]
    message: str


@dataclass
class LoadReport:
    files: list[LoadedFile] = field(default_factory=list)
    missing: list[MissingSource] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without a byte-order mark) when the bytes decode, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def read_csv_header(path: Path, encoding: str) -> list[str]:
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    try:
        with path.open(encoding=python_encoding, newline="") as handle:
            header = next(csv.reader(handle), None)
    except csv.Error as error:
        raise UserError(
            f"{path.parent.name}/{path.name}: unreadable CSV header ({error})"
        ) from None
    if not header:
        raise UserError(f"{path}: empty file (no header row)")
    return header


def run_sql(
    connection: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None
) -> list:
    """Execute and fetch everything, so the connection is free for the next statement."""
    return connection.execute(sql, parameters or []).fetchall()


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def expected_columns(entity: Entity, question_columns: dict[str, str]) -> list[str]:
    columns = list(entity.required_columns) + list(entity.optional_columns)
    if entity.keeps_question_columns:
        columns += list(question_columns)
    return columns


def select_canonical_columns(
    display_name: str,
    header: list[str],
    entity: Entity,
    question_columns: dict[str, str],
) -> list[tuple[int, str]]:
    """Positions and canonical names of the file's columns that the project reads."""
    wanted = set(expected_columns(entity, question_columns))
    chosen: dict[str, int] = {}
    for position, name in enumerate(header):
        canonical = canonical_column_name(name)
        keep = canonical in wanted or (
            entity.keeps_question_columns and QUESTION_COLUMN.fullmatch(canonical)
        )
        if not keep:
            continue
        if canonical in chosen:
            raise UserError(
                f"{display_name}: columns '{header[chosen[canonical]]}' and '{name}' "
                "are the same column once case, spaces and underscores are ignored"
            )
        chosen[canonical] = position
    required = list(entity.required_columns)
    if entity.keeps_question_columns:
        required += list(question_columns)
    for column in required:
        if column not in chosen:
            meaning = question_columns.get(column)
            hint = f" ({meaning} in the survey layout)" if meaning else ""
            raise UserError(f"{display_name}: missing required column '{column}'{hint}")
    return sorted(((position, name) for name, position in chosen.items()), key=lambda x: x[0])


def file_scan_sql(path: Path, header: list[str], parallel: bool = True) -> str:
    """A DuckDB scan of one UTF-8 CSV or Parquet file; CSV columns named c0, c1, ... by position.

    Short rows are padded with nulls (and then fail the row checks) rather than dropped.
    """
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({quote_literal(str(path))})"
    names = ", ".join(quote_literal(f"c{i}") for i in range(len(header)))
    return (
        f"read_csv({quote_literal(str(path))}, header = true, all_varchar = true, "
        f"names = [{names}], delim = ',', quote = '\"', escape = '\"', null_padding = true, "
        f"parallel = {str(parallel).lower()})"
    )


def parquet_header(
    connection: duckdb.DuckDBPyConnection, path: Path, display_name: str
) -> list[str]:
    scan = f"select * from read_parquet({quote_literal(str(path))}) limit 0"
    try:
        cursor = connection.execute(scan)
        names = [column[0] for column in cursor.description]
        cursor.fetchall()
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0]
        raise UserError(f"{display_name}: unreadable Parquet file ({first_line})") from None
    return names


def read_spreadsheet(
    path: Path, display_name: str, entity: Entity
) -> tuple[list[str], object, int]:
    """The entity's sheet as text: header, data frame (columns c0, c1, ...), first data line.

    The sheet is the first of entity.sheet_names present (else the first sheet); the header is
    the first row that holds every required column, so title rows above a table are skipped.
    """
    import pandas as pd

    engine = "odf" if path.suffix.lower() == ".ods" else "openpyxl"
    try:
        workbook = pd.ExcelFile(path, engine=engine)
    except Exception as error:  # any reader failure is a problem with the user's file
        raise UserError(f"{display_name}: unreadable spreadsheet ({error})") from None
    sheet = workbook.sheet_names[0]
    if entity.sheet_names:
        wanted = {canonical_column_name(name) for name in entity.sheet_names}
        matches = [name for name in workbook.sheet_names if canonical_column_name(name) in wanted]
        if not matches:
            raise UserError(
                f"{display_name}: no sheet named {' or '.join(repr(n) for n in entity.sheet_names)}"
                f" (sheets: {', '.join(workbook.sheet_names)})"
            )
        sheet = matches[0]
    frame = workbook.parse(sheet, header=None, dtype=str, keep_default_na=False)
    required = set(entity.required_columns)
    for index, row in frame.iterrows():
        names = {canonical_column_name(str(value)) for value in row}
        if required <= names:
            header = [str(value) for value in row]
            data = frame.iloc[index + 1 :].reset_index(drop=True)
            data.columns = [f"c{i}" for i in range(len(header))]
            data = data[(data != "").any(axis=1)]
            # index + 2: spreadsheet lines count from 1 and the data start below the header
            return header, data, int(index) + 2
    missing = ", ".join(sorted(required))
    raise UserError(f"{display_name}: sheet '{sheet}' has no header row with columns {missing}")


def protected_sql(entity: Entity, column: str, name: str) -> str:
    """The column as text (blank as null), or its pseudonym or year-month for a person's data."""
    if name in entity.pseudonymised_columns:
        return pseudonymised_sql(column)
    if name in entity.month_only_columns:
        return month_only_sql(column)
    return f"nullif(cast({column} as varchar), '')"


# an entity's raw table: the entity, its survey question columns, and (temp table, file, line)
RawTablePlan = tuple[Entity, dict[str, str], list[tuple[str, str, int]]]


@dataclass
class FilePart:
    """One table read from a file: a CSV or Parquet file is one part, a workbook may be several."""

    entity: Entity
    display_name: str
    header: list[str]
    column_ref: list[str]
    scan: str = ""
    frame: Any = None
    first_data_line: int = 2
    # the same CSV scan without parallel reading, for files the parallel reader refuses
    serial_scan: str | None = None


def transcoded_copy(path: Path, scratch: Path) -> Path:
    """A UTF-8 copy of a Windows-1252 file (DuckDB reads UTF-8; latin-1 differs on 0x80-0x9F)."""
    copy = scratch / f"{abs(hash(str(path)))}.csv"
    with (
        path.open(encoding="cp1252", newline="") as source,
        copy.open("w", encoding="utf-8", newline="") as target,
    ):
        for chunk in iter(lambda: source.read(1 << 20), ""):
            target.write(chunk)
    return copy


def file_parts(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    display_name: str,
    source: Source,
    scratch: Path,
) -> list[FilePart]:
    """The tables in one input file, each with the entity it holds."""
    if path.stat().st_size == 0:
        raise UserError(f"{display_name}: empty file")
    suffix = path.suffix.lower()
    entity = source.entity_for(path.name)
    if suffix in SPREADSHEET_SUFFIXES:
        if source.workbook_reader is not None:
            parts = source.workbook_reader(path, display_name, source)
            if parts is not None:
                return parts
        header, frame, first_data_line = read_spreadsheet(path, display_name, entity)
        column_ref = [f"c{i}" for i in range(len(header))]
        return [FilePart(entity, display_name, header, column_ref, "", frame, first_data_line)]
    if suffix == ".parquet":
        header = parquet_header(connection, path, display_name)
        column_ref = [quote_identifier(name) for name in header]
        return [FilePart(entity, display_name, header, column_ref, file_scan_sql(path, header))]
    encoding = detect_encoding(path)
    header = read_csv_header(path, encoding)
    readable_path = path if encoding == "utf-8" else transcoded_copy(path, scratch)
    column_ref = [f"c{i}" for i in range(len(header))]
    scan = file_scan_sql(readable_path, header)
    serial_scan = file_scan_sql(readable_path, header, parallel=False)
    return [FilePart(entity, display_name, header, column_ref, scan, serial_scan=serial_scan)]


def load_part(
    connection: duckdb.DuckDBPyConnection,
    part: FilePart,
    question_columns: dict[str, str],
) -> tuple[str, int]:
    """Create a temporary table for one part; return its name and row count."""
    entity = part.entity
    staging_table = f"load_{abs(hash(part.display_name))}"
    scan = part.scan
    if part.frame is not None:
        connection.register(f"{staging_table}_frame", part.frame)
        scan = f"{staging_table}_frame"
    chosen = select_canonical_columns(part.display_name, part.header, entity, question_columns)
    chosen_names = {name for _, name in chosen}
    selects = [f"{protected_sql(entity, part.column_ref[i], name)} as {name}" for i, name in chosen]
    selects += [
        f"cast(null as varchar) as {name}"
        for name in expected_columns(entity, question_columns)
        if name not in chosen_names
    ]
    create = f"create or replace temp table {staging_table} as select {', '.join(selects)} from "
    try:
        try:
            run_sql(connection, create + scan)
        except duckdb.Error as error:
            # DuckDB's parallel reader cannot pad short rows when a quoted field holds a newline
            if part.serial_scan is None or "parallel" not in str(error):
                raise
            run_sql(connection, create + part.serial_scan)
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0]
        raise UserError(f"{part.display_name}: unreadable file ({first_line})") from None
    rows = run_sql(connection, f"select count(*) from {staging_table}")[0][0]
    return staging_table, rows


def create_raw_table(
    connection: duckdb.DuckDBPyConnection,
    entity: Entity,
    question_columns: dict[str, str],
    loaded: list[tuple[str, str, int]],
) -> None:
    """Union the files of one entity into raw.<source>__<entity>, numbering rows in file order."""
    columns = expected_columns(entity, question_columns)
    extra = sorted(
        {
            row[0]
            for table, _, _ in loaded
            for row in run_sql(connection, f"describe {table}")
            if row[0] not in columns
        }
    )
    all_columns = columns + extra
    target = f"{RAW_SCHEMA}.{entity.raw_table}"
    empty_select = ", ".join(f"cast(null as varchar) as {name}" for name in all_columns)
    run_sql(
        connection,
        f"create or replace table {target} as select "
        "cast(null as varchar) as _source_file, cast(null as integer) as _source_row, "
        f"{empty_select} where 1 = 0",
    )
    for table, display_name, first_data_line in loaded:
        present = {row[0] for row in run_sql(connection, f"describe {table}")}
        values = ", ".join(
            name if name in present else "cast(null as varchar)" for name in all_columns
        )
        # rowid follows insertion order, which is file order: line = rowid offset + first data line
        run_sql(
            connection,
            f"insert into {target} select {quote_literal(display_name)}, "
            f"cast(rowid - (select min(rowid) from {table}) + {first_data_line} as integer), "
            f"{values} from {table}",
        )


def record_input_files(connection: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    run_sql(
        connection,
        f"create or replace table {RAW_SCHEMA}.input_files ("
        "source_folder varchar, entity varchar, file_name varchar, rows_read integer)",
    )
    for loaded in report.files:
        run_sql(
            connection,
            f"insert into {RAW_SCHEMA}.input_files values (?, ?, ?, ?)",
            [loaded.source, loaded.entity, loaded.display_name, loaded.rows],
        )


def missing_source(source: Source) -> MissingSource:
    files = " and ".join(entity.description for entity in source.entities)
    codes = ", ".join(source.enables)
    message = (
        f"no {source.folder}/ files: metrics {codes} shown as [x]; " f"add {files} to compute them"
    )
    return MissingSource(source.folder, source.folder, list(source.enables), message)


def load_source(
    connection: duckdb.DuckDBPyConnection,
    data_dir: Path,
    source: Source,
    year: str,
    scratch: Path,
) -> tuple[LoadReport, list[RawTablePlan]]:
    """Read one source folder's files into temporary tables; plan its raw tables."""
    report = LoadReport()
    folder = data_dir / source.folder
    question_columns = survey_question_columns(source.folder, year)
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    readable = [p for p in files if p.suffix.lower() in READABLE_SUFFIXES]
    report.ignored += [p for p in files if p.suffix.lower() not in READABLE_SUFFIXES]
    if not readable:
        report.missing.append(missing_source(source))
    by_entity: dict[str, list[tuple[str, str, int]]] = {e.name: [] for e in source.entities}
    if readable and any(entity.pseudonymised_columns for entity in source.entities):
        key = pseudonymisation_key(data_dir, f"{source.folder}/")
        run_sql(connection, f"set variable {SESSION_KEY_VARIABLE} = ?", [key])
    for path in readable:
        display_name = f"{source.folder}/{path.name}"
        for part in file_parts(connection, path, display_name, source, scratch):
            table, rows = load_part(connection, part, question_columns)
            by_entity[part.entity.name].append((table, part.display_name, part.first_data_line))
            report.files.append(
                LoadedFile(source.folder, part.entity.name, path, rows, part.display_name)
            )
    if readable:
        for entity in source.entities:
            if not by_entity[entity.name]:
                raise UserError(
                    f"{source.folder}/: no {entity.name.replace('_', ' ')} file "
                    f"(expected {entity.description})"
                )
    plans = [(entity, question_columns, by_entity[entity.name]) for entity in source.entities]
    return report, plans


def check_year(year: str) -> None:
    known = set.intersection(*(survey_years(s.folder) for s in SOURCES if s.is_survey))
    if year not in known:
        raise UserError(
            f"reporting year {year} has no survey layout; known years: {', '.join(sorted(known))}"
        )


def load_inputs(data_dir: Path, database: Path, year: str) -> LoadReport:
    """Load every source folder found under data_dir into the raw schema of the DuckDB file."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise UserError(f"{data_dir}: data directory not found")
    check_year(year)
    database.parent.mkdir(parents=True, exist_ok=True)
    report = LoadReport()
    plans: list[RawTablePlan] = []
    connection = duckdb.connect(str(database))
    try:
        # every file is read (into temporary tables) before the raw schema is touched, and the
        # raw tables are replaced in one transaction: a structural error leaves them as they were
        with tempfile.TemporaryDirectory(prefix="ascof-load-") as scratch:
            for source in SOURCES:
                part, source_plans = load_source(connection, data_dir, source, year, Path(scratch))
                report.files += part.files
                report.missing += part.missing
                report.ignored += part.ignored
                plans += source_plans
            run_sql(connection, "begin transaction")
            try:
                run_sql(connection, f"create schema if not exists {RAW_SCHEMA}")
                for entity, question_columns, loaded in plans:
                    create_raw_table(connection, entity, question_columns, loaded)
                record_input_files(connection, report)
                run_sql(connection, "commit")
            except BaseException:
                connection.execute("rollback")
                raise
    finally:
        connection.close()
    return report
