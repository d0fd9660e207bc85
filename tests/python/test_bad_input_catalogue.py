"""A catalogue of bad files, values and faults, as a careless or hurried council produces them.

Each kind has one documented outcome (spec inputs.md "Bad input" and "Added 2026-12",
interface.md "Runs and the warehouse"):
- a structural problem or a fault stops the run with one line on stderr naming the file or
  folder, exit 2, never a traceback, and nothing is written where the outputs go;
- a bad row or value is a counted rejection with its reason in marts.data_quality_rejections,
  every file balancing (rows read = rows used + rows rejected).

The structural kinds stop in the loader, before dbt, so each is a quick `ascof validate`; the
value kinds share one `ascof validate` of a tiny data directory (three CLD files, one ASCS
workbook, a few carers).
"""

from __future__ import annotations

import csv
import errno
import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import PROJECT_DIR, invoke, query

from generator.ascs_workbook import write_ascs_return
from runner.privacy import SYNTHETIC_MARKER

CLD_FIXTURE = PROJECT_DIR / "tests" / "fixtures" / "cld_small"
CLD_716 = "716_2024-03-31_1.csv"
CLD_820 = "820_2024-03-31.csv"
SACE_HEADER = ["LaCode", "SerialNo", "Response", "Gender", "Age"] + [
    f"q{n}" for n in (4, 7, 8, 9, 10, 11, 12, 17, 19)
]
SACE_ROW = ["716", "9001", "1", "2", "60", *["1"] * 9]
BAD_POPULATION = "stratum population missing, negative or not a whole number"
UNMAPPED = "value not in the CLD release 1 or 2 lists (counted as Invalid and not mapped)"


def cld_rows(name: str) -> tuple[list[str], list[list[str]]]:
    with (CLD_FIXTURE / "cld" / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]], **options: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    encoding = options.get("encoding", "utf-8")
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=options.get("delimiter", ","))
        writer.writerow(header)
        writer.writerows(rows)


def cld_dir(root: Path) -> Path:
    """A tiny data directory: the three CLD fixture files, marked synthetic (demo key)."""
    data_dir = root / "data"
    shutil.copytree(CLD_FIXTURE / "cld", data_dir / "cld")
    (data_dir / SYNTHETIC_MARKER).write_text("test data")
    return data_dir


def cld_header_bytes() -> bytes:
    header, _ = cld_rows(CLD_716)
    return (",".join(header) + "\r\n").encode()


def cld_line(**changes: str) -> list[str]:
    """A copy of a used 716 row (a six-week ST-Max service), changed by header name."""
    header, rows = cld_rows(CLD_716)
    values = dict(zip(header, rows[0], strict=True))
    values.update(changes)
    return [values[column] for column in header]


def one_sheet_workbook(path: Path, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)


def cut_sheet_xml(path: Path) -> None:
    """The workbook with its sheet's XML cut in half (a zip still readable)."""
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]
            target.writestr(member, data)
    source.close()
    path.write_bytes(buffer.getvalue())


def ascs_workbook(
    path: Path, edit: Callable[..., None] | None = None, third_council: str | None = None
) -> None:
    """An official ASCS return of council 716 (three respondents), table 3 edited by `edit`;
    with `third_council`, Service User Data gets an LA Code column, the third row naming it."""
    from openpyxl import load_workbook
    from test_bad_inputs import POPULATION_VALID, ascs

    rows = pd.DataFrame([ascs(SerialNo=str(n)) for n in range(1, 4)])
    population = {k: int(v) for k, v in POPULATION_VALID.items() if k != "LaCode"}
    population.update({f"stratum{s}Sample": 7 for s in range(1, 5)})
    path.parent.mkdir(parents=True, exist_ok=True)
    write_ascs_return(path, "716", "Barking and Dagenham", rows, population)
    book = load_workbook(path)
    if edit is not None:
        edit(book["Eligible Population"])
    if third_council is not None:
        users = book["Service User Data"]
        users.insert_cols(1)
        for cell, value in (("A3", "LA Code"), ("A4", "716"), ("A5", "716"), ("A6", third_council)):
            users[cell] = value
    book.save(path)


# -- structural kinds and faults: one line, exit 2 ------------------------------------------------


def undefined_byte(byte: int) -> Callable[[Path], None]:
    def make(data_dir: Path) -> None:
        body = ",".join(cld_line()).encode() + b"\r\n"
        bad = ",".join(cld_line(**{"LA Person Unique Identifier": "Z\x00"})).encode()
        bad = bad.replace(b"\x00", bytes([byte])) + b"\r\n"
        (data_dir / "cld" / "windows.csv").write_bytes(cld_header_bytes() + body + bad)

    return make


def unreadable_file(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the user may not read (tests run as root, where chmod does not bite)."""
    path = data_dir / "cld" / "locked.csv"
    shutil.copy(data_dir / "cld" / CLD_716, path)
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "locked.csv":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)


def full_disk(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills while validate writes (simulated: the loader's write fails, ENOSPC)."""

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(data_dir / "x.duckdb.wal"))

    monkeypatch.setattr("runner.build.load_inputs", no_space)


def no_key(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (data_dir / SYNTHETIC_MARKER).unlink()
    monkeypatch.delenv("ASCOF_PSEUDONYMISATION_KEY", raising=False)


def ascs_text_stratum(data_dir: Path) -> None:
    ascs_workbook(data_dir / "ascs" / "return.xlsx", lambda sheet: sheet.__setitem__("B5", "n/a"))


@dataclass(frozen=True)
class Stop:
    """A kind that stops the run: how to make it, and what the one line must say."""

    make: Callable[..., None]
    says: str
    uses_monkeypatch: bool = False
    args: tuple[str, ...] = ()


def write(name: str, content: bytes) -> Callable[[Path], None]:
    return lambda data_dir: (data_dir / "cld" / name).write_bytes(content)


CLD_HEADER_TEXT = cld_header_bytes().decode()
STOPS: dict[str, Stop] = {
    "windows-1252 file with undefined byte 0x81": Stop(undefined_byte(0x81), "byte 0x81"),
    "windows-1252 file with undefined byte 0x8d": Stop(undefined_byte(0x8D), "byte 0x8d"),
    "windows-1252 file with undefined byte 0x8f": Stop(undefined_byte(0x8F), "byte 0x8f"),
    "windows-1252 file with undefined byte 0x90": Stop(undefined_byte(0x90), "byte 0x90"),
    "windows-1252 file with undefined byte 0x9d": Stop(undefined_byte(0x9D), "byte 0x9d"),
    "undefined byte in the header": Stop(
        write("header.csv", b"LA\x81Code" + cld_header_bytes()[7:]), "cld/header.csv: byte 0x81"
    ),
    "binary file with an input's name": Stop(
        write("binary.csv", bytes(range(256)) * 8), "cld/binary.csv: a binary file"
    ),
    "workbook renamed .csv": Stop(
        write("book.csv", b"PK\x03\x04" + b"\x00" * 64), "cld/book.csv: a zip or Excel workbook"
    ),
    "old .xls renamed .csv": Stop(
        write("old.csv", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512),
        "cld/old.csv: an old-style .xls or password-protected workbook",
    ),
    "unreadable file (permissions)": Stop(
        unreadable_file, "cld/locked.csv: cannot be read (Permission denied)", True
    ),
    "cut-short .xlsx": Stop(
        lambda d: (
            one_sheet_workbook(d / "cld" / "cut.xlsx", ["a"], [["1"]]),
            (d / "cld" / "cut.xlsx").write_bytes((d / "cld" / "cut.xlsx").read_bytes()[:300]),
        ),
        "cld/cut.xlsx: unreadable workbook, cut short or damaged",
    ),
    ".xlsx whose sheet XML is cut short": Stop(
        lambda d: (
            one_sheet_workbook(d / "cld" / "cut.xlsx", ["LA Code"], [["716"]] * 50),
            cut_sheet_xml(d / "cld" / "cut.xlsx"),
        ),
        "cld/cut.xlsx: unreadable workbook, cut short or damaged",
    ),
    "password-protected workbook": Stop(
        write("locked.xlsx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512),
        "cld/locked.xlsx: password-protected workbook",
    ),
    "zip that is no workbook": Stop(
        write("notes.ods", b"not a zip at all"), "cld/notes.ods: unreadable workbook"
    ),
    "semicolon-delimited file": Stop(
        write("semi.csv", CLD_HEADER_TEXT.replace(",", ";").encode()),
        "cld/semi.csv: looks semicolon-delimited",
    ),
    "tab-delimited file": Stop(
        write("tabs.csv", CLD_HEADER_TEXT.replace(",", "\t").encode()),
        "cld/tabs.csv: looks tab-delimited",
    ),
    "unterminated quote (DuckDB's reason kept)": Stop(
        write("quote.csv", cld_header_bytes() + b'716,"943 000 1001,A1\n'),
        "unterminated quote",
    ),
    "row with extra columns (DuckDB's reason kept)": Stop(
        write("wide.csv", cld_header_bytes() + (",".join(cld_line()) + ",x,y\r\n").encode()),
        "cld/wide.csv: unreadable file (CSV Error on Line: 2",
    ),
    "empty file": Stop(write("empty.csv", b""), "cld/empty.csv: empty file"),
    "missing required column": Stop(
        write("narrow.csv", b"LA Code,NHS Number\n716,1\n"),
        "cld/narrow.csv: missing required column",
    ),
    "two headers that are one column": Stop(
        write("twice.csv", cld_header_bytes().rstrip() + b",la_code\r\n"),
        "are the same column once case, spaces and underscores are ignored",
    ),
    "parquet file that is not parquet": Stop(
        write("rows.parquet", b"PAR1 not really"), "cld/rows.parquet: unreadable Parquet file"
    ),
    "no pseudonymisation key for identifiers": Stop(
        no_key, "cld/ holds person identifiers: set ASCOF_PSEUDONYMISATION_KEY", True
    ),
    "official workbook with a text stratum population": Stop(
        ascs_text_stratum,
        "ascs/return.xlsx: 'Eligible Population' row 5, column B (Stratum 2 population): "
        "'n/a' is not a number",
    ),
    "validate writing to a full disk": Stop(full_disk, "no space left on the disk", True),
    "data folder with no recognised folder": Stop(
        lambda d: (shutil.rmtree(d / "cld"), (d / "returns").mkdir()),
        "no input files (expected folders",
    ),
    "data folder whose source folder holds no input file": Stop(
        lambda d: (shutil.rmtree(d / "cld"), (d / "cld").mkdir(), (d / "cld/a.txt").write_text("")),
        "no input files (expected folders",
    ),
    "unsupported year": Stop(
        lambda d: None, "year 2019-20 is not supported", args=("--year", "2019-20")
    ),
    "both a data folder and a source schema": Stop(
        lambda d: None, "one of the two", args=("--source-schema", "returns")
    ),
}


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASCOF_DUCKDB_PATH", str(tmp_path / "warehouse" / "ascof.duckdb"))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    return tmp_path


@pytest.mark.parametrize("kind", sorted(STOPS))
def test_a_bad_file_or_fault_stops_in_one_line(
    kind: str, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stop = STOPS[kind]
    data_dir = cld_dir(isolated)
    if stop.uses_monkeypatch:
        stop.make(data_dir, monkeypatch)
    else:
        stop.make(data_dir)
    out = isolated / "out"
    result = invoke("validate", "--data-dir", str(data_dir), "--out", str(out), *stop.args)
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ascof: error: ")
    assert stop.says in lines[0]
    # nothing written where the outputs go, nor a build in the warehouse
    assert not out.exists() or not any(out.iterdir())
    assert not (isolated / "warehouse" / "ascof.duckdb").exists()


def test_a_data_folder_lists_what_it_ignores(isolated: Path) -> None:
    from runner.load import load_inputs

    data_dir = cld_dir(isolated)
    (data_dir / "notes").mkdir()
    (data_dir / "readme.txt").write_text("hello")
    (data_dir / "cld" / "summary.docx").write_bytes(b"x")
    report = load_inputs(data_dir, isolated / "db.duckdb", "2023-24")
    assert sorted(path.name for path in report.ignored) == ["notes", "readme.txt", "summary.docx"]


def test_an_empty_data_folder_leaves_the_previous_load(isolated: Path) -> None:
    from runner.errors import UserError
    from runner.load import load_inputs

    data_dir = cld_dir(isolated)
    database = isolated / "db.duckdb"
    load_inputs(data_dir, database, "2023-24")
    before = query(database, "select count(*) from raw.cld__events")
    shutil.rmtree(data_dir / "cld")
    with pytest.raises(UserError, match="no input files"):
        load_inputs(data_dir, database, "2023-24")
    assert query(database, "select count(*) from raw.cld__events") == before


def test_no_clear_text_copy_outlives_a_load(isolated: Path) -> None:
    """A Windows-1252 file is read from a UTF-8 copy in the warehouse's scratch folder, never
    the system's temporary folder; a killed run's copy is removed by the next load."""
    from runner.load import load_inputs
    from runner.scratch import scratch_root

    data_dir = cld_dir(isolated)
    header, rows = cld_rows(CLD_716)
    rows[0][header.index("LA Person Unique Identifier")] = "Zoë"
    write_csv(data_dir / "cld" / "windows.csv", header, rows, encoding="cp1252")
    database = isolated / "db.duckdb"
    leftover = scratch_root(database) / "load" / "copy_of_a_killed_run.csv"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("A1,clear text")
    report = load_inputs(data_dir, database, "2023-24")
    assert {f.display_name: f.rows for f in report.files}["cld/windows.csv"] == len(rows)
    assert not scratch_root(database).exists()


# -- bad rows and values: counted rejections with their reasons -----------------------------------


@dataclass(frozen=True)
class Rejected:
    """A bad row or value: its file, row, and the rejection expected (scope, column, reason,
    and the value shown, None when not checked)."""

    file_name: str
    row: int
    scope: str
    column: str | None
    reason: str
    value: str | None = None


CLD_716_ROWS = len(cld_rows(CLD_716)[1])
# rows appended to council 716's file: (kind, changes); each a distinct person and event
CLD_CHANGES: list[tuple[str, dict[str, str]]] = [
    ("date of birth with a two-digit year", {"Date of Birth": "17/05/52"}),
    ("date of birth 'infinity'", {"Date of Birth": "infinity"}),
    ("date of birth 'epoch'", {"Date of Birth": "epoch"}),
    ("date of birth in the future", {"Date of Birth": "2031-02-01"}),
    ("date of birth before 1900", {"Date of Birth": "1850-02-01"}),
    ("date of death before birth", {"Date of Death": "1930-01-01"}),
    ("date of death 'infinity'", {"Date of Death": "infinity"}),
    ("event start 'infinity'", {"Event Start Date": "infinity"}),
    ("event start with a two-digit year", {"Event Start Date": "01/06/23"}),
    (
        "request before 2000",
        {"Event Type": "Request", "Event Start Date": "1999-05-01", "Event End Date": "2023-06-02"},
    ),
    ("service before 1900", {"Event Start Date": "1890-01-01", "Event End Date": ""}),
    ("NHS number typed into gender", {"Gender": "943 476 5919"}),
    ("postcode typed into accommodation", {"Accommodation Status": "SW1A 1AA"}),
    ("name typed into client type", {"Client Type": "John Smith"}),
    ("row naming another council", {"LA Code": "820"}),
]
CLD_EXPECTED: dict[str, Rejected] = {}
for number, (kind, _) in enumerate(CLD_CHANGES):
    row = CLD_716_ROWS + 2 + number
    name = f"cld/{CLD_716}"
    CLD_EXPECTED[kind] = {
        "date of birth with a two-digit year": Rejected(
            name, row, "value", "dateofbirth", "date of birth is not a date (age unknown)"
        ),
        "date of birth 'infinity'": Rejected(
            name, row, "value", "dateofbirth", "date of birth is not a date (age unknown)"
        ),
        "date of birth 'epoch'": Rejected(
            name, row, "value", "dateofbirth", "date of birth is not a date (age unknown)"
        ),
        "date of birth in the future": Rejected(
            name, row, "value", "dateofbirth", "date of birth in the future (age unknown)"
        ),
        "date of birth before 1900": Rejected(
            name, row, "value", "dateofbirth", "date of birth before 1900 (age unknown)"
        ),
        "date of death before birth": Rejected(
            name, row, "value", "dateofdeath", "date of death before the date of birth (ignored)"
        ),
        "date of death 'infinity'": Rejected(
            name, row, "value", "dateofdeath", "date of death is not a date (ignored)"
        ),
        "event start 'infinity'": Rejected(
            name, row, "row", "eventstartdate", "event start date is not a date", "infinity"
        ),
        "event start with a two-digit year": Rejected(
            name, row, "row", "eventstartdate", "event start date is not a date", "01/06/23"
        ),
        "request before 2000": Rejected(
            name, row, "row", "eventstartdate", "event start date before 2000 (not a service)"
        ),
        "service before 1900": Rejected(
            name, row, "row", "eventstartdate", "event start date before 1900", "1890-01-01"
        ),
        "NHS number typed into gender": Rejected(
            name, row, "value", "gender", UNMAPPED, "[10 digits]"
        ),
        "postcode typed into accommodation": Rejected(
            name, row, "value", "accommodationstatus", UNMAPPED, "[postcode]"
        ),
        "name typed into client type": Rejected(
            name, row, "value", "clienttype", UNMAPPED, "[text, 10 characters]"
        ),
        "row naming another council": Rejected(
            name,
            row,
            "row",
            "lacode",
            "council code differs from the rest of its file (each file is one council submission)",
            "820",
        ),
    }[kind]
CLD_820_ROWS = len(cld_rows(CLD_820)[1])
CLD_EXPECTED["event after its submission was made"] = Rejected(
    f"cld/{CLD_820}",
    CLD_820_ROWS + 2,
    "row",
    "eventstartdate",
    "event starts after its submission was made",
    "2024-06-01",
)
WORKBOOK_PART = "ascs/return.xlsx [Eligible Population]"
OTHER_EXPECTED = {
    "official workbook row naming another council": Rejected(
        "ascs/return.xlsx [Service User Data]",
        6,
        "row",
        "lacode",
        "council code differs from its workbook council (Sign Off Sheet cell E2)",
        "820",
    ),
    "official workbook with a blank stratum population": Rejected(
        WORKBOOK_PART, 4, "row", "stratum populations", BAD_POPULATION
    ),
}


def blank_and_thousands(sheet) -> None:  # type: ignore[no-untyped-def]
    """Table 3: Stratum 1's population typed as text '1,244', Stratum 3's left blank."""
    sheet["B4"] = "1,244"
    sheet["B6"] = None


def value_data_dir(root: Path) -> Path:
    data_dir = cld_dir(root)
    header, rows = cld_rows(CLD_716)
    for number, (_, changes) in enumerate(CLD_CHANGES):
        person = {
            "NHS Number": f"943 000 9{number:03d}",
            "LA Person Unique Identifier": f"V{number}",
            "Event Reference": f"V{number}",
        }
        rows.append(cld_line(**person, **changes))
    write_csv(data_dir / "cld" / CLD_716, header, rows)
    header, rows = cld_rows(CLD_820)
    late = dict(zip(header, rows[0], strict=True))
    late.update({"NHS Number": "943 000 2999", "Event Start Date": "2024-06-01"})
    rows.append([late[column] for column in header])
    write_csv(data_dir / "cld" / CLD_820, header, rows)
    ascs_workbook(data_dir / "ascs" / "return.xlsx", blank_and_thousands, third_council="820")
    write_csv(
        data_dir / "sace" / "eligible_population.csv", ["LaCode", "EligiblePop"], [["716", "50"]]
    )
    write_csv(data_dir / "sace" / "utf16.csv", SACE_HEADER, [SACE_ROW], encoding="utf-16")
    windows = [*SACE_ROW[:1], "9002", *SACE_ROW[2:]]
    write_csv(data_dir / "sace" / "windows £.csv", SACE_HEADER, [windows], encoding="cp1252")
    return data_dir


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `ascof validate` of the value kinds; its database (validate's own file)."""
    work = tmp_path_factory.mktemp("catalogue")
    data_dir = value_data_dir(work)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASCOF_DUCKDB_PATH", str(work / "ascof.duckdb"))
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        result = invoke("validate", "--data-dir", str(data_dir), "--out", str(work / "out"))
    assert result.exit_code == 0, result.output + result.stderr
    assert (work / "out" / "ascof_data_quality_2023_24.csv").is_file()
    assert not (work / "ascof.duckdb").exists(), "validate must not touch the warehouse"
    return work / "ascof.validate.duckdb"


ALL_EXPECTED = {**CLD_EXPECTED, **OTHER_EXPECTED}


@pytest.mark.parametrize("kind", sorted(ALL_EXPECTED))
def test_a_bad_row_or_value_is_a_counted_rejection(kind: str, validated: Path) -> None:
    expected = ALL_EXPECTED[kind]
    with duckdb.connect(str(validated), read_only=True) as connection:
        found = connection.execute(
            "select rejection_scope, column_name, rejection_reason, rejected_value "
            "from marts.data_quality_rejections where file_name = ? and source_row = ?",
            [expected.file_name, expected.row],
        ).fetchall()
    shown = [(scope, column, reason) for scope, column, reason, _ in found]
    assert (expected.scope, expected.column, expected.reason) in shown, found
    if expected.value is not None:
        values = {reason: value for _, _, reason, value in found}
        assert values[expected.reason] == expected.value


def test_every_file_balances(validated: Path) -> None:
    rows = query(
        validated,
        "select file_name, rows_read, rows_used, rows_rejected from marts.data_quality_summary",
    )
    assert len(rows) == 8  # three CLD files, the workbook's two parts, three SACE files
    for name, read, used, rejected in rows:
        assert read == used + rejected, name


def test_a_stray_row_never_becomes_a_submission_of_the_council_it_names(validated: Path) -> None:
    submissions = query(
        validated,
        "select source_file, is_selected from intermediate.int_cld__submissions "
        "where council_code = '820'",
    )
    assert submissions == [(f"cld/{CLD_820}", True)]


def test_utf16_and_windows_1252_files_are_read(validated: Path) -> None:
    rows = query(
        validated,
        "select file_name, rows_read, rows_used from marts.data_quality_summary "
        "where file_name like 'sace/%' and file_name != 'sace/eligible_population.csv'",
    )
    assert sorted(rows) == [("sace/utf16.csv", 1, 1), ("sace/windows £.csv", 1, 1)]


def test_a_text_stratum_population_is_the_number_it_shows(validated: Path) -> None:
    """'1,244' is read as 1244; the blank Stratum 3 population stays blank (the council's row is
    rejected) and its sample is not shifted into its place."""
    rows = query(
        validated,
        "select stratum1pop, stratum3pop, stratum3sample from raw.ascs__eligible_populations",
    )
    assert rows == [("1244", None, "7")]


def test_no_identifier_reaches_the_rejections_in_clear(validated: Path) -> None:
    values = {
        value
        for (value,) in query(validated, "select rejected_value from marts.data_quality_rejections")
    }
    assert not {"943 476 5919", "SW1A 1AA", "John Smith"} & values


def test_the_dates_of_a_kept_row_are_never_used_when_implausible(validated: Path) -> None:
    with duckdb.connect(str(validated), read_only=True) as connection:
        births = connection.execute(
            "select min(birth_month_date), max(birth_month_date) "
            "from intermediate.int_cld__event_rows"
        ).fetchone()
    assert births[0] is None or births[0].year >= 1900
    assert births[1] is None or births[1].year <= 2024
