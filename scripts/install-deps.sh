#!/usr/bin/env bash
# Installs the Debian packages jumpflow needs to build, test, document and plot.
# libjs-mathjax is copied into the API docs so formulas render offline; chromium (headless)
# and python3 run the docs' browser check (scripts/check-docs.py). pybind11, numpy, pytest
# and matplotlib build and test the Python module (src/python/).
# Idempotent: packages already present are skipped, and apt is not touched at all
# when nothing is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libeigen3-dev librandom123-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev
  doxygen graphviz gnuplot-nox
  libjs-mathjax chromium python3 fonts-dejavu-core
  libopenmpi-dev openmpi-bin
  libsbml5-dev
  clang libclang-rt-dev
  pybind11-dev python3-dev python3-numpy python3-pytest python3-matplotlib
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
