#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-po-broken.sh - test-po.sh fails when xgettext cannot read a listed
# source (it exits 0 then, saying so only on stderr, and test-po.sh passed
# with that file's strings left out).  Runs it on a copy of the sources
# whose window template is cut short.  TAP.
set -u
top="${MESON_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"
if ! command -v xgettext >/dev/null || ! command -v msgmerge >/dev/null; then
  echo "ok 1 # SKIP xgettext/msgmerge not installed"; echo "1..1"; exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
cp -r "$top/app" "$top/ui" "$top/core" "$top/plugins" "$top/data" "$top/po" "$tmp/src/"
echo '<broken' >>"$tmp/src/app/hl-window.ui"
out="$(MESON_SOURCE_ROOT="$tmp/src" bash "$top/tests/test-po.sh" 2>&1)"
rc=$?
if [ $rc -ne 0 ] && grep -q '^not ok .*xgettext could not read.*app/hl-window.ui' <<<"$out"; then
  echo "ok 1 - test-po.sh fails on a source xgettext cannot read"
else
  echo "not ok 1 - test-po.sh passed (exit $rc) with app/hl-window.ui unreadable: $out"
fi
echo "1..1"
