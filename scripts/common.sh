#!/usr/bin/env bash
# Shared by run.sh and test.sh: install the Debian 12 packages that are missing, then configure and
# build into ./build (Release, -march=native). Idempotent: a second run installs nothing.
# $DIMSCOPE_BUILD_DIR names another build folder; $DIMSCOPE_TARGETS (space-separated) builds only
# those targets instead of all.
set -euo pipefail
cd "$(dirname "$0")/.."

# desktop-file-utils and appstream: tests/install validates the desktop entry and metainfo. lld:
# the linker (CMakeLists.txt says why).
packages=(g++ cmake ninja-build lld qt6-base-dev qt6-svg-dev libqcustomplot-dev libeigen3-dev
          libboost-random-dev libboost-math-dev nlohmann-json3-dev libgtest-dev libhnswlib-dev libopenblas-dev
          zlib1g-dev
          xvfb xauth fonts-dejavu-core poppler-utils desktop-file-utils appstream)
bash scripts/install_missing.sh "${packages[@]}"

build_dir=${DIMSCOPE_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
read -r -a targets <<< "${DIMSCOPE_TARGETS:-}"
cmake --build "$build_dir" -j"$(nproc)" ${targets[@]+--target "${targets[@]}"}
