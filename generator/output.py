"""CSV writing shared by the generators (UTF-8, header row, comma separated, "\\n" endings)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def blank_where_zero(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Integer column in which code 0 is written as an empty string."""
    values = np.asarray(values, dtype=np.int64)
    return pd.arrays.IntegerArray(values, values == 0)


def write_csv(frame: pd.DataFrame, path: Path) -> int:
    """Write frame to path (creating folders) and return the number of data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return len(frame)


def year_file(name: str, year: str) -> str:
    """A file name written for 2023-24 (ascs/ascs_respondents_2023_24.csv) as written for
    another framework year (ascs/ascs_respondents_2024_25.csv)."""
    return name.replace("2023_24", year.replace("-", "_"))
