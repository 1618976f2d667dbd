"""`salve serve` end to end: the real binary on a free port, a copy of the bundled site, edits made the way editors
and git make them, and what a subscriber to the events stream and a real browser see.

Run by `make test`, which builds `.build/debug/salve` first (or set SALVE to another binary)."""
import http.client
import os
import pathlib
import queue
import re
import shutil
import subprocess
import threading
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
SALVE = os.environ.get("SALVE", str(ROOT / ".build/debug/salve"))
WAIT = 30  # seconds; generous for a loaded 2-core CI machine, never reached when things work


def wait_for_line(lines, pattern):
    """The next line from the queue that matches `pattern`; fails after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matching {pattern!r} in {WAIT}s; saw: {seen}")


class Preview:
    """`salve serve --port 0` on a copy of the bundled site, with its terminal lines in a queue."""

    def __init__(self, site):
        self.site = site
        self.process = subprocess.Popen([SALVE, "serve", "--site", str(site), "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for_line(r"Serving .* at http://127\.0\.0\.1:(\d+)/")
        self.port = int(re.search(r":(\d+)/", line).group(1))

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, pattern):
        return wait_for_line(self.lines, pattern)

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Events:
    """A subscriber to /_salve/events: each event's name lands in a queue as it arrives."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        self.connection.request("GET", "/_salve/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"
        self.events = queue.Queue()
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.ready.wait(WAIT), "the events stream sent nothing"

    def _read(self):
        name = None
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("retry:"):
                    self.ready.set()
                elif line.startswith("event: "):
                    name = line[len("event: "):]
                elif line.startswith("data: ") and name:
                    self.events.put((name, line[len("data: "):], time.monotonic()))
                    name = None
        except Exception:
            pass

    def next(self, timeout=WAIT):
        return self.events.get(timeout=timeout)

    def quiet_for(self, seconds):
        """True when no event arrives for `seconds`."""
        try:
            self.events.get(timeout=seconds)
            return False
        except queue.Empty:
            return True


@pytest.fixture
def preview(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ["content", "templates"]:
        shutil.copytree(ROOT / name, site / name)
    shutil.copy(ROOT / "salve.yaml", site / "salve.yaml")
    server = Preview(site)
    yield server
    server.stop()


def save_like_an_editor(path, text):
    """Writes a temporary file and renames it over the page, as editors that save atomically do."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def test_an_edit_reloads_the_page_with_the_change_everywhere_it_shows(preview):
    events = Events(preview.port)
    page = preview.site / "content/conditions/sciatica.md"
    started = time.monotonic()
    save_like_an_editor(page, page.read_text().replace("title: Sciatica\n", "title: Sciatica (edited)\n", 1))
    name, _, arrived = events.next()
    assert name == "reload"
    assert arrived - started < WAIT
    status, html = preview.get("/conditions/sciatica/")
    assert status == 200 and "<h1>Sciatica (edited)</h1>" in html
    assert "/_salve/live-reload.js" in html
    # A page that lists sciatica shows the new title too.
    status, html = preview.get("/symptoms/back-of-thigh-pain/")
    assert "Sciatica (edited)" in html
    preview.wait_for_line(r"content/conditions/sciatica\.md changed: \d+ pages rendered, \d+ files written, \d+ ms")


def test_a_burst_of_fifty_changes_is_one_rebuild_and_the_last_write_wins(preview):
    events = Events(preview.port)
    pages = sorted((preview.site / "content/conditions").glob("*.md"))[:25] + sorted((preview.site / "content/symptoms").glob("*.md"))[:25]
    staged = []
    for number, page in enumerate(pages):
        temporary = page.with_name(f".{page.name}.new")
        temporary.write_text(page.read_text().replace("\n---\n", f"\n---\n\nBurst edit {number}.\n", 1))
        staged.append((temporary, page))
    for temporary, page in staged:  # like git checkout: fifty renames in a row
        os.replace(temporary, page)
    assert events.next()[0] == "reload"
    assert events.quiet_for(2), "the burst caused more than one rebuild"
    for number, page in enumerate(pages):
        kind, slug = page.parent.name, page.stem
        status, html = preview.get(f"/{kind}/{slug}/")
        assert f"Burst edit {number}." in html, f"{kind}/{slug} does not show its last write"


def test_a_new_page_and_a_deleted_page_are_seen(preview):
    events = Events(preview.port)
    extra = preview.site / "content/pages/extra-help.md"
    extra.write_text("---\ntitle: Extra help\nsummary: Where else to get help.\n---\n\nAsk a pharmacist.\n")
    assert events.next()[0] == "reload"
    assert preview.get("/pages/extra-help/")[0] == 200
    extra.unlink()
    assert events.next()[0] == "reload"
    assert preview.get("/pages/extra-help/")[0] == 404


def test_the_browser_reloads_and_shows_build_errors_until_they_are_fixed(preview, browser):
    browser.get(f"http://127.0.0.1:{preview.port}/conditions/sciatica/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sciatica"
    page = preview.site / "content/conditions/sciatica.md"
    original = page.read_text()
    # Give the page's script a moment to connect before the first change.
    WebDriverWait(browser, WAIT).until(lambda b: b.execute_script(
        "return document.documentElement.getAttribute('data-salve-live') === 'connected'"))

    save_like_an_editor(page, original.replace("title: Sciatica\n", "title: Sciatica, live\n", 1))
    WebDriverWait(browser, WAIT).until(lambda b: b.find_element(By.TAG_NAME, "h1").text == "Sciatica, live")

    save_like_an_editor(page, original.replace("symptoms: [", "symptoms: [numbnes, ", 1))
    overlay = WebDriverWait(browser, WAIT).until(lambda b: b.find_element(By.ID, "salve-errors"))
    assert "content/conditions/sciatica.md:" in overlay.text
    assert "unknown symptom 'numbnes'" in overlay.text
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sciatica, live"  # the last good page stays underneath

    save_like_an_editor(page, original)
    WebDriverWait(browser, WAIT).until(lambda b: b.find_element(By.TAG_NAME, "h1").text == "Sciatica")
    assert not browser.find_elements(By.ID, "salve-errors")


def test_build_watch_rebuilds_public_without_a_server(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copy(ROOT / "salve.yaml", site / "salve.yaml")
    process = subprocess.Popen([SALVE, "build", "--watch", "--site", str(site)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in process.stdout], daemon=True).start()
        wait_for_line(lines, r"^Built the site: \d+ pages rendered")
        page = site / "content/symptoms/calf-pain.md"
        save_like_an_editor(page, page.read_text().replace("\n---\n", "\n---\n\nWatched edit.\n", 1))
        wait_for_line(lines, r"content/symptoms/calf-pain\.md changed: 1 page rendered, \d+ files written")
        assert "Watched edit." in (site / "public/symptoms/calf-pain/index.html").read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)
