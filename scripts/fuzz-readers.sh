#!/usr/bin/env bash
# Fuzzes the model-file readers (read_sbml_string, read_bionetgen_string) with libFuzzer for a
# fixed time each, starting from the seed corpus in tests/fuzz/corpus/. The fuzzers live in the
# `asan` preset's build (clang -O0, AddressSanitizer + UndefinedBehaviorSanitizer, the library
# with libFuzzer's coverage instrumentation), which also holds the sanitized unit tests.
#   scripts/fuzz-readers.sh [seconds per reader, default 20]
# Prints the executions and the crashes of each reader; exits 1 if any reader crashed (the
# crashing inputs are left in build/asan/crashes/<reader>/: each becomes a regression test in
# tests/io/ and a file in tests/fuzz/regressions/<reader>/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
build=build/asan
cmake --preset asan > "$build.configure.log"
cmake --build --preset asan -j "$(nproc)" --target fuzz_read_bionetgen fuzz_read_sbml > "$build.fuzzers.build.log"
status=0
for reader in bionetgen sbml; do
  corpus="$build/corpus/$reader"   # grows as the fuzzer finds new coverage; seeds stay in tests/
  crashes="$build/crashes/$reader"
  mkdir -p "$corpus" "$crashes"
  log="$build/fuzz_$reader.log"
  # Inputs that once crashed (tests/fuzz/regressions/) are replayed first, with the seeds.
  extra=()
  if [[ -d tests/fuzz/regressions/$reader ]]; then extra+=("tests/fuzz/regressions/$reader"); fi
  set +e
  # libsbml is not instrumented and keeps some global state: leaks are not reported.
  ASAN_OPTIONS=detect_leaks=0 "$build/tests/fuzz/fuzz_read_$reader" "$corpus" "tests/fuzz/corpus/$reader" "${extra[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$crashes/" > "$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  found=$(find "$crashes" -type f | wc -l)
  echo "fuzz $reader: ${execs:-?} executions in ${seconds} s, $found crashing inputs (exit $rc)"
  if ((rc != 0 || found > 0)); then
    status=1
    grep -m5 -E 'ERROR|SUMMARY|deadly|exception' "$log" || true
  fi
done
exit $status
