"""`ascof report`: one self-contained HTML page, a chart set per metric with data, each chart with
a text alternative, values as the marts hold them, and nothing at person level."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import Result
from conftest import PROJECT_DIR, REPORT_COUNCIL, Built, invoke

from runner.provenance import Provenance
from runner.report import england, find_council, render_page

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
EXTERNAL = re.compile(r"""(?:src|href|xlink:href|action|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def iter(self, tag: str | None = None) -> list[Element]:
        found = [self] if tag is None or self.tag == tag else []
        for child in self.children:
            found += child.iter(tag)
        return found

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


class TreeBuilder(HTMLParser):
    """Just enough of a DOM to check the page's structure (stdlib only)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Element("#text", {}, text=data))


def parse(html: str) -> Element:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@pytest.fixture(scope="module")
def report_html(report_file: Path) -> str:
    return report_file.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report_page(report_html: str) -> Element:
    return parse(report_html)


@pytest.fixture(scope="module")
def comparison(built: Built) -> pd.DataFrame:
    with duckdb.connect(str(built.workspace.database), read_only=True) as connection:
        return connection.sql("select * from marts.ascof_published_comparison").df()


def computed_metrics(comparison: pd.DataFrame) -> set[str]:
    """Metrics with at least one shown (not [c] or [x]) computed value."""
    return set(comparison.loc[comparison["computed_value"].notna(), "measure_group"])


def metric_articles(page: Element) -> dict[str, Element]:
    return {
        article.attrs["data-metric-code"]: article
        for article in page.iter("article")
        if article.has_class("metric")
    }


def assert_user_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ascof: error: "), result.stderr
    for word in words:
        assert word in lines[0]


# --- structure ---------------------------------------------------------------------------------


def test_every_metric_with_data_has_a_section_with_its_charts(
    report_page: Element, comparison: pd.DataFrame
) -> None:
    expected = computed_metrics(comparison)
    assert expected, "the build computed no metric"
    articles = metric_articles(report_page)
    assert set(articles) == expected
    for code, article in articles.items():
        kinds = {figure.attrs.get("data-chart") for figure in article.iter("figure")}
        assert {"comparison", "distribution"} <= kinds, (code, kinds)
        assert all(len(figure.iter("svg")) == 1 for figure in article.iter("figure")), code


def test_every_chart_has_a_text_alternative_naming_its_values(report_page: Element) -> None:
    ids = {element.attrs["id"]: element for element in report_page.iter() if "id" in element.attrs}
    charts = report_page.iter("svg")
    assert charts
    for svg in charts:
        assert svg.attrs.get("role") == "img"
        title_id, desc_id = svg.attrs["aria-labelledby"].split()
        title, desc = ids[title_id], ids[desc_id]
        assert (title.tag, desc.tag) == ("title", "desc")
        assert svg.children[0] is title, "the <title> must be the chart's first child"
        assert title.all_text().strip()
        assert NUMBER.search(desc.all_text()), desc.all_text()


def test_ids_are_unique_across_the_charts(report_page: Element) -> None:
    ids = [element.attrs["id"] for element in report_page.iter() if "id" in element.attrs]
    duplicates = sorted({value for value in ids if ids.count(value) > 1})
    assert not duplicates, duplicates[:10]


def test_metrics_are_grouped_by_objective(report_page: Element) -> None:
    sections = [
        section
        for section in report_page.iter("section")
        if section.has_class("objective") and metric_articles(section)
    ]
    numbers = [int(section.attrs["id"].removeprefix("objective-")) for section in sections]
    assert numbers == sorted(numbers) and numbers, numbers
    for section in sections:
        for code in metric_articles(section):
            assert code.startswith(section.attrs["id"].removeprefix("objective-")), code


def test_the_council_row_shows_the_marts_values(
    report_page: Element, comparison: pd.DataFrame
) -> None:
    articles = metric_articles(report_page)
    council = comparison[comparison["geography_code"] == REPORT_COUNCIL]
    checked = 0
    for row in council.itertuples():
        if row.measure_group not in articles:
            continue
        subject = next(
            tr for tr in articles[row.measure_group].iter("tr") if tr.has_class("subject")
        )
        cells = [cell.all_text().strip().replace(",", "") for cell in subject.iter("td")]
        if pd.isna(row.computed_value):
            assert cells[0].startswith(row.value_marker or "[x]"), (row.measure_group, cells)
        else:
            number = f"{row.computed_value:.{int(row.decimals)}f}"
            assert cells[0].removesuffix("%") == number, (row.measure_group, cells)
        if not pd.isna(row.published_value):
            assert cells[2].removesuffix("%") == f"{row.published_value:.{int(row.decimals)}f}"
        checked += 1
    assert checked == len(articles)


def test_suppressed_values_are_not_shown(report_page: Element, comparison: pd.DataFrame) -> None:
    """A [c] council's unrounded value exists in ascof_outcomes but must not reach the page."""
    suppressed = comparison[
        (comparison["geography_code"] == REPORT_COUNCIL) & (comparison["value_marker"] == "[c]")
    ]
    articles = metric_articles(report_page)
    for row in suppressed.itertuples():
        if row.measure_group in articles:
            text = articles[row.measure_group].all_text()
            assert "[c] suppressed" in text


# --- self-contained, private -------------------------------------------------------------------


def test_the_report_opens_without_a_network(report_html: str, report_page: Element) -> None:
    assert not EXTERNAL.findall(report_html), EXTERNAL.findall(report_html)[:5]
    assert not report_page.iter("script"), "the report needs no scripts"
    assert not [link for link in report_page.iter("link") if "href" in link.attrs]
    assert "@import" not in report_html
    assert "url(http" not in report_html.replace(" ", "")
    for anchor in report_page.iter("a"):
        assert anchor.attrs.get("href", "#").startswith("#"), anchor.attrs


def person_fields(data_dir: Path, sample: int = 25) -> list[list[str]]:
    """A spread of respondents from each survey file: their fields from LaCode, SerialNo to Age."""
    rows: list[list[str]] = []
    for path in sorted(data_dir.glob("*/*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if not {"LaCode", "SerialNo", "Age"} <= set(frame.columns):
            continue
        through_age = frame.columns.get_loc("Age") + 1
        with_age = frame[frame["Age"] != ""]
        step = max(len(with_age) // sample, 1)
        rows += with_age.iloc[::step, :through_age].values.tolist()[:sample]
    return rows


def test_the_report_holds_no_person_level_values(report_html: str, built: Built) -> None:
    rows = person_fields(built.workspace.data_dir)
    assert len(rows) >= 25
    leaked = [
        row
        for row in rows
        for separator in (",", ", ", "|", " | ", "\t", " ")
        if separator.join(row) in report_html
    ]
    assert not leaked, leaked[:3]
    serials = {row[1] for row in rows if len(row[1]) >= 6}
    assert not [serial for serial in serials if f">{serial}<" in report_html]


# --- provenance --------------------------------------------------------------------------------


def provenance_items(page: Element) -> dict[str, str]:
    """The footer's 'where these numbers come from' list, label -> value."""
    [listing] = [element for element in page.iter("dl") if element.has_class("provenance")]
    labels = [element.all_text().strip() for element in listing.iter("dt")]
    values = [element.all_text().strip() for element in listing.iter("dd")]
    return dict(zip(labels, values, strict=True))


def test_the_report_says_which_build_and_data_it_shows(report_page: Element, built: Built) -> None:
    items = provenance_items(report_page)
    assert items["Data"] == f"data folder {built.workspace.data_dir.resolve()}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", items["Built"]), items
    assert items["Reporting year"] == "2023-24"
    assert items["Warehouse"] == "duckdb"
    assert items["Synthetic data"].startswith("yes")


def test_generated_data_carries_a_visible_synthetic_banner(report_page: Element) -> None:
    banners = [
        element for element in report_page.iter("div") if element.has_class("synthetic-banner")
    ]
    assert len(banners) == 1
    assert banners[0].all_text().startswith("Synthetic data:")
    body = report_page.iter("body")[0]
    first_elements = [child for child in body.children if child.tag != "#text"][:2]
    assert banners[0] in first_elements, "the banner comes before the page's header"


def test_real_returns_get_no_banner_and_an_old_database_says_so() -> None:
    real = Provenance(
        inputs="data folder /councils/716",
        built_at=dt.datetime(2026, 12, 1, 9, 30),
        reporting_year="2023-24",
        target="postgres",
        is_synthetic=False,
        ascof_version="0.1.0",
    )
    page = parse(render_page(england(), [], "2023-24", real))
    assert not [element for element in page.iter("div") if element.has_class("synthetic-banner")]
    items = provenance_items(page)
    assert items["Data"] == "data folder /councils/716"
    assert items["Built"] == "2026-12-01 09:30 UTC"
    assert items["Synthetic data"] == "no"
    unrecorded = parse(render_page(england(), [], "2023-24", None))
    assert "no build record" in unrecorded.iter("footer")[0].all_text()


# --- England-wide and errors -------------------------------------------------------------------


def test_without_a_council_the_report_is_england_wide(
    built: Built, comparison: pd.DataFrame, tmp_path: Path
) -> None:
    assert built.result.exit_code == 0, built.result.output
    out_file = tmp_path / "england.html"
    result = invoke("report", "--out", str(out_file))
    assert result.exit_code == 0, result.output
    assert str(out_file) in result.stdout
    page = parse(out_file.read_text(encoding="utf-8"))
    assert "England" in page.iter("h1")[0].all_text()
    articles = metric_articles(page)
    assert set(articles) == computed_metrics(comparison)
    table_rows = articles[sorted(articles)[0]].iter("table")[0].iter("tbody")[0].iter("tr")
    assert len(table_rows) == 1 + 9 + 5, "England, 9 regions and 5 council types"
    assert not list(tmp_path.glob(".*")), "no temporary file left behind"


def test_a_council_can_be_named_by_ons_code(built: Built, tmp_path: Path) -> None:
    assert built.result.exit_code == 0
    out_file = tmp_path / "report.html"
    result = invoke("--quiet", "report", "--council", "E09000002", "--out", str(out_file))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "Barking and Dagenham" in parse(out_file.read_text()).iter("h1")[0].all_text()


@pytest.mark.parametrize("wanted", ["716", "e09000002", "BARKING AND DAGENHAM", " 716 "])
def test_find_council_takes_a_code_an_ons_code_or_a_name(wanted: str) -> None:
    councils = pd.read_csv(PROJECT_DIR / "seeds" / "reference" / "councils.csv", dtype=str)
    area = find_council(councils, wanted)
    assert (area.code, area.name) == ("716", "Barking and Dagenham")
    assert (area.region_code, area.council_type_code) == ("L", "OL")


def test_an_unknown_council_is_a_user_error_with_suggestions(built: Built, tmp_path: Path) -> None:
    assert built.result.exit_code == 0
    result = invoke("report", "--council", "Barking", "--out", str(tmp_path / "x.html"))
    assert_user_error(result, "Barking", "did you mean")
    assert not (tmp_path / "x.html").exists()


def test_report_before_build_is_a_user_error(tmp_path: Path) -> None:
    env = {"ASCOF_DUCKDB_PATH": str(tmp_path / "never-built.duckdb")}
    result = invoke("report", "--out", str(tmp_path / "r.html"), env=env)
    assert_user_error(result, "ascof build")


def test_report_from_a_database_without_the_marts_is_a_user_error(tmp_path: Path) -> None:
    database = tmp_path / "empty.duckdb"
    duckdb.connect(str(database)).close()
    env = {"ASCOF_DUCKDB_PATH": str(database)}
    assert_user_error(invoke("report", "--out", str(tmp_path / "r.html"), env=env), "ascof build")


def test_report_help_has_an_example() -> None:
    result = invoke("report", "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "ascof report --council" in result.output
