/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-util.c - helpers shared by the run store and runs UI tests. */
#include <math.h>
#include <glib/gstdio.h>
#include "test-store-util.h"

HlRun *
hl_test_make_run (const char *id, const char *name, HlRunStatus status, guint n_points)
{
  g_autoptr(HlConfig) config = hl_config_new ();
  double k = 1.0 + (g_str_hash (id) % 7) / 10.0;
  HlRun *run;

  g_free (config->name);
  config->name = g_strdup (name);
  run = hl_run_new (config);
  g_free (run->id);
  run->id = g_strdup (id);
  run->status = status;
  for (guint i = 0; i < n_points; i++)
    {
      double loss = k / (1.0 + 0.05 * i);
      hl_metrics_append (&run->metrics, (guint64) (i + 1) * 10, (i + 1) / 10.0, 0.01,
                         loss, loss * 1.1, 1.0 - loss / 4.0);
    }
  run->summary.best_val_loss = k * 0.5;
  run->summary.best_step = n_points * 10;
  run->summary.test_loss = k * 0.55;
  run->summary.test_accuracy = 1.0 - k / 4.0;
  run->summary.steps = n_points * 10;
  run->summary.seconds = 1.5 * k;
  if (status != HL_RUN_STATUS_RUNNING)
    run->finished = run->created + 1000;
  return run;
}

void
hl_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        hl_test_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
hl_test_write_runs (const char *dir, const char *prefix, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s%04u", prefix, i);
      g_autofree char *name = g_strconcat (id, ".run.json", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(HlRun) run = hl_test_make_run (id, id, HL_RUN_STATUS_COMPLETED, 5);
      g_autoptr(GError) error = NULL;
      gsize length = 0;
      g_autofree char *data = hl_run_to_data (run, &length);

      g_file_set_contents (path, data, (gssize) length, &error);
      g_assert_no_error (error);
    }
}
