/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store-ops.c - run store operations that write: atomic save, load,
 * delete (run, sidecar and lock) and rename.  A file that cannot be read as
 * the same run is never overwritten or removed. */
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hl-checkpoint.h"
#include "hl-config-private.h"
#include "hl-error.h"
#include "hl-store-private.h"

/* Written, synced, then renamed over the old file, with the store's test
 * hook between the write and the rename.  A crash at any point leaves
 * either the old or the new file, never a mix. */
gboolean
hl_store_write_atomic (HlStore *self, const char *path, const char *data,
                       gsize length, GError **error)
{
  const HlWriteOptions options = { 0644, TRUE, self->save_hook,
                                   self->save_hook_data };

  return hl_file_write_atomic (path, data, length, &options, HL_RUN_ERROR, HL_RUN_ERROR_IO, error);
}

/* An existing file may be replaced only by a newer version of the same run. */
/* known: what the store's listing read of this file when it held run id
 * (size, time and inode; its info unused), to skip reading it again, or
 * NULL (hl_store_write runs on other threads, and the index is the store's
 * thread's: a deletion takes its entries along from there). */
static gboolean
check_overwritable (const HlStoreEntry *known, const char *path, const char *id, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(HlRunInfo) info = NULL;
  struct stat st;

  if (g_stat (path, &st) != 0)
    return TRUE;
  /* the listing read this very file (same size, time and inode): reading
   * it again for each of 3,000 runs deleted took seconds */
  if (known != NULL && hl_store_entry_matches (known, &st))
    return TRUE;
  info = hl_store_scan_file (path, NULL, &local);
  if (info == NULL)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                   _("%s: not overwritten, it is not a readable run (%s)"), path, local->message);
      return FALSE;
    }
  if (g_strcmp0 (info->id, id) != 0)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                   _("%s: not overwritten, it holds another run (%s)"), path, info->id);
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
check_exists_in (const char *dir, const char *id, const char *path, GError **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND,
               _("no run “%s” in the run store %s"), id, dir);
  return FALSE;
}

static gboolean
check_exists (HlStore *self, const char *id, const char *path, GError **error)
{
  return check_exists_in (self->dir, id, path, error);
}

static gboolean
check_not_alive_in (const char *dir, const char *id, GError **error)
{
  if (!hl_store_is_run_alive_in (dir, id))
    return TRUE;
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED,
               _("run %s is being trained right now; stop it first"), id);
  return FALSE;
}

static gboolean
check_not_alive (HlStore *self, const char *id, GError **error)
{
  return check_not_alive_in (self->dir, id, error);
}

static void remove_leftovers_of (const char *folder, GHashTable *bases);
static void add_bases (GHashTable *bases, const char *path);

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
  if (!hl_store_check_id (run->id, error))
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
      g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      g_unlink (ckpt);
      /* and so do the half-written copies of a process killed mid-write:
       * resumed at once (the copy too new to be taken for a leftover then),
       * the run finished and they stayed, a copy of the record each, for
       * as long as the run (found by a QA pass) */
      add_bases (bases, path);
      remove_leftovers_of (self->dir, bases);
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

  if (!hl_store_check_id (id, error))
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
remove_leftovers_of (const char *folder, GHashTable *bases)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
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
      leftover = g_build_filename (folder, name, NULL);
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
  remove_leftovers_of (self->dir, bases);
}

/* One run of a deletion: what the store's thread knew of it when the
 * deletion began, and how its removal went. */
typedef struct {
  char         *id;
  char         *path;      /* its record, as listed (NULL: invalid id) */
  HlStoreEntry  known;     /* size, time, inode the listing read (info unused) */
  gboolean      is_known;
  gboolean      deleted;
  GError       *error;
} HlDeletionRun;

struct _HlStoreDeletion {
  char              *dir;
  GArray            *runs;   /* HlDeletionRun */
  HlStoreDeleteHook  hook;
  gpointer           hook_data;
  gboolean           done;
};

static void
deletion_run_clear (gpointer data)
{
  HlDeletionRun *run = data;

  g_free (run->id);
  g_free (run->path);
  g_clear_error (&run->error);
}

void
hl_store_deletion_free (HlStoreDeletion *deletion)
{
  if (deletion == NULL)
    return;
  g_array_unref (deletion->runs);
  g_free (deletion->dir);
  g_free (deletion);
}

void
hl_store_set_delete_hook (HlStore *self, HlStoreDeleteHook hook, gpointer user_data)
{
  self->delete_hook = hook;
  self->delete_hook_data = user_data;
}

HlStoreDeletion *
hl_store_deletion_begin (HlStore *self, const char *const *ids, guint n)
{
  HlStoreDeletion *deletion = g_new0 (HlStoreDeletion, 1);

  deletion->dir = g_strdup (self->dir);
  deletion->hook = self->delete_hook;
  deletion->hook_data = self->delete_hook_data;
  deletion->runs = g_array_sized_new (FALSE, TRUE, sizeof (HlDeletionRun), n);
  g_array_set_clear_func (deletion->runs, deletion_run_clear);
  for (guint i = 0; i < n; i++)
    {
      HlDeletionRun run = { 0 };

      run.id = g_strdup (ids[i]);
      if (hl_store_check_id (ids[i], &run.error))
        {
          g_autofree char *name = NULL;
          const HlStoreEntry *entry;

          run.path = hl_store_path_for (self, ids[i]);
          name = g_path_get_basename (run.path);
          entry = g_hash_table_lookup (self->index, name);
          if (entry != NULL && entry->info != NULL && g_strcmp0 (entry->info->id, ids[i]) == 0)
            {
              run.known.size = entry->size;
              run.known.mtime_ns = entry->mtime_ns;
              run.known.ino = entry->ino;
              run.is_known = TRUE;
            }
        }
      g_array_append_val (deletion->runs, run);
    }
  return deletion;
}

/* A record that cannot be read as a run is removed all the same: the
 * listing shows it as broken, and `runs rm ID` refused it as "not
 * overwritten, it is not a readable run", so nothing but a shell could
 * clear it (found by a CLI review).  Only as the store's own regular file,
 * never through a symlink; a readable one must still hold this run. */
static gboolean
check_removable (const HlStoreEntry *known, const char *path, const char *id, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(HlRunInfo) info = NULL;
  struct stat st;

  if (g_lstat (path, &st) != 0)
    return TRUE;
  if (known != NULL && hl_store_entry_matches (known, &st))
    return TRUE;
  info = hl_store_scan_file (path, NULL, &local);
  if (info == NULL && !S_ISREG (st.st_mode))
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                   _("%s: not removed, it is not a readable run and not a file of the run store "
                     "itself (a link)"), path);
      return FALSE;
    }
  if (info != NULL && g_strcmp0 (info->id, id) != 0)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                   _("%s: not removed, it holds another run (%s)"), path, info->id);
      return FALSE;
    }
  return TRUE;
}

/* A run's files but its leftovers, whose names go into bases; TRUE when
 * it is gone. */
static gboolean
delete_files (const char *dir, HlDeletionRun *run, GHashTable *bases, GError **error)
{
  g_autofree char *ckpt = NULL;
  g_autofree char *ckpt_by_id = NULL;
  g_autofree char *lock = NULL;
  g_autofree char *lock_name = g_strconcat (run->id, ".lock", NULL);
  g_autofree char *ckpt_name = g_strconcat (run->id, ".ckpt", NULL);

  if (!check_exists_in (dir, run->id, run->path, error) || !check_not_alive_in (dir, run->id, error) ||
      !check_removable (run->is_known ? &run->known : NULL, run->path, run->id, error))
    return FALSE;
  if (g_unlink (run->path) != 0)
    {
      int saved = errno;
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO, _("%s: cannot remove: %s"), run->path, g_strerror (saved));
      hl_error_set_errno (error, saved);
      return FALSE;
    }
  ckpt = hl_checkpoint_path_for_run (run->path);
  ckpt_by_id = g_build_filename (dir, ckpt_name, NULL);
  lock = g_build_filename (dir, lock_name, NULL);
  unlink_if_exists (ckpt);
  unlink_if_exists (ckpt_by_id);
  unlink_if_exists (lock);
  add_bases (bases, run->path);
  return TRUE;
}

void
hl_store_deletion_run (HlStoreDeletion *deletion)
{
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint deleted = 0;

  g_return_if_fail (deletion != NULL && !deletion->done);
  if (deletion->hook != NULL)
    deletion->hook (deletion, deletion->hook_data);
  for (guint i = 0; i < deletion->runs->len; i++)
    {
      HlDeletionRun *run = &g_array_index (deletion->runs, HlDeletionRun, i);

      if (run->error == NULL)
        run->deleted = delete_files (deletion->dir, run, bases, &run->error);
      deleted += run->deleted;
    }
  /* a kill -9 mid-write left a copy of the record (megabytes) that no
   * listing shows and that outlived the run (found by a QA pass) */
  if (deleted > 0)
    remove_leftovers_of (deletion->dir, bases);
  deletion->done = TRUE;
}

guint
hl_store_deletion_end (HlStore *self, HlStoreDeletion *deletion, GPtrArray *errors)
{
  guint deleted = 0;

  g_return_val_if_fail (deletion != NULL && deletion->done, 0);
  for (guint i = 0; i < deletion->runs->len; i++)
    {
      HlDeletionRun *run = &g_array_index (deletion->runs, HlDeletionRun, i);

      if (run->deleted)
        {
          /* only the listing's entry of the file that went: a run of that
           * id saved again meanwhile keeps its own */
          const HlRunInfo *info = hl_store_lookup (self, run->id);
          if (info != NULL && g_strcmp0 (info->path, run->path) == 0 && !g_file_test (run->path, G_FILE_TEST_EXISTS))
            remove_info (self, run->id);
          deleted++;
        }
      else if (errors != NULL && run->error != NULL)
        g_ptr_array_add (errors, g_error_copy (run->error));
    }
  return deleted;
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
  HlStoreDeletion *deletion = hl_store_deletion_begin (self, ids, n);
  guint deleted;

  hl_store_deletion_run (deletion);
  deleted = hl_store_deletion_end (self, deletion, errors);
  hl_store_deletion_free (deletion);
  return deleted;
}

gboolean
hl_store_rename (HlStore *self, const char *id, const char *name, GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr(HlRun) run = NULL;

  if (!hl_store_check_id (id, error))
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
                   _("%s: holds run %s, not %s"), path, run->id, id);
      return FALSE;
    }
  g_free (run->config->name);
  run->config->name = g_strdup (name ? name : "");
  if (!write_run (self, run, path, error))
    return FALSE;
  update_info (self, run, path);
  return TRUE;
}
