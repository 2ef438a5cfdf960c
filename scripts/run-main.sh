#!/usr/bin/env bash
# The main job, from a fresh Debian machine: install the packages (skipped when present),
# configure + build the release preset, then run the convergence study of the STDP learning
# rule (`jumpflow study bnn`): a table on stdout, results.json, table.csv, config.json and
# the plot error_vs_n.png/.svg in ./jumpflow-out (or the folder given with --out).
# Extra arguments go to the study, e.g. `bash scripts/run-main.sh --loss logcosh --d 8`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
./build/release/src/tool/jumpflow study bnn --out jumpflow-out "$@"
echo "The plot is jumpflow-out/error_vs_n.png (and .svg); rerun with --resume to continue an interrupted study."
