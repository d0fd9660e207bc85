"""`ascof report`: one self-contained HTML page with a chart set per metric.

The page only formats and plots what the marts hold: computed outcomes and the published 2023-24
values from marts.ascof_published_comparison (built from marts.ascof_outcomes), the published
trend from marts.ascof_published_trend, and the metric catalogue. No metric is computed here.
Charts are matplotlib figures rendered to SVG and inlined, so the file opens without a network.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import duckdb
import pandas as pd
from markupsafe import Markup

from runner.errors import UserError
from runner.export import open_marts, staged_files
from runner.provenance import SYNTHETIC_BANNER, Provenance, read_provenance
from runner.settings import (
    DEFAULT_YEAR,
    MARTS_SCHEMA,
    GlobalOptions,
    Settings,
    check_year,
    pass_options,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

REFERENCE_SCHEMA = "reference"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"
ENGLAND_CODE = "E92000001"
LEVEL_ORDER = ("Council", "Region", "Council Type", "England")
SHOWN_STATUSES = ("published", "experimental")

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
COMPUTED_COLOUR = "#0072B2"  # blue
PUBLISHED_COLOUR = "#E69F00"  # orange
HIGHLIGHT_COLOUR = "#D55E00"  # vermillion
ENGLAND_COLOUR = "#000000"  # black
CONTEXT_COLOUR = "#999999"  # grey: the other councils
BAND_COLOUR = "#56B4E9"  # sky blue
FIGURE_WIDTH = 4.8  # inches; the page scales every SVG to its column
FONT_SIZE = 8.5  # points, at FIGURE_WIDTH
SMALL_FONT_SIZE = 7.5

MARKER_TEXT = {
    "[c]": "[c] suppressed",
    "[x]": "[x] not available",
    "[z]": "[z] not applicable",
}


# --- what the page shows -----------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """One catalogue row: what a metric is and how to read it."""

    code: str
    title: str
    unit: str
    decimals: int
    better_direction: str
    objective_number: int
    objective_name: str
    status: str
    input_source: str

    @property
    def higher_is_better(self) -> bool:
        return self.better_direction == "higher"

    @property
    def direction_text(self) -> str:
        return f"{self.better_direction} is better"

    @property
    def anchor(self) -> str:
        return "metric-" + re.sub(r"[^a-z0-9]+", "-", self.code.lower()).strip("-")

    def format(self, value: float | None, signed: bool = False) -> str:
        """A value in the metric's unit and decimals: 65.4%, 19.1, 0.417, +0.2."""
        if value is None:
            return ""
        sign = "+" if signed and value > 0 else ""
        number = f"{sign}{value:,.{self.decimals}f}"
        return f"{number}%" if self.unit == "%" and not signed else number

    def axis_label(self) -> str:
        unit = "per cent" if self.unit == "%" else self.unit
        return f"{unit} ({self.direction_text})"


@dataclass(frozen=True)
class AreaValue:
    """A geography's computed and published Total outcome for one metric."""

    level: str
    code: str
    name: str
    computed: float | None  # rounded as published
    outcome: float | None  # unrounded, for plotting
    margin: float | None
    marker: str | None
    published: float | None
    difference: float | None
    councils_supplied: int | None = None
    councils_in_geography: int | None = None

    @property
    def is_partial(self) -> bool:
        """A region, council type or England value not every council of which supplied."""
        return (
            self.councils_supplied is not None
            and self.councils_in_geography is not None
            and self.councils_supplied < self.councils_in_geography
        )

    @property
    def coverage_text(self) -> str:
        """'from 1 of 33 councils' for a partial geography, else empty."""
        if not self.is_partial:
            return ""
        return f"from {self.councils_supplied} of {self.councils_in_geography} councils"

    @property
    def marker_label(self) -> str:
        """Why no value is shown: '[x] not published: from 1 of 33 councils', '[c] suppressed'."""
        if self.is_partial:
            return f"[x] not published: {self.coverage_text}"
        return MARKER_TEXT.get(self.marker, self.marker) if self.marker else ""

    @property
    def role(self) -> str:
        return {"Council Type": "Council type"}.get(self.level, self.level)

    @property
    def label(self) -> str:
        return self.name if self.level in ("Council", "England") else f"{self.name} ({self.role})"


@dataclass(frozen=True)
class Chart:
    """An inline SVG with its text alternative (the SVG's <title> and <desc>) and a caption."""

    kind: str
    svg: Markup
    title: str
    description: str
    caption: str


@dataclass
class MetricSection:
    metric: Metric
    rows: list[AreaValue]
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comparison_text: str = ""

    @property
    def has_data(self) -> bool:
        return any(row.computed is not None for row in self.rows)


@dataclass(frozen=True)
class Area:
    """The report's subject: a council with its region and type, or England."""

    level: str
    code: str
    name: str
    region_code: str | None = None
    region_name: str | None = None
    council_type_code: str | None = None
    council_type_name: str | None = None

    @property
    def is_council(self) -> bool:
        return self.level == "Council"


@dataclass(frozen=True)
class ReportData:
    """Everything the page reads from the database, as plain tables."""

    metrics: list[Metric]
    comparison: pd.DataFrame
    trend: pd.DataFrame
    councils: pd.DataFrame
    years: list[str]


# --- reading the marts -------------------------------------------------------------------------


def read_report_data(connection: duckdb.DuckDBPyConnection) -> ReportData:
    """The catalogue, the comparison mart, the published trend and the councils."""
    try:
        catalogue = connection.execute(
            "select metric_code, title, unit, cast(decimals as integer), better_direction,"
            " cast(objective_number as integer), objective_name, status,"
            " coalesce(input_source, '')"
            f" from {REFERENCE_SCHEMA}.metric_catalogue where status in ?"
            " order by objective_number, status = 'experimental', metric_code",
            [list(SHOWN_STATUSES)],
        ).fetchall()
        comparison = connection.sql(
            "select geography_level, geography_code, geography_name, measure_group,"
            " value_marker, computed_outcome, computed_margin_of_error, computed_value,"
            " published_value, difference, councils_supplied, councils_in_geography"
            f" from {MARTS_SCHEMA}.ascof_published_comparison"
        ).df()
        trend = connection.sql(
            "select reporting_year, geography_level, geography_code, measure_group,"
            f" published_value from {MARTS_SCHEMA}.ascof_published_trend"
        ).df()
        councils = connection.sql(
            "select council_code, council_name, council_ons_code, council_type_code,"
            f" council_type_name, region_code, region_name from {REFERENCE_SCHEMA}.councils"
        ).df()
    except duckdb.CatalogException as error:
        raise UserError(
            f"the database has no report tables ({str(error).splitlines()[0]}); "
            "run `ascof build --data-dir DIR` first"
        ) from error
    metrics = [Metric(*row) for row in catalogue]
    years = sorted(trend["reporting_year"].unique().tolist())
    return ReportData(metrics, comparison, trend, councils, years)


def find_council(councils: pd.DataFrame, wanted: str) -> Area:
    """A council by NHS code (716), ONS code (E09000002) or name, ignoring case."""
    key = wanted.strip().lower()
    for column in ("council_code", "council_ons_code", "council_name"):
        found = councils[councils[column].str.lower() == key]
        if len(found) == 1:
            row = found.iloc[0]
            return Area(
                level="Council",
                code=row["council_code"],
                name=row["council_name"],
                region_code=row["region_code"],
                region_name=row["region_name"],
                council_type_code=row["council_type_code"],
                council_type_name=row["council_type_name"],
            )
    names = councils["council_name"].tolist()
    containing = [name for name in names if key and key in name.lower()]
    close = containing[:3] or difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UserError(
        f"council '{wanted}' not found{hint} (give an NHS council code such as 716, "
        "an ONS code or a council name)"
    )


def england() -> Area:
    return Area(level="England", code=ENGLAND_CODE, name="England")


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _count(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _area_value(row: Any) -> AreaValue:
    return AreaValue(
        level=row.geography_level,
        code=row.geography_code,
        name=row.geography_name,
        computed=_number(row.computed_value),
        outcome=_number(row.computed_outcome),
        margin=_number(row.computed_margin_of_error),
        marker=None if pd.isna(row.value_marker) else row.value_marker,
        published=_number(row.published_value),
        difference=_number(row.difference),
        councils_supplied=_count(getattr(row, "councils_supplied", None)),
        councils_in_geography=_count(getattr(row, "councils_in_geography", None)),
    )


def comparison_rows(metric_rows: pd.DataFrame, area: Area) -> list[AreaValue]:
    """The rows the metric's table and first chart show, in reading order.

    For a council: the council, its region, its council type and England. For England:
    England, then the regions, then the council types.
    """
    if area.is_council:
        wanted = [
            ("Council", area.code),
            ("Region", area.region_code),
            ("Council Type", area.council_type_code),
            ("England", ENGLAND_CODE),
        ]
        indexed = {
            (row.geography_level, row.geography_code): row for row in metric_rows.itertuples()
        }
        return [_area_value(indexed[key]) for key in wanted if key in indexed]
    order = {"England": 0, "Region": 1, "Council Type": 2}
    rows = metric_rows[metric_rows["geography_level"].isin(order)].copy()
    rows["level_order"] = rows["geography_level"].map(order)
    rows = rows.sort_values(["level_order", "geography_name"])
    return [_area_value(row) for row in rows.itertuples()]


# --- charts ------------------------------------------------------------------------------------


def _new_figure(height: float) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(FIGURE_WIDTH, height), layout="constrained")
    return figure


def _style_axes(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def figure_to_svg(figure: Figure, chart_id: str, title: str, description: str) -> Markup:
    """Render to SVG and make it fit inline: unique ids, no XML prologue, a text alternative."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart_id}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return Markup(inline_svg(buffer.getvalue(), chart_id, title, description))


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(raw: str, chart_id: str, title: str, description: str) -> str:
    """An SVG document as an element of the page.

    Ids get the chart's prefix so the many charts of one page never share one; the root gets
    role="img" with <title> and <desc> as its accessible name and description.
    """
    svg = raw[raw.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = _SVG_ID.sub(lambda match: f'id="{chart_id}-{match[1]}"', svg)
    svg = svg.replace('href="#', f'href="#{chart_id}-').replace("url(#", f"url(#{chart_id}-")
    root_end = svg.index(">") + 1
    root = svg[:root_end].replace(
        "<svg",
        f'<svg role="img" class="chart-svg" aria-labelledby="{chart_id}-title {chart_id}-desc"',
        1,
    )
    accessible = (
        f'<title id="{chart_id}-title">{html.escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{html.escape(description)}</desc>'
    )
    return root + accessible + svg[root_end:]


def _list_values(metric: Metric, items: Iterable[tuple[str, float | None, str | None]]) -> str:
    """'London (Region) 61.2%; England [x] not published: from 1 of 153 councils'; the third
    item is the text shown when there is no value (a marker label)."""
    parts = []
    for label, value, marker_label in items:
        if value is not None:
            parts.append(f"{label} {metric.format(value)}")
        elif marker_label:
            parts.append(f"{label} {marker_label}")
        else:
            parts.append(f"{label} not published")
    return "; ".join(parts)


def comparison_chart(metric: Metric, rows: Sequence[AreaValue], area: Area, chart_id: str) -> Chart:
    """Dots: each geography's computed value (with its margin of error) and published value."""
    figure = _new_figure(0.42 * len(rows) + 1.3)
    axes = figure.add_subplot()
    _style_axes(axes)
    positions = list(range(len(rows)))[::-1]
    for position, row in zip(positions, rows, strict=True):
        emphasis = row.level == area.level and row.code == area.code
        if row.outcome is not None:
            axes.errorbar(
                row.outcome,
                position + 0.13,
                xerr=row.margin if row.margin is not None else None,
                fmt="o",
                color=HIGHLIGHT_COLOUR if emphasis else COMPUTED_COLOUR,
                markersize=7 if emphasis else 6,
                capsize=3,
                linewidth=1.2,
            )
        if row.published is not None:
            axes.plot(
                row.published,
                position - 0.13,
                marker="D",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=PUBLISHED_COLOUR,
                markeredgewidth=1.8,
                linestyle="none",
            )
    axes.set_yticks(positions, [row.label for row in rows], fontsize=FONT_SIZE)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_xlabel(metric.axis_label(), fontsize=FONT_SIZE)
    axes.tick_params(axis="x", labelsize=FONT_SIZE)
    has_published = any(row.published is not None for row in rows)
    _comparison_legend(
        axes,
        has_margin=any(row.margin is not None for row in rows),
        highlighted=area.name if area.is_council else None,
        has_published=has_published,
    )
    title = f"{metric.code}: computed and published 2023-24 values"
    description = (
        f"{metric.code} {metric.title}, {metric.direction_text}. Computed 2023-24 values: "
        + _list_values(
            metric,
            ((row.label, row.computed, row.marker_label) for row in rows),
        )
        + ". Published 2023-24 values: "
        + _list_values(metric, ((row.label, row.published, None) for row in rows))
        + "."
    )
    svg = figure_to_svg(figure, chart_id, title, description)
    caption = "Computed value (dot, with its 95% margin of error where the metric has one)"
    caption += " and published 2023-24 value (diamond)." if has_published else "; none published."
    return Chart("comparison", svg, title, description, caption)


def _comparison_legend(
    axes: Axes, has_margin: bool, highlighted: str | None, has_published: bool
) -> None:
    from matplotlib.lines import Line2D

    computed_label = "Computed" + (" ± 95% margin of error" if has_margin else "")
    dot = {"marker": "o", "linestyle": "none"}
    handles = [Line2D([], [], color=COMPUTED_COLOUR, label=computed_label, **dot)]
    if highlighted:
        handles.append(Line2D([], [], color=HIGHLIGHT_COLOUR, label=highlighted, **dot))
    if has_published:
        handles.append(
            Line2D(
                [],
                [],
                marker="D",
                markerfacecolor="white",
                markeredgecolor=PUBLISHED_COLOUR,
                markeredgewidth=1.8,
                linestyle="none",
                label="Published 2023-24",
            )
        )
    axes.figure.legend(
        handles=handles,
        loc="outside upper center",
        ncols=2,
        fontsize=SMALL_FONT_SIZE,
        frameon=False,
    )


def trend_chart(
    metric: Metric,
    trend: pd.DataFrame,
    years: list[str],
    area: Area,
    computed: AreaValue | None,
    chart_id: str,
) -> Chart | None:
    """Lines: the published outcome each year for the area and England (None without history)."""
    england_series = _series(trend, "England", ENGLAND_CODE, years)
    area_series = _series(trend, area.level, area.code, years) if area.is_council else None
    shown = [england_series] + ([area_series] if area_series is not None else [])
    if max(sum(value is not None for value in series) for series in shown) < 2:
        return None
    figure = _new_figure(2.9)
    axes = figure.add_subplot()
    _style_axes(axes)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    positions = list(range(len(years)))
    if not area.is_council:
        _council_band(axes, trend, years)
    _plot_series(axes, positions, england_series, ENGLAND_COLOUR, "s", "--", "England (published)")
    if area_series is not None:
        _plot_series(
            axes, positions, area_series, HIGHLIGHT_COLOUR, "o", "-", f"{area.name} (published)"
        )
    if computed is not None and computed.outcome is not None and DEFAULT_YEAR in years:
        axes.plot(
            years.index(DEFAULT_YEAR),
            computed.outcome,
            marker="o",
            markersize=8,
            markerfacecolor="white",
            markeredgecolor=COMPUTED_COLOUR,
            markeredgewidth=2,
            linestyle="none",
            label=f"{computed.name} computed {DEFAULT_YEAR}",
        )
    axes.set_xticks(positions, years, fontsize=FONT_SIZE)
    axes.tick_params(axis="y", labelsize=FONT_SIZE)
    axes.set_ylabel(metric.axis_label(), fontsize=FONT_SIZE)
    axes.legend(fontsize=SMALL_FONT_SIZE, frameon=False, loc="best")
    title = f"{metric.code}: published trend {years[0]} to {years[-1]}"
    description = (
        f"{metric.code} {metric.title}, published values by year ({metric.direction_text}). "
    )
    if area_series is not None:
        description += f"{area.name}: {_series_text(metric, years, area_series)}. "
    description += f"England: {_series_text(metric, years, england_series)}."
    if computed is not None and computed.computed is not None:
        description += (
            f" Computed {DEFAULT_YEAR} for {computed.name}: {metric.format(computed.computed)}."
        )
    svg = figure_to_svg(figure, chart_id, title, description)
    caption = "Published values each year; a gap is a year with no published value."
    if not area.is_council:
        caption += " The shaded band is the middle half of councils' published values."
    return Chart("trend", svg, title, description, caption)


def _series(trend: pd.DataFrame, level: str, code: str, years: list[str]) -> list[float | None]:
    rows = trend[(trend["geography_level"] == level) & (trend["geography_code"] == code)]
    by_year = dict(zip(rows["reporting_year"], rows["published_value"], strict=True))
    return [_number(by_year.get(year)) for year in years]


def _plot_series(
    axes: Axes,
    positions: list[int],
    series: list[float | None],
    colour: str,
    marker: str,
    linestyle: str,
    label: str,
) -> None:
    values = [float("nan") if value is None else value for value in series]
    axes.plot(
        positions,
        values,
        marker=marker,
        color=colour,
        linestyle=linestyle,
        linewidth=1.6,
        markersize=5,
        label=label,
    )


def _council_band(axes: Axes, trend: pd.DataFrame, years: list[str]) -> None:
    councils = trend[trend["geography_level"] == "Council"]
    quartiles = councils.groupby("reporting_year")["published_value"].quantile([0.25, 0.75])
    lower = [_number(quartiles.get((year, 0.25))) for year in years]
    upper = [_number(quartiles.get((year, 0.75))) for year in years]
    positions = [
        i
        for i, (low, high) in enumerate(zip(lower, upper, strict=True))
        if low is not None and high is not None
    ]
    if len(positions) < 2:
        return
    axes.fill_between(
        positions,
        [lower[i] for i in positions],
        [upper[i] for i in positions],
        color=BAND_COLOUR,
        alpha=0.25,
        linewidth=0,
        label="Middle half of councils",
    )


def _series_text(metric: Metric, years: list[str], series: list[float | None]) -> str:
    parts = [
        f"{year} {metric.format(value)}"
        for year, value in zip(years, series, strict=True)
        if value is not None
    ]
    return ", ".join(parts) if parts else "no published values"


def distribution_chart(
    metric: Metric,
    councils: Sequence[AreaValue],
    england_value: AreaValue | None,
    area: Area,
    chart_id: str,
) -> Chart | None:
    """Every council's computed value, best first, with the report's council highlighted."""
    shown = [row for row in councils if row.computed is not None]
    if not shown:
        return None
    ranked = sorted(shown, key=lambda row: row.outcome or 0.0, reverse=metric.higher_is_better)
    figure = _new_figure(2.9)
    axes = figure.add_subplot()
    _style_axes(axes)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    positions = list(range(1, len(ranked) + 1))
    margins = [row.margin for row in ranked]
    axes.errorbar(
        positions,
        [row.outcome for row in ranked],
        yerr=[margin or 0.0 for margin in margins] if any(margins) else None,
        fmt="o",
        color=CONTEXT_COLOUR,
        markersize=3,
        elinewidth=0.6,
        alpha=0.7,
        label="Councils (computed)",
    )
    if england_value is not None and england_value.outcome is not None:
        axes.axhline(
            england_value.outcome,
            color=ENGLAND_COLOUR,
            linestyle="--",
            linewidth=1.2,
            label=f"England {metric.format(england_value.computed)}",
        )
    subject = next((row for row in ranked if area.is_council and row.code == area.code), None)
    if subject is not None:
        position = ranked.index(subject) + 1
        axes.errorbar(
            position,
            subject.outcome,
            yerr=subject.margin,
            fmt="o",
            color=HIGHLIGHT_COLOUR,
            markersize=8,
            capsize=3,
            label=f"{subject.name} {metric.format(subject.computed)}",
        )
    axes.set_xlim(0, len(ranked) + 1)
    axes.set_xlabel(f"councils, best first (1 = best; {metric.direction_text})", fontsize=FONT_SIZE)
    axes.set_ylabel(metric.axis_label(), fontsize=FONT_SIZE)
    axes.tick_params(labelsize=FONT_SIZE)
    axes.legend(fontsize=SMALL_FONT_SIZE, frameon=False, loc="best")
    values = [row.computed for row in shown if row.computed is not None]
    median = float(pd.Series(values).median())
    title = f"{metric.code}: computed values of all councils"
    description = (
        f"{metric.code} {metric.title}: {len(shown)} councils with a computed value, from "
        f"{metric.format(min(values))} to {metric.format(max(values))} "
        f"(median {metric.format(median)}; {metric.direction_text})."
    )
    if england_value is not None and england_value.computed is not None:
        description += f" England: {metric.format(england_value.computed)}."
    if subject is not None:
        rank = 1 + sum(_better(metric, row.computed, subject.computed) for row in shown)
        description += (
            f" {subject.name}: {metric.format(subject.computed)}, ranked {rank} of {len(shown)}"
            " (1 = best)."
        )
    elif area.is_council:
        description += f" {area.name} has no computed value to show."
    svg = figure_to_svg(figure, chart_id, title, description)
    caption = "Every council's computed value, best on the left, with its margin of error."
    return Chart("distribution", svg, title, description, caption)


def _better(metric: Metric, value: float | None, than: float | None) -> bool:
    if value is None or than is None:
        return False
    return value > than if metric.higher_is_better else value < than


# --- the page ----------------------------------------------------------------------------------


def compare_with_england(
    metric: Metric, subject: AreaValue | None, england_row: AreaValue | None
) -> str:
    """How the council's value reads against England's, from the values the marts hold.

    'similar to England' when England lies within the council's 95% margin of error, else
    'above England (better)' and the like. When England is not computed from every council
    (a build of some councils' returns), the council is compared with England's published
    value instead: 'above England's published 2023-24 value (better)'. Empty when either
    value is missing.
    """
    if subject is None or england_row is None or subject.computed is None:
        return ""
    if england_row.computed is not None:
        name, value, outcome = "England", england_row.computed, england_row.outcome
    elif england_row.published is not None:
        name = f"England's published {DEFAULT_YEAR} value"
        value = outcome = england_row.published
    else:
        return ""
    if subject.computed == value:
        return f"the same as {name}"
    if (
        subject.margin is not None
        and subject.outcome is not None
        and outcome is not None
        and abs(subject.outcome - outcome) <= subject.margin
    ):
        return f"similar to {name}"
    side = "above" if subject.computed > value else "below"
    verdict = "better" if _better(metric, subject.computed, value) else "worse"
    return f"{side} {name} ({verdict})"


def build_sections(data: ReportData, area: Area) -> list[MetricSection]:
    sections = []
    for index, metric in enumerate(data.metrics, start=1):
        metric_rows = data.comparison[data.comparison["measure_group"] == metric.code]
        rows = comparison_rows(metric_rows, area)
        section = MetricSection(metric=metric, rows=rows)
        if section.has_data:
            add_charts(section, data, metric_rows, area, chart_prefix=f"c{index}")
        sections.append(section)
    return sections


def add_charts(
    section: MetricSection,
    data: ReportData,
    metric_rows: pd.DataFrame,
    area: Area,
    chart_prefix: str,
) -> None:
    metric = section.metric
    by_level = {(row.level, row.code): row for row in section.rows}
    subject = by_level.get((area.level, area.code))
    england_row = by_level.get(("England", ENGLAND_CODE))
    section.comparison_text = (
        compare_with_england(metric, subject, england_row) if area.is_council else ""
    )
    section.charts.append(comparison_chart(metric, section.rows, area, f"{chart_prefix}-compare"))
    metric_trend = data.trend[data.trend["measure_group"] == metric.code]
    trend = trend_chart(metric, metric_trend, data.years, area, subject, f"{chart_prefix}-trend")
    if trend is None:
        section.notes.append("No published values before 2023-24 to draw a trend.")
    else:
        section.charts.append(trend)
    councils = [
        _area_value(row)
        for row in metric_rows[metric_rows["geography_level"] == "Council"].itertuples()
    ]
    distribution = distribution_chart(metric, councils, england_row, area, f"{chart_prefix}-spread")
    if distribution is not None:
        section.charts.append(distribution)
    if subject is not None and subject.marker:
        section.notes.append(f"{subject.name}: {subject.marker_label}.")
    section.notes.extend(coverage_notes(section.rows))


def coverage_notes(rows: Sequence[AreaValue]) -> list[str]:
    """One line per geography computed from only some of its councils, which is not published."""
    return [
        f"{row.label}: computed {row.coverage_text} that supplied the source, so not shown"
        " (published only when every council supplied it); compare with the published value."
        for row in rows
        if row.is_partial
    ]


@dataclass(frozen=True)
class Objective:
    number: int
    name: str
    sections: list[MetricSection]


def group_by_objective(sections: list[MetricSection]) -> list[Objective]:
    objectives: dict[int, Objective] = {}
    for section in sections:
        metric = section.metric
        if metric.objective_number not in objectives:
            objectives[metric.objective_number] = Objective(
                metric.objective_number, metric.objective_name, []
            )
        objectives[metric.objective_number].sections.append(section)
    return [objectives[number] for number in sorted(objectives)]


def _ascof_version() -> str:
    try:
        return version("ascof")
    except PackageNotFoundError:
        return "dev"


def render_page(
    area: Area, sections: list[MetricSection], year: str, provenance: Provenance | None = None
) -> str:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    template = environment.get_template(TEMPLATE)
    return template.render(
        area=area,
        year=year,
        objectives=group_by_objective(sections),
        with_data=[section for section in sections if section.has_data],
        without_data=[section for section in sections if not section.has_data],
        marker_text=MARKER_TEXT,
        generated=dt.date.today().isoformat(),
        ascof_version=_ascof_version(),
        provenance=provenance,
        synthetic_banner=SYNTHETIC_BANNER,
        colours={
            "computed": COMPUTED_COLOUR,
            "published": PUBLISHED_COLOUR,
            "highlight": HIGHLIGHT_COLOUR,
            "england": ENGLAND_COLOUR,
            "context": CONTEXT_COLOUR,
        },
    )


def run_report(settings: Settings, council: str | None, out_file: Path, year: str) -> ReportSummary:
    """Read the marts, draw every chart and write the page atomically to out_file."""
    year = check_year(year)
    with open_marts(settings.database_path) as connection:
        data = read_report_data(connection)
        provenance = read_provenance(connection)
    area = find_council(data.councils, council) if council else england()
    sections = build_sections(data, area)
    page = render_page(area, sections, year, provenance)
    out_file = out_file.expanduser().resolve()
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        with staged_files(out_file.parent) as stage:
            stage(out_file.name).write_text(page, encoding="utf-8")
    except OSError as error:
        raise UserError(f"{out_file}: could not write the report ({error.strerror})") from error
    with_data = [section for section in sections if section.has_data]
    return ReportSummary(
        path=out_file,
        area=area,
        metrics_with_data=len(with_data),
        metrics=len(sections),
        charts=sum(len(section.charts) for section in with_data),
        lines=[
            f"  {section.metric.code:<7}"
            + (f"{len(section.charts)} charts" if section.has_data else "no data")
            for section in sections
        ],
    )


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    area: Area
    metrics_with_data: int
    metrics: int
    charts: int
    lines: list[str]


def default_report_path(settings: Settings, council: str | None) -> Path:
    name = f"ascof_report_{council.strip().lower()}" if council else "ascof_report_england"
    return settings.project_dir / "target" / "report" / f"{re.sub(r'[^a-z0-9_]+', '_', name)}.html"


@click.command("report")
@click.option(
    "--council",
    default=None,
    metavar="CODE",
    help="NHS council code (e.g. 716), ONS code or name; England-wide without it.",
)
@click.option(
    "--out",
    "out_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write (default: <project>/target/report/ascof_report_<council>.html).",
)
@click.option("--year", default=DEFAULT_YEAR, show_default=True, help="Survey year.")
@pass_options
def report_command(
    options: GlobalOptions, council: str | None, out_file: Path | None, year: str
) -> None:
    """Write a static HTML report with charts for a council or England.

    For each metric with data, grouped by objective: the computed value against the
    region, the council type, England and the published 2023-24 value; the published
    trend 2017-18 to 2023-24; and every council's value with this one highlighted.
    One self-contained file: it opens offline, and every chart has a text alternative.
    Run after `ascof build`.

    \b
    Example:
      ascof report --council 716 --out report_716.html
      ascof report --out england.html
    """
    settings = options.settings(needs_project=False)
    target = out_file or default_report_path(settings, council)
    summary = run_report(settings, council, target, year)
    if settings.verbose:
        for line in summary.lines:
            click.echo(line)
    if not settings.quiet:
        click.echo(
            f"Report for {summary.area.name}: {summary.metrics_with_data} of {summary.metrics}"
            f" metrics with data, {summary.charts} charts"
        )
        click.echo(f"Report: {summary.path}")
