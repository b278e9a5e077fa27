/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list.h - the runs table: sortable columns, text filter,
 * multi-select, rename, delete with undo, open run files, and the buttons
 * that start a comparison, an edit, a resume or seed replicates.
 *
 * Signals (all emitted on the main thread; arguments borrowed):
 *   "compare"     (GPtrArray *ids)             two or more runs selected
 *   "edit-as-new" (HlConfig *config)           copy it; its name is already new
 *   "resume"      (const char *id)             an interrupted or cancelled run
 *   "repeat"      (const char *id, guint n)    train the run's config with n seeds
 *                                              (see hl_store_replicate_configs)
 *   "runs-changed" (const char *const *ids)    records of runs ids rewritten in place (a
 *                                              live run's checkpoint); NULL: rows reloaded
 *                                              or hidden by a delete, any run may have changed
 *   "selection-changed" ()                     the set of selected runs changed (by a
 *                                              click, a filter, a delete; not by a reload
 *                                              that keeps it)
 */
#pragma once

#include <gtk/gtk.h>
#include "hl-store.h"

G_BEGIN_DECLS

#define HL_TYPE_RUN_LIST (hl_run_list_get_type ())
G_DECLARE_FINAL_TYPE (HlRunList, hl_run_list, HL, RUN_LIST, GtkBox)

/* The store is borrowed and must outlive the widget.  Lists at once, but
 * for a store with many runs its index does not know yet (a first start
 * on 3,000 runs read them all in 0.46 s): a worker reads those while the
 * list says it is loading, and the rows come once they are read. */
GtkWidget  *hl_run_list_new (HlStore *store);
/* Whether the list is still waiting for that worker (reload and refresh
 * wait for it too). */
gboolean    hl_run_list_is_loading (HlRunList *self);
HlStore    *hl_run_list_get_store (HlRunList *self);

/* Rescan the store (after a run finished, for instance); keeps the selection. */
void        hl_run_list_reload (HlRunList *self);
/* The store read again and only the rows that changed, came or went
 * updated: cheap on a big store, where hl_run_list_reload rebuilds every
 * row (what the folder watch does, now). */
void        hl_run_list_refresh (HlRunList *self);
/* Whether run id is in the store and not hidden by a pending delete. */
gboolean    hl_run_list_is_listed (HlRunList *self, const char *id);
/* Scrolls the list so that run id's row is in view (a new run came in
 * above the rows shown and stayed out of sight). */
void        hl_run_list_reveal (HlRunList *self, const char *id);
/* Scrolls the list so that the selection is in view from its first row,
 * and with it run id (the one that matters most), which is revealed alone
 * when the two do not fit in view together. */
void        hl_run_list_reveal_selection (HlRunList *self, const char *id);
/* Whether a run is training: Resume and Repeat… are off meanwhile. */
void        hl_run_list_set_training (HlRunList *self, gboolean training);

/* The shown rows (filtered and sorted): a GListModel of HlRunItem. */
GListModel *hl_run_list_get_model (HlRunList *self);
void        hl_run_list_set_filter_text (HlRunList *self, const char *text);
/* Whether Escape now belongs to the filter field: it has the focus and a
 * filter to clear (which Escape does there before anything else). */
gboolean    hl_run_list_filter_wants_escape (HlRunList *self);

/* Selection by run id.  get returns a new array of strings. */
GPtrArray  *hl_run_list_get_selected_ids (HlRunList *self);
void        hl_run_list_select_ids (HlRunList *self, const char *const *ids);

/* Loads the full runs (metrics included) for ids: a new array of HlRun,
 * freed with it; runs that fail to load are skipped with a toast. */
GPtrArray  *hl_run_list_load_runs (HlRunList *self, GPtrArray *ids);

/* Delete with an undo toast: rows disappear at once, files are removed when
 * the toast goes away without "Undo" (or when the widget is destroyed).
 * The files go on a worker thread, the rows stay hidden meanwhile and
 * leave the list once they are gone (those that could not be deleted come
 * back, with a toast saying why); the widget being destroyed waits for the
 * worker.  commit_deletes settles every delete still undoable that way. */
void        hl_run_list_delete (HlRunList *self, GPtrArray *ids);
void        hl_run_list_undo_delete (HlRunList *self);
void        hl_run_list_commit_deletes (HlRunList *self);
/* Whether a worker is removing the files of settled deletes. */
gboolean    hl_run_list_is_deleting (HlRunList *self);

/* Copy run files or folders into the store, reload, report problems. */
guint       hl_run_list_import (HlRunList *self, GPtrArray *paths);

/* The height that shows the list's toolbar, its column headings and rows
 * rows (it scrolls to the others): what the list takes above an open
 * comparison by default.  The rows' height is the one drawn, or an
 * estimate before. */
int         hl_run_list_get_height_for_rows (HlRunList *self, guint rows);

/* Problems of the last reload and import, one line each (new string, may be ""). */
char       *hl_run_list_get_problems_text (HlRunList *self);

G_END_DECLS
