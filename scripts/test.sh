#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test (ctest's summary
# closes the output). .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/common.sh -DDIMSCOPE_WERROR=ON
# tests/scripts runs scripts/faiss_knn.py: with faiss installed here, a missing faiss is a failure.
bash scripts/install_missing.sh python3-faiss python3-numpy
export DIMSCOPE_REQUIRE_FAISS=1
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
chmod 700 "$XDG_RUNTIME_DIR"
cd "${DIMSCOPE_BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)" --timeout 600
