#!/usr/bin/env bash
# Times `salve build` against Hugo on the same pages, in one run, and prints ratios (these machines are shared
# and noisy: compare within a run, never across runs). Usage: Benchmarks/run.sh [CONDITIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
for tool in hugo hyperfine; do
  command -v $tool >/dev/null || { SUDO=$( [ "$(id -u)" -eq 0 ] || echo sudo ); $SUDO apt-get update -qq; $SUDO apt-get install -y -qq $tool; }
done
swift build -c release --product salve >/dev/null
SALVE=$PWD/.build/release/salve
OUT=Benchmarks/out
rm -rf "$OUT" && python3 Benchmarks/generate.py "$OUT" "$N"

echo "== bundled site (content/)"
hyperfine --warmup 2 --runs 10 -N "$SALVE build --output $OUT/bundled-public"

echo "== $N conditions: salve vs hugo (same Markdown)"
hyperfine --warmup 1 --runs 5 \
  -n salve "$SALVE build --site $OUT/salve" \
  -n hugo "hugo --source $OUT/hugo --quiet --destination $OUT/hugo/public" \
  --export-json "$OUT/large.json"
python3 - "$OUT/large.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
s, h = r["salve"]["median"], r["hugo"]["median"]
print(f"median: salve {s*1000:.0f} ms, hugo {h*1000:.0f} ms; salve/hugo = {s/h:.2f}")
PY

echo "== peak memory (max RSS)"
for cmd in "$SALVE build --site $OUT/salve" "hugo --source $OUT/hugo --quiet --destination $OUT/hugo/public"; do
  python3 -c "import resource,subprocess,sys; subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL); print(f'{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024:.0f} MB  ' + sys.argv[1].rsplit('/',1)[-1])" $cmd
done
echo "== one salve run's own summary"
"$SALVE" build --site "$OUT/salve"
