/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-compare-view-private.h - shared by the compare view's curve half
 * (hl-compare-view.c) and table half (hl-compare-view-table.c). */
#pragma once

#include "hl-compare-view.h"
#include "hl-compare-table.h"
#include "hl-confusion-grid.h"

G_BEGIN_DECLS

struct _HlCompareView {
  GtkBox          parent_instance;

  /* template widgets */
  GtkDropDown    *metric_dropdown;
  GtkToggleButton *log_button;
  GtkScale       *smoothing_scale;
  GtkButton      *export_plot_button;
  GtkButton      *export_table_button;
  HlPlot         *plot;
  GtkStack       *plot_stack;
  HlConfusionGrid *confusion_grid;
  GtkSwitch      *only_diff_switch;
  GtkGrid        *table_grid;
  GtkPaned       *paned;
  GtkScrolledWindow *table_scroller;
  GtkLabel       *limit_label;  /* "the first 100 of the 3,000 selected" */

  /* owned */
  GPtrArray      *runs;        /* HlRun */
  HlCompareTable *table;
  GPtrArray      *shown;       /* config paths in the table, borrowed from table */
  GPtrArray      *curve_keys;  /* char *: run id or group id per plot series */
  GHashTable     *hidden;      /* curve keys hidden from the legend */
  GHashTable     *colours;     /* curve key -> palette index + 1 */
  guint           n_asked;     /* runs hl_compare_view_show_ids was given */
  int             rows_height; /* the table's heading and first rows (fit_table) */
  int             bar_height;  /* the bar for scrolling sideways, when shown */
  guint           fit_id;      /* idle: the table's height after the bar came or went */

  /* borrowed */
  HlPluginRegistry *registry;  /* parameter defaults for the table, may be NULL */
};

/* hl-compare-view-table.c */
void  hl_compare_view_table_init (HlCompareView *self);
void  hl_compare_view_table_dispose (HlCompareView *self);
void  hl_compare_view_rebuild_table (HlCompareView *self);
/* Palette index of a run's curve (its group's when grouped). */
guint hl_compare_view_colour_of (HlCompareView *self, const HlRun *run);
/* The curve key of a run: its group if two or more shown runs share it. */
const char *hl_compare_view_curve_key (HlCompareView *self, const HlRun *run);

G_END_DECLS
