/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-curve.c - one curve with per-pixel min/max decimation: dense
 * (noisy) stretches become a filled min..max envelope, the rest a plain
 * polyline, so a million points cost only the visible pixel columns. */
#include <math.h>
#include <string.h>
#include "hl-plot-render-private.h"

/* Points left or right of the plot collapse into one column each, so a zoom
 * into a million points still costs only the visible columns. */
#define OFFSCREEN 2.0
/* Pixel coordinates are clamped this far outside the plot: cairo's fixed
 * point overflows near 2^23 and the clip hides everything out there. */
#define FAR 1e5
/* A column whose extremes stick out of its first..last segment by less
 * than this many pixels is a line, not an envelope. */
#define THICK_PX 0.5
/* Columns further apart than this are joined by the real segment between
 * their last and first points, not by the envelope. */
#define JOIN_PX 1.5

/* One pixel column of a curve: the points that fall into it. */
typedef struct {
  int    col;
  double x_first, y_first;    /* pixel x, data y */
  double x_last, y_last;
  double y_min, y_max;
  guint  count;
} Column;

/* One vertex: pixel x, upper (small y) and lower edge of the envelope,
 * and where the curve is a plain line here, its y (else NAN).  A pin is a
 * real end point where the curve leaves an envelope for a distant point;
 * it is never widened. */
typedef struct {
  double   x, yu, yl, line;
  gboolean pin;
} Vertex;

typedef struct {
  const HlPlotLayout *l;
  int      axis;
  int      col_lo, col_hi;      /* the two offscreen collector columns */
  double   base;                /* pixel x of column 0 */
  double   half;                /* half the line width */
  GArray  *verts;               /* Vertex, all runs */
  GArray  *runs;                /* guint: end index of each run in verts */
  gboolean have;                /* c holds points */
  Column   c;
  gboolean pending_out;         /* the previous column was thick: its last point */
  double   out_x, out_y;        /* is still to be joined */
  double   prev_x;              /* pixel x of the last point of the run, NAN at its start */
  double   dot_x, dot_y;        /* last isolated point drawn */
  GArray  *dots;                /* double pairs: isolated points' pixel x, y */
} Builder;

static double
to_py (const Builder *b, double y)
{
  const HlPlotLayout *l = b->l;

  return CLAMP (hl_plot_layout_y_to_pixel (l, b->axis, y), l->top - FAR, l->bottom + FAR);
}

static gboolean
thick (const Vertex *v)
{
  return v->yl - v->yu > 1e-6;
}

static void
push (Builder *b, double x, double yu, double yl)
{
  Vertex v = { x, yu, yl, NAN, FALSE };

  g_array_append_val (b->verts, v);
}

static void
push_line (Builder *b, double x, double y, gboolean pin)
{
  Vertex v = { x, y, y, y, pin };

  g_array_append_val (b->verts, v);
}

static void
push_pending (Builder *b)
{
  if (b->pending_out)
    push_line (b, b->out_x, b->out_y, TRUE);
  b->pending_out = FALSE;
}

/* Turns the finished column into vertices. */
static void
flush (Builder *b)
{
  const Column *c = &b->c;
  double pf, pl, top, bottom, cx, core;
  gboolean joined;

  if (!b->have)
    return;
  b->have = FALSE;
  /* The previous envelope is pinched to its last point only where the curve
   * leaves it for a distant column. */
  joined = isfinite (b->prev_x) && c->x_first - b->prev_x <= JOIN_PX;
  if (joined)
    b->pending_out = FALSE;
  else
    push_pending (b);
  pf = to_py (b, c->y_first);
  pl = to_py (b, c->y_last);
  b->prev_x = c->x_last;
  /* Of the collector columns only the segment into the plot can show. */
  if (c->col == b->col_lo)
    {
      push_line (b, c->x_last, pl, TRUE);
      return;
    }
  if (c->col == b->col_hi)
    {
      push_line (b, c->x_first, pf, TRUE);
      return;
    }
  top = to_py (b, c->y_max);
  bottom = to_py (b, c->y_min);
  /* Where the points climb or fall monotonically through the column, the
   * segment first..last already covers min..max: a line is exact. */
  if (c->count < 3 || bottom - top - fabs (pl - pf) < THICK_PX)
    {
      push_line (b, c->x_first, pf, FALSE);
      if (c->count > 1 && c->x_last - c->x_first > 0.25)
        push_line (b, c->x_last, pl, FALSE);
      return;
    }
  /* Thick: what a stroke of the points' zigzag covers is about a box from
   * min to max, as wide as the line, centred on the column.  Its core gets
   * two vertices; dilate() merges the overlap with the neighbours' boxes
   * into them.  Where the curve arrives from a distant column (or starts
   * here) the envelope is pinched to the real first point. */
  cx = b->base + c->col + 0.5;
  core = CLAMP (1.0 - b->half, 0.0, 0.5);
  if (!joined)
    push_line (b, MIN (c->x_first, cx - core), pf, TRUE);
  push (b, cx - core, top, bottom);
  push (b, cx + core, top, bottom);
  b->pending_out = TRUE;
  b->out_x = MAX (c->x_last, cx + core);
  b->out_y = pl;
}

static void
end_run (Builder *b)
{
  guint end;

  flush (b);
  push_pending (b);
  b->prev_x = NAN;
  end = b->verts->len;
  if (b->runs->len == 0 || g_array_index (b->runs, guint, b->runs->len - 1) != end)
    g_array_append_val (b->runs, end);
}

static void
decimate (Builder *b, const double *x, const double *y, gsize n)
{
  const HlPlotLayout *l = b->l;
  gboolean log_axis = l->log_y && b->axis == 0;
  /* pixel x = left + (xs - xs_min) · sx, xs being x or log10 (x) */
  const double xs_min = l->log_x ? log10 (l->x_min) : l->x_min;
  const double sx = (l->right - l->left) / ((l->log_x ? log10 (l->x_max) : l->x_max) - xs_min);
  double lo = floor (l->left) - OFFSCREEN, hi = ceil (l->right) + OFFSCREEN;
  Column *c = &b->c;

  b->base = lo - 1.0;
  b->col_lo = 1;
  b->col_hi = (int) (hi - b->base);
  for (gsize i = 0; i < n; i++)
    {
      double yv = y[i], px;
      int col;

      if (!isfinite (x[i]) || !isfinite (yv) || (log_axis && yv <= 0) || (l->log_x && x[i] <= 0))
        {
          end_run (b);
          continue;
        }
      px = l->left + ((l->log_x ? log10 (x[i]) : x[i]) - xs_min) * sx;
      /* base lies left of lo, so truncation is floor here. */
      col = (int) (CLAMP (px, lo, hi) - b->base);
      px = CLAMP (px, l->left - FAR, l->right + FAR);
      if (b->have && c->col == col)
        {
          if (yv < c->y_min)
            c->y_min = yv;
          if (yv > c->y_max)
            c->y_max = yv;
          c->x_last = px;
          c->y_last = yv;
          c->count++;
          continue;
        }
      flush (b);
      *c = (Column) { col, px, yv, px, yv, yv, yv, 1 };
      b->have = TRUE;
    }
  end_run (b);
}

/* A stroke reaches half its width sideways: each vertex also takes in the
 * extremes of an envelope vertex next to it (the adjacent column's), so a
 * one-point spike shows about as wide as the stroked curve draws it and a
 * line column between envelopes gets their spill. */
static void
dilate (Vertex *v, guint m)
{
  double prev_u = 0, prev_l = 0;

  for (guint k = 0; k < m; k++)
    {
      double u = v[k].yu, lo = v[k].yl;

      if (!v[k].pin)
        {
          /* Only envelope vertices (no line) spill; line ones are exact. */
          if (k > 0 && isnan (v[k - 1].line) && v[k].x - v[k - 1].x <= JOIN_PX)
            v[k].yu = MIN (v[k].yu, prev_u), v[k].yl = MAX (v[k].yl, prev_l);
          if (k + 1 < m && isnan (v[k + 1].line) && v[k + 1].x - v[k].x <= JOIN_PX)
            v[k].yu = MIN (v[k].yu, v[k + 1].yu), v[k].yl = MAX (v[k].yl, v[k + 1].yl);
        }
      prev_u = u, prev_l = lo;
    }
}

static gboolean
has_thick (const Builder *b)
{
  for (guint k = 0; k < b->verts->len; k++)
    if (thick (&g_array_index (b->verts, Vertex, k)))
      return TRUE;
  return FALSE;
}

/* Calls fn for each maximal stretch of thick vertices in v[0..m), widened by
 * the line vertex on each side that joins it to the rest of the curve. */
static void
each_stretch (const Vertex *v, guint m, cairo_t *cr, double h,
              void (*fn) (cairo_t *, const Vertex *, guint, guint, double))
{
  for (guint i = 0; i < m; i++)
    {
      guint a, e;

      if (!thick (&v[i]))
        continue;
      a = i > 0 ? i - 1 : i;
      for (e = i; e < m && thick (&v[e]); e++)
        ;
      fn (cr, v, a, MIN (e, m - 1), h);
      i = e;
    }
}

/* The envelope grown by half the line width up and down: what a stroke of
 * the noisy zigzag covers, at the cost of a fill of two smooth-ish edges. */
static void
fill_stretch (cairo_t *cr, const Vertex *v, guint a, guint e, double h)
{
  cairo_move_to (cr, v[a].x, v[a].yu - h);
  for (guint k = a + 1; k <= e; k++)
    cairo_line_to (cr, v[k].x, v[k].yu - h);
  for (guint k = e + 1; k-- > a;)
    cairo_line_to (cr, v[k].x, v[k].yl + h);
  cairo_close_path (cr);
}

/* Envelope polygons of every run; returns FALSE if there are none. */
static gboolean
path_fill (cairo_t *cr, const Builder *b, double h)
{
  const Vertex *v = (const Vertex *) b->verts->data;
  guint start = 0;

  cairo_new_path (cr);
  for (guint r = 0; r < b->runs->len; r++)
    {
      guint end = g_array_index (b->runs, guint, r);

      each_stretch (v + start, end - start, cr, h, fill_stretch);
      start = end;
    }
  return cairo_has_current_point (cr);
}

/* The segments between line vertices (the envelopes cover the rest); a lone
 * point goes to b->dots (once where the last one already shows). */
static void
path_stroke (cairo_t *cr, Builder *b)
{
  const Vertex *v = (const Vertex *) b->verts->data;
  guint start = 0;

  cairo_new_path (cr);
  for (guint r = 0; r < b->runs->len; r++)
    {
      guint end = g_array_index (b->runs, guint, r), m = end - start;
      const Vertex *w = v + start;

      start = end;
      if (m == 1 && !thick (w))
        {
          if (fabs (w->x - b->dot_x) < 1 && fabs (w->line - b->dot_y) < 1)
            continue;
          b->dot_x = w->x, b->dot_y = w->line;
          g_array_append_vals (b->dots, &w->x, 1);
          g_array_append_vals (b->dots, &w->line, 1);
          continue;
        }
      for (guint k = 0; k + 1 < m; k++)
        {
          if (isnan (w[k].line) || isnan (w[k + 1].line))
            continue;
          if (k == 0 || isnan (w[k - 1].line))
            cairo_move_to (cr, w[k].x, w[k].line);
          cairo_line_to (cr, w[k + 1].x, w[k + 1].line);
        }
    }
}

/* Isolated points (a run of one recorded step, a point between two gaps)
 * become markers (hl_plot_draw_dots), those inside the plot: the round dot
 * a stroke made of them was 4 px, lost in print. */
static void
add_dots (GArray *out, const Builder *b, const double rgb[3], double alpha, double width,
          gboolean dashed)
{
  const HlPlotLayout *l = b->l;
  const double *d = (const double *) b->dots->data;

  for (guint i = 0; i + 1 < b->dots->len; i += 2)
    if (d[i] >= l->left - 0.5 && d[i] <= l->right + 0.5 &&
        d[i + 1] >= l->top - 0.5 && d[i + 1] <= l->bottom + 0.5)
      {
        const HlPlotDot dot = { d[i], d[i + 1], { rgb[0], rgb[1], rgb[2] }, alpha, width, dashed };
        g_array_append_val (out, dot);
      }
}

/* Markers about five line widths across; solid curves get discs, dashed
 * ones rings, as the legend tells the two apart. */
void
hl_plot_draw_dots (cairo_t *cr, const GArray *dots)
{
  cairo_save (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < dots->len; i++)
    {
      const HlPlotDot *d = &g_array_index (dots, HlPlotDot, i);
      const double r = MAX (4.0, 2.5 * d->width), ring = MAX (d->width, 1.5);

      cairo_new_path (cr);
      cairo_arc (cr, d->x, d->y, d->dashed ? r - ring / 2 : r, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, d->rgb[0], d->rgb[1], d->rgb[2], d->alpha);
      if (d->dashed)
        {
          cairo_set_line_width (cr, ring);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }
  cairo_restore (cr);
}

void
hl_plot_draw_curve (cairo_t *cr, const HlPlotLayout *l, int axis,
                    const double *x, const double *y, gsize n,
                    const double rgb[3], double alpha, double width, gboolean dashed,
                    GArray *dots)
{
  static const double dash[] = { 6, 4 };
  Builder b = { .l = l, .axis = axis, .half = width / 2, .prev_x = NAN, .dot_x = NAN,
                .dot_y = NAN };
  gboolean grouped;
  double opaque;

  b.verts = g_array_sized_new (FALSE, FALSE, sizeof (Vertex),
                               (guint) MIN (n, (gsize) (l->right - l->left) * 3 + 16));
  b.runs = g_array_new (FALSE, FALSE, sizeof (guint));
  b.dots = g_array_new (FALSE, FALSE, sizeof (double));
  decimate (&b, x, y, n);
  for (guint r = 0, start = 0; r < b.runs->len; r++)
    {
      guint end = g_array_index (b.runs, guint, r);

      dilate ((Vertex *) b.verts->data + start, end - start);
      start = end;
    }
  cairo_save (cr);
  /* Envelope and line overlap where they meet: a translucent curve is drawn
   * opaque into a group and composited once, so the overlap does not darken. */
  grouped = alpha < 1.0 && has_thick (&b);
  if (grouped)
    cairo_push_group (cr);
  opaque = grouped ? 1.0 : alpha;
  if (path_fill (cr, &b, width / 2))
    {
      cairo_antialias_t aa = cairo_get_antialias (cr);

      /* Dense stretches of a dashed curve are lighter, as its dash gaps
       * would show them. */
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], dashed ? opaque * 0.8 : opaque);
      /* Coarser coverage levels do not show on a noise envelope and make its
       * fill about three times cheaper. */
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      cairo_fill (cr);
      cairo_set_antialias (cr, aa);
    }
  path_stroke (cr, &b);
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], opaque);
  cairo_set_line_width (cr, width);
  cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
  cairo_stroke (cr);
  if (grouped)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, alpha);
    }
  cairo_restore (cr);
  add_dots (dots, &b, rgb, alpha, width, dashed);
  g_array_unref (b.verts);
  g_array_unref (b.runs);
  g_array_unref (b.dots);
}

/* ---- bands ------------------------------------------------------------ */

/* Per column the lowest low and highest high, filled as polygons that break
 * at gaps. */
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

static double
band_column (const HlPlotLayout *l, double px)
{
  return CLAMP (floor (px), floor (l->left) - OFFSCREEN, ceil (l->right) + OFFSCREEN);
}

void
hl_plot_path_band (cairo_t *cr, const HlPlotLayout *l, int axis,
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
      plo = CLAMP (plo, l->top - FAR, l->bottom + FAR);
      phi = CLAMP (phi, l->top - FAR, l->bottom + FAR);
      col = band_column (l, px);
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
      bx[m] = CLAMP (px, l->left - FAR, l->right + FAR), blo[m] = plo, bhi[m] = phi;
      m++;
      last_col = col;
    }
  fill_band_run (cr, bx, blo, bhi, m);
  g_free (bx);
  g_free (blo);
  g_free (bhi);
}
