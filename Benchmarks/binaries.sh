# Sourced by run.sh and scale.sh: sets SALVE (and BASELINE, when given) to copies of the binaries to time.
# Usage: . Benchmarks/binaries.sh PREFIX   (the copies are Benchmarks/out/PREFIXsalve-under-test and …baseline…)
# Salve is rebuilt only when the binary is missing or older than the sources; SALVE=/path times another binary.
if [ -z "${SALVE:-}" ]; then
  SALVE=$PWD/.build/release/salve
  if [ ! -x "$SALVE" ] || [ -n "$(find Sources Package.swift -newer "$SALVE" -print -quit)" ]; then
    echo "== building salve (release)"
    swift build -c release --product salve >Benchmarks/out/swift-build.log 2>&1 ||
      { tail -n 20 Benchmarks/out/swift-build.log; echo "swift build failed; SALVE=/path/to/salve times another binary" >&2; exit 1; }
  fi
fi
[ -z "${BASELINE:-}" ] || [ -x "$BASELINE" ] || { echo "BASELINE=$BASELINE is not an executable" >&2; exit 1; }
# Time copies, so that a `swift build` during the run (someone editing Sources/) cannot swap a binary between runs.
cp "$SALVE" "$PWD/Benchmarks/out/${1}salve-under-test" && SALVE=$PWD/Benchmarks/out/${1}salve-under-test
[ -z "${BASELINE:-}" ] || { cp "$BASELINE" "$PWD/Benchmarks/out/${1}baseline-under-test" && BASELINE=$PWD/Benchmarks/out/${1}baseline-under-test; }
