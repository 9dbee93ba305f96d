#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs those of the Debian 12 packages named as arguments that are missing (as root, or through
# sudo). Shared by common.sh and .ci/run's packaging stage. Idempotent: when nothing is missing it
# touches neither apt nor the network.
set -euo pipefail

missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  # env inside sudo: sudo resets the environment, so a DEBIAN_FRONTEND before it would not arrive.
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
