#!/usr/bin/env bash
# Installs the peers the benchmarks compare Quorum with (docs/PERFORMANCE.md):
# LibreOffice Writer (headless, no GUI) and Chromium for the 50-page PDF, poppler's
# pdfinfo to count their pages. Python's icalendar (the iCalendar peer) comes from
# scripts/setup.sh. Safe to run again: silent when everything is there.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
# Either Writer package will do (the -nogui one is smaller, without X11 toolkits).
if ! have_pkg libreoffice-writer-nogui && ! have_pkg libreoffice-writer; then
  missing+=(libreoffice-writer-nogui)
fi
for p in chromium poppler-utils; do
  have_pkg "$p" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  printf '\033[1m==> %s\033[0m\n' "Installation des logiciels de comparaison : ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
