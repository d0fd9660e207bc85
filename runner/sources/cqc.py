"""cqc/: the CQC "Latest ratings" Locations sheet (CSV, XLSX or ODS) -> 6B."""

from __future__ import annotations

from runner.input_contract import Entity, Source

SOURCE = Source(
    folder="cqc",
    title="CQC latest ratings (locations)",
    enables=("6B",),
    entities=(
        Entity(
            source="cqc",
            name="location_ratings",
            description=(
                "cqc/*.csv, .xlsx or .ods: the Locations sheet of CQC's Latest ratings file "
                "(Location ID, Care Home?, Location Type, Location Primary Inspection Category, "
                "Location Local Authority, Service / Population Group, Domain, Latest Rating, "
                "Publication Date)"
            ),
            required_columns=(
                "locationid",
                "carehome",
                "locationtype",
                "locationprimaryinspectioncategory",
                "locationlocalauthority",
                "servicepopulationgroup",
                "domain",
                "latestrating",
                "publicationdate",
            ),
            optional_columns=("locationname", "inheritedratingyn", "providerid"),
            sheet_names=("Locations",),
        ),
    ),
)
