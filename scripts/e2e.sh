#!/usr/bin/env bash
# Runs the end-to-end tests against target/debug/cairn (built with the bundled UI) in a virtual X display
# with its own D-Bus session, one test at a time.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
export CAIRN_E2E_BINARY="${CAIRN_E2E_BINARY:-$(realpath "${CARGO_TARGET_DIR:-target}")/debug/cairn}"
rm -f target/e2e/*.png # screenshots are from this run only
export WEBKIT_DISABLE_COMPOSITING_MODE=1 NO_AT_BRIDGE=1
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test --locked -p cairn-e2e -- --test-threads=1 "$@"
