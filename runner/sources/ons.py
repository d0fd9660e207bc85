"""ONS mid-year population estimates: the denominators of 2B and 2C (admissions per 100,000).

Either layout of the mid-year estimates of the framework year's ONS estimate year (seed
framework_years: mid-2023 for 2023-24, mid-2024 for 2024-25):
- MYEB long rows (a CSV file or a sheet): one local authority district, sex and single year of
  age per row, 90 meaning 90 and over; county councils are summed from their districts in dbt;
- the MYE2 workbook (.xlsx or .ods) as ONS publishes it: its "MYE2 - Males" and "MYE2 - Females"
  sheets, one area per row (Code, Name, Geography, All ages, then a column per age 0 ... 90),
  read by runner.workbooks.read_mye2_workbook. It lists counties beside their districts, and
  regions and countries too; dbt uses a county's own row and rejects the rest.
"""

from __future__ import annotations

from pathlib import Path

from runner.input_contract import SEEDS, Entity, Source


def oldest_age() -> int:
    """The oldest single year of age, which also stands for everyone older: dbt's var
    ons_oldest_age (dbt_project.yml), read here too so that the loader asks the MYE2 workbook
    for the age columns the models unpivot."""
    import yaml

    project = yaml.safe_load((SEEDS.parent / "dbt_project.yml").read_text(encoding="utf-8"))
    return int(project["vars"]["ons_oldest_age"])


MYE2_AGES = tuple(f"age{age}" for age in range(oldest_age() + 1))


def read_mye2_workbook(path: Path, display_name: str, source: Source) -> list | None:
    from runner.workbooks import read_mye2_workbook as read

    return read(path, display_name, source)


SOURCE = Source(
    folder="ons",
    title="ONS mid-year population estimates",
    enables=("2B", "2C"),
    workbook_reader=read_mye2_workbook,
    entities=(
        Entity(
            source="ons",
            name="populations",
            description=(
                "ons/*.csv MYEB long rows (ladcode23, laname23, sex, age, population_YYYY: the "
                "mid-year estimate of the framework year, population_2024 for 2024-25)"
            ),
            required_columns=("ladcode23", "sex", "age", "population{ons_estimate_year}"),
            optional_columns=("laname23",),
        ),
        Entity(
            source="ons",
            name="wide_populations",
            description=(
                "ons/*.xlsx ONS's MYE2 workbook (sheets MYE2 - Males and MYE2 - Females: Code, "
                "Name, Geography, All ages, 0 ... 90)"
            ),
            # sex is the sheet's, added by the reader; an age column N is read as ageN
            required_columns=("code", "sex", *MYE2_AGES),
            optional_columns=("name", "geography", "allages"),
            alternative_to="populations",
        ),
    ),
)
