# Quorum — the two commands a newcomer needs: `make run` and `make test`.
# Both install what is missing first (scripts/setup.sh).

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
XVFB := xvfb-run -a -s "-screen 0 1400x1000x24"

.PHONY: all setup ui screenshot bench bench-core bench-start bench-screen run dev build package test test-rust test-ui test-cli test-e2e lint fmt check-bindings bindings clean crash fuzz

all: build

setup:
	@scripts/setup.sh

# The interface, built once and embedded into the binary by Tauri.
ui: setup
	npm run build --silent

## Opens Quorum (debug build, your usual data directory unless QUORUM_DATA_DIR is set).
run: ui
	$(CARGO) build -p quorum
	./target/debug/quorum

## Release binary at target/release/quorum.
build: ui
	$(CARGO) build --release -p quorum
	@ls -lh target/release/quorum

## Debian package in target/release/bundle/deb/.
package: ui
	# The Tauri CLI is fetched on demand (pinned): only packaging needs it.
	npx --yes @tauri-apps/cli@2.12.5 build --bundles deb --config '{"build":{"beforeBuildCommand":""}}'
	@ls -lh target/release/bundle/deb/*.deb

## Every check and test, as CI runs them.
test: ui lint check-bindings test-rust test-ui test-cli test-e2e
	@echo "make test: all checks passed"

lint: ui
	@# The core must stay free of Tauri: it is tested and reused without a window.
	@if $(CARGO) tree -p quorum-core --prefix none -e normal,build | grep -E '^tauri'; then \
		echo "quorum-core depends on Tauri: move that code to src-tauri/" >&2; exit 1; fi
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	npm run check --silent
	npm run lint --silent

check-bindings: setup
	scripts/check-bindings.sh

## Regenerates ui/src/bindings from the Rust types.
bindings:
	rm -rf ui/src/bindings
	$(CARGO) test --workspace --quiet export_bindings

test-rust: ui
	$(CARGO) test --workspace --locked

test-ui: setup
	npm run test:ui --silent

# `--workspace --all-targets` builds the binary with the same features as
# `cargo test --workspace` (dev-dependencies such as proptest turn on `std` in
# num-traits, which reaches most crates): a plain `build -p quorum` after the
# tests recompiled ~300 crates a second time, doubling CI time and disk.
QUORUM_BIN_BUILD := $(CARGO) build --workspace --all-targets --locked

test-cli: ui
	$(QUORUM_BIN_BUILD)
	node --test --test-concurrency=1 tests/cli/

test-e2e: ui
	$(QUORUM_BIN_BUILD)
	$(XVFB) node --test --test-concurrency=1 tests/e2e/

fmt:
	$(CARGO) fmt --all
	npx eslint --fix ui tests scripts bench

clean:
	$(CARGO) clean
	rm -rf ui/dist node_modules

## Long crash-safety run (docs/RELIABILITY.md): 500 SIGKILLs during heavy writes.
## `make test` runs the short version (60 kills).
crash: setup
	QUORUM_CRASH_ROUNDS=500 $(CARGO) test -p quorum-core --test crash -- --nocapture

## Long fuzzing run of the importers (proptest); failing inputs go to
## src-tauri/core/tests/fuzz_corpus/, replayed by every `make test`.
fuzz: setup
	QUORUM_FUZZ_CASES=20000 $(CARGO) test -p quorum-core --test fuzz -- --nocapture

## Benchmarks (release build): figures for docs/PERFORMANCE.md.
bench: bench-core bench-start bench-screen

## The core's benchmarks side by side with their peers, as ratios (50-page PDF vs
## LibreOffice and Chromium, autosave vs a bare WAL commit, iCalendar export vs
## Python's icalendar, search vs raw FTS5); scripts/bench-setup.sh installs the peers.
bench-core: setup
	@scripts/bench-setup.sh
	$(CARGO) bench -p quorum-core --bench '*' --locked

## Start-up to the first screen and memory of the whole process tree (WebKit's
## included), release build, against a blank Tauri 2 window built the same way
## (bench/blank-window). The driver starts its own Xvfb: bench/start_memory.py.
bench-start: ui
	$(CARGO) build --release --locked -p quorum -p quorum-blank-window
	python3 bench/start_memory.py

## A council's screens on ten years of data (`quorum demo --years 10`), timed inside
## the release window through WebDriver: home, meetings tab, fifty older meetings.
bench-screen: ui
	$(CARGO) build --release --locked -p quorum
	$(XVFB) node bench/council_screen.mjs

## Refreshes docs/screenshot.png (the README's picture) from the demo council.
screenshot: ui
	$(CARGO) build -p quorum
	$(XVFB) node scripts/screenshot.mjs
