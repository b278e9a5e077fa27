/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store-import.c - copies run files from elsewhere (results brought back
 * from other machines) into the store.  Each file is checked first; files
 * that are not runs are reported, never copied. */
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>
#include "hl-checkpoint.h"
#include "hl-error.h"
#include "hl-store-private.h"

static void
report (GPtrArray *problems, const char *path, GError *error)
{
  HlStoreProblem *problem;

  if (problems == NULL)
    {
      g_error_free (error);
      return;
    }
  problem = g_new0 (HlStoreProblem, 1);
  problem->path = g_strdup (path);
  problem->error = error;
  g_ptr_array_add (problems, problem);
}

static gboolean
copy_file (HlStore *self, const char *from, const char *to, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (from, &data, &length, error))
    return FALSE;
  return hl_store_write_atomic (self, to, data, length, error);
}

static gboolean
same_contents (const char *a, const char *b)
{
  g_autofree char *x = NULL, *y = NULL;
  gsize nx = 0, ny = 0;

  return g_file_get_contents (a, &x, &nx, NULL) && g_file_get_contents (b, &y, &ny, NULL) &&
         nx == ny && memcmp (x, y, nx) == 0;
}

/* One file: 1 when copied, 0 when skipped (reported unless identical). */
static guint
import_file (HlStore *self, const char *path, GPtrArray *problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRunInfo) info = hl_store_scan_file (path, NULL, &error);
  g_autofree char *dest = NULL, *name = NULL, *ckpt = NULL, *dest_ckpt = NULL;

  if (info == NULL)
    {
      report (problems, path, hl_store_problem_error (path, error));
      return 0;
    }
  if (!hl_store_id_is_valid (info->id))
    {
      report (problems, path, g_error_new (HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT,
                                           /* TRANSLATORS: a file name, then the id it holds */
                                           _("%s: invalid run id “%s”"), path, info->id));
      return 0;
    }
  name = g_strconcat (info->id, HL_STORE_RUN_SUFFIX, NULL);
  dest = g_build_filename (self->dir, name, NULL);
  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      if (!same_contents (path, dest))
        report (problems, path, g_error_new (HL_RUN_ERROR, HL_RUN_ERROR_IO,
                                             /* TRANSLATORS: a file name, then a run id */
                                             _("%s: a different run with id %s is already in the store"),
                                             path, info->id));
      return 0;
    }
  if (!copy_file (self, path, dest, &error))
    {
      report (problems, path, g_steal_pointer (&error));
      return 0;
    }
  /* Named as the trainer names it, so that a resume finds it. */
  ckpt = hl_checkpoint_path_for_run (path);
  dest_ckpt = hl_checkpoint_path_for_run (dest);
  if (g_file_test (ckpt, G_FILE_TEST_IS_REGULAR) && !copy_file (self, ckpt, dest_ckpt, &error))
    report (problems, ckpt, g_steal_pointer (&error));
  return 1;
}

guint
hl_store_import (HlStore *self, const char *path, GPtrArray *problems)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  guint count = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return import_file (self, path, problems);
  if ((dir = g_dir_open (path, 0, &error)) == NULL)
    {
      report (problems, path, g_error_new (HL_RUN_ERROR, HL_RUN_ERROR_IO, "%s", error->message));
      return 0;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (hl_store_is_candidate_name (name))
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, hl_store_compare_strings);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
      count += import_file (self, names->pdata[i], problems);
  return count;
}
