#!/usr/bin/env bash
# Fails when the committed TypeScript bindings (ui/src/bindings) differ from what
# ts-rs generates from the Rust types now. Fix: `make bindings`, then commit.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
# --workspace: the same feature set as `make test-rust`, so nothing is compiled twice.
TS_RS_EXPORT_DIR="$fresh" cargo test --workspace --quiet export_bindings >/dev/null
if ! diff -ru ui/src/bindings "$fresh"; then
  echo "Les types TypeScript générés ne correspondent plus au code Rust : lancez « make bindings » et validez ui/src/bindings." >&2
  exit 1
fi
echo "bindings: ui/src/bindings matches the Rust types"
