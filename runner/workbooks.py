"""The official ASCS data-return workbook (.xlsx), read without conversion.

The NHS template (sources.md 1.2) holds the council code in cell E2 of the Sign Off Sheet, one
row per sampled person in the Service User Data sheet (headers matched loosely, only the first
columns A..CS: later columns are the template's own formulas), and the stratum populations and
samples in table 3 of the Eligible Population sheet. The layout of table 3 is this project's
reading of the template (UNCERTAIN): rows labelled "Stratum 1" .. "Stratum 4" carry the
population then the sample; rows "New Stratum 2 for ASCOF 1J" and "New Stratum 4 for ASCOF 1J"
carry the 1B populations.
"""

from __future__ import annotations

import re
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


def open_sheets(path: Path, display_name: str) -> Any:
    import pandas as pd

    try:
        return pd.ExcelFile(path, engine="openpyxl")
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
    return workbook.parse(found, header=None, dtype=str, keep_default_na=False)


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


def eligible_population_part(frame: Any, code: str, display_name: str, source: Source) -> Any:
    import pandas as pd

    from runner.load import FilePart

    values: dict[str, str] = {"lacode": code}
    first_line = None
    for index, row in frame.iterrows():
        cells = [str(value).strip() for value in row]
        labels = [canonical_column_name(cell) for cell in cells if cell]
        if not labels or labels[0] not in POPULATION_LABELS:
            continue
        numbers = [cell for cell in cells[1:] if re.fullmatch(r"-?[0-9]+(\.0+)?", cell)]
        population_column, sample_column = POPULATION_LABELS[labels[0]]
        values[population_column] = numbers[0] if numbers else ""
        if sample_column:
            values[sample_column] = numbers[1] if len(numbers) > 1 else ""
        first_line = first_line or int(index) + 1
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
