/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-resume.c - a run stopped half way and left "running" (as after
 * kill -9) is listed as interrupted, and `hyperlab-cli resume` continues its
 * curve from the checkpoint to completion. */
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include "hyperlab.h"
#include <glib/gstdio.h>
#include "hl-checkpoint.h"
#include "test-store-util.h"

void hl_test_add_store_resume (void);

typedef struct {
  GCancellable *cancellable;
  guint64       stop_after;
} StopAt;

static void
stop_in_second_epoch (const HlProgress *p, gpointer user_data)
{
  StopAt *stop = user_data;

  if (p->step >= stop->stop_after)
    g_cancellable_cancel (stop->cancellable);
}

static HlConfig *
small_config (void)
{
  HlConfig *config = hl_config_new ();

  g_free (config->name);
  config->name = g_strdup ("resume me");
  config->dataset.samples = 300;
  config->training.epochs = 3;
  config->training.batch_size = 10;
  config->training.validate_every_steps = 10;
  config->training.log_every_steps = 5;
  config->early_stopping.enabled = FALSE;
  return config;
}

/* Train until stop_after steps (0 = to the end), checkpointing to path. */
static HlRun *
train (const HlConfig *config, const char *path, guint64 stop_after)
{
  g_autoptr(GError) error = NULL;
  StopAt stop = { g_cancellable_new (), stop_after };
  HlTrainer *trainer = hl_trainer_new (config, hl_plugin_registry_get_default (), &error);
  HlRun *run;

  g_assert_no_error (error);
  if (path != NULL)
    hl_trainer_set_checkpoint (trainer, path, 1000.0);
  if (stop_after > 0)
    hl_trainer_set_progress_func (trainer, stop_in_second_epoch, &stop);
  run = hl_trainer_run (trainer, stop.cancellable, &error);
  g_assert_no_error (error);
  hl_trainer_free (trainer);
  g_object_unref (stop.cancellable);
  return run;
}

static void
resume_with_cli (const char *dir, const char *id, gboolean expect_success)
{
  const char *cli = g_getenv ("HYPERLAB_CLI");
  const char *argv[] = { cli, "resume", id, "--store", dir, "--quiet", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("resume: %s%s", out, err);
  if (expect_success)
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  else
    {
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
      g_assert_nonnull (strstr (err, "only interrupted or cancelled runs can be resumed"));
    }
}

static void
assert_same_curve_start (const HlMetrics *a, const HlMetrics *b, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (g_array_index (a->step, guint64, i), ==, g_array_index (b->step, guint64, i));
      g_assert_cmpfloat (g_array_index (a->train_loss, double, i), ==, g_array_index (b->train_loss, double, i));
    }
}

static void
test_resume (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-resume-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "half.run.json", NULL);
  g_autoptr(HlConfig) config = small_config ();
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(HlRun) full = NULL, half = NULL, resumed = NULL, dead = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint n_half, n;
  guint64 last_half;

  if (g_getenv ("HYPERLAB_CLI") == NULL)
    {
      g_test_skip ("HYPERLAB_CLI not set");
      return;
    }
  full = train (config, NULL, 0);
  g_assert_cmpint (full->status, ==, HL_RUN_STATUS_COMPLETED);
  half = train (config, path, full->summary.steps / 2);
  g_assert_cmpint (half->status, ==, HL_RUN_STATUS_CANCELLED);

  /* The process "dies": the file says running and no one holds its lock. */
  dead = hl_run_load (path, &error);
  g_assert_no_error (error);
  n_half = hl_metrics_len (&dead->metrics);
  g_assert_cmpuint (n_half, >, 2);
  last_half = g_array_index (dead->metrics.step, guint64, n_half - 1);
  g_assert_cmpuint (last_half, <, full->summary.steps);
  /* The cancelled curve ends at the cancel step, with the mean loss since
   * the last point (it ended at that point); that step is not a point of
   * the uninterrupted run, and the resumed run drops it. */
  g_assert_cmpuint (last_half, ==, half->summary.steps);
  g_assert_cmpuint (half->summary.steps % config->training.log_every_steps, !=, 0);
  g_assert_cmpfloat (half->summary.final_train_loss, ==,
                     g_array_index (dead->metrics.train_loss, double, n_half - 1));
  n_half--;
  dead->status = HL_RUN_STATUS_RUNNING;
  g_assert_true (hl_run_save (dead, path, &error));
  g_assert_true (hl_store_refresh (store, &error));
  list = hl_store_list (store);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((HlRunInfo *) list->pdata[0])->status, ==, HL_RUN_STATUS_INTERRUPTED);

  resume_with_cli (dir, dead->id, TRUE);
  resumed = hl_run_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resumed->status, ==, HL_RUN_STATUS_COMPLETED);
  n = hl_metrics_len (&resumed->metrics);
  g_assert_cmpuint (n, >, n_half);
  /* Same points up to the checkpoint, then strictly later steps to the end. */
  assert_same_curve_start (&resumed->metrics, &dead->metrics, n_half);
  for (guint i = 1; i < n; i++)
    g_assert_cmpuint (g_array_index (resumed->metrics.step, guint64, i), >,
                      g_array_index (resumed->metrics.step, guint64, i - 1));
  g_assert_cmpuint (resumed->summary.steps, ==, full->summary.steps);
  g_assert_cmpuint (g_array_index (resumed->metrics.step, guint64, n - 1), ==,
                    g_array_index (full->metrics.step, guint64, hl_metrics_len (&full->metrics) - 1));
  /* Weights, optimizer and RNG came back: the curve is the uninterrupted one. */
  g_test_message ("final train loss: resumed %.9g, uninterrupted %.9g",
                  g_array_index (resumed->metrics.train_loss, double, n - 1),
                  g_array_index (full->metrics.train_loss, double, hl_metrics_len (&full->metrics) - 1));
  g_assert_cmpfloat_with_epsilon (g_array_index (resumed->metrics.train_loss, double, n - 1),
                                  g_array_index (full->metrics.train_loss, double,
                                                 hl_metrics_len (&full->metrics) - 1), 1e-6);
  /* A completed run is not resumed again. */
  resume_with_cli (dir, dead->id, FALSE);
  hl_test_rm_rf (dir);
}

/* A cancelled run written outside the store (hyperlab-cli run -o) and
 * imported with its sidecar can be resumed from the store. */
static void
test_resume_imported (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = g_dir_make_tmp ("hl-store-resume-src-XXXXXX", &error);
  g_autofree char *dir = g_dir_make_tmp ("hl-store-resume-dst-XXXXXX", &error);
  g_autofree char *path = g_build_filename (src, "elsewhere.run.json", NULL);
  g_autoptr(HlConfig) config = small_config ();
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(HlRun) half = NULL, done = NULL;
  g_autofree char *ckpt = NULL;
  HlStoreLock *lock = NULL;
  HlTrainer *trainer;

  half = train (config, path, 20);
  g_assert_cmpint (half->status, ==, HL_RUN_STATUS_CANCELLED);
  g_assert_cmpuint (hl_store_import (store, src, NULL), ==, 1);
  ckpt = hl_store_checkpoint_path_for (store, half->id);
  g_assert_true (g_file_test (ckpt, G_FILE_TEST_IS_REGULAR));
  g_assert_true (hl_store_refresh (store, &error));
  trainer = hl_store_resume_trainer (store, half->id, hl_plugin_registry_get_default (), &lock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trainer);
  done = hl_trainer_run (trainer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (hl_metrics_len (&done->metrics), >, hl_metrics_len (&half->metrics));
  hl_trainer_free (trainer);
  hl_store_unlock (lock);
  g_assert_false (g_file_test (ckpt, G_FILE_TEST_EXISTS));   /* a completed run drops it */
  hl_test_rm_rf (src);
  hl_test_rm_rf (dir);
}

typedef struct {
  const char *path;
  gboolean    checked;
} FirstCheckpoint;

/* The record a resumed run writes as it starts (what the run list shows
 * while it trains): running, and no test results from before. */
static void
check_first_checkpoint (const HlProgress *p, gpointer user_data)
{
  FirstCheckpoint *first = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) now = NULL;

  if (first->checked)
    return;
  first->checked = TRUE;
  now = hl_run_load (first->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (now->status, ==, HL_RUN_STATUS_RUNNING);
  g_assert_true (isnan (now->summary.test_loss));
  g_assert_true (isnan (now->summary.test_accuracy));
  g_assert_null (now->summary.test_confusion);
  g_assert_null (now->summary.stop_reason);
}

/* It showed the cancelled run's test accuracy and loss until it finished
 * (found by a GUI review). */
static void
test_resume_forgets_old_results (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-resume-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "half.run.json", NULL);
  g_autoptr(HlConfig) config = small_config ();
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(HlRun) half = NULL, done = NULL;
  FirstCheckpoint first = { path, FALSE };
  HlStoreLock *lock = NULL;
  HlTrainer *trainer;

  half = train (config, path, 20);
  g_assert_cmpint (half->status, ==, HL_RUN_STATUS_CANCELLED);
  g_assert_true (isfinite (half->summary.test_accuracy));   /* the test pass ran */
  g_assert_nonnull (half->summary.test_confusion);
  g_assert_true (hl_store_refresh (store, &error));
  trainer = hl_store_resume_trainer (store, half->id, hl_plugin_registry_get_default (), &lock, &error);
  g_assert_no_error (error);
  hl_trainer_set_progress_func (trainer, check_first_checkpoint, &first);
  done = hl_trainer_run (trainer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (first.checked);
  g_assert_cmpint (done->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_true (isfinite (done->summary.test_accuracy));
  g_assert_cmpfloat ((double) hl_confusion_correct (done->summary.test_confusion)
                     / hl_confusion_total (done->summary.test_confusion), ==, done->summary.test_accuracy);
  /* nothing diverged: no learning rate of divergence (it became 0) */
  g_assert_true (isnan (done->summary.diverged_lr));
  g_assert_cmpuint (done->summary.diverged_step, ==, 0);
  hl_trainer_free (trainer);
  hl_store_unlock (lock);
  hl_test_rm_rf (dir);
}

/* A checkpoint copied beside another run of the same shape is refused
 * (it resumed with the other run's weights and position; found by a
 * review). */
static void
test_resume_foreign_checkpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-resume-XXXXXX", &error);
  g_autofree char *path_a = g_build_filename (dir, "a.run.json", NULL);
  g_autofree char *path_b = g_build_filename (dir, "b.run.json", NULL);
  g_autofree char *ckpt_a = NULL, *ckpt_b = NULL, *data = NULL;
  g_autoptr(HlConfig) config = small_config ();
  g_autoptr(HlRun) a = NULL, b = NULL, loaded = NULL;
  gsize len = 0;
  HlTrainer *trainer;

  a = train (config, path_a, 20);
  config->seed = 99;
  b = train (config, path_b, 30);
  ckpt_a = hl_checkpoint_path_for_run (path_a);
  ckpt_b = hl_checkpoint_path_for_run (path_b);
  g_assert_true (g_file_get_contents (ckpt_b, &data, &len, NULL));
  g_assert_true (g_file_set_contents (ckpt_a, data, (gssize) len, NULL));
  loaded = hl_run_load (path_a, &error);
  g_assert_no_error (error);
  trainer = hl_trainer_new (loaded->config, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  g_assert_false (hl_trainer_set_resume (trainer, loaded, &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
  g_assert_nonnull (strstr (error->message, "belongs to run"));
  hl_trainer_free (trainer);
  hl_test_rm_rf (dir);
}

/* When the final record cannot be written, the checkpoint stays, so the
 * run can still be resumed (a full disk left "running" and no sidecar;
 * found by a review).  The record's path is made a folder mid-run, which
 * no rename can replace. */
static void
stop_and_block (const HlProgress *p, gpointer user_data)
{
  const char *path = user_data;

  if (p->step == 5 && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
    }
}

static void
test_failed_final_save_keeps_checkpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-resume-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "blocked.run.json", NULL);
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
  g_autoptr(HlConfig) config = small_config ();
  g_autoptr(HlRun) run = NULL;
  HlTrainer *trainer = hl_trainer_new (config, hl_plugin_registry_get_default (), &error);

  g_assert_no_error (error);
  hl_trainer_set_checkpoint (trainer, path, 1000.0);
  hl_trainer_set_progress_func (trainer, stop_and_block, path);
  GLogLevelFlags fatal;

  /* the failed save is logged as a warning (structured logging, which
   * g_test_expect_message does not see): not fatal for this run */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  run = hl_trainer_run (trainer, NULL, &error);
  g_log_set_always_fatal (fatal);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_true (g_file_test (ckpt, G_FILE_TEST_IS_REGULAR));
  /* the caller's save that works after all takes the sidecar with it (it
   * stayed forever beside a completed record; found by a code review) */
  g_assert_cmpint (g_rmdir (path), ==, 0);
  g_assert_true (hl_run_save_final (run, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (ckpt, G_FILE_TEST_EXISTS));
  hl_trainer_free (trainer);
  hl_test_rm_rf (dir);
}

/* A run killed between its first record and its first checkpoint (nothing
 * trained yet) resumes by starting again, under its own id (it was listed
 * as interrupted and "resume" failed on the missing file; found by a
 * review). */
static void
test_resume_before_first_checkpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-resume-XXXXXX", &error);
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(HlConfig) config = small_config ();
  g_autoptr(HlRun) born = hl_run_new (config), done = NULL;
  g_autofree char *path = hl_store_path_for (store, born->id);
  HlStoreLock *lock = NULL;
  HlTrainer *trainer;

  born->status = HL_RUN_STATUS_RUNNING;
  g_assert_true (hl_run_save (born, path, &error));
  g_assert_true (hl_store_refresh (store, &error));
  trainer = hl_store_resume_trainer (store, born->id, hl_plugin_registry_get_default (), &lock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trainer);
  done = hl_trainer_run (trainer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (done->id, ==, born->id);
  g_assert_cmpint (done->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (done->summary.steps, >, 0);
  hl_trainer_free (trainer);
  hl_store_unlock (lock);
  hl_test_rm_rf (dir);
}

/* xor-like CSV rows; flip swaps the classes (same shape, other data) */
static void
write_csv (const char *path, gboolean flip)
{
  g_autoptr(GString) csv = g_string_new ("x1,x2,target\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 200; i++)
    {
      double x = (double) (i % 20) / 10.0 - 1.0, y = (double) (i / 20) / 5.0 - 1.0;
      g_string_append_printf (csv, "%.2f,%.2f,%d\n", x, y, (x * y > 0) != flip);
    }
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, &error));
}

/* A run whose CSV changed after it began is not resumed on the new rows:
 * it went on training on other data, its curve half one dataset and half
 * another, and said "Completed" (found by a QA pass). */
static void
test_resume_changed_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-resume-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "data.csv", NULL);
  g_autoptr(HlStore) store = hl_store_new (dir, &error);
  g_autoptr(HlConfig) config = small_config ();
  g_autoptr(HlRun) half = NULL, done = NULL;
  g_autofree char *path = NULL;
  const char *cli = g_getenv ("HYPERLAB_CLI");
  HlStoreLock *lock = NULL;
  HlTrainer *trainer;

  write_csv (csv, FALSE);
  g_free (config->dataset.kind);
  config->dataset.kind = g_strdup ("csv");
  config->dataset.path = g_strdup (csv);
  g_free (config->dataset.target);
  config->dataset.target = g_strdup ("target");
  config->dataset.task = HL_TASK_CLASSIFICATION;
  path = g_build_filename (dir, "half.run.json", NULL);
  half = train (config, path, 20);
  g_assert_cmpint (half->status, ==, HL_RUN_STATUS_CANCELLED);
  {
    g_autoptr(HlRun) saved = hl_run_load (path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (saved->data_files);
    g_assert_nonnull (g_hash_table_lookup (saved->data_files, csv));
  }
  write_csv (csv, TRUE);
  if (cli != NULL)
    {
      /* `resume FILE` (a run written with -o) */
      const char *argv[] = { cli, "resume", path, "--quiet", NULL };
      g_autofree char *out = NULL, *err = NULL;
      int status = -1;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
      g_assert_nonnull (strstr (err, "data.csv changed since the run began"));
    }
  /* `resume ID` and the GUI */
  g_assert_true (hl_store_refresh (store, &error));
  trainer = hl_store_resume_trainer (store, half->id, hl_plugin_registry_get_default (), &lock, &error);
  g_assert_no_error (error);
  /* checked on the training thread, before the data are loaded */
  g_assert_null (hl_trainer_run (trainer, NULL, &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
  g_assert_nonnull (strstr (error->message, "data.csv changed since the run began"));
  g_clear_error (&error);
  hl_trainer_free (trainer);
  hl_store_unlock (lock);
  lock = NULL;
  {
    /* nothing was written: the record is as it was */
    g_autoptr(HlRun) still = hl_run_load (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (still->status, ==, HL_RUN_STATUS_CANCELLED);
    g_assert_cmpuint (still->summary.steps, ==, half->summary.steps);
  }
  /* the same bytes again (a new file, a new time): it goes on */
  write_csv (csv, FALSE);
  trainer = hl_store_resume_trainer (store, half->id, hl_plugin_registry_get_default (), &lock, &error);
  g_assert_no_error (error);
  done = hl_trainer_run (trainer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->status, ==, HL_RUN_STATUS_COMPLETED);
  hl_trainer_free (trainer);
  hl_store_unlock (lock);
  hl_test_rm_rf (dir);
}

void
hl_test_add_store_resume (void)
{
  g_test_add_func ("/store/resume/continues-curve", test_resume);
  g_test_add_func ("/store/resume/imported", test_resume_imported);
  g_test_add_func ("/store/resume/forgets-old-results", test_resume_forgets_old_results);
  g_test_add_func ("/store/resume/foreign-checkpoint", test_resume_foreign_checkpoint);
  g_test_add_func ("/store/resume/before-first-checkpoint", test_resume_before_first_checkpoint);
  g_test_add_func ("/store/resume/failed-final-save", test_failed_final_save_keeps_checkpoint);
  g_test_add_func ("/store/resume/changed-data", test_resume_changed_data);
}
