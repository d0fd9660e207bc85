"""Official workbooks read without conversion: the ASCS data return (.xlsx) and ONS's MYE2
mid-year estimates (its Males and Females sheets; read_mye2_workbook, at the end).

The NHS template (sources.md 1.2) holds the council code in cell E2 of the Sign Off Sheet, one
row per sampled person in the Service User Data sheet (headers matched loosely, only the first
columns A..CS: later columns are the template's own formulas), and the stratum populations and
samples in table 3 of the Eligible Population sheet. The layout of table 3 is this project's
reading of the template (UNCERTAIN): rows labelled "Stratum 1" .. "Stratum 4" carry the
population then the sample; rows "New Stratum 2 for ASCOF 1J" and "New Stratum 4 for ASCOF 1J"
carry the 1B populations.

Every spreadsheet the loader reads (this workbook and any .xlsx or .ods in a source folder) is
read through Spreadsheet, below: each sheet as text exactly as pandas' read_excel(header=None,
dtype=str, keep_default_na=False) gave it with openpyxl (.xlsx) or odf (.ods).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from runner.errors import UserError
from runner.input_contract import Source, canonical_column_name

SIGN_OFF_SHEET = "Sign Off Sheet"
SERVICE_USER_SHEET = "Service User Data"
ELIGIBLE_POPULATION_SHEET = "Eligible Population"
OFFICIAL_SHEETS = (SIGN_OFF_SHEET, SERVICE_USER_SHEET, ELIGIBLE_POPULATION_SHEET)
# columns A..CS of Service User Data: everything after is derived by the template
SERVICE_USER_COLUMNS = 97

# canonical column -> test on the canonical header text, in order (the NHS loader's loose match)
HEADER_RULES: tuple[tuple[str, Any], ...] = (
    ("lacode", lambda h: h.startswith("lacode")),
    ("serialno", lambda h: "serial" in h),
    ("methodcollection", lambda h: "methodofcollection" in h or h == "methodcollection"),
    ("response", lambda h: h == "response" or h.startswith("responseto") or h == "responsecode"),
    ("gender", lambda h: h.startswith("gender")),
    ("age", lambda h: h == "age" or h.startswith("ageyears") or h.startswith("ageinyears")),
    ("primarysupportreason", lambda h: "primarysupportreason" in h),
    ("supportsetting", lambda h: "supportsetting" in h),
    ("mechofdelivery", lambda h: "mechanismofdelivery" in h or "mechofdelivery" in h),
    ("questionnaire", lambda h: "questionnaireused" in h or h == "questionnaire"),
)
QUESTION_HEADER = re.compile(r"(?:question)?(q?)([0-9]+[a-z]?)")
POPULATION_LABELS = {
    "stratum1": ("stratum1pop", "stratum1sample"),
    "stratum2": ("stratum2pop", "stratum2sample"),
    "stratum3": ("stratum3pop", "stratum3sample"),
    "stratum4": ("stratum4pop", "stratum4sample"),
    "newstratum2forascof1j": ("stratum2pop1j", None),
    "newstratum4forascof1j": ("stratum4pop1j", None),
}


def canonical_header(text: str) -> str | None:
    """The project's column for a Service User Data header, or None when it is not read."""
    header = canonical_column_name(text)
    if not header:
        return None
    for column, matches in HEADER_RULES:
        if matches(header):
            return column
    question = QUESTION_HEADER.fullmatch(header)
    if question and question.group(1):
        return "q" + question.group(2)
    return None


# -- every sheet as text ---------------------------------------------------------------------------
#
# An .xlsx is read with calamine (python-calamine: 2 s of CPU for an England-sized CQC ratings
# file, where openpyxl took 14 to 17 s) and each cell turned into the text openpyxl gave. What
# calamine reports differently sends the workbook to openpyxl, so the text is always openpyxl's:
#   - error cells (openpyxl NaN, calamine an empty string) and ISO-date cells (t="d": openpyxl
#     keeps a date-only value as "2024-03-31", calamine cannot tell it from a serial date)
#   - _xHHHH_ escapes in strings (openpyxl keeps them as written, calamine decodes them), and
#     text with leading or trailing whitespace not marked xml:space="preserve" (calamine strips
#     it, openpyxl keeps it; openpyxl writes a cell holding only spaces that way)
#   - times, durations and datetimes with fractions of a second (calamine shows a negative or
#     rounded-up serial as midnight, and rounds milliseconds differently)
#   - anything calamine cannot read (openpyxl then fails or not as it did)
# An .ods stays with odf (slow: 72 s of CPU for the same CQC file), whose text calamine does not
# always match: paragraphs joined with newlines, whole percentages and currency as "1" not "1.0",
# errors and #N/A empty or as written, booleans by value not by their displayed TRUE.
# One case differs and is left: a number formatted as a date beyond 31/12/9999 (Excel shows
# ####) is an error (NaN) in openpyxl and the number in calamine.

# in the workbook's XML, what calamine reads differently: error and ISO-date cells (worksheets),
# _xHHHH_ escapes, and text with leading or trailing whitespace but no xml:space="preserve"
# (calamine strips it). A copy with whitespace as spaces, ' as " and d as e is searched first
# (t="e" is then also t='d', "t> " any whitespace after a tag), then the expressions confirm.
HINT_FOLDING = bytes.maketrans(b"\t\r\n'd", b'   "e')
OPENPYXL_CELL_TYPE_HINT = b't="e"'
XLSX_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
UNPRESERVED_SPACE = re.compile(rb"<t>(?:[ \t\r\n]|[^<]*[ \t\r\n]</)")
PREFIXED_UNPRESERVED_SPACE = re.compile(rb"<\w+:t>(?:[ \t\r\n]|[^<]*[ \t\r\n]</)")


class CalamineTextError(Exception):
    """A value that calamine reports differently from openpyxl: read the workbook with openpyxl."""


def read_differently(xml: bytes, cells: bool) -> bool:
    """Whether this XML holds what calamine reads differently from openpyxl (see above)."""
    folded = xml.translate(HINT_FOLDING)
    if cells and OPENPYXL_CELL_TYPE_HINT in folded:
        return True
    if b"_x" in folded and XLSX_ESCAPE.search(xml):
        return True
    if b"t> " in folded or b" </" in folded:
        if UNPRESERVED_SPACE.search(xml):
            return True
        return b":t>" in xml and PREFIXED_UNPRESERVED_SPACE.search(xml) is not None
    return False


def needs_openpyxl(path: Path) -> bool:
    """Whether the .xlsx holds what calamine reads differently (or is not a readable zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                name = member.filename
                if not name.startswith("xl/") or not name.endswith(".xml"):
                    continue
                if name == "xl/styles.xml" or name.startswith("xl/theme/"):
                    continue
                cells = name.startswith("xl/worksheets/")
                tail = b""
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 22):
                        xml = tail + chunk
                        if read_differently(xml, cells):
                            return True
                        # the next piece repeats the last two tags: a <t>text</ cut here
                        cut = xml.rfind(b"<", 0, max(xml.rfind(b"<"), 0))
                        tail = xml[cut:] if cut >= 0 else xml
    except Exception:  # openpyxl reports the problem as it always has
        return True
    return False


def calamine_cell_text(value: Any) -> str:
    """openpyxl's text for a calamine cell that is not a string (pandas' rules for both)."""
    kind = type(value)
    if kind is float:
        whole = int(value)  # infinity raises here as it did in pandas' openpyxl reader
        return str(whole) if whole == value else str(value)
    if kind is dt.date:  # calamine's whole-day serial date; openpyxl's datetime at midnight
        return f"{value} 00:00:00"
    if kind is dt.datetime and not value.microsecond:
        return str(value)
    if kind is bool or kind is int:
        return str(value)
    raise CalamineTextError(kind.__name__)


def first_of_equal_values(rows: list[list[Any]], texts: list[list[str]]) -> None:
    """pandas' parser keeps the first of equal values in a column, and 1 == True, 0 == False: so
    with openpyxl a 1 below a TRUE read "True" and a FALSE below a 0 read "0". The same here."""
    columns = {j for row in rows for j, value in enumerate(row) if type(value) is bool}
    for j in columns:
        first: dict[int, str] = {}
        for row, line in zip(rows, texts, strict=True):
            value = row[j] if j < len(row) else None
            if type(value) in (bool, float) and value in (0, 1):
                line[j] = first.setdefault(int(value), line[j])


def calamine_text(sheet: Any) -> Any:
    """The sheet as pandas' openpyxl reader gave it: text, trailing empty rows and columns cut."""
    import pandas as pd

    rows = sheet.to_python(skip_empty_area=False)
    texts = [
        [value if type(value) is str else calamine_cell_text(value) for value in row]
        for row in rows
    ]
    if any(type(value) is bool for row in rows for value in row if type(value) is not str):
        first_of_equal_values(rows, texts)
    height = width = 0
    for number, line in enumerate(texts, 1):
        end = len(line)
        while end and line[end - 1] == "":
            end -= 1
        if end:
            height, width = number, max(width, end)
    if not height:
        return pd.DataFrame()
    return pd.DataFrame([line[:width] + [""] * (width - len(line)) for line in texts[:height]])


class Spreadsheet:
    """A workbook's sheet names, and each sheet as text (sheet_text)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.calamine: Any = None
        self.pandas: Any = None
        self.sheet_names: list[str] = []
        if path.suffix.lower() == ".xlsx" and not needs_openpyxl(path):
            try:
                from python_calamine import CalamineWorkbook, SheetTypeEnum

                book = CalamineWorkbook.from_path(str(path))
                self.sheet_names = [
                    sheet.name
                    for sheet in book.sheets_metadata
                    if sheet.typ == SheetTypeEnum.WorkSheet
                ]
                self.calamine = book
            except Exception:  # openpyxl reports the problem as it always has
                self.calamine = None
        if self.calamine is None:
            self.pandas = self.pandas_reader()
            self.sheet_names = self.pandas.sheet_names

    def pandas_reader(self) -> Any:
        import pandas as pd

        engine = "odf" if self.path.suffix.lower() == ".ods" else "openpyxl"
        return pd.ExcelFile(self.path, engine=engine)

    def sheet_text(self, name: str) -> Any:
        """Every cell of the sheet as text, columns 0, 1, ... (pandas' header=None)."""
        if self.calamine is not None:
            try:
                return calamine_text(self.calamine.get_sheet_by_name(name))
            except Exception:  # CalamineTextError, or calamine failed: openpyxl's text or error
                self.calamine = None
                self.pandas = self.pandas_reader()
        return self.pandas.parse(name, header=None, dtype=str, keep_default_na=False)


def table_below_header(
    frame: Any, required: set[str], column_name: Any = str
) -> tuple[list[str], Any, int] | None:
    """A sheet's table: the first row holding every required column (each cell read through
    column_name, then compared in canonical form) is the header; the data are the rows below it
    that are not blank, as columns c0, c1, ...; and the sheet row of the first of them. None
    when no row holds them all."""
    for index, row in frame.iterrows():
        header = [column_name(str(value)) for value in row]
        if required <= {canonical_column_name(name) for name in header}:
            data = frame.iloc[index + 1 :].reset_index(drop=True)
            data.columns = [f"c{i}" for i in range(len(header))]
            data = data[(data != "").any(axis=1)]
            # index + 2: sheet rows count from 1 and the data start below the header
            return header, data, int(index) + 2
    return None


def open_sheets(path: Path, display_name: str) -> Any:
    try:
        return Spreadsheet(path)
    except Exception as error:  # any reader failure is a problem with the user's file
        raise UserError(f"{display_name}: unreadable workbook ({error})") from None


def sheet(workbook: Any, name: str, display_name: str) -> Any:
    by_canonical = {canonical_column_name(n): n for n in workbook.sheet_names}
    found = by_canonical.get(canonical_column_name(name))
    if found is None:
        raise UserError(
            f"{display_name}: ASCS return workbook has no '{name}' sheet "
            f"(sheets: {', '.join(workbook.sheet_names)})"
        )
    return workbook.sheet_text(found)


def council_code(sign_off: Any, display_name: str) -> str:
    """Cell E2 of the Sign Off Sheet (row 2, column E)."""
    value = ""
    if sign_off.shape[0] >= 2 and sign_off.shape[1] >= 5:
        value = str(sign_off.iat[1, 4]).strip()
    if value.endswith(".0"):
        value = value[:-2]
    if not value:
        raise UserError(f"{display_name}: no council code in cell E2 of the '{SIGN_OFF_SHEET}'")
    return value


def service_user_header(frame: Any, display_name: str) -> tuple[int, list[str | None]]:
    """The first row naming both the serial number and the response, mapped to our columns."""
    for index, row in frame.iterrows():
        columns = [canonical_header(str(value)) for value in row]
        if "serialno" in columns and "response" in columns:
            return int(index), columns
    raise UserError(
        f"{display_name}: '{SERVICE_USER_SHEET}' has no header row with "
        "Serial number and Response columns"
    )


def service_user_part(frame: Any, code: str, display_name: str, source: Source) -> Any:
    from runner.load import FilePart

    frame = frame.iloc[:, :SERVICE_USER_COLUMNS]
    index, columns = service_user_header(frame, display_name)
    keep = [i for i, column in enumerate(columns) if column is not None]
    data = frame.iloc[index + 1 :, keep].reset_index(drop=True)
    header = [columns[i] for i in keep]
    data.columns = [f"c{i}" for i in range(len(header))]
    method = header.index("methodcollection") if "methodcollection" in header else None
    response = header.index("response")
    filled = data[f"c{response}"].str.strip() != ""
    if method is not None:
        filled |= data[f"c{method}"].str.strip() != ""
    # the template pads the sheet with empty rows: the last filled row ends the data
    last = filled[filled].index.max() if filled.any() else -1
    data = data.iloc[: last + 1]
    if "lacode" in header:
        la = f"c{header.index('lacode')}"
        data.loc[data[la].str.strip() == "", la] = code
    else:
        header.append("lacode")
        data[f"c{len(header) - 1}"] = code
    # the workbook is one council's return: a row naming another is rejected (int_ascs__respondents)
    header.append("workbookcouncil")
    data[f"c{len(header) - 1}"] = code
    entity = next(e for e in source.entities if e.name == "respondents")
    column_ref = [f"c{i}" for i in range(len(header))]
    return FilePart(
        entity,
        f"{display_name} [{SERVICE_USER_SHEET}]",
        header,
        column_ref,
        frame=data,
        first_data_line=int(index) + 2,
    )


def column_letter(position: int) -> str:
    """A sheet column's letter (0 -> A, 26 -> AA), as Excel shows it."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def population_columns(frame: Any) -> tuple[int, int] | None:
    """The positions of table 3's Population and Sample columns, from its header row."""
    for _, row in frame.iterrows():
        cells = [canonical_column_name(str(value)) for value in row]
        if "population" in cells and "sample" in cells:
            return cells.index("population"), cells.index("sample")
    return None


def population_cell(cells: list[str], position: int, where: str) -> str:
    """A table 3 cell as a whole number in text: blank stays blank (the row is rejected as
    missing), `1,244` is 1244; any other text stops the load naming the cell (`where`), never
    letting a neighbouring cell stand in for it."""
    text = cells[position].strip() if position < len(cells) else ""
    if text in ("", "nan"):
        return ""
    number = text.replace(",", "") if THOUSANDS.fullmatch(text) else text
    if not WHOLE_NUMBER.fullmatch(number):
        raise UserError(f"{where}: '{text}' is not a number")
    return number


THOUSANDS = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.0+)?")
WHOLE_NUMBER = re.compile(r"-?[0-9]+(\.0+)?")


def eligible_population_part(frame: Any, code: str, display_name: str, source: Source) -> Any:
    """Table 3: each stratum row's population and sample, read from the Population and Sample
    columns of its header (else the two cells right of the label), cell by cell."""
    import pandas as pd

    from runner.load import FilePart

    values: dict[str, str] = {"lacode": code}
    first_line = None
    columns = population_columns(frame)
    for index, row in frame.iterrows():
        cells = [str(value).strip() for value in row]
        labelled = [(i, canonical_column_name(cell)) for i, cell in enumerate(cells) if cell]
        if not labelled or labelled[0][1] not in POPULATION_LABELS:
            continue
        label_position = labelled[0][0]
        population_at, sample_at = columns or (label_position + 1, label_position + 2)
        population_column, sample_column = POPULATION_LABELS[labelled[0][1]]
        line = int(index) + 1
        for column, position, kind in (
            (population_column, population_at, "population"),
            (sample_column, sample_at, "sample"),
        ):
            if column is None:
                continue
            where = (
                f"{display_name}: '{ELIGIBLE_POPULATION_SHEET}' row {line}, column "
                f"{column_letter(position)} ({cells[label_position]} {kind})"
            )
            values[column] = population_cell(cells, position, where)
        first_line = first_line or line
    missing = [c for c, _ in POPULATION_LABELS.values() if c not in values]
    if missing:
        raise UserError(
            f"{display_name}: '{ELIGIBLE_POPULATION_SHEET}' table 3 has no row for "
            + ", ".join(missing)
        )
    header = list(values)
    data = pd.DataFrame(
        [[values[c] for c in header]], columns=[f"c{i}" for i in range(len(header))]
    )
    entity = next(e for e in source.entities if e.name == "eligible_populations")
    return FilePart(
        entity,
        f"{display_name} [{ELIGIBLE_POPULATION_SHEET}]",
        header,
        list(data.columns),
        frame=data,
        first_data_line=first_line or 1,
    )


def read_ascs_return(path: Path, display_name: str, source: Source) -> list | None:
    """The two tables of an official ASCS return workbook; None for any other spreadsheet."""
    if path.suffix.lower() != ".xlsx":
        return None
    workbook = open_sheets(path, display_name)
    present = {canonical_column_name(n) for n in workbook.sheet_names}
    if not present & {canonical_column_name(n) for n in OFFICIAL_SHEETS}:
        return None
    code = council_code(sheet(workbook, SIGN_OFF_SHEET, display_name), display_name)
    service_users = sheet(workbook, SERVICE_USER_SHEET, display_name)
    populations = sheet(workbook, ELIGIBLE_POPULATION_SHEET, display_name)
    return [
        service_user_part(service_users, code, display_name, source),
        eligible_population_part(populations, code, display_name, source),
    ]


# -- ONS MYE2 workbook ----------------------------------------------------------------------------

# sheet -> the sex its rows are given (the staging model reads male and female)
MYE2_SHEETS = {"MYE2 - Males": "male", "MYE2 - Females": "female"}
MYE2_AGE_HEADER = re.compile(r"\s*([0-9]{1,2})\s*\+?\s*")


def mye2_column(text: str) -> str:
    """A header cell of an MYE2 sheet as loaded: an age N (or N+) is the column ageN."""
    age = MYE2_AGE_HEADER.fullmatch(text)
    return f"age{int(age[1])}" if age else text


def read_mye2_workbook(path: Path, display_name: str, source: Source) -> list | None:
    """The Males and Females sheets of ONS's MYE2 workbook (one with a sheet named MYE2...);
    None for any other spreadsheet."""
    workbook = open_sheets(path, display_name)
    by_canonical = {canonical_column_name(name): name for name in workbook.sheet_names}
    if not any(name.startswith("mye2") for name in by_canonical):
        return None
    found = {name: by_canonical.get(canonical_column_name(name)) for name in MYE2_SHEETS}
    entity = next(e for e in source.entities if e.name == "wide_populations")
    parts = []
    for name, sex in MYE2_SHEETS.items():
        sheet_name = found[name]
        if sheet_name is None:
            raise UserError(
                f"{display_name}: MYE2 workbook has no '{name}' sheet "
                f"(sheets: {', '.join(workbook.sheet_names)})"
            )
        frame = workbook.sheet_text(sheet_name)
        parts.append(mye2_part(frame, sex, f"{display_name} [{sheet_name}]", entity))
    return parts


def mye2_part(frame: Any, sex: str, display_name: str, entity: Any) -> Any:
    """One MYE2 sheet below its header (the first row with Code and every age 0 to 90), each
    row given the sheet's sex."""
    from runner.load import FilePart

    table = table_below_header(frame, set(entity.required_columns) - {"sex"}, mye2_column)
    if table is None:
        raise UserError(f"{display_name}: no header row with Code and the ages 0 to 90")
    header, data, first_data_line = table
    data = data.copy()
    header.append("sex")
    data[f"c{len(header) - 1}"] = sex
    column_ref = [f"c{i}" for i in range(len(header))]
    return FilePart(
        entity, display_name, header, column_ref, frame=data, first_data_line=first_data_line
    )
