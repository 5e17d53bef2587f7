#!/usr/bin/env bash
# Recompresses the .deb that `tauri build` made with xz instead of gzip (issue 18: 21 MiB -> 14.5 MiB; the app
# binary is most of it). Tauri leaves the package's tree beside it (`<name>/control`, `<name>/data`), which
# dpkg-deb packs again with the same control files and contents. Every dpkg reads xz.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CARGO_TARGET_DIR:-target}/release/bundle/deb"
shopt -s nullglob
for deb in "$dir"/*.deb; do
  staged="${deb%.deb}"
  [[ -d "$staged/control" && -d "$staged/data" ]] || { echo "no staged tree for $deb" >&2; exit 1; }
  tree="$(mktemp -d)"
  trap 'rm -rf "$tree"' EXIT
  cp -a "$staged/data/." "$tree/"
  mkdir "$tree/DEBIAN"
  cp -a "$staged/control/." "$tree/DEBIAN/"
  dpkg-deb --root-owner-group -Zxz -z9 --build "$tree" "$deb.partial" >/dev/null
  mv "$deb.partial" "$deb"
  rm -rf "$tree"
  trap - EXIT
  ls -l "$deb"
done
