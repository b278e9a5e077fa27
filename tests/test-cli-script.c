/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-script.c - hyperlab-cli as a shell script meets it: what a
 * mistyped argument says, what --quiet keeps off stdout, and output a
 * parser reads as it is. */
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "test-cli-util.h"

/* A run file that is not there is named as a file that is not there: a
 * path (it has "/" or ".") was taken for a store id, "invalid run id
 * “./r.run.json”", as if the spelling were wrong rather than the file
 * missing, or, with no store made yet, "run store …: no such folder"
 * (found by a QA pass of the scripted CLI). */
static void
test_resume_missing_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "gone.run.json", NULL);
  g_autofree char *expected = g_strdup_printf ("hyperlab-cli: Failed to open file “%s”: No such file or directory\n", path);
  Result r = run_cli ((const char *[]) { "resume", "--store", dir, path, NULL });

  assert_status (&r, 1);
  g_assert_cmpstr (r.err, ==, expected);
  g_assert_cmpstr (r.out, ==, "");
  result_clear (&r);
  r = run_cli ((const char *[]) { "resume", "--store", dir, "gone.run.json", NULL });
  assert_status (&r, 1);
  g_assert_cmpstr (r.err, ==, "hyperlab-cli: Failed to open file “gone.run.json”: No such file or directory\n");
  result_clear (&r);
  /* an id stays an id */
  r = run_cli ((const char *[]) { "resume", "--store", dir, "20000101-000000-beef", NULL });
  assert_status (&r, 1);
  g_assert_nonnull (strstr (r.err, "hyperlab-cli: no run “20000101-000000-beef” in the run store "));
  result_clear (&r);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/script/resume-missing-file", test_resume_missing_file);
  return g_test_run ();
}
