"""A raw table whose input files have not changed since the last load is kept, not read again,
and one whose files were only added to reads just the new files (runner/unchanged_inputs.py);
any other change to its files, key, year or loader reads it again."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from conftest import query

from runner.errors import UserError
from runner.load import load_inputs
from runner.unchanged_inputs import entity_fingerprint

YEAR = "2023-24"
HEADER = "ladcode23,laname23,sex,age,population_2023"
ONS_TABLE = "ons__populations"


def write(data_dir: Path, name: str, text: str) -> Path:
    path = data_dir / "ons" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rows(database: Path) -> list[tuple]:
    return query(
        database,
        "select _source_file, _source_row, laname23, population2023 "
        f"from raw.{ONS_TABLE} order by 1, 2",
    )


def input_files(database: Path) -> list[tuple]:
    return query(
        database,
        "select file_name, rows_read from raw.input_files where source_folder = 'ons' order by 1",
    )


@pytest.fixture
def loaded_once(tmp_path: Path) -> tuple[Path, Path]:
    data_dir, database = tmp_path / "data", tmp_path / "w.duckdb"
    write(data_dir, "a.csv", f"{HEADER}\nE1,Hartlepool,1,0,10\nE1,Hartlepool,2,0,11\n")
    write(data_dir, "b.csv", f"{HEADER}\nE2,York,1,0,12\n")
    first = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE not in first.kept
    return data_dir, database


def test_unchanged_files_keep_their_raw_table_and_counts(loaded_once: tuple[Path, Path]) -> None:
    data_dir, database = loaded_once
    before = rows(database)
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE in report.kept
    assert [(f.display_name, f.rows) for f in report.files] == [("ons/a.csv", 2), ("ons/b.csv", 1)]
    assert rows(database) == before
    assert input_files(database) == [("ons/a.csv", 2), ("ons/b.csv", 1)]


def test_a_changed_file_reads_the_entity_again(loaded_once: tuple[Path, Path]) -> None:
    data_dir, database = loaded_once
    path = write(data_dir, "b.csv", f"{HEADER}\nE2,York,1,0,99\nE2,York,2,0,98\n")
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE not in report.kept
    assert rows(database)[-2:] == [("ons/b.csv", 2, "York", "99"), ("ons/b.csv", 3, "York", "98")]
    # the same size and content but a new modification time is a change too
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert ONS_TABLE not in load_inputs(data_dir, database, YEAR).kept


def test_an_added_file_is_read_alone_and_its_rows_added(loaded_once: tuple[Path, Path]) -> None:
    data_dir, database = loaded_once
    before = rows(database)
    write(data_dir, "0.csv", f"{HEADER}\nE3,Bath,1,0,13\nE3,Bath,2,0,14\n")
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE in report.appended and ONS_TABLE not in report.kept
    # the earlier rows as they were, the new file's rows with their own lines
    assert sorted(rows(database)) == sorted(
        [*before, ("ons/0.csv", 2, "Bath", "13"), ("ons/0.csv", 3, "Bath", "14")]
    )
    assert [(f.display_name, f.rows) for f in report.files] == [
        ("ons/0.csv", 2),
        ("ons/a.csv", 2),
        ("ons/b.csv", 1),
    ]
    assert input_files(database) == [("ons/0.csv", 2), ("ons/a.csv", 2), ("ons/b.csv", 1)]
    # the next load finds the three files as recorded and keeps the table
    again = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE in again.kept
    assert sorted(rows(database)) == sorted(
        [*before, ("ons/0.csv", 2, "Bath", "13"), ("ons/0.csv", 3, "Bath", "14")]
    )


def test_a_removed_file_reads_the_entity_again(loaded_once: tuple[Path, Path]) -> None:
    data_dir, database = loaded_once
    write(data_dir, "c.csv", f"{HEADER}\nE3,Bath,1,0,13\n")
    (data_dir / "ons" / "a.csv").unlink()
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE not in report.kept and ONS_TABLE not in report.appended
    assert {row[0] for row in rows(database)} == {"ons/b.csv", "ons/c.csv"}
    assert input_files(database) == [("ons/b.csv", 1), ("ons/c.csv", 1)]


def test_a_failed_load_keeps_the_fingerprints_of_the_tables_it_kept(
    loaded_once: tuple[Path, Path],
) -> None:
    data_dir, database = loaded_once
    before = rows(database)
    # an added file that cannot load: the table is not appended to, nor anything recorded
    write(data_dir, "broken.csv", "ladcode23,laname23\nE9,Nowhere\n")
    with pytest.raises(UserError, match="broken.csv"):
        load_inputs(data_dir, database, YEAR)
    assert rows(database) == before
    assert input_files(database) == [("ons/a.csv", 2), ("ons/b.csv", 1)]
    (data_dir / "ons" / "broken.csv").unlink()
    # the previous load is intact, and still recognised as matching the files
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE in report.kept
    assert rows(database) == before


def test_a_dropped_raw_table_is_read_again(loaded_once: tuple[Path, Path]) -> None:
    data_dir, database = loaded_once
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"drop table raw.{ONS_TABLE}")
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE not in report.kept
    assert len(rows(database)) == 3


def test_the_fingerprint_changes_with_the_key_the_year_layout_and_the_columns(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "a.csv", f"{HEADER}\nE1,Hartlepool,1,0,10\n")
    part = (path, "ons/a.csv", HEADER.split(","), [(0, "ladcode23"), (1, "laname23")])
    base = entity_fingerprint([part], {}, "key one")
    assert entity_fingerprint([part], {}, "key one") == base
    assert entity_fingerprint([part], {}, "key two") != base
    assert entity_fingerprint([part], {"q1": "q1"}, "key one") != base
    fewer_columns = (*part[:3], [(0, "ladcode23")])
    assert entity_fingerprint([fewer_columns], {}, "key one") != base
    assert entity_fingerprint([], {}, "key one") != base


def test_only_added_parts_under_the_same_context_count_as_added(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", f"{HEADER}\nE1,Hartlepool,1,0,10\n")
    second = write(tmp_path, "b.csv", f"{HEADER}\nE2,York,1,0,12\n")
    columns = [(0, "ladcode23"), (1, "laname23")]
    part_a = (first, "ons/a.csv", HEADER.split(","), columns)
    part_b = (second, "ons/b.csv", HEADER.split(","), columns)
    recorded = entity_fingerprint([part_a], {}, "key")
    assert entity_fingerprint([part_a, part_b], {}, "key").added_to(recorded)
    assert entity_fingerprint([part_b, part_a], {}, "key").added_to(recorded)
    assert not entity_fingerprint([part_a], {}, "key").added_to(recorded)
    assert not entity_fingerprint([part_b], {}, "key").added_to(recorded)
    assert not entity_fingerprint([part_a, part_b], {}, "another key").added_to(recorded)


def write_workbook(data_dir: Path, name: str, values: list[list[object]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in values:
        sheet.append(row)
    path = data_dir / "ons" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


@pytest.fixture
def workbook_loaded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, list[str]]:
    """The ONS folder as a workbook and a CSV file, loaded once; the names of the spreadsheets
    each later load reads are listed."""
    import runner.load

    data_dir, database = tmp_path / "data", tmp_path / "w.duckdb"
    write_workbook(
        data_dir, "a.xlsx", [["E1", "Hartlepool", 1, 0, 10], ["E1", "Hartlepool", 2, 0, 11]]
    )
    write(data_dir, "b.csv", f"{HEADER}\nE2,York,1,0,12\n")
    load_inputs(data_dir, database, YEAR)
    spreadsheets_read: list[str] = []
    read_spreadsheet = runner.load.read_spreadsheet

    def counted(path: Path, display_name: str, entity: object) -> object:
        spreadsheets_read.append(display_name)
        return read_spreadsheet(path, display_name, entity)

    monkeypatch.setattr(runner.load, "read_spreadsheet", counted)
    return data_dir, database, spreadsheets_read


def test_an_unchanged_spreadsheet_is_planned_from_its_record_not_read(
    workbook_loaded_once: tuple[Path, Path, list[str]],
) -> None:
    data_dir, database, spreadsheets_read = workbook_loaded_once
    before = rows(database)
    assert ("ons/a.xlsx", 3, "Hartlepool", "11") in before
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE in report.kept
    assert spreadsheets_read == []
    assert rows(database) == before
    assert input_files(database) == [("ons/a.xlsx", 2), ("ons/b.csv", 1)]
    # a file added beside it is read alone: the workbook still is not
    write(data_dir, "c.csv", f"{HEADER}\nE3,Bath,1,0,13\n")
    assert ONS_TABLE in load_inputs(data_dir, database, YEAR).appended
    assert spreadsheets_read == []
    assert sorted(rows(database)) == sorted([*before, ("ons/c.csv", 2, "Bath", "13")])


def test_a_recorded_spreadsheet_is_read_when_its_entity_loads_again(
    workbook_loaded_once: tuple[Path, Path, list[str]],
) -> None:
    data_dir, database, spreadsheets_read = workbook_loaded_once
    before = rows(database)
    # the CSV changes, so the entity is read again in full, the unchanged workbook with it
    write(data_dir, "b.csv", f"{HEADER}\nE2,York,1,0,99\n")
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE not in report.kept and ONS_TABLE not in report.appended
    assert spreadsheets_read == ["ons/a.xlsx"]
    assert rows(database) == [*before[:2], ("ons/b.csv", 2, "York", "99")]


def test_a_changed_spreadsheet_is_read_again(
    workbook_loaded_once: tuple[Path, Path, list[str]],
) -> None:
    data_dir, database, spreadsheets_read = workbook_loaded_once
    write_workbook(data_dir, "a.xlsx", [["E1", "Hartlepool", 1, 0, 20]])
    report = load_inputs(data_dir, database, YEAR)
    assert ONS_TABLE not in report.kept
    assert spreadsheets_read == ["ons/a.xlsx"]
    assert rows(database)[0] == ("ons/a.xlsx", 2, "Hartlepool", "20")
    assert input_files(database) == [("ons/a.xlsx", 1), ("ons/b.csv", 1)]
