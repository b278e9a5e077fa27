#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-po.sh - the translations stay whole: every source file with
# translatable strings is listed in po/POTFILES.in (the sweep and
# learning-rate finder sources never were, so none of their strings reached
# a translator), every listed file exists, each language's .po compiles
# with its format strings checked against the English (a translation with a
# %s too few or too many crashes printf), and translates every message the
# sources have now.  TAP.
set -u
top="${MESON_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$top" || exit 1
n=0
fail=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

listed="$(grep -v '^#' po/POTFILES.in | grep -v '^$' | sort)"

# 1. sources with translatable strings are listed (headers too: the Adam
# and AdamW parameters are marked in plugins/optimizers/hl-adam-util.h);
# not the third-party example plugin's, which has its own catalogue
# (plugins/example/po, gettext domain hyperlab-lion)
missing=""
while IFS= read -r f; do
  if grep -q -E '_\("|N_\("|C_\("|translatable="yes"|g_dngettext|ngettext \(' "$f" \
     && ! grep -qx "$f" <<<"$listed"; then
    missing="$missing $f"
  fi
done < <(find app ui core plugins data -path plugins/example -prune \
           -o -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' \) -print | sort)
if [ -z "$missing" ]; then ok "every file with translatable strings is in po/POTFILES.in"
else not_ok "not in po/POTFILES.in:$missing"; fi

# 2. every listed file exists
gone=""
while IFS= read -r f; do
  [ -e "$f" ] || gone="$gone $f"
done <<<"$listed"
if [ -z "$gone" ]; then ok "every file po/POTFILES.in lists exists"
else not_ok "po/POTFILES.in lists files that are gone:$gone"; fi

# 3. each language compiles, format strings checked
if ! command -v msgfmt >/dev/null; then
  n=$((n + 1)); echo "ok $n # SKIP msgfmt not installed"
else
  for lang in $(grep -v '^#' po/LINGUAS); do
    if out="$(msgfmt --check -o /dev/null "po/$lang.po" 2>&1)"; then ok "po/$lang.po compiles, formats checked"
    else not_ok "po/$lang.po: $out"; fi
  done
fi

# 4. each language translates every message of the sources as they are
# (de.po had fallen 325 messages behind: the sweep and finder shown half
# in English)
if ! command -v xgettext >/dev/null || ! command -v msgmerge >/dev/null; then
  n=$((n + 1)); echo "ok $n # SKIP xgettext/msgmerge not installed"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # xgettext exits 0 when it cannot read a file, saying so only on stderr:
  # that file's strings left out, the .po looked complete without them
  if ! xgettext --from-code=UTF-8 --add-comments=TRANSLATORS --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
         --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
         --files-from=po/POTFILES.in -o "$tmp/hyperlab.pot" 2>"$tmp/xgettext.err" \
     || [ -s "$tmp/xgettext.err" ] || [ ! -s "$tmp/hyperlab.pot" ]; then
    not_ok "xgettext could not read the sources whole: $(tr '\n' ' ' <"$tmp/xgettext.err")"
  else
    for lang in $(grep -v '^#' po/LINGUAS); do
      if ! out="$(msgmerge --quiet "po/$lang.po" "$tmp/hyperlab.pot" -o "$tmp/$lang.po" 2>&1)"; then
        not_ok "po/$lang.po cannot be merged with the sources: $out"
        continue
      fi
      stats="$(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)"
      case "$stats" in
        *fuzzy*|*untranslated*) not_ok "po/$lang.po is behind the sources ($stats): msgmerge it and translate the rest" ;;
        *" translated message"*) ok "po/$lang.po translates every message ($stats)" ;;
        *) not_ok "po/$lang.po: $stats" ;;
      esac
    done
  fi
fi

# 5. the example plugin's own catalogues (domain hyperlab-lion) compile and
# translate every message lion.c marks, as its Makefile builds them
if ! command -v xgettext >/dev/null || ! command -v msgmerge >/dev/null; then
  n=$((n + 1)); echo "ok $n # SKIP xgettext/msgmerge not installed"
else
  ex="$(mktemp -d)"
  xgettext --from-code=UTF-8 --keyword=N_ -o "$ex/hyperlab-lion.pot" plugins/example/lion.c
  for po in plugins/example/po/*.po; do
    if ! out="$(msgfmt --check -o /dev/null "$po" 2>&1)"; then
      not_ok "$po: $out"
    elif ! msgmerge --quiet "$po" "$ex/hyperlab-lion.pot" -o "$ex/merged.po" 2>/dev/null; then
      not_ok "$po cannot be merged with lion.c"
    else
      stats="$(msgfmt --statistics -o /dev/null "$ex/merged.po" 2>&1)"
      case "$stats" in
        *fuzzy*|*untranslated*) not_ok "$po is behind lion.c ($stats)" ;;
        *) ok "$po compiles and translates lion.c ($stats)" ;;
      esac
    fi
  done
  rm -rf "$ex"
fi

echo "1..$n"
exit $fail
