"""Headless Chromium opens the docs site and the report from disk, as a person would.

Each page must show what it promises (a page for each metric in the docs site, a chart set per
metric in the report), log no console errors, and show readable text in the window (judged
from the page's content, never from screenshot pixels); screenshots go to target/screenshots/
for a person to look at. Chromium and its driver are Debian packages
(scripts/ensure_chromium.sh installs them); only when they are missing are these tests skipped.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import PROJECT_DIR, REPORT_COUNCIL, Built

SCREENSHOTS = PROJECT_DIR / "target" / "screenshots"
CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
CHROMEDRIVER = shutil.which("chromedriver")
# Without the networking flags Chromium tries to reach Google's services and logs the failures.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
]
WAIT_SECONDS = 30
# dbt-docs' own page logs these on file:// (an unbound image template and a missing favicon);
# they come from dbt's bundled page, not from this project's content.


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(
            "Chromium or chromedriver is not installed and could not be "
            "(scripts/ensure_chromium.sh: apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def computed_codes(built: Built) -> list[str]:
    """Metric codes this build computed (some value not hidden by a marker)."""
    with duckdb.connect(str(built.workspace.database), read_only=True) as connection:
        rows = connection.execute(
            "select distinct measure_group from marts.ascof_outcomes"
            " where measure_type = 'Outcome' and value_marker is null order by 1"
        ).fetchall()
    codes = [code for (code,) in rows]
    assert codes, "the build computed no metric"
    return codes


@pytest.fixture(scope="module")
def metric_models(docs_index: Path, built: Built) -> dict[str, list[str]]:
    """Metric code -> names of its models under marts/metrics, from the docs' manifest."""
    manifest = json.loads((built.workspace.target_path / "manifest.json").read_text())
    names = [
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/metrics/")
    ]
    models: dict[str, list[str]] = {}
    for name in names:
        match = re.fullmatch(r"ascof_(?:[a-z]+_)*?([1-6][a-z0-9]*(?:_all)?)", name)
        if match:
            code = match[1].upper().replace("_", "-")
            models.setdefault(code, []).append(name)
    return models


def open_page(driver: Any, url: str) -> None:
    """A fresh load (not a same-page hash change), with the console log emptied first."""
    driver.get_log("browser")
    driver.get("about:blank")
    driver.get(url)


def wait_for_text(driver: Any, text: str) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def body_text(current: Any) -> str | bool:
        body = current.find_element(By.TAG_NAME, "body").text
        return body if text in body else False

    return WebDriverWait(driver, WAIT_SECONDS).until(body_text)


def wait_for_pattern(driver: Any, pattern: str) -> bool:
    """True once a line of the page's text matches pattern, False after the wait."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def matches(current: Any) -> bool:
        text = current.find_element(By.TAG_NAME, "body").text
        return re.search(pattern, text, re.MULTILINE) is not None

    try:
        return WebDriverWait(driver, WAIT_SECONDS / 3).until(matches)
    except TimeoutException:
        return False


def console_errors(driver: Any, allowed: tuple[re.Pattern[str], ...] = ()) -> list[str]:
    """SEVERE entries of the browser console since the last call, less the allowed ones."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE"
        and not any(pattern.search(entry["message"]) for pattern in allowed)
    ]


# Text elements that a person would see in the viewport: rendered, not hidden or transparent,
# inside the window, with a text colour that differs from the page's background.
_VISIBLE_TEXT_SCRIPT = """
const root = arguments[0] || document.body;
const width = window.innerWidth, height = window.innerHeight;
const seen = [];
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const text = walker.currentNode.textContent.trim();
  const parent = walker.currentNode.parentElement;
  if (!text || !parent) continue;
  const style = window.getComputedStyle(parent);
  if (style.visibility !== 'visible' || style.display === 'none' || +style.opacity === 0) continue;
  if (style.color === 'rgba(0, 0, 0, 0)') continue;
  const box = parent.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) continue;
  if (box.bottom < 0 || box.right < 0 || box.top > height || box.left > width) continue;
  seen.push(text);
}
return seen;
"""


def assert_shows_content(driver: Any, element: Any = None) -> None:
    """The page (or element) shows text a person can read in the window.

    Judged from the page's content, not the screenshot's pixels: pixel statistics move with the
    fonts a machine has installed, and once failed a real page as "blank".
    """
    from selenium.webdriver.common.by import By

    target = element if element is not None else driver.find_element(By.TAG_NAME, "body")
    assert target.is_displayed(), "the page shows nothing"
    if element is not None:  # a page's body can have no height of its own (dbt docs' layout)
        assert element.size["width"] > 0 and element.size["height"] > 0, element.size
    texts = driver.execute_script(_VISIBLE_TEXT_SCRIPT, element)
    words = sum(len(text.split()) for text in texts)
    assert words >= 5, f"only {words} visible words in the window: {texts}"


def screenshot(driver: Any, name: str, element: Any = None) -> Path:
    """Save a screenshot for a person to look at (target/screenshots/); what the page shows is
    asserted on its content (assert_shows_content)."""
    assert_shows_content(driver, element)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    if element is None:
        driver.save_screenshot(str(path))
    else:
        element.screenshot(str(path))
    assert path.stat().st_size > 0, f"{name}: empty screenshot"
    return path


# --- the docs site -----------------------------------------------------------------------------


def test_docs_overview_opens_and_indexes_every_metric(browser: Any, docs_index: Path) -> None:
    import csv

    open_page(browser, docs_index.as_uri())
    body = wait_for_text(browser, "Find a metric")
    with (PROJECT_DIR / "seeds" / "reference" / "metric_catalogue.csv").open() as handle:
        catalogue = [row for row in csv.DictReader(handle) if row["status"] != "retired"]
    missing = [row["metric_code"] for row in catalogue if row["title"] not in body]
    assert not missing, f"the overview's metric table lacks {missing}"
    for marker in ("[c]", "[x]", "[z]"):
        assert marker in body
    screenshot(browser, "docs_overview.png")
    assert not console_errors(browser)


def test_every_computed_metric_has_a_docs_page_starting_with_its_code(
    browser: Any, docs_index: Path, computed_codes: list[str], metric_models: dict[str, list[str]]
) -> None:
    missing = [code for code in computed_codes if code not in metric_models]
    assert not missing, f"no ascof_<code> model in the docs site for {missing}"
    open_page(browser, docs_index.as_uri())
    for code in computed_codes:
        for model in metric_models[code]:
            browser.get(f"{docs_index.as_uri()}#!/model/model.ascof.{model}")
            body = wait_for_text(browser, f"{model}\n")
            descriptions = re.findall(r"^Description\n(.+)$", body, re.MULTILINE)
            assert any(text.startswith(f"{code} ") for text in descriptions), (model, descriptions)
    first = metric_models[computed_codes[0]][0]
    browser.get(f"{docs_index.as_uri()}#!/model/model.ascof.{first}")
    wait_for_text(browser, f"{first}\n")
    screenshot(browser, f"docs_{first}.png")
    assert not console_errors(browser)


def test_the_docs_search_finds_each_metric_by_code_among_names(
    browser: Any, docs_index: Path, computed_codes: list[str], metric_models: dict[str, list[str]]
) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, docs_index.as_uri())
    wait_for_text(browser, "Find a metric")
    for code in computed_codes:
        search = browser.find_element(By.ID, "search")
        search.clear()
        search.send_keys(code)
        wait_for_text(browser, "search results")
        names_only = browser.find_element(By.ID, "name")  # the results page's "Name" filter
        if not names_only.is_selected():
            names_only.click()
        listed = "|".join(re.escape(model) for model in metric_models[code])
        assert wait_for_pattern(
            browser, rf"^(?:{listed}) model$"
        ), f"searching {code!r} does not list {metric_models[code]}"
    screenshot(browser, "docs_search.png")


def test_the_exposures_are_in_the_docs_site(browser: Any, docs_index: Path) -> None:
    open_page(browser, f"{docs_index.as_uri()}#!/exposure/exposure.ascof.ascof_report")
    body = wait_for_text(browser, "ascof maintainers")
    assert "ascof_published_comparison" in body
    assert not console_errors(browser)


# --- the report --------------------------------------------------------------------------------


def test_the_report_shows_a_chart_set_per_computed_metric(
    browser: Any, report_file: Path, computed_codes: list[str]
) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, report_file.as_uri())
    wait_for_text(browser, "At a glance")
    articles = browser.find_elements(By.CSS_SELECTOR, "article.metric")
    codes = [article.get_attribute("data-metric-code") for article in articles]
    assert sorted(codes) == sorted(computed_codes)
    assert [code[0] for code in codes] == sorted(code[0] for code in codes), "by objective"
    for article in articles:
        charts = article.find_elements(By.CSS_SELECTOR, "figure.chart svg[role='img']")
        assert len(charts) >= 2, article.get_attribute("data-metric-code")
        for chart in charts:
            assert chart.size["width"] > 200 and chart.size["height"] > 100, chart.size
            assert chart.get_attribute("aria-labelledby")
    assert not console_errors(browser), "the report must log nothing to the console"
    screenshot(browser, f"report_{REPORT_COUNCIL}_top.png")
    browser.execute_script("arguments[0].scrollIntoView();", articles[0])
    screenshot(browser, f"report_{REPORT_COUNCIL}_first_metric.png", element=articles[0])


def test_the_report_shows_the_synthetic_banner_and_where_its_numbers_come_from(
    browser: Any, report_file: Path
) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, report_file.as_uri())
    wait_for_text(browser, "At a glance")
    banner = browser.find_element(By.ID, "synthetic-data")
    assert banner.is_displayed() and banner.text.startswith("Synthetic data:")
    assert banner.location["y"] < 50, "the banner is at the top of the page"
    provenance = browser.find_element(By.CSS_SELECTOR, "dl.provenance").text
    assert "data folder" in provenance and "UTC" in provenance


def test_the_report_works_offline(browser: Any, report_file: Path) -> None:
    """Every resource the page loaded came from the file itself."""
    open_page(browser, report_file.as_uri())
    wait_for_text(browser, "At a glance")
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)"
    )
    assert resources == [], resources
