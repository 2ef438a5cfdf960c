#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine:
#   1. install the Debian packages (skipped when present),
#   2. configure + build with warnings as errors (preset "ci"),
#   3. run every test not labelled `slow` (the Python module's pytest suite is the CTest test
#      `python_tests`, label python, run by CTest with the C++ tests),
#   4. build the API docs with warnings as errors, then check them in headless Chromium with
#      the network blocked (formulas typeset, internal links, every header on its module page;
#      PNGs of the rendered pages in build/ci/docs/check),
#   5. build the unit tests once more with clang under AddressSanitizer + UBSan and run them,
#   6. fuzz the model-file readers for 20 s each (libFuzzer, in the same sanitized build).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
start=$(date +%s)
step_start=$start
# step NAME: prints the time the previous step took, then the new step's name
step() {
  local now; now=$(date +%s)
  echo "   (took $(( now - step_start )) s)"
  step_start=$now
  echo "== $1"
}

echo "== Debian packages (scripts/install-deps.sh)"
bash scripts/install-deps.sh

step "configure + build (preset ci: Release, -Werror)"
cmake --preset ci
cmake --build --preset ci -j "$jobs"

step "tests (all but label slow)"
ctest --preset ci -j "$jobs"

step "docs (doxygen, warnings are errors)"
cmake --build --preset ci --target docs
step "docs in a real browser (headless Chromium, no network)"
python3 scripts/check-docs.py --html build/ci/docs/html --include include --out build/ci/docs/check

step "unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang)"
cmake --preset asan
cmake --build --preset asan -j "$jobs" --target unit_tests
ctest --preset asan -j "$jobs"

step "fuzz the model-file readers (libFuzzer, 20 s each, same sanitized build)"
bash scripts/fuzz-readers.sh 20

step "done"
echo "== run-tests: all green in $(( $(date +%s) - start )) s"
