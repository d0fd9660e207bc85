"""House rules for the dbt project, checked on dbt's manifest (a dbt-project-evaluator substitute).

`dbt parse` runs once, into a temporary target path; each test lists every offender it finds.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import PROJECT_DIR, Built
from dbt.cli.main import dbtRunner

from runner.dbt_invoke import release_duckdb_connection

PROJECT_NAME = "ascof"
PRIMARY_KEY_TESTS = {"unique", "unique_combination_of_columns"}
# model_checks runs several of these checks in one data test; metric_output_checks is the metric
# models' bundle (tests/generic/). Each data test costs dbt ~45 ms however little it checks.
# relationships stay separate: they read a second model (see tests/generic/model_checks.sql).
COMBINED_TESTS = {"model_checks", "metric_output_checks"}
SINGLE_CHECK_TESTS = PRIMARY_KEY_TESTS | {
    "not_null",
    "accepted_values",
    "value_between",
    "numerator_not_above_denominator",
    "england_equals_sum_of_councils",
}
METRICS_FOLDER = ("models", "marts", "metrics")
METRIC_CATALOGUE = PROJECT_DIR / "seeds" / "reference" / "metric_catalogue.csv"

Node = dict[str, Any]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    target = tmp_path_factory.mktemp("parse_target")
    project = str(PROJECT_DIR)
    result = dbtRunner().invoke(
        [
            "parse",
            "--project-dir",
            project,
            "--profiles-dir",
            project,
            "--target-path",
            str(target),
            "--log-path",
            str(target),
            "--log-level",
            "none",
            "--no-partial-parse",
        ]
    )
    release_duckdb_connection()
    assert result.success, f"dbt parse failed: {result.exception}"
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def models(manifest: dict[str, Any]) -> list[Node]:
    found = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == PROJECT_NAME
    ]
    assert found, "the project has no models yet"
    return found


@pytest.fixture(scope="module")
def metric_codes() -> set[str]:
    """Catalogue codes that are not retired, as they appear in model names: 2E-ALL -> 2e_all."""
    with METRIC_CATALOGUE.open(encoding="utf-8", newline="") as handle:
        return {
            row["metric_code"].lower().replace("-", "_")
            for row in csv.DictReader(handle)
            if row["status"] != "retired"
        }


def folder_parts(model: Node) -> tuple[str, ...]:
    """models/staging/ascs/stg_ascs__x.sql -> ('models', 'staging', 'ascs')."""
    return PurePosixPath(model["original_file_path"]).parent.parts


def is_metric_model(model: Node) -> bool:
    return folder_parts(model)[: len(METRICS_FOLDER)] == METRICS_FOLDER


def test_every_model_and_yaml_column_has_a_description(models: list[Node]) -> None:
    undocumented = [model["name"] for model in models if not model["description"].strip()]
    undocumented += [
        f"{model['name']}.{column['name']}"
        for model in models
        for column in model["columns"].values()
        if not column["description"].strip()
    ]
    assert not undocumented, f"no description: {undocumented}"


def generic_tests(manifest: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(attached node id, generic test name, its arguments) for every generic data test."""
    return [
        (
            node.get("attached_node") or "",
            node["test_metadata"]["name"],
            node["test_metadata"]["kwargs"],
        )
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and node.get("test_metadata")
    ]


def checks_a_key(test_name: str, arguments: dict[str, Any]) -> bool:
    if test_name == "model_checks":
        return bool(arguments.get("unique_combination_of_columns") or arguments.get("unique"))
    return test_name in PRIMARY_KEY_TESTS or test_name == "metric_output_checks"


def test_every_model_has_a_primary_key_test(manifest: dict[str, Any], models: list[Node]) -> None:
    """Every model's key is tested: on the model, or (for a ten-million-row CLD view or ledger,
    where a test of its own would cost a full scan) on the model its meta `key_checked_in` names,
    whose rows carry the same key."""
    keyed = {
        attached
        for attached, test_name, arguments in generic_tests(manifest)
        if checks_a_key(test_name, arguments)
    }
    keyed_names = {unique_id.split(".")[-1] for unique_id in keyed}
    missing = [
        model["name"]
        for model in models
        if model["unique_id"] not in keyed
        and model["config"].get("meta", {}).get("key_checked_in") not in keyed_names
    ]
    assert not missing, (
        "no unique / unique_combination_of_columns test (alone or as a model_checks argument),"
        f" nor metric_output_checks, nor a keyed model named by meta key_checked_in: {missing}"
    )


def test_every_metric_model_is_checked_by_metric_output_checks(
    manifest: dict[str, Any], models: list[Node]
) -> None:
    """A metric model's data tests are one metric_output_checks: its arguments say what is
    particular to the metric (outcome bounds, proportion or not), the test the rest."""
    tests_by_model: dict[str, list[str]] = {}
    for attached, test_name, _ in generic_tests(manifest):
        tests_by_model.setdefault(attached, []).append(test_name)
    wrong = {
        model["name"]: tests_by_model.get(model["unique_id"], [])
        for model in models
        if is_metric_model(model)
        and tests_by_model.get(model["unique_id"], []) != ["metric_output_checks"]
    }
    assert not wrong, f"metric models whose data tests are not one metric_output_checks: {wrong}"


def test_a_models_checks_run_as_one_data_test(manifest: dict[str, Any]) -> None:
    """Two or more of a model's (or seed's) checks are one model_checks test, not one test each."""
    paths = {unique_id: node["original_file_path"] for unique_id, node in manifest["nodes"].items()}
    counts: dict[str, int] = {}
    for attached, test_name, _ in generic_tests(manifest):
        if test_name in SINGLE_CHECK_TESTS | COMBINED_TESTS:
            counts[attached] = counts.get(attached, 0) + 1
    split = sorted(paths.get(attached, attached) for attached, count in counts.items() if count > 1)
    assert not split, f"several data tests where one model_checks would do: {split}"


def naming_problem(model: Node, metric_codes: set[str]) -> str | None:
    """Why a model's name does not fit its folder, or None."""
    name = model["name"]
    parts = folder_parts(model)
    layer = parts[1] if len(parts) > 1 else ""
    if layer == "staging":
        if len(parts) < 3:
            return "staging models live in models/staging/<source>/"
        prefix = f"stg_{parts[2]}__"
        return None if name.startswith(prefix) else f"should start with {prefix}"
    if layer == "intermediate":
        return None if name.startswith("int_") else "should start with int_"
    if layer != "marts":
        return "models live under models/staging, models/intermediate or models/marts"
    if is_metric_model(model):
        # models/marts/metrics/ascof_3c1; a method's subfolder adds its name: salt/ascof_salt_2a
        prefix = "_".join(("ascof", *parts[len(METRICS_FOLDER) :])) + "_"
        code = name.removeprefix(prefix) if name.startswith(prefix) else None
        if code not in metric_codes:
            return f"metric models are named {prefix}<code> with a live catalogue code"
    if name.startswith(("stg_", "int_")):
        return "marts are not named stg_ or int_"
    return None


def test_model_names_follow_their_folder(models: list[Node], metric_codes: set[str]) -> None:
    problems = {
        model["original_file_path"]: problem
        for model in models
        if (problem := naming_problem(model, metric_codes))
    }
    assert not problems, problems


def test_every_metric_model_has_a_unit_test(manifest: dict[str, Any], models: list[Node]) -> None:
    metrics = [model for model in models if is_metric_model(model)]
    assert metrics, "no models under models/marts/metrics/"
    tested = {
        model_id
        for unit_test in manifest.get("unit_tests", {}).values()
        for model_id in unit_test["depends_on"]["nodes"]
    }
    untested = [model["name"] for model in metrics if model["unique_id"] not in tested]
    assert not untested, f"metric models without a unit test: {untested}"


def test_every_built_column_is_documented(
    docs_index: Path, built: Built, models: list[Node]
) -> None:
    """Columns the docs catalog found in the built tables must be in the models' YAML."""
    assert docs_index.is_file()
    catalog_path = built.workspace.target_path / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))["nodes"]
    assert catalog, "the docs catalog is empty: was the database built?"
    missing = []
    for model in models:
        built_columns = catalog.get(model["unique_id"], {}).get("columns", {})
        documented = {name.lower() for name in model["columns"]}
        missing += [
            f"{model['name']}.{column}"
            for column in built_columns
            if column.lower() not in documented
        ]
    assert not missing, f"{len(missing)} columns missing from YAML, e.g. {missing[:20]}"


def test_unit_test_names_fit_postgres_identifiers(manifest: dict[str, Any]) -> None:
    """dbt names a temporary relation after each unit test; PostgreSQL cuts identifiers at 63
    characters, so names stay short enough to leave room for dbt's suffixes."""
    too_long = [
        unit_test["name"]
        for unit_test in manifest.get("unit_tests", {}).values()
        if len(unit_test["name"]) > 50
    ]
    assert not too_long, too_long


# --- the docs cite only what ships with the project --------------------------------------------

# what a reader sees: the README, docs/ and the dbt docs site's text (the docs blocks and YAML of
# the models and seeds)
DOC_GLOBS = (
    "README.md",
    "docs/**/*.md",
    "models/**/*.md",
    "models/**/*.yml",
    "seeds/**/*.yml",
    "macros/**/*.yml",
    "dbt_project.yml",
)
# a cited document (some/path/file.md), a research folder (spec/..., reference/...), or anything
# reached by going up out of the project (../shared)
_CITED_FILE = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.md)\b")
_RESEARCH_PATH = re.compile(r"(?<![\w/.-])((?:spec|reference|shared)/[\w./-]*\w)")
_UP_AND_OUT = re.compile(r"(?<![\w/.-])(\.\./[\w./-]*)")


def doc_files() -> list[Path]:
    files = {path for pattern in DOC_GLOBS for path in PROJECT_DIR.glob(pattern)}
    return sorted(path for path in files if "target" not in path.relative_to(PROJECT_DIR).parts)


def cited_paths(text: str) -> set[str]:
    return {
        match[1]
        for pattern in (_CITED_FILE, _RESEARCH_PATH, _UP_AND_OUT)
        for match in pattern.finditer(text)
    }


def ships_with_the_project(cited: str, citing: Path) -> bool:
    """The cited path names a file or folder of the repository, from its root or the citing
    file's folder (a trailing section, docs/method.md#cld, is the file)."""
    path = cited.split("#")[0].rstrip(".")
    for base in (PROJECT_DIR, citing.parent):
        found = (base / path).resolve()
        if found.is_relative_to(PROJECT_DIR) and found.exists():
            return True
    return False


def test_the_docs_cite_only_files_that_ship_with_the_project() -> None:
    """A reader of the docs has only the repository: every cited document must be in it."""
    offenders = [
        f"{path.relative_to(PROJECT_DIR)}: {cited}"
        for path in doc_files()
        for cited in sorted(cited_paths(path.read_text(encoding="utf-8")))
        if not ships_with_the_project(cited, path)
    ]
    assert not offenders, "cites files outside the project:\n" + "\n".join(offenders)


def test_the_citation_check_catches_research_notes_and_paths_out_of_the_project() -> None:
    citing = PROJECT_DIR / "models" / "docs" / "overview.md"
    text = (
        "see reference/sources.md 3, `spec/interface.md`, ../shared/data/x.csv and "
        "docs/method.md#sac-metric-4b; files such as ascs/respondents.csv are examples"
    )
    cited = cited_paths(text)
    assert cited == {
        "reference/sources.md",
        "spec/interface.md",
        "../shared/data/x.csv",
        "docs/method.md",
    }, cited
    assert [c for c in sorted(cited) if not ships_with_the_project(c, citing)] == [
        "../shared/data/x.csv",
        "reference/sources.md",
        "spec/interface.md",
    ]
