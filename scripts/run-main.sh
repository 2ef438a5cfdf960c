#!/usr/bin/env bash
# The main job, from a fresh Debian machine: install the packages (skipped when present),
# configure + build in Release, then run the most complete study the project offers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
./build/release/examples/random_streams "$@"
