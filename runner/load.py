"""Load the user's input files into the warehouse's `raw` schema, ready for dbt's sources.

Each source folder (ascs/, sace/, ...) becomes one raw table per entity, with canonical column
names, every value as text, and the file name and row number of each row so that every rejection
can point at it. DuckDB reads each file itself (read_csv / read_parquet), streaming CSV files
that share a header through one scan straight into the raw table: an England-sized CLD folder is
over a thousand files. Structural problems stop here with one line naming the file, and leave the
previous load in place; an absent folder is not an error: its raw tables are created empty and the
report says which files would enable its metrics; a data directory holding no source folder (or
no input file in any) is an error, never an empty build. A CSV file is read as UTF-8, UTF-16 (by
its byte-order mark) or Windows-1252; a file that is none of these, is binary, is another
delimiter's, or is a cut-short or password-protected workbook stops the load in one line naming
it. Transcoded copies live in the warehouse's scratch folder (runner.scratch), never the system's
temporary folder. An entity whose files, key, year and loader are
all as they were at the last load keeps its raw table instead, and one whose files were only
added to reads just the new files and adds their rows (runner/unchanged_inputs.py).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from runner.errors import UserError
from runner.input_contract import (
    QUESTION_COLUMN,
    SOURCES,
    Entity,
    Source,
    canonical_column_name,
    framework_year,
    measures_not_available,
    survey_question_columns,
)
from runner.privacy import (
    SESSION_KEY_VARIABLE,
    SYNTHETIC_MARKER,
    month_only_sql,
    pseudonymisation_key,
    pseudonymised_sql,
)
from runner.scratch import scratch_folder
from runner.settings import check_year
from runner.unchanged_inputs import (
    InputsFingerprint,
    entity_fingerprint,
    record_fingerprints,
    record_spreadsheets,
    recorded_fingerprints,
    recorded_spreadsheets,
    spreadsheet_key,
    table_columns,
)

RAW_SCHEMA = "raw"
# each raw table is built as raw.loading__<table> and renamed over the previous one only once
# every file has loaded, so a structural error leaves the previous load as it was
LOADING_PREFIX = "loading__"
# DuckDB streams the files through this much memory at most, spilling to a scratch folder beyond
MEMORY_LIMIT = "2GB"
SPREADSHEET_SUFFIXES = {".xlsx", ".ods"}
READABLE_SUFFIXES = {".csv", ".parquet", *SPREADSHEET_SUFFIXES}


@dataclass(frozen=True)
class LoadedFile:
    source: str
    entity: str
    path: Path
    rows: int
    # the name rejections use: folder and file (e.g. ascs/returns.csv), plus [sheet] for a part
    display_name: str = ""
    # a file of the data directory, or a part of a warehouse table (--source-schema)
    input_kind: str = "file"


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
    # each raw table's input fingerprint; the raw tables kept because it had not changed, and
    # those whose new files were read and added to the rows kept from the last load
    fingerprints: dict[str, InputsFingerprint] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    appended: list[str] = field(default_factory=list)
    # each spreadsheet's parts (spreadsheet_record) by spreadsheet_key, for the next load
    spreadsheets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# bytes Windows-1252 leaves undefined: a file holding one is in no encoding the loader reads
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
SNIFF_BYTES = 1 << 16


def detect_encoding(path: Path) -> str:
    """UTF-16 when the file starts with its byte-order mark; UTF-8 (with or without a
    byte-order mark) when the bytes decode; else Windows-1252."""
    with path.open("rb") as handle:
        if handle.read(2) in UTF16_BOMS:
            return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def undecodable(display_name: str, error: UnicodeDecodeError) -> UserError:
    """A byte no encoding the loader reads explains (UTF-8, UTF-16, Windows-1252)."""
    byte = error.object[error.start : error.start + 1].hex()
    return UserError(
        f"{display_name}: byte 0x{byte} at position {error.start:,} is neither UTF-8 nor "
        "Windows-1252; save the file as CSV UTF-8"
    )


def check_text_file(path: Path, display_name: str) -> str | None:
    """Refuse a file that is not text; 'utf-16' for a UTF-16 file (by its byte-order mark).

    An Excel workbook or a zip renamed .csv, a password-protected workbook (an OLE2 compound
    file) or any other binary file is named in one line rather than read as rows of noise.
    """
    start = read_start(path, display_name)
    if start[:2] in UTF16_BOMS:
        return "utf-16"
    if start.startswith(b"PK\x03\x04"):
        raise UserError(f"{display_name}: a zip or Excel workbook, not a CSV file; name it .xlsx")
    if start.startswith(OLE2_SIGNATURE):
        raise UserError(
            f"{display_name}: an old-style .xls or password-protected workbook, not a CSV file"
        )
    if b"\x00" in start:
        raise UserError(f"{display_name}: a binary file, not a CSV text file")
    return None


def read_start(path: Path, display_name: str) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError as error:
        raise UserError(f"{display_name}: cannot be read ({error.strerror or error})") from None


# the first bytes of an OLE2 compound file: an .xls, or an .xlsx saved with a password
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")


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


def check_delimiter(display_name: str, header: list[str]) -> None:
    """A header read as one column holding semicolons (or tabs) is another delimiter: say so,
    rather than report its columns missing."""
    if len(header) != 1:
        return
    for delimiter, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if delimiter in header[0]:
            raise UserError(
                f"{display_name}: looks {name}-delimited; save it as comma-separated CSV"
            )


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
    from runner.workbooks import Spreadsheet, table_below_header

    try:
        workbook = Spreadsheet(path)  # calamine for .xlsx, with openpyxl's text (workbooks.py)
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
    required = set(entity.required_columns)
    table = table_below_header(workbook.sheet_text(sheet), required)
    if table is not None:
        return table
    missing = ", ".join(sorted(required))
    raise UserError(f"{display_name}: sheet '{sheet}' has no header row with columns {missing}")


def protected_sql(entity: Entity, column: str, name: str) -> str:
    """The column as text (blank as null), or its pseudonym or year-month for a person's data."""
    if name in entity.pseudonymised_columns:
        return pseudonymised_sql(column)
    if name in entity.month_only_columns:
        return month_only_sql(column)
    return f"nullif(cast({column} as varchar), '')"


@dataclass
class FilePart:
    """One table read from a file: a CSV or Parquet file is one part, a workbook may be several.

    DuckDB reads a Parquet part through scan and a CSV part from its file, in batches
    (insert_csv_batch); a spreadsheet part is already in memory as frame, unless it is deferred:
    planned from the last load's record of an unchanged spreadsheet, and read only if its entity
    is loaded (read_deferred).
    """

    entity: Entity
    display_name: str
    header: list[str]
    column_ref: list[str]
    scan: str = ""
    frame: Any = None
    first_data_line: int = 2
    # a CSV file's encoding as its header shows (csv_header); None for other parts
    encoding: str | None = None
    deferred: bool = False
    # a warehouse table of several parts (TablePart.part_names): each row's part is named by
    # its TABLE_PART_COLUMN
    part_names: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The names its rows are counted under: its own, or those of its parts."""
        return self.part_names or (self.display_name,)


# the column of a warehouse table's file that names each row's part (runner.source_tables)
TABLE_PART_COLUMN = "_ascof_part"


class TablePart(NamedTuple):
    """A file written from a warehouse table (runner.source_tables): the name its rows are
    counted and rejected under, and the entity it holds (its file name does not say). A CLD
    table holding several submissions is several parts: `part_names` lists them, and each row's
    TABLE_PART_COLUMN says which it belongs to (the rows of each part together, in order)."""

    display_name: str
    entity: Entity
    part_names: tuple[str, ...] = ()


class PlannedPart(NamedTuple):
    """A part, the input file it came from, and its (position, canonical name) columns."""

    path: Path
    part: FilePart
    columns: list[tuple[int, str]]


def transcoded_copy(path: Path, scratch: Path, encoding: str, display_name: str) -> Path:
    """A UTF-8 copy of a Windows-1252 or UTF-16 file (DuckDB reads UTF-8; latin-1 differs from
    Windows-1252 on 0x80-0x9F), in the run's scratch folder (runner.scratch)."""
    copy = scratch / f"{abs(hash(str(path)))}.csv"
    source_encoding = "utf-16" if encoding == "utf-16" else "cp1252"
    try:
        with (
            path.open(encoding=source_encoding, newline="") as source,
            copy.open("w", encoding="utf-8", newline="") as target,
        ):
            for chunk in iter(lambda: source.read(1 << 20), ""):
                target.write(chunk)
    except UnicodeDecodeError as error:
        copy.unlink(missing_ok=True)
        raise undecodable(display_name, error) from None
    return copy


def csv_header(path: Path, display_name: str) -> tuple[list[str], str]:
    """The header row, and the encoding it shows: UTF-16 (by its byte-order mark), UTF-8, else
    Windows-1252.

    Decoding every file in full (detect_encoding) would take about as long as loading them: a
    header that is not UTF-8 marks a Windows-1252 file at once, and DuckDB checks the rest of the
    others as it reads them, leaving a file it refuses to insert_csv_file, which does detect.
    """
    encoding = check_text_file(path, display_name) or "utf-8"
    try:
        try:
            header = read_csv_header(path, encoding)
        except UnicodeDecodeError:
            encoding = "cp1252"
            header = read_csv_header(path, encoding)
    except UnicodeDecodeError as error:
        raise undecodable(display_name, error) from None
    except OSError as error:
        raise UserError(f"{display_name}: cannot be read ({error.strerror or error})") from None
    check_delimiter(display_name, header)
    return header, encoding


def spreadsheet_record(parts: list[FilePart]) -> list[dict[str, Any]]:
    """What planning a spreadsheet found, for the next load to plan it without reading it."""
    return [
        {
            "entity": part.entity.name,
            "display_name": part.display_name,
            "header": part.header,
            "column_ref": part.column_ref,
            "first_data_line": part.first_data_line,
        }
        for part in parts
    ]


def deferred_parts(record: list[dict[str, Any]], source: Source) -> list[FilePart] | None:
    """A spreadsheet's parts from its record, to be read only if needed; None when the record
    names an entity the source no longer has."""
    entities = {entity.name: entity for entity in source.entities}
    if any(part["entity"] not in entities for part in record):
        return None
    return [
        FilePart(
            entities[part["entity"]],
            part["display_name"],
            part["header"],
            part["column_ref"],
            first_data_line=part["first_data_line"],
            deferred=True,
        )
        for part in record
    ]


def check_workbook_file(path: Path, display_name: str) -> None:
    """A workbook is a zip archive: say what else it is (a password-protected workbook is an
    encrypted OLE2 file; a cut-short one has no complete zip directory)."""
    start = read_start(path, display_name)
    if start.startswith(OLE2_SIGNATURE):
        raise UserError(
            f"{display_name}: password-protected workbook (or an old .xls renamed); "
            "save it without a password as .xlsx"
        )
    if not start.startswith(b"PK"):
        raise UserError(
            f"{display_name}: unreadable workbook, not an .xlsx or .ods file (no zip archive)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise UserError(
            f"{display_name}: unreadable workbook, cut short or damaged ({error})"
        ) from None
    if damaged is not None:
        raise UserError(f"{display_name}: unreadable workbook, damaged ({damaged} is corrupt)")


def spreadsheet_parts(
    path: Path, display_name: str, source: Source, entity: Entity
) -> list[FilePart]:
    """A workbook's parts: its source's official layout, else the entity's sheet."""
    if source.workbook_reader is not None:
        parts = source.workbook_reader(path, display_name, source)
        if parts is not None:
            return parts
    header, frame, first_data_line = read_spreadsheet(path, display_name, entity)
    column_ref = [f"c{i}" for i in range(len(header))]
    return [FilePart(entity, display_name, header, column_ref, "", frame, first_data_line)]


def file_parts(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    display_name: str,
    source: Source,
    record: list[dict[str, Any]] | None = None,
    entity: Entity | None = None,
) -> list[FilePart]:
    """The tables in one input file, each with the entity it holds (`entity`, else the one its
    name says). A spreadsheet with a `record` from the last load (and unchanged since) is not
    read: its parts are deferred."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UserError(f"{display_name}: cannot be read ({error.strerror or error})") from None
    if size == 0:
        raise UserError(f"{display_name}: empty file")
    suffix = path.suffix.lower()
    entity = entity or source.entity_for(path.name)
    if suffix in SPREADSHEET_SUFFIXES:
        if record is not None and (deferred := deferred_parts(record, source)) is not None:
            return deferred
        check_workbook_file(path, display_name)
        try:
            return spreadsheet_parts(path, display_name, source, entity)
        except UserError:
            raise
        except Exception as error:  # a reader's failure on a damaged sheet is the file's
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
            raise UserError(
                f"{display_name}: unreadable workbook, cut short or damaged ({reason})"
            ) from None
    if suffix == ".parquet":
        header = parquet_header(connection, path, display_name)
        column_ref = [quote_identifier(name) for name in header]
        scan = f"read_parquet({quote_literal(str(path))})"
        return [FilePart(entity, display_name, header, column_ref, scan)]
    header, encoding = csv_header(path, display_name)
    column_ref = [f"c{i}" for i in range(len(header))]
    return [FilePart(entity, display_name, header, column_ref, encoding=encoding)]


def plan_parts(
    connection: duckdb.DuckDBPyConnection,
    source: Source,
    files: list[Path],
    question_columns: dict[str, str],
    report: LoadReport,
    spreadsheets: dict[str, list[dict[str, Any]]] | None = None,
    tables: dict[Path, TablePart] | None = None,
) -> list[PlannedPart]:
    """Every part of the folder's files with the columns it supplies; each spreadsheet's parts
    are recorded in the report for the next load. A file written from a warehouse table is
    named and routed as `tables` says.

    Header problems (a missing or duplicated column) stop the load here, before any file is read
    in full.
    """
    planned = []
    for path in files:
        display_name = f"{source.folder}/{path.name}"
        if path in (tables or {}):
            table = tables[path]
            # the entity as the source reads it this year (its columns named for the year)
            entity = next(each for each in source.entities if each.name == table.entity.name)
            parts = file_parts(connection, path, table.display_name, source, entity=entity)
            for part in parts:
                part.first_data_line = 1  # a table has no header row: its first row is row 1
                part.part_names = table.part_names
        elif path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            parts = file_parts(connection, path, display_name, source)
        else:
            # keyed before reading, so that a file changed meanwhile is read again next time
            key = spreadsheet_key(path, display_name)
            record = (spreadsheets or {}).get(key)
            parts = file_parts(connection, path, display_name, source, record)
            report.spreadsheets[key] = spreadsheet_record(parts)
        for part in parts:
            columns = select_canonical_columns(
                part.display_name, part.header, part.entity, question_columns
            )
            planned.append(PlannedPart(path, part, columns))
    return planned


def read_deferred(
    connection: duckdb.DuckDBPyConnection,
    source: Source,
    question_columns: dict[str, str],
    parts: list[PlannedPart],
) -> list[PlannedPart]:
    """The parts to load, each deferred spreadsheet part now read from its file."""
    read: dict[Path, dict[str, PlannedPart]] = {}
    ready = []
    for item in parts:
        if not item.part.deferred:
            ready.append(item)
            continue
        if item.path not in read:
            fresh = plan_parts(connection, source, [item.path], question_columns, LoadReport())
            read[item.path] = {planned.part.display_name: planned for planned in fresh}
        if item.part.display_name not in read[item.path]:
            raise UserError(f"{item.part.display_name}: the file changed while it was loading")
        ready.append(read[item.path][item.part.display_name])
    return ready


def expected_input(source: Source, entity: Entity, from_tables: bool) -> str:
    """What would hold an entity: its files (or its alternative layouts' files), or the table
    of a source schema."""
    if from_tables:
        return " or ".join(f"a table {layout.table_name}" for layout in source.layouts(entity))
    return " or ".join(layout.description for layout in source.layouts(entity))


def require_every_entity(source: Source, planned: list[PlannedPart], from_tables: bool) -> None:
    """A folder with files must hold every entity: a survey needs rows and populations."""
    found = {item.part.entity.name for item in planned}
    for entity in source.needed_entities:
        layouts = source.layouts(entity)
        if not found & {layout.name for layout in layouts}:
            where, kind = f"{source.folder}/", "file"
            if from_tables:
                where, kind = f"{source.folder} tables", "table"
            raise UserError(
                f"{where}: no {entity.name.replace('_', ' ')} {kind} "
                f"(expected {expected_input(source, entity, from_tables)})"
            )


def batches(planned: list[PlannedPart]) -> list[list[PlannedPart]]:
    """An entity's parts in file order, UTF-8 CSV files with the same header in one batch.

    One scan of a list of files costs DuckDB about half the CPU of a statement per file (a CLD
    folder is over a thousand small files); Parquet, spreadsheet and Windows-1252 parts go alone.
    """
    ordered: list[list[PlannedPart]] = []
    by_header: dict[tuple[str, ...], list[PlannedPart]] = {}
    for item in planned:
        part = item.part
        if part.encoding != "utf-8":
            ordered.append([item])
            continue
        key = tuple(part.header)
        if key not in by_header:
            by_header[key] = []
            ordered.append(by_header[key])
        by_header[key].append(item)
    return ordered


def csv_scan_sql(paths: list[Path], width: int, parallel: bool = True) -> str:
    """One DuckDB scan of UTF-8 CSV files with one header; columns c0, c1, ... by position.

    The dialect is given rather than sniffed: sniffing takes longer than reading a CLD file, and
    would let the files of one scan be read differently. Short rows are padded with nulls (and
    then fail the row checks) rather than dropped; `filename` is the file each row came from.
    """
    files = ", ".join(quote_literal(str(path)) for path in paths)
    columns = ", ".join(f"'c{i}': 'varchar'" for i in range(width))
    return (
        f"read_csv([{files}], header = true, auto_detect = false, columns = {{{columns}}}, "
        "delim = ',', quote = '\"', escape = '\"', null_padding = true, filename = true, "
        f"parallel = {str(parallel).lower()})"
    )


def insert_sql(table: str, item: PlannedPart, source_file: str, scan: str) -> str:
    """Insert a part's rows, each numbered with the part's first data line for now.

    number_rows adds each row's position in its file once the whole table is loaded.
    """
    part = item.part
    names = ", ".join(quote_identifier(name) for _, name in item.columns)
    values = ", ".join(
        protected_sql(part.entity, part.column_ref[i], name) for i, name in item.columns
    )
    return (
        f"insert into {table} (_source_file, _source_row, {names}) "
        f"select {source_file}, {part.first_data_line}, {values} from {scan}"
    )


def unreadable(display_name: str, error: duckdb.Error) -> UserError:
    """DuckDB's own reason in one line: its first line (`CSV Error on Line: 7`) and the detail
    lines after it (`Expected Number of Columns: 20 Found: 21`, a line too long, an unterminated
    quote), but not the offending line itself (it may hold a person's details) nor its hints."""
    lines = [line.strip() for line in str(error).strip().splitlines()]
    kept = [lines[0].removeprefix("Invalid Input Error: ")] if lines else []
    for line in lines[1:]:
        if line.startswith(("Possible fixes", "file =", "*")):
            break
        if line and not line.startswith("Original Line"):
            kept.append(line)
    return UserError(f"{display_name}: unreadable file ({'; '.join(kept)})")


def insert_csv_batch(
    connection: duckdb.DuckDBPyConnection, table: str, batch: list[PlannedPart], scratch: Path
) -> None:
    """Read CSV files with one header in one scan; halve the batch when DuckDB refuses it.

    A failed statement inserts nothing, so halving until a file is alone finds the files DuckDB
    cannot read in a batch (a Windows-1252 body, a quoted newline the parallel reader cannot pad,
    a broken file) while the others still load in batches; insert_csv_file reads or names them.
    """
    first = batch[0]
    # a batch is one folder's files, so the display name is the folder then the file's name
    folder = first.part.display_name.removesuffix(first.path.name)
    name_start = len(str(first.path.parent)) + 2
    source_file = f"{quote_literal(folder)} || substr(filename, {name_start})"
    scan = csv_scan_sql([item.path for item in batch], len(first.part.header))
    try:
        run_sql(connection, insert_sql(table, first, source_file, scan))
    except duckdb.Error:
        if len(batch) == 1:
            insert_csv_file(connection, table, first, scratch)
            return
        middle = len(batch) // 2
        insert_csv_batch(connection, table, batch[:middle], scratch)
        insert_csv_batch(connection, table, batch[middle:], scratch)


def insert_csv_file(
    connection: duckdb.DuckDBPyConnection, table: str, item: PlannedPart, scratch: Path
) -> None:
    """Read one CSV file on its own, coping with what a batch cannot.

    A Windows-1252 file is read from a UTF-8 copy, and a file the parallel reader refuses (null
    padding with a quoted newline) serially; anything else DuckDB cannot read is a problem with
    the user's file, named in one line.
    """
    part = item.part
    path = item.path
    encoding = part.encoding if part.encoding == "utf-16" else detect_encoding(path)
    if encoding != "utf-8":
        path = transcoded_copy(path, scratch, encoding, part.display_name)
    source_file = quote_literal(part.display_name)
    width = len(part.header)
    try:
        try:
            run_sql(connection, insert_sql(table, item, source_file, csv_scan_sql([path], width)))
        except duckdb.Error as error:
            serial_scan = csv_scan_sql([path], width, parallel=False)
            if "parallel" not in str(error):
                reason = serial_reason(connection, serial_scan, error)
                raise unreadable(part.display_name, reason) from None
            run_sql(connection, insert_sql(table, item, source_file, serial_scan))
    except duckdb.Error as error:
        raise unreadable(part.display_name, error) from None


def serial_reason(
    connection: duckdb.DuckDBPyConnection, serial_scan: str, error: duckdb.Error
) -> duckdb.Error:
    """The serial reader's error when it has one: the parallel reader's is often only that
    its state machine 'reached an invalid state', where the serial one names the line."""
    try:
        # every column, so the reader parses every field (a count would not)
        connection.execute(f"select * from {serial_scan}").fetchall()
    except duckdb.Error as serial_error:
        return serial_error
    return error


def insert_part(connection: duckdb.DuckDBPyConnection, table: str, item: PlannedPart) -> None:
    """Insert a Parquet or spreadsheet part (DuckDB reads a spreadsheet's data frame in place)."""
    part = item.part
    scan = part.scan
    if part.frame is not None:
        scan = "load_frame"
        connection.register(scan, part.frame)
    source_file = quote_literal(part.display_name)
    if part.part_names:
        source_file = quote_identifier(TABLE_PART_COLUMN)
    try:
        run_sql(connection, insert_sql(table, item, source_file, scan))
    except duckdb.Error as error:
        raise unreadable(part.display_name, error) from None
    finally:
        if part.frame is not None:
            connection.unregister(scan)


def number_rows(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    """Add to each row's first data line its position in its file: the row's number.

    Each record counts one row: a blank line is not counted, and a value holding a quoted line
    break counts once, so after either a row's number is smaller than its line (the source_row
    docs block).

    DuckDB's CSV reader cannot number the rows of each file in a scan of several, but it inserts
    rows in file order (preserve_insertion_order), so a file's rows have consecutive row ids, and
    one update of the loaded table costs little.
    """
    run_sql(
        connection,
        f"update {table} as loaded "
        "set _source_row = loaded._source_row + cast(loaded.rowid - first.row_id as integer) "
        f"from (select _source_file, min(rowid) as row_id from {table} group by _source_file) "
        "as first where loaded._source_file = first._source_file",
    )


def create_loading_table(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    entity: Entity,
    question_columns: dict[str, str],
    planned: list[PlannedPart],
) -> None:
    """The entity's expected columns, then any other question columns its files hold, sorted."""
    columns = expected_columns(entity, question_columns)
    extra = sorted({name for item in planned for _, name in item.columns} - set(columns))
    definition = ", ".join(f"{quote_identifier(name)} varchar" for name in columns + extra)
    run_sql(
        connection,
        f"create or replace table {table} "
        f"(_source_file varchar, _source_row integer, {definition})",
    )


def load_raw_table(
    connection: duckdb.DuckDBPyConnection,
    entity: Entity,
    question_columns: dict[str, str],
    planned: list[PlannedPart],
    scratch: Path,
) -> dict[str, int]:
    """Build the entity's loading table from its parts; return the rows read per part."""
    table = f"{RAW_SCHEMA}.{LOADING_PREFIX}{entity.raw_table}"
    create_loading_table(connection, table, entity, question_columns, planned)
    for batch in batches(planned):
        encoding = batch[0].part.encoding
        if encoding is None:
            insert_part(connection, table, batch[0])
        elif encoding == "utf-8":
            insert_csv_batch(connection, table, batch, scratch)
        else:
            insert_csv_file(connection, table, batch[0], scratch)
    number_rows(connection, table)
    return rows_per_file(connection, table)


def rows_per_file(connection: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    counts = f"select _source_file, count(*) from {table} group by _source_file"
    return dict(run_sql(connection, counts))


def missing_source(source: Source, from_tables: bool) -> MissingSource:
    expected = " and ".join(
        expected_input(source, entity, from_tables) for entity in source.needed_entities
    )
    codes = ", ".join(source.enables)
    inputs = "tables" if from_tables else "files"
    message = (
        f"no {source.folder}/ {inputs}: metrics {codes} shown as [x]; "
        f"add {expected} to compute them"
    )
    return MissingSource(source.folder, source.folder, list(source.enables), message)


def not_available_notes(year: str) -> list[MissingSource]:
    """A note per group of the year's measures no input enables yet (shown as [x])."""
    return [
        MissingSource("", "", codes.split(", "), f"{codes} shown as [x] for {year}: {reason}")
        for codes, reason in measures_not_available(year)
    ]


@dataclass
class SourcePlan:
    """One source folder as read ahead of loading: its parts, and what is missing or ignored."""

    source: Source
    question_columns: dict[str, str]
    parts: list[PlannedPart]
    report: LoadReport
    # the parts are warehouse tables written out as files (runner.source_tables)
    from_tables: bool = False


def plan_source(
    cursor: duckdb.DuckDBPyConnection,
    data_dir: Path,
    source: Source,
    year: str,
    spreadsheets: dict[str, list[dict[str, Any]]] | None = None,
    tables: dict[Path, TablePart] | None = None,
) -> SourcePlan:
    """List one source folder and read its headers and its spreadsheets, but for those recorded
    in `spreadsheets` and unchanged (plan_parts)."""
    report = LoadReport()
    source = source.for_year(year)
    folder = data_dir / source.folder
    question_columns = survey_question_columns(source.folder, year)
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    readable = [p for p in files if p.suffix.lower() in READABLE_SUFFIXES]
    report.ignored += [p for p in files if p.suffix.lower() not in READABLE_SUFFIXES]
    from_tables = tables is not None
    if not readable and framework_year(year).uses_source(source.folder):
        # a folder the year does not use (sace/ in 2024-25) is not missing
        report.missing.append(missing_source(source, from_tables))
    planned = plan_parts(cursor, source, readable, question_columns, report, spreadsheets, tables)
    if readable:
        require_every_entity(source, planned, from_tables)
    return SourcePlan(source, question_columns, planned, report, from_tables)


def new_parts(
    connection: duckdb.DuckDBPyConnection,
    entity: Entity,
    parts: list[PlannedPart],
    fingerprint: InputsFingerprint,
    recorded: InputsFingerprint | None,
) -> list[PlannedPart] | None:
    """The parts to read when the entity's files were only added to since the last load, and
    the raw table has a column for everything they hold; None when the entity must be read
    again in full."""
    if recorded is None or not fingerprint.added_to(recorded):
        return None
    added = [
        item
        for item, digest in zip(parts, fingerprint.parts, strict=True)
        if digest not in recorded.parts
    ]
    supplied = {name for item in added for _, name in item.columns}
    if not supplied <= table_columns(connection, RAW_SCHEMA, entity.raw_table):
        return None
    return added


def load_source(
    connection: duckdb.DuckDBPyConnection,
    data_dir: Path,
    plan: SourcePlan,
    scratch: Path,
    recorded: dict[str, InputsFingerprint],
) -> LoadReport:
    """Load a planned source folder into its entities' loading tables (empty when absent).

    An entity whose inputs match the fingerprint `recorded` with its raw table at the last load
    keeps that table (runner/unchanged_inputs.py); its rows are counted, not read again. One
    whose files were only added to loads just the new files, for replace_raw_tables to add.
    """
    source, report = plan.source, plan.report
    key = None
    if plan.parts and any(entity.pseudonymised_columns for entity in source.entities):
        # a folder of files, or the first warehouse table read
        needed_by = plan.parts[0].part.display_name if plan.from_tables else f"{source.folder}/"
        key = pseudonymisation_key(data_dir, needed_by)
        run_sql(connection, f"set variable {SESSION_KEY_VARIABLE} = ?", [key])
    rows: dict[str, int] = {}
    for entity in source.entities:
        parts = [item for item in plan.parts if item.part.entity.name == entity.name]
        described = [
            (item.path, item.part.display_name, item.part.header, item.columns) for item in parts
        ]
        fingerprint = entity_fingerprint(described, plan.question_columns, key)
        report.fingerprints[entity.raw_table] = fingerprint
        previous = recorded.get(entity.raw_table)
        if parts and previous == fingerprint:
            report.kept.append(entity.raw_table)
            rows |= rows_per_file(connection, f"{RAW_SCHEMA}.{entity.raw_table}")
        elif (added := new_parts(connection, entity, parts, fingerprint, previous)) is not None:
            report.appended.append(entity.raw_table)
            rows |= rows_per_file(connection, f"{RAW_SCHEMA}.{entity.raw_table}")
            added = read_deferred(connection, source, plan.question_columns, added)
            rows |= load_raw_table(connection, entity, plan.question_columns, added, scratch)
        else:
            parts = read_deferred(connection, source, plan.question_columns, parts)
            rows |= load_raw_table(connection, entity, plan.question_columns, parts, scratch)
    kind = "table part" if plan.from_tables else "file"
    report.files = [
        LoadedFile(source.folder, item.part.entity.name, item.path, rows.get(name, 0), name, kind)
        for item in plan.parts
        for name in item.part.names
    ]
    return report


def configure(connection: duckdb.DuckDBPyConnection, scratch: Path) -> None:
    """Stream the files through bounded memory, keeping each file's rows in order.

    Beyond MEMORY_LIMIT DuckDB spills to the scratch folder; number_rows relies on insertion
    order (DuckDB's default, set here because row numbers depend on it). No progress bar: the
    runner reports progress itself.
    """
    run_sql(connection, "set enable_progress_bar = false")
    run_sql(connection, f"set memory_limit = '{MEMORY_LIMIT}'")
    run_sql(connection, f"set temp_directory = {quote_literal(str(scratch))}")
    run_sql(connection, "set preserve_insertion_order = true")


def drop_loading_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Remove the tables of a load that failed (or of one that was killed before it finished)."""
    tables = run_sql(
        connection,
        "select table_name from information_schema.tables "
        "where table_schema = ? and starts_with(table_name, ?)",
        [RAW_SCHEMA, LOADING_PREFIX],
    )
    for (name,) in tables:
        run_sql(connection, f"drop table {RAW_SCHEMA}.{quote_identifier(name)}")


def modified_at(path: Path) -> dt.datetime:
    """When the file was last modified, in UTC (a CLD submission without a submission date is
    taken as made then: int_cld__submissions)."""
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)


def record_input_files(connection: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    run_sql(
        connection,
        f"create or replace table {RAW_SCHEMA}.input_files (source_folder varchar, "
        "entity varchar, file_name varchar, rows_read integer, modified_at timestamp, "
        "input_kind varchar)",
    )
    # one statement for every file: an England CLD folder holds over a thousand
    run_sql(
        connection,
        f"insert into {RAW_SCHEMA}.input_files "
        "select unnest(?), unnest(?), unnest(?), unnest(?), unnest(?), unnest(?)",
        [
            [loaded.source for loaded in report.files],
            [loaded.entity for loaded in report.files],
            [loaded.display_name for loaded in report.files],
            [loaded.rows for loaded in report.files],
            [modified_at(loaded.path) for loaded in report.files],
            [loaded.input_kind for loaded in report.files],
        ],
    )


def replace_raw_tables(connection: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    """Rename every loading table over its raw table (a kept table stays; an appended table
    gets the loading table's rows) and record the files and fingerprints, in one transaction."""
    run_sql(connection, "begin transaction")
    try:
        for table in (entity.raw_table for source in SOURCES for entity in source.entities):
            if table in report.kept:
                continue
            loading = f"{RAW_SCHEMA}.{LOADING_PREFIX}{table}"
            if table in report.appended:
                # by name: a column only older files supplied is null on the new rows
                run_sql(
                    connection, f"insert into {RAW_SCHEMA}.{table} by name select * from {loading}"
                )
                run_sql(connection, f"drop table {loading}")
                continue
            run_sql(connection, f"drop table if exists {RAW_SCHEMA}.{table}")
            run_sql(connection, f"alter table {loading} rename to {table}")
        record_input_files(connection, report)
        record_fingerprints(connection, RAW_SCHEMA, report.fingerprints)
        record_spreadsheets(connection, RAW_SCHEMA, report.spreadsheets)
        run_sql(connection, "commit")
    except BaseException:
        connection.execute("rollback")
        raise


def check_recognised_folders(data_dir: Path) -> list[Path]:
    """The data directory's entries that are not a source folder (listed as ignored); a
    directory holding no source folder at all is an error, never an empty build."""
    folders = {source.folder for source in SOURCES}
    try:
        entries = sorted(data_dir.iterdir())
    except OSError as error:
        raise UserError(f"{data_dir}: cannot be read ({error.strerror or error})") from None
    if not any(entry.is_dir() and entry.name in folders for entry in entries):
        raise no_inputs(data_dir, False)
    return [
        entry
        for entry in entries
        if not (entry.is_dir() and entry.name in folders)
        and entry.name != SYNTHETIC_MARKER
        and not entry.name.startswith(".")
    ]


def no_inputs(data_dir: Path, from_tables: bool) -> UserError:
    """Nothing to build from: the previous build stays as it was."""
    if from_tables:
        return UserError(
            "the source schema holds no source table (cld_events, ascs_respondents, ...)"
        )
    folders = ", ".join(f"{source.folder}/" for source in SOURCES)
    return UserError(f"{data_dir}: no input files (expected folders {folders}); nothing was built")


def load_inputs(
    data_dir: Path, database: Path, year: str, tables: dict[Path, TablePart] | None = None
) -> LoadReport:
    """Load every source folder found under data_dir into the raw schema of the DuckDB file
    (`tables`: the files there written from warehouse tables, runner.source_tables).

    The folders are planned (headers, spreadsheets) on a worker thread ahead of loading: openpyxl
    parses a large workbook in Python on one core, which would otherwise sit idle, while DuckDB
    loads the folders before it (the CLD files before the CQC workbook).
    """
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise UserError(f"{data_dir}: data directory not found")
    check_year(year)
    database.parent.mkdir(parents=True, exist_ok=True)
    report = LoadReport()
    if tables is None:
        report.ignored += check_recognised_folders(data_dir)
    with scratch_folder(database, "load") as scratch:
        connection = duckdb.connect(str(database))
        planner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ascof-plan")
        # the worker's own connection: one connection runs one statement at a time
        cursor = connection.cursor()
        try:
            configure(connection, Path(scratch))
            run_sql(connection, f"create schema if not exists {RAW_SCHEMA}")
            drop_loading_tables(connection)
            recorded = recorded_fingerprints(connection, RAW_SCHEMA)
            spreadsheets = recorded_spreadsheets(connection, RAW_SCHEMA)
            plans = [
                planner.submit(plan_source, cursor, data_dir, source, year, spreadsheets, tables)
                for source in SOURCES
            ]
            try:
                for plan in plans:
                    loaded = load_source(
                        connection, data_dir, plan.result(), Path(scratch), recorded
                    )
                    report.files += loaded.files
                    report.missing += loaded.missing
                    report.ignored += loaded.ignored
                    report.fingerprints |= loaded.fingerprints
                    report.kept += loaded.kept
                    report.appended += loaded.appended
                    report.spreadsheets |= loaded.spreadsheets
                if not report.files:
                    raise no_inputs(data_dir, tables is not None)
                replace_raw_tables(connection, report)
                report.missing += not_available_notes(year)
            except BaseException:
                # a connection DuckDB has invalidated cannot clean up: the next load does
                with contextlib.suppress(duckdb.Error):
                    drop_loading_tables(connection)
                raise
        finally:
            planner.shutdown(cancel_futures=True)
            cursor.close()
            connection.close()
    return report
