"""The bundled site's search in a real browser (headless Chromium): the search page finds pages by title, alias
and body words as a person types them. (axe-core on every page: test_theme_in_browser.py.)

Run by `make test` after `make site` has built public/. Needs Debian's chromium and chromium-driver, selenium
from PyPI, and axe-core 4.x, taken from the `axe-playwright-python` package on PyPI, which ships axe.min.js
(installed without its Playwright dependency; `axe-selenium-python` for this Python carries axe-core 3.1, whose
callback never returns in current Chromium). `make test` installs them, the Python ones into .venv/."""
import functools
import http.server
import importlib.util
import pathlib
import threading

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PUBLIC = pathlib.Path(__file__).resolve().parents[2] / "public"
AXE_SOURCE = (pathlib.Path(importlib.util.find_spec("axe_playwright_python").submodule_search_locations[0]) / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class RecordingHandler(QuietHandler):
    """Also notes each request's path and status code."""
    requests = []

    def log_request(self, code="-", size="-"):
        self.requests.append((self.path, int(code)))


@pytest.fixture(scope="module")
def server():
    assert (PUBLIC / "index.html").exists(), "build the site first: make site"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(PUBLIC)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("query, expected", [
    ("deep vein", "Blood clot in the leg (deep vein thrombosis)"),   # title words
    ("pinched nerve", "Sciatica"),                                   # alias
    ("blood thinners", "Blood-thinning medicines (anticoagulants)"), # alias
    ("earplugs", "MRI scan"),                                        # body word
    ("hamstr", "Hamstring strain"),                                  # prefix, as typed
    ("cramp in calf at night", "Muscle cramps (leg cramps)"),        # a sentence: stop words left out
    ("swelling legs", "Swollen legs, ankles or feet (oedema)"),      # stemmed: swelling/swollen, legs/leg
    ("pins and needles in my foot", "Pins and needles in the leg"),  # a sentence with "my"
])
def test_search_finds_pages_as_you_type(server, browser, query, expected):
    browser.get(server + "/search/")
    box = browser.find_element(By.ID, "search-input")
    box.send_keys(query)
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")]
    assert titles[0] == expected, titles
    assert "found" in browser.find_element(By.ID, "search-status").text


@pytest.mark.parametrize("query, expected, shown", [
    ("siatica", "Sciatica", "sciatica"),                 # one letter missing
    ("hamstrng", "Hamstring strain", "hamstring"),       # shown as the word on the page, not the stem
])
def test_search_forgives_a_typo_and_says_what_it_searched(server, browser, query, expected, shown):
    browser.get(server + "/search/")
    browser.find_element(By.ID, "search-input").send_keys(query)
    WebDriverWait(browser, 5).until(lambda d: f"found for \u201c{query}\u201d" in d.find_element(By.ID, "search-status").text)
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")[0].text == expected
    assert f"Showing results for \u201c{shown}\u201d" in browser.find_element(By.ID, "search-status").text


def test_results_mark_the_matched_words_and_the_address_is_the_search(server, browser):
    browser.get(server + "/search/")
    browser.find_element(By.ID, "search-input").send_keys("swollen ankles")
    WebDriverWait(browser, 5).until(lambda d: "q=swollen" in d.current_url)
    first = browser.find_elements(By.CSS_SELECTOR, "#search-results li")[0]
    marks = [m.text.lower() for m in first.find_elements(By.TAG_NAME, "mark")]
    assert "swollen" in marks and "ankles" in marks, marks
    assert browser.current_url.endswith("/search/?q=swollen+ankles")


def test_results_show_the_page_text_around_a_body_word(server, browser):
    browser.get(server + "/search/?q=earplugs")
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li p.snippet mark"))
    first = browser.find_elements(By.CSS_SELECTOR, "#search-results li")[0]
    assert first.find_element(By.TAG_NAME, "a").text == "MRI scan"
    snippet = first.find_element(By.CSS_SELECTOR, "p.snippet")
    assert [m.text for m in snippet.find_elements(By.TAG_NAME, "mark")] == ["earplugs"]
    assert "loud" in snippet.text, snippet.text


def test_search_finds_a_synonym_the_page_does_not_use(server, browser):
    # The pages write "diarrhoea"; salve.yaml's search_synonyms pairs it with the US spelling.
    browser.get(server + "/search/")
    browser.find_element(By.ID, "search-input").send_keys("diarrhea")
    WebDriverWait(browser, 5).until(lambda d: "diarrhea" in d.find_element(By.ID, "search-status").text)
    assert "Antibiotics" in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")[:2]]
    assert "Showing results for" not in browser.find_element(By.ID, "search-status").text, "found as a synonym, not as a typo"


def test_search_from_the_header_form(server, browser):
    browser.get(server + "/conditions/sciatica/")
    box = browser.find_element(By.ID, "site-search-input")
    box.send_keys("calf pain")
    box.submit()
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    assert "/search/" in browser.current_url and "q=calf+pain" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")[0].text == "Calf pain"


def test_pages_link_the_favicon(browser):
    """The layout links the theme's icon, so browsers take it instead of asking for /favicon.ico (a 404). A server of
    its own, on a new port, so that the icon is not in the browser's cache from the other tests."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RecordingHandler, directory=str(PUBLIC)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{httpd.server_address[1]}/conditions/sciatica/")
        WebDriverWait(browser, 10).until(lambda d: ("/assets/favicon.svg", 200) in RecordingHandler.requests,
                                         f"no icon fetched; requests: {RecordingHandler.requests}")
        assert [r for r in RecordingHandler.requests if r[0] == "/favicon.ico"] == []
    finally:
        httpd.shutdown()
