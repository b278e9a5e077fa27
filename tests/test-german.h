/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-german.h - po/de.po compiled into a scratch folder for a test that
 * checks text in German (GLib only: render and GUI tests share it). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Compiles po/de.po with msgfmt into a new scratch folder, binds the
 * application's domain there and sets LANGUAGE=de; returns the folder, or
 * NULL with the test skipped (no msgfmt, or no C.UTF-8 locale: gettext
 * ignores LANGUAGE in C). */
char *test_german_set_up (void);
/* Unsets LANGUAGE (English from then on), removes the folder's catalogue
 * and frees it. */
void  test_german_remove (char *locale_dir);

G_END_DECLS
