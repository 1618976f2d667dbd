#!/usr/bin/env python3
"""Time from saving a page to the browser being told to reload, on a generated site, for `salve serve`, and in the
same run the time from the same save to `hugo server` finishing its rebuild (its "Total in … ms" line; Hugo's
reload message goes over a websocket, which the standard library cannot read).

Usage: live.py SALVE_BINARY OUT_DIR [RUNS]. OUT_DIR is generate.py's output (salve/ and hugo/ inside it)."""
import http.client
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

salve, out = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15


def lines_of(process):
    lines = queue.Queue()
    def read():
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
    threading.Thread(target=read, daemon=True).start()
    return lines


def wait_line(lines, pattern, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if re.search(pattern, line):
            return line
    raise SystemExit(f"timed out waiting for {pattern!r}")


def edit(path, number, title=False):
    """Saves the page as editors do (temporary file renamed over it) with one changed sentence or title."""
    text = open(path).read()
    if title:
        text = re.sub(r"^title: .*$", f"title: Condition 5000 edit {number}", text, count=1, flags=re.M)
    else:
        text = re.sub(r"(## What it is\n\n)(Edit \d+\. )?", rf"\g<1>Edit {number}. ", text, count=1)
    temporary = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(temporary, "w") as f:
        f.write(text)
    os.replace(temporary, path)


def salve_times():
    site = os.path.join(out, "salve")
    page = os.path.join(site, "content/conditions/condition-5000.md")
    server = subprocess.Popen([salve, "serve", "--site", site, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    lines = lines_of(server)
    first = wait_line(lines, r"^Built the site")
    port = int(re.search(r":(\d+)/", wait_line(lines, r"Serving .* at http://127\.0\.0\.1:(\d+)/")).group(1))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", "/_salve/events")
    response = connection.getresponse()
    events = queue.Queue()
    def read_events():
        for raw in response:
            if raw.startswith(b"event: "):
                events.put((raw[7:].strip().decode(), time.monotonic()))
    threading.Thread(target=read_events, daemon=True).start()
    results = {}
    for kind, title in [("body edit", False), ("title edit", True)]:
        times, written = [], []
        for number in range(runs if not title else max(3, runs // 3)):
            time.sleep(0.3)
            edit(page, number, title)
            saved = time.monotonic()
            name, arrived = events.get(timeout=120)
            assert name == "reload", name
            times.append((arrived - saved) * 1000)
            line = wait_line(lines, r"changed: ")
            written.append(int(re.search(r"(\d+) files? written", line).group(1)))
            rendered = int(re.search(r"(\d+) pages? rendered", line).group(1))
        results[kind] = (statistics.median(times), min(times), max(times), statistics.median(written), rendered, line)
    server.terminate()
    server.wait(timeout=10)
    return first, results


def hugo_times():
    if not shutil.which("hugo"):
        return None
    site = os.path.join(out, "hugo")
    page = os.path.join(site, "content/conditions/condition-5000.md")
    server = subprocess.Popen(["hugo", "server", "--source", site, "--port", "1319", "--bind", "127.0.0.1"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = lines_of(server)
    wait_line(lines, r"Web Server is available")
    results = {}
    for kind, title in [("body edit", False), ("title edit", True)]:
        times = []
        for number in range(runs if not title else max(3, runs // 3)):
            time.sleep(0.3)
            edit(page, number + 1000, title)
            saved = time.monotonic()
            wait_line(lines, r"Total in \d+ ms")
            times.append((time.monotonic() - saved) * 1000)
        results[kind] = statistics.median(times)
    server.terminate()
    server.wait(timeout=10)
    return results


first, salve_results = salve_times()
hugo_results = hugo_times()
print(f"salve serve, first build: {first}")
for kind, (median, low, high, written, rendered, line) in salve_results.items():
    print(f"salve, {kind}: save -> reload event median {median:.0f} ms (min {low:.0f}, max {high:.0f}); "
          f"files written per rebuild (median) {written:.0f}; pages rendered {rendered}; last line: {line}")
    if hugo_results:
        print(f"hugo server, {kind}: save -> 'Total in' line median {hugo_results[kind]:.0f} ms; "
              f"salve/hugo = {median / hugo_results[kind]:.2f}")
