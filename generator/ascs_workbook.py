"""Write one council's ASCS rows as the official data-return workbook (.xlsx).

Follows the template's structure as runner/workbooks.py reads it: council code in cell E2 of the
Sign Off Sheet; Service User Data with title rows, the template's long headers and derived
columns beyond CS; Eligible Population table 3. Used to show that an official return builds
without conversion.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

TEMPLATE_HEADERS = {
    "LaCode": "LA Code (auto)",
    "SerialNo": "Serial number / URN",
    "MethodCollection": "Method of collection",
    "Response": "Response",
    "Gender": "Gender",
    "Age": "Age (years)",
    "PrimarySupportReason": "Primary Support Reason",
    "SupportSetting": "Support setting",
    "MechOfDelivery": "Mechanism of delivery",
    "Questionnaire": "Questionnaire used",
}
# template columns the project does not read, kept so the sheet looks like a real return
UNREAD_HEADERS = ("Primary key (NHS use)", "Stratum (auto)", "Population in stratum (auto)")
FIRST_DERIVED_COLUMN = 98  # column CT: the template's own formulas start after CS


def sign_off_sheet(book: Workbook, council_code: str, council_name: str) -> None:
    sheet = book.create_sheet("Sign Off Sheet")
    sheet["A1"] = "Adult Social Care Survey 2023-24: sign off"
    sheet["A2"] = "Council code"
    sheet["E2"] = council_code
    sheet["A3"] = "Council name"
    sheet["E3"] = council_name


def service_user_sheet(book: Workbook, rows: pd.DataFrame) -> None:
    sheet = book.create_sheet("Service User Data")
    sheet.append(["Service User Data: one row per sampled person"])
    sheet.append([])
    answer_columns = [c for c in rows.columns if re.fullmatch(r"q[0-9]+[a-z]*", c.lower())]
    headers = [TEMPLATE_HEADERS[c] for c in TEMPLATE_HEADERS if c in rows.columns]
    headers = headers[:2] + list(UNREAD_HEADERS) + headers[2:]
    headers += [c.upper() for c in answer_columns]
    sheet.append(headers)
    for record in rows.itertuples(index=False):
        values = dict(zip(rows.columns, record, strict=True))
        line = [values[c] for c in TEMPLATE_HEADERS if c in rows.columns]
        line = line[:2] + ["", "", ""] + line[2:]
        line += [values[c] for c in answer_columns]
        sheet.append(["" if pd.isna(v) else v for v in line])
    # the template's derived formula columns: never read
    sheet.cell(row=3, column=FIRST_DERIVED_COLUMN, value="Stratum check (derived)")
    for _ in range(5):  # trailing empty rows, as the template has
        sheet.append([])


def eligible_population_sheet(book: Workbook, population: dict[str, int]) -> None:
    sheet = book.create_sheet("Eligible Population")
    sheet.append(["Eligible Population"])
    sheet.append(["Table 3: population and sample per stratum"])
    sheet.append(["", "Population", "Sample"])
    for stratum in range(1, 5):
        sheet.append(
            [
                f"Stratum {stratum}",
                population[f"stratum{stratum}Pop"],
                population[f"stratum{stratum}Sample"],
            ]
        )
    sheet.append(["New Stratum 2 for ASCOF 1J", population["stratum2Pop1J"]])
    sheet.append(["New Stratum 4 for ASCOF 1J", population["stratum4Pop1J"]])


def write_ascs_return(
    path: Path,
    council_code: str,
    council_name: str,
    respondents: pd.DataFrame,
    population: dict[str, int],
) -> None:
    """One council's respondent rows and eligible population as an official-layout workbook."""
    book = Workbook()
    book.active.title = "Contents"
    book["Contents"]["A1"] = "ASCS data return (synthetic)"
    sign_off_sheet(book, council_code, council_name)
    eligible_population_sheet(book, population)
    service_user_sheet(book, respondents.drop(columns=["LaCode"], errors="ignore"))
    book.save(path)
