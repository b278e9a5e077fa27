/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-sweep.c - hyperlab-cli sweep --resume, --list and --forget as a
 * user runs them: Ctrl+C in a sweep, the command that continues it, the
 * listing, the record gone once every trial has finished. */
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "hyperlab.h"
#include "test-store-util.h"
#include "test-cli-util.h"
#include "test-cli-sweep.h"

static void
assert_says (const char *text, const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not in:\n%s", needle, text);
}

/* Waits until the store has a run record: the first trial trains. */
static void
wait_for_run (const char *store_dir)
{
  for (int i = 0; i < 400; i++)
    {
      g_autoptr(GDir) d = g_dir_open (store_dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        if (g_str_has_suffix (name, ".run.json"))
          return;
      g_usleep (G_USEC_PER_SEC / 40);
    }
  g_error ("no trial started in %s", store_dir);
}

/* "Sweep id ID" in what a new sweep prints. */
static char *
sweep_id_of (const char *out)
{
  const char *at = strstr (out, "Sweep id ");

  g_assert_nonnull (at);
  at += strlen ("Sweep id ");
  return g_strndup (at, strcspn (at, "\n"));
}

/* One epoch is "1 epoch" where the sweep says what the rungs count and
 * what became of a pruned trial; 2 are epochs. */
static void
test_sweep_one_epoch (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "one.sweep.json", NULL);
  g_autofree char *spiral = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral.hyperlab.json", NULL);
  g_autofree char *text = NULL;
  Result r;

  for (guint i = 0; i < 2; i++)
    {
      text = g_strdup_printf ("{\"format\": \"hyperlab-sweep\", \"name\": \"one\", \"base\": \"%s\","
                              " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.00001]},"
                              " \"training.epochs\": {\"values\": [3]}, \"dataset.samples\": {\"values\": [300]}},"
                              " \"pruning\": {\"min_epochs\": %s, \"reduction_factor\": 2}}", spiral,
                              i == 0 ? "1" : "2");
      g_assert_true (g_file_set_contents (sweep_path, text, -1, NULL));
      g_clear_pointer (&text, g_free);
      r = run_cli ((const char *[]) { "sweep", sweep_path, "-j", "1", "--store", store_dir, NULL });
      assert_status (&r, 0);
      if (i == 0)
        {
          assert_says (r.out, "; successive halving from 1 epoch, keeping the best 1/2 at each rung");
          assert_says (r.out, "#2 optimizer.learning_rate=1e-05, training.epochs=3, dataset.samples=300: "
                              "Pruned after 1 epoch, ");
          g_assert_null (strstr (r.out, " 1 epochs"));
        }
      else
        {
          assert_says (r.out, "; successive halving from 2 epochs, keeping");
          assert_says (r.out, "Pruned after 2 epochs");
        }
      result_clear (&r);
    }
  hl_test_rm_rf (dir);
}

/* A trial whose validation loss becomes NaN (a learning rate of 1e300,
 * stop_on_nan off, so it trains on) is the worst at the pruner's rung:
 * after the first, sound trial it is pruned there (a NaN compared as no
 * worse than anything, and the trial went on to train all its epochs). */
static void
test_sweep_prunes_nan (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "nan.sweep.json", NULL);
  g_autofree char *spiral = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral.hyperlab.json", NULL);
  g_autofree char *text = NULL;
  Result r;

  text = g_strdup_printf ("{\"format\": \"hyperlab-sweep\", \"name\": \"nan\", \"base\": \"%s\","
                          " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.03, 1e300]},"
                          " \"early_stopping.stop_on_nan\": {\"values\": [false]},"
                          " \"training.epochs\": {\"values\": [3]}, \"dataset.samples\": {\"values\": [300]}},"
                          " \"pruning\": {\"min_epochs\": 1, \"reduction_factor\": 2}}", spiral);
  g_assert_true (g_file_set_contents (sweep_path, text, -1, NULL));
  r = run_cli ((const char *[]) { "sweep", sweep_path, "-j", "1", "--store", store_dir, NULL });
  assert_status (&r, 0);
  assert_says (r.out, "#2 optimizer.learning_rate=1e+300, early_stopping.stop_on_nan=false, training.epochs=3, "
                      "dataset.samples=300: Pruned after 1 epoch, val loss —, ");
  assert_says (r.out, "\nBest: #1: optimizer.learning_rate=0.03, ");
  result_clear (&r);
  hl_test_rm_rf (dir);
}

/* Ctrl+C in the first of two trials (each about a second), then
 * `sweep --resume ID`: the cancelled trial goes on in its own run, the
 * second starts, both are ranked; the record is gone once both have
 * finished. */
static void
test_sweep_resume (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *sweeps_dir = g_build_filename (store_dir, ".sweeps", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "two.sweep.json", NULL);
  g_autofree char *results = g_build_filename (dir, "results.json", NULL);
  g_autofree char *spiral = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral.hyperlab.json", NULL);
  g_autofree char *text = g_strdup_printf (
    "{\"format\": \"hyperlab-sweep\", \"name\": \"two\", \"base\": \"%s\","
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1]},"
    " \"dataset.samples\": {\"values\": [20000]}, \"training.epochs\": {\"values\": [120]},"
    " \"early_stopping.enabled\": {\"values\": [false]}}, \"pruning\": {\"method\": \"none\"}}", spiral);
  g_autofree char *id = NULL;
  g_autofree char *continue_with = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_run = NULL;
  g_autofree char *data = NULL;
  GSubprocess *proc;
  Result r;

  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (sweep_path, text, -1, NULL));
  proc = spawn ((const char *[]) { "sweep", sweep_path, "-j", "1", "--store", store_dir, NULL });
  wait_for_run (store_dir);
  g_usleep (G_USEC_PER_SEC / 5);
  g_subprocess_send_signal (proc, SIGINT);
  r = finish (proc);
  assert_status (&r, 130);
  id = sweep_id_of (r.out);
  continue_with = g_strdup_printf ("“hyperlab-cli sweep --resume %s” continues it", id);
  assert_says (r.out, "The sweep is not finished (0 of 2 trials done)");
  assert_says (r.out, continue_with);
  assert_says (r.err, "sweep --resume");
  result_clear (&r);
  store = hl_store_new (store_dir, &error);
  g_assert_no_error (error);
  hl_store_refresh (store, &error);
  g_assert_no_error (error);
  runs = hl_store_list (store);
  /* the records are not runs: only the cancelled trial's is listed */
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 0);
  first_run = g_strdup (((HlRunInfo *) runs->pdata[0])->id);

  r = run_cli ((const char *[]) { "sweep", "--list", "--store", store_dir, NULL });
  assert_status (&r, 0);
  assert_says (r.out, id);
  assert_says (r.out, "0/2 done, 1 to resume");   /* as the dialog's list says */
  assert_says (r.out, "two");
  result_clear (&r);

  /* it runs in one process at a time; options that do not go with it */
  r = run_cli ((const char *[]) { "sweep", "--resume", id, sweep_path, "--store", store_dir, NULL });
  assert_status (&r, 1);
  assert_says (r.err, "take no SWEEP file");
  result_clear (&r);
  r = run_cli ((const char *[]) { "sweep", "--resume", id, "--slurm", "--store", store_dir, NULL });
  assert_status (&r, 1);
  assert_says (r.err, "continued on this machine");
  result_clear (&r);

  r = run_cli ((const char *[]) { "sweep", "--resume", id, "-j", "1", "-o", results, "--store", store_dir, NULL });
  assert_status (&r, 0);
  assert_says (r.out, "Continuing sweep");
  assert_says (r.out, "0 of 2 trials finished, 1 to resume from their checkpoints, 1 to start");
  assert_says (r.out, "Trials by val loss");
  g_assert_null (strstr (r.out, "not finished"));
  result_clear (&r);
  /* the same run went on; both trials are in the results */
  g_assert_true (g_file_get_contents (results, &data, NULL, NULL));
  assert_says (data, first_run);
  g_assert_null (strstr (data, "\"cancelled\""));
  g_assert_null (strstr (data, "\"skipped\""));
  g_assert_false (g_file_test (sweeps_dir, G_FILE_TEST_EXISTS));
  hl_store_refresh (store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = hl_store_list (store);
  g_assert_cmpuint (runs->len, ==, 2);

  r = run_cli ((const char *[]) { "sweep", "--list", "--store", store_dir, NULL });
  assert_status (&r, 0);
  assert_says (r.out, "No sweep to continue.");
  result_clear (&r);
  r = run_cli ((const char *[]) { "sweep", "--resume", id, "--store", store_dir, NULL });
  assert_status (&r, 1);
  assert_says (r.err, "no sweep");
  result_clear (&r);
  hl_test_rm_rf (dir);
}

/* A finished sweep leaves no record; --forget of an unknown id fails;
 * --help says the new options. */
static void
test_sweep_forget (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *sweeps_dir = g_build_filename (store_dir, ".sweeps", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "short.sweep.json", NULL);
  g_autofree char *spiral = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral.hyperlab.json", NULL);
  g_autofree char *text = g_strdup_printf (
    "{\"format\": \"hyperlab-sweep\", \"base\": \"%s\","
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1]}, \"training.epochs\": {\"values\": [2]}}}",
    spiral);
  Result r;

  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (sweep_path, text, -1, NULL));
  r = run_cli ((const char *[]) { "sweep", sweep_path, "--quiet", "--store", store_dir, NULL });
  assert_status (&r, 0);
  result_clear (&r);
  g_assert_false (g_file_test (sweeps_dir, G_FILE_TEST_EXISTS));

  r = run_cli ((const char *[]) { "sweep", "--forget", "20200101-000000-0000", "--store", store_dir, NULL });
  assert_status (&r, 1);
  assert_says (r.err, "no sweep “20200101-000000-0000”");
  result_clear (&r);
  r = run_cli ((const char *[]) { "sweep", "--list", "--resume", "x", "--store", store_dir, NULL });
  assert_status (&r, 1);
  assert_says (r.err, "give one of --resume, --list and --forget");
  result_clear (&r);
  r = run_cli ((const char *[]) { "sweep", "--help", NULL });
  assert_status (&r, 0);
  assert_says (r.out, "--resume");
  assert_says (r.out, "--list");
  assert_says (r.out, "--forget");
  result_clear (&r);
  hl_test_rm_rf (dir);
}

/* A sweep blames what makes a trial's config wrong as run does: the --set
 * (dataset.validation_split=0 under the base's early stopping was blamed on
 * the base, which had it right), or the space entry whose value does. */
static void
test_sweep_blames_set (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *base_path = g_build_filename (dir, "base.json", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "split.sweep.json", NULL);
  g_autofree char *space_path = g_build_filename (dir, "space.sweep.json", NULL);
  const char *stopping = "early_stopping.enabled: early stopping watches the validation loss, but "
                         "dataset.validation_split is 0; set \"early_stopping\": {\"enabled\": false} or a "
                         "validation split above 0\n";

  g_assert_true (g_file_set_contents (base_path,
    "{\"format\": \"hyperlab-config\", \"version\": 1,"
    " \"dataset\": {\"kind\": \"xor\", \"samples\": 200, \"validation_split\": 0.2},"
    " \"model\": {\"layers\": [{\"units\": 4, \"activation\": \"tanh\"}]}, \"training\": {\"epochs\": 2},"
    " \"early_stopping\": {\"enabled\": true, \"patience_steps\": 2}}", -1, NULL));
  g_assert_true (g_file_set_contents (sweep_path,
    "{\"format\": \"hyperlab-sweep\", \"base\": \"base.json\","
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}}}", -1, NULL));
  g_assert_true (g_file_set_contents (space_path,
    "{\"format\": \"hyperlab-sweep\", \"base\": \"base.json\","
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1]},"
    " \"dataset.validation_split\": {\"values\": [0.2, 0]}}}", -1, NULL));

  assert_cli_err ((const char *[]) { "sweep", sweep_path, "--dry-run", "--set", "dataset.validation_split=0", NULL },
                  1, NULL, "hyperlab-cli: --set dataset.validation_split: %s", stopping);
  assert_cli_err ((const char *[]) { "sweep", space_path, "--dry-run", NULL }, 1, NULL,
                  "hyperlab-cli: %s: space: dataset.validation_split: trial #2 "
                  "(optimizer.learning_rate=0.1, dataset.validation_split=0): %s", space_path, stopping);

  /* without early stopping the sweep's own need of validation data */
  assert_cli_err ((const char *[]) { "sweep", sweep_path, "--dry-run", "--set", "early_stopping.enabled=false",
                                     "--set", "dataset.validation_split=0", NULL }, 1, NULL,
                  "hyperlab-cli: --set dataset.validation_split is 0: trials are compared on "
                  "validation data, so keep some (e.g. 0.2)\n");
  assert_cli_err ((const char *[]) { "sweep", space_path, "--dry-run", "--set", "early_stopping.enabled=false", NULL },
                  1, NULL, "hyperlab-cli: %s: space: dataset.validation_split: trial #2 "
                  "(optimizer.learning_rate=0.1, dataset.validation_split=0): dataset.validation_split "
                  "is 0: trials are compared on validation data, so keep some (e.g. 0.2)\n", space_path);
  hl_test_rm_rf (dir);
}

/* A base config that has dataset.validation_split 0 itself (early stopping
 * off) is named for it, as the base's other problems are; it was blamed on
 * the sweep file.  A base inside the sweep file is "base". */
static void
test_sweep_blames_base (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *base_path = g_build_filename (dir, "base.json", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "s.sweep.json", NULL);
  g_autofree char *inline_path = g_build_filename (dir, "inline.sweep.json", NULL);
  const char *msg = "dataset.validation_split is 0: trials are compared on validation data, so keep some "
                    "(e.g. 0.2)\n";

  g_assert_true (g_file_set_contents (base_path,
    "{\"format\": \"hyperlab-config\", \"version\": 1,"
    " \"dataset\": {\"kind\": \"xor\", \"samples\": 200, \"validation_split\": 0},"
    " \"model\": {\"layers\": [{\"units\": 4, \"activation\": \"tanh\"}]}, \"training\": {\"epochs\": 2},"
    " \"early_stopping\": {\"enabled\": false}}", -1, NULL));
  g_assert_true (g_file_set_contents (sweep_path,
    "{\"format\": \"hyperlab-sweep\", \"base\": \"base.json\","
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}}}", -1, NULL));
  g_assert_true (g_file_set_contents (inline_path,
    "{\"format\": \"hyperlab-sweep\", \"base\": {\"dataset\": {\"kind\": \"xor\", \"validation_split\": 0},"
    " \"early_stopping\": {\"enabled\": false}},"
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}}}", -1, NULL));

  assert_cli_err ((const char *[]) { "sweep", sweep_path, "--dry-run", NULL }, 1, NULL,
                  "hyperlab-cli: %s: base (%s): %s", sweep_path, base_path, msg);
  assert_cli_err ((const char *[]) { "sweep", inline_path, "--dry-run", NULL }, 1, NULL,
                  "hyperlab-cli: %s: base: %s", inline_path, msg);
  hl_test_rm_rf (dir);
}

/* A dataset field the trials' kind does not read is named in a warning as
 * run names it, once for the sweep, not once per trial: the base's, the
 * --set's and the space's. */
static void
test_sweep_unused_field (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *base_path = g_build_filename (dir, "base.json", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "lr.sweep.json", NULL);
  g_autofree char *space_path = g_build_filename (dir, "classes.sweep.json", NULL);
  const char *xor = "ignored: the dataset kind “xor” does not use it (it takes samples, noise)\n";

  g_assert_true (g_file_set_contents (base_path,
    "{\"format\": \"hyperlab-config\", \"version\": 1,"
    " \"dataset\": {\"kind\": \"xor\", \"samples\": 200, \"validation_split\": 0.2, \"target\": \"y\"},"
    " \"model\": {\"layers\": [{\"units\": 4, \"activation\": \"tanh\"}]}, \"training\": {\"epochs\": 2}}",
    -1, NULL));
  g_assert_true (g_file_set_contents (sweep_path,
    "{\"format\": \"hyperlab-sweep\", \"base\": \"base.json\","
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}}}", -1, NULL));
  g_assert_true (g_file_set_contents (space_path,
    "{\"format\": \"hyperlab-sweep\", \"base\": \"base.json\","
    " \"space\": {\"dataset.classes\": {\"values\": [3, 4]}, \"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}}}",
    -1, NULL));

  assert_cli_err ((const char *[]) { "sweep", sweep_path, "--dry-run", "--set", "dataset.classes=3", NULL }, 0, NULL,
                  "hyperlab-cli: warning: %s: base: dataset.target: %s"
                  "hyperlab-cli: warning: --set dataset.classes: %s", sweep_path, xor, xor);
  assert_cli_err ((const char *[]) { "sweep", space_path, "--dry-run", NULL }, 0, NULL,
                  "hyperlab-cli: warning: %s: base: dataset.target: %s"
                  "hyperlab-cli: warning: %s: space: dataset.classes: %s", space_path, xor, space_path, xor);
  hl_test_rm_rf (dir);
}

/* A space that varies dataset.kind has each kind's unused fields warned
 * of, once per kind (not per trial); only the first trial's kind was. */
static void
test_sweep_unused_field_kinds (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "kinds.sweep.json", NULL);

  g_assert_true (g_file_set_contents (sweep_path,
    "{\"format\": \"hyperlab-sweep\", \"base\": {\"dataset\": {\"kind\": \"spiral\", \"classes\": 3,"
    " \"target\": \"y\"}, \"training\": {\"epochs\": 2}},"
    " \"space\": {\"dataset.kind\": {\"values\": [\"spiral\", \"xor\"]},"
    " \"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}}}", -1, NULL));

  assert_cli_err ((const char *[]) { "sweep", sweep_path, "--dry-run", NULL }, 0, NULL,
    "hyperlab-cli: warning: %s: base: dataset.target: ignored: the dataset kind “spiral” does not use it "
    "(it takes samples, noise, classes)\n"
    "hyperlab-cli: warning: %s: base: dataset.classes, dataset.target: ignored: the dataset kind “xor” "
    "does not use them (it takes samples, noise)\n", sweep_path, sweep_path);
  hl_test_rm_rf (dir);
}

/* The display columns where line's cells start: a non-space after a space
 * (or at 0), counting each character as one column (narrow text). */
static GArray *
cell_starts (const char *line)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (glong));
  gunichar prev = ' ';
  glong col = 0;

  for (const char *p = line; *p; p = g_utf8_next_char (p), col++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c != ' ' && prev == ' ')
        g_array_append_val (starts, col);
      prev = c;
    }
  return starts;
}

/* A copy of hyperlab-cli in a folder of dir laid out like the build folder
 * (top/build.ninja, top/app/, top/po/), which loads the catalogue of these
 * German messages (po's entries, without the header) for LANGUAGE=de:
 * po/de.po's table headers are ASCII, these have umlauts.  FALSE (the
 * test skipped) without a C.UTF-8 locale. */
static gboolean
german_cli (const char *dir, const char *entries, const char *cli)
{
  g_autofree char *mo_dir = g_build_filename (dir, "top", "po", "de", "LC_MESSAGES", NULL);
  g_autofree char *app = g_path_get_dirname (cli);
  g_autofree char *po = g_build_filename (dir, "umlauts.po", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, "hyperlab.mo", NULL);
  g_autofree char *ninja = g_build_filename (dir, "top", "build.ninja", NULL);
  g_autofree char *text = g_strconcat ("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n",
                                       entries, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (g_getenv ("HYPERLAB_CLI"));
  g_autoptr(GFile) to = g_file_new_for_path (cli);
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale (gettext ignores LANGUAGE in C)");
      return FALSE;
    }
  setlocale (LC_ALL, "");
  g_assert_cmpint (g_mkdir_with_parents (app, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (ninja, "", 0, NULL));
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (po, text, -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "msgfmt", "-o", mo, po, NULL }, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return TRUE;
}

/* Line at (a header) and the line after it: their first n cells start at
 * the same columns. */
static void
assert_lined_up (char **lines, guint at, guint n)
{
  g_autoptr(GArray) head = NULL;
  g_autoptr(GArray) row = NULL;

  g_assert_nonnull (lines[at]);
  g_assert_nonnull (lines[at + 1]);
  g_test_message ("%s\n%s", lines[at], lines[at + 1]);
  head = cell_starts (lines[at]);
  row = cell_starts (lines[at + 1]);
  g_assert_cmpuint (head->len, >=, n);
  g_assert_cmpuint (row->len, >=, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (row, glong, i), ==, g_array_index (head, glong, i));
}

/* The ranking's headers line up with their columns in a translation with
 * umlauts (and a sweep named "µ-sweep"): the headers were padded by bytes
 * (printf "%-5s"), each umlaut pushing the headers after it one column
 * left of their cells.  po/de.po's headers are ASCII; the umlauts come
 * from a catalogue of the test's own, which a copy of hyperlab-cli in a
 * folder laid out like the build folder (build.ninja, app/, po/) loads. */
static void
test_sweep_ranking_columns (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "mu.sweep.json", NULL);
  g_autofree char *spiral = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral.hyperlab.json", NULL);
  g_autofree char *cli = g_build_filename (dir, "top", "app", "hyperlab-cli", NULL);
  g_autofree char *text = NULL, *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint at = 0;

  if (!german_cli (dir, "msgid \"rank\"\nmsgstr \"RÄNG\"\n\n"
                                      "msgid \"trial\"\nmsgstr \"VÖR\"\n\n"
                                      "msgid \"val loss\"\nmsgstr \"VÄL-VÜRLUST\"\n\n"
                                      "msgid \"outcome\"\nmsgstr \"ÄUSGÄNG\"\n\n"
                                      "msgid \"steps\"\nmsgstr \"SCHRÜTTE\"\n\n"
                                      "msgid \"run\"\nmsgstr \"LÄÜF\"\n", cli))
    return;

  text = g_strdup_printf ("{\"format\": \"hyperlab-sweep\", \"name\": \"µ-sweep\", \"base\": \"%s\","
                          " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.3]},"
                          " \"training.epochs\": {\"values\": [1]}, \"dataset.samples\": {\"values\": [200]}}}",
                          spiral);
  g_assert_true (g_file_set_contents (sweep_path, text, -1, NULL));
  out = test_cli_run_german (cli, (const char *[]) { "sweep", sweep_path, "-j", "1", "--store", store_dir, NULL });
  lines = g_strsplit (out, "\n", -1);
  while (lines[at] != NULL && strstr (lines[at], "RÄNG") == NULL)
    at++;
  /* rank, trial, score, outcome, steps, run: each starts where its header does */
  assert_lined_up (lines, at, 6);
  hl_test_rm_rf (dir);
}

/* A ranking cell wider than its column still ends in a space: an outcome
 * of 25 columns in the 24 of its column ("Pruned after 0.333 epochs")
 * ran into the steps after it.  The long outcome comes from a catalogue
 * of the test's own, as above. */
static void
test_sweep_ranking_overflow (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "long.sweep.json", NULL);
  g_autofree char *spiral = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral.hyperlab.json", NULL);
  g_autofree char *cli = g_build_filename (dir, "top", "app", "hyperlab-cli", NULL);
  g_autofree char *text = NULL, *out = NULL;

  if (!german_cli (dir, "msgid \"Completed\"\nmsgstr \"ABGESCHLOSSENUNDFERTIGGEWORDEN\"\n", cli))
    return;
  text = g_strdup_printf ("{\"format\": \"hyperlab-sweep\", \"base\": \"%s\","
                          " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.3]},"
                          " \"training.epochs\": {\"values\": [1]}, \"dataset.samples\": {\"values\": [200]},"
                          " \"early_stopping.enabled\": {\"values\": [false]}}}", spiral);
  g_assert_true (g_file_set_contents (sweep_path, text, -1, NULL));
  out = test_cli_run_german (cli, (const char *[]) { "sweep", sweep_path, "-j", "1", "--store", store_dir, NULL });
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "ABGESCHLOSSENUNDFERTIGGEWORDEN "));
  hl_test_rm_rf (dir);
}

/* `sweep --list`'s headers line up with their columns in a translation
 * with umlauts, for a sweep named "µ-sweep": ID and UPDATED were padded
 * by bytes (printf "%-22s"). */
static void
test_sweep_list_columns (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-sweep-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *sweep_path = g_build_filename (dir, "mu.sweep.json", NULL);
  g_autofree char *spiral = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "spiral.hyperlab.json", NULL);
  g_autofree char *cli = g_build_filename (dir, "top", "app", "hyperlab-cli", NULL);
  g_autofree char *text = NULL, *out = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlSweep) sweep = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint at = 0;

  if (!german_cli (dir,
                   "msgid \"id\"\nmsgstr \"KÜRZ\"\n\n"
                   "msgid \"trials\"\nmsgstr \"VÖRSUCHE\"\n\n"
                   "msgid \"updated\"\nmsgstr \"GEÄNDÖRT\"\n",
                   cli))
    return;
  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0755), ==, 0);
  text = g_strdup_printf ("{\"format\": \"hyperlab-sweep\", \"name\": \"µ-sweep\", \"base\": \"%s\","
                          " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1]}}}", spiral);
  g_assert_true (g_file_set_contents (sweep_path, text, -1, NULL));
  store = hl_store_new (store_dir, &error);
  g_assert_no_error (error);
  sweep = hl_sweep_load (sweep_path, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  g_assert_true (hl_sweep_record_create (sweep, store, &error));
  g_assert_no_error (error);
  hl_sweep_record_close (sweep, NULL);

  out = test_cli_run_german (cli, (const char *[]) { "sweep", "--list", "--store", store_dir, NULL });
  lines = g_strsplit (out, "\n", -1);
  while (lines[at] != NULL && strstr (lines[at], "KÜRZ") == NULL)
    at++;
  g_assert_nonnull (strstr (lines[at + 1], "µ-sweep"));
  /* id, trials ("0/2 done" is two cells), updated (date and time), name */
  assert_lined_up (lines, at, 2);
  {
    g_autoptr(GArray) head = cell_starts (lines[at]);
    g_autoptr(GArray) row = cell_starts (lines[at + 1]);

    g_assert_cmpint (g_array_index (row, glong, 3), ==, g_array_index (head, glong, 2));
    g_assert_cmpint (g_array_index (row, glong, 5), ==, g_array_index (head, glong, 3));
  }
  hl_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("HYPERLAB_CLI") == NULL || g_getenv ("HYPERLAB_EXAMPLES") == NULL)
    g_error ("HYPERLAB_CLI and HYPERLAB_EXAMPLES must be set (tests/meson.build sets them)");
  g_test_add_func ("/cli/sweep/one-epoch", test_sweep_one_epoch);
  g_test_add_func ("/cli/sweep/prunes-nan", test_sweep_prunes_nan);
  g_test_add_func ("/cli/sweep/resume", test_sweep_resume);
  g_test_add_func ("/cli/sweep/forget", test_sweep_forget);
  g_test_add_func ("/cli/sweep/blames-set", test_sweep_blames_set);
  g_test_add_func ("/cli/sweep/blames-base", test_sweep_blames_base);
  g_test_add_func ("/cli/sweep/unused-field", test_sweep_unused_field);
  g_test_add_func ("/cli/sweep/unused-field-kinds", test_sweep_unused_field_kinds);
  g_test_add_func ("/cli/sweep/ranking-columns", test_sweep_ranking_columns);
  g_test_add_func ("/cli/sweep/ranking-overflow", test_sweep_ranking_overflow);
  g_test_add_func ("/cli/sweep/list-columns", test_sweep_list_columns);
  test_cli_sweep_resume_add ();
  return g_test_run ();
}
