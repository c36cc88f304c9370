#!/usr/bin/env bash
# Installs whatever this machine lacks to build, run and test Quorum on Debian or
# Ubuntu: system packages, Node packages, tauri-driver. Safe to run again: it only
# installs what is missing, so `make run` and `make test` call it every time.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# System packages: WebKitGTK and friends for Tauri 2, Xvfb and WebKitWebDriver for
# the end-to-end tests, poppler and qpdf to read back the PDFs Quorum writes.
APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev librsvg2-dev libayatana-appindicator3-dev
  xvfb xauth webkit2gtk-driver
  poppler-utils qpdf
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "Installation des paquets système : ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Rust: Tauri 2.12 needs a recent toolchain (1.90 or later), newer than Debian's.
if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] || {
    say "Installation de Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
  }
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if command -v rustup >/dev/null 2>&1; then
  for c in clippy rustfmt; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
  done
fi

# Node.js 20 or later for the interface build (Vite 8).
if ! command -v npm >/dev/null 2>&1; then
  say "Installation de Node.js"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js $node_major est trop ancien : Quorum a besoin de Node.js 20 ou plus récent." >&2
  exit 1
fi

# Node packages, exactly as locked. Reinstalled only when the lock file changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installation des paquets Node (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Python's icalendar package: the iCalendar export is read back by an independent
# parser in the tests (core tests, command line, end to end). pip first (a pyenv or
# venv Python); Debian's package when the system Python refuses pip (PEP 668).
if ! python3 -c 'import icalendar' 2>/dev/null; then
  say "Installation du paquet Python icalendar"
  python3 -m pip install --user --quiet 'icalendar>=5' 2>/dev/null \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-icalendar >/dev/null
  python3 -c 'import icalendar' || {
    echo "Le paquet Python icalendar n'a pas pu être installé (pip ou apt python3-icalendar)." >&2
    exit 1
  }
fi

# tauri-driver (2.x, not the 3.0 alphas) bridges WebDriver to the app's WebKit view.
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "Installation de tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi
