/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-private.h - HlPlot internals shared by hl-plot.c (widget, input,
 * properties) and hl-plot-series.c (curve data). */
#pragma once

#include "hl-plot.h"

G_BEGIN_DECLS

typedef struct {
  char     *label;
  double    r, g, b;
  gboolean  dashed, hidden;
  int       axis;
  gboolean  percent;   /* see HlPlotSeries */
  GArray   *steps;     /* double */
  GArray   *epochs;    /* double, or NULL: steps serve both modes */
  GArray   *y;         /* double */
  GArray   *lo, *hi;   /* band, or NULL */
  /* Bumped by every change except an append (which keeps the EMA of the
   * points before it valid). */
  guint     version;
  /* EMA cache (hl-plot.c): sm_y holds the EMA of the first sm_len values of
   * y for sm_alpha and data version sm_version; sm_lo/sm_hi the band's. */
  GArray   *sm_y, *sm_lo, *sm_hi;
  gsize     sm_len;
  double    sm_alpha, sm_acc;
  guint     sm_version;
} PlotSeries;

struct _HlPlot {
  GtkWidget    parent_instance;

  /* owned */
  GPtrArray   *series;           /* PlotSeries */
  char        *title, *y_label, *y2_label, *marker_label;
  double       marker_step, marker_epoch;
  gboolean     log_y;
  double       smoothing;
  HlPlotXAxis  x_axis;
  gboolean     dark;
  double       zoom_min, zoom_max;   /* NAN = data extent */
  double       hover_x;
  HlPlotLayout layout;               /* of the last snapshot, for hit tests; in plot
                                      * units: widget pixels / text_scale */
  double       text_scale;           /* of the last snapshot (hl_plot_widget_text_scale) */
  gboolean     layout_valid;
  gboolean     dragging;
  double       drag_x0, drag_x1;
};

void        hl_plot_data_changed (HlPlot *self);

PlotSeries *hl_plot_series_at (HlPlot *self, guint index);
GArray     *hl_plot_doubles_new (const double *v, gsize n);
void        hl_plot_series_free (gpointer data);

G_END_DECLS
