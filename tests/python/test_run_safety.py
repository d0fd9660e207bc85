"""Runs never interfere (spec interface.md, "Runs and the warehouse").

One run at a time per warehouse: a second build, validate or export is refused in one line (or
waits, with --wait); validate never changes what a build made; Ctrl-C says "interrupted" (130)
and leaves the previous build; an export after it says which build the warehouse holds; faults
of the file system are one line, never a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, build_selected, invoke, query

from runner.privacy import SYNTHETIC_MARKER
from runner.run_lock import builds_record_path, lock_path, warehouse_lock

CLD_FIXTURE = PROJECT_DIR / "tests" / "fixtures" / "cld_small"
SELECTOR = "+int_cld__submissions +export_ascof_data_quality"


def cld_data(root: Path, name: str = "data") -> Path:
    data_dir = root / name
    shutil.copytree(CLD_FIXTURE, data_dir)
    (data_dir / SYNTHETIC_MARKER).write_text("test data")
    return data_dir


def held_by(database: Path, pid: int, command: str = "build") -> None:
    """A lock file as another run writes it."""
    database.parent.mkdir(parents=True, exist_ok=True)
    content = {"pid": pid, "command": command, "started": "2026-12-07 10:00:00"}
    lock_path(database).write_text(json.dumps(content))


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASCOF_DUCKDB_PATH", str(tmp_path / "ascof.duckdb"))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    return tmp_path


@pytest.fixture
def other_process() -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield process
    process.kill()
    process.wait()


@pytest.mark.parametrize("command", ["build", "validate", "export"])
def test_a_second_run_is_refused_in_one_line(
    command: str, isolated: Path, other_process: subprocess.Popen
) -> None:
    database = isolated / "ascof.duckdb"
    held_by(database, other_process.pid)
    data_dir = cld_data(isolated)
    args = (
        ["--out", str(isolated / "out")] if command == "export" else ["--data-dir", str(data_dir)]
    )
    result = invoke(command, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert f"in use by `ascof build` (process {other_process.pid}" in result.stderr
    assert "--wait" in result.stderr
    assert lock_path(database).exists(), "the other run's lock is left alone"
    assert not (isolated / "out").exists()


def test_a_dead_runs_lock_is_taken_over(isolated: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    database = isolated / "ascof.duckdb"
    held_by(database, dead.pid)
    with warehouse_lock(database, "export"):
        holder = json.loads(lock_path(database).read_text())
        assert holder["pid"] == os.getpid() and holder["command"] == "export"
    assert not lock_path(database).exists()


def test_wait_waits_for_the_other_run(isolated: Path) -> None:
    database = isolated / "ascof.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from runner.run_lock import "
            "warehouse_lock\nwith warehouse_lock(Path(sys.argv[1]), 'build'):\n"
            "    print('held', flush=True); time.sleep(2)",
            str(database),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
    )
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with warehouse_lock(database, "export", wait=True):
        # the other run holds the lock for 2 s after saying so
        assert time.monotonic() - started > 1.5, "acquired while the other run held the lock"
    holder.wait()


def test_a_build_and_a_validate_at_once(isolated: Path) -> None:
    """A build in another process; a validate of other data during it is refused; the build's
    results equal those of the same build alone."""
    data_dir = cld_data(isolated)
    other = cld_data(isolated, "other")
    (other / "cld" / "716_2023-12-31_1.csv").unlink()
    database = isolated / "ascof.duckdb"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    build = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from runner.cli import main; main()",
            "--quiet",
            "build",
            "--data-dir",
            str(data_dir),
            "--select",
            SELECTOR,
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not lock_path(database).exists() and build.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    refused = invoke("validate", "--data-dir", str(other), "--out", str(isolated / "out"))
    _, errors = build.communicate(timeout=600)
    assert build.returncode == 0, errors
    assert refused.exit_code == 2, refused.output
    assert "in use by `ascof build`" in refused.stderr
    together = query(database, "select * from intermediate.int_cld__submissions order by 1, 2")
    alone = build_selected(isolated / "alone", data_dir, SELECTOR)
    assert query(alone, "select * from intermediate.int_cld__submissions order by 1, 2") == together


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built_and_exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small build and its export, for the tests below to check nothing changes them."""
    work = tmp_path_factory.mktemp("run_safety")
    database = build_selected(work, cld_data(work), SELECTOR)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASCOF_DUCKDB_PATH", str(database))
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        result = invoke("export", "--out", str(work / "exports"), "--format", "csv")
    assert result.exit_code == 0, result.output
    return work


def marts_state(database: Path) -> list[tuple]:
    return query(
        database,
        "select * from marts.data_quality_summary order by all",
    ) + query(database, "select count(*) from marts.data_quality_rejections")


def test_validate_never_changes_what_a_build_made(
    built_and_exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = built_and_exported
    database = work / "ascof.duckdb"
    monkeypatch.setenv("ASCOF_DUCKDB_PATH", str(database))
    monkeypatch.setenv("DBT_TARGET_PATH", str(work / "target"))
    export = work / "exports" / "ascof_data_quality_2023_24.csv"
    before = (file_digest(database), marts_state(database), file_digest(export))
    other = cld_data(work, "other")
    (other / "cld" / "716_2024-03-31_1.csv").unlink()
    result = invoke("validate", "--data-dir", str(other))
    assert result.exit_code == 0, result.output
    assert (work / "target" / "validate" / "ascof_data_quality_2023_24.csv").is_file()
    assert (file_digest(database), marts_state(database), file_digest(export)) == before
    assert os.environ["ASCOF_DUCKDB_PATH"] == str(database)


def test_ctrl_c_during_dbt_says_interrupted_and_keeps_the_build(
    built_and_exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dbt.cli.main import dbtRunner, dbtRunnerResult

    work = built_and_exported
    database = work / "ascof.duckdb"
    monkeypatch.setenv("ASCOF_DUCKDB_PATH", str(database))
    monkeypatch.setenv("DBT_TARGET_PATH", str(work / "target"))
    before = marts_state(database)

    def ctrl_c(self: dbtRunner, args: list[str], **kwargs: object) -> dbtRunnerResult:
        return dbtRunnerResult(success=False, exception=KeyboardInterrupt())

    monkeypatch.setattr(dbtRunner, "invoke", ctrl_c)
    result = invoke("build", "--data-dir", str(work / "data"), "--select", SELECTOR)
    assert result.exit_code == 130, result.output
    # click ends the line the terminal's ^C is on first
    assert result.stderr.strip() == "ascof: error: interrupted"
    assert "nodes failed" not in result.output
    assert marts_state(database) == before
    assert not lock_path(database).exists()
    record = json.loads(builds_record_path(database).read_text())
    assert record["outcome"] == "interrupted"
    monkeypatch.undo()
    monkeypatch.setenv("ASCOF_DUCKDB_PATH", str(database))
    monkeypatch.setenv("DBT_TARGET_PATH", str(work / "target"))
    exported = invoke("export", "--out", str(work / "exports"), "--format", "csv")
    assert exported.exit_code == 0, exported.output
    assert "was interrupted; the warehouse holds the last complete build, made " in (
        exported.stderr
    )
    assert record["last_complete"] in exported.stderr


def test_an_export_leaves_no_half_written_file_of_a_killed_export(
    built_and_exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = built_and_exported
    monkeypatch.setenv("ASCOF_DUCKDB_PATH", str(work / "ascof.duckdb"))
    leftover = work / "exports" / ".ascof_outcomes_2023_24.1a2b3c4d.partial.csv"
    leftover.write_text("half a file")
    result = invoke("export", "--out", str(work / "exports"), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert not leftover.exists()


def test_a_build_into_an_unwritable_folder_is_one_line(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warehouse's folder cannot be made (a file stands where it would be): even as root."""
    blocker = isolated / "not_a_folder"
    blocker.write_text("a file")
    monkeypatch.setenv("ASCOF_DUCKDB_PATH", str(blocker / "ascof.duckdb"))
    result = invoke("build", "--data-dir", str(cld_data(isolated)))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert str(blocker) in result.stderr


def test_a_build_with_a_read_only_target_folder_is_one_line(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, where chmod does not bite: the lock's write is refused instead."""

    def read_only(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(isolated / "ascof.lock"))

    monkeypatch.setattr("runner.run_lock.os.open", read_only)
    result = invoke("build", "--data-dir", str(cld_data(isolated)))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"ascof: error: {isolated / 'ascof.lock'}: Permission denied\n"


def test_a_plain_dbt_build_without_loaded_returns_says_what_to_run(isolated: Path) -> None:
    from dbt.cli.main import dbtRunner

    from runner.dbt_invoke import release_duckdb_connection

    project = str(PROJECT_DIR)
    args = ["build", "--select", "councils", "--project-dir", project, "--profiles-dir", project]
    try:
        result = dbtRunner().invoke(args)
    finally:
        release_duckdb_connection()
    assert not result.success
    assert "run `ascof build --data-dir DIR` first" in str(result.exception)
