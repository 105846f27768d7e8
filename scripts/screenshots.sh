#!/bin/sh
# Regenerates the screenshots in docs/screenshots/ (the README shows them):
#   review-1400.png  the review page at 1400×1000, signed in as an admin
#   review-400.png   the review page on a phone (400×900): each bead a card
#   history.png      a document's history
#   compare.png      the coursework compare page with a student's alignment scored
#
# It runs the Chromium tests of tests/server/layout_browser.rs with SVERKA_UPDATE_SCREENSHOTS=1
# (they also check the layout), against the bundled post with a few votes, an approval and
# an applied merge. Needs Debian's chromium and chromedriver (.ci/browser-setup.sh).
#
#   scripts/screenshots.sh            # from the repository root
#   SCREENSHOT_TEST=NAME scripts/screenshots.sh     # if the test moves to another binary
set -eu
cd "$(dirname "$0")/.."
test_binary="${SCREENSHOT_TEST:-server}"
SVERKA_UPDATE_SCREENSHOTS=1 SVERKA_REQUIRE_BROWSER=1 \
    cargo test --release --test "$test_binary" -- --test-threads=1 layout_browser
status=0
for f in review-1400 review-400 history compare; do
    png="docs/screenshots/$f.png"
    if [ ! -f "$png" ]; then
        echo "missing: $png" >&2
        status=1
        continue
    fi
    size=$(wc -c < "$png")
    echo "$png: $size bytes"
    if [ "$size" -gt 300000 ]; then
        echo "  larger than 300 kB: keep the docs small" >&2
        status=1
    fi
done
exit $status
