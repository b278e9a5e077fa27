/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store.h - the run store: a folder of run records (*.run.json) with
 * checkpoint sidecars, a small summary index, corrupt-file reporting. */
#pragma once

#include <gio/gio.h>
#include "hl-run.h"
#include "hl-trainer.h"

G_BEGIN_DECLS

typedef struct _HlStore HlStore;

/* A listed run: enough for the run table without loading metrics. */
typedef struct {
  char        *id;
  char        *path;
  char        *name;
  HlRunStatus  status;
  char        *dataset;
  char        *optimizer;
  double       learning_rate;
  guint        batch_size;       /* HL_BATCH_ALL = all */
  char        *layers;           /* "256-128" */
  double       best_val_loss;
  double       test_accuracy;
  double       seconds;
  gint64       created;          /* unix microseconds */
  char        *group;
  /* Added by the store area: */
  HlRunStatus  saved_status;     /* as written in the file (status may say interrupted) */
  guint64      steps;
  double       test_loss;
  gboolean     pruned;           /* stopped by a sweep's successive halving (hl_run_was_pruned) */
} HlRunInfo;

/* A file that was skipped, and why. */
typedef struct {
  char   *path;
  GError *error;
  /* Added by the store area: the file reads as a run all the same (a
   * duplicate id, an id the store cannot act on), as the listing's scan
   * found; not a broken record. */
  gboolean reads_as_run;
} HlStoreProblem;

/* dir NULL = $HYPERLAB_STORE, else $XDG_DATA_HOME/hyperlab/runs.  Created if missing. */
HlStore    *hl_store_new (const char *dir, GError **error);
void        hl_store_free (HlStore *self);
const char *hl_store_get_dir (HlStore *self);

/* Scan the folder: fills the list, marks runs left "running" by a dead
 * process as interrupted, records problems.  Fast for 1,000 runs. */
gboolean    hl_store_refresh (HlStore *self, GError **error);
/* Newest first.  A new container (unref it); the HlRunInfo items are
 * borrowed and valid until the next refresh, save, delete or rename. */
GPtrArray  *hl_store_list (HlStore *self);
const GPtrArray *hl_store_get_problems (HlStore *self);  /* HlStoreProblem */
/* The id that removes a problem's file ("x" for the store's own
 * x.run.json, which did not read: hl_store_delete takes it), or NULL for a
 * file elsewhere (an import's), a name no id has, or a file that reads as
 * a run (a duplicate of another, which deleting that id would not remove).
 * For a problem of the last refresh, answers from what its scan found (the
 * index keeps that too): reading each broken file again took a listing 16 s
 * and 620 MB for one 300 MB garbage file (found by a QA pass).  Any other
 * path is read again. */
char       *hl_store_broken_record_id (HlStore *self, const char *path);

/* The slow part of a first hl_store_refresh, ahead of it on a worker:
 * reading the files the index does not know (3,000 new runs took 0.46 s).
 * begin, on the store's thread, lists the folder and finds them (a stat
 * each); run, on any thread, reads them (touching no HlStore; stops early
 * once cancellable is cancelled); end, back on the store's thread, puts
 * what was read into the index (a file changed since is read again by the
 * refresh) and returns how many.  Then hl_store_refresh is quick. */
typedef struct _HlStoreScan HlStoreScan;
HlStoreScan *hl_store_scan_begin (HlStore *self);
guint        hl_store_scan_get_n_files (HlStoreScan *scan);   /* to be read */
void         hl_store_scan_run (HlStoreScan *scan, GCancellable *cancellable);
guint        hl_store_scan_end (HlStore *self, HlStoreScan *scan);
void         hl_store_scan_free (HlStoreScan *scan);
/* Fewer files to read than this are read at once (64 take some 10 ms). */
#define HL_STORE_SCAN_ON_WORKER 64
/* scan's run on a GTask of source (taking scan); hook, when given, is
 * called on the worker first (tests hold it there).  The callback, on the
 * caller's context, ends it with hl_store_scan_finish. */
void         hl_store_scan_async (HlStoreScan *scan, gpointer source, GCancellable *cancellable,
                                  void (*hook) (gpointer), gpointer hook_data,
                                  GAsyncReadyCallback callback, gpointer user_data);
guint        hl_store_scan_finish (HlStore *self, GAsyncResult *result);

typedef struct _HlStoreLock HlStoreLock;   /* see hl_store_lock_run */

/* Whether a file of this name in the store's folder is read as a run (any
 * "*.json" but the index and hidden files), for watchers of the folder. */
gboolean    hl_store_is_record_name (const char *name);

/* Path where a run with this id lives in the store (new string). */
char       *hl_store_path_for (HlStore *self, const char *id);
/* Before a new run's first write: takes the run's lock, giving run a fresh
 * id while its own is taken (a record, a checkpoint or a live lock of that
 * name), and returns the lock (NULL with error when none can be taken, e.g.
 * a read-only store).  Ids are the second plus 16 random bits: two runs
 * started in the same second could share one, and the second overwrote the
 * first (found by a review).  Locking first makes the claim atomic between
 * processes. */
HlStoreLock *hl_store_claim_new_id (HlStore *self, HlRun *run, GError **error);
/* An HlStore belongs to one thread, except hl_store_write, which only
 * touches files and may run on a worker: there the owner thread then calls
 * hl_store_note_saved to bring its listing up to date.  hl_store_save does
 * both.  A write the system refuses is HL_RUN_ERROR_IO keeping its errno
 * (hl_error_save_cause tells a full disk from a folder that takes no files). */
gboolean    hl_store_save (HlStore *self, HlRun *run, GError **error);
gboolean    hl_store_write (HlStore *self, HlRun *run, GError **error);
void        hl_store_note_saved (HlStore *self, const HlRun *run);
HlRun      *hl_store_load (HlStore *self, const char *id, GError **error);
gboolean    hl_store_delete (HlStore *self, const char *id, GError **error);
/* hl_store_delete of n runs at once (the folder is read once, not once per
 * run); the number deleted, and into errors (GError *, may be NULL) why
 * each of the others was not. */
guint       hl_store_delete_many (HlStore *self, const char *const *ids, guint n, GPtrArray *errors);
/* hl_store_delete_many in three steps, so that a worker removes the files
 * (3,000 runs held the window for seconds): begin, on the store's thread,
 * takes what the removal needs from the listing; run, on any thread,
 * removes the files and touches no HlStore (the store may even be gone by
 * then); end, back on the store's thread, drops the deleted runs from the
 * listing and returns how many were deleted, adding to errors (GError *,
 * may be NULL) why each of the others was not.  A run is deleted whole or
 * not at all, so a deletion that fails in part leaves the rest listed and
 * on disk. */
typedef struct _HlStoreDeletion HlStoreDeletion;
HlStoreDeletion *hl_store_deletion_begin (HlStore *self, const char *const *ids, guint n);
void        hl_store_deletion_run (HlStoreDeletion *deletion);
guint       hl_store_deletion_end (HlStore *self, HlStoreDeletion *deletion, GPtrArray *errors);
void        hl_store_deletion_free (HlStoreDeletion *deletion);
gboolean    hl_store_rename (HlStore *self, const char *id, const char *name, GError **error);

void        hl_run_info_free (HlRunInfo *info);
HlRunInfo  *hl_run_info_copy (const HlRunInfo *info);
/* The summary as a JSON object (status: the saved one). */
JsonNode   *hl_run_info_to_json (const HlRunInfo *info);
/* A listed run by id (borrowed), or NULL. */
const HlRunInfo *hl_store_lookup (HlStore *self, const char *id);

/* Sidecar checkpoint file of a run (new string), as the trainer names it:
 * "<name>.run.json" -> "<name>.ckpt" (hl_checkpoint_path_for_run). */
char       *hl_store_checkpoint_path_for (HlStore *self, const char *id);

/* Liveness of running runs: the training process holds an exclusive flock on
 * "<id>.lock" for as long as it trains (close-on-exec, released by the kernel
 * when the process dies).  A run saved as "running" whose lock is not held is
 * listed and loaded as interrupted (the file itself is left as it is). */
HlStoreLock *hl_store_lock_run (HlStore *self, const char *id, GError **error);
void         hl_store_unlock (HlStoreLock *lock);   /* removes the lock file */
/* The same lock for a run file outside a store (`run -o`, `resume FILE`):
 * "<id>.lock" in dir, so a file that is in a store's folder after all is
 * seen alive by the store, and two trainers never share one file. */
HlStoreLock *hl_store_lock_run_in (const char *dir, const char *id, GError **error);
gboolean     hl_store_is_run_alive (HlStore *self, const char *id);
/* The same for "<id>.lock" in dir (hl_store_lock_run_in's). */
gboolean     hl_store_is_run_alive_in (const char *dir, const char *id);

/* Copy run files (or every *.json of a folder) into the store.  Files that
 * are not valid runs are added to problems (HlStoreProblem, caller frees with
 * hl_store_problem_free) and skipped; a checkpoint sidecar (named as in
 * hl_store_checkpoint_path_for) is copied too.
 * Returns the number of runs imported. */
guint        hl_store_import (HlStore *self, const char *path, GPtrArray *problems);
void         hl_store_problem_free (HlStoreProblem *problem);

/* Exports of a stored run: its config as JSON (ready to re-run), its
 * metrics as CSV (hl_run_metrics_to_csv).  Atomic writes. */
gboolean     hl_store_export_config (HlStore *self, const char *id, const char *path, GError **error);
gboolean     hl_store_export_metrics (HlStore *self, const char *id, const char *path, GError **error);

/* Seed replicates: n copies of config with seeds seed, seed+1, ... and names
 * "<name> (seed S)"; *group gets a new group id to put in HlRun.group of
 * each resulting run.  Returns a new array of HlConfig (freed with it). */
GPtrArray   *hl_store_replicate_configs (const HlConfig *config, guint n, char **group);
/* Where a replicate's name ends in " (seed <digits>)": that space's byte
 * offset, else -1. */
gssize       hl_store_replicate_suffix (const char *name);

/* Everything a resume needs, for the CLI and the GUI alike: loads the run
 * (it must be interrupted or cancelled), takes its lock (*lock; release
 * with hl_store_unlock when training is over), and returns a trainer set to
 * continue from the checkpoint sidecar and to checkpoint back into the
 * store.  Run the trainer, then hl_store_save the result. */
HlTrainer   *hl_store_resume_trainer (HlStore *self, const char *id, HlPluginRegistry *registry,
                                      HlStoreLock **lock, GError **error);

/* Test hook, called by hl_store_save after the new content is written and
 * synced to its temporary file and before the rename that publishes it (a
 * test's hook _exit()s there to simulate a crash). */
typedef void (*HlStoreSaveHook) (const char *tmp_path, gpointer user_data);
void         hl_store_set_save_hook (HlStore *self, HlStoreSaveHook hook, gpointer user_data);
/* Test hook, called by hl_store_deletion_run (on its thread) before any
 * file is removed, for deletions begun after it was set. */
typedef void (*HlStoreDeleteHook) (HlStoreDeletion *deletion, gpointer user_data);
void         hl_store_set_delete_hook (HlStore *self, HlStoreDeleteHook hook, gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlRunInfo, hl_run_info_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStore, hl_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoreDeletion, hl_store_deletion_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoreScan, hl_store_scan_free)

G_END_DECLS
