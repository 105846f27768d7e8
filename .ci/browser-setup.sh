#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver for the real-browser tests (tests/server/browser.rs),
# and poppler-utils (pdftotext, pdftoppm) to read the book printed to PDF (book_browser.rs).
# Idempotent: does nothing when all are already there. Needs root (CI runs as root).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
    && command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
    echo "browser-setup: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version | head -1)"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core poppler-utils >/dev/null
echo "browser-setup: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version | head -1)"
