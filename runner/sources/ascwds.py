"""ascwds/: Adult Social Care Workforce Data Set rows (establishments or councils) -> 6A."""

from __future__ import annotations

from runner.input_contract import Entity, Source

SOURCE = Source(
    folder="ascwds",
    title="Adult Social Care Workforce Data Set (Skills for Care)",
    enables=("6A",),
    entities=(
        Entity(
            source="ascwds",
            name="workplaces",
            description=(
                "ascwds/*.csv establishment or council rows with cssr (or lauthid), "
                "totalstaff and totalleavers"
            ),
            required_columns=("totalstaff", "totalleavers"),
            # the council is read from cssr, else lauthid: either may be absent from a file
            optional_columns=("cssr", "lauthid", "establishmentid"),
        ),
    ),
)
