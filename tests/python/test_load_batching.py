"""The loader reads a folder's CSV files that share a header in one DuckDB scan (runner/load.py).

Whatever a batch cannot read falls back to the file on its own, so every file loads, or fails
naming itself, exactly as it would alone, and each row keeps its own file and line.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import query

from runner.errors import UserError
from runner.load import load_inputs

YEAR = "2023-24"
HEADER = "ladcode23,laname23,sex,age,population_2023"


def write(data_dir: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    path = data_dir / "ons" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def rows(database: Path) -> list[tuple]:
    return query(
        database,
        "select _source_file, _source_row, laname23, population2023 "
        "from raw.ons__populations order by 1, 2",
    )


def raw_tables(database: Path) -> list[str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        found = connection.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
    return sorted(name for (name,) in found)


def test_files_of_one_header_keep_their_own_names_lines_and_counts(tmp_path: Path) -> None:
    data_dir, database = tmp_path / "data", tmp_path / "w.duckdb"
    write(data_dir, "a.csv", f"{HEADER}\nE1,Hartlepool,1,0,10\nE1,Hartlepool,2,0,11\n")
    write(data_dir, "b.csv", f"\ufeff{HEADER}\r\nE2,York,1,0,12\r\n")
    write(data_dir, "c.csv", f"{HEADER}\n")
    write(data_dir, "d.csv", f"{HEADER}\nE3,Bath,1,0,13\nE3,,2,0,\nE3,Bath,1,1,15\n")
    report = load_inputs(data_dir, database, YEAR)
    assert [(f.display_name, f.rows) for f in report.files] == [
        ("ons/a.csv", 2),
        ("ons/b.csv", 1),
        ("ons/c.csv", 0),
        ("ons/d.csv", 3),
    ]
    assert rows(database) == [
        ("ons/a.csv", 2, "Hartlepool", "10"),
        ("ons/a.csv", 3, "Hartlepool", "11"),
        ("ons/b.csv", 2, "York", "12"),
        ("ons/d.csv", 2, "Bath", "13"),
        ("ons/d.csv", 3, None, None),
        ("ons/d.csv", 4, "Bath", "15"),
    ]
    assert not [name for name in raw_tables(database) if name.startswith("loading__")]


def test_windows_1252_files_are_transcoded(tmp_path: Path) -> None:
    # b.csv is found by DuckDB refusing its batch, d.csv by its header
    data_dir, database = tmp_path / "data", tmp_path / "w.duckdb"
    write(data_dir, "a.csv", f"{HEADER}\nE1,Hartlepool,1,0,10\n")
    write(data_dir, "b.csv", f"{HEADER}\nW1,Ynys Môn,1,0,11\nW1,Ynys Môn,2,0,12\n", "cp1252")
    write(data_dir, "c.csv", f"{HEADER}\nE2,York,1,0,13\n")
    write(data_dir, "d.csv", f"{HEADER},Remarque éditée\nW2,Gwynedd,1,0,14,\u2013\n", "cp1252")
    load_inputs(data_dir, database, YEAR)
    assert rows(database) == [
        ("ons/a.csv", 2, "Hartlepool", "10"),
        ("ons/b.csv", 2, "Ynys Môn", "11"),
        ("ons/b.csv", 3, "Ynys Môn", "12"),
        ("ons/c.csv", 2, "York", "13"),
        ("ons/d.csv", 2, "Gwynedd", "14"),
    ]


def test_a_quoted_newline_with_a_short_row_is_read_serially(tmp_path: Path) -> None:
    # DuckDB's parallel reader cannot pad a short row in a file with a quoted newline
    data_dir, database = tmp_path / "data", tmp_path / "w.duckdb"
    write(data_dir, "a.csv", f"{HEADER}\nE1,Hartlepool,1,0,10\n")
    write(data_dir, "b.csv", f'{HEADER}\nE2,"Bath and\nNorth East Somerset",1,0,11\nE2,York\n')
    load_inputs(data_dir, database, YEAR)
    # rows are numbered as a spreadsheet shows the file: York is row 3 though it is on line 4
    assert [row[0:3] for row in rows(database)] == [
        ("ons/a.csv", 2, "Hartlepool"),
        ("ons/b.csv", 2, "Bath and\nNorth East Somerset"),
        ("ons/b.csv", 3, "York"),
    ]


def test_rows_are_numbered_as_records_without_blank_lines(tmp_path: Path) -> None:
    # the docs block source_row; b.csv is read in one batch with a.csv
    data_dir, database = tmp_path / "data", tmp_path / "w.duckdb"
    write(data_dir, "a.csv", f"{HEADER}\nE1,Hartlepool,1,0,10\n\nE1,Hartlepool,2,0,11\n")
    bath = '"Bath and\nNorth East Somerset"'
    write(data_dir, "b.csv", f"{HEADER}\nE2,{bath},1,0,11\nE2,York,2,0,12\n")
    load_inputs(data_dir, database, YEAR)
    assert [row[0:3] for row in rows(database)] == [
        ("ons/a.csv", 2, "Hartlepool"),
        ("ons/a.csv", 3, "Hartlepool"),
        ("ons/b.csv", 2, "Bath and\nNorth East Somerset"),
        ("ons/b.csv", 3, "York"),
    ]


def test_a_broken_file_in_a_batch_is_named_and_the_previous_load_stays(tmp_path: Path) -> None:
    data_dir, database = tmp_path / "data", tmp_path / "w.duckdb"
    for name in ("a.csv", "c.csv", "d.csv"):
        write(data_dir, name, f"{HEADER}\nE1,Hartlepool,1,0,10\n")
    load_inputs(data_dir, database, YEAR)
    before = rows(database)
    write(data_dir, "b.csv", f'{HEADER}\nE1,"Hartlepool,1,0,10\nE1,York,1,0,11\n')
    with pytest.raises(UserError) as raised:
        load_inputs(data_dir, database, YEAR)
    assert str(raised.value).startswith("ons/b.csv: unreadable file (")
    assert "\n" not in str(raised.value)
    assert rows(database) == before
    assert not [name for name in raw_tables(database) if name.startswith("loading__")]
