/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store-ops.c - run store operations that write: atomic save, load,
 * delete (run, sidecar and lock) and rename.  A file that cannot be read as
 * the same run is never overwritten or removed. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hl-checkpoint.h"
#include "hl-error.h"
#include "hl-store-private.h"

static gboolean
write_all (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static void
sync_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Write, sync, then rename over the old file, the way
 * g_file_set_contents_full (G_FILE_SET_CONTENTS_CONSISTENT) does, with a test
 * hook between the write and the rename.  A crash at any point leaves either
 * the old or the new file, never a mix. */
gboolean
hl_store_write_atomic (HlStore *self, const char *path, const char *data,
                       gsize length, GError **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  int saved;

  if (fd < 0)
    goto fail;
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      errno = saved;
      goto fail;
    }
  close (fd);
  if (self->save_hook != NULL)
    self->save_hook (tmp, self->save_hook_data);
  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      errno = saved;
      goto fail;
    }
  sync_dir (path);
  return TRUE;

fail:
  saved = errno;
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO, "%s: cannot write: %s", path, g_strerror (saved));
  return FALSE;
}

/* An existing file may be replaced only by a newer version of the same run. */
/* index: the store's, to skip reading a file the listing read unchanged,
 * or NULL (hl_store_write runs on other threads, and the index is the
 * store's thread's). */
static gboolean
check_overwritable (GHashTable *index, const char *path, const char *id, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(HlRunInfo) info = NULL;
  g_autofree char *name = g_path_get_basename (path);
  const HlStoreEntry *entry = index != NULL ? g_hash_table_lookup (index, name) : NULL;
  struct stat st;

  if (g_stat (path, &st) != 0)
    return TRUE;
  /* the listing read this very file (same size, time and inode): reading
   * it again for each of 3,000 runs deleted took seconds */
  if (entry != NULL && entry->info != NULL && hl_store_entry_matches (entry, &st)
      && g_strcmp0 (entry->info->id, id) == 0)
    return TRUE;
  info = hl_store_scan_file (path, &local);
  if (info == NULL)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                   "%s: not overwritten, it is not a readable run (%s)", path, local->message);
      return FALSE;
    }
  if (g_strcmp0 (info->id, id) != 0)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                   "%s: not overwritten, it holds another run (%s)", path, info->id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_run (HlStore *self, HlRun *run, const char *path, GError **error)
{
  gsize length = 0;
  g_autofree char *data = hl_run_to_data (run, &length);

  if (!hl_store_write_atomic (self, path, data, length, error))
    return FALSE;
  if (g_strcmp0 (run->path, path) != 0)
    {
      g_free (run->path);
      run->path = g_strdup (path);
    }
  return TRUE;
}

static void
remove_info (HlStore *self, const char *id)
{
  HlRunInfo *info = g_hash_table_lookup (self->by_id, id);

  if (info == NULL)
    return;
  g_hash_table_remove (self->by_id, id);
  g_ptr_array_remove (self->list, info);
}

/* Keeps the listing in step with a write, without a rescan. */
static void
update_info (HlStore *self, const HlRun *run, const char *path)
{
  HlRunInfo *info = hl_run_info_from_run (run, path);

  if (info->saved_status == HL_RUN_STATUS_RUNNING && !hl_store_is_run_alive (self, info->id))
    info->status = HL_RUN_STATUS_INTERRUPTED;
  remove_info (self, info->id);
  g_ptr_array_insert (self->list, 0, info);
  g_hash_table_insert (self->by_id, info->id, info);
}

static gboolean
check_exists (HlStore *self, const char *id, const char *path, GError **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND,
               "no run “%s” in the run store %s", id, self->dir);
  return FALSE;
}

static gboolean
check_not_alive (HlStore *self, const char *id, GError **error)
{
  if (!hl_store_is_run_alive (self, id))
    return TRUE;
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED,
               "run %s is being trained right now; stop it first", id);
  return FALSE;
}

static gboolean
check_valid_id (const char *id, GError **error)
{
  if (hl_store_id_is_valid (id))
    return TRUE;
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND, "invalid run id “%s”", id ? id : "");
  return FALSE;
}

/* Not hl_store_path_for: hl_store_write may run on a worker, and the
 * listing belongs to the owner thread (a refresh frees its entries).  A run
 * that came from the store knows its file; any other goes to "<id>.run.json". */
static char *
file_for_run (HlStore *self, const HlRun *run)
{
  g_autofree char *parent = run->path != NULL ? g_path_get_dirname (run->path) : NULL;
  g_autofree char *dir = parent != NULL ? g_canonicalize_filename (parent, NULL) : NULL;
  g_autofree char *name = NULL;

  if (dir != NULL && g_strcmp0 (dir, self->dir) == 0)
    return g_strdup (run->path);
  name = g_strconcat (run->id, HL_STORE_RUN_SUFFIX, NULL);
  return g_build_filename (self->dir, name, NULL);
}

gboolean
hl_store_write (HlStore *self, HlRun *run, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (self != NULL && run != NULL, FALSE);
  if (!check_valid_id (run->id, error))
    return FALSE;
  path = file_for_run (self, run);
  if (!check_overwritable (NULL, path, run->id, error) || !write_run (self, run, path, error))
    return FALSE;
  /* a run that has ended is not resumed: its sidecar goes once the final
   * record is written (after a first final save failed, it stayed forever) */
  if (run->status != HL_RUN_STATUS_RUNNING && run->status != HL_RUN_STATUS_CANCELLED
      && run->status != HL_RUN_STATUS_INTERRUPTED)
    {
      g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
      g_unlink (ckpt);
    }
  return TRUE;
}

void
hl_store_note_saved (HlStore *self, const HlRun *run)
{
  g_autofree char *path = NULL;

  g_return_if_fail (self != NULL && run != NULL);
  path = hl_store_path_for (self, run->id);
  update_info (self, run, path);
}

gboolean
hl_store_save (HlStore *self, HlRun *run, GError **error)
{
  if (!hl_store_write (self, run, error))
    return FALSE;
  hl_store_note_saved (self, run);
  return TRUE;
}

HlRun *
hl_store_load (HlStore *self, const char *id, GError **error)
{
  g_autofree char *path = NULL;
  HlRun *run;

  if (!check_valid_id (id, error))
    return NULL;
  path = hl_store_path_for (self, id);
  if (!check_exists (self, id, path, error) || (run = hl_run_load (path, error)) == NULL)
    return NULL;
  if (run->status == HL_RUN_STATUS_RUNNING && !hl_store_is_run_alive (self, id))
    run->status = HL_RUN_STATUS_INTERRUPTED;
  if (run->path == NULL)
    run->path = g_strdup (path);
  return run;
}

static void
unlink_if_exists (const char *path)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("%s: not removed: %s", path, g_strerror (errno));
}

/* "<base>.XXXXXX", the name g_mkstemp and g_file_set_contents give a new
 * file before renaming it over base: six letters and digits drawn at
 * random, so not a word ("x.run.json.backup" is someone's copy). */
static gboolean
is_temp_name_of (const char *name, const char *base)
{
  const gsize n = strlen (base);
  gboolean digit = FALSE, upper = FALSE, lower = FALSE;

  if (strncmp (name, base, n) != 0 || name[n] != '.' || strlen (name + n + 1) != 6)
    return FALSE;
  for (const char *p = name + n + 1; *p; p++)
    {
      if (!g_ascii_isalnum (*p))
        return FALSE;
      digit = digit || g_ascii_isdigit (*p);
      upper = upper || g_ascii_isupper (*p);
      lower = lower || g_ascii_islower (*p);
    }
  return digit || (upper && lower);
}

/* Seconds a leftover must have been left alone: a write still in flight
 * (another process's, one that holds no lock such as `export-csv`, or a
 * writer of another Hyperlab version) is not taken for one. */
#define LEFTOVER_AGE_S 30

/* And it is a regular file, untouched for a while, holding the start of
 * what we write there (possibly nothing yet): a run record, a checkpoint. */
static gboolean
is_leftover (const char *path, const char *signature)
{
  char head[64];
  gssize n;
  struct stat st;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);

  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)
      || (gint64) st.st_mtime > g_get_real_time () / G_USEC_PER_SEC - LEFTOVER_AGE_S)
    {
      close (fd);
      return FALSE;
    }
  n = read (fd, head, MIN (sizeof head, strlen (signature)));
  close (fd);
  return n >= 0 && memcmp (head, signature, (gsize) n) == 0;
}

/* Removes the leftovers of the runs in `bases` (record and checkpoint file
 * names of each, mapped to TRUE for a record) with one listing of the
 * folder: a listing per run made deleting 3,000 runs take 6 s. */
static void
remove_leftovers_of (HlStore *self, GHashTable *bases)
{
  g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const gsize len = strlen (name);
      g_autofree char *base = NULL;
      gpointer record;
      g_autofree char *leftover = NULL;

      /* a temporary file is "<base>.XXXXXX" */
      if (len < 8 || name[len - 7] != '.')
        continue;
      base = g_strndup (name, len - 7);
      if (!g_hash_table_lookup_extended (bases, base, NULL, &record) || !is_temp_name_of (name, base))
        continue;
      leftover = g_build_filename (self->dir, name, NULL);
      if (is_leftover (leftover, GPOINTER_TO_INT (record) ? "{\n  \"format\": \"" HL_RUN_FORMAT "\"" : "HLCKPT\r\n"))
        unlink_if_exists (leftover);
    }
}

/* path: the run's file, whose name its leftovers carry (not always the
 * id's: a run copied in by hand keeps its file's name). */
static void
add_bases (GHashTable *bases, const char *path)
{
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);

  g_hash_table_insert (bases, g_path_get_basename (path), GINT_TO_POINTER (TRUE));
  g_hash_table_insert (bases, g_path_get_basename (ckpt), GINT_TO_POINTER (FALSE));
}

void
hl_store_remove_leftovers (HlStore *self, const char *id)
{
  g_autoptr(GHashTable) bases = NULL;

  if (!hl_store_id_is_valid (id))
    return;
  bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    g_autofree char *path = hl_store_path_for (self, id);
    add_bases (bases, path);
  }
  remove_leftovers_of (self, bases);
}

/* A run's files but its leftovers, whose names go into bases (taken
 * while the index still knows the run's file); TRUE when it is gone. */
static gboolean
delete_files (HlStore *self, const char *id, GHashTable *bases, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *ckpt = NULL;
  g_autofree char *ckpt_by_id = NULL;
  g_autofree char *lock = NULL;
  g_autofree char *lock_name = g_strconcat (id ? id : "", ".lock", NULL);
  g_autofree char *ckpt_name = g_strconcat (id ? id : "", ".ckpt", NULL);

  if (!check_valid_id (id, error))
    return FALSE;
  path = hl_store_path_for (self, id);
  if (!check_exists (self, id, path, error) || !check_not_alive (self, id, error) ||
      !check_overwritable (self->index, path, id, error))
    return FALSE;
  if (g_unlink (path) != 0)
    {
      int saved = errno;
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO, "%s: cannot remove: %s", path, g_strerror (saved));
      return FALSE;
    }
  ckpt = hl_checkpoint_path_for_run (path);
  ckpt_by_id = g_build_filename (self->dir, ckpt_name, NULL);
  lock = g_build_filename (self->dir, lock_name, NULL);
  unlink_if_exists (ckpt);
  unlink_if_exists (ckpt_by_id);
  unlink_if_exists (lock);
  add_bases (bases, path);
  remove_info (self, id);
  return TRUE;
}

gboolean
hl_store_delete (HlStore *self, const char *id, GError **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  if (hl_store_delete_many (self, &id, 1, errors) == 1)
    return TRUE;
  g_propagate_error (error, g_ptr_array_steal_index (errors, 0));
  return FALSE;
}

guint
hl_store_delete_many (HlStore *self, const char *const *ids, guint n, GPtrArray *errors)
{
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint deleted = 0;

  for (guint i = 0; i < n; i++)
    {
      GError *error = NULL;

      if (!delete_files (self, ids[i], bases, &error))
        {
          if (errors != NULL)
            g_ptr_array_add (errors, error);
          else
            g_error_free (error);
          continue;
        }
      deleted++;
    }
  /* a kill -9 mid-write left a copy of the record (megabytes) that no
   * listing shows and that outlived the run (found by a QA pass) */
  if (deleted > 0)
    remove_leftovers_of (self, bases);
  return deleted;
}

gboolean
hl_store_rename (HlStore *self, const char *id, const char *name, GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr(HlRun) run = NULL;

  if (!check_valid_id (id, error))
    return FALSE;
  path = hl_store_path_for (self, id);
  if (!check_exists (self, id, path, error) || !check_not_alive (self, id, error))
    return FALSE;
  /* hl_run_load, not hl_store_load: the saved status is written back as it was. */
  if ((run = hl_run_load (path, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (run->id, id) != 0)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT,
                   "%s: holds run %s, not %s", path, run->id, id);
      return FALSE;
    }
  g_free (run->config->name);
  run->config->name = g_strdup (name ? name : "");
  if (!write_run (self, run, path, error))
    return FALSE;
  update_info (self, run, path);
  return TRUE;
}
