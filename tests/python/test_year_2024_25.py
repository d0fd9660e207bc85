"""`--year 2024-25` end to end: generate, build and export the 2024-25 measures, beside the
session's 2023-24 build (conftest), whose outputs keep the 2023-24 measures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import SCALE, SEED, Built, invoke

YEAR = "2024-25"
CARERS = ["1C", "1E", "3B", "3C2", "5A2"]
NOT_PUBLISHED = ["3D1B", "3D2B"]
NEEDS_SUS = ["2D1", "2D2"]
COMPUTED = [
    *("1A", "1B", "1D", "2A", "2B", "2C", "2E1", "2E2A", "2E2B", "3A", "3C1", "3D1A", "3D2A"),
    *("4A", "4B", "5A1", "6A", "6B"),
]
N_COUNCILS, N_REGIONS, N_COUNCIL_TYPES = 153, 9, 5


@pytest.fixture(scope="module")
def outcomes_2024_25(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, str]:
    """`ascof generate --year 2024-25 --scale 0.02`, then build and export it in a database and
    dbt target folder of its own; the outcomes export and the build's output."""
    work = tmp_path_factory.mktemp("year_2024_25")
    data_dir, exports = work / "data", work / "exports"
    result = invoke(
        "--quiet", "generate", "--year", YEAR, "--out", str(data_dir),
        "--scale", str(SCALE), "--seed", str(SEED),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (data_dir / "sace").exists() and not (data_dir / "salt").exists()
    assert (
        (data_dir / "ons" / "mye_2024_myeb.csv")
        .read_text()
        .startswith("ladcode23,laname23,sex,age,population_2024\n")
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASCOF_DUCKDB_PATH", str(work / "ascof.duckdb"))
        patch.setenv("DBT_TARGET_PATH", str(work / "target"))
        built = invoke("build", "--year", YEAR, "--data-dir", str(data_dir))
        assert built.exit_code == 0, built.output
        exported = invoke(
            "--quiet", "export", "--year", YEAR, "--out", str(exports), "--format", "csv"
        )
        assert exported.exit_code == 0, exported.output
    frame = pd.read_csv(exports / "ascof_outcomes_2024_25.csv", dtype=str, keep_default_na=False)
    return frame, built.output


def totals(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    return frame[
        (frame["Geographical Level"] == level)
        & (frame["Disaggregation Level"] == "Total")
        & (frame["Measure Type"] == "Outcome")
    ]


def test_every_2024_25_measure_for_every_geography(
    outcomes_2024_25: tuple[pd.DataFrame, str],
) -> None:
    frame, _ = outcomes_2024_25
    codes = sorted(set(COMPUTED + CARERS + NOT_PUBLISHED + NEEDS_SUS))
    assert sorted(frame["Measure Group"].unique()) == codes
    for level, count in [
        ("Council", N_COUNCILS), ("Region", N_REGIONS), ("Council Type", N_COUNCIL_TYPES),
        ("England", 1),
    ]:  # fmt: skip
        rows = totals(frame, level)
        assert rows.groupby("Measure Group")["Geographical Code"].nunique().to_dict() == {
            code: count for code in codes
        }
    england = totals(frame, "England").set_index("Measure Group")["Measure_Value"]
    # computed from the generated returns: a number for every computed measure
    assert all(float(england[code]) > 0 for code in COMPUTED)
    # the 2024-25 codes, brackets dropped, with their disaggregation suffixes
    assert {"2E1", "2E1M", "2E1F", "2E2A", "2E2B", "3D1A", "3D1A1864"} <= set(
        frame["ASCOF Measure Code"]
    )


def test_carers_measures_and_withheld_parts_are_z_and_2d_is_x(
    outcomes_2024_25: tuple[pd.DataFrame, str],
) -> None:
    frame, output = outcomes_2024_25
    markers = frame.groupby("Measure Group")["Measure_Value"].agg(set)
    for code in CARERS + NOT_PUBLISHED:
        assert markers[code] == {"[z]"}, code
    for code in NEEDS_SUS:
        assert markers[code] == {"[x]"}, code
    assert "2D1, 2D2 shown as [x] for 2024-25: they need hospital discharges (a sus/" in output
    assert "no sace/ files" not in output and "no salt/ files" not in output
    assert "not published for this year ([z]): 1C 1E 3B 3C2 3D1B 3D2B 5A2" in output


def test_the_2024_25_england_values_land_near_the_published_ones(
    outcomes_2024_25: tuple[pd.DataFrame, str],
) -> None:
    # calibrated to the published 2024-25 values (England: 1A 19.0, 2A 77.1, 2B 17.0, 2C 592.5,
    # 2E(1) 81.4, 2E(2b) 60.3, 3D(1a) 82.4, 6A 23.7); a small sample, so a loose band
    frame, _ = outcomes_2024_25
    england = (
        totals(frame, "England")
        .set_index("Measure Group")["Measure_Value"]
        .astype(float, errors="ignore")
    )
    published = {
        "1A": 19.0, "2A": 77.1, "2B": 17.0, "2C": 592.5, "2E1": 81.4, "2E2B": 60.3,
        "3D1A": 82.4, "6A": 23.7,
    }  # fmt: skip
    for code, value in published.items():
        assert float(england[code]) == pytest.approx(value, rel=0.05), code


def test_2023_24_keeps_its_own_measures(built: Built, exports_dir: Path) -> None:
    # the session's 2023-24 build: its codes (2E, 2D1 from SALT, the experimental 2D and
    # 2E-ALL), carers' measures computed, no [z]
    frame = pd.read_csv(
        exports_dir / "ascof_outcomes_2023_24.csv", dtype=str, keep_default_na=False
    )
    groups = set(frame["Measure Group"])
    assert {"2E", "2E-ALL", "2D", "2D1", "1C", "3D1B"} <= groups
    assert not groups & {"2E1", "2E2A", "2E2B"}
    assert "[z]" not in set(frame["Measure_Value"])
    england = totals(frame, "England").set_index("Measure Group")["Measure_Value"]
    assert england["1C"] != "[x]" and england["3D1B"] != "[x]"
