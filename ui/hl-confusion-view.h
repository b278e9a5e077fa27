/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion-view.h - a classification run's confusion matrix as a heat
 * map (hl-confusion-render.h) with the hovered cell's numbers in a tooltip.
 *
 * Use: hl_confusion_view_new (), then hl_confusion_view_set_matrix () with
 * the run's classes and counts whenever they change (and 0, NULL, NULL to
 * show "no data").  The widget follows the desktop's dark style and its
 * text grows with large text, like the loss plot. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HL_TYPE_CONFUSION_VIEW (hl_confusion_view_get_type ())
G_DECLARE_FINAL_TYPE (HlConfusionView, hl_confusion_view, HL, CONFUSION_VIEW, GtkWidget)

GtkWidget *hl_confusion_view_new (void);

/* Shows the n_classes × n_classes matrix counts (row-major, row = true
 * class, column = predicted class) with class_names (n_classes strings, or
 * NULL for "0", "1", …).  Both are copied, in the order the classes are
 * shown (hl_confusion_display_order).  n_classes 0 clears the view. */
void       hl_confusion_view_set_matrix (HlConfusionView *self, guint n_classes,
                                         const char *const *class_names, const guint64 *counts);
guint      hl_confusion_view_get_n_classes (HlConfusionView *self);

/* The readout of the cell under (x, y) in widget coordinates, as its
 * tooltip shows it: "true Shirt, predicted T-shirt/top: 98 (9.8 % of
 * Shirt)"; NULL outside the cells (free). */
char      *hl_confusion_view_readout_at (HlConfusionView *self, double x, double y);

/* Draws what the widget shows into cr (width × height, in pixels of the
 * widget's text scale 1): the snapshot, and tests. */
void       hl_confusion_view_draw (HlConfusionView *self, cairo_t *cr, double width, double height);

G_END_DECLS
