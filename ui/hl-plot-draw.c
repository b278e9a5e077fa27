/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-draw.c - curves with per-pixel min/max decimation, bands, legend
 * and hover readout for the cairo plot renderer. */
#include <math.h>
#include <string.h>
#include "hl-plot-render-private.h"

/* Points left or right of the plot collapse into one column each, so a zoom
 * into a million points still costs only the visible columns. */
#define OFFSCREEN 2.0
#define FAR 1e5

/* One pixel column of a curve: the points that fall into it. */
typedef struct {
  double col;                 /* column index (floor of pixel x), clamped */
  double x_first, y_first;    /* pixel x, data y */
  double x_last, y_last;
  double y_min, y_max;
  gsize  i_min, i_max;
  guint  count;
} Column;

typedef struct {
  cairo_t            *cr;
  const HlPlotLayout *l;
  int                 axis;
  gboolean            pen_down;
  guint               verts;      /* vertices in the current sub-path */
  double              last_px, last_py;
  gboolean            have;
  Column              c;
} PathBuilder;

static double
clamp_px (const HlPlotLayout *l, double px)
{
  return CLAMP (px, l->left - FAR, l->right + FAR);
}

static void
builder_point (PathBuilder *b, double px, double py)
{
  if (!isfinite (py))
    return;
  if (b->pen_down)
    cairo_line_to (b->cr, px, py);
  else
    cairo_move_to (b->cr, px, py);
  b->pen_down = TRUE;
  b->verts++;
  b->last_px = px;
  b->last_py = py;
}

/* Ends the sub-path; a lone point becomes a small ring, which the stroke
 * draws as a dot (isolated points between gaps stay visible). */
static void
builder_pen_up (PathBuilder *b)
{
  if (b->verts == 1)
    {
      cairo_new_sub_path (b->cr);
      cairo_arc (b->cr, b->last_px, b->last_py, 1.25, 0, 2 * G_PI);
    }
  b->pen_down = FALSE;
  b->verts = 0;
}

static void
builder_flush (PathBuilder *b)
{
  const Column *c = &b->c;
  double cx = c->col + 0.5;

  if (!b->have)
    return;
  b->have = FALSE;
  builder_point (b, clamp_px (b->l, c->x_first),
                 hl_plot_layout_y_to_pixel (b->l, b->axis, c->y_first));
  if (c->count < 2)
    return;
  /* The vertical min..max segment, in the order the extremes occurred. */
  if (c->i_min < c->i_max)
    {
      builder_point (b, cx, hl_plot_layout_y_to_pixel (b->l, b->axis, c->y_min));
      builder_point (b, cx, hl_plot_layout_y_to_pixel (b->l, b->axis, c->y_max));
    }
  else
    {
      builder_point (b, cx, hl_plot_layout_y_to_pixel (b->l, b->axis, c->y_max));
      builder_point (b, cx, hl_plot_layout_y_to_pixel (b->l, b->axis, c->y_min));
    }
  builder_point (b, clamp_px (b->l, c->x_last),
                 hl_plot_layout_y_to_pixel (b->l, b->axis, c->y_last));
}

static void
builder_gap (PathBuilder *b)
{
  builder_flush (b);
  builder_pen_up (b);
}

static double
column_of (const HlPlotLayout *l, double px)
{
  return CLAMP (floor (px), floor (l->left) - OFFSCREEN, ceil (l->right) + OFFSCREEN);
}

static void
builder_add (PathBuilder *b, gsize i, double px, double y)
{
  Column *c = &b->c;
  double col = column_of (b->l, px);

  if (b->have && c->col == col)
    {
      if (y < c->y_min)
        c->y_min = y, c->i_min = i;
      if (y > c->y_max)
        c->y_max = y, c->i_max = i;
      c->x_last = px;
      c->y_last = y;
      c->count++;
      return;
    }
  builder_flush (b);
  *c = (Column) { col, px, y, px, y, y, y, i, i, 1 };
  b->have = TRUE;
}

/* Adds one curve to the current path: at most four vertices per pixel column. */
static void
path_decimated (cairo_t *cr, const HlPlotLayout *l, int axis,
                const double *x, const double *y, gsize n)
{
  PathBuilder b = { cr, l, axis, FALSE, 0, 0, 0, FALSE, { 0 } };
  gboolean log_axis = l->log_y && axis == 0;
  double sx = (l->right - l->left) / (l->x_max - l->x_min);

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (x[i]) || !isfinite (y[i]) || (log_axis && y[i] <= 0))
        {
          builder_gap (&b);
          continue;
        }
      builder_add (&b, i, l->left + (x[i] - l->x_min) * sx, y[i]);
    }
  builder_gap (&b);
}

/* Band: per column the lowest low and highest high, filled as polygons that
 * break at gaps. */
static void
fill_band_run (cairo_t *cr, const double *bx, const double *blo, const double *bhi, guint n)
{
  if (n == 0)
    return;
  cairo_move_to (cr, bx[0], bhi[0]);
  for (guint k = 1; k < n; k++)
    cairo_line_to (cr, bx[k], bhi[k]);
  for (guint k = n; k-- > 0;)
    cairo_line_to (cr, bx[k], blo[k]);
  cairo_close_path (cr);
}

static void
path_band (cairo_t *cr, const HlPlotLayout *l, int axis,
           const double *x, const double *lo, const double *hi, gsize n)
{
  guint cap = (guint) (l->right - l->left) + 8, m = 0;
  double *bx = g_new (double, cap), *blo = g_new (double, cap), *bhi = g_new (double, cap);
  double last_col = NAN;

  for (gsize i = 0; i < n; i++)
    {
      double plo = hl_plot_layout_y_to_pixel (l, axis, lo[i]);
      double phi = hl_plot_layout_y_to_pixel (l, axis, hi[i]);
      double px = hl_plot_layout_x_to_pixel (l, x[i]), col;

      if (!isfinite (px) || !isfinite (plo) || !isfinite (phi))
        {
          fill_band_run (cr, bx, blo, bhi, m);
          m = 0;
          last_col = NAN;
          continue;
        }
      col = column_of (l, px);
      if (m > 0 && col == last_col)
        {
          /* pixel y grows downwards: low values have large y */
          blo[m - 1] = MAX (blo[m - 1], plo);
          bhi[m - 1] = MIN (bhi[m - 1], phi);
          continue;
        }
      if (m == cap)
        {
          fill_band_run (cr, bx, blo, bhi, m);
          bx[0] = bx[m - 1], blo[0] = blo[m - 1], bhi[0] = bhi[m - 1];
          m = 1;
        }
      bx[m] = clamp_px (l, px), blo[m] = plo, bhi[m] = phi;
      m++;
      last_col = col;
    }
  fill_band_run (cr, bx, blo, bhi, m);
  g_free (bx);
  g_free (blo);
  g_free (bhi);
}

static double *
smoothed (const double *y, gsize n, double alpha)
{
  double *out;

  if (y == NULL || alpha <= 0)
    return NULL;
  out = g_new (double, n);
  hl_plot_smooth (y, out, n, alpha);
  return out;
}

static void
stroke_curve (cairo_t *cr, const HlPlotGeom *g, const HlPlotSeries *s,
              const double *y, double alpha, double width)
{
  static const double dash[] = { 6, 4 };

  cairo_new_path (cr);
  path_decimated (cr, &g->l, s->axis, s->x, y, s->n);
  cairo_set_source_rgba (cr, s->r, s->g, s->b, alpha);
  cairo_set_line_width (cr, width);
  cairo_set_dash (cr, dash, s->dashed ? 2 : 0, 0);
  cairo_stroke (cr);
}

static void
draw_one_series (cairo_t *cr, const HlPlotGeom *g, const HlPlotSeries *s, double alpha)
{
  g_autofree double *ys = smoothed (s->y, s->n, alpha);

  if (s->band_lo && s->band_hi)
    {
      g_autofree double *lo = smoothed (s->band_lo, s->n, alpha);
      g_autofree double *hi = smoothed (s->band_hi, s->n, alpha);

      cairo_new_path (cr);
      path_band (cr, &g->l, s->axis, s->x, lo ? lo : s->band_lo, hi ? hi : s->band_hi, s->n);
      cairo_set_source_rgba (cr, s->r, s->g, s->b, 0.18);
      cairo_fill (cr);
    }
  if (ys)
    {
      /* The raw curve stays visible, faint, under the smoothed one. */
      stroke_curve (cr, g, s, s->y, 0.25, 1.0);
      stroke_curve (cr, g, s, ys, 1.0, HL_PLOT_LINE_WIDTH);
    }
  else
    stroke_curve (cr, g, s, s->y, 1.0, HL_PLOT_LINE_WIDTH);
}

void
hl_plot_draw_series (cairo_t *cr, const HlPlotGeom *g,
                     const HlPlotSeries *series, guint n_series,
                     const HlPlotOptions *opts)
{
  const HlPlotLayout *l = &g->l;

  cairo_save (cr);
  cairo_rectangle (cr, l->left, l->top, l->right - l->left, l->bottom - l->top);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < n_series; s++)
    if (!series[s].hidden && series[s].n > 0 && series[s].x && series[s].y)
      draw_one_series (cr, g, &series[s], opts->smoothing);
  cairo_restore (cr);
}

/* ---- legend ----------------------------------------------------------- */

void
hl_plot_draw_legend (cairo_t *cr, const HlPlotGeom *g,
                     const HlPlotSeries *series, guint n_series)
{
  static const double dash[] = { 6, 4 };

  cairo_save (cr);
  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
  for (guint i = 0; i < g->l.n_legend; i++)
    {
      const HlPlotLegendBox *b = &g->l.legend[i];
      const HlPlotSeries *s = &series[b->series];
      double mid = b->y + b->h / 2, x = b->x + 2;

      if (s->hidden)
        hl_plot_set_rgb (cr, g->theme.muted, 0.5);
      else
        cairo_set_source_rgb (cr, s->r, s->g, s->b);
      cairo_set_line_width (cr, s->hidden ? 1.5 : 2.5);
      cairo_set_dash (cr, dash, s->dashed ? 2 : 0, 0);
      cairo_move_to (cr, x, mid);
      cairo_line_to (cr, x + 22, mid);
      cairo_stroke (cr);
      if (s->hidden)
        hl_plot_set_rgb (cr, g->theme.muted, 0.6);
      else
        hl_plot_set_rgb (cr, g->theme.fg, 1.0);
      cairo_move_to (cr, x + 28, mid + 4);
      cairo_show_text (cr, s->label ? s->label : "");
    }
  cairo_restore (cr);
}

/* ---- hover readout ---------------------------------------------------- */

gssize
hl_plot_nearest_index (const double *x, const double *y, gsize n, double at)
{
  gsize lo = 0, hi = n;
  gssize best = -1;
  double best_d = INFINITY;

  /* Binary search for the first x >= at, then look outward for finite y. */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (x[mid] < at)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (gsize i = lo; i < n && i < lo + 64; i++)
    if (isfinite (y[i]) && isfinite (x[i]))
      {
        best = (gssize) i, best_d = fabs (x[i] - at);
        break;
      }
  for (gsize i = lo; i > 0 && i + 64 > lo; i--)
    if (isfinite (y[i - 1]) && isfinite (x[i - 1]))
      {
        if (fabs (x[i - 1] - at) <= best_d)
          best = (gssize) (i - 1);
        break;
      }
  return best;
}

typedef struct {
  const HlPlotSeries *s;
  double              value;
  double              x;
} Reading;

static double
reading_value (const HlPlotSeries *s, gssize i, double alpha)
{
  g_autofree double *ys = NULL;

  if (alpha <= 0)
    return s->y[i];
  /* EMA up to i only: the readout shows what the curve shows. */
  ys = smoothed (s->y, (gsize) i + 1, alpha);
  return ys[i];
}

static void
draw_readout_box (cairo_t *cr, const HlPlotGeom *g, const HlPlotOptions *opts,
                  const Reading *r, guint n, double px)
{
  const HlPlotLayout *l = &g->l;
  const double line_h = 16, pad = 8;
  char buf[128];
  double w = 0, h = pad * 2 + line_h * (n + 1), x, y = l->top + 8;
  cairo_text_extents_t e;

  hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
  g_snprintf (buf, sizeof buf, "%s %.6g", opts->x_label ? opts->x_label : "x", r[0].x);
  cairo_text_extents (cr, buf, &e);
  w = e.x_advance;
  for (guint i = 0; i < n; i++)
    {
      g_snprintf (buf, sizeof buf, "%s  %.5g", r[i].s->label ? r[i].s->label : "", r[i].value);
      cairo_text_extents (cr, buf, &e);
      w = MAX (w, e.x_advance + 16);
    }
  w += pad * 2;
  x = px + 12 + w > l->right ? px - 12 - w : px + 12;
  x = MAX (x, l->left + 2);
  hl_plot_set_rgb (cr, g->theme.panel, 0.93);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill_preserve (cr);
  hl_plot_set_rgb (cr, g->theme.grid, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  hl_plot_set_rgb (cr, g->theme.fg, 1.0);
  g_snprintf (buf, sizeof buf, "%s %.6g", opts->x_label ? opts->x_label : "x", r[0].x);
  cairo_move_to (cr, x + pad, y + pad + 12);
  cairo_show_text (cr, buf);
  for (guint i = 0; i < n; i++)
    {
      double ty = y + pad + line_h * (i + 1);

      cairo_set_source_rgb (cr, r[i].s->r, r[i].s->g, r[i].s->b);
      cairo_rectangle (cr, x + pad, ty + 5, 10, 10);
      cairo_fill (cr);
      hl_plot_set_rgb (cr, g->theme.fg, 1.0);
      g_snprintf (buf, sizeof buf, "%s  %.5g", r[i].s->label ? r[i].s->label : "", r[i].value);
      cairo_move_to (cr, x + pad + 16, ty + 14);
      cairo_show_text (cr, buf);
    }
}

void
hl_plot_draw_hover (cairo_t *cr, const HlPlotGeom *g,
                    const HlPlotSeries *series, guint n_series,
                    const HlPlotOptions *opts)
{
  const HlPlotLayout *l = &g->l;
  g_autofree Reading *r = g_new0 (Reading, MAX (n_series, 1));
  guint n = 0;
  double px;

  if (!isfinite (opts->hover_x) || opts->hover_x < l->x_min || opts->hover_x > l->x_max)
    return;
  for (guint s = 0; s < n_series; s++)
    {
      gssize i;

      if (series[s].hidden || series[s].n == 0)
        continue;
      i = hl_plot_nearest_index (series[s].x, series[s].y, series[s].n, opts->hover_x);
      if (i >= 0)
        r[n++] = (Reading) { &series[s], reading_value (&series[s], i, opts->smoothing),
                             series[s].x[i] };
    }
  if (n == 0)
    return;
  cairo_save (cr);
  px = round (hl_plot_layout_x_to_pixel (l, r[0].x)) + 0.5;
  hl_plot_set_rgb (cr, g->theme.fg, 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, px, l->top);
  cairo_line_to (cr, px, l->bottom);
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      double py = hl_plot_layout_y_to_pixel (l, r[i].s->axis, r[i].value);
      double dx = hl_plot_layout_x_to_pixel (l, r[i].x);

      if (!isfinite (py))
        continue;
      cairo_arc (cr, dx, py, 4, 0, 2 * G_PI);
      hl_plot_set_rgb (cr, g->theme.bg, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, r[i].s->r, r[i].s->g, r[i].s->b);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }
  draw_readout_box (cr, g, opts, r, n, px);
  cairo_restore (cr);
}
