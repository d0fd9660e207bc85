"""Where things are and how dbt is called: project dir, database file, target path, dbt args."""

from __future__ import annotations

import enum
import importlib.util
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import click

from runner.errors import UserError
from runner.input_contract import default_year, supported_years

# The reporting years are the rows of the framework_years seed (input_contract.supported_years);
# the default is the row marked is_default there.
DEFAULT_YEAR = default_year()

# Warehouses the runner builds in (profiles.yml has one target each); DuckDB is the default.
# spark runs in this process (pyspark), spark_thrift is a Spark cluster's Thrift server, sqlserver
# is SQL Server or Azure SQL (checked offline only: `make check-sqlserver`).
TARGETS = ("duckdb", "postgres", "spark", "spark_thrift", "sqlserver")
WORKING_TARGETS = TARGETS
# The default install holds DuckDB only; the other warehouses are extras of the package, each
# needing these modules (the dbt adapter and the client the runner copies the inputs with):
# target -> (extra, modules).
TARGET_EXTRAS = {
    "postgres": ("postgres", ("dbt.adapters.postgres", "psycopg2")),
    "spark": ("spark", ("dbt.adapters.spark", "pyspark")),
    "spark_thrift": ("spark-cluster", ("dbt.adapters.spark", "pyhive")),
    "sqlserver": ("sqlserver", ("dbt.adapters.sqlserver", "mssql_python")),
}

MARTS_SCHEMA = "marts"
DATABASE_ENV = "ASCOF_DUCKDB_PATH"
TARGET_PATH_ENV = "DBT_TARGET_PATH"

_YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class Verbosity(enum.Enum):
    QUIET = "quiet"
    NORMAL = "normal"
    VERBOSE = "verbose"

    @classmethod
    def from_flag(cls, quiet: bool | None) -> Verbosity:
        """Map the `--quiet/--verbose` flag (None when neither was given) to a level."""
        if quiet is None:
            return cls.NORMAL
        return cls.QUIET if quiet else cls.VERBOSE


@dataclass(frozen=True)
class Settings:
    """The global options resolved for one command: where the project, profile and files are."""

    project_dir: Path
    profiles_dir: Path
    target: str = "duckdb"
    threads: int | None = None
    verbosity: Verbosity = Verbosity.NORMAL

    @property
    def quiet(self) -> bool:
        return self.verbosity is Verbosity.QUIET

    @property
    def verbose(self) -> bool:
        return self.verbosity is Verbosity.VERBOSE

    @property
    def target_path(self) -> Path:
        """dbt's target folder: DBT_TARGET_PATH (relative to the project) or <project>/target."""
        return configured_target_path(self.project_dir) or (self.project_dir / "target")

    @property
    def database_path(self) -> Path:
        """The local DuckDB file: ASCOF_DUCKDB_PATH (relative to the current dir) or the default.

        For DuckDB it is the warehouse itself. For PostgreSQL and Spark it is where the loader
        reads the input files and where the built marts are mirrored for export and reports.
        """
        configured = os.environ.get(DATABASE_ENV)
        if configured:
            return _absolute(Path(configured), Path.cwd())
        name = "ascof.duckdb" if self.target == "duckdb" else f"ascof_{self.target}.duckdb"
        return self.project_dir / "target" / name


@dataclass(frozen=True)
class GlobalOptions:
    """The group's options as given; commands turn them into Settings when they need them.

    Resolving lazily keeps `ascof <command> --help` and `ascof generate` working outside a
    dbt project.
    """

    project_dir: Path | None = None
    profiles_dir: Path | None = None
    target: str | None = None
    threads: int | None = None
    verbosity: Verbosity = Verbosity.NORMAL

    def settings(self, target: str | None = None, needs_project: bool = True) -> Settings:
        """Settings for a command; `target` is the command's own --target, which wins."""
        if needs_project:
            project_dir = resolve_project_dir(self.project_dir)
        else:
            project_dir = (self.project_dir or default_project_dir()).expanduser().resolve()
        profiles_dir = (self.profiles_dir or project_dir).expanduser().resolve()
        chosen = target or self.target or os.environ.get("ASCOF_TARGET") or WORKING_TARGETS[0]
        return Settings(
            project_dir=project_dir,
            profiles_dir=profiles_dir,
            target=check_target(chosen),
            threads=self.threads,
            verbosity=self.verbosity,
        )


pass_options = click.make_pass_decorator(GlobalOptions, ensure=True)


def _absolute(path: Path, base: Path) -> Path:
    path = path.expanduser()
    return (path if path.is_absolute() else base / path).resolve()


def configured_target_path(project_dir: Path) -> Path | None:
    """DBT_TARGET_PATH as dbt reads it (relative to the project), or None when it is not set."""
    configured = os.environ.get(TARGET_PATH_ENV)
    return _absolute(Path(configured), project_dir) if configured else None


def default_project_dir() -> Path:
    """The repository root: the folder holding the `runner` package."""
    return Path(__file__).resolve().parent.parent


def resolve_project_dir(explicit: Path | None) -> Path:
    project_dir = (explicit or default_project_dir()).expanduser().resolve()
    if not (project_dir / "dbt_project.yml").is_file():
        raise UserError(f"{project_dir}: no dbt_project.yml here; pass --project-dir")
    return project_dir


def check_target(target: str) -> str:
    if target not in WORKING_TARGETS:
        raise UserError(
            f"target '{target}' is not available yet; use --target " + " or ".join(WORKING_TARGETS)
        )
    check_extra_installed(target)
    return target


def _module_installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


def check_extra_installed(target: str) -> None:
    """One line naming the extra to install when a warehouse's packages are missing."""
    extra, modules = TARGET_EXTRAS.get(target, (target, ()))
    missing = [name for name in modules if not _module_installed(name)]
    if missing:
        raise UserError(
            f"--target {target} needs the '{extra}' extra ({', '.join(missing)} not installed): "
            f"pip install 'ascof[{extra}]', or pip install -e '.[{extra}]' in the project folder"
        )


def check_year(year: str) -> str:
    """Accept a survey year such as 2023-24 that the project supports."""
    match = _YEAR_PATTERN.match(year)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise UserError(f"year '{year}' is not a financial year like {DEFAULT_YEAR}")
    supported = supported_years()
    if year not in supported:
        raise UserError(f"year {year} is not supported; supported: {', '.join(supported)}")
    return year


def year_suffix(year: str) -> str:
    """2023-24 -> 2023_24, as used in export file names."""
    return year.replace("-", "_")


def use_database(settings: Settings) -> Path:
    """Pin ASCOF_DUCKDB_PATH to an absolute path so dbt, the loader and exports agree."""
    database = settings.database_path
    os.environ[DATABASE_ENV] = str(database)
    return database


def dbt_vars(year: str) -> dict[str, str]:
    """The vars every command passes to dbt. Only what a model reads, and the same for every
    command: dbt parses the whole project again when the vars change, so a value that differs
    per run (the data folder) would cost `ascof docs` and `dbt` a full parse after each build."""
    return {"survey_year": year}


def dbt_args(settings: Settings, command: list[str], variables: dict[str, str]) -> list[str]:
    """The argument list for dbtRunner.invoke: the command plus the project-wide options."""
    project = str(settings.project_dir)
    args = [
        *command,
        "--project-dir",
        project,
        "--profiles-dir",
        str(settings.profiles_dir),
        "--target",
        settings.target,
        "--vars",
        json.dumps(variables),
    ]
    if settings.threads is not None:
        args += ["--threads", str(settings.threads)]
    return args
