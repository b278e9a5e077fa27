/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list-private.h - shared by hl-run-list.c (model, filter, selection),
 * hl-run-list-columns.c (what the cells show, how they sort),
 * hl-run-list-watch.c (following the store folder),
 * hl-run-list-select.c (Ctrl+click) and hl-run-list-actions.c (what the
 * buttons do). */
#pragma once

#include <adwaita.h>
#include "hl-run-list.h"
#include "hl-run-item.h"

G_BEGIN_DECLS

struct _HlRunList {
  GtkBox              parent_instance;

  /* template widgets */
  GtkSearchEntry     *search_entry;
  GtkWidget          *toolbar;   /* the field, then the squeezer of buttons */
  GtkLabel           *problems_label;
  GtkButton          *remove_broken_button; /* shown while a broken record can be removed */
  AdwToastOverlay    *toast_overlay;
  GtkScrolledWindow  *scroller;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;    /* shown when no row is */
  GtkRevealer        *new_runs_revealer;
  GtkButton          *new_runs_button; /* "N new runs": up to runs that came above the view */

  /* owned */
  GListStore         *store_model;   /* HlRunItem */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkMultiSelection  *selection;
  GHashTable         *pending;       /* ids hidden until their delete toast goes */
  GPtrArray          *batches;       /* HlDeleteBatch of toasts still shown */
  GPtrArray          *deleting;      /* HlDeleteBatch whose files a worker removes */
  GPtrArray          *import_problems; /* HlStoreProblem */
  guint               removing_broken; /* workers removing broken records */
  GPtrArray          *last_selected; /* char *: ids "selection-changed" last told of */
  GFileMonitor       *monitor;       /* the store's folder: records rewritten by live runs */
  guint               refresh_id;    /* pending refresh after records changed */
  char               *filter_text;   /* casefolded */
  char               *filter_shown;  /* as typed */
  gboolean            training;      /* a run trains: no resume or repeat */
  gboolean            disposing;     /* deletes committed as the list goes: no reload, no toast */
  gboolean            reloading;     /* the rows are replaced: the selection comes back after */
  gboolean            loading;       /* a worker reads the runs the index does not know yet */
  GCancellable       *load_cancel;   /* that worker's, while it reads */
  guint32             descending;    /* bit per column: GTK sorts it descending */
  guint               focus_tick;    /* waits for the row hl_run_list_focus_row wants */
  guint               focus_position;
  guint               focus_tries;
  guint               filter_calls;  /* rows the filter was asked about (for tests) */
  guint               cells_made;    /* cells whose text was made (for tests) */
  GHashTable         *unseen;        /* ids of runs that came above the view, not in view since */
  guint               unseen_tick;   /* counts them again once the view is laid out */
  guint               unseen_frames;

  /* borrowed */
  HlStore            *store;
};

enum {
  SIGNAL_COMPARE,
  SIGNAL_EDIT_AS_NEW,
  SIGNAL_RESUME,
  SIGNAL_REPEAT,
  SIGNAL_RUNS_CHANGED,
  SIGNAL_SELECTION_CHANGED,
  N_SIGNALS
};
extern guint hl_run_list_signals[N_SIGNALS];

/* hl-run-list.c */
void  hl_run_list_update_actions (HlRunList *self);
void  hl_run_list_show_problems (HlRunList *self);
void  hl_run_list_toast (HlRunList *self, const char *message);
/* Says selection-changed when the selected runs are not the last ones said. */
void  hl_run_list_check_selection (HlRunList *self);
char *hl_run_list_selected_id (HlRunList *self);   /* when exactly one is selected */
/* At the next layout: the first row at the top. */
void  hl_run_list_scroll_to_top (HlRunList *self);
/* Whether the keyboard focus is the list's to move: in it (its toast's
 * Undo button too) or nowhere in its window. */
gboolean hl_run_list_owns_focus (HlRunList *self);
/* Scrolls to the row at position (of the shown rows, clamped to the last)
 * and gives it the keyboard focus, at the next frame if it is not laid
 * out yet. */
void  hl_run_list_focus_row (HlRunList *self, guint position);
/* The column view's own list view, and the list item of one of its rows. */
GtkWidget   *hl_run_list_list_view (HlRunList *self);
GtkListItem *hl_run_list_row_item (GtkWidget *row);
/* The position among the shown rows of the first of ids (G_MAXUINT: none). */
guint hl_run_list_first_position (HlRunList *self, GPtrArray *ids);

/* hl-run-list-columns.c: before the sort model is built */
void  hl_run_list_add_columns (HlRunList *self);
/* A status cell's words ("Pruned" for a sweep's pruned trial). */
const char *hl_run_list_status_label (const HlRunInfo *info);
/* A name cell's tooltip: the whole name, then the record's file. */
char *hl_run_list_name_tooltip (const HlRunInfo *info);
/* Where a sweep trial's own part of name begins ("#3 · lr=0.01" of "spiral
 * sweep #3 · lr=0.01", as hl_sweep names its trials), or -1 for a name
 * that is no trial's. */
gssize hl_run_list_trial_part (const char *name);

/* hl-run-list-watch.c: the rows brought up to the store's listing (after
 * hl_store_refresh): a run that changed gets a new row (its id added to
 * changed), one that went is removed, one that came is inserted where the
 * store lists it; the other rows stay as they are, and with them the
 * selection, focus and scrolling (but a list at its top stays there, and
 * runs that came above the view are counted: hl-run-list-news.c).
 * Whether a run came or went. */
gboolean hl_run_list_update_rows (HlRunList *self, GPtrArray *changed);
/* from construction to dispose (safe twice) */
void  hl_run_list_watch_store (HlRunList *self);
void  hl_run_list_unwatch_store (HlRunList *self);

/* hl-run-list-news.c: around the change in hl_run_list_update_rows.
 * view_top says whether the list is at its top and returns the id of the
 * first run in view (NULL: none laid out); show_news then keeps a list
 * at its top there, the runs that came (ids) in view, or says how many
 * came above the first run in view. */
char *hl_run_list_view_top (HlRunList *self, gboolean *top);
void  hl_run_list_show_news (HlRunList *self, gboolean top, const char *first, GPtrArray *came);
/* after the model is built; clear_news in dispose (safe twice) */
void  hl_run_list_setup_news (HlRunList *self);
void  hl_run_list_clear_news (HlRunList *self);

/* hl-run-list-select.c */
void  hl_run_list_setup_ctrl_click (HlRunList *self);

/* hl-run-list-actions.c */
void  hl_run_list_install_actions (GtkWidgetClass *widget_class);
void  hl_run_list_setup_drop (HlRunList *self);
void  hl_run_list_free_batches (HlRunList *self);
/* The ids by which the store's broken records (problems) can be removed
 * (char *; "x" for x.run.json in the store's folder). */
GPtrArray *hl_run_list_broken_ids (HlRunList *self);
void  hl_run_list_on_remove_broken_clicked (HlRunList *self);

G_END_DECLS
