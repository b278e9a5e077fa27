/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-script.c - hyperlab-cli as a shell script meets it: what a
 * mistyped argument says, what --quiet keeps off stdout, and output a
 * parser reads as it is. */
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
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

/* runs --json is the listing for scripts: one JSON document and one line
 * break, as plugins --json and export-config end; it ended with a blank
 * line, one line more than the runs for `wc -l` and a line-by-line
 * reader (found by a QA pass of the scripted CLI). */
static void
test_runs_json_ends_once (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-script-XXXXXX", NULL);
  Result r = run_cli ((const char *[]) { "runs", "--store", dir, "--json", NULL });
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  assert_status (&r, 0);
  g_assert_cmpstr (r.out, ==, "[]\n");
  g_assert_cmpstr (r.err, ==, "");
  result_clear (&r);

  {
    const char *dataset = g_getenv ("HYPERLAB_EXAMPLES");
    g_autofree char *config = g_build_filename (dataset, "xor.hyperlab.json", NULL);

    r = run_cli ((const char *[]) { "run", "-q", "--store", dir, config, "--set", "training.epochs=1", NULL });
    assert_status (&r, 0);
    result_clear (&r);
  }
  r = run_cli ((const char *[]) { "runs", "--store", dir, "--json", NULL });
  assert_status (&r, 0);
  g_assert_true (g_str_has_suffix (r.out, "]\n"));
  g_assert_false (g_str_has_suffix (r.out, "\n\n"));
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);
  result_clear (&r);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/script/resume-missing-file", test_resume_missing_file);
  g_test_add_func ("/cli/script/runs-json-ends-once", test_runs_json_ends_once);
  return g_test_run ();
}
