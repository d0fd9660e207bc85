"""What the project reads from a data directory: folders, entities, required columns.

Column names are compared in their canonical form (lower case, letters and digits only), so
``LaCode``, ``La Code`` and ``la_code`` are the same column. Survey question columns are taken
from the survey layout seed for the reporting year, so a renumbered questionnaire is one seed edit.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
QUESTION_COLUMN = re.compile(r"q[0-9]+[a-z]*")


def canonical_column_name(header: str) -> str:
    """The header as matched: lower case with spaces, underscores and punctuation removed."""
    return re.sub(r"[^0-9a-z]", "", header.strip().lower())


@dataclass(frozen=True)
class Entity:
    """One kind of file inside a source folder, loaded into one raw table."""

    source: str
    name: str
    description: str
    required_columns: tuple[str, ...]
    optional_columns: tuple[str, ...] = ()
    keeps_question_columns: bool = False
    # files whose name starts with this prefix hold this entity; None marks the folder's default
    file_prefix: str | None = None
    # spreadsheets (.xlsx, .ods): the sheet to read, by any of these names (else the first sheet);
    # the header is the first row holding every required column
    sheet_names: tuple[str, ...] = ()
    # person identifiers: replaced by a keyed hash in the loader (runner/privacy.py)
    pseudonymised_columns: tuple[str, ...] = ()
    # dates kept only as YYYY-MM (a date of birth), also in the loader
    month_only_columns: tuple[str, ...] = ()
    # another entity's name when this one is a second layout of the same rows: the folder needs
    # files of one or the other (ONS's wide MYE2 workbook or its long MYEB rows)
    alternative_to: str | None = None
    # columns stating when a submission was made, the first set one winning: a warehouse table
    # holding several submissions is read as one part per stated value (runner.source_tables)
    submission_columns: tuple[str, ...] = ()

    @property
    def raw_table(self) -> str:
        return f"{self.source}__{self.name}"

    @property
    def table_name(self) -> str:
        """The warehouse table that holds this entity for `--source-schema`: its source's folder,
        then its name (cld_events, ascs_respondents; runner.source_tables)."""
        return f"{self.source}_{self.name}"


@dataclass(frozen=True)
class Source:
    """A folder of the data directory and the metrics it enables."""

    folder: str
    title: str
    enables: tuple[str, ...]
    entities: tuple[Entity, ...] = field(default_factory=tuple)
    # reads an official workbook into parts (runner.load.FilePart), or None when it is not one
    workbook_reader: Callable[..., list | None] | None = None

    @property
    def needed_entities(self) -> tuple[Entity, ...]:
        """The entities a folder with files must hold (an alternative layout stands in for its
        entity)."""
        return tuple(entity for entity in self.entities if entity.alternative_to is None)

    def layouts(self, entity: Entity) -> tuple[Entity, ...]:
        """The entity, then the entities that are other layouts of its rows."""
        others = (other for other in self.entities if other.alternative_to == entity.name)
        return (entity, *others)

    @property
    def is_survey(self) -> bool:
        """Surveys have question columns numbered per survey year (the layout seed)."""
        return any(entity.keeps_question_columns for entity in self.entities)

    def for_year(self, year: str) -> Source:
        """The source as read for a framework year: a column named with a year placeholder
        ({ons_estimate_year}) takes that year's value (ONS's population_2024 for 2024-25)."""
        config = framework_year(year)
        entities = tuple(
            dataclasses.replace(
                entity,
                required_columns=tuple(
                    column.format(ons_estimate_year=config.ons_estimate_year)
                    for column in entity.required_columns
                ),
            )
            for entity in self.entities
        )
        return dataclasses.replace(self, entities=entities)

    def entity_for(self, file_name: str) -> Entity:
        """The entity whose file_prefix starts the file name, else the folder's default entity."""
        lowered = file_name.lower()
        for entity in self.entities:
            if entity.file_prefix and lowered.startswith(entity.file_prefix):
                return entity
        return next(entity for entity in self.entities if entity.file_prefix is None)


def survey_question_columns(survey: str, year: str) -> dict[str, str]:
    """Required question column -> meaning for one survey and framework year, from the layout
    seed (the layout year framework_years gives the survey; none when it was not run)."""
    layout_year = framework_year(year).survey_layout_years.get(survey, year)
    layout_file = SEEDS / "config" / "survey_question_layouts.csv"
    with layout_file.open(encoding="utf-8") as handle:
        return {
            row["question_column"]: row["meaning"]
            for row in csv.DictReader(handle)
            if row["survey"] == survey
            and row["survey_year"] == layout_year
            and row["is_required"] == "true"
        }


FRAMEWORK_YEARS = SEEDS / "config" / "framework_years.csv"


@dataclass(frozen=True)
class FrameworkYear:
    """One ASCOF framework year as the seed framework_years configures it."""

    year: str
    reporting_period_start: str
    reporting_period_end: str
    # the ONS mid-year estimate the per-100,000 rates divide by (mid-2024 for 2024-25)
    ons_estimate_year: int
    # the survey_question_layouts year of each survey run for this framework year; a survey not
    # run that year (SACE is biennial: not in 2024-25) has none
    survey_layout_years: dict[str, str]
    # salt_else_cld (2023-24: SALT where supplied, else CLD) or cld (from 2024-25)
    activity_method: str
    is_default: bool

    @property
    def ons_population_column(self) -> str:
        """The MYEB column holding this year's estimate: population_2024, canonical."""
        return f"population{self.ons_estimate_year}"

    def runs_survey(self, survey: str) -> bool:
        return bool(self.survey_layout_years.get(survey))

    def uses_source(self, folder: str) -> bool:
        """Whether the year's measures read the folder: not sace/ in a year SACE was not run,
        not salt/ once the activity measures come from Client Level Data alone."""
        if folder == "sace":
            return self.runs_survey("sace")
        if folder == "salt":
            return self.activity_method != "cld"
        return True


def framework_years() -> dict[str, FrameworkYear]:
    """Every framework year of the seed framework_years, by year, oldest first."""
    with FRAMEWORK_YEARS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["framework_year"]: FrameworkYear(
            year=row["framework_year"],
            reporting_period_start=row["reporting_period_start"],
            reporting_period_end=row["reporting_period_end"],
            ons_estimate_year=int(row["ons_estimate_year"]),
            survey_layout_years={"ascs": row["ascs_layout_year"], "sace": row["sace_layout_year"]},
            activity_method=row["activity_method"],
            is_default=row["is_default"] == "true",
        )
        for row in sorted(rows, key=lambda row: row["framework_year"])
    }


def framework_year(year: str) -> FrameworkYear:
    """The configuration of one framework year (check_year has accepted it)."""
    return framework_years()[year]


def measures_not_available(year: str) -> list[tuple[str, str]]:
    """(measure codes, reason) of the year's measures the project cannot compute yet
    (framework_measures status not_available: 2024-25's 2D1 and 2D2, from hospital discharges),
    one entry per reason."""
    with (SEEDS / "config" / "framework_measures.csv").open(encoding="utf-8") as handle:
        rows = [
            row
            for row in csv.DictReader(handle)
            if row["framework_year"] == year and row["publication_status"] == "not_available"
        ]
    reasons: dict[str, list[str]] = {}
    for row in rows:
        reasons.setdefault(row["status_reason"], []).append(row["measure_group"])
    return [(", ".join(codes), reason) for reason, codes in reasons.items()]


def supported_years() -> tuple[str, ...]:
    """The reporting years the project builds, oldest first: the rows of the framework_years
    seed. Adding a year is adding its row there, its survey layouts and its measures
    (framework_measures); nothing else lists the years."""
    return tuple(framework_years())


def default_year() -> str:
    """The year a command uses without --year: the seed's is_default row."""
    return next(year for year, config in framework_years().items() if config.is_default)


def read_ascs_workbook(path: Path, display_name: str, source: Source) -> list | None:
    from runner.workbooks import read_ascs_return

    return read_ascs_return(path, display_name, source)


ASCS = Source(
    folder="ascs",
    title="Adult Social Care Survey",
    enables=("1A", "1B", "1D", "3A", "3C1", "4A", "5A1"),
    workbook_reader=read_ascs_workbook,
    entities=(
        Entity(
            source="ascs",
            name="respondents",
            description="ascs/*.csv service user rows (respondents and non-respondents)",
            required_columns=(
                "lacode",
                "serialno",
                "response",
                "gender",
                "age",
                "primarysupportreason",
                "supportsetting",
                "questionnaire",
            ),
            # workbookcouncil: the council of an official return workbook (cell E2 of its Sign
            # Off Sheet), set by the loader; a row naming another council is rejected
            optional_columns=("methodcollection", "mechofdelivery", "workbookcouncil"),
            keeps_question_columns=True,
        ),
        Entity(
            source="ascs",
            name="eligible_populations",
            description="ascs/eligible_population*.csv stratum populations and samples",
            required_columns=(
                "lacode",
                "stratum1pop",
                "stratum2pop",
                "stratum3pop",
                "stratum4pop",
                "stratum2pop1j",
                "stratum4pop1j",
            ),
            file_prefix="eligible_population",
            optional_columns=(
                "stratum1sample",
                "stratum2sample",
                "stratum3sample",
                "stratum4sample",
            ),
        ),
    ),
)

SACE = Source(
    folder="sace",
    title="Survey of Adult Carers in England",
    enables=("1C", "1E", "3B", "3C2", "5A2"),
    entities=(
        Entity(
            source="sace",
            name="respondents",
            description="sace/*.csv carer rows (respondents and non-respondents)",
            required_columns=("lacode", "serialno", "response", "gender", "age"),
            keeps_question_columns=True,
        ),
        Entity(
            source="sace",
            name="eligible_populations",
            description="sace/eligible_population*.csv eligible carers and sample per council",
            required_columns=("lacode", "eligiblepop"),
            optional_columns=("sample",),
            file_prefix="eligible_population",
        ),
    ),
)


def plugged_in_sources() -> tuple[Source, ...]:
    """The SOURCE of every module in runner/sources/, in module-name order."""
    import importlib
    import pkgutil

    from runner import sources

    found = []
    for module_info in sorted(pkgutil.iter_modules(sources.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"runner.sources.{module_info.name}")
        found.append(module.SOURCE)
    return tuple(found)


SOURCES: tuple[Source, ...] = (ASCS, SACE, *plugged_in_sources())
