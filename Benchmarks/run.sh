#!/usr/bin/env bash
# Times `salve build` against Hugo doing the same work on the same generated pages, in one hyperfine run, and
# prints medians, ratios, peak memory and Salve's stage times. These machines are shared and noisy: compare
# within a run, never across runs.
#
# Usage: Benchmarks/run.sh [CONDITIONS]            (default 10000)
#   BASELINE=/path/to/salve   also times that binary (say, main before a change) in the same hyperfine run
#   SALVE=/path/to/salve      times that binary instead of .build/release/salve (built when older than Sources/)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
OUT=$PWD/Benchmarks/out  # absolute: hugo reads a relative --destination from --source
mkdir -p "$OUT"

for tool in hugo hyperfine; do
  command -v $tool >/dev/null || { SUDO=$( [ "$(id -u)" -eq 0 ] || echo sudo ); $SUDO apt-get update -qq; $SUDO apt-get install -y -qq $tool; }
done

. Benchmarks/binaries.sh ""

# The corpus: generate.py does nothing when OUT already holds its corpus for N (see OUT/corpus.json).
python3 Benchmarks/generate.py "$OUT" "$N"

# Each binary builds into its own folder, so that neither reuses the other's output (or its staging folder).
declare -A COMMANDS=(
  [salve]="'$SALVE' build --site '$OUT/salve' --output '$OUT/salve-public-new'"
  [hugo]="hugo --source '$OUT/hugo' --quiet --destination '$OUT/hugo/public'"
)
NAMES=(salve hugo)
if [ -n "${BASELINE:-}" ]; then
  COMMANDS[baseline]="'$BASELINE' build --site '$OUT/salve' --output '$OUT/salve-public-baseline'"
  NAMES+=(baseline)
fi

echo "== bundled site (content/)"
hyperfine --warmup 2 --runs 10 -N -n "salve, bundled site" "'$SALVE' build --output '$OUT/bundled-public'"

echo "== $N conditions: ${NAMES[*]} (same Markdown, same work)"
ARGS=()
for name in "${NAMES[@]}"; do ARGS+=(-n "$name" "${COMMANDS[$name]}"); done
hyperfine -N --warmup 1 --runs 5 "${ARGS[@]}" --export-json "$OUT/large.json"

echo "== peak memory (max RSS) of one more run each"
: > "$OUT/rss.txt"
for name in "${NAMES[@]}"; do
  eval "command=(${COMMANDS[$name]})"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$OUT/rss-one.txt" "${command[@]}" >/dev/null
    kilobytes=$(tail -n 1 "$OUT/rss-one.txt")
  else
    kilobytes=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "${command[@]}")
  fi
  echo "$name $kilobytes" >> "$OUT/rss.txt"
  echo "$name: $((kilobytes / 1024)) MB"
done

echo "== salve's stage times (--timings)"
"$SALVE" build --site "$OUT/salve" --output "$OUT/salve-public-new" --timings
if [ -n "${BASELINE:-}" ]; then
  echo "== the baseline's stage times"
  "$BASELINE" build --site "$OUT/salve" --output "$OUT/salve-public-baseline" --timings || true
fi

echo "== summary"
python3 - "$OUT/corpus.json" "$OUT/large.json" "$OUT/rss.txt" <<'PY'
import json, sys
corpus = json.load(open(sys.argv[1]))
times = {r["command"]: r for r in json.load(open(sys.argv[2]))["results"]}
rss = {name: int(kb) / 1024 for name, kb in (line.split() for line in open(sys.argv[3]))}
print(f"corpus: {corpus['conditions']} conditions, {corpus['pages']} pages, "
      f"{corpus['markdown_bytes'] / 1e6:.1f} MB of Markdown")
print(f"{'':10} {'median':>9} {'min':>8} {'max':>8} {'peak RSS':>10}")
for name, r in times.items():
    print(f"{name:10} {r['median']:8.2f}s {min(r['times']):7.2f}s {max(r['times']):7.2f}s {rss[name]:7.0f} MB")
salve = times["salve"]["median"]
print(f"Salve is {times['hugo']['median'] / salve:.2f}× faster than Hugo "
      f"(median {salve:.2f} s against {times['hugo']['median']:.2f} s) "
      f"and peaks at {rss['salve'] / rss['hugo']:.2f}× Hugo's memory")
if "baseline" in times:
    print(f"Salve is {times['baseline']['median'] / salve:.2f}× faster than the baseline "
          f"(median {salve:.2f} s against {times['baseline']['median']:.2f} s) "
          f"and peaks at {rss['salve'] / rss['baseline']:.2f}× the baseline's memory")
PY
