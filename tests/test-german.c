/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-german.c - see test-german.h. */
#include <locale.h>
#include <libintl.h>
#include <glib/gstdio.h>
#include "test-german.h"

char *
test_german_set_up (void)
{
  g_autofree char *po = g_test_build_filename (G_TEST_DIST, "..", "po", "de.po", NULL);
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *mo_dir = NULL, *mo = NULL;
  g_autoptr(GError) error = NULL;
  char *locale_dir;
  int status = 0;

  if (msgfmt == NULL)
    {
      g_test_skip ("msgfmt not installed");
      return NULL;
    }
  if (setlocale (LC_ALL, "C.UTF-8") == NULL && setlocale (LC_ALL, "C.utf8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale (gettext ignores LANGUAGE in C)");
      return NULL;
    }
  locale_dir = g_dir_make_tmp ("hl-test-de-XXXXXX", &error);
  g_assert_no_error (error);
  mo_dir = g_build_filename (locale_dir, "de", "LC_MESSAGES", NULL);
  mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  {
    const char *argv[] = { msgfmt, "-o", mo, po, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_setenv ("LANGUAGE", "de", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return locale_dir;
}

void
test_german_remove (char *locale_dir)
{
  g_autofree char *mo_dir = g_build_filename (locale_dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *de = g_build_filename (locale_dir, "de", NULL);

  g_unsetenv ("LANGUAGE");
  /* gettext remembers the translations it found by locale, not by
   * LANGUAGE: German stayed until the catalogues were touched */
  textdomain (GETTEXT_PACKAGE);
  g_remove (mo);
  g_rmdir (mo_dir);
  g_rmdir (de);
  g_rmdir (locale_dir);
  g_free (locale_dir);
}
