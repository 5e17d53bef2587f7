#!/usr/bin/env bash
# Finishes the .deb that `tauri build` made, from the package tree Tauri leaves beside it (`<name>/control`,
# `<name>/data`), and packs it again:
#   - manual pages and the changelog compressed, as Debian policy asks (gzip -9n: no name or time inside, so
#     the same input gives the same package; Tauri's own changelog option files it under the product name,
#     /usr/share/doc/Cairn, where dpkg and lintian do not look);
#   - Depends worked out by dpkg-shlibdeps from the shared libraries the binary links (libc6, libgcc-s1,
#     WebKitGTK, GTK, GLib, ...) with the lowest versions their symbols need, in place of Tauri's two names;
#   - md5sums and Installed-Size written again for the files as they now are;
#   - xz instead of gzip (issue 18: 21 MiB -> 14.5 MiB; the app binary is most of it). Every dpkg reads xz.
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

  if [ -d "$tree/usr/share/man" ]; then
    find "$tree/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +
  fi
  find "$tree/usr/share/doc" -type f -name changelog -exec gzip -9n {} +

  # dpkg-shlibdeps reads the package layout debhelper would have made (debian/control, debian/<package>/...).
  package="$(sed -n 's/^Package: //p' "$tree/DEBIAN/control")"
  shlibs="$(mktemp -d)"
  mkdir -p "$shlibs/debian/$package/usr/bin"
  printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$package" "$package" >"$shlibs/debian/control"
  cp "$tree/usr/bin/$package" "$shlibs/debian/$package/usr/bin/"
  # It warns that the binary is not where debhelper installs it, which does not matter here.
  depends="$(cd "$shlibs" && dpkg-shlibdeps -O "debian/$package/usr/bin/$package" 2> >(grep -v 'should already be installed' >&2) \
    | sed -n 's/^shlibs:Depends=//p')"
  rm -rf "$shlibs"
  [ -n "$depends" ] || { echo "dpkg-shlibdeps found no dependencies for $package" >&2; exit 1; }
  sed -i "s/^Depends: .*/Depends: $depends/" "$tree/DEBIAN/control"

  installed_kib="$(du -sk --exclude=DEBIAN "$tree" | cut -f1)"
  sed -i "s/^Installed-Size: .*/Installed-Size: $installed_kib/" "$tree/DEBIAN/control"
  (cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    >"$tree/DEBIAN/md5sums"

  dpkg-deb --root-owner-group -Zxz -z9 --build "$tree" "$deb.partial" >/dev/null
  mv "$deb.partial" "$deb"
  rm -rf "$tree"
  trap - EXIT
  ls -l "$deb"
done
