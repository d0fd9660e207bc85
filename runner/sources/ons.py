"""ONS mid-year population estimates: the denominators of 2B and 2C (admissions per 100,000).

The MYEB long layout (one row per local authority district, sex and single year of age, 90 meaning
90 and over) with the mid-2023 column; county councils are summed from their districts in dbt.
The wide MYE2 layout (Code, Name, Geography, All ages, 0 ... 90) is not read yet.
"""

from __future__ import annotations

from runner.input_contract import Entity, Source

SOURCE = Source(
    folder="ons",
    title="ONS mid-year population estimates",
    enables=("2B", "2C"),
    entities=(
        Entity(
            source="ons",
            name="populations",
            description="ons/*.csv MYEB long rows (ladcode23, laname23, sex, age, population_2023)",
            required_columns=("ladcode23", "sex", "age", "population2023"),
            optional_columns=("laname23",),
        ),
    ),
)
