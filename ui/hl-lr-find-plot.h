/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find-plot.h - the learning-rate range test's curve: the smoothed
 * loss against the rate on a log axis, with the steepest-fall and the
 * lowest-loss rates marked, and a hover readout. */
#pragma once

#include <gtk/gtk.h>
#include "hyperlab.h"

G_BEGIN_DECLS

#define HL_TYPE_LR_FIND_PLOT (hl_lr_find_plot_get_type ())
G_DECLARE_FINAL_TYPE (HlLrFindPlot, hl_lr_find_plot, HL, LR_FIND_PLOT, GtkWidget)

GtkWidget *hl_lr_find_plot_new (void);
/* Shows result (copied), or nothing for NULL; the x axis spans the curve
 * drawn (a test stopped early fills the plot, not its first decade). */
void       hl_lr_find_plot_set_result (HlLrFindPlot *self, const HlLrFindResult *result);
/* A test begins: no points, the x axis lr_from to lr_to while the curve
 * grows along it by hl_lr_find_plot_append (a step's rate and smoothed
 * loss), until hl_lr_find_plot_set_result. */
void       hl_lr_find_plot_start (HlLrFindPlot *self, double lr_from, double lr_to);
void       hl_lr_find_plot_append (HlLrFindPlot *self, double lr, double smoothed);
/* The points held (drawn or not). */
guint      hl_lr_find_plot_get_n_points (HlLrFindPlot *self);
/* How many of the points are drawn: the curve ends where it leaves the
 * picture, past its minimum (0 without points). */
guint      hl_lr_find_plot_get_n_drawn (HlLrFindPlot *self);

/* Draws what the widget shows into cr (width × height): the widget's
 * snapshot, and tests. */
void       hl_lr_find_plot_draw (HlLrFindPlot *self, cairo_t *cr, double width, double height);

G_END_DECLS
