"""The default theme as patients meet it, in headless Chromium: every page of the bundled site passes axe-core at
390 and 1280 px in the light and dark schemes, has no horizontal scrolling at 320 px and no link or button smaller
than 24 by 24 px; the phone menu opens from the keyboard; the body map works by Tab and Enter; the footer sits at the
bottom of a short page; every condition page prints on at most 2 A4 pages with its care card and review date.

Run by `make test` after the site is built into public/."""
import base64
import pathlib
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from test_site_in_browser import AXE_SOURCE, AXE_TAGS, PUBLIC, server  # noqa: F401 (the server fixture)


def site_pages():
    """Every page of the built site, as the path a browser asks for."""
    pages = [("/" + str(p.parent.relative_to(PUBLIC)) + "/").replace("/./", "/")
             for p in sorted(PUBLIC.rglob("index.html")) if "search-index" not in p.parts]
    return pages + ["/404.html", "/search/?q=calf"]


PAGES = site_pages() if (PUBLIC / "index.html").exists() else ["(build the site first)"]
CONDITIONS = [p for p in PAGES if p.startswith("/conditions/") and p != "/conditions/"]

RUN_AXE = ("return axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(r => r.violations.map(v =>"
           " v.id + ' (' + v.impact + '): ' + v.help + ' at ' + JSON.stringify(v.nodes.slice(0, 3).map(n => n.target))))")
# Links, buttons and disclosure summaries that can be seen, smaller than 24 by 24 CSS px (WCAG 2.2 2.5.8 without its
# exceptions). Hidden ones (display: none, the skip link parked off-screen) are not targets.
SMALL_TARGETS = """return [...document.querySelectorAll('a[href], button, summary, input, select')].map(e => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || r.right <= 0 || getComputedStyle(e).visibility === 'hidden') return null;
  return (r.width < 24 || r.height < 24) ? e.outerHTML.slice(0, 100) + ' is ' + r.width.toFixed(1) + ' x ' + r.height.toFixed(1) : null;
}).filter(x => x)"""


def set_view(browser, width, scheme="light"):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 844 if width < 600 else 900,
                                                                    "deviceScaleFactor": 1, "mobile": width < 600})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


@pytest.fixture(autouse=True)
def reset_view(browser):
    yield
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_accessible_at_phone_and_desktop_widths_in_both_schemes(server, browser, path):
    assert (PUBLIC / "index.html").exists(), "build the site first: make site"
    browser.get(server + path)
    browser.execute_script(AXE_SOURCE)
    problems = []
    for width in (390, 1280):
        for scheme in ("light", "dark"):
            set_view(browser, width, scheme)
            problems += [f"{width} px, {scheme}: {v}" for v in browser.execute_script(RUN_AXE, AXE_TAGS)]
        problems += [f"{width} px: small target {t}" for t in browser.execute_script(SMALL_TARGETS)]
    set_view(browser, 320)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"320 px: scrolls sideways by {overflow} px")
    assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_the_phone_menu_opens_from_the_keyboard(server, browser):
    set_view(browser, 390)
    browser.get(server + "/conditions/sciatica/")
    header = browser.find_element(By.CSS_SELECTOR, ".site-header").rect
    assert header["height"] <= 80, f"the phone header takes {header['height']} px"
    assert not browser.find_element(By.CSS_SELECTOR, ".site-nav").is_displayed()
    menu_links = browser.find_elements(By.CSS_SELECTOR, ".menu-panel a")
    assert [a.is_displayed() for a in menu_links] == [False] * len(menu_links)
    summary = browser.find_element(By.CSS_SELECTOR, ".menu > summary")
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(10):  # skip link, site name, Search, Menu
        body = browser.switch_to.active_element
        if body == summary:
            break
        body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == summary, "Menu is reachable by Tab"
    summary.send_keys(Keys.ENTER)
    texts = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".menu-panel a") if a.is_displayed()]
    assert texts == ["Conditions", "Symptoms", "Treatments", "Tests", "Risk factors", "Where it hurts", "A to Z"]
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Conditions", "the first menu link comes next"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda d: d.current_url.endswith("/conditions/"))
    # The search button on the phone bar goes to the search page.
    browser.find_element(By.CSS_SELECTOR, ".header-actions a.header-button").click()
    WebDriverWait(browser, 5).until(lambda d: d.current_url.endswith("/search/"))


@pytest.mark.parametrize("path", ["/", "/body-areas/"])
def test_the_body_map_works_with_tab_and_enter(server, browser, path):
    browser.get(server + path)
    regions = browser.find_elements(By.CSS_SELECTOR, "a.body-map-region")
    legend = [a.text.split("\n")[-1] for a in browser.find_elements(By.CSS_SELECTOR, ".body-map-list a")]
    assert len(regions) == 8 and [r.accessible_name for r in regions] == legend
    # Tab from the search box reaches the regions in order, each visibly highlighted.
    browser.find_element(By.CSS_SELECTOR, "#site-search-input").click()
    reached = []
    for _ in range(60):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if "body-map-region" in (active.get_attribute("class") or ""):
            fill = browser.execute_script("return getComputedStyle(arguments[0].querySelector('path')).fill", active)
            assert fill == "rgb(255, 235, 59)", f"{active.accessible_name} shows no focus: {fill}"
            reached.append(active.accessible_name)
            if len(reached) == len(legend):
                break
    assert reached == legend
    # Enter on a region opens its area's page.
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda d: "/body-areas/whole-leg/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == legend[-1]


def test_the_footer_sits_at_the_bottom_of_a_short_page(server, browser):
    set_view(browser, 1280)
    browser.get(server + "/404.html")
    bottom = browser.execute_script("return document.querySelector('.site-footer').getBoundingClientRect().bottom")
    assert abs(bottom - browser.execute_script("return window.innerHeight")) <= 1


@pytest.mark.parametrize("path", CONDITIONS)
def test_a_condition_page_prints_on_at_most_two_a4_pages(server, browser, path, tmp_path):
    browser.get(server + path)
    first_sign = browser.execute_script("return document.querySelector('.care-card li')?.textContent")
    reviewed = browser.execute_script("return document.querySelector('.review time')?.textContent")
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert "(A4)" in size, f"not A4: {size}"
    assert pages <= 2, f"{path} prints on {pages} pages"
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert first_sign and " ".join(first_sign.split()) in text, "the care card is on the handout"
    assert reviewed and (f"Page last reviewed: {reviewed}" in text or f"Page last updated: {reviewed}" in text)
    assert "Next review due:" in text
    assert "Skip to main content" not in text and "Where it hurts" not in text, "no navigation on paper"
