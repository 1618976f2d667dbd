#!/usr/bin/env bash
# How `salve build`'s time and memory grow with the site: generates 1,000, 10,000 and 100,000 conditions (Salve's
# copy only; each kept in Benchmarks/out/scale-N), builds each three times and prints a table with the time and
# peak memory per page, so one sees whether they grow faster than the number of pages.
#
# Each binary first builds each size twice untimed, as hyperfine's --warmup does: a build rewrites the site before
# last (its output folder and the one beside it take turns), and whether that (3.8 GB at 100,000 conditions) is
# still in the page cache decided more than the binary did (the same binary took 34 s warm, 46 s cold).
#
# Usage: Benchmarks/scale.sh [CONDITIONS...]        (default 1000 10000 100000)
#   BASELINE=/path/to/salve   also builds with that binary, in turn with Salve's runs, and adds its columns
#   SALVE=/path/to/salve      uses that binary instead of .build/release/salve (built when older than Sources/)
#   COLD=1                    (Linux, as root) no warm-up: empties the page cache, dentries and inodes before every
#                             build instead, for a build whose sources and site before last come from the disk
# 100,000 conditions take a minute or two to generate and 1 GB of disk, plus about 8 GB for each binary's built site.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- 1000 10000 100000
mkdir -p Benchmarks/out

. Benchmarks/binaries.sh "scale-"

if [ -n "${COLD:-}" ] && ! [ -w /proc/sys/vm/drop_caches ]; then
    echo "COLD=1 empties the page cache through /proc/sys/vm/drop_caches, which needs root on Linux" >&2
    exit 1
fi

SALVE="$SALVE" BASELINE="${BASELINE:-}" COLD="${COLD:-}" python3 - "$@" <<'PY'
import json, os, statistics, subprocess, sys, time

RUNS = 3
binaries = {"salve": os.environ["SALVE"]}
if os.environ["BASELINE"]:
    binaries["baseline"] = os.environ["BASELINE"]

COLD = bool(os.environ["COLD"])

def drop_page_cache():
    """Writes dirty pages out, then empties the page cache and the kernel's cache of folders and inodes, so the
    next build reads everything from the disk."""
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as control:
        control.write("3\n")

def build(binary, site, output, log):
    """One full build: wall seconds and the peak RSS (MB) of that process alone, from wait4's rusage."""
    if COLD:
        drop_page_cache()
    with open(log, "w") as out:
        start = time.perf_counter()
        process = subprocess.Popen([binary, "build", "--site", site, "--output", output], stdout=out, stderr=out)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{binary} failed on {site}:\n" + open(log).read()[-3000:])
    return wall, usage.ru_maxrss / 1024

rows = []
for conditions in map(int, sys.argv[1:]):
    folder = f"Benchmarks/out/scale-{conditions}"
    subprocess.run([sys.executable, "Benchmarks/generate.py", folder, str(conditions), "--salve-only"], check=True)
    corpus = json.load(open(f"{folder}/corpus.json"))
    results = {name: [] for name in binaries}
    if not COLD:
        for name, binary in binaries.items():
            for warmup in (1, 2):  # each of the two folders a build writes in turn
                wall, _ = build(binary, f"{folder}/salve", f"{folder}/public-{name}", f"{folder}/{name}.log")
                print(f"  {conditions} conditions, {name} warm-up {warmup} (not counted): {wall:.2f} s", flush=True)
    for run in range(RUNS):
        for name, binary in binaries.items():  # in turn, so that a noisy minute hits both alike
            results[name].append(build(binary, f"{folder}/salve", f"{folder}/public-{name}", f"{folder}/{name}.log"))
            print(f"  {conditions} conditions, {name} run {run + 1}: {results[name][-1][0]:.2f} s, "
                  f"{results[name][-1][1]:.0f} MB", flush=True)
    print("  " + open(f"{folder}/salve.log").read().strip().splitlines()[-1], flush=True)
    row = {"conditions": conditions, "pages": corpus["pages"], "mb": corpus["markdown_bytes"] / 1e6}
    for name in binaries:
        row[name] = (statistics.median(t for t, _ in results[name]), max(m for _, m in results[name]))
    rows.append(row)

header = f"{'conditions':>10} {'pages':>8} {'MB md':>7} {'median s':>9} {'peak MB':>8} {'µs/page':>8} {'kB/page':>8}"
if "baseline" in binaries:
    header += f" | {'base s':>7} {'base MB':>8} {'µs/page':>8} {'kB/page':>8} {'faster':>7}"
print("\n== salve build: time and peak memory by size (median of 3 builds"
      + (", each after emptying the page cache" if COLD else ", after two untimed warm-up builds")
      + "; peak RSS: the highest of the 3)")
print(header)
for row in rows:
    line = f"{row['conditions']:>10} {row['pages']:>8} {row['mb']:>7.1f}"
    seconds, mb = row["salve"]
    line += f" {seconds:>9.2f} {mb:>8.0f} {seconds / row['pages'] * 1e6:>8.0f} {mb * 1024 / row['pages']:>8.1f}"
    if "baseline" in binaries:
        seconds, mb = row["baseline"]
        line += f" | {seconds:>7.2f} {mb:>8.0f} {seconds / row['pages'] * 1e6:>8.0f} {mb * 1024 / row['pages']:>8.1f}"
        line += f" {seconds / row['salve'][0]:>6.2f}×"
    print(line)
if len(rows) > 1:
    first, last = rows[0], rows[-1]
    for name in binaries:
        print(f"{name}: from {first['conditions']} to {last['conditions']} conditions, pages ×{last['pages'] / first['pages']:.1f}, "
              f"time ×{last[name][0] / first[name][0]:.1f}, peak memory ×{last[name][1] / first[name][1]:.1f}")
PY
