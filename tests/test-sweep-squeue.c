/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-squeue.c - the listing of SLURM sweeps whose controller went
 * before their job ended, against a stand-in squeue on the PATH that logs
 * each call: one squeue for all their jobs (not one per record, each of
 * which may wait 10 s on a hung slurmctld), the jobs it lists training,
 * and the others (or all, when squeue fails or is missing) continuable. */
#include <string.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "test-store-util.h"
#include "test-sweep.h"

#define SWEEP_TEXT \
  "{\"format\": \"hyperlab-sweep\", \"version\": 1, \"name\": \"%s\", \"base\": \"base.hyperlab.json\"," \
  " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1]}}}"

/* A record of a SLURM sweep (job NULL: a local one) whose controller died. */
static char *
left_record (HlStore *store, const char *name, const char *job)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf (SWEEP_TEXT, name);
  g_autoptr(HlSweep) sweep = test_sweep_load (text, &error);

  g_assert_no_error (error);
  g_assert_true (hl_sweep_record_create (sweep, store, &error));
  sweep->slurm = job != NULL;
  sweep->slurm_job = g_strdup (job);
  g_assert_true (hl_sweep_record_save (sweep, &error));
  g_assert_no_error (error);
  g_clear_pointer (&sweep->record_lock, hl_store_unlock);
  return g_strdup (sweep->id);
}

static const HlSweepRecordInfo *
info_named (GPtrArray *list, const char *name)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((HlSweepRecordInfo *) list->pdata[i])->name, name) == 0)
      return list->pdata[i];
  g_assert_not_reached ();
}

/* The calls the stand-in logged, one a line ("-h -j 101,102 -o %F"). */
static char **
calls (const char *log)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (log, &text, NULL, NULL))
    return g_new0 (char *, 1);
  g_strchomp (text);
  return *text != '\0' ? g_strsplit (text, "\n", -1) : g_new0 (char *, 1);
}

static void
test_list_one_squeue (void)
{
  g_autofree char *dir = g_build_filename (test_sweep_tmp_dir (), "squeue-store", NULL);
  g_autofree char *bin = g_build_filename (test_sweep_tmp_dir (), "squeue-bin", NULL);
  g_autofree char *fake = g_build_filename (bin, "squeue", NULL);
  g_autofree char *log = g_build_filename (test_sweep_tmp_dir (), "squeue.log", NULL);
  g_autofree char *path = g_strdup (g_getenv ("PATH"));
  g_autofree char *fake_path = g_strconcat (bin, ":", path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_auto(GStrv) logged = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *local_id = NULL;

  hl_test_rm_rf (dir);
  store = hl_store_new (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
  /* as SLURM 22.05's: with several ids, those it knows, one line per task
   * (%F: the array's job id); SQUEUE_EXIT=1 fails as a hung controller's */
  g_assert_true (g_file_set_contents (fake, "#!/bin/sh\n"
                                      "echo \"$*\" >> \"$SQUEUE_LOG\"\n"
                                      "if [ \"${SQUEUE_EXIT:-0}\" != 0 ]; then\n"
                                      "  echo 'squeue: error: Socket timed out on send/recv operation' >&2\n"
                                      "  exit 1\nfi\n"
                                      "for j in $SQUEUE_QUEUED; do echo \"$j\"; echo \"$j\"; done\n", -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
  g_setenv ("SQUEUE_LOG", log, TRUE);
  g_setenv ("SQUEUE_QUEUED", "101 103", TRUE);
  g_setenv ("PATH", fake_path, TRUE);

  g_free (left_record (store, "job 101", "101"));
  g_free (left_record (store, "job 102", "102"));
  g_free (left_record (store, "job 103", "103"));
  local_id = left_record (store, "local", NULL);
  list = hl_sweep_record_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  /* one squeue, for the three jobs */
  logged = calls (log);
  g_assert_cmpuint (g_strv_length (logged), ==, 1);
  args = g_strsplit (logged[0], " ", -1);
  g_assert_cmpuint (g_strv_length (args), ==, 5);
  g_assert_cmpstr (args[0], ==, "-h");
  g_assert_cmpstr (args[1], ==, "-j");
  ids = g_strsplit (args[2], ",", -1);
  g_assert_cmpuint (g_strv_length (ids), ==, 3);
  g_assert_true (g_strv_contains ((const char *const *) ids, "101"));
  g_assert_true (g_strv_contains ((const char *const *) ids, "102"));
  g_assert_true (g_strv_contains ((const char *const *) ids, "103"));
  g_assert_true (info_named (list, "job 101")->running);
  g_assert_false (info_named (list, "job 102")->running);
  g_assert_true (info_named (list, "job 103")->running);
  g_assert_false (info_named (list, "local")->running);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_pointer (&logged, g_strfreev);

  /* squeue fails: once, and every sweep can be continued (Continue asks again) */
  g_unlink (log);
  g_setenv ("SQUEUE_EXIT", "1", TRUE);
  list = hl_sweep_record_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  logged = calls (log);
  g_assert_cmpuint (g_strv_length (logged), ==, 1);
  for (guint i = 0; i < list->len; i++)
    g_assert_false (((HlSweepRecordInfo *) list->pdata[i])->running);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_pointer (&logged, g_strfreev);
  g_unsetenv ("SQUEUE_EXIT");

  /* no squeue at all: listed the same */
  g_setenv ("PATH", "/nonexistent", TRUE);
  list = hl_sweep_record_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  for (guint i = 0; i < list->len; i++)
    g_assert_false (((HlSweepRecordInfo *) list->pdata[i])->running);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* no SLURM sweep with a job: squeue is not asked */
  g_setenv ("PATH", fake_path, TRUE);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GPtrArray) l = hl_sweep_record_list (store, NULL);
      for (guint k = 0; k < l->len; k++)
        {
          const HlSweepRecordInfo *info = l->pdata[k];
          if (!g_str_equal (info->id, local_id))
            {
              g_assert_true (hl_sweep_record_forget (store, info->id, &error));
              g_assert_no_error (error);
              break;
            }
        }
    }
  g_unlink (log);
  list = hl_sweep_record_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  logged = calls (log);
  g_assert_cmpuint (g_strv_length (logged), ==, 0);

  g_setenv ("PATH", path, TRUE);
  g_unsetenv ("SQUEUE_LOG");
  g_unsetenv ("SQUEUE_QUEUED");
}

void
test_sweep_squeue_add_tests (void)
{
  g_test_add_func ("/sweep/resume/list-slurm-one-squeue", test_list_one_squeue);
}
