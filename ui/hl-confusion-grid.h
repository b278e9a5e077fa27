/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion-grid.h - the compared runs' test-set confusion matrices side
 * by side: one small HlConfusionView per run under its colour swatch and
 * name, in a flow that reflows with the width and scrolls vertically.
 * The matrices are as large as the grid's height holds a whole card
 * (200 px at least, their natural ~360 px at most).
 *
 * A run without a matrix (regression, no test set, diverged, unfinished,
 * older record) keeps its place as a card saying why in one line; when no
 * run has one, a status message says so instead. */
#pragma once

#include <gtk/gtk.h>
#include "hl-run.h"

G_BEGIN_DECLS

#define HL_TYPE_CONFUSION_GRID (hl_confusion_grid_get_type ())
G_DECLARE_FINAL_TYPE (HlConfusionGrid, hl_confusion_grid, HL, CONFUSION_GRID, GtkWidget)

GtkWidget *hl_confusion_grid_new (void);

/* Shows runs (HlRun *, in order; NULL or empty clears) with colours: 3
 * doubles (r, g, b in 0…1) per run, as hl_plot_palette gives the
 * comparison plot's curves, or NULL for hl_plot_palette (i).  Nothing is
 * kept of either: the matrices, names and colours are copied. */
void       hl_confusion_grid_set_runs (HlConfusionGrid *self, GPtrArray *runs, const double *colours);

/* How many matrices are shown (runs with one). */
guint      hl_confusion_grid_get_n_matrices (HlConfusionGrid *self);

/* Why run has no test-set confusion matrix, in a short translated line
 * ("A regression has no classes to confuse"); NULL when it has one. */
const char *hl_confusion_grid_missing_reason (const HlRun *run);

G_END_DECLS
