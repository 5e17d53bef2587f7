#!/usr/bin/env bash
# Checks the .deb that `make bundle` made, as a distribution would before shipping it:
#   1. lintian reports no errors (its warnings and notes are printed);
#   2. the desktop entry passes desktop-file-validate and starts `cairn`;
#   3. every icon sits in the hicolor folder of its real size, and the sizes desktops ask for are there;
#   4. every shared library the binary links comes from a package the .deb depends on, directly or through
#      those packages' own dependencies (read from apt, independently of how Depends was written);
#   5. the packaged binary, unpacked into a scratch folder, runs `cairn check` on an empty data folder;
#   6. on a fresh Debian 12 root (debootstrap, minbase), `apt-get install ./cairn.deb` brings everything it
#      needs and the installed `cairn check` passes there. This needs root, debootstrap and the Debian mirror;
#      without them it says it was skipped and why (CAIRN_DEB_CLEAN_ROOT=0 skips it on purpose).
# Exits non-zero at the first failure, saying which check and why.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
dir="$target/release/bundle/deb"
shopt -s nullglob
debs=("$dir"/*.deb)
[ ${#debs[@]} -eq 1 ] || { echo "check-deb: expected one .deb in $dir, found ${#debs[@]}" >&2; exit 1; }
deb="$(realpath "${debs[0]}")"
for tool in lintian desktop-file-validate identify; do
  command -v "$tool" >/dev/null || { echo "check-deb: $tool is missing (scripts/setup.sh bundle installs it)" >&2; exit 1; }
done
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
root="$scratch/unpacked"
dpkg-deb -x "$deb" "$root"

echo "check-deb: 1. lintian"
# Lintian exits 1 when it found errors and 2 when it could not run at all.
status=0
lintian --tag-display-limit 0 "$deb" >"$scratch/lintian" || status=$?
cat "$scratch/lintian"
[ "$status" -le 1 ] || { echo "check-deb: lintian could not check the package (exit $status)" >&2; exit 1; }
errors="$(grep -c '^E:' "$scratch/lintian" || true)"
[ "$errors" -eq 0 ] || { echo "check-deb: lintian found $errors errors" >&2; exit 1; }

echo "check-deb: 2. desktop entry"
entries=("$root"/usr/share/applications/*.desktop)
[ ${#entries[@]} -eq 1 ] || { echo "check-deb: expected one desktop entry, found ${#entries[@]}" >&2; exit 1; }
desktop-file-validate "${entries[0]}"
grep -qx 'Exec=cairn' "${entries[0]}" || { echo "check-deb: the desktop entry does not start cairn" >&2; exit 1; }

echo "check-deb: 3. icons"
found_sizes=()
for icon in "$root"/usr/share/icons/hicolor/*/apps/*.png; do
  folder="$(basename "$(dirname "$(dirname "$icon")")")"  # 128x128, or 128x128@2 for twice that
  size="${folder%@2}"
  scale=1
  [ "$folder" != "$size" ] && scale=2
  real="$(identify -format '%wx%h' "$icon")"
  expected="$(( ${size%x*} * scale ))x$(( ${size#*x} * scale ))"
  [ "$real" = "$expected" ] || { echo "check-deb: $icon is $real, not $expected" >&2; exit 1; }
  [ "$scale" = 1 ] && found_sizes+=("$size")
done
for wanted in 16x16 32x32 48x48 64x64 128x128 256x256 512x512; do
  [[ " ${found_sizes[*]} " == *" $wanted "* ]] || { echo "check-deb: no $wanted icon (has ${found_sizes[*]})" >&2; exit 1; }
done
echo "check-deb: icons ${found_sizes[*]}"

echo "check-deb: 4. dependencies"
mapfile -t depends < <(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/[ (].*//; /^$/d')
[ ${#depends[@]} -gt 0 ] || { echo "check-deb: the package depends on nothing" >&2; exit 1; }
# Everything those packages bring, as apt would install it (virtual packages in <> count by their name).
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
  --no-enhances "${depends[@]}" >"$scratch/closure" || { echo "check-deb: apt-cache cannot resolve ${depends[*]}" >&2; exit 1; }
provided="$( { printf '%s\n' "${depends[@]}"; sed -n 's/^ *\(Pre\)\{0,1\}Depends: //p; /^[^ ]/p' "$scratch/closure"; } \
  | tr -d '<>' | sed 's/:.*//' | sort -u)"
missing=()
while read -r library; do
  # "libfoo.so.1 => /path (0x...)", or for the dynamic loader "/lib64/ld-linux-x86-64.so.2 (0x...)".
  path="$(ldd "$root/usr/bin/cairn" | awk -v lib="$library" '$1 == lib { print $3; exit }
    substr($1, length($1) - length(lib)) == "/" lib { print $1; exit }')"
  [ -n "$path" ] || { missing+=("$library (not found on this machine)"); continue; }
  owner="$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  [ -n "$owner" ] || owner="$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  [ -n "$owner" ] || { missing+=("$library (no package owns $path)"); continue; }
  grep -qx "$owner" <<<"$provided" || missing+=("$library from $owner")
done < <(readelf -d "$root/usr/bin/cairn" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if [ ${#missing[@]} -gt 0 ]; then
  printf 'check-deb: the package does not bring %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "check-deb: Depends: $(dpkg-deb -f "$deb" Depends)"

echo "check-deb: 5. the packaged binary runs"
"$root/usr/bin/cairn" check --data-dir "$scratch/data"

echo "check-deb: 6. a fresh Debian 12"
if [ "${CAIRN_DEB_CLEAN_ROOT:-1}" = 0 ]; then
  echo "check-deb: skipped (CAIRN_DEB_CLEAN_ROOT=0)"
elif [ "$(id -u)" -ne 0 ] || ! command -v debootstrap >/dev/null; then
  echo "check-deb: skipped: needs root and debootstrap (scripts/setup.sh bundle installs it)"
else
  fresh="$scratch/debian12"
  # The minimal base is kept between runs (it is the same every time); each run installs into a fresh copy.
  base="$target/debian12-minbase.tar"
  if [ ! -f "$base" ]; then
    debootstrap --variant=minbase --make-tarball="$base.partial" bookworm "$scratch/tarball-work" \
      http://deb.debian.org/debian >"$scratch/debootstrap.log" 2>&1 \
      || { tail -20 "$scratch/debootstrap.log" >&2; echo "check-deb: debootstrap could not fetch Debian 12" >&2; exit 1; }
    mv "$base.partial" "$base"
  fi
  debootstrap --variant=minbase --unpack-tarball="$(realpath "$base")" bookworm "$fresh" \
    http://deb.debian.org/debian >"$scratch/debootstrap.log" 2>&1 \
    || { tail -20 "$scratch/debootstrap.log" >&2; echo "check-deb: debootstrap failed" >&2; exit 1; }
  cp /etc/resolv.conf "$fresh/etc/resolv.conf"
  cp "$deb" "$fresh/tmp/cairn.deb"
  in_root() { chroot "$fresh" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
  in_root apt-get update -qq >"$scratch/apt.log" 2>&1 \
    || { tail -20 "$scratch/apt.log" >&2; echo "check-deb: apt-get update failed in the fresh root" >&2; exit 1; }
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/cairn.deb \
    >"$scratch/apt.log" 2>&1 \
    || { tail -20 "$scratch/apt.log" >&2; echo "check-deb: the .deb does not install on a fresh Debian 12" >&2; exit 1; }
  echo "check-deb: installed with $(in_root dpkg-query -W -f='${binary:Package}\n' | wc -l) packages in the root"
  in_root sh -c 'command -v cairn && cairn --version && cairn check --data-dir /tmp/cairn-data' \
    || { echo "check-deb: cairn check failed on a fresh Debian 12" >&2; exit 1; }
  missing_libraries="$(in_root ldd /usr/bin/cairn | grep 'not found' || true)"
  [ -z "$missing_libraries" ] || { echo "check-deb: missing on a fresh Debian 12: $missing_libraries" >&2; exit 1; }
  in_root test -f /usr/share/applications/Cairn.desktop -a -f /usr/share/man/man1/cairn.1.gz \
    || { echo "check-deb: the desktop entry or the manual page did not install" >&2; exit 1; }
fi

ls -l "$deb"
echo "check-deb: all checks passed"
