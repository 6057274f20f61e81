#!/usr/bin/env bash
# Install what the test suite needs on a fresh Debian/Ubuntu machine:
# LibreOffice (renders DOCX for the real-client tests), poppler-utils (pdftotext, pdftoppm, pdffonts),
# pandoc (a second reader of the DOCX's structure), then this project in editable mode with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q libreoffice-writer-nogui poppler-utils fontconfig pandoc
python3 -m pip install -q -e '.[test]'
