"""A framework year is configuration: the seeds framework_years and framework_measures, and what
the runner and the generator read from them (fast checks, no dbt build)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from generator import year_sources
from generator.cld import shift_years
from generator.output import year_file
from generator.reference import load_reference
from runner.errors import UserError
from runner.input_contract import (
    default_year,
    framework_year,
    framework_years,
    measures_not_available,
    supported_years,
    survey_question_columns,
)
from runner.settings import check_year
from runner.sources.ons import SOURCE as ONS

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_rows(relative: str) -> list[dict[str, str]]:
    with (SEEDS / relative).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_years_are_the_rows_of_framework_years() -> None:
    assert supported_years() == ("2023-24", "2024-25")
    # the default stays 2023-24 until the 2024-25 measures are complete (2D1, 2D2: sus/)
    assert default_year() == "2023-24"
    assert check_year("2024-25") == "2024-25"
    with pytest.raises(UserError, match="^year 2025-26 is not supported"):
        check_year("2025-26")


@pytest.mark.parametrize("year", ["2023-24", "2024-25"])
def test_a_years_dates_follow_the_rule_of_the_framework_dates_macro(year: str) -> None:
    # macros/framework_year.sql: 1 April of the first year to 31 March of the next, ONS
    # mid-year estimate of the first year (the dbt test framework_year_dates_match_seed checks
    # the macro against the seed for the year built)
    config = framework_year(year)
    first = int(year[:4])
    assert config.reporting_period_start == f"{first}-04-01"
    assert config.reporting_period_end == f"{first + 1}-03-31"
    assert config.ons_estimate_year == first
    assert config.ons_population_column == f"population{first}"


def test_2024_25_reads_ascs_with_the_2023_24_questions_and_no_sace() -> None:
    assert survey_question_columns("ascs", "2024-25") == survey_question_columns("ascs", "2023-24")
    assert survey_question_columns("sace", "2024-25") == {}
    assert survey_question_columns("sace", "2023-24")
    config = framework_year("2024-25")
    assert not config.uses_source("sace") and not config.uses_source("salt")
    assert framework_year("2023-24").uses_source("salt")


def test_the_ons_column_follows_the_year() -> None:
    columns = {year: ONS.for_year(year).entities[0].required_columns for year in supported_years()}
    assert columns["2023-24"][-1] == "population2023"
    assert columns["2024-25"][-1] == "population2024"


def test_every_published_2024_25_measure_is_a_2024_25_measure() -> None:
    measures = [row for row in seed_rows("config/framework_measures.csv")]
    catalogue = {row["metric_code"] for row in seed_rows("reference/metric_catalogue.csv")}
    assert {row["metric_code"] for row in measures} <= catalogue
    codes = {row["measure_group"] for row in measures if row["framework_year"] == "2024-25"}
    published = {
        row["measure_group"]
        for row in seed_rows("reference/published_ascof_outcomes.csv")
        if row["reporting_year"] == "2024-25"
    }
    assert published <= codes
    # the 19 metrics of 2024-25 with their parts (framework_2024_25.md 1)
    assert codes == {
        *("1A", "1B", "1C", "1D", "1E", "2A", "2B", "2C", "2D1", "2D2", "2E1", "2E2A", "2E2B"),
        *("3A", "3B", "3C1", "3C2", "3D1A", "3D1B", "3D2A", "3D2B", "4A", "4B", "5A1", "5A2"),
        *("6A", "6B"),
    }
    status = {
        row["measure_group"]: row["publication_status"]
        for row in measures
        if row["framework_year"] == "2024-25"
    }
    assert {code for code, value in status.items() if value != "published"} == {
        "1C", "1E", "3B", "3C2", "5A2", "3D1B", "3D2B", "2D1", "2D2"
    }  # fmt: skip
    assert measures_not_available("2024-25")[0][0] == "2D1, 2D2"
    assert measures_not_available("2023-24") == []


def test_the_2023_24_measures_are_the_catalogues() -> None:
    codes = {
        (row["measure_group"], row["metric_code"], row["publication_status"])
        for row in seed_rows("config/framework_measures.csv")
        if row["framework_year"] == "2023-24"
    }
    catalogue = {
        (row["metric_code"], row["metric_code"], row["status"])
        for row in seed_rows("reference/metric_catalogue.csv")
        if row["status"] in ("published", "experimental")
    }
    assert codes == catalogue


def test_the_generator_calibrates_2024_25_to_its_published_values() -> None:
    england = load_reference("2024-25").england(["2A", "2B", "2C", "2E", "3D1A", "3D1B", "6A"])
    # 2E is published for 2024-25 as 2E(1); the carers' 3D parts are not published, so the
    # generator keeps 2023-24's (89.7)
    assert england.to_dict() == {
        "2A": 77.1, "2B": 17.0, "2C": 592.5, "2E": 81.4, "3D1A": 82.4, "3D1B": 89.7, "6A": 23.7
    }  # fmt: skip
    assert load_reference("2023-24").england(["2E"]).to_dict() == {"2E": 81.6}
    assert year_sources("2024-25") == ("ascs", "sac", "ascwds", "cqc", "ons", "cld")
    assert "sace" in year_sources("2023-24") and "salt" in year_sources("2023-24")
    assert year_file("ascs/ascs_respondents_2023_24.csv", "2024-25") == (
        "ascs/ascs_respondents_2024_25.csv"
    )


def test_cld_dates_move_by_calendar_years() -> None:
    # the 2023-24 calendar shown a year later: each date keeps its place in the year, so the
    # first and last days of the reporting year stay first and last; 29 February 2024 has no
    # twin in 2025 and becomes 28 February
    days = np.array(["2023-04-01", "2024-02-29", "2024-03-31", "2022-04-01"], dtype="datetime64[D]")
    shifted = shift_years(days, 1)
    assert shifted.astype(str).tolist() == ["2024-04-01", "2025-02-28", "2025-03-31", "2023-04-01"]
    assert shift_years(days, 0) is days
    stamps = np.array(["2024-03-31T10:00:00"], dtype="datetime64[s]")
    assert shift_years(stamps, 1).astype(str).tolist() == ["2025-03-31T10:00:00"]


def test_framework_years_lists_each_year_once() -> None:
    years = [row["framework_year"] for row in seed_rows("config/framework_years.csv")]
    assert years == sorted(set(years)) == list(framework_years())


def test_the_community_stock_follows_2e2b_in_2024_25() -> None:
    from types import SimpleNamespace

    from generator.cld_truth import community_stock_factors

    # 2E(2b) 60.3%: 0.603 / (0.94 - 0.603) = 1.7893 community clients per care home resident,
    # 1.7893 / 0.86 = 2.0806 times the measured ratio; with 0.24 later arrivals per stock
    # client the stock grows by 2.0806 x 1.24 - 0.24 = 2.340; 18-64 is left at 1
    factors = community_stock_factors(SimpleNamespace(older_at_home=np.array([60.3, 94.0])))
    assert factors[0, 0] == 1.0
    assert factors[0, 1] == pytest.approx(2.340, abs=0.001)
    # a share at or above the settled share is clipped to 85%: 0.85 / 0.09 / 0.86 x 1.24 - 0.24
    assert factors[1, 1] == pytest.approx(0.85 / 0.09 / 0.86 * 1.24 - 0.24)
    assert community_stock_factors(SimpleNamespace(older_at_home=None)) == 1.0
