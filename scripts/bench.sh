#!/usr/bin/env bash
# `make bench`: the benchmarks on the large demo data, in a virtual X display with its own D-Bus session so the
# budgets bench can launch the release app (CAIRN_APP) for the start-up and page figures. Arguments go to
# `cargo bench` (e.g. `--bench budgets`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export WEBKIT_DISABLE_COMPOSITING_MODE=1 NO_AT_BRIDGE=1
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo bench --locked -p cairn-demo "$@"
