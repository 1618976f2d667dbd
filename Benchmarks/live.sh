#!/usr/bin/env bash
# Save-to-reload time of `salve serve` on a generated site, with `hugo server` on the same pages in the same run.
# Usage: Benchmarks/live.sh [CONDITIONS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
command -v hugo >/dev/null || { SUDO=$( [ "$(id -u)" -eq 0 ] || echo sudo ); $SUDO apt-get update -qq; $SUDO apt-get install -y -qq hugo; }
swift build -c release --product salve >/dev/null
OUT=Benchmarks/out
python3 Benchmarks/generate.py "$OUT" "$N"  # does nothing when $OUT already holds this corpus
python3 Benchmarks/live.py "$PWD/.build/release/salve" "$OUT" "${2:-15}"
