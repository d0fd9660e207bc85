"""A build loads a seed only when its CSV file or configuration changed since it was last loaded
into the same warehouse (runner/unchanged_seeds.py); what is built from a changed seed is rebuilt.

Runs on a copy of the project (the test edits a seed) with a small --select: the councils and
regions seeds and the geography model built from them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, invoke, query

from runner.privacy import SYNTHETIC_MARKER
from runner.unchanged_seeds import record_path

SELECTOR = "+int_geography_rollup"


def copy_project(destination: Path) -> Path:
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(PROJECT_DIR / name, destination / name)
    for folder in ("models", "macros", "seeds"):
        shutil.copytree(PROJECT_DIR / folder, destination / folder)
    ignored = shutil.ignore_patterns("python")
    shutil.copytree(PROJECT_DIR / "tests", destination / "tests", ignore=ignored)
    return destination


def build(project: Path, data_dir: Path, work: Path) -> dict[str, str]:
    """`ascof build --select` of the copied project; the status of each node dbt ran, by name."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASCOF_DUCKDB_PATH", str(work / "ascof.duckdb"))
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        result = invoke(
            "--quiet", "--project-dir", str(project), "build", "--data-dir", str(data_dir),
            "--select", SELECTOR,
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    run = json.loads((work / "target" / "run_results.json").read_text(encoding="utf-8"))
    return {item["unique_id"].split(".", 1)[0] + " " + item["unique_id"].rsplit(".", 1)[-1]:
            item["status"] for item in run["results"]}  # fmt: skip


def test_a_seed_is_loaded_again_only_when_it_changed(tmp_path: Path, generated: Path) -> None:
    (generated / SYNTHETIC_MARKER).write_text("generated test data")
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    work = tmp_path / "work"
    database = work / "ascof.duckdb"

    first = build(project, generated, work)
    assert first["seed councils"] == first["seed regions"] == "success"
    assert first["model int_geography_rollup"] == "success"
    assert set(json.loads(record_path(database).read_text())) >= {"councils", "regions"}

    again = build(project, generated, work)
    assert not [node for node in again if node.startswith("seed ")], again
    assert again["model int_geography_rollup"] == "success"
    # the tests on an unchanged seed alone are left out with it; the model's tests still run
    assert any(node.startswith("test ") for node in again), again

    regions = project / "seeds" / "reference" / "regions.csv"
    text = regions.read_text(encoding="utf-8")
    assert ",North East," in text
    regions.write_text(text.replace(",North East,", ",North East (edited),"), encoding="utf-8")
    changed = build(project, generated, work)
    assert changed["seed regions"] == "success"
    assert "seed councils" not in changed
    assert changed["model int_geography_rollup"] == "success"
    names = query(database, "select geography_name from intermediate.int_geography_rollup")
    assert ("North East (edited)",) in names
