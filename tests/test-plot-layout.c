/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-layout.c - the cairo plot renderer where room or data is
 * scarce: small figures, single points, the overfitting marker's label
 * among the curves, and its own texts in German. */
#include <locale.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "hl-plot-render.h"
#include "hl-plot-render-private.h"

/* ---- German ----------------------------------------------------------- */

static char *locale_dir;

/* A catalogue compiled from po/de.po, chosen with LANGUAGE=de; FALSE (the
 * test skipped) without msgfmt or a C.UTF-8 locale. */
static gboolean
set_up_german (void)
{
  g_autofree char *po = g_test_build_filename (G_TEST_DIST, "..", "po", "de.po", NULL);
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *mo_dir = NULL, *mo = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (msgfmt == NULL)
    {
      g_test_skip ("msgfmt not installed");
      return FALSE;
    }
  if (setlocale (LC_ALL, "C.UTF-8") == NULL && setlocale (LC_ALL, "C.utf8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale (gettext ignores LANGUAGE in C)");
      return FALSE;
    }
  locale_dir = g_dir_make_tmp ("hl-test-plot-XXXXXX", &error);
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
  return TRUE;
}

static void
remove_german (void)
{
  g_autofree char *mo_dir = g_build_filename (locale_dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *de = g_build_filename (locale_dir, "de", NULL);

  g_unsetenv ("LANGUAGE");
  g_remove (mo);
  g_rmdir (mo_dir);
  g_rmdir (de);
  g_rmdir (locale_dir);
  g_clear_pointer (&locale_dir, g_free);
}

/* An empty plot says so in the user's language: "no data" was English in
 * a German PDF.  The PDF keeps the text, which pdftotext reads back. */
static void
test_no_data_german (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL, *pdf = NULL, *out = NULL;
  g_autoptr(GError) error = NULL;
  HlPlotOptions o;
  int status = 0;

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) not installed");
      return;
    }
  if (!set_up_german ())
    return;
  g_assert_cmpstr (_("no data"), !=, "no data");
  dir = g_dir_make_tmp ("hl-test-plot-XXXXXX", &error);
  g_assert_no_error (error);
  pdf = g_build_filename (dir, "empty.pdf", NULL);
  hl_plot_options_init (&o);
  g_assert_true (hl_plot_export (pdf, 400, 300, 1.0, NULL, 0, &o, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { pdftotext, pdf, "-", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, _("no data")));
  g_assert_null (strstr (out, "no data"));
  remove_german ();
  g_remove (pdf);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot-layout/no-data-german", test_no_data_german);
  return g_test_run ();
}
