# The newcomer's two commands: `make preview` and `make test`. Both install what is missing first.
SALVE := .build/release/salve
PORT ?= 8080
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm pkg-config chromium chromium-driver
PIP_PACKAGES := selenium pytest

.PHONY: preview site test deps theme bench bench-live clean

## Install missing system packages, build Salve, build the bundled site into public/ and serve it with live
## reload at http://127.0.0.1:$(PORT)/ until Ctrl-C: edit content/, templates/ or salve.yaml and the browser follows.
preview: deps
	swift build -c release --product salve
	$(SALVE) serve --port $(PORT)

## Install missing system packages, build Salve, and build the bundled site into public/.
site: deps
	swift build -c release --product salve
	$(SALVE) build
	@echo "Done. Open public/index.html in a browser, or serve the folder: python3 -m http.server -d public 8000"

## Run the whole test suite: Swift tests, then the bundled site in a real browser (axe-core, search).
test: deps
	swift build --build-tests
	swift test --skip-build
	.build/debug/salve build
	python3 -m pytest -q Tests/browser

## Install the Debian packages Salve needs (and Node.js, which runs the search script's tests), and the
## Python packages of the browser tests (axe-playwright-python only for the axe-core it ships; no Playwright).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@python3 -c "import selenium, pytest, axe_playwright_python" 2>/dev/null || { \
		echo "Installing Python packages: $(PIP_PACKAGES) axe-playwright-python"; \
		python3 -m pip install -q $(PIP_PACKAGES) && python3 -m pip install -q --no-deps axe-playwright-python; }

## Re-embed templates/ into the binary after editing the default theme.
theme:
	python3 Scripts/embed-theme.py

## Build time of the bundled site and of a generated 10,000-page site, side by side with Hugo.
bench: deps
	bash Benchmarks/run.sh

## Time from saving a page to the browser's reload event, on a generated site of 10,000 conditions.
bench-live: deps
	bash Benchmarks/live.sh

clean:
	rm -rf .build public Benchmarks/out

.PHONY: fingerprints
## Re-make Tests/Fixtures/seed-fingerprints.txt from the seed articles (kept outside the repository) after they change.
fingerprints:
	python3 Scripts/seed-fingerprints.py
