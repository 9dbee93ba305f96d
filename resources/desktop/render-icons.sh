#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders the scalable icon to the hicolor PNG sizes that are committed beside it, so that neither
# the build nor the package needs an SVG renderer. Run it by hand after editing the SVG:
#   apt-get install librsvg2-bin && bash resources/desktop/render-icons.sh
# The sizes must match DIMSCOPE_ICON_SIZES in CMakeLists.txt here (the install test checks them).
set -euo pipefail
cd "$(dirname "$0")/icons/hicolor"
id=io.github.dimscope.Dimscope
for size in 16 24 32 48 64 128 256; do
  mkdir -p "${size}x${size}/apps"
  rsvg-convert --width "$size" --height "$size" --output "${size}x${size}/apps/$id.png" \
    "scalable/apps/$id.svg"
done
