"""The built pages as files, for what a browser is not needed to check: each page's HTML plus the stylesheet is at
most 40 kB gzipped, and its structured data is true to the page (every JSON-LD block parses, and every address it
names is a link a reader can see on the page).

Run by `make test` after it has built public/."""
import gzip
import html.parser
import json
import pathlib
import urllib.parse

import pytest

PUBLIC = pathlib.Path(__file__).resolve().parents[2] / "public"
PAGES = sorted(p for p in PUBLIC.rglob("*.html") if "search-index" not in p.parts) if PUBLIC.exists() else []
BUDGET = 40_000


class PageReader(html.parser.HTMLParser):
    """The JSON-LD blocks, the site's origin (from the canonical link) and the link targets of a page."""

    def __init__(self):
        super().__init__()
        self.blocks, self.links, self.canonical = [], set(), None
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.blocks.append("")
        elif tag == "a" and attrs.get("href"):
            self.links.add(attrs["href"])
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.blocks[-1] += data


def addresses(value):
    """Every page address a JSON-LD value links to (`url` and `item` members), however deep."""
    if isinstance(value, dict):
        for key, member in value.items():
            if key in ("url", "item") and isinstance(member, str):
                yield member
            else:
                yield from addresses(member)
    elif isinstance(value, list):
        for member in value:
            yield from addresses(member)


def test_every_page_was_found():
    assert len(PAGES) > 100, "build the site first: make site"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(PUBLIC)))
def test_a_page_and_its_stylesheet_weigh_at_most_40_kb_gzipped(page):
    css = (PUBLIC / "assets" / "style.css").read_bytes()
    size = len(gzip.compress(page.read_bytes(), 9)) + len(gzip.compress(css, 9))
    assert size <= BUDGET, f"{page.relative_to(PUBLIC)}: {size:,} bytes gzipped with the stylesheet"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(PUBLIC)))
def test_structured_data_parses_and_names_only_what_the_page_links(page):
    reader = PageReader()
    reader.feed(page.read_text(encoding="utf-8"))
    blocks = [json.loads(block) for block in reader.blocks]  # a block that does not parse fails here
    if page.name == "404.html":
        assert blocks == [], "the not-found page describes no page"
        return
    origin = urllib.parse.urlsplit(reader.canonical)
    self_path = origin.path
    missing = []
    for block in blocks:
        for address in addresses(block):
            parts = urllib.parse.urlsplit(address)
            assert (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc), f"{address} is not on this site"
            if parts.path != self_path and parts.path not in reader.links:
                missing.append(f"{block['@type']}: {address}")
    assert missing == [], f"{page.relative_to(PUBLIC)} names pages it does not link:\n" + "\n".join(missing)
    if page.relative_to(PUBLIC).as_posix() != "index.html":
        assert [b["@type"] for b in blocks][0] == "BreadcrumbList", "every page but home has breadcrumbs"
