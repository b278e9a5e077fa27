/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-sweep-resume.c - what `hyperlab-cli sweep --resume ID` says and
 * guards as the sweep it continues did when it started: its warnings, its
 * name, the inputs -o must not replace.  Part of test-cli-sweep. */
#include <string.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "test-store-util.h"
#include "test-cli-util.h"
#include "test-cli-sweep.h"

/* In a new folder: base.json, whose CSV data are missing (the first trial
 * fails at once, so the sweep stays to be continued, in a fraction of a
 * second) and whose dataset.samples its kind does not read, and a sweep
 * file lr.sweep.json without a name of its own. */
typedef struct {
  char *dir;
  char *store;
  char *base;
  char *sweep;
} Folder;

static void
folder_init (Folder *f)
{
  f->dir = g_dir_make_tmp ("hl-cli-sweep-resume-XXXXXX", NULL);
  f->store = g_build_filename (f->dir, "store", NULL);
  f->base = g_build_filename (f->dir, "base.json", NULL);
  f->sweep = g_build_filename (f->dir, "lr.sweep.json", NULL);
  g_assert_true (g_file_set_contents (f->base,
    "{\"format\": \"hyperlab-config\", \"version\": 1,"
    " \"dataset\": {\"kind\": \"csv\", \"path\": \"missing.csv\", \"target\": \"y\", \"samples\": 100,"
    " \"validation_split\": 0.2},"
    " \"model\": {\"layers\": [{\"units\": 4, \"activation\": \"tanh\"}]}, \"training\": {\"epochs\": 2}}",
    -1, NULL));
  g_assert_true (g_file_set_contents (f->sweep,
    "{\"format\": \"hyperlab-sweep\", \"base\": \"base.json\","
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}}}", -1, NULL));
}

static void
folder_clear (Folder *f)
{
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->store);
  g_free (f->base);
  g_free (f->sweep);
}

/* The sweep started (its first trial failing), with extra arguments;
 * its id. */
static char *
start (const Folder *f, const char *const *extra, char **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *at;
  Result r;
  char *id;

  for (const char *const *a = (const char *[]) { "sweep", f->sweep, "-j", "1", "--store", f->store, NULL }; *a; a++)
    g_ptr_array_add (args, (gpointer) *a);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);
  r = run_cli ((const char *const *) args->pdata);
  assert_status (&r, 1);
  g_assert_nonnull (strstr (r.out, "missing.csv: no such file"));
  at = strstr (r.out, "Sweep id ");
  g_assert_nonnull (at);
  at += strlen ("Sweep id ");
  id = g_strndup (at, strcspn (at, "\n"));
  if (err != NULL)
    *err = g_steal_pointer (&r.err);
  result_clear (&r);
  return id;
}

/* `sweep --resume ID` warns again of the dataset fields the trials' kind
 * does not read (the base's and the --set's), as the sweep did when it
 * started, also with --quiet: it said nothing of them, though they still
 * applied.  They name the sweep file it started from (absolute, as its
 * record keeps it). */
static void
test_resume_warns_again (void)
{
  Folder f;
  g_autofree char *id = NULL, *err = NULL, *file = NULL;
  const char *csv = "ignored: the dataset kind “csv” does not use it (it takes path, target, task)\n";

  folder_init (&f);
  id = start (&f, (const char *[]) { "--set", "dataset.classes=3", NULL }, &err);
  file = g_canonicalize_filename (f.sweep, NULL);
  {
    g_autofree char *expected = g_strdup_printf ("hyperlab-cli: warning: %s: base: dataset.samples: %s"
                                                 "hyperlab-cli: warning: --set dataset.classes: %s",
                                                 f.sweep, csv, csv);
    g_assert_cmpstr (err, ==, expected);
  }
  for (guint quiet = 0; quiet < 2; quiet++)
    assert_cli_err ((const char *[]) { "sweep", "--resume", id, "-j", "1", "--store", f.store,
                                       quiet ? "--quiet" : NULL, NULL }, 1, NULL,
                    "hyperlab-cli: warning: %s: base: dataset.samples: %s"
                    "hyperlab-cli: warning: --set dataset.classes: %s", file, csv, csv);
  folder_clear (&f);
}

/* A resumed sweep's -o is none of its inputs either: its sweep file and
 * base config as its record names them (the results replaced the base
 * config, which only a new sweep checked, reading its file again). */
static void
test_resume_output_spares_inputs (void)
{
  Folder f;
  g_autofree char *id = NULL, *base_text = NULL, *sweep_text = NULL, *after = NULL;

  folder_init (&f);
  g_assert_true (g_file_get_contents (f.base, &base_text, NULL, NULL));
  g_assert_true (g_file_get_contents (f.sweep, &sweep_text, NULL, NULL));
  id = start (&f, NULL, NULL);
  for (guint i = 0; i < 2; i++)
    {
      const char *output = i == 0 ? f.base : f.sweep;
      Result r = run_cli ((const char *[]) { "sweep", "--resume", id, "-q", "--store", f.store, "-o", output,
                                             NULL });
      g_autofree char *refused = g_strdup_printf ("hyperlab-cli: %s: is also the input; write the output to "
                                                  "another file\n", output);

      assert_status (&r, 1);
      g_assert_cmpstr (r.out, ==, "");
      if (!g_str_has_suffix (r.err, refused))
        g_error ("“%s” does not end:\n%s", refused, r.err);
      result_clear (&r);
      g_assert_true (g_file_get_contents (output, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, i == 0 ? base_text : sweep_text);
      g_clear_pointer (&after, g_free);
    }
  folder_clear (&f);
}

/* A sweep named after its file (lr.sweep.json: "lr") keeps that name when
 * it is continued: it was named after its record's file, "sweep". */
static void
test_resume_keeps_name (void)
{
  Folder f;
  g_autofree char *id = NULL, *continuing = NULL;
  Result r;

  folder_init (&f);
  id = start (&f, NULL, NULL);
  r = run_cli ((const char *[]) { "sweep", "--resume", id, "-j", "1", "--store", f.store, NULL });
  assert_status (&r, 1);
  continuing = g_strdup_printf ("Continuing sweep %s “lr”: ", id);
  g_assert_nonnull (strstr (r.out, continuing));
  g_assert_nonnull (strstr (r.out, "\nSweep “lr”: 2 trials (grid)"));
  result_clear (&r);
  r = run_cli ((const char *[]) { "sweep", "--list", "--store", f.store, NULL });
  assert_status (&r, 0);
  g_assert_nonnull (strstr (r.out, " lr\n"));
  result_clear (&r);
  folder_clear (&f);
}

/* --quiet prints the ranking and, for a sweep left unfinished, how to
 * continue it, as --help says (it said "only the ranking"). */
static void
test_resume_quiet_says_how (void)
{
  Folder f;
  g_autofree char *id = NULL, *how = NULL;
  Result r;

  folder_init (&f);
  id = start (&f, NULL, NULL);
  r = run_cli ((const char *[]) { "sweep", "--resume", id, "-q", "--store", f.store, NULL });
  assert_status (&r, 1);
  g_assert_true (g_str_has_prefix (r.out, "Trials by val loss"));
  how = g_strdup_printf ("\nThe sweep is not finished (0 of 2 trials done): “hyperlab-cli sweep --resume %s” "
                         "continues it.\n", id);
  g_assert_true (g_str_has_suffix (r.out, how));
  result_clear (&r);
  r = run_cli ((const char *[]) { "sweep", "--help", NULL });
  assert_status (&r, 0);
  g_assert_nonnull (strstr (r.out, "Print only the ranking (and how to continue a sweep left unfinished)\n"));
  result_clear (&r);
  folder_clear (&f);
}

void
test_cli_sweep_resume_add (void)
{
  g_test_add_func ("/cli/sweep/resume/warns-again", test_resume_warns_again);
  g_test_add_func ("/cli/sweep/resume/output-spares-inputs", test_resume_output_spares_inputs);
  g_test_add_func ("/cli/sweep/resume/keeps-name", test_resume_keeps_name);
  g_test_add_func ("/cli/sweep/resume/quiet-says-how", test_resume_quiet_says_how);
}
