/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-resume.c - a sweep's record: a sweep stopped part-way and
 * continued from it (finished trials kept, the cancelled one resumed from
 * its checkpoint, the rest started, pruning as if never stopped), bad
 * records by error code, the listing, and a config sweep's data paths. */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "test-store-util.h"
#include "test-sweep.h"

/* A small spiral (220 steps a trial), one trial at a time, pruned at steps
 * 20, 40, … keeping the best half: trial #2's rate of 1e-5 falls behind
 * trial #1 at step 20. */
#define RESUME_SWEEP \
  "{\"format\": \"hyperlab-sweep\", \"version\": 1, \"name\": \"r\", \"base\": \"base.hyperlab.json\"," \
  " \"method\": \"grid\", \"pruning\": {\"min_steps\": 20, \"reduction_factor\": 2}," \
  " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.00001, 0.1, 0.03]}}}"

static HlSweep *
new_sweep (HlStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = test_sweep_load (RESUME_SWEEP, &error);

  g_assert_no_error (error);
  hl_sweep_record_create (sweep, store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sweep->id);
  return g_steal_pointer (&sweep);
}

static char *
run_text (HlStore *store, const char *id)
{
  g_autofree char *path = hl_store_path_for (store, id);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Cancels the sweep as trial #2 reports its first step. */
static void
cancel_in_trial_2 (HlSweep *sweep, HlSweepTrial *t, const HlProgress *p, gpointer data)
{
  (void) sweep;
  if (t->index == 2 && p->step > 0)
    g_cancellable_cancel (data);
}

/* As each trial starts, the record already names its run. */
static void
check_record_on_start (HlSweep *sweep, HlSweepTrial *t, const HlRun *run, gpointer data)
{
  g_autofree char *path = g_build_filename (sweep->record_dir, "sweep.json", NULL);
  g_autofree char *text = NULL;

  if (run != NULL || t->state != HL_SWEEP_TRIAL_RUNNING)
    return;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (t->run_id);
  g_assert_nonnull (strstr (text, t->run_id));
  (*(guint *) data)++;
}

static void
assert_same_outcome (const HlSweepTrial *a, const HlSweepTrial *b)
{
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->run_status, ==, b->run_status);
  g_assert_cmpint (a->pruned, ==, b->pruned);
  g_assert_cmpuint (a->steps, ==, b->steps);
  g_assert_cmpfloat (a->score, ==, b->score);   /* one thread: bit for bit */
}

static void
test_resume (void)
{
  g_autoptr(HlStore) whole_store = test_sweep_store_in ("resume-whole");
  g_autoptr(HlStore) store = test_sweep_store_in ("resume-store");
  g_autoptr(HlSweep) whole = new_sweep (whole_store);
  g_autoptr(HlSweep) first = new_sweep (store);
  g_autoptr(HlSweep) again = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(HlRun) cancelled = NULL;
  g_autoptr(HlRun) resumed = NULL;
  g_autofree char *record_dir = g_strdup (first->record_dir);
  g_autofree char *run1 = NULL;
  g_autofree char *run2 = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text1_after = NULL;
  guint64 cancelled_steps;
  guint checked = 0;

  /* the same sweep, never stopped: every trial final, its record gone */
  hl_sweep_run (whole, whole_store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);
  g_assert_true (hl_sweep_is_finished (whole));
  g_assert_false (g_file_test (whole->record_dir, G_FILE_TEST_EXISTS));
  g_assert_true (((HlSweepTrial *) whole->trials->pdata[1])->pruned);

  /* stopped in trial #2: #1 finished, #2 cancelled, #3 and #4 never started */
  first->progress = cancel_in_trial_2;
  first->progress_data = cancellable;
  hl_sweep_run (first, store, hl_plugin_registry_get_default (), 1, check_record_on_start, &checked, cancellable);
  g_assert_cmpuint (checked, ==, 2);
  g_assert_cmpint (((HlSweepTrial *) first->trials->pdata[0])->run_status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpint (((HlSweepTrial *) first->trials->pdata[1])->run_status, ==, HL_RUN_STATUS_CANCELLED);
  g_assert_cmpint (((HlSweepTrial *) first->trials->pdata[2])->state, ==, HL_SWEEP_TRIAL_SKIPPED);
  g_assert_cmpint (((HlSweepTrial *) first->trials->pdata[3])->state, ==, HL_SWEEP_TRIAL_SKIPPED);
  g_assert_false (hl_sweep_is_finished (first));
  g_assert_true (g_file_test (record_dir, G_FILE_TEST_IS_DIR));
  run1 = g_strdup (((HlSweepTrial *) first->trials->pdata[0])->run_id);
  run2 = g_strdup (((HlSweepTrial *) first->trials->pdata[1])->run_id);
  text1 = run_text (store, run1);
  cancelled = hl_store_load (store, run2, &error);
  g_assert_no_error (error);
  cancelled_steps = cancelled->summary.steps;
  g_assert_cmpuint (cancelled_steps, >, 0);
  g_assert_cmpuint (cancelled_steps, <, 20);

  /* continued from its record alone (the sweep file could be gone) */
  g_clear_pointer (&first, hl_sweep_free);
  {
    g_autofree char *id = g_path_get_basename (record_dir);
    again = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (((HlSweepTrial *) again->trials->pdata[0])->state, ==, HL_SWEEP_TRIAL_DONE);
  g_assert_cmpint (((HlSweepTrial *) again->trials->pdata[1])->state, ==, HL_SWEEP_TRIAL_PENDING);
  g_assert_cmpstr (((HlSweepTrial *) again->trials->pdata[1])->run_id, ==, run2);
  g_assert_null (((HlSweepTrial *) again->trials->pdata[2])->run_id);
  hl_sweep_run (again, store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);

  /* #1 not trained again: the same run, its record untouched */
  g_assert_cmpstr (((HlSweepTrial *) again->trials->pdata[0])->run_id, ==, run1);
  text1_after = run_text (store, run1);
  g_assert_cmpstr (text1, ==, text1_after);
  /* #2 went on in its own run from where it stopped, pruned at step 20 by
   * #1's value there (the pruner's state was kept), as if never stopped */
  g_assert_cmpstr (((HlSweepTrial *) again->trials->pdata[1])->run_id, ==, run2);
  resumed = hl_store_load (store, run2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resumed->created, ==, cancelled->created);
  g_assert_cmpuint (g_array_index (resumed->metrics.step, guint64, 0), ==,
                    g_array_index (cancelled->metrics.step, guint64, 0));
  g_assert_cmpuint (resumed->metrics.step->len, >, cancelled->metrics.step->len);
  for (guint k = 0; k < 4; k++)
    assert_same_outcome (again->trials->pdata[k], whole->trials->pdata[k]);
  g_assert_cmpuint (resumed->summary.steps, ==, 20);
  /* the ranking has them all; the record is gone */
  ranked = hl_sweep_ranking (again);
  g_assert_cmpuint (ranked->len, ==, 4);
  g_assert_true (hl_sweep_is_finished (again));
  g_assert_false (g_file_test (record_dir, G_FILE_TEST_EXISTS));
}

/* A cancelled trial whose checkpoint is gone cannot go on: it fails, saying
 * how to train it again, and the other trials still run (it made the whole
 * sweep skip them, at every --resume for good).  Its run removed, the next
 * resume trains it from the start. */
static void
test_resume_broken_checkpoint (void)
{
  g_autoptr(HlStore) store = test_sweep_store_in ("resume-broken");
  g_autoptr(HlSweep) first = new_sweep (store);
  g_autoptr(HlSweep) again = NULL;
  g_autoptr(HlSweep) third = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *record_dir = g_strdup (first->record_dir);
  g_autofree char *id = g_path_get_basename (record_dir);
  g_autofree char *run2 = NULL;
  g_autofree char *ckpt = NULL;
  const HlSweepTrial *t2;

  first->progress = cancel_in_trial_2;
  first->progress_data = cancellable;
  hl_sweep_run (first, store, hl_plugin_registry_get_default (), 1, NULL, NULL, cancellable);
  run2 = g_strdup (((HlSweepTrial *) first->trials->pdata[1])->run_id);
  g_assert_nonnull (run2);
  ckpt = hl_store_checkpoint_path_for (store, run2);
  g_assert_true (g_file_test (ckpt, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_unlink (ckpt), ==, 0);

  again = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  hl_sweep_run (again, store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);
  t2 = again->trials->pdata[1];
  g_assert_cmpint (t2->state, ==, HL_SWEEP_TRIAL_FAILED);
  g_assert_nonnull (strstr (t2->error, "checkpoint"));
  g_assert_nonnull (strstr (t2->error, run2));
  g_assert_nonnull (strstr (t2->error, "runs rm"));
  for (guint k = 2; k < 4; k++)
    g_assert_cmpint (((HlSweepTrial *) again->trials->pdata[k])->state, ==, HL_SWEEP_TRIAL_DONE);
  g_assert_false (hl_sweep_is_finished (again));
  g_assert_true (g_file_test (record_dir, G_FILE_TEST_IS_DIR));

  /* as the message says: its run removed, the sweep goes on from the start of #2 */
  g_assert_true (hl_store_delete (store, run2, &error));
  g_assert_no_error (error);
  third = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  hl_sweep_run (third, store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);
  t2 = third->trials->pdata[1];
  g_assert_cmpint (t2->state, ==, HL_SWEEP_TRIAL_DONE);
  g_assert_nonnull (t2->run_id);
  g_assert_cmpstr (t2->run_id, !=, run2);
  g_assert_true (hl_sweep_is_finished (third));
  g_assert_false (g_file_test (record_dir, G_FILE_TEST_EXISTS));
}

/* A trial whose run says "running": its process died (resumed as
 * `resume --killed` does), or it lives (an error naming it). */
static void
test_resume_running_trial (void)
{
  g_autoptr(HlStore) store = test_sweep_store_in ("resume-running");
  g_autoptr(HlSweep) first = new_sweep (store);
  g_autoptr(HlSweep) again = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (first->id);
  g_autofree char *run2 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *running = NULL;
  g_auto(GStrv) parts = NULL;
  HlStoreLock *lock;

  first->progress = cancel_in_trial_2;
  first->progress_data = cancellable;
  hl_sweep_run (first, store, hl_plugin_registry_get_default (), 1, NULL, NULL, cancellable);
  run2 = g_strdup (((HlSweepTrial *) first->trials->pdata[1])->run_id);
  g_clear_pointer (&first, hl_sweep_free);
  /* as a killed process leaves it */
  path = hl_store_path_for (store, run2);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  parts = g_strsplit (text, "\"status\": \"cancelled\"", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  running = g_strjoinv ("\"status\": \"running\"", parts);
  g_assert_true (g_file_set_contents (path, running, -1, NULL));

  /* alive: its lock is held */
  lock = hl_store_lock_run (store, run2, &error);
  g_assert_no_error (error);
  again = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
  g_assert_null (again);
  g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "trial #2"));
  g_assert_nonnull (strstr (error->message, run2));
  g_clear_error (&error);
  hl_store_unlock (lock);

  /* dead: resumed from its checkpoint */
  again = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((HlSweepTrial *) again->trials->pdata[1])->run_id, ==, run2);
  hl_sweep_run (again, store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);
  g_assert_cmpstr (((HlSweepTrial *) again->trials->pdata[1])->run_id, ==, run2);
  g_assert_true (((HlSweepTrial *) again->trials->pdata[1])->pruned);
  g_assert_true (hl_sweep_is_finished (again));
}

/* ---- bad records ------------------------------------------------------------------ */

static void
test_bad_records (void)
{
  static const struct {
    const char *text;     /* NULL: the record as written */
    const char *cut;      /* the record's text up to this, when given */
    int         code;
    const char *says;
  } cases[] = {
    { "", NULL, HL_SWEEP_ERROR_PARSE, "sweep.json" },
    { NULL, "\"spec\"", HL_SWEEP_ERROR_PARSE, "sweep.json" },
    { "[1]", NULL, HL_SWEEP_ERROR_PARSE, "sweep.json" },
    { "{\"format\": \"hyperlab-sweep\"}", NULL, HL_SWEEP_ERROR_FORMAT, "sweep.json: format" },
    { "{\"format\": \"hyperlab-sweep-record\", \"version\": 2, \"trials\": []}", NULL, HL_SWEEP_ERROR_VERSION,
      "version 2 is newer" },
    { "{\"format\": \"hyperlab-sweep-record\", \"version\": 1}", NULL, HL_SWEEP_ERROR_CORRUPT, "sweep.json: trials" },
    { "{\"format\": \"hyperlab-sweep-record\", \"version\": 1, \"trials\": []}", NULL, HL_SWEEP_ERROR_CORRUPT,
      "sweep.json: spec" },
  };
  g_autoptr(HlStore) store = test_sweep_store_in ("bad-records");
  g_autoptr(HlSweep) sweep = new_sweep (store);
  g_autofree char *path = g_build_filename (sweep->record_dir, "sweep.json", NULL);
  g_autofree char *good = NULL;
  g_autofree char *id = g_strdup (sweep->id);
  g_autoptr(GError) error = NULL;
  HlSweep *none;

  g_assert_true (g_file_get_contents (path, &good, NULL, NULL));
  g_clear_pointer (&sweep->record_lock, hl_store_unlock);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cases[i].cut != NULL ? g_strndup (good, strstr (good, cases[i].cut) - good)
                                                   : g_strdup (cases[i].text);
      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      none = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
      g_assert_null (none);
      g_assert_error (error, HL_SWEEP_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].says);
      g_clear_error (&error);
    }
  /* trials that are not the spec's */
  {
    g_auto(GStrv) parts = g_strsplit (good, "optimizer.learning_rate=0.3", 2);
    g_autofree char *text = g_strjoinv ("optimizer.learning_rate=0.4", parts);
    g_assert_true (g_file_set_contents (path, text, -1, NULL));
    none = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
    g_assert_null (none);
    g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "trials[0]"));
    g_clear_error (&error);
  }
  /* the file it was started from (optional) is not a file name */
  {
    g_auto(GStrv) parts = g_strsplit (good, "\"file\"", 2);
    g_autofree char *text = g_strjoinv ("\"file\": 3, \"was\"", parts);

    g_assert_nonnull (parts[1]);
    g_assert_true (g_file_set_contents (path, text, -1, NULL));
    none = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
    g_assert_null (none);
    g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "sweep.json: file: expected a file name or null"));
    g_clear_error (&error);
  }
  /* unknown ids, one with a slash among them */
  none = hl_sweep_record_open (store, "20200101-000000-0000", hl_plugin_registry_get_default (), &error);
  g_assert_null (none);
  g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = hl_sweep_record_open (store, "../x", hl_plugin_registry_get_default (), &error);
  g_assert_null (none);
  g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hl_sweep_record_forget (store, "nope", &error));
  g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* trained by another process: its lock is held */
  g_assert_true (g_file_set_contents (path, good, -1, NULL));
  {
    g_autoptr(HlSweep) open = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
    g_assert_no_error (error);
    none = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
    g_assert_null (none);
    g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_false (hl_sweep_record_forget (store, id, &error));
    g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_BUSY);
    g_clear_error (&error);
  }
  g_assert_true (hl_sweep_record_forget (store, id, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A record made before a grid tried a value listed twice once: its spec
 * lists 0.1 twice and it has a trial for each.  It opens as made (it had
 * become "trials: not as many as the sweep gives"). */
static void
test_record_with_repeats (void)
{
  g_autoptr(HlStore) store = test_sweep_store_in ("record-repeats");
  g_autoptr(HlSweep) sweep = new_sweep (store);
  g_autofree char *path = g_build_filename (sweep->record_dir, "sweep.json", NULL);
  g_autofree char *id = g_strdup (sweep->id);
  g_autofree char *good = NULL, *spec_repeats = NULL, *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (path, &good, NULL, NULL));
  g_clear_pointer (&sweep->record_lock, hl_store_unlock);
  g_clear_pointer (&sweep, hl_sweep_free);
  /* values [0.3, 1e-05, 0.1, 0.03] become [0.3, 1e-05, 0.1, 0.1], trial #4's too */
  parts = g_strsplit (good, "0.03]", 2);
  g_assert_nonnull (parts[1]);
  spec_repeats = g_strjoinv ("0.1]", parts);
  g_clear_pointer (&parts, g_strfreev);
  parts = g_strsplit (spec_repeats, "optimizer.learning_rate=0.03", 2);
  g_assert_nonnull (parts[1]);
  text = g_strjoinv ("optimizer.learning_rate=0.1", parts);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  sweep = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sweep->trials->len, ==, 4);
  g_assert_cmpfloat (((HlSweepTrial *) sweep->trials->pdata[2])->config->optimizer.learning_rate, ==, 0.1);
  g_assert_cmpfloat (((HlSweepTrial *) sweep->trials->pdata[3])->config->optimizer.learning_rate, ==, 0.1);
  g_clear_pointer (&sweep->record_lock, hl_store_unlock);
  g_assert_true (hl_sweep_record_forget (store, id, &error));
  g_assert_no_error (error);
}

/* ---- the listing -------------------------------------------------------------- */

static void
test_list (void)
{
  g_autoptr(HlStore) store = test_sweep_store_in ("list-store");
  g_autoptr(HlSweep) sweep = new_sweep (store);
  g_autoptr(HlSweep) untouched = new_sweep (store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const HlSweepRecordInfo *info = NULL;

  sweep->progress = cancel_in_trial_2;
  sweep->progress_data = cancellable;
  hl_sweep_run (sweep, store, hl_plugin_registry_get_default (), 1, NULL, NULL, cancellable);
  hl_sweep_record_close (untouched, NULL);   /* stopped before anything ran */
  hl_store_refresh (store, &error);
  g_assert_no_error (error);
  list = hl_sweep_record_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((HlSweepRecordInfo *) list->pdata[i])->id, sweep->id))
      info = list->pdata[i];
  g_assert_nonnull (info);
  g_assert_cmpstr (info->name, ==, "r");
  g_assert_cmpuint (info->done, ==, 1);
  g_assert_cmpuint (info->started, ==, 2);
  g_assert_cmpuint (info->total, ==, 4);
  g_assert_false (info->running);
  g_assert_null (info->problem);

  /* its runs deleted: nothing to continue, the record goes; the sweep that
   * never ran stays */
  for (guint k = 0; k < 2; k++)
    {
      hl_store_delete (store, ((HlSweepTrial *) sweep->trials->pdata[k])->run_id, &error);
      g_assert_no_error (error);
    }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = hl_sweep_record_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((HlSweepRecordInfo *) list->pdata[0])->id, ==, untouched->id);
  g_assert_false (g_file_test (sweep->record_dir, G_FILE_TEST_EXISTS));
  /* the store's listing never sees the records */
  g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 0);
}

/* A process killed while its first trial loaded its data: the record
 * names the trial's run (as each trial starts), whose file was never
 * written.  The listing took that for "every run deleted" and removed the
 * record, so the sweep `sweep --resume` could still continue was gone. */
static void
test_list_killed_before_first_save (void)
{
  g_autoptr(HlStore) store = test_sweep_store_in ("list-killed");
  g_autoptr(HlSweep) sweep = new_sweep (store);
  g_autoptr(HlSweep) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (sweep->id);
  HlSweepTrial *t = sweep->trials->pdata[0];

  t->state = HL_SWEEP_TRIAL_RUNNING;
  t->run_id = g_strdup ("20990101-000000-0001");
  g_assert_true (hl_sweep_record_save (sweep, &error));
  g_assert_no_error (error);
  g_clear_pointer (&sweep->record_lock, hl_store_unlock);   /* the process died */
  g_assert_true (hl_store_refresh (store, &error));
  g_assert_no_error (error);
  list = hl_sweep_record_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((HlSweepRecordInfo *) list->pdata[0])->id, ==, id);
  g_assert_cmpuint (((HlSweepRecordInfo *) list->pdata[0])->started, ==, 1);
  g_assert_cmpuint (((HlSweepRecordInfo *) list->pdata[0])->done, ==, 0);
  /* and it continues: the trial starts over */
  again = hl_sweep_record_open (store, id, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (((HlSweepTrial *) again->trials->pdata[0])->state, ==, HL_SWEEP_TRIAL_PENDING);
  g_assert_null (((HlSweepTrial *) again->trials->pdata[0])->run_id);
}

/* A sweep of a config in hand (the application's) has no file: its
 * record keeps where the config's relative data paths resolve. */
static void
test_config_base_dir (void)
{
  g_autoptr(HlStore) store = test_sweep_store_in ("config-store");
  g_autofree char *data_dir = g_build_filename (test_sweep_tmp_dir (), "data-here", NULL);
  g_autofree char *csv = g_build_filename (data_dir, "points.csv", NULL);
  g_autoptr(GString) rows = g_string_new ("x,y\n");
  g_autoptr(HlConfig) base = NULL;
  g_autoptr(HlSweep) sweep = NULL;
  g_autoptr(HlSweep) again = NULL;
  g_autoptr(JsonNode) spec = json_from_string (
    "{\"name\": \"c\", \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}},"
    " \"pruning\": {\"method\": \"none\"}}", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0755), ==, 0);
  for (int i = 0; i < 50; i++)
    g_string_append_printf (rows, "%d,%d\n", i, 2 * i);
  g_assert_true (g_file_set_contents (csv, rows->str, -1, NULL));
  base = hl_config_from_data ("{\"format\": \"hyperlab-config\", \"dataset\": {\"kind\": \"csv\", "
                              "\"path\": \"points.csv\", \"target\": \"y\", \"task\": \"regression\", "
                              "\"validation_split\": 0.2}}", -1, NULL, &error);
  g_assert_no_error (error);
  base->base_dir = g_strdup (data_dir);
  sweep = hl_sweep_new_for_config (base, spec, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  hl_sweep_record_create (sweep, store, &error);
  g_assert_no_error (error);
  hl_sweep_record_close (sweep, NULL);
  again = hl_sweep_record_open (store, sweep->id, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->trials->len, ==, 2);
  g_assert_cmpstr (((HlSweepTrial *) again->trials->pdata[1])->config->base_dir, ==, data_dir);
  g_assert_cmpstr (((HlSweepTrial *) again->trials->pdata[1])->label, ==, "optimizer.learning_rate=0.01");
  hl_sweep_run (again, store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);
  g_assert_cmpint (((HlSweepTrial *) again->trials->pdata[0])->state, ==, HL_SWEEP_TRIAL_DONE);
  g_assert_true (hl_sweep_is_finished (again));
}

void
test_sweep_resume_add_tests (void)
{
  g_test_add_func ("/sweep/resume/continues", test_resume);
  g_test_add_func ("/sweep/resume/running-trial", test_resume_running_trial);
  g_test_add_func ("/sweep/resume/broken-checkpoint", test_resume_broken_checkpoint);
  g_test_add_func ("/sweep/resume/bad-records", test_bad_records);
  g_test_add_func ("/sweep/resume/record-with-repeats", test_record_with_repeats);
  g_test_add_func ("/sweep/resume/list", test_list);
  g_test_add_func ("/sweep/resume/list-killed-before-first-save", test_list_killed_before_first_save);
  g_test_add_func ("/sweep/resume/config-base-dir", test_config_base_dir);
}
