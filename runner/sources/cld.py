"""Adult Social Care Client Level Data (CLD): one file per council submission, one row per event.

Columns are the CLD specification's (cld_official.md 2.2) that the DHSC ASCOF method reads.
NHS Number and LA Person Unique Identifier are pseudonymised by the loader (keyed hash) and the
Date of Birth is kept as year and month only, as DHSC receives it. A submission is identified by
its file name; a `submitted_at` or `ImportDate` column, where present, orders submissions instead.
"""

from __future__ import annotations

from runner.input_contract import Entity, Source

SOURCE = Source(
    folder="cld",
    title="Adult Social Care Client Level Data",
    enables=("2A", "2B", "2C", "2D", "2E", "2E-ALL", "3D1A", "3D1B", "3D2A", "3D2B"),
    entities=(
        Entity(
            source="cld",
            name="events",
            description="cld/*.csv CLD submissions (one row per request, assessment, service "
            "or review event)",
            required_columns=(
                "lacode",
                "nhsnumber",
                "lapersonuniqueidentifier",
                "gender",
                "dateofbirth",
                "dateofdeath",
                "clienttype",
                "primarysupportreason",
                "accommodationstatus",
                "eventtype",
                "eventstartdate",
                "eventenddate",
                "eventoutcome",
                "requestrouteofaccess",
                "assessmenttype",
                "servicetype",
                "servicecomponent",
                "deliverymechanism",
                "reportingperiodstartdate",
                "reportingperiodenddate",
            ),
            optional_columns=("submittedat", "importdate"),
            submission_columns=("submittedat", "importdate"),
            pseudonymised_columns=("nhsnumber", "lapersonuniqueidentifier"),
            month_only_columns=("dateofbirth",),
        ),
    ),
)
