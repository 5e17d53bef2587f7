#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) Cairn needs on Debian 12 / Ubuntu 22.04 or newer, and
# only what is missing. Uses sudo when not run as root. Usage: scripts/setup.sh build|test|bundle (bundle: what
# `make bundle` needs to check its .deb)
set -euo pipefail

mode=${1:-build}
cd "$(dirname "$0")/.."

build_packages=(build-essential pkg-config curl wget file libssl-dev libxdo-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev
  libclang-dev)  # rusqlite's `session` feature (sync) generates its SQLite bindings with bindgen
test_packages=(webkit2gtk-driver xvfb xauth dbus imagemagick xdotool poppler-utils time libreoffice-writer-nogui
  dunst  # a notification daemon, so the e2e tests can see a reminder arrive
  fonts-dejavu-core)  # DejaVu Serif: the report's charts are checked against the widest serif a reader may have

bundle_packages=(lintian desktop-file-utils imagemagick debootstrap)

packages=("${build_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")
[ "$mode" = bundle ] && packages+=("${bundle_packages[@]}")
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust comes from rustup (Debian's cargo is too old for Tauri 2).
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found. Install Rust 1.85 or newer with rustup (https://rustup.rs), then run make again." >&2
  exit 1
fi

# Vite 8 needs Node.js 20.19 or newer.
node_version=$(node -p 'process.versions.node')
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "setup: Node.js $node_version is too old; Cairn's UI build needs 20.19 or newer." >&2
  exit 1
fi

# npm packages exactly as locked, reinstalled only when the lock file changed.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  (cd ui && npm ci --no-audit --no-fund)
fi

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked
fi
