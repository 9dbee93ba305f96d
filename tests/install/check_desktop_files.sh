#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: check_desktop_files.sh CMAKE BUILD_DIR PREFIX APP_ID VERSION SIZE...
# Installs only the desktop component into PREFIX (no binary, so it is quick) and checks it there,
# where the install rules, not the source tree, decide what a desktop would find.
set -euo pipefail
cmake_cmd=$1 build_dir=$2 prefix=$3 id=$4 version=$5
shift 5
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

rm -rf "$prefix"
"$cmake_cmd" --install "$build_dir" --component desktop --prefix "$prefix" >/dev/null
share=$prefix/share

desktop=$share/applications/$id.desktop
# Errors make desktop-file-validate fail; warnings do not, but a desktop may still skip the entry.
# Hints (such as several main categories) pass.
if ! out=$(desktop-file-validate "$desktop" 2>&1) || grep -Eq ': (error|warning):' <<<"$out"; then
  fail "desktop-file-validate: $out"
fi
grep -qx "Icon=$id" "$desktop" || fail "$desktop: Icon is not $id"
grep -qx "Exec=dimscope" "$desktop" || fail "$desktop: Exec is not dimscope"

metainfo=$share/metainfo/$id.metainfo.xml
appstreamcli validate --no-net --strict "$metainfo" || fail "appstreamcli validate $metainfo"
# The tree check also finds the .desktop file the metainfo's launchable names.
appstreamcli validate-tree --no-net --strict "$prefix" || fail "appstreamcli validate-tree $prefix"
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -n 1 | cut -d'"' -f2)
[ "$newest" = "$version" ] || fail "$metainfo: newest release is '$newest', the project is $version"

icons=$share/icons/hicolor
[ -s "$icons/scalable/apps/$id.svg" ] || fail "no scalable icon"
for size in "$@"; do
  png=$icons/${size}x${size}/apps/$id.png
  if [ ! -s "$png" ]; then
    fail "no ${size}x${size} icon"
    continue
  fi
  # Width and height are the big-endian 32-bit words at bytes 16 and 20 of a PNG (its IHDR chunk).
  read -r width height < <(od -An -tu1 -j16 -N8 "$png" |
    awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
  if [ "$width" != "$size" ] || [ "$height" != "$size" ]; then fail "$png is ${width}x${height}"; fi
done

echo "checked $desktop, $metainfo and $# icon sizes: $failures failure(s)"
[ "$failures" -eq 0 ]
