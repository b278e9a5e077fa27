/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store.c - the run store: a folder of run records with checkpoint
 * sidecars.  Lists summaries (cached in index.json), detects runs whose
 * process died, reports and skips files that are not runs, and never
 * overwrites a file it could not read as a run. */
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hl-checkpoint.h"
#include "hl-error.h"
#include "hl-store-private.h"

struct _HlStoreLock {
  int   fd;
  char *path;
};

void
hl_run_info_free (HlRunInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->path);
  g_free (info->name);
  g_free (info->dataset);
  g_free (info->optimizer);
  g_free (info->layers);
  g_free (info->group);
  g_free (info);
}

HlRunInfo *
hl_run_info_copy (const HlRunInfo *info)
{
  HlRunInfo *copy = g_memdup2 (info, sizeof *info);

  copy->id = g_strdup (info->id);
  copy->path = g_strdup (info->path);
  copy->name = g_strdup (info->name);
  copy->dataset = g_strdup (info->dataset);
  copy->optimizer = g_strdup (info->optimizer);
  copy->layers = g_strdup (info->layers);
  copy->group = g_strdup (info->group);
  return copy;
}

void
hl_store_problem_free (HlStoreProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->path);
  g_clear_error (&problem->error);
  g_free (problem);
}

static char *
default_dir (void)
{
  const char *env = g_getenv ("HYPERLAB_STORE");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "hyperlab", "runs", NULL);
}

HlStore *
hl_store_new (const char *dir, GError **error)
{
  g_autofree char *given = dir ? g_strdup (dir) : default_dir ();
  /* One spelling of the folder ("runs/", "./runs" and "runs" alike), so a
   * run's file is recognised as the store's own (hl_store_write). */
  g_autofree char *path = g_canonicalize_filename (given, NULL);
  HlStore *self;

  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                   _("run store %s: cannot create folder: %s"), path, g_strerror (saved));
      hl_error_set_errno (error, saved);
      return NULL;
    }
  self = g_new0 (HlStore, 1);
  self->dir = g_steal_pointer (&path);
  self->list = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_info_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_store_problem_free);
  self->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) hl_store_entry_free);
  return self;
}

void
hl_store_free (HlStore *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->list);
  g_ptr_array_unref (self->problems);
  g_hash_table_unref (self->index);
  g_free (self->dir);
  g_free (self);
}

const char *
hl_store_get_dir (HlStore *self)
{
  return self->dir;
}

void
hl_store_set_save_hook (HlStore *self, HlStoreSaveHook hook, gpointer user_data)
{
  self->save_hook = hook;
  self->save_hook_data = user_data;
}

gboolean
hl_store_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || *id == '.' || strlen (id) > 200)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("._-", *p))
      return FALSE;
  return TRUE;
}

gboolean
hl_store_check_id (const char *id, GError **error)
{
  if (hl_store_id_is_valid (id))
    return TRUE;
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND,
               _("invalid run id “%s”"), id ? id : "");
  return FALSE;
}

/* Whether the file at path reads as a run: what the last refresh's scan
 * found when it reported path, else read again. */
static gboolean
reads_as_run (HlStore *self, const char *path)
{
  g_autoptr(HlRun) run = NULL;

  for (guint i = 0; i < self->problems->len; i++)
    {
      const HlStoreProblem *problem = self->problems->pdata[i];

      if (strcmp (problem->path, path) == 0)
        return problem->reads_as_run;
    }
  run = hl_run_load (path, NULL);
  return run != NULL;
}

char *
hl_store_broken_record_id (HlStore *self, const char *path)
{
  g_autofree char *dir = NULL, *base = NULL, *id = NULL;

  g_return_val_if_fail (self != NULL && path != NULL, NULL);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if (g_strcmp0 (dir, self->dir) != 0 || !g_str_has_suffix (base, ".run.json"))
    return NULL;
  id = g_strndup (base, strlen (base) - strlen (".run.json"));
  if (!hl_store_id_is_valid (id) || hl_store_lookup (self, id) != NULL || reads_as_run (self, path))
    return NULL;
  return g_steal_pointer (&id);
}

const HlRunInfo *
hl_store_lookup (HlStore *self, const char *id)
{
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

char *
hl_store_path_for (HlStore *self, const char *id)
{
  const HlRunInfo *info = hl_store_lookup (self, id);
  g_autofree char *name = NULL;

  if (info != NULL)
    return g_strdup (info->path);
  name = g_strconcat (id, HL_STORE_RUN_SUFFIX, NULL);
  return g_build_filename (self->dir, name, NULL);
}

char *
hl_store_checkpoint_path_for (HlStore *self, const char *id)
{
  g_autofree char *path = hl_store_path_for (self, id);

  /* The trainer's name for it: NAME.run.json -> NAME.ckpt. */
  return hl_checkpoint_path_for_run (path);
}

static char *
lock_path_in (const char *dir, const char *id)
{
  g_autofree char *name = g_strconcat (id, ".lock", NULL);

  return g_build_filename (dir, name, NULL);
}

HlStoreLock *
hl_store_claim_new_id (HlStore *self, HlRun *run, GError **error)
{
  g_return_val_if_fail (self != NULL && run != NULL, NULL);
  for (int tries = 0; tries < 1000; tries++)
    {
      g_autofree char *record = hl_store_path_for (self, run->id);
      g_autofree char *ckpt = hl_checkpoint_path_for_run (record);
      g_autoptr(GError) busy = NULL;
      HlStoreLock *lock = hl_store_lock_run (self, run->id, &busy);

      if (lock == NULL && !g_error_matches (busy, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED))
        {
          g_propagate_error (error, g_steal_pointer (&busy));
          return NULL;   /* not a taken id: the store cannot be written */
        }
      if (lock != NULL && !g_file_test (record, G_FILE_TEST_EXISTS) && !g_file_test (ckpt, G_FILE_TEST_EXISTS))
        return lock;
      if (lock != NULL)
        hl_store_unlock (lock);
      g_free (run->id);
      run->id = hl_run_new_id ();
    }
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO, _("%s: no free run id found"), self->dir);
  return NULL;
}

/* ---- liveness locks ---- */

HlStoreLock *
hl_store_lock_run (HlStore *self, const char *id, GError **error)
{
  return hl_store_lock_run_in (self->dir, id, error);
}

HlStoreLock *
hl_store_lock_run_in (const char *dir, const char *id, GError **error)
{
  g_autofree char *path = NULL;
  struct stat a, b;
  int fd;

  if (!hl_store_check_id (id, error))
    return NULL;
  path = lock_path_in (dir, id);
  for (int attempt = 0; attempt < 10; attempt++)
    {
      fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
                       _("%s: cannot take the lock: %s"), path, g_strerror (saved));
          hl_error_set_errno (error, saved);
          return NULL;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          close (fd);
          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED,
                       _("run %s is being trained by another process (%s is locked)"), id, path);
          return NULL;
        }
      /* The previous holder may have unlinked the file between our open and
       * flock; then the lock is on a dead inode and we must try again. */
      if (fstat (fd, &a) == 0 && stat (path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
        {
          HlStoreLock *lock = g_new0 (HlStoreLock, 1);
          g_autofree char *pid = g_strdup_printf ("%ld\n", (long) getpid ());
          if (ftruncate (fd, 0) == 0 && write (fd, pid, strlen (pid)) < 0)
            g_debug ("lock %s: pid not written", path);
          lock->fd = fd;
          lock->path = g_steal_pointer (&path);
          return lock;
        }
      close (fd);
    }
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO,
               _("%s: cannot take the lock: the file kept being replaced"), path);
  return NULL;
}

void
hl_store_unlock (HlStoreLock *lock)
{
  if (lock == NULL)
    return;
  /* Unlink while still holding the lock, so nobody sees a free, stale file. */
  g_unlink (lock->path);
  close (lock->fd);
  g_free (lock->path);
  g_free (lock);
}

gboolean
hl_store_is_run_alive_in (const char *dir, const char *id)
{
  g_autofree char *path = NULL;
  gboolean alive;
  int fd;

  if (!hl_store_id_is_valid (id))
    return FALSE;
  path = lock_path_in (dir, id);
  /* non-blocking: a FIFO of that name blocked the listing (and the GUI's
   * runs page) for good (found by a QA pass) */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return FALSE;
  alive = flock (fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close (fd);   /* also drops our shared lock, if we got it */
  return alive;
}

gboolean
hl_store_is_run_alive (HlStore *self, const char *id)
{
  return hl_store_is_run_alive_in (self->dir, id);
}

/* ---- listing ---- */

gboolean
hl_store_entry_matches (const HlStoreEntry *entry, const struct stat *st)
{
  return entry->size == (gint64) st->st_size &&
         entry->mtime_ns == (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec &&
         entry->ino == (guint64) st->st_ino;
}

/* The file read (any thread). */
static HlStoreEntry *
entry_read (const char *path, const struct stat *st)
{
  HlStoreEntry *entry = g_new0 (HlStoreEntry, 1);

  entry->size = st->st_size;
  entry->mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
  entry->ino = st->st_ino;
  entry->info = hl_store_scan_file (path, &entry->loads, &entry->error);
  if (entry->info == NULL && entry->error == NULL)
    entry->error = g_error_new_literal (HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT, "unreadable run");
  return entry;
}

/* Whether the index may answer for the file st was taken of. */
static gboolean
entry_usable (const HlStoreEntry *entry, const struct stat *st)
{
  return entry != NULL && hl_store_entry_matches (entry, st) && !hl_store_entry_is_transient (entry);
}

static HlStoreEntry *
entry_for_file (HlStore *self, const char *name, const char *path, const struct stat *st)
{
  HlStoreEntry *entry = g_hash_table_lookup (self->index, name);

  if (entry_usable (entry, st))
    return entry;
  entry = entry_read (path, st);
  g_hash_table_replace (self->index, g_strdup (name), entry);
  self->index_dirty = TRUE;
  return entry;
}

static void
add_problem (HlStore *self, const char *path, GError *error, gboolean reads_as_run)
{
  HlStoreProblem *problem = g_new0 (HlStoreProblem, 1);

  problem->path = g_strdup (path);
  problem->error = error;
  problem->reads_as_run = reads_as_run;
  g_ptr_array_add (self->problems, problem);
}

static void
add_entry (HlStore *self, const char *path, const HlStoreEntry *entry)
{
  HlRunInfo *info, *other;

  if (entry->error != NULL)
    {
      add_problem (self, path, hl_store_problem_error (path, entry->error), entry->loads);
      return;
    }
  if ((other = g_hash_table_lookup (self->by_id, entry->info->id)) != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *other_base = g_path_get_basename (other->path);
      add_problem (self, path, g_error_new (HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT,
                                            /* TRANSLATORS: a file name, a run id, the other file */
                                            _("%s: duplicate run id %s (also in %s)"),
                                            base, other->id, other_base), TRUE);
      return;
    }
  info = hl_run_info_copy (entry->info);
  g_free (info->path);
  info->path = g_strdup (path);
  if (info->saved_status == HL_RUN_STATUS_RUNNING && !hl_store_is_run_alive (self, info->id))
    info->status = HL_RUN_STATUS_INTERRUPTED;
  g_ptr_array_add (self->list, info);
  g_hash_table_insert (self->by_id, info->id, info);
}

int
hl_store_compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  const HlRunInfo *x = *(HlRunInfo *const *) a, *y = *(HlRunInfo *const *) b;

  if (x->created != y->created)
    return x->created < y->created ? 1 : -1;
  return g_strcmp0 (x->id, y->id);
}

/* Files are visited in name order so duplicates are reported the same way
 * every time. */
static GPtrArray *
sorted_candidates (GDir *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (hl_store_is_candidate_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, hl_store_compare_strings);
  return names;
}

static void
drop_unseen_entries (HlStore *self, GHashTable *seen)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->index);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      {
        g_hash_table_iter_remove (&iter);
        self->index_dirty = TRUE;
      }
}

gboolean
hl_store_refresh (HlStore *self, GError **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local = NULL;

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->list, 0);
  g_ptr_array_set_size (self->problems, 0);
  if ((dir = g_dir_open (self->dir, 0, &local)) == NULL)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO, "run store %s: %s", self->dir, local->message);
      hl_error_set_errno (error, hl_error_get_errno (local));
      return FALSE;
    }
  if (!self->index_loaded)
    hl_store_index_load (self);
  names = sorted_candidates (dir);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = g_build_filename (self->dir, name, NULL);
      struct stat st;

      if (stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      g_hash_table_add (seen, (gpointer) name);
      add_entry (self, path, entry_for_file (self, name, path, &st));
    }
  drop_unseen_entries (self, seen);
  if (self->index_foreign)
    {
      g_autofree char *index = g_build_filename (self->dir, HL_STORE_INDEX_NAME, NULL);
      add_problem (self, index, g_error_new (HL_RUN_ERROR, HL_RUN_ERROR_FORMAT,
                                             /* TRANSLATORS: a file name */
                                             _("%s: not a Hyperlab run store index; left as it is"),
                                             index), FALSE);
    }
  g_ptr_array_sort (self->list, compare_newest_first);
  if (self->index_dirty)
    hl_store_index_save (self);
  return TRUE;
}

/* ---- reading new files ahead, on a worker ---- */

typedef struct {
  char        *name;
  struct stat  st;
  HlStoreEntry *entry;   /* read by hl_store_scan_run */
} HlScanFile;

struct _HlStoreScan {
  char   *dir;
  GArray *files;   /* HlScanFile: those the index cannot answer for */
  gboolean done;
};

static void
scan_file_clear (gpointer data)
{
  HlScanFile *file = data;

  g_free (file->name);
  g_clear_pointer (&file->entry, hl_store_entry_free);
}

void
hl_store_scan_free (HlStoreScan *scan)
{
  if (scan == NULL)
    return;
  g_array_unref (scan->files);
  g_free (scan->dir);
  g_free (scan);
}

HlStoreScan *
hl_store_scan_begin (HlStore *self)
{
  HlStoreScan *scan = g_new0 (HlStoreScan, 1);
  g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
  const char *name;

  scan->dir = g_strdup (self->dir);
  scan->files = g_array_new (FALSE, TRUE, sizeof (HlScanFile));
  g_array_set_clear_func (scan->files, scan_file_clear);
  if (!self->index_loaded)
    hl_store_index_load (self);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      HlScanFile file = { 0 };

      if (!hl_store_is_candidate_name (name))
        continue;
      path = g_build_filename (self->dir, name, NULL);
      if (stat (path, &file.st) != 0 || !S_ISREG (file.st.st_mode)
          || entry_usable (g_hash_table_lookup (self->index, name), &file.st))
        continue;
      file.name = g_strdup (name);
      g_array_append_val (scan->files, file);
    }
  return scan;
}

guint
hl_store_scan_get_n_files (HlStoreScan *scan)
{
  return scan->files->len;
}

void
hl_store_scan_run (HlStoreScan *scan, GCancellable *cancellable)
{
  g_return_if_fail (scan != NULL && !scan->done);
  for (guint i = 0; i < scan->files->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      HlScanFile *file = &g_array_index (scan->files, HlScanFile, i);
      g_autofree char *path = g_build_filename (scan->dir, file->name, NULL);

      file->entry = entry_read (path, &file->st);
    }
  scan->done = TRUE;
}

guint
hl_store_scan_end (HlStore *self, HlStoreScan *scan)
{
  guint added = 0;

  g_return_val_if_fail (scan != NULL && scan->done, 0);
  for (guint i = 0; i < scan->files->len; i++)
    {
      HlScanFile *file = &g_array_index (scan->files, HlScanFile, i);

      /* a refresh meanwhile may have read the file already */
      if (file->entry == NULL || entry_usable (g_hash_table_lookup (self->index, file->name), &file->st))
        continue;
      g_hash_table_replace (self->index, g_strdup (file->name), g_steal_pointer (&file->entry));
      self->index_dirty = TRUE;
      added++;
    }
  return added;
}

typedef struct {
  HlStoreScan *scan;
  void       (*hook) (gpointer);
  gpointer     hook_data;
} ScanJob;

static void
scan_job_free (gpointer data)
{
  ScanJob *job = data;

  hl_store_scan_free (job->scan);
  g_free (job);
}

static void
scan_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ScanJob *job = task_data;

  if (job->hook != NULL)
    job->hook (job->hook_data);
  hl_store_scan_run (job->scan, cancellable);
  g_task_return_boolean (task, TRUE);
}

void
hl_store_scan_async (HlStoreScan *scan, gpointer source, GCancellable *cancellable,
                     void (*hook) (gpointer), gpointer hook_data,
                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  ScanJob *job = g_new0 (ScanJob, 1);

  g_return_if_fail (scan != NULL);
  job->scan = scan;
  job->hook = hook;
  job->hook_data = hook_data;
  g_task_set_source_tag (task, hl_store_scan_async);
  g_task_set_task_data (task, job, scan_job_free);
  g_task_run_in_thread (task, scan_in_thread);
}

guint
hl_store_scan_finish (HlStore *self, GAsyncResult *result)
{
  ScanJob *job = g_task_get_task_data (G_TASK (result));

  return hl_store_scan_end (self, job->scan);
}

GPtrArray *
hl_store_list (HlStore *self)
{
  /* Not g_ptr_array_copy: it would carry the free function along. */
  GPtrArray *list = g_ptr_array_sized_new (self->list->len);

  for (guint i = 0; i < self->list->len; i++)
    g_ptr_array_add (list, self->list->pdata[i]);
  return list;
}

const GPtrArray *
hl_store_get_problems (HlStore *self)
{
  return self->problems;
}
