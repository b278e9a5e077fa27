/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-render-private.h - shared internals of the cairo plot renderer
 * (layout/axes in hl-plot-render.c, curves in hl-plot-draw.c). */
#pragma once

#include "hl-plot-render.h"

G_BEGIN_DECLS

#define HL_PLOT_MAX_TICKS 24

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
} HlPlotGeom;

void hl_plot_geom_compute (HlPlotGeom *g, double width, double height,
                           const HlPlotSeries *series, guint n_series,
                           const HlPlotOptions *opts);

void hl_plot_set_font (cairo_t *cr, double size, gboolean bold);
void hl_plot_set_rgb (cairo_t *cr, const double rgb[3], double alpha);

/* Curves (hl-plot-draw.c). */
void hl_plot_draw_series (cairo_t *cr, const HlPlotGeom *g,
                          const HlPlotSeries *series, guint n_series,
                          const HlPlotOptions *opts);
void hl_plot_draw_legend (cairo_t *cr, const HlPlotGeom *g,
                          const HlPlotSeries *series, guint n_series);
void hl_plot_draw_hover (cairo_t *cr, const HlPlotGeom *g,
                         const HlPlotSeries *series, guint n_series,
                         const HlPlotOptions *opts);
/* Index of the point whose x is nearest to x among finite y, or -1. */
gssize hl_plot_nearest_index (const double *x, const double *y, gsize n, double at);

G_END_DECLS
