"""The editors' dashboard (`salve check --report DIR`) in headless Chromium: it passes axe-core, its table sorts by
a column both ways, and its count of overdue pages is the number of review-overdue findings `salve check` prints.

Run by `make test`, which has built .build/debug/salve."""
import json
import pathlib
import subprocess

import pytest
from selenium.webdriver.common.by import By

from test_site_in_browser import AXE_SOURCE, AXE_TAGS

ROOT = pathlib.Path(__file__).resolve().parents[2]
SALVE = ROOT / ".build" / "debug" / "salve"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """The bundled site checked as of 2030, when every page is overdue: the dashboard's path and the JSON report."""
    folder = tmp_path_factory.mktemp("report")
    result = subprocess.run([str(SALVE), "check", "--site", str(ROOT), "--today", "2030-01-01", "--format", "json",
                             "--report", str(folder)], capture_output=True, text=True)
    assert result.returncode == 1, "overdue reviews are errors"
    return folder / "index.html", json.loads(result.stdout)


def test_the_overdue_count_matches_salve_check(browser, dashboard):
    page, report = dashboard
    browser.get(page.as_uri())
    overdue = [f for f in report["findings"] if f["check"] == "review-overdue"]
    assert len(overdue) == 110
    assert browser.find_element(By.CSS_SELECTOR, "#tile-overdue .count").text == str(len(overdue))
    flagged = browser.find_elements(By.CSS_SELECTOR, "#page-table td.overdue")
    assert len(flagged) == len(overdue)


def test_the_dashboard_passes_axe(browser, dashboard):
    browser.get(dashboard[0].as_uri())
    browser.execute_script(AXE_SOURCE)
    violations = browser.execute_script(
        "return axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(r => r.violations.map(v =>"
        " v.id + ': ' + v.help + ' at ' + JSON.stringify(v.nodes.slice(0, 3).map(n => n.target))))", AXE_TAGS)
    assert violations == []


def test_the_table_sorts_by_a_column_both_ways(browser, dashboard):
    browser.get(dashboard[0].as_uri())
    headers = browser.find_elements(By.CSS_SELECTOR, "#page-table th")
    words = next(i for i, th in enumerate(headers) if th.text == "Words")

    def column():
        return [int(row.find_elements(By.TAG_NAME, "td")[words].text)
                for row in browser.find_elements(By.CSS_SELECTOR, "#page-table tbody tr")]

    assert column() != sorted(column()), "not sorted by words to begin with"
    headers[words].find_element(By.TAG_NAME, "button").click()
    assert column() == sorted(column()) and headers[words].get_attribute("aria-sort") == "ascending"
    headers[words].find_element(By.TAG_NAME, "button").click()
    assert column() == sorted(column(), reverse=True) and headers[words].get_attribute("aria-sort") == "descending"
    title = headers[0]
    title.find_element(By.TAG_NAME, "button").click()
    names = [row.find_element(By.TAG_NAME, "a").text.lower() for row in browser.find_elements(By.CSS_SELECTOR, "#page-table tbody tr")]
    assert names == sorted(names) and headers[words].get_attribute("aria-sort") is None
