"""salt/: Short and Long Term support (SALT) 2023-24 tables, one tidy row per cell -> activity."""

from __future__ import annotations

from runner.input_contract import Entity, Source

SOURCE = Source(
    folder="salt",
    title="Short and Long Term support return (SALT), SALT method",
    enables=("2A", "2B", "2C", "2D1", "2D2", "2E", "3D1A", "3D1B", "3D2A", "3D2B"),
    entities=(
        Entity(
            source="salt",
            name="cells",
            description=(
                "salt/*.csv one row per SALT cell: LA_CODE, TABLE_REFERENCE (e.g. "
                "'STS001 Table 1b'), ROW_LABEL, COLUMN_LABEL, VALUE; STS004 by age band and sex "
                "(ROW_LABEL '65-74 Male'), and 2D2's HES discharges as TABLE_REFERENCE 'HES' "
                "(ROW_LABEL '65-74' ... 'Total 65 and over', COLUMN_LABEL 'Male'/'Female')"
            ),
            required_columns=("lacode", "tablereference", "rowlabel", "columnlabel", "value"),
        ),
    ),
)
