#!/usr/bin/env bash
# The message catalogs agree: each .po is well formed, translates every
# message of the template, and holds none the template lacks (po/*.po merge
# by union, so a merge can leave an entry cut in half or in one file only).
# Usage: bash po_catalogs.sh SOURCE_DIR
set -u
po=$1/po
failed=0
for f in "$po"/vi.po "$po"/en.po "$po"/thidua.pot; do
    msgfmt --check -o /dev/null "$f" || { echo "FAIL $f is not well formed"; failed=1; }
done
for f in "$po"/vi.po "$po"/en.po; do
    msgcmp "$f" "$po"/thidua.pot || { echo "FAIL $f lacks a translation of the template's"; failed=1; }
    msgcmp --use-untranslated "$po"/thidua.pot "$f" || { echo "FAIL the template lacks a message of $f"; failed=1; }
done
[ "$failed" -eq 0 ] && echo "ok   the catalogs agree"
exit "$failed"
