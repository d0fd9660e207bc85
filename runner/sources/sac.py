"""sac/: the published Safeguarding Adults Collection CSV (one row per council and cell) -> 4B."""

from __future__ import annotations

from runner.input_contract import Entity, Source

SOURCE = Source(
    folder="sac",
    title="Safeguarding Adults Collection",
    enables=("4B",),
    entities=(
        Entity(
            source="sac",
            name="cells",
            description=(
                "sac/*.csv in the published SAC layout (GEOGRAPHY, COUNCIL_TYPE, REGION_CODE, "
                "REGION_NAME, ONS_CODE, LA_CODE, LA_NAME, TABLE_REFERENCE, ENQUIRY_TYPE, "
                "CATEGORY, SUBCATEGORY, VALUE)"
            ),
            required_columns=(
                "lacode",
                "tablereference",
                "enquirytype",
                "category",
                "subcategory",
                "value",
            ),
            optional_columns=(
                "geography",
                "counciltype",
                "regioncode",
                "regionname",
                "onscode",
                "laname",
            ),
        ),
    ),
)
