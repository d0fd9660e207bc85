"""What the loader writes for a person's identifiers and date of birth (runner/privacy.py)."""

from __future__ import annotations

import duckdb
import pytest

from runner.privacy import SESSION_KEY_VARIABLE, month_only_sql, pseudonymised_sql


def evaluate(expression: str, value: str | None) -> str | None:
    with duckdb.connect() as connection:
        connection.execute(f"set variable {SESSION_KEY_VARIABLE} = 'test key'")
        return connection.execute(
            f"select {expression} from (select cast(? as varchar) as cell)", [value]
        ).fetchone()[0]


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("1950-02-17", "1950-02"),
        (" 1950-02-17 ", "1950-02"),
        ("1950-02-17 00:00:00", "1950-02"),
        ("1950-02-17T10:57:21", "1950-02"),
        ("17/02/1950", "1950-02"),
        ("7/2/1950", "1950-02"),
        ("17/02/1950 00:00", "1950-02"),
        ("1950-02-30", "invalid"),
        ("31/02/1950", "invalid"),
        ("seventeenth of February", "invalid"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_a_date_of_birth_keeps_only_its_year_and_month(
    written: str | None, kept: str | None
) -> None:
    assert evaluate(month_only_sql("cell"), written) == kept


def test_identifiers_are_keyed_hashes_that_ignore_case_and_spaces() -> None:
    pseudonym = evaluate(pseudonymised_sql("cell"), "943 476 5919")
    assert pseudonym == evaluate(pseudonymised_sql("cell"), " 9434765919 ")
    assert pseudonym == evaluate(pseudonymised_sql("cell"), "9434765919")
    assert pseudonym != evaluate(pseudonymised_sql("cell"), "9434765920")
    assert "9434765919" not in pseudonym and len(pseudonym) == 16
    # a council's own person identifiers may hold letters: their case does not matter either
    council_id = evaluate(pseudonymised_sql("cell"), "ab12 34c")
    assert council_id == evaluate(pseudonymised_sql("cell"), "AB1234C")
    assert council_id != evaluate(pseudonymised_sql("cell"), "AB1234D")
    assert evaluate(pseudonymised_sql("cell"), "NULL") is None
    assert evaluate(pseudonymised_sql("cell"), "  ") is None
