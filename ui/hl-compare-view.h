/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-compare-view.h - runs side by side: overlaid curves of one metric
 * (Okabe-Ito colours, click a legend entry to hide a run, log axis,
 * smoothing), seed-replicate groups as a mean curve with a min-max band, and
 * a table of hyperparameters and results ("only differences" on by default,
 * best result of each column marked).  Exports plot, table, config, metrics. */
#pragma once

#include <gtk/gtk.h>
#include "hyperlab.h"
#include "hl-plot.h"
#include "hl-confusion-grid.h"

G_BEGIN_DECLS

#define HL_TYPE_COMPARE_VIEW (hl_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (HlCompareView, hl_compare_view, HL, COMPARE_VIEW, GtkBox)

GtkWidget  *hl_compare_view_new (void);
/* Plugin parameters a run's config leaves out show at their defaults in the
 * table (the registry is borrowed and must outlive the view; NULL: as
 * written).  Applies from the next hl_compare_view_set_runs. */
void        hl_compare_view_set_registry (HlCompareView *self, HlPluginRegistry *registry);

/* runs: an array of HlRun that owns them (e.g. from hl_run_list_load_runs);
 * the view keeps a reference to the array.  NULL clears. */
void        hl_compare_view_set_runs (HlCompareView *self, GPtrArray *runs);
/* A new comparison: every curve shown (legend toggles of the last one
 * are forgotten; they carried over).  The split between the plot and the
 * table stays as the user left it while the view is open; closed, the
 * table takes its three rows again. */
void        hl_compare_view_start_over (HlCompareView *self);
GPtrArray  *hl_compare_view_get_runs (HlCompareView *self);   /* borrowed */
/* Whether the view shows what hl_compare_view_show_ids (ids) would. */
gboolean    hl_compare_view_shows_ids (HlCompareView *self, GPtrArray *ids);
/* Hides the view and lets its runs go (also its close button and Escape). */
void        hl_compare_view_close (HlCompareView *self);
/* A comparison shows at most this many runs: loading and laying out 3,000
 * runs held the window for 40 s, and curves that many are unreadable. */
#define HL_COMPARE_MAX_RUNS 100

/* Loads ids from store and shows the first HL_COMPARE_MAX_RUNS of them,
 * saying so above the table when there are more; FALSE with error if one
 * fails. */
gboolean    hl_compare_view_show_ids (HlCompareView *self, HlStore *store, GPtrArray *ids,
                                      GError **error);

/* "train_loss", "val_loss", "val_accuracy" or "lr", or HL_COMPARE_CONFUSION:
 * the compared runs' test-set confusion matrices in the plot's place. */
#define HL_COMPARE_CONFUSION "confusion"
void        hl_compare_view_set_metric (HlCompareView *self, const char *metric);
const char *hl_compare_view_get_metric (HlCompareView *self);
HlConfusionGrid *hl_compare_view_get_confusion_grid (HlCompareView *self);
void        hl_compare_view_set_only_differences (HlCompareView *self, gboolean only);
gboolean    hl_compare_view_get_only_differences (HlCompareView *self);

/* Config paths shown in the table now (new NULL-terminated array). */
char      **hl_compare_view_get_shown_fields (HlCompareView *self);
/* Row of the run marked best for a result key ("test_accuracy"), or -1. */
int         hl_compare_view_get_best_row (HlCompareView *self, const char *result_key);
HlPlot     *hl_compare_view_get_plot (HlCompareView *self);

/* Exports.  The plot is written as shown (runs, hidden ones, metric, log
 * axis, smoothing); format from the extension .png, .svg or .pdf. */
gboolean    hl_compare_view_export_plot (HlCompareView *self, const char *path, double width,
                                         double height, double scale, GError **error);
gboolean    hl_compare_view_export_table (HlCompareView *self, const char *path, GError **error);
gboolean    hl_compare_view_export_config (HlCompareView *self, guint run, const char *path,
                                           GError **error);
gboolean    hl_compare_view_export_metrics (HlCompareView *self, guint run, const char *path,
                                            GError **error);

G_END_DECLS
