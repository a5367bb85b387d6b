#!/usr/bin/env bash
# Installs the Debian packages drafter's tests and services need, skipping what is there.
#   chromium                  real browser for the end-to-end tests (Playwright drives it)
#   libreoffice-writer-nogui  .docx → .pdf; python3-uno and python3-venv let unoserver run
#                             under Debian's python3 (the one with `uno`)
#   fonts-liberation2         Liberation Serif 2: Times New Roman metrics with Vietnamese glyphs
#   fonts-symbola             outline emoji and symbols LibreOffice falls back to in PDFs
#                             (Liberation Serif lacks them; colour emoji print blank in LO 7.4)
#   poppler-utils             pdftoppm, to look at the PDF pages
#   postgresql                the second database the storage tests run on
# Extra package names given as arguments are installed too (e.g. `wrk` for bench/http.py).
set -euo pipefail
packages=(chromium fonts-liberation2 fonts-symbola libreoffice-writer-nogui python3-uno python3-venv poppler-utils postgresql "$@")
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
