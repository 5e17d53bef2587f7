# Cairn's build. `make run` and `make test` do all the set-up on a fresh Debian 12 / Ubuntu 22.04+ machine.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO := cargo
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/svelte.config.js ui/package-lock.json

.PHONY: run build test lint bench bundle bindings setup setup-test setup-bundle ui clean soak

TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

run: build
	$(TARGET_DIR)/release/cairn

build: setup ui
	$(CARGO) build --release --locked
	@ls -l $(TARGET_DIR)/release/cairn

# Rust unit and integration tests, UI unit tests, then the end-to-end tests against the real window. The e2e
# tests drive target/debug/cairn as `cargo test` built it for the CLI tests (bundled UI, same features), so
# the app compiles once.
test: setup-test ui
	$(CARGO) test --workspace --exclude cairn-e2e --locked
	scripts/check-offline-deps.sh
	cd ui && npm test
	scripts/e2e.sh

lint: setup ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	cd ui && npm run check

# Benchmarks on the large demo data; figures, not pass/fail. The budgets bench launches the release app for
# the start-up and page figures, so it is built first. README "Performance" says how to read the tables.
bench: setup ui
	$(CARGO) build --release --locked
	CAIRN_APP=$(abspath $(TARGET_DIR))/release/cairn scripts/bench.sh

# The sync simulation at length (make test runs 6 short runs): 40 runs of 400 random operations on 3 devices.
soak: setup
	SYNC_SIMULATION_SEEDS=40 SYNC_SIMULATION_STEPS=400 $(CARGO) test --locked -p cairn-store --test sync_simulation -- --nocapture

# A .deb package (AppImage needs downloads at build time, so it is not offered), finished by repack-deb.sh and
# checked by check-deb.sh (lintian, the desktop entry, icons, dependencies, and an install on a fresh Debian 12).
# The Tauri CLI is fetched by npx rather than locked in ui/: its lock entry would name prebuilt binaries for
# every platform, and the registry this must work from serves only the one for this platform, which `npm ci`
# refuses.
TAURI_CLI := @tauri-apps/cli@2.12.5
bundle: setup-bundle ui
	npx --yes $(TAURI_CLI) build --bundles deb -- --locked
	scripts/repack-deb.sh
	scripts/check-deb.sh

# Regenerates ui/src/lib/bindings.ts from the Rust commands.
bindings: setup ui
	CAIRN_UPDATE_BINDINGS=1 $(CARGO) test --locked --test ipc the_committed_typescript_bindings

setup:
	scripts/setup.sh build

setup-test:
	scripts/setup.sh test

setup-bundle:
	scripts/setup.sh bundle

# The Rust build embeds ui/dist, so the UI is built first (again only when a UI source changed).
ui: ui/dist/index.html
ui/dist/index.html: $(UI_SOURCES)
	cd ui && npm run build

clean:
	rm -rf target ui/dist ui/node_modules
