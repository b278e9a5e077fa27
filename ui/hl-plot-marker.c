/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-marker.c - the vertical marker (where overfitting began) and its
 * label, placed where the curves leave it room. */
#include <math.h>
#include <string.h>
#include "hl-plot-render-private.h"

#define GAP      4.0                    /* between the line and the label */
#define MARGIN   2.0                    /* ink around the label it keeps clear of */
#define LABEL_H  (HL_PLOT_FONT_TICK + 4)
#define SLOT     4.0                    /* vertical step of the places tried */

static double
marker_pixel (const HlPlotGeom *g, const HlPlotOptions *opts)
{
  const HlPlotLayout *l = &g->l;

  if (!isfinite (opts->marker_x) || opts->marker_x < l->x_min || opts->marker_x > l->x_max)
    return NAN;
  return round (hl_plot_layout_x_to_pixel (l, opts->marker_x)) + 0.5;
}

/* A place for the label: its top left, and how much ink it would cover. */
typedef struct {
  double x, y, cost;
} Place;

/* Widens column c's covered rows [lo, hi] by y. */
static void
cover (double *lo, double *hi, int c, int n, double y)
{
  if (c < 0 || c >= n)
    return;
  lo[c] = MIN (lo[c], y);
  hi[c] = MAX (hi[c], y);
}

/* The rows series s covers in each of the n pixel columns from x0 on (lo >
 * hi where it covers none): its segments, and a lone point's marker. */
static void
series_columns (const HlPlotLayout *l, const HlPlotSeries *s, double x0, int n,
                double *lo, double *hi)
{
  double px_prev = NAN, py_prev = NAN;
  gsize i = 0, a = 0, b = s->n;

  /* x ascends: binary search for the last point left of the columns */
  while (a < b)
    {
      gsize mid = a + (b - a) / 2;
      double px = hl_plot_layout_x_to_pixel (l, s->x[mid]);

      if (isfinite (px) && px < x0)
        a = mid + 1;
      else
        b = mid;
    }
  i = a > 0 ? a - 1 : 0;
  for (; i < s->n; i++)
    {
      const double px = hl_plot_layout_x_to_pixel (l, s->x[i]);
      const double py = hl_plot_layout_y_to_pixel (l, s->axis, s->y[i]);
      const gboolean ok = isfinite (px) && isfinite (py);

      if (ok && !isfinite (px_prev))
        {
          /* a run starts (maybe a lone point): its marker's extent */
          for (int c = (int) floor (px - 4 - x0); c <= (int) floor (px + 4 - x0); c++)
            {
              cover (lo, hi, c, n, py - 4);
              cover (lo, hi, c, n, py + 4);
            }
        }
      else if (ok)
        {
          /* the segment from the previous point, column by column */
          const int c0 = (int) floor (px_prev - x0), c1 = (int) floor (px - x0);

          for (int c = MAX (c0, 0); c <= MIN (c1, n - 1); c++)
            {
              const double ca = MAX (x0 + c, px_prev), cb = MIN (x0 + c + 1, px);
              const double span = px - px_prev;
              const double ya = span > 0 ? py_prev + (py - py_prev) * (ca - px_prev) / span : py_prev;
              const double yb = span > 0 ? py_prev + (py - py_prev) * (cb - px_prev) / span : py;

              cover (lo, hi, c, n, ya);
              cover (lo, hi, c, n, yb);
            }
        }
      px_prev = ok ? px : NAN;
      py_prev = py;
      if (ok && px > x0 + n + 1)
        break;
    }
}

/* Rows of ink a label at (x, y) .. (x + w, y + LABEL_H) would cover, in
 * columns of the area x0 .. x0 + n. */
static double
cost (const double *lo, const double *hi, double x0, int n, double x, double y, double w)
{
  const int c0 = MAX ((int) floor (x - MARGIN - x0), 0);
  const int c1 = MIN ((int) ceil (x + w + MARGIN - x0), n - 1);
  const double top = y - MARGIN, bottom = y + LABEL_H + MARGIN;
  double sum = 0;

  for (int c = c0; c <= c1; c++)
    if (lo[c] <= hi[c])
      sum += MAX (0.0, MIN (hi[c] + HL_PLOT_LINE_WIDTH, bottom) - MAX (lo[c] - HL_PLOT_LINE_WIDTH, top));
  return sum;
}

/* The label's place: beside the line, right or left, as high as the
 * curves let it be; it was always at the top right, over an accuracy curve
 * near 100 %. */
void
hl_plot_marker_place (HlPlotGeom *g, cairo_t *cr, const HlPlotSeries *series, guint n_series,
                      const HlPlotOptions *opts)
{
  const HlPlotLayout *l = &g->l;
  const double mx = marker_pixel (g, opts);
  double room_r, room_l, w, x0, best = INFINITY;
  cairo_text_extents_t e;
  g_autofree double *lo = NULL, *hi = NULL;
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (Place));
  int n;

  g->marker_shown = 0;
  if (!isfinite (mx) || opts->marker_label == NULL || *opts->marker_label == '\0')
    return;
  hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
  cairo_text_extents (cr, opts->marker_label, &e);
  w = e.x_advance;
  room_r = l->right - 2 - (mx + GAP);
  room_l = (mx - GAP) - (l->left + 2);
  g->marker_shown = strlen (opts->marker_label);
  g->marker_cut = FALSE;
  if (w > room_r && w > room_l)
    {
      /* too long for either side of a small plot: cut, or none */
      g->marker_shown = hl_plot_fit_label (cr, opts->marker_label, MAX (room_r, room_l));
      g->marker_cut = TRUE;
      if (g_utf8_strlen (opts->marker_label, (gssize) g->marker_shown) < 3)
        {
          g->marker_shown = 0;
          return;
        }
      {
        g_autofree char *cut = g_strdup_printf ("%.*s…", (int) g->marker_shown, opts->marker_label);
        cairo_text_extents (cr, cut, &e);
        w = e.x_advance;
      }
    }
  g->marker_w = w;
  /* the places tried: down the line from the top, right of it, then left */
  for (double y = l->top + 2; y + LABEL_H <= l->bottom - 2 || y == l->top + 2; y += SLOT)
    for (int side = 0; side < 2; side++)
      if ((side == 0 && w <= room_r) || (side == 1 && w <= room_l))
        {
          const Place p = { side == 0 ? mx + GAP : mx - GAP - w, y, 0 };
          g_array_append_val (places, p);
        }
  /* the columns either side of the line a label may take */
  x0 = floor (mx - GAP - w - MARGIN - 1);
  n = (int) ceil (2 * (GAP + w + MARGIN + 1)) + 1;
  lo = g_new (double, n);
  hi = g_new (double, n);
  for (guint s = 0; s < n_series; s++)
    {
      if (series[s].hidden || series[s].n == 0 || series[s].x == NULL || series[s].y == NULL)
        continue;
      for (int c = 0; c < n; c++)
        lo[c] = INFINITY, hi[c] = -INFINITY;
      series_columns (l, &series[s], x0, n, lo, hi);
      for (guint k = 0; k < places->len; k++)
        {
          Place *p = &g_array_index (places, Place, k);
          p->cost += cost (lo, hi, x0, n, p->x, p->y, w);
        }
    }
  /* the first of the least covered: as high as can be, right before left */
  for (guint k = 0; k < places->len; k++)
    {
      const Place *p = &g_array_index (places, Place, k);

      if (p->cost < best)
        {
          best = p->cost;
          g->marker_lx = p->x;
          g->marker_ly = p->y;
        }
    }
}

void
hl_plot_draw_marker (cairo_t *cr, const HlPlotGeom *g, const HlPlotOptions *opts)
{
  const HlPlotLayout *l = &g->l;
  static const double dash[] = { 5, 4 };
  const double x = marker_pixel (g, opts);
  g_autofree char *text = NULL;

  if (!isfinite (x))
    return;
  cairo_save (cr);
  cairo_set_line_width (cr, 1.25);
  cairo_set_dash (cr, dash, 2, 0);
  hl_plot_set_rgb (cr, g->theme.fg, 0.6);
  cairo_move_to (cr, x, l->top);
  cairo_line_to (cr, x, l->bottom);
  cairo_stroke (cr);
  if (g->marker_shown > 0)
    {
      /* a halo of the background keeps it readable over grid lines, and
       * over a curve where no place was free */
      text = g_strdup_printf (g->marker_cut ? "%.*s…" : "%.*s", (int) g->marker_shown, opts->marker_label);
      hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_move_to (cr, g->marker_lx, g->marker_ly + 1 + HL_PLOT_FONT_TICK);
      cairo_text_path (cr, text);
      hl_plot_set_rgb (cr, g->theme.bg, 0.9);
      cairo_set_line_width (cr, 3.0);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke_preserve (cr);
      hl_plot_set_rgb (cr, g->theme.fg, 0.9);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}
