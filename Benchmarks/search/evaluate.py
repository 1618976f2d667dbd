"""Search quality and first-query bytes: Salve's own search page and Pagefind, on the same built site.

Runs every query of queries.tsv through the real search page of a built Salve site in headless Chromium, and
through Pagefind (pagefind-bin from PyPI) indexing a copy of the same site, then prints recall@3 and MRR@10 for
each side by side, with the bytes (gzipped) each fetched for the first query in a fresh browser.

    python Benchmarks/search/evaluate.py SITE_DIR [--queries FILE] [--misses]
    python Benchmarks/search/evaluate.py SITE_DIR --bytes-only QUERY

SITE_DIR is a built site (for example public/ after `salve build`). `make bench-search` builds the bundled site
and runs this with the project's .venv (selenium, pagefind-bin). `--bytes-only` skips the query set (for a
generated site, whose pages it does not describe) and prints the first-query bytes of QUERY and Pagefind's
indexing time.
"""
import argparse
import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent


def load_queries(path):
    queries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, expected, *note = line.split("\t")
        queries.append((query, set(expected.split(",")), note[0] if note else ""))
    return queries


class RecordingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly and records every path asked for, workers' requests included (a browser's own
    resource timings leave out what a web worker fetches, which is how Pagefind loads its index)."""
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requested.append(urllib.parse.unquote(urllib.parse.urlparse(self.path).path))
        super().do_GET()


def serve(folder):
    """A quiet HTTP server for `folder` on a free port; returns (server, base URL)."""
    handler = functools.partial(RecordingHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requested = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    # Debian's chromedriver, as the browser tests use: no download of a driver.
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def slug(url):
    """The page a result links to, as the slug the query set names (the last path segment)."""
    path = urllib.parse.urlparse(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1]


def scores(results, queries):
    """recall@3 (a right page among the first three) and MRR@10 (1/rank of the first right page in ten)."""
    hits, reciprocal, misses = 0, 0.0, []
    for (query, expected, _), found in zip(queries, results):
        ranks = [i for i, s in enumerate(found[:10]) if s in expected]
        if ranks and ranks[0] < 3:
            hits += 1
        else:
            misses.append((query, sorted(expected), found[:3]))
        if ranks:
            reciprocal += 1 / (ranks[0] + 1)
    return hits / len(queries), reciprocal / len(queries), misses


def first_query_bytes(driver, server, folder, page_url, ready):
    """Loads `page_url` in a browser with an empty cache and sums the gzipped size of every file the server sent
    for it, except the page itself and the theme's stylesheet and icon: what the search costs a reader."""
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    server.requested.clear()
    driver.get(page_url)
    WebDriverWait(driver, 30).until(ready)
    page = urllib.parse.urlparse(page_url).path
    total, files = 0, []
    for name in sorted(set(server.requested)):
        path = folder / name.lstrip("/")
        if name == page or not path.is_file() or path.suffix in (".html", ".css", ".svg"):
            continue
        data = path.read_bytes()
        size = len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, compresslevel=6))
        total += size
        files.append((path.relative_to(folder).as_posix(), size))
    return total, files


def salve_results(driver, base, queries):
    results = []
    for query, _, _ in queries:
        driver.get(f"{base}/search/?q={urllib.parse.quote(query)}")
        WebDriverWait(driver, 15).until(lambda d: d.find_element("id", "search-status").text.strip())
        links = driver.find_elements("css selector", "#search-results li > a")
        results.append([slug(link.get_attribute("href")) for link in links])
    return results


HARNESS = """<!doctype html><meta charset="utf-8"><title>Pagefind harness</title>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
window.runQuery = async (query) => {
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return data.map((d) => d.url);
};
const q = new URLSearchParams(location.search).get("q");
if (q) window.firstResults = await window.runQuery(q);
window.harnessReady = true;
</script>
"""


def pagefind_results(driver, base, queries):
    driver.get(f"{base}/pagefind-harness.html")
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return window.harnessReady === true"))
    results = []
    for query, _, _ in queries:
        urls = driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; window.runQuery(arguments[0]).then(done, () => done([]));", query)
        results.append([slug(url) for url in urls])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--queries", type=Path, default=HERE / "queries.tsv")
    parser.add_argument("--misses", action="store_true", help="list the queries each tool misses")
    parser.add_argument("--bytes-only", metavar="QUERY", help="only the first-query bytes of QUERY, for both tools")
    args = parser.parse_args()
    site = args.site.resolve()
    if not (site / "search-index" / "index.json").is_file():
        sys.exit(f"{site} has no search-index/index.json; build the site first (salve build)")
    queries = [(args.bytes_only, set(), "")] if args.bytes_only else load_queries(args.queries)

    with tempfile.TemporaryDirectory(prefix="salve-pagefind-") as scratch:
        pagefind_site = Path(scratch) / "site"
        shutil.copytree(site, pagefind_site)
        # The same content for both: Pagefind indexes each page's <main>, as Salve indexes its content.
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(pagefind_site), "--root-selector", "main"],
                       check=True, stdout=subprocess.DEVNULL)
        pagefind_seconds = time.monotonic() - started
        (pagefind_site / "pagefind-harness.html").write_text(HARNESS, encoding="utf-8")

        salve_server, salve_base = serve(site)
        pagefind_server, pagefind_base = serve(pagefind_site)
        driver = browser()
        try:
            first = urllib.parse.quote(queries[0][0])
            salve_bytes, salve_files = first_query_bytes(
                driver, salve_server, site, f"{salve_base}/search/?q={first}",
                lambda d: d.find_element("id", "search-status").text.strip())
            pagefind_bytes, pagefind_files = first_query_bytes(
                driver, pagefind_server, pagefind_site, f"{pagefind_base}/pagefind-harness.html?q={first}",
                lambda d: d.execute_script("return window.harnessReady === true"))
            if args.bytes_only:
                salve = pagefind = None
            else:
                salve = scores(salve_results(driver, salve_base, queries), queries)
                pagefind = scores(pagefind_results(driver, pagefind_base, queries), queries)
        finally:
            driver.quit()
            salve_server.shutdown()
            pagefind_server.shutdown()

    if args.bytes_only:
        print(f"first query {args.bytes_only!r} on {site}, gzipped: Salve {salve_bytes / 1024:.1f} kB "
              f"({len(salve_files)} files), Pagefind {pagefind_bytes / 1024:.1f} kB ({len(pagefind_files)} files); "
              f"Pagefind indexed the site in {pagefind_seconds:.1f} s")
        return
    print(f"{len(queries)} queries from {args.queries.name}, on {site}")
    print(f"{'':10} {'recall@3':>9} {'MRR@10':>7} {'first query, gzipped':>21}")
    for name, (recall, mrr, _), size in (("Salve", salve, salve_bytes), ("Pagefind", pagefind, pagefind_bytes)):
        print(f"{name:10} {recall:9.1%} {mrr:7.3f} {size / 1024:17.1f} kB")
    print("first-query files: Salve " + ", ".join(f"{p} {s / 1024:.1f} kB" for p, s in salve_files))
    print(f"                   Pagefind {len(pagefind_files)} files: " + ", ".join(f"{p} {s / 1024:.1f} kB" for p, s in pagefind_files))
    if args.misses:
        for name, (_, _, misses) in (("Salve", salve), ("Pagefind", pagefind)):
            print(f"\n{name} misses ({len(misses)}): query / expected / first three")
            for query, expected, top in misses:
                print(f"  {query!r:34} {','.join(expected):45} {top}")


if __name__ == "__main__":
    main()
