/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-layout.h - what the plot layout tests share: a picture drawn,
 * its pixels counted, runs to plot (test-plot-layout.c), and the small-figure
 * tests of test-plot-small.c. */
#pragma once

#include "hl-plot-render.h"

#define N_SMALL 9
#define N_PTS   60

/* Up to N_SMALL runs of N_PTS points, each labelled "circles 8-8 relu adam
 * #k validation", and an accuracy curve (acc); s has room for one more. */
typedef struct {
  double x[N_PTS], y[N_SMALL][N_PTS], acc[N_PTS];
  char labels[N_SMALL][48];
  HlPlotSeries s[N_SMALL + 1];
  HlPlotOptions o;
} Runs;

void runs_init (Runs *r, guint n);
/* The plot drawn on a w×h image (free with cairo_surface_destroy). */
cairo_surface_t *render (double w, double h, const HlPlotSeries *s, guint n, const HlPlotOptions *o);
/* Pixels in x0..x1, y0..y1 within tol (sum of |d| over r, g, b, 0..255 each)
 * of the colour. */
guint count_near (cairo_surface_t *surface, const double rgb[3], int tol, int x0, int y0, int x1, int y1);
/* Adds the tests of test-plot-small.c. */
void test_plot_small_add (void);
