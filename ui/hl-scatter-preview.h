/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-scatter-preview.h - a cairo scatter plot of 2-D data, optionally over a
 * decision-boundary grid (class probabilities) computed elsewhere, or of a
 * 1-D regression's (x, target) with the model's fitted curve. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HL_TYPE_SCATTER_PREVIEW (hl_scatter_preview_get_type ())
G_DECLARE_FINAL_TYPE (HlScatterPreview, hl_scatter_preview, HL, SCATTER_PREVIEW, GtkWidget)

GtkWidget *hl_scatter_preview_new (void);

/* Copy n points (xy: n × 2).  labels (n class indices) colours them by class;
 * without labels the points are drawn in one colour (regression: x, target). */
void hl_scatter_preview_set_points (HlScatterPreview *self, const float *xy,
                                    const guint32 *labels, guint n, guint n_classes);

/* Copy a res × res grid of predicted classes (row-major, row 0 at y0; 255 =
 * no prediction, left blank)
 * covering [x0, x1] × [y0, y1]; NULL clears.  The view then spans that
 * rectangle. */
void hl_scatter_preview_set_boundary (HlScatterPreview *self, const guint8 *cells, guint res,
                                      double x0, double x1, double y0, double y1);
/* Points that are (x, target) of a 1-D regression: each axis spans its own
 * data (equal scales drew prices of 1e5 over x of 1 as a vertical line). */
void hl_scatter_preview_set_graph (HlScatterPreview *self, gboolean graph);
/* Copy a fitted curve: n predictions at evenly spaced x in [x0, x1] (cell
 * centres); NULL clears.  Drawn over the points, clipped to their view;
 * non-finite values leave gaps. */
void hl_scatter_preview_set_curve (HlScatterPreview *self, const float *y, guint n,
                                   double x0, double x1);
gboolean hl_scatter_preview_has_curve (HlScatterPreview *self);
/* Show the points of another preview (same dataset, e.g. the form's). */
void hl_scatter_preview_copy_points (HlScatterPreview *self, HlScatterPreview *from);

void  hl_scatter_preview_clear (HlScatterPreview *self);
guint hl_scatter_preview_get_n_points (HlScatterPreview *self);
gboolean hl_scatter_preview_has_boundary (HlScatterPreview *self);

/* Okabe-Ito class colour (colour-blind safe); index wraps. */
void hl_scatter_class_color (guint index, double *r, double *g, double *b);

G_END_DECLS
