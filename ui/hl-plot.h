/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot.h - GTK plot widget around the cairo renderer: live curves,
 * log-y, smoothing, hover readout, drag-to-zoom, legend toggling, export. */
#pragma once

#include <gtk/gtk.h>
#include "hl-plot-render.h"

G_BEGIN_DECLS

typedef enum {
  HL_PLOT_X_STEPS,
  HL_PLOT_X_EPOCHS,
} HlPlotXAxis;

GType hl_plot_x_axis_get_type (void) G_GNUC_CONST;
#define HL_TYPE_PLOT_X_AXIS (hl_plot_x_axis_get_type ())

#define HL_TYPE_PLOT (hl_plot_get_type ())
G_DECLARE_FINAL_TYPE (HlPlot, hl_plot, HL, PLOT, GtkWidget)

/* Signals: "series-toggled" (guint index, gboolean hidden) when a click on
 * the legend hides or shows a series. */

GtkWidget *hl_plot_new (void);

/* Series.  The widget owns copies of all data.  Returns the new index. */
guint    hl_plot_add_series (HlPlot *self, const char *label, double r, double g, double b,
                             gboolean dashed, int axis);
guint    hl_plot_get_n_series (HlPlot *self);
/* Removes every series (and the marker); zoom is kept. */
void     hl_plot_clear (HlPlot *self);
/* Live case: one point.  Non-finite y is skipped (validation rows without a
 * measurement), so sparse curves stay connected. */
void     hl_plot_append_point (HlPlot *self, guint series, double step, double epoch, double y);
/* Whole arrays (copied).  epochs may be NULL: the step values then serve both
 * axis modes.  Here NAN in y is kept and drawn as a gap. */
void     hl_plot_set_series_data (HlPlot *self, guint series, const double *steps,
                                  const double *epochs, const double *y, gsize n);
/* Optional band (min..max or mean +- sd), n values matching the data; NULL clears. */
void     hl_plot_set_series_band (HlPlot *self, guint series, const double *lo,
                                  const double *hi, gsize n);
/* Compare view: replaces all series by copies of these (x serves both axis modes). */
void     hl_plot_set_series (HlPlot *self, const HlPlotSeries *series, guint n_series);
void     hl_plot_set_series_hidden (HlPlot *self, guint series, gboolean hidden);
gboolean hl_plot_get_series_hidden (HlPlot *self, guint series);
gsize    hl_plot_get_series_len (HlPlot *self, guint series);

/* Labels (copied; NULL allowed). The x label follows the x-axis mode. */
void     hl_plot_set_title (HlPlot *self, const char *title);
void     hl_plot_set_y_labels (HlPlot *self, const char *y_label, const char *y2_label);
const char *hl_plot_get_y_label (HlPlot *self);

/* Vertical marker (overfitting), at a step and its epoch; NAN step clears. */
void     hl_plot_set_marker (HlPlot *self, double step, double epoch, const char *label);

/* Properties. */
gboolean    hl_plot_get_log_y (HlPlot *self);
void        hl_plot_set_log_y (HlPlot *self, gboolean log_y);
double      hl_plot_get_smoothing (HlPlot *self);
void        hl_plot_set_smoothing (HlPlot *self, double smoothing);   /* 0 .. 0.99 */
HlPlotXAxis hl_plot_get_x_axis (HlPlot *self);
void        hl_plot_set_x_axis (HlPlot *self, HlPlotXAxis mode);
gboolean    hl_plot_get_dark (HlPlot *self);

/* Zoom to an x range in the current axis units; reset returns to the data
 * extent.  get_zoom returns FALSE when not zoomed. */
void     hl_plot_zoom_x (HlPlot *self, double x_min, double x_max);
void     hl_plot_reset_zoom (HlPlot *self);
gboolean hl_plot_get_zoom (HlPlot *self, double *x_min, double *x_max);

/* Hover readout at data x (NAN clears); the pointer drives it, tests call it. */
void     hl_plot_set_hover_x (HlPlot *self, double x);

/* Fills opts and a new array of series (free with g_free) as the widget
 * shows them now; the pointers inside are borrowed and valid until the
 * widget's data changes.  Returns the number of series. */
guint    hl_plot_get_render_state (HlPlot *self, HlPlotOptions *opts, HlPlotSeries **series);

/* Writes what is shown (the visible series, log, smoothing, zoom, marker)
 * to PNG/SVG/PDF chosen by extension, on the light background whatever the
 * style; hidden series and series without a point are left out, legend
 * entry and all.  See hl_plot_export. */
gboolean hl_plot_export_file (HlPlot *self, const char *path, double width, double height,
                              double scale, GError **error);

/* How much larger than at 96 dpi a widget's text is (large text sets a
 * higher dpi, as GNOME's text scaling factor does); the plots draw their
 * fonts, margins and lines that much larger, so their labels grow with the
 * rest of the window's text.  1 at 96 dpi and below. */
double   hl_plot_widget_text_scale (GtkWidget *widget);

G_END_DECLS
