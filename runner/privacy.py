"""Person identifiers never enter the warehouse in clear.

The loader replaces each column an Entity lists as pseudonymised with a keyed SHA-256 hash (the
key from ASCOF_PSEUDONYMISATION_KEY, held only in the loading session) and each month-only date
(a date of birth) with its year and month. Generated data, marked by SYNTHETIC_MARKER in its data
directory, uses a clearly labelled demo key when no key is set.
"""

from __future__ import annotations

import os
from pathlib import Path

from runner.errors import UserError

KEY_VARIABLE = "ASCOF_PSEUDONYMISATION_KEY"
DEMO_KEY = "ascof-demo-key-for-synthetic-data-only"
SYNTHETIC_MARKER = "SYNTHETIC_DATA.txt"
# DuckDB session variable the hashing SQL reads; it lives only in the loader's connection
SESSION_KEY_VARIABLE = "ascof_pseudonymisation_key"


def is_synthetic(data_dir: Path) -> bool:
    return (data_dir / SYNTHETIC_MARKER).is_file()


def pseudonymisation_key(data_dir: Path, needed_by: str) -> str:
    """The key from the environment; the demo key for generated data; else a one-line error."""
    key = os.environ.get(KEY_VARIABLE, "")
    if key:
        return key
    if is_synthetic(data_dir):
        return DEMO_KEY
    raise UserError(
        f"{needed_by} holds person identifiers: set {KEY_VARIABLE} to a secret key "
        "so they can be pseudonymised before they enter the warehouse"
    )


# 16 hex characters (64 bits): collisions are negligible for millions of people, and short
# keys keep the person-level sorts and joins of the CLD models cheap
PSEUDONYM_LENGTH = 16


def pseudonymised_sql(column: str) -> str:
    """Keyed hash of an identifier, ignoring case and spaces (NHS numbers are written both ways).

    Blank and the text NULL (which case-management exports write for a missing value) stay null,
    so that people without an identifier are not all merged into one.
    """
    normalised = f"upper(replace(trim(cast({column} as varchar)), ' ', ''))"
    return (
        f"case when {normalised} not in ('', 'NULL') then "
        f"left(sha256(getvariable('{SESSION_KEY_VARIABLE}') || '|' || {normalised}), "
        f"{PSEUDONYM_LENGTH}) end"
    )


def month_only_sql(column: str) -> str:
    """A date reduced to YYYY-MM; 'invalid' when it is not a date.

    The forms the parse_date macro reads, and only those: ISO, with or without a time (a cast,
    which is cheap on ten million rows), else day-first dd/mm/yyyy, with or without a time; the
    year in full (17/05/52 is 'invalid', not the year 52), and no word a cast reads as a date
    ('infinity', 'epoch').
    """
    text = f"trim(cast({column} as varchar))"
    day_first = "['%d/%m/%Y', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S']"
    iso = f"regexp_full_match({text}, '[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}([ T][0-9:.]+)?')"
    day_first_form = (
        f"regexp_full_match({text}, '[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}( [0-9:.]+)?')"
    )
    parsed = (
        f"case when {iso} then try_cast({text} as date) "
        f"when {day_first_form} then try_strptime({text}, {day_first}) end"
    )
    return (
        f"case when coalesce({text}, '') = '' then null "
        f"else coalesce(strftime({parsed}, '%Y-%m'), 'invalid') end"
    )
