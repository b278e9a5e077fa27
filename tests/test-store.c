/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c - the run store: atomic saves under a crash, interrupted
 * detection through lock files, corrupt files skipped and never overwritten,
 * a 1,000-run listing, delete, rename, import and resume. */
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "test-store-util.h"

typedef struct {
  char    *dir;
  HlStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hl-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = hl_store_new (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  hl_store_free (f->store);
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
save (Fixture *f, HlRun *run)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_store_save (f->store, run, &error));
  g_assert_no_error (error);
}

static void
refresh (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_store_refresh (f->store, &error));
  g_assert_no_error (error);
}

static const HlRunInfo *
only_run (Fixture *f)
{
  g_autoptr(GPtrArray) list = hl_store_list (f->store);

  g_assert_cmpuint (list->len, ==, 1);
  return list->pdata[0];
}

/* A record whose config has no name (hyperlab-cli wrote such records) is
 * listed under the name the application gives unnamed runs. */
static void
test_unnamed_listed (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-u", "", HL_RUN_STATUS_COMPLETED, 5);

  g_free (run->config->dataset.kind);
  run->config->dataset.kind = g_strdup ("moons");
  run->config->optimizer.learning_rate = 0.25;
  save (f, run);
  refresh (f);
  g_assert_cmpstr (only_run (f)->name, ==, "moons 16-16 tanh sgd lr 0.25");
}

static void
test_save_load (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-a", "alpha", HL_RUN_STATUS_COMPLETED, 50);
  g_autoptr(HlRun) back = NULL;
  g_autoptr(GError) error = NULL;
  const HlRunInfo *info;

  save (f, run);
  refresh (f);
  info = only_run (f);
  g_assert_cmpstr (info->id, ==, "run-a");
  g_assert_cmpstr (info->name, ==, "alpha");
  g_assert_cmpint (info->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpfloat_with_epsilon (info->best_val_loss, run->summary.best_val_loss, 1e-12);
  g_assert_cmpfloat_with_epsilon (info->test_accuracy, run->summary.test_accuracy, 1e-12);
  g_assert_cmpfloat_with_epsilon (info->learning_rate, run->config->optimizer.learning_rate, 1e-12);
  g_assert_cmpuint (hl_store_get_problems (f->store)->len, ==, 0);

  back = hl_store_load (f->store, "run-a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hl_metrics_len (&back->metrics), ==, 50);
  g_assert_cmpuint (g_array_index (back->metrics.step, guint64, 49), ==, 500);
}

/* Numbers that json-glib 1.6's generator writes as invalid JSON ("1e-08.0")
 * must survive a save and a listing: Adam's default epsilon is one. */
static void
test_save_exponent_numbers (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-eps", "adam eps", HL_RUN_STATUS_COMPLETED, 5);
  g_autoptr(HlRun) back = NULL;
  g_autoptr(GError) error = NULL;

  g_free (run->config->optimizer.name);
  run->config->optimizer.name = g_strdup ("adam");
  run->config->optimizer.learning_rate = 1e-08;
  hl_params_set (run->config->optimizer.params, "epsilon", 1e-08);
  save (f, run);
  refresh (f);
  g_assert_cmpuint (hl_store_get_problems (f->store)->len, ==, 0);
  g_assert_cmpfloat (only_run (f)->learning_rate, ==, 1e-08);
  back = hl_store_load (f->store, "run-eps", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (hl_params_get (back->config->optimizer.params, "epsilon", 0.0), ==, 1e-08);
  /* Listed again from the index this time. */
  hl_store_free (f->store);
  f->store = hl_store_new (f->dir, &error);
  g_assert_no_error (error);
  refresh (f);
  g_assert_cmpuint (hl_store_get_problems (f->store)->len, ==, 0);
  g_assert_cmpfloat (only_run (f)->learning_rate, ==, 1e-08);
}

/* The child writes the new version to the temporary file and dies before
 * the rename, like a kill -9 or a power cut at the worst moment. */
static void
die_before_rename (const char *tmp_path, gpointer user_data)
{
  _exit (0);
}

static void
test_atomic_crash (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-a", "old name", HL_RUN_STATUS_COMPLETED, 20);
  g_autoptr(HlRun) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *before = NULL, *after = NULL, *tmp_text = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int status = 0;
  guint n_tmp = 0;
  pid_t pid;

  save (f, run);
  path = hl_store_path_for (f->store, "run-a");
  before = read_file (path);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_free (run->config->name);
      run->config->name = g_strdup ("new name");
      hl_store_set_save_hook (f->store, die_before_rename, NULL);
      hl_store_save (f->store, run, NULL);
      _exit (1);   /* not reached if the hook ran */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  after = read_file (path);
  g_assert_cmpstr (after, ==, before);
  back = hl_store_load (f->store, "run-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->config->name, ==, "old name");
  /* The new content did reach the disk, in the temporary file only. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "run-a.run.json."))
      {
        g_autofree char *tmp = g_build_filename (f->dir, name, NULL);
        g_free (tmp_text);
        tmp_text = read_file (tmp);
        n_tmp++;
      }
  g_assert_cmpuint (n_tmp, ==, 1);
  g_assert_nonnull (strstr (tmp_text, "new name"));
  refresh (f);
  g_assert_cmpstr (only_run (f)->name, ==, "old name");
  g_assert_cmpuint (hl_store_get_problems (f->store)->len, ==, 0);
}

static void
test_interrupted_no_lock (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-r", "r", HL_RUN_STATUS_RUNNING, 10);
  g_autoptr(HlRun) back = NULL;
  g_autofree char *path = NULL, *before = NULL, *after = NULL;

  save (f, run);
  path = hl_store_path_for (f->store, "run-r");
  before = read_file (path);
  refresh (f);
  g_assert_cmpint (only_run (f)->status, ==, HL_RUN_STATUS_INTERRUPTED);
  g_assert_cmpint (only_run (f)->saved_status, ==, HL_RUN_STATUS_RUNNING);
  back = hl_store_load (f->store, "run-r", NULL);
  g_assert_cmpint (back->status, ==, HL_RUN_STATUS_INTERRUPTED);
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);   /* detection never rewrites the file */
}

typedef struct {
  Fixture *f;
  gint     done;
} RefreshJob;

static gpointer
refresh_thread (gpointer data)
{
  RefreshJob *job = data;

  refresh (job->f);
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

/* A "<id>.lock" that is a FIFO (a store edited by hand) is no live lock,
 * and the listing does not wait on it: opening it for reading blocked the
 * listing, and the GUI's runs page, for good (found by a QA pass). */
static void
test_interrupted_fifo_lock (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-f", "f", HL_RUN_STATUS_RUNNING, 10);
  g_autofree char *lock = g_build_filename (f->dir, "run-f.lock", NULL);
  RefreshJob job = { f, 0 };
  GThread *thread;
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  save (f, run);
  g_assert_cmpint (mkfifo (lock, 0644), ==, 0);
  thread = g_thread_new ("refresh", refresh_thread, &job);
  while (!g_atomic_int_get (&job.done) && g_get_monotonic_time () < until)
    g_usleep (G_USEC_PER_SEC / 100);
  if (!g_atomic_int_get (&job.done))
    g_error ("the listing hangs on a FIFO named as a run's lock");
  g_thread_join (thread);
  g_assert_cmpint (only_run (f)->status, ==, HL_RUN_STATUS_INTERRUPTED);
}

static void
test_interrupted_live_lock (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-r", "r", HL_RUN_STATUS_RUNNING, 10);
  g_autoptr(GError) error = NULL;
  g_autofree char *lock_path = g_build_filename (f->dir, "run-r.lock", NULL);
  HlStoreLock *lock, *second;

  save (f, run);
  lock = hl_store_lock_run (f->store, "run-r", &error);
  g_assert_no_error (error);
  refresh (f);
  g_assert_cmpint (only_run (f)->status, ==, HL_RUN_STATUS_RUNNING);
  g_assert_true (hl_store_is_run_alive (f->store, "run-r"));
  /* A second trainer of the same run is refused, and a live run is not deleted. */
  second = hl_store_lock_run (f->store, "run-r", &error);
  g_assert_null (second);
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (hl_store_delete (f->store, "run-r", &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED);
  hl_store_unlock (lock);
  g_assert_false (g_file_test (lock_path, G_FILE_TEST_EXISTS));
  refresh (f);
  g_assert_cmpint (only_run (f)->status, ==, HL_RUN_STATUS_INTERRUPTED);
}

static void
test_interrupted_killed (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-k", "k", HL_RUN_STATUS_RUNNING, 10);
  int fds[2], status = 0;
  char byte = 0;
  pid_t pid;

  save (f, run);
  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      HlStoreLock *lock;
      /* If an assertion kills the parent, the child must not linger. */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      close (fds[0]);
      lock = hl_store_lock_run (f->store, "run-k", NULL);
      if (write (fds[1], lock ? "y" : "n", 1) != 1)
        _exit (2);
      for (;;)
        pause ();
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &byte, 1), ==, 1);
  close (fds[0]);
  g_assert_cmpint (byte, ==, 'y');
  refresh (f);
  g_assert_cmpint (only_run (f)->status, ==, HL_RUN_STATUS_RUNNING);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  refresh (f);
  g_assert_cmpint (only_run (f)->status, ==, HL_RUN_STATUS_INTERRUPTED);
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-d", "d", HL_RUN_STATUS_COMPLETED, 5);
  g_autoptr(HlRun) other = hl_test_make_run ("run-e", "e", HL_RUN_STATUS_COMPLETED, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *ckpt = NULL;

  save (f, run);
  save (f, other);
  path = hl_store_path_for (f->store, "run-d");
  ckpt = hl_store_checkpoint_path_for (f->store, "run-d");
  g_assert_true (g_file_set_contents (ckpt, "weights", -1, NULL));
  g_assert_true (hl_store_delete (f->store, "run-d", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (ckpt, G_FILE_TEST_EXISTS));
  refresh (f);
  g_assert_cmpstr (only_run (f)->id, ==, "run-e");
  g_assert_false (hl_store_delete (f->store, "run-d", &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND);
}

/* As a file that a killed process left a minute ago. */
static void
write_old (const char *path, const char *text, gssize length)
{
  struct utimbuf old = { time (NULL) - 60, time (NULL) - 60 };

  g_assert_true (g_file_set_contents (path, text, length, NULL));
  g_assert_cmpint (g_utime (path, &old), ==, 0);
}

/* What a kill -9 between an atomic write and its rename leaves ("<file>.
 * XXXXXX", a copy of the record) goes when the run is resumed or deleted;
 * it outlived the run, in no listing (found by a QA pass). */
static void
test_delete_leftovers (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-k", "k", HL_RUN_STATUS_COMPLETED, 5);
  g_autoptr(HlRun) other = hl_test_make_run ("run-k2", "k2", HL_RUN_STATUS_COMPLETED, 5);
  g_autoptr(HlConfig) config = hl_config_new ();
  g_autoptr(HlRun) born = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *ckpt = NULL, *tmp_record = NULL, *tmp_ckpt = NULL, *tmp_other = NULL;
  g_autofree char *not_temp = NULL, *not_ours = NULL, *fresh = NULL, *born_path = NULL, *born_tmp = NULL;
  HlStoreLock *lock = NULL;
  HlTrainer *trainer;

  /* killed before its first checkpoint, mid-write: resume starts it over */
  born = hl_run_new (config);
  born_path = hl_store_path_for (f->store, born->id);
  born_tmp = g_strconcat (born_path, ".q1W2e3", NULL);
  g_assert_true (hl_run_save (born, born_path, &error));
  write_old (born_tmp, "{", -1);
  refresh (f);
  trainer = hl_store_resume_trainer (f->store, born->id, hl_plugin_registry_get_default (), &lock, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (born_tmp, G_FILE_TEST_EXISTS));
  hl_trainer_free (trainer);
  hl_store_unlock (lock);

  save (f, run);
  save (f, other);
  path = hl_store_path_for (f->store, "run-k");
  ckpt = hl_store_checkpoint_path_for (f->store, "run-k");
  tmp_record = g_strconcat (path, ".Ab12Cd", NULL);
  tmp_ckpt = g_strconcat (ckpt, ".xY98zZ", NULL);
  tmp_other = g_build_filename (f->dir, "run-k2.run.json.Ab12Cd", NULL);
  not_temp = g_strconcat (path, ".backup", NULL);
  not_ours = g_strconcat (path, ".Zz9Yy8", NULL);
  fresh = g_strconcat (path, ".F1r2S3", NULL);
  write_old (tmp_record, "{\n  \"format\": \"hyperlab-run\",\n  \"ver", -1);
  write_old (tmp_ckpt, "HLCKPT\r\n\1\0", 10);
  write_old (tmp_other, "{", -1);
  write_old (not_temp, "{\n  \"format\": \"hyperlab-run\"", -1);
  write_old (not_ours, "notes", -1);
  /* a write that may still be going on (the GUI's last one) */
  g_assert_true (g_file_set_contents (fresh, "{\n  \"format", -1, NULL));
  g_assert_true (hl_store_delete (f->store, "run-k", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (tmp_record, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (tmp_ckpt, G_FILE_TEST_EXISTS));
  /* another run's, a copy named by hand and a file we did not write stay */
  g_assert_true (g_file_test (tmp_other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (not_temp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (not_ours, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

/* A process killed mid-write, its run resumed at once (the half-written
 * copy too new then to be taken for a leftover) and finished: the final
 * save takes the copies with the sidecar; they outlived the run, a copy of
 * the record each (found by a QA pass). */
static void
test_final_save_leftovers (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-f", "f", HL_RUN_STATUS_INTERRUPTED, 5);
  g_autofree char *path = NULL, *ckpt = NULL, *tmp_record = NULL, *tmp_ckpt = NULL, *fresh = NULL;

  save (f, run);
  path = hl_store_path_for (f->store, "run-f");
  ckpt = hl_store_checkpoint_path_for (f->store, "run-f");
  tmp_record = g_strconcat (path, ".Ab12Cd", NULL);
  tmp_ckpt = g_strconcat (ckpt, ".xY98zZ", NULL);
  fresh = g_strconcat (path, ".F1r2S3", NULL);
  write_old (tmp_record, "{\n  \"format\": \"hyperlab-run\",\n  \"ver", -1);
  write_old (tmp_ckpt, "HLCKPT\r\n\1\0", 10);
  g_assert_true (g_file_set_contents (ckpt, "weights", -1, NULL));
  g_assert_true (g_file_set_contents (fresh, "{\n  \"format", -1, NULL));
  /* still resumable: its leftovers wait for the resume */
  save (f, run);
  g_assert_true (g_file_test (tmp_record, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (tmp_ckpt, G_FILE_TEST_EXISTS));
  run->status = HL_RUN_STATUS_COMPLETED;
  save (f, run);
  g_assert_false (g_file_test (ckpt, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (tmp_record, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (tmp_ckpt, G_FILE_TEST_EXISTS));
  /* a write that may still be going on stays */
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Deleting many runs at once (the Runs page's Select All, Delete): one
 * listing of the folder for all their leftovers, not one per run (3,000
 * runs took 6 s), and the runs that cannot go say why, each. */
static void
test_delete_many (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "run-m1", "nope", "run-m2", "bad/id" };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autofree char *tmp1 = NULL, *tmp2 = NULL, *tmp3 = NULL, *ckpt2 = NULL;

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-m%u", i);
      g_autoptr(HlRun) run = hl_test_make_run (id, "m", HL_RUN_STATUS_COMPLETED, 5);
      save (f, run);
    }
  tmp1 = g_build_filename (f->dir, "run-m1.run.json.Ab12Cd", NULL);
  ckpt2 = hl_store_checkpoint_path_for (f->store, "run-m2");
  tmp2 = g_strconcat (ckpt2, ".xY98zZ", NULL);
  tmp3 = g_build_filename (f->dir, "run-m3.run.json.Ab12Cd", NULL);
  write_old (tmp1, "{\n  \"format\": \"hyperlab-run\",\n  \"ver", -1);
  write_old (tmp2, "HLCKPT\r\n\1\0", 10);
  write_old (tmp3, "{\n  \"format\": \"hyperlab-run\",\n  \"ver", -1);
  refresh (f);
  g_assert_cmpuint (hl_store_delete_many (f->store, ids, G_N_ELEMENTS (ids), errors), ==, 2);
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_error ((GError *) errors->pdata[0], HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (((GError *) errors->pdata[0])->message, "nope"));
  g_assert_error ((GError *) errors->pdata[1], HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (tmp1, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (tmp2, G_FILE_TEST_EXISTS));
  /* a run not deleted keeps its files, leftovers too (it may be resumed) */
  g_assert_true (g_file_test (tmp3, G_FILE_TEST_EXISTS));
  g_assert_null (hl_store_lookup (f->store, "run-m1"));
  g_assert_null (hl_store_lookup (f->store, "run-m2"));
  g_assert_nonnull (hl_store_lookup (f->store, "run-m3"));
  refresh (f);
  g_assert_cmpstr (only_run (f)->id, ==, "run-m3");
  /* nothing to do, nothing done; errors may be NULL */
  g_assert_cmpuint (hl_store_delete_many (f->store, ids, 2, NULL), ==, 0);

  /* the file changed since the listing read it (another run copied over
   * it): read again, and not deleted */
  {
    const char *m3[] = { "run-m3" };
    g_autoptr(HlRun) intruder = hl_test_make_run ("run-x", "x", HL_RUN_STATUS_COMPLETED, 5);
    g_autofree char *m3_path = hl_store_path_for (f->store, "run-m3");
    g_autoptr(GError) error = NULL;

    g_assert_true (hl_run_save (intruder, m3_path, &error));
    g_assert_cmpuint (hl_store_delete_many (f->store, m3, 1, errors), ==, 0);
    g_assert_cmpuint (errors->len, ==, 3);
    g_assert_error ((GError *) errors->pdata[2], HL_RUN_ERROR, HL_RUN_ERROR_IO);
    g_assert_nonnull (strstr (((GError *) errors->pdata[2])->message, "holds another run"));
    g_assert_true (g_file_test (m3_path, G_FILE_TEST_EXISTS));
  }
}

/* The files the index does not know read ahead on a worker: begun on the
 * store's thread, read with the store gone meanwhile, put into the index
 * of a store, whose refresh then lists them; a file rewritten after the
 * worker read it is read again by the refresh. */
static void
test_scan_steps (Fixture *f, gconstpointer data)
{
  g_autoptr(HlStoreScan) scan = NULL;
  g_autoptr(HlStoreScan) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(HlRun) renamed = hl_test_make_run ("run-w0001", "renamed", HL_RUN_STATUS_COMPLETED, 5);
  g_autofree char *path = g_build_filename (f->dir, "run-w0001.run.json", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.json", NULL);

  hl_test_write_runs (f->dir, "run-w", 5);
  g_assert_true (g_file_set_contents (broken, "{", 1, NULL));
  scan = hl_store_scan_begin (f->store);
  g_assert_cmpuint (hl_store_scan_get_n_files (scan), ==, 6);
  hl_store_free (f->store);
  hl_store_scan_run (scan, NULL);
  g_assert_true (hl_run_save (renamed, path, &error));
  f->store = hl_store_new (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hl_store_scan_end (f->store, scan), ==, 6);
  refresh (f);
  list = hl_store_list (f->store);
  g_assert_cmpuint (list->len, ==, 5);
  g_assert_cmpstr (hl_store_lookup (f->store, "run-w0001")->name, ==, "renamed");
  g_assert_cmpstr (hl_store_lookup (f->store, "run-w0004")->name, ==, "run-w0004");
  g_assert_cmpuint (hl_store_get_problems (f->store)->len, ==, 1);
  /* known now: nothing to read */
  none = hl_store_scan_begin (f->store);
  g_assert_cmpuint (hl_store_scan_get_n_files (none), ==, 0);
}

/* A deletion in three steps, for a worker to remove the files: begun on
 * the store's thread, its files removed with the store gone meanwhile
 * (nothing of it is touched), ended on a store that lists the runs: only
 * the ones removed leave the listing, the others are reported. */
static void
test_deletion_steps (Fixture *f, gconstpointer data)
{
  const char *ids[] = { "run-s1", "run-s2", "run-none" };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(HlStoreDeletion) deletion = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *s1 = NULL, *s2 = NULL;
  HlStoreLock *lock;

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-s%u", i);
      g_autoptr(HlRun) run = hl_test_make_run (id, "s", HL_RUN_STATUS_COMPLETED, 5);
      save (f, run);
    }
  refresh (f);
  s1 = hl_store_path_for (f->store, "run-s1");
  s2 = hl_store_path_for (f->store, "run-s2");
  deletion = hl_store_deletion_begin (f->store, ids, G_N_ELEMENTS (ids));
  g_assert_true (g_file_test (s1, G_FILE_TEST_EXISTS));
  hl_store_free (f->store);
  /* run-s2 became live after the deletion began: it stays */
  lock = hl_store_lock_run_in (f->dir, "run-s2", &error);
  g_assert_no_error (error);
  hl_store_deletion_run (deletion);
  hl_store_unlock (lock);
  g_assert_false (g_file_test (s1, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (s2, G_FILE_TEST_EXISTS));
  f->store = hl_store_new (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (hl_store_refresh (f->store, &error));
  /* a listing from before the files went (as the GUI's may be) */
  {
    g_autoptr(HlRun) again = hl_test_make_run ("run-s1", "s", HL_RUN_STATUS_COMPLETED, 5);
    g_assert_true (hl_run_save (again, s1, &error));
    refresh (f);
    g_assert_true (g_unlink (s1) == 0);
  }
  g_assert_nonnull (hl_store_lookup (f->store, "run-s1"));
  g_assert_cmpuint (hl_store_deletion_end (f->store, deletion, errors), ==, 1);
  g_assert_null (hl_store_lookup (f->store, "run-s1"));
  g_assert_nonnull (hl_store_lookup (f->store, "run-s2"));
  g_assert_nonnull (hl_store_lookup (f->store, "run-s3"));
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_error ((GError *) errors->pdata[0], HL_RUN_ERROR, HL_RUN_ERROR_LOCKED);
  g_assert_error ((GError *) errors->pdata[1], HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND);
}

/* A run whose file is not named after its id (copied in by hand, or
 * imported under its own name): its leftovers are those of its file's
 * name, and deleting it, alone or with others, removes them.  They were
 * looked for under "<id>.run.json" once the run had left the index, and
 * stayed. */
static void
test_delete_leftovers_named (Fixture *f, gconstpointer data)
{
  const char *names[] = { "by-hand-a", "by-hand-b" };
  const char *ids[] = { "run-ha", "run-hb" };
  char *tmp[2] = { NULL, NULL }, *tmp_ckpt[2] = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(HlRun) run = hl_test_make_run (ids[i], "h", HL_RUN_STATUS_COMPLETED, 5);
      g_autofree char *file = g_strconcat (names[i], ".run.json", NULL);
      g_autofree char *path = g_build_filename (f->dir, file, NULL);
      g_autofree char *ckpt = NULL;

      g_assert_true (hl_run_save (run, path, &error));
      g_assert_no_error (error);
      ckpt = g_strconcat (f->dir, G_DIR_SEPARATOR_S, names[i], ".ckpt", NULL);   /* NAME.run.json -> NAME.ckpt */
      tmp[i] = g_strconcat (path, ".Ab12Cd", NULL);
      tmp_ckpt[i] = g_strconcat (ckpt, ".xY98zZ", NULL);
      write_old (tmp[i], "{\n  \"format\": \"hyperlab-run\",\n  \"ver", -1);
      write_old (tmp_ckpt[i], "HLCKPT\r\n\1\0", 10);
    }
  refresh (f);
  {
    g_autofree char *path = hl_store_path_for (f->store, "run-ha");
    g_assert_true (g_str_has_suffix (path, "by-hand-a.run.json"));
  }
  g_assert_true (hl_store_delete (f->store, "run-ha", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (tmp[0], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (tmp_ckpt[0], G_FILE_TEST_EXISTS));
  g_assert_cmpuint (hl_store_delete_many (f->store, ids + 1, 1, NULL), ==, 1);
  g_assert_false (g_file_test (tmp[1], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (tmp_ckpt[1], G_FILE_TEST_EXISTS));
  for (guint i = 0; i < 2; i++)
    {
      g_free (tmp[i]);
      g_free (tmp_ckpt[i]);
    }
}

static void
test_rename (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-n", "before", HL_RUN_STATUS_RUNNING, 5);
  g_autoptr(HlRun) back = NULL;
  g_autoptr(HlStore) other = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  save (f, run);
  refresh (f);
  g_assert_true (hl_store_rename (f->store, "run-n", "after", &error));
  g_assert_no_error (error);
  back = hl_run_load (run->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->config->name, ==, "after");
  g_assert_cmpint (back->status, ==, HL_RUN_STATUS_RUNNING);   /* status left as saved */
  g_assert_cmpuint (hl_metrics_len (&back->metrics), ==, 5);
  /* Another store instance with a warm index sees the change too. */
  other = hl_store_new (f->dir, &error);
  g_assert_true (hl_store_refresh (other, &error));
  list = hl_store_list (other);
  g_assert_cmpstr (((HlRunInfo *) list->pdata[0])->name, ==, "after");
  g_assert_false (hl_store_rename (f->store, "missing", "x", &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND);
}

/* A run kept under a file name of its own is written back to that file
 * however the store's folder is spelt ("dir/", "dir/./"): it used to be
 * saved a second time as <id>.run.json, a duplicate id (found by a review). */
static void
test_own_file_name (Fixture *f, gconstpointer data)
{
  static const char *const suffixes[] = { "/", "/./", "//" };
  g_autoptr(HlRun) run = hl_test_make_run ("run-own", "mine", HL_RUN_STATUS_COMPLETED, 3);
  g_autofree char *own = g_build_filename (f->dir, "my-experiment.run.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_run_save (run, own, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *spelt = g_strconcat (f->dir, suffixes[i], NULL);
      g_autoptr(HlStore) store = hl_store_new (spelt, &error);
      g_autoptr(HlRun) back = NULL;

      g_assert_no_error (error);
      g_assert_true (hl_store_refresh (store, &error));
      back = hl_run_load (hl_store_lookup (store, "run-own")->path, &error);
      g_assert_no_error (error);
      g_assert_true (hl_store_save (store, back, &error));
      g_assert_no_error (error);
      g_assert_true (hl_store_refresh (store, &error));
      g_assert_cmpuint (hl_store_get_problems (store)->len, ==, 0);
      g_assert_cmpstr (hl_store_lookup (store, "run-own")->path, ==, own);
    }
  {
    g_autofree char *by_id = g_build_filename (f->dir, "run-own.run.json", NULL);
    g_assert_false (g_file_test (by_id, G_FILE_TEST_EXISTS));
  }
}

typedef struct {
  HlStore *store;
  HlRun   *run;
  guint    writes;
  gint     done;
} WriterData;

static gpointer
writer_thread (gpointer user_data)
{
  WriterData *w = user_data;

  for (guint i = 0; i < w->writes; i++)
    g_assert_true (hl_store_write (w->store, w->run, NULL));
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

/* hl_store_write may run on a worker while the owner thread refreshes the
 * listing (the GUI saves a finished run that way): it must not read the
 * listing, whose entries the refresh frees.  A race: ASan makes it certain. */
static void
test_write_on_worker (Fixture *f, gconstpointer data)
{
  g_autoptr(HlRun) run = hl_test_make_run ("run-w", "w", HL_RUN_STATUS_COMPLETED, 5);
  g_autoptr(HlRun) mine = NULL;
  WriterData w = { f->store, NULL, 1000, 0 };
  GThread *thread;

  save (f, run);
  mine = hl_run_copy (run);
  w.run = run;
  thread = g_thread_new ("writer", writer_thread, &w);
  while (!g_atomic_int_get (&w.done))
    {
      refresh (f);
      hl_store_note_saved (f->store, mine);
    }
  g_thread_join (thread);
  refresh (f);
  g_assert_cmpstr (only_run (f)->id, ==, "run-w");
}

void hl_test_add_store_bad_files (void);
void hl_test_add_store_scale (void);
void hl_test_add_store_resume (void);
void hl_test_add_store_i18n (void);
void hl_test_add_store_save_cause (void);

/* A new run whose id is taken in the store (same second, same 16 random
 * bits) gets another before its first write: the second run overwrote the
 * first (found by a review). */
static void
test_claim_new_id (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) first = hl_test_make_run ("20261127-030000-1234", "first", HL_RUN_STATUS_COMPLETED, 3);
  g_autoptr(HlRun) second = hl_test_make_run ("20261127-030000-1234", "second", HL_RUN_STATUS_RUNNING, 0);
  g_autoptr(HlRun) third = hl_test_make_run ("20261127-030000-abcd", "third", HL_RUN_STATUS_RUNNING, 0);

  HlStoreLock *lock, *held, *lock3;
  g_autoptr(HlRun) fourth = hl_test_make_run ("20261127-030000-beef", "fourth", HL_RUN_STATUS_RUNNING, 0);

  g_assert_true (hl_store_save (f->store, first, &error));
  lock = hl_store_claim_new_id (f->store, second, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
  g_assert_cmpstr (second->id, !=, "20261127-030000-1234");
  g_assert_true (hl_store_is_run_alive (f->store, second->id));   /* claimed by its lock */
  lock3 = hl_store_claim_new_id (f->store, third, &error);   /* free: kept */
  g_assert_cmpstr (third->id, ==, "20261127-030000-abcd");
  /* an id another process is starting (its lock held, no file yet) is taken too */
  held = hl_store_lock_run (f->store, "20261127-030000-beef", &error);
  g_assert_nonnull (held);
  hl_store_unlock (hl_store_claim_new_id (f->store, fourth, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fourth->id, !=, "20261127-030000-beef");
  hl_store_unlock (held);
  hl_store_unlock (lock3);
  hl_store_unlock (lock);
}

/* Repeat… on a replicate: its seeds' names replace the old seed, they do
 * not pile up ("… (seed 44) (seed 46)"; found by a GUI QA pass). */
static void
test_replicate_names (void)
{
  static const struct { const char *name; const char *first; } cases[] = {
    { "spiral lr 0.3", "spiral lr 0.3 (seed 46)" },
    { "spiral lr 0.3 (seed 44)", "spiral lr 0.3 (seed 46)" },
    { "spiral (seed 4x)", "spiral (seed 4x) (seed 46)" },
    { "(seed 1) spiral", "(seed 1) spiral (seed 46)" },
    { "", "run (seed 46)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HlConfig) config = hl_config_new ();
      g_autoptr(GPtrArray) copies = NULL;
      g_autofree char *group = NULL;

      g_free (config->name);
      config->name = g_strdup (cases[i].name);
      config->seed = 46;
      copies = hl_store_replicate_configs (config, 2, &group);
      g_assert_cmpstr (((HlConfig *) copies->pdata[0])->name, ==, cases[i].first);
      g_assert_cmpuint (((HlConfig *) copies->pdata[1])->seed, ==, 47);
      g_assert_true (g_str_has_prefix (group, "group-"));
    }
  g_assert_cmpint (hl_store_replicate_suffix ("a (seed 12)"), ==, 1);
  g_assert_cmpint (hl_store_replicate_suffix ("a (seed )"), ==, -1);
  g_assert_cmpint (hl_store_replicate_suffix ("a (seed 1) b"), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/replicate-names", test_replicate_names);
  g_test_add ("/store/save-load", Fixture, NULL, fixture_setup, test_save_load, fixture_teardown);
  g_test_add ("/store/unnamed-listed", Fixture, NULL, fixture_setup, test_unnamed_listed, fixture_teardown);
  g_test_add ("/store/save-load/exponent-numbers", Fixture, NULL, fixture_setup, test_save_exponent_numbers, fixture_teardown);
  g_test_add ("/store/atomic/crash-before-rename", Fixture, NULL, fixture_setup, test_atomic_crash, fixture_teardown);
  g_test_add ("/store/interrupted/no-lock", Fixture, NULL, fixture_setup, test_interrupted_no_lock, fixture_teardown);
  g_test_add ("/store/interrupted/fifo-lock", Fixture, NULL, fixture_setup, test_interrupted_fifo_lock, fixture_teardown);
  g_test_add ("/store/interrupted/live-lock", Fixture, NULL, fixture_setup, test_interrupted_live_lock, fixture_teardown);
  g_test_add ("/store/interrupted/killed", Fixture, NULL, fixture_setup, test_interrupted_killed, fixture_teardown);
  g_test_add ("/store/delete", Fixture, NULL, fixture_setup, test_delete, fixture_teardown);
  g_test_add ("/store/delete/leftovers", Fixture, NULL, fixture_setup, test_delete_leftovers, fixture_teardown);
  g_test_add ("/store/save/final-leftovers", Fixture, NULL, fixture_setup, test_final_save_leftovers, fixture_teardown);
  g_test_add ("/store/delete/many", Fixture, NULL, fixture_setup, test_delete_many, fixture_teardown);
  g_test_add ("/store/scan-steps", Fixture, NULL, fixture_setup, test_scan_steps, fixture_teardown);
  g_test_add ("/store/delete/steps", Fixture, NULL, fixture_setup, test_deletion_steps, fixture_teardown);
  g_test_add ("/store/delete/leftovers-named", Fixture, NULL, fixture_setup, test_delete_leftovers_named,
              fixture_teardown);
  g_test_add ("/store/rename", Fixture, NULL, fixture_setup, test_rename, fixture_teardown);
  g_test_add ("/store/own-file-name", Fixture, NULL, fixture_setup, test_own_file_name, fixture_teardown);
  g_test_add ("/store/claim-new-id", Fixture, NULL, fixture_setup, test_claim_new_id, fixture_teardown);
  g_test_add ("/store/write-on-worker", Fixture, NULL, fixture_setup, test_write_on_worker, fixture_teardown);
  hl_test_add_store_bad_files ();
  hl_test_add_store_scale ();
  hl_test_add_store_resume ();
  hl_test_add_store_i18n ();
  hl_test_add_store_save_cause ();
  return g_test_run ();
}
