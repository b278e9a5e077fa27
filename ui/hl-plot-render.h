/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-render.h - cairo-only line-plot renderer shared by the live plot
 * widget, the compare view and `hyperlab-cli plot` (no GTK here). */
#pragma once

#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

/* One curve.  Arrays are borrowed for the duration of the call. */
typedef struct {
  const char   *label;
  double        r, g, b;        /* colour */
  const double *x;              /* n values (step or epoch) */
  const double *y;              /* n values, NAN = gap */
  gsize         n;
  const double *band_lo;        /* optional min / -1 sd band (n values), or NULL */
  const double *band_hi;
  gboolean      dashed;         /* e.g. validation curves */
  gboolean      hidden;         /* kept in the legend, greyed, not drawn */
  int           axis;           /* 0 = left (loss), 1 = right (accuracy, 0..1) */
  gboolean      percent;        /* y is a fraction (an accuracy) the hover readout gives
                                 * as a percentage, as the tables do; always on axis 1 */
} HlPlotSeries;

typedef struct {
  const char *title;            /* may be NULL */
  const char *x_label;          /* "step" */
  gboolean    x_whole;          /* x is a count (steps): ticks at whole numbers only */
  gboolean    log_x;            /* x on a log scale (learning rates); x <= 0 is not drawn,
                                 * x_whole does not apply */
  const char *y_label;          /* "loss" */
  const char *y2_label;         /* right axis label, or NULL when no series uses axis 1 */
  gboolean    log_y;
  double      smoothing;        /* EMA factor 0 .. 0.99; raw curve drawn faint when > 0 */
  gboolean    show_legend;
  /* Visible x range; NAN = auto (data extent). */
  double      x_min, x_max;
  /* Optional vertical marker (overfitting start...), NAN = none. */
  double      marker_x;
  const char *marker_label;
  /* Hover crosshair at this x, NAN = none. */
  double      hover_x;
  gboolean    dark;             /* dark background palette */
} HlPlotOptions;

void hl_plot_options_init (HlPlotOptions *opts);

/* Draw into cr at (0,0)-(width,height).  Per-pixel min/max decimation keeps a
 * million points fast. */
void hl_plot_render (cairo_t *cr, double width, double height,
                     const HlPlotSeries *series, guint n_series,
                     const HlPlotOptions *opts);

/* At most this many legend entries are laid out; the rest are counted in
 * the legend's last entry ("+12 more"). */
#define HL_PLOT_MAX_LEGEND 48

/* One legend entry's box in pixels, for click hit testing. */
typedef struct {
  double x, y, w, h;
  guint  series;                    /* index into the series array */
  gsize  shown;                     /* bytes of the label drawn from start */
  gsize  start;                     /* bytes of the label left out before them (a
                                     * compact legend's words all labels share) */
  gboolean cut;                     /* "…" follows: the label's end is left out */
} HlPlotLegendBox;

/* Plot area geometry of the last layout for given size (for hit testing):
 * maps pixel x to data x.  Series x values are expected in ascending order
 * (steps, epochs); the hover readout relies on it. */
typedef struct {
  double left, top, right, bottom;  /* plot area in pixels */
  double x_min, x_max, y_min, y_max; /* in data units, also when log_x, log_y */
  double y2_min, y2_max;            /* right axis (accuracy) */
  gboolean log_x;
  gboolean log_y;
  gboolean has_y2;                  /* some series uses axis 1 */
  gboolean empty;                   /* no visible finite point: "no data" */
  guint    n_legend;
  HlPlotLegendBox legend[HL_PLOT_MAX_LEGEND];
  /* The legend takes at most about a third of the height, its labels at
   * most half the width (a sweep's 30 runs buried the plot under their
   * names): the series left out, and where "+N more" says so. */
  guint    legend_more;
  double   legend_more_x, legend_more_y;
  /* Short colour keys and names in the tick font: a small figure's legend,
   * where the full one left curves out. */
  gboolean legend_compact;
  gboolean legend_column;           /* in a column right of the plot, not above it */
  /* The hover readout's box as last drawn (hl_plot_render_full); w 0: none. */
  double   readout_x, readout_y, readout_w, readout_h;
} HlPlotLayout;
void hl_plot_compute_layout (double width, double height,
                             const HlPlotSeries *series, guint n_series,
                             const HlPlotOptions *opts, HlPlotLayout *out);

/* Pixel <-> data mapping of a layout.  x_to_pixel and y_to_pixel return NAN
 * for values that cannot be drawn (non-finite, or <= 0 on a log axis). */
double hl_plot_layout_x_to_pixel (const HlPlotLayout *layout, double x);
double hl_plot_layout_pixel_to_x (const HlPlotLayout *layout, double px);
double hl_plot_layout_y_to_pixel (const HlPlotLayout *layout, int axis, double y);
gboolean hl_plot_layout_in_plot (const HlPlotLayout *layout, double px, double py);
/* Series index whose legend entry contains (px, py), or -1. */
int    hl_plot_layout_legend_at (const HlPlotLayout *layout, double px, double py);

/* The sizes an export may have, in pixels or points, for the CLI and the
 * library alike (the Export dialog's spin buttons start at 100 too): a
 * smaller figure has no room for its axes. */
#define HL_PLOT_EXPORT_MIN 100
#define HL_PLOT_EXPORT_MAX 20000
/* A PNG's width and height in pixels (size × scale) at most: cairo's image
 * surfaces end there. */
#define HL_PLOT_EXPORT_MAX_PIXELS 32767
/* A plot's size unless one is given: `hyperlab-cli plot` and the Export
 * dialog both start from it, so the application's figure is the command's
 * (the dialog said 800 × 500, the command 800 × 480). */
#define HL_PLOT_EXPORT_WIDTH 800
#define HL_PLOT_EXPORT_HEIGHT 480

/* Draws a figure of width × height (pixels or points) into cr at (0,0). */
typedef void (*HlFigureDrawFunc) (cairo_t *cr, double width, double height, gpointer data);

/* Any figure to a file, as hl_plot_export below (the same formats, size
 * bounds, resolution and errors): draw draws it. */
gboolean hl_figure_export (const char *path, double width, double height, double scale,
                           HlFigureDrawFunc draw, gpointer data, GError **error);

/* Export to a file; format from the extension (.png, .svg, .pdf).
 * width/height in pixels (PNG) or points (SVG/PDF); scale multiplies PNG resolution. */
gboolean hl_plot_export (const char *path, double width, double height, double scale,
                         const HlPlotSeries *series, guint n_series,
                         const HlPlotOptions *opts, GError **error);

/* Colour-blind-safe palette (Okabe-Ito) of HL_PLOT_PALETTE_SIZE colours;
 * index wraps (plots of more curves dash the next round). */
#define HL_PLOT_PALETTE_SIZE 8
void hl_plot_palette (guint index, double *r, double *g, double *b);

/* Legend labels that tell curves apart: labels[i], followed by " (tags[i])"
 * where another curve has the same label (runs of one config name).  A new
 * NULL-terminated array of n strings. */
char **hl_plot_distinct_labels (const char *const *labels, const char *const *tags, guint n);

/* A loss axis's label with the loss it is: "loss (cross-entropy)" when
 * every run is a classification, "loss (MSE)" when every run is a
 * regression (n_regression of n_runs), label alone when they mix. */
char *hl_plot_loss_label (const char *label, guint n_regression, guint n_runs);

/* EMA smoothing helper: out[i] = a*out[i-1] + (1-a)*in[i], NANs skipped. */
void hl_plot_smooth (const double *in, double *out, gsize n, double alpha);

G_END_DECLS
