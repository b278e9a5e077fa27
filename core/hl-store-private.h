/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store-private.h - internals shared by the run store's source files. */
#pragma once

#include <sys/stat.h>
#include "hl-store.h"

G_BEGIN_DECLS

#define HL_STORE_INDEX_NAME "index.json"
#define HL_STORE_RUN_SUFFIX ".run.json"

/* What the index remembers of one file, valid while size, mtime and inode
 * match (an atomic rename always brings a new inode). */
typedef struct {
  gint64     size;
  gint64     mtime_ns;
  guint64    ino;
  HlRunInfo *info;    /* owned, or NULL when error is set */
  GError    *error;   /* why the file is not a run */
  gboolean   loads;   /* hl_store_scan_file's: the file reads as a run all the same */
} HlStoreEntry;

struct _HlStore {
  char            *dir;
  GPtrArray       *list;       /* HlRunInfo, owned */
  GHashTable      *by_id;      /* id -> HlRunInfo, borrowed from list */
  GPtrArray       *problems;   /* HlStoreProblem, owned */
  GHashTable      *index;      /* file name -> HlStoreEntry, owned */
  gboolean         index_loaded;
  gboolean         index_foreign;  /* index.json is someone else's: never written */
  gboolean         index_dirty;
  HlStoreSaveHook  save_hook;
  gpointer         save_hook_data;
  HlStoreDeleteHook delete_hook;
  gpointer         delete_hook_data;
};

/* hl-store-scan.c: the summary of a run file without building its metrics.
 * *loads (may be NULL): whether the file reads as a run: when a summary is
 * returned (its metrics unread), and when the store refuses a run that
 * hl_run_load reads in full (an id it cannot act on). */
HlRunInfo    *hl_store_scan_file (const char *path, gboolean *loads, GError **error);
HlRunInfo    *hl_run_info_from_run (const HlRun *run, const char *path);
/* TRUE when name looks like a file the store should consider. */
gboolean      hl_store_is_candidate_name (const char *name);
/* A copy of error whose message is one line that names the file. */
GError       *hl_store_problem_error (const char *path, const GError *error);

/* hl-store-index.c */
void          hl_store_entry_free (HlStoreEntry *entry);
/* An entry whose file could not be read (permissions, I/O): the cause may
 * go away without the file changing, so it is neither reused nor saved. */
gboolean      hl_store_entry_is_transient (const HlStoreEntry *entry);
void          hl_store_index_load (HlStore *self);
void          hl_store_index_save (HlStore *self);
HlRunInfo    *hl_run_info_from_json (JsonObject *obj);

/* hl-store.c */
/* Whether the entry still describes the file st was taken of. */
gboolean      hl_store_entry_matches (const HlStoreEntry *entry, const struct stat *st);
gboolean      hl_store_write_atomic (HlStore *self, const char *path, const char *data,
                                     gsize length, GError **error);
gboolean      hl_store_id_is_valid (const char *id);
/* FALSE with "invalid run id" (HL_RUN_ERROR_NOT_FOUND) unless it is valid. */
gboolean      hl_store_check_id (const char *id, GError **error);
/* Removes what atomic writes of a run's record and sidecar left behind when
 * their process was killed between writing and renaming ("<file>.XXXXXX",
 * as large as the record).  For a run whose lock the caller holds or that
 * is not alive; even then only files untouched for half a minute go (a
 * write in flight is not taken for one). */
void          hl_store_remove_leftovers (HlStore *self, const char *id);
/* For g_ptr_array_sort over strings. */
int           hl_store_compare_strings (gconstpointer a, gconstpointer b);

G_END_DECLS
