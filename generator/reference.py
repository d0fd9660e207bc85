"""Reference data the generator is calibrated to: councils and published ASCOF outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from generator.council_sizes import DEFAULT_THOUSANDS, POPULATION_THOUSANDS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class Reference:
    """The councils of a reporting year and the published outcomes to calibrate to."""

    year: str
    councils: pd.DataFrame
    published: pd.DataFrame

    @property
    def codes(self) -> np.ndarray:
        """Council NHS codes (the surveys' LaCode), in seed order."""
        return self.councils["council_code"].to_numpy()

    @property
    def population(self) -> np.ndarray:
        """Approximate resident population of each council, in thousands."""
        pops = self.councils["council_ons_code"].map(POPULATION_THOUSANDS)
        return pops.fillna(DEFAULT_THOUSANDS).to_numpy(dtype=float)

    def council_published(self, metrics: list[str]) -> pd.DataFrame:
        """Published council values (NaN where a council has none), one row per council."""
        rows = self._level("Council")
        table = rows.pivot_table(
            index="ons_code", columns="measure_group", values="value", aggfunc="first"
        )
        table = table.reindex(index=self.councils["council_ons_code"], columns=metrics)
        return table.set_axis(self.codes, axis=0)

    def targets(self, metrics: list[str]) -> pd.DataFrame:
        """Council values to calibrate to: own value, else its region's, else England's."""
        own = self.council_published(metrics)
        region = self._level("Region").pivot_table(
            index="ons_code", columns="measure_group", values="value", aggfunc="first"
        )
        regional = region.reindex(index=self.councils["region_ons_code"], columns=metrics).set_axis(
            self.codes, axis=0
        )
        england = self.england(metrics)
        return own.fillna(regional).fillna(england)

    def england(self, metrics: list[str]) -> pd.Series:
        """Published England values."""
        rows = self._level("England").drop_duplicates("measure_group")
        return rows.set_index("measure_group")["value"].reindex(metrics)

    def _level(self, level: str) -> pd.DataFrame:
        return self.published[self.published["geography_level"] == level]


def load_reference(year: str = "2023-24", seeds: Path = SEEDS) -> Reference:
    """Read councils.csv, regions.csv and published_ascof_outcomes.csv from the seeds.

    The published values are the year's, under the metric codes the generator calibrates
    (framework_measures: 2024-25's 2E1 is metric 2E). A measure the year does not publish
    (2024-25's carers' 3D parts) keeps the previous year's values, so that the synthetic
    returns still hold a plausible share of them.
    """
    folder = seeds / "reference"
    councils = pd.read_csv(folder / "councils.csv", dtype=str, keep_default_na=False)
    regions = pd.read_csv(folder / "regions.csv", dtype=str, keep_default_na=False)
    councils = councils.merge(
        regions[["region_code", "region_ons_code"]], on="region_code", how="left"
    )
    published = pd.read_csv(
        folder / "published_ascof_outcomes.csv", dtype=str, keep_default_na=False
    )
    published["value"] = pd.to_numeric(published["published_value"], errors="coerce")
    published = published.dropna(subset=["value"])
    measures = pd.read_csv(seeds / "config" / "framework_measures.csv", dtype=str)
    this_year = as_metric_codes(published, measures, year)
    earlier_years = sorted(y for y in measures["framework_year"].unique() if y < year)
    if earlier_years:
        previous = as_metric_codes(published, measures, earlier_years[-1])
        missing = previous[~previous["measure_group"].isin(this_year["measure_group"])]
        this_year = pd.concat([this_year, missing], ignore_index=True)
    return Reference(year=year, councils=councils, published=this_year)


def as_metric_codes(published: pd.DataFrame, measures: pd.DataFrame, year: str) -> pd.DataFrame:
    """A framework year's published rows with each measure code replaced by its metric code."""
    codes = measures[measures["framework_year"] == year]
    renamed = dict(zip(codes["measure_group"], codes["metric_code"], strict=True))
    rows = published[published["reporting_year"] == year]
    return rows.assign(measure_group=rows["measure_group"].replace(renamed))


def england_consistent_sizes(
    base: np.ndarray,
    values: pd.DataFrame,
    england: pd.Series,
    decimals: pd.Series,
    slack: float = 0.0,
) -> np.ndarray:
    """Scale council sizes so size-weighted council values reproduce the England values.

    Published England values are weighted by real eligible populations, which the base
    sizes only approximate. Each size is multiplied by exp(lambda . z), z the council's
    standardised values, with lambda solved by Newton's method so that the weighted mean of
    every metric lands within `slack` x its last published digit of the published England
    value (at the point of that interval nearest the unadjusted mean, which keeps the
    factors mild; the published value is rounded, so anything within half a digit of it is
    consistent with it).
    """
    x = values.to_numpy(dtype=float)
    allowed = slack * 10.0 ** (-decimals.to_numpy(dtype=float))
    plain_mean = base @ x / base.sum()
    goal = np.clip(plain_mean, england.to_numpy() - allowed, england.to_numpy() + allowed)
    z = (x - goal) / np.maximum(x.std(axis=0), 1e-9)
    lam = np.zeros(x.shape[1])
    for _ in range(50):
        weights = base * np.exp(z @ lam)
        share = weights / weights.sum()
        gradient = share @ z
        hessian = (z * share[:, None]).T @ z - np.outer(gradient, gradient)
        lam -= np.linalg.lstsq(hessian, gradient, rcond=None)[0]
    sizes = base * np.exp(z @ lam)
    return sizes * base.sum() / sizes.sum()
