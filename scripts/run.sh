#!/usr/bin/env bash
# Installs what is missing, builds, and starts dimscope.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/common.sh
exec "${DIMSCOPE_BUILD_DIR:-build}/app/dimscope" "$@"
