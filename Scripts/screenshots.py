#!/usr/bin/env python3
"""`make screenshots`: the bundled site as a patient sees it, for people to look at. Writes into screenshots/
(git-ignored): full-page PNGs of the home page, a condition page, a symptom page and the A to Z at 390 and 1280 CSS
px wide, in the light scheme and (home and condition) the dark one, and a condition page printed to PDF by Chromium
(A4) with each printed page as a PNG (pdftoppm, from Debian's poppler-utils).

Needs public/ built (`salve build`), Debian's chromium and chromium-driver, and selenium (in .venv/)."""
import base64
import functools
import http.server
import pathlib
import subprocess
import sys
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[1]
PUBLIC = ROOT / "public"
OUT = ROOT / "screenshots"
PAGES = {
    "home": "/",
    "condition": "/conditions/deep-vein-thrombosis/",
    "symptom": "/symptoms/calf-pain/",
    "a-to-z": "/a-to-z/",
}
PRINTED = "/conditions/deep-vein-thrombosis/"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def shoot(driver, url, path, width, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.get(url)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                             "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def main():
    if not (PUBLIC / "index.html").exists():
        sys.exit("build the site first: salve build")
    OUT.mkdir(exist_ok=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(PUBLIC)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        for name, path in PAGES.items():
            for width in (390, 1280):
                schemes = ["light", "dark"] if name in ("home", "condition") else ["light"]
                for scheme in schemes:
                    target = OUT / f"{name}-{width}{'-dark' if scheme == 'dark' else ''}.png"
                    shoot(driver, base + path, target, width, scheme)
                    print(f"wrote {target.relative_to(ROOT)}")
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.get(base + PRINTED)
        pdf = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True})
        target = OUT / "condition-print.pdf"
        target.write_bytes(base64.b64decode(pdf["data"]))
        print(f"wrote {target.relative_to(ROOT)}")
        for old in OUT.glob("condition-print-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(target), str(OUT / "condition-print")], check=True)
        for page in sorted(OUT.glob("condition-print-*.png")):
            print(f"wrote {page.relative_to(ROOT)}")
    finally:
        driver.quit()
        httpd.shutdown()


if __name__ == "__main__":
    main()
