/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-render-private.h - shared internals of the cairo plot renderer
 * (layout/axes in hl-plot-render.c, curves in hl-plot-draw.c). */
#pragma once

#include "hl-plot-render.h"

G_BEGIN_DECLS

#define HL_PLOT_MAX_TICKS 24
#define HL_PLOT_PAD       12.0  /* the picture's margin */

#define HL_PLOT_FONT         "Sans"
#define HL_PLOT_FONT_TICK    11.0
#define HL_PLOT_FONT_LABEL   12.0
#define HL_PLOT_FONT_TITLE   14.0
#define HL_PLOT_LINE_WIDTH   1.75

typedef struct {
  double value;
  char   label[32];
} HlPlotTick;

typedef struct {
  double bg[3];       /* background */
  double fg[3];       /* text, axes */
  double muted[3];    /* secondary text, hidden legend entries */
  double grid[3];     /* grid lines */
  double panel[3];    /* readout box */
} HlPlotTheme;

/* Everything one render needs, computed once. */
typedef struct {
  HlPlotLayout l;
  HlPlotTheme  theme;
  HlPlotTick   xt[HL_PLOT_MAX_TICKS], yt[HL_PLOT_MAX_TICKS], y2t[HL_PLOT_MAX_TICKS];
  guint        n_xt, n_yt, n_y2t;
  double       width, height;
  double       title_y;       /* baseline of the title */
  gboolean     has_title, has_x_label;   /* drawn: not on a figure too low */
  double       y2_label_x;    /* the rotated accuracy label's baseline, right of its ticks */
  /* Bytes of the y and y2 labels drawn, then "…" when cut; 0: none.  A
   * label longer than the plot is tall lost its "(cross-entropy)", else
   * its end, and on a small figure ran off the picture. */
  gsize        y_label_shown, y2_label_shown;
  gboolean     y_label_cut, y2_label_cut;
  /* A label the plot is too short for, read across in a row over the plot
   * instead: the left one from the picture's margin, the right one ending
   * at above_right; their baseline.  "Validierungsgenauigkeit" lost its
   * end on a plot 105 px tall (a comparison at 1280x720). */
  gboolean     y_label_above, y2_label_above;
  double       above_y, above_right;
  /* The marker's label: its top left, width and the bytes shown (then "…"
   * when cut; 0: none), from hl_plot_marker_place. */
  double       marker_lx, marker_ly, marker_w;
  gsize        marker_shown;
  gboolean     marker_cut;
} HlPlotGeom;

void hl_plot_geom_compute (HlPlotGeom *g, double width, double height,
                           const HlPlotSeries *series, guint n_series,
                           const HlPlotOptions *opts);

/* The frame (hl-plot-axes.c): grid; axes with their tick and axis labels
 * and the title; "no data" over an empty plot; the right axis' label. */
void hl_plot_draw_grid (cairo_t *cr, const HlPlotGeom *g);
void hl_plot_draw_axes (cairo_t *cr, const HlPlotGeom *g, const HlPlotOptions *opts);
void hl_plot_draw_no_data (cairo_t *cr, const HlPlotGeom *g);
const char *hl_plot_y2_label (const HlPlotOptions *opts);
/* Which of the y (1) and y2 (2) labels g cuts with "…" or leaves out;
 * how much of them fits: rotated beside a plot as tall as g's, or read
 * across in its row over the plot (g's *_above, above_right set); whether
 * `above` (g laid out with the labels in mask in that row) shows them
 * better than g, for a height the plot can spare. */
guint    hl_plot_axis_labels_short (const HlPlotGeom *g, const HlPlotOptions *opts);
void     hl_plot_fit_axis_labels (HlPlotGeom *g, cairo_t *cr, const HlPlotOptions *opts,
                                  gboolean has_y_label, gboolean has_y2_label, guint mask);
gboolean hl_plot_axis_labels_better (const HlPlotGeom *g, const HlPlotGeom *above, guint mask);
/* The box of tick label i of an axis (0 left, 1 right, 2 x) as drawn: top
 * left, width, height; sets cr's font to the ticks'. */
void hl_plot_tick_label_box (cairo_t *cr, const HlPlotGeom *g, int axis, guint i,
                             double *x, double *y, double *w, double *h);

void hl_plot_set_font (cairo_t *cr, double size, gboolean bold);
/* How wide text is in cr's font; the most bytes of label, cut at a
 * character, that fit in max_w with "…" after them. */
double hl_plot_text_width (cairo_t *cr, const char *text);
gsize  hl_plot_fit_label (cairo_t *cr, const char *label, double max_w);

/* The marker line and its label (hl-plot-marker.c): where the label goes,
 * clear of the curves where it can be, and the drawing. */
void hl_plot_marker_place (HlPlotGeom *g, cairo_t *cr, const HlPlotSeries *series, guint n_series,
                           const HlPlotOptions *opts);
void hl_plot_draw_marker (cairo_t *cr, const HlPlotGeom *g, const HlPlotOptions *opts);
/* One curve's reading under the hover line. */
typedef struct {
  const HlPlotSeries *s;
  double              value;
  double              x;
  gsize               name_start, name_end;   /* its short name's bytes in the label
                                               * (hl_plot_short_names); end 0: all */
} HlPlotReading;
/* Where the short names of n labels start and end: the words every label
 * begins and ends with are left out ("moons relu adam lr 0.01" and "… lr
 * 0.03" are "0.01" and "0.03"); the whole labels where one would be empty. */
void hl_plot_short_names (const char *const *labels, guint n, gsize *start, gsize *end);
/* How many of the n readings the hover box lists within the plot's height
 * (the rest are "+N more"); when some must go, r is sorted best first (the
 * lowest losses, or the highest accuracies). */
guint hl_plot_readout_lines (const HlPlotLayout *l, HlPlotReading *r, guint n);
/* The hover box: its place and the form of its lines, which lose what a
 * narrow plot has no room for (hl_plot_readout_place). */
typedef struct {
  double   x, y, w, h;
  guint    shown;          /* readings listed, then "+N more" when fewer than all */
  int      digits;         /* significant digits of a loss: 5, or 3 */
  gboolean where;          /* "(step 164)" after a reading from another step */
  gboolean short_names;    /* the names do not all fit: each its short name */
  double   label_w;        /* widest a run's name may be, cut with "…" past it;
                            * INFINITY: whole, 0: no names (the colour keys stay) */
} HlPlotReadout;
/* The box for n readings (sorted when not all are shown) under a hover
 * line at pixel px, heading head_x: inside the plot where it fits, always
 * inside the picture. */
void hl_plot_readout_place (cairo_t *cr, const HlPlotGeom *g, const HlPlotOptions *opts,
                            HlPlotReading *r, guint n, double px, double head_x, HlPlotReadout *out);
/* Reading r's line in box's form; cr, in the tick font, measures the names
 * to shorten (NULL: whole). */
void hl_plot_readout_line (char *buf, gsize len, cairo_t *cr, const HlPlotOptions *opts,
                           const HlPlotReadout *box, const HlPlotReading *r, double head_x);
/* The legend's last entry for n series left out: "+12 more" (free). */
char *hl_plot_legend_more_text (guint n);
void hl_plot_set_rgb (cairo_t *cr, const double rgb[3], double alpha);

/* Smoothed copies (EMA with opts->smoothing) of one series' data, for
 * callers that cache them; a NULL pointer is computed while drawing. */
typedef struct {
  const double *y, *band_lo, *band_hi;
} HlPlotSmoothed;

/* hl_plot_render with cached smoothed data (n_series entries, or NULL) that
 * also returns the layout it used (out may be NULL). */
void hl_plot_render_full (cairo_t *cr, double width, double height,
                          const HlPlotSeries *series, guint n_series,
                          const HlPlotSmoothed *smoothed, const HlPlotOptions *opts,
                          HlPlotLayout *layout_out);

/* EMA over in[from..n), continuing from *acc (NAN before the first finite
 * value); out[0..from) must hold the earlier results.  Updates *acc. */
void hl_plot_smooth_from (const double *in, double *out, gsize from, gsize n,
                          double alpha, double *acc);

/* Scales (hl-plot-scale.c): x, y and y2 ranges of l from the data; ticks
 * inside lo..hi about target many; the label of tick v on an axis whose
 * ticks are step apart and whose largest magnitude is axis_max. */
void  hl_plot_compute_ranges (HlPlotLayout *l, const HlPlotSeries *series, guint n_series,
                              const HlPlotOptions *opts);
guint hl_plot_linear_ticks (HlPlotTick *t, double lo, double hi, double target);
guint hl_plot_log_ticks (HlPlotTick *t, double lo, double hi, double target);
void  hl_plot_format_tick (char *buf, gsize len, double v, double step, double axis_max);
void  hl_plot_format_count_tick (char *buf, gsize len, double v, double step, double axis_max);

/* An isolated point's marker, in pixels. */
typedef struct {
  double   x, y;
  double   rgb[3], alpha, width;
  gboolean dashed;
} HlPlotDot;

/* One curve, decimated per pixel column (hl-plot-curve.c); its isolated
 * points inside the plot are added to dots (HlPlotDot) for
 * hl_plot_draw_dots, which draws them whole where the plot's clip would
 * halve one on its edge. */
void hl_plot_draw_curve (cairo_t *cr, const HlPlotLayout *l, int axis,
                         const double *x, const double *y, gsize n,
                         const double rgb[3], double alpha, double width, gboolean dashed,
                         GArray *dots);
void hl_plot_draw_dots (cairo_t *cr, const GArray *dots);
/* Adds a band's polygons (lo..hi per pixel column) to the current path. */
void hl_plot_path_band (cairo_t *cr, const HlPlotLayout *l, int axis,
                        const double *x, const double *lo, const double *hi, gsize n);

/* The legend (hl-plot-legend.c): entries laid out in rows from y0 down,
 * as many rows as room holds (at least one), in the compact look where the
 * full one lists fewer curves or is higher than fit, its rows as wide as
 * the plot, else from x_lo to x_hi (returns their height); moved down by
 * dy; drawn. */
double hl_plot_layout_legend (cairo_t *cr, HlPlotLayout *l, double y0, double room, double fit,
                              double x_lo, double x_hi, const HlPlotSeries *series, guint n_series);
/* Fewer legend entries than 4 (or than the curves, where fewer): a small
 * figure's, which tries the compact look, then a column; a large one
 * with more entries than fit keeps its rows and "+N more" (a sweep's 30). */
gboolean hl_plot_legend_too_few (const HlPlotLayout *l, guint n_series);
/* The compact entries in a column ending at x_right, from y0 down to y1,
 * the plot made narrower for it; FALSE (l unchanged) where that leaves the
 * plot under a third of the width or holds under two rows. */
gboolean hl_plot_layout_legend_column (cairo_t *cr, HlPlotLayout *l, double x_right, double y0, double y1,
                                       const HlPlotSeries *series, guint n_series);
void   hl_plot_shift_legend (HlPlotLayout *l, double dy);
void   hl_plot_draw_legend (cairo_t *cr, const HlPlotGeom *g,
                            const HlPlotSeries *series, guint n_series);

/* Series and hover (hl-plot-draw.c). */
void hl_plot_draw_series (cairo_t *cr, const HlPlotGeom *g,
                          const HlPlotSeries *series, guint n_series,
                          const HlPlotSmoothed *smoothed, const HlPlotOptions *opts);
/* Also sets g's readout_* to the box drawn. */
void hl_plot_draw_hover (cairo_t *cr, HlPlotGeom *g,
                         const HlPlotSeries *series, guint n_series,
                         const HlPlotSmoothed *smoothed, const HlPlotOptions *opts);
/* Index of the point whose x is nearest to x among finite y, or -1; with
 * log_x nearest in log(x), as a log axis draws them (x > 0). */
gssize hl_plot_nearest_index (const double *x, const double *y, gsize n, double at, gboolean log_x);
/* The readout's line for series s: its value at x, under a heading at head_x. */
void   hl_plot_format_reading (char *buf, gsize len, const HlPlotOptions *opts,
                               const HlPlotSeries *s, double value, double x, double head_x);

G_END_DECLS
