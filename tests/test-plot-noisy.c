/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-noisy.c - the renderer on noisy training curves (speed of the
 * per-pixel envelope, fidelity to stroking every point, gaps, smoothing)
 * and tick labels and ranges for huge, tiny, constant and empty data. */
#include <math.h>
#include <string.h>
#include "hl-plot-render-private.h"

#define W 640
#define H 400

/* Pixels within a rectangle whose colour is within tol (sum of |d|, 0..255). */
static guint
count_near (cairo_surface_t *surface, double r, double g, double b, int tol,
            int x0, int y0, int x1, int y1)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint count = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (surface)); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (surface)); x++)
      {
        guint32 p = ((const guint32 *) (data + y * stride))[x];

        if (abs ((int) ((p >> 16) & 0xff) - (int) lround (r * 255)) +
            abs ((int) ((p >> 8) & 0xff) - (int) lround (g * 255)) +
            abs ((int) (p & 0xff) - (int) lround (b * 255)) <= tol)
          count++;
      }
  return count;
}

static guint
count_series (cairo_surface_t *surface, const HlPlotSeries *s, const HlPlotLayout *l)
{
  return count_near (surface, s->r, s->g, s->b, 30, (int) l->left + 1, (int) l->top + 1,
                     (int) l->right - 1, (int) l->bottom - 1);
}

static cairo_surface_t *
render_size (const HlPlotSeries *s, guint n, const HlPlotOptions *o, int w, int h)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);

  hl_plot_render (cr, w, h, s, n, o);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_surface_t *
render (const HlPlotSeries *s, guint n, const HlPlotOptions *o)
{
  return render_size (s, n, o, W, H);
}

/* ---- noisy curves: speed and fidelity ----------------------------------- */

#define BIG_W 900
#define BIG_H 500

/* Training loss as it looks per step: a decaying curve plus a random walk
 * plus white noise. */
static double *
noisy_loss (gsize n, guint32 seed, double scale)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double *y = g_new (double, n), walk = 0;

  for (gsize i = 0; i < n; i++)
    {
      walk += g_rand_double_range (rand, -0.01, 0.01);
      y[i] = scale * exp (-(double) i / (n / 4.0)) + 0.2 + 0.05 * walk +
             0.15 * g_rand_double_range (rand, -1, 1);
    }
  return y;
}

static double *
steps (gsize n)
{
  double *x = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    x[i] = (double) i;
  return x;
}

/* Best of reps renders of the series at BIG_W x BIG_H, in ms. */
static double
time_render (const HlPlotSeries *s, guint n, const HlPlotOptions *o, int reps)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, BIG_W, BIG_H);
  double best = INFINITY;

  for (int r = 0; r < reps; r++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();

      hl_plot_render (cr, BIG_W, BIG_H, s, n, o);
      cairo_surface_flush (surface);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
    }
  cairo_surface_destroy (surface);
  return best;
}

static void
noisy_speed (gsize n, int reps, double bound_ms)
{
  g_autofree double *x = steps (n);
  double *y[3];
  HlPlotSeries s[3];
  HlPlotOptions o;
  double plain, smooth;

  hl_plot_options_init (&o);
  for (guint k = 0; k < 3; k++)
    {
      y[k] = noisy_loss (n, 11 + k, 2.0 + 0.3 * k);
      s[k] = (HlPlotSeries) { .label = "loss", .x = x, .y = y[k], .n = n, .dashed = k == 1 };
      hl_plot_palette (k, &s[k].r, &s[k].g, &s[k].b);
    }
  plain = time_render (s, 3, &o, reps);
  o.smoothing = 0.9;
  smooth = time_render (s, 3, &o, reps);
  g_test_message ("3 x %" G_GSIZE_FORMAT " noisy points at %dx%d: %.2f ms, "
                  "with smoothing 0.9 (EMA recomputed): %.2f ms", n, BIG_W, BIG_H, plain, smooth);
  /* Generous bounds: they catch a return of the slow path, not jitter. */
  g_assert_cmpfloat (plain, <, bound_ms);
  g_assert_cmpfloat (smooth, <, 2 * bound_ms);
  for (guint k = 0; k < 3; k++)
    g_free (y[k]);
}

static void
test_speed_noisy_5k (void)
{
  noisy_speed (5000, 10, 100);
}

static void
test_speed_noisy_1m (void)
{
  noisy_speed (1000000, 3, 400);
}

/* Topmost and bottommost pixel of a colour in column x, or FALSE. */
static gboolean
column_extent (cairo_surface_t *surface, const HlPlotSeries *s, int x, int y0, int y1,
               int *top, int *bottom)
{
  *top = *bottom = -1;
  for (int y = y0; y < y1; y++)
    if (count_near (surface, s->r, s->g, s->b, 60, x, y, x + 1, y + 1) > 0)
      {
        if (*top < 0)
          *top = y;
        *bottom = y;
      }
  return *top >= 0;
}

/* The decimated drawing of a noisy curve covers the same pixels as stroking
 * every point would: per column the same top and bottom, and about the
 * same ink. */
static void
test_noisy_fidelity (void)
{
  const gsize n = 5000;
  g_autofree double *x = steps (n);
  g_autofree double *y = noisy_loss (n, 5, 2.0);
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = n };
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *fast, *ref;
  cairo_t *cr;
  guint cols = 0, close = 0, ink_fast, ink_ref;
  double err = 0;

  hl_plot_palette (0, &s.r, &s.g, &s.b);
  hl_plot_options_init (&o);
  hl_plot_compute_layout (BIG_W, BIG_H, &s, 1, &o, &l);
  fast = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, BIG_W, BIG_H);
  cr = cairo_create (fast);
  hl_plot_render (cr, BIG_W, BIG_H, &s, 1, &o);
  cairo_destroy (cr);

  /* Reference: the axes alone, then every point stroked. */
  ref = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, BIG_W, BIG_H);
  cr = cairo_create (ref);
  s.hidden = TRUE;
  hl_plot_render (cr, BIG_W, BIG_H, &s, 1, &o);
  s.hidden = FALSE;
  cairo_rectangle (cr, l.left, l.top, l.right - l.left, l.bottom - l.top);
  cairo_clip (cr);
  for (gsize i = 0; i < n; i++)
    cairo_line_to (cr, hl_plot_layout_x_to_pixel (&l, x[i]), hl_plot_layout_y_to_pixel (&l, 0, y[i]));
  cairo_set_source_rgb (cr, s.r, s.g, s.b);
  cairo_set_line_width (cr, 1.75);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_destroy (cr);

  for (int px = (int) l.left + 3; px < (int) l.right - 3; px += 3)
    {
      int ft, fb, rt, rb;

      if (!column_extent (ref, &s, px, (int) l.top, (int) l.bottom, &rt, &rb))
        continue;
      cols++;
      g_assert_true (column_extent (fast, &s, px, (int) l.top, (int) l.bottom, &ft, &fb));
      err += abs (ft - rt) + abs (fb - rb);
      if (abs (ft - rt) <= 4 && abs (fb - rb) <= 4)
        close++;
    }
  ink_fast = count_series (fast, &s, &l);
  ink_ref = count_series (ref, &s, &l);
  g_test_message ("%u of %u columns: top and bottom within 4 px, mean error %.2f px; ink %u vs %u",
                  close, cols, err / (2.0 * cols), ink_fast, ink_ref);
  g_assert_cmpuint (cols, >, 200);
  /* Measured: 86 % and 1.0 px (stroking the old min/max zigzag: 95 % and
   * 0.5 px; without the neighbour spill: 43 % and 5 px). */
  g_assert_cmpuint (close, >=, cols * 3 / 4);
  g_assert_cmpfloat (err / (2.0 * cols), <, 2.0);
  g_assert_cmpfloat (fabs ((double) ink_fast - ink_ref), <, 0.15 * ink_ref);
  cairo_surface_destroy (fast);
  cairo_surface_destroy (ref);
}

/* Gaps in a dense noisy curve stay empty; isolated points between gaps
 * still show, as markers. */
static void
test_noisy_gaps (void)
{
  const gsize n = 5000;
  g_autofree double *x = steps (n);
  g_autofree double *y = noisy_loss (n, 9, 1.0);
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = n };
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *surface;
  int gap0, gap1, dot;

  for (gsize i = 2000; i < 2600; i++)
    y[i] = i == 2300 ? 0.5 : (i % 2 ? NAN : INFINITY);
  hl_plot_palette (0, &s.r, &s.g, &s.b);
  hl_plot_options_init (&o);
  hl_plot_compute_layout (BIG_W, BIG_H, &s, 1, &o, &l);
  g_assert_cmpfloat (l.y_max, <, 10);   /* Inf did not stretch the range */
  surface = render_size (&s, 1, &o, BIG_W, BIG_H);
  gap0 = (int) ceil (hl_plot_layout_x_to_pixel (&l, 2003));
  gap1 = (int) floor (hl_plot_layout_x_to_pixel (&l, 2597));
  dot = (int) round (hl_plot_layout_x_to_pixel (&l, 2300));
  /* the lone point is a marker about 9 px across */
  g_assert_cmpuint (count_near (surface, s.r, s.g, s.b, 60, gap0, (int) l.top, dot - 5,
                                (int) l.bottom), ==, 0);
  g_assert_cmpuint (count_near (surface, s.r, s.g, s.b, 60, dot + 6, (int) l.top, gap1,
                                (int) l.bottom), ==, 0);
  g_assert_cmpuint (count_near (surface, s.r, s.g, s.b, 60, dot - 4, (int) l.top, dot + 5,
                                (int) l.bottom), >, 20);
  g_assert_cmpuint (count_near (surface, s.r, s.g, s.b, 30, gap0 - 20, (int) l.top, gap0 - 3,
                                (int) l.bottom), >, 50);
  cairo_surface_destroy (surface);
}

/* Smoothing: the EMA in full colour, the raw noisy curve faint under it. */
static void
test_noisy_smoothing (void)
{
  const gsize n = 5000;
  g_autofree double *x = steps (n);
  g_autofree double *y = noisy_loss (n, 3, 2.0);
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = n };
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *surface;
  guint solid, faint;

  hl_plot_palette (0, &s.r, &s.g, &s.b);
  hl_plot_options_init (&o);
  o.smoothing = 0.95;
  hl_plot_compute_layout (BIG_W, BIG_H, &s, 1, &o, &l);
  surface = render_size (&s, 1, &o, BIG_W, BIG_H);
  solid = count_series (surface, &s, &l);
  faint = count_near (surface, 1 - 0.25 * (1 - s.r), 1 - 0.25 * (1 - s.g), 1 - 0.25 * (1 - s.b),
                      20, (int) l.left + 1, (int) l.top + 1, (int) l.right - 1, (int) l.bottom - 1);
  g_test_message ("smoothed: %u solid pixels, %u faint", solid, faint);
  g_assert_cmpuint (solid, >, 800);    /* a ~2 px line across the plot */
  g_assert_cmpuint (solid, <, 4000);   /* but not the noise band */
  g_assert_cmpuint (faint, >, 5000);   /* the noise band, faint */
  cairo_surface_destroy (surface);
}

/* ---- ticks and ranges --------------------------------------------------- */

static void
test_format_tick (void)
{
  static const struct { double v, step, max; const char *label; } cases[] = {
    { 1e21, 2e20, 1e21, "1.0e21" },
    { 4e20, 2e20, 1e21, "4.0e20" },
    { 0, 2e20, 1e21, "0" },
    { -1e5, 2e20, 1e21, "0" },
    { 2.5e-05, 5e-06, 5e-05, "2.5e-5" },
    { 5e-06, 5e-06, 4.6e-05, "5.0e-6" },
    { 2e-09, 5e-10, 3e-09, "2.0e-9" },
    { 1.5e-06, 5e-07, 3e-06, "1.5e-6" },
    { 1e10, 5e9, 2e10, "1.0e10" },
    { 2.5e10, 5e9, 3e10, "2.5e10" },
    { -5e9, 5e9, 2e10, "-5.0e9" },
    { 999999.99999999, 50000, 1050000, "1.00e6" },
    { 12000, 2000, 20000, "12k" },
    { 12500, 500, 20000, "12500" },
    { 10000, 5000, 20000, "10k" },
    { 0.25, 0.05, 1, "0.25" },
    { 1, 0.5, 2, "1.0" },
    { 3e-17, 0.5, 2, "0.0" },
    { 250, 50, 500, "250" },
    { 1500000, 500000, 2000000, "1.5e6" },
    { 950000, 50000, 1050000, "9.50e5" },
    { 1000000, 50000, 1050000, "1.00e6" },
    { 0.69314718, 1e-8, 0.6931472, "0.69314718" },
  };
  char buf[32];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      hl_plot_format_tick (buf, sizeof buf, cases[i].v, cases[i].step, cases[i].max);
      g_assert_cmpstr (buf, ==, cases[i].label);
    }
}

/* Decimals and exponent of a label: "1.05e6" is 2 and "e6", "250" 0 and "". */
static void
label_format (const char *label, guint *decimals, const char **exponent)
{
  const char *dot = strchr (label, '.'), *e = strchr (label, 'e');

  *exponent = e ? e : "";
  *decimals = dot ? (guint) ((e ? e : label + strlen (label)) - dot - 1) : 0;
}

/* Every label of an axis but a zero in one format: all plain or all with a
 * mantissa from 1 to 10 ("0.1e10" beside "1.0e10" read as a tenth of it;
 * a loss around 1e6 had "1e6", "9.5e5" and "1.05e6" on one axis, found by
 * a GUI review), as many decimals each, and no "-0". */
static void
assert_one_format (const HlPlotTick *t, guint n)
{
  gboolean sci0 = FALSE, first = TRUE;
  guint dec0 = 0;

  g_assert_cmpuint (n, >=, 2);
  for (guint i = 0; i < n; i++)
    {
      const char *exp;
      guint dec;

      g_assert_false (t[i].label[0] == '-' && g_ascii_strtod (t[i].label, NULL) == 0.0);
      if (t[i].value == 0.0)
        continue;
      label_format (t[i].label, &dec, &exp);
      if (first)
        sci0 = *exp != '\0', dec0 = dec, first = FALSE;
      g_assert_cmpint (*exp != '\0', ==, sci0);
      g_assert_cmpuint (dec, ==, dec0);
      if (sci0)
        {
          g_autofree char *m = g_strndup (t[i].label, (gsize) (exp - t[i].label));
          double mantissa = fabs (g_ascii_strtod (m, NULL));

          g_assert_cmpfloat (mantissa, >=, 1.0);
          g_assert_cmpfloat (mantissa, <, 10.0);
        }
    }
}

/* Labels parse back to their tick values, differ from each other and fit. */
static void
check_ticks (const HlPlotTick *t, guint n, double lo, double hi)
{
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (n, <=, HL_PLOT_MAX_TICKS);
  for (guint i = 0; i < n; i++)
    {
      char *end;
      double v = g_ascii_strtod (t[i].label, &end);

      if (*end == 'k')
        v *= 1000, end++;
      g_assert_cmpstr (end, ==, "");
      if (strlen (t[i].label) > 10)
        g_test_message ("long label %s (value %g, range %g..%g)", t[i].label, t[i].value, lo, hi);
      g_assert_cmpuint (strlen (t[i].label), <=, 10);
      g_assert_true (isfinite (t[i].value));
      g_assert_cmpfloat (t[i].value, >=, lo - (hi - lo) * 1e-6);
      g_assert_cmpfloat (t[i].value, <=, hi + (hi - lo) * 1e-6);
      g_assert_cmpfloat (fabs (v - t[i].value), <=, fabs (t[i].value) * 1e-6 + (hi - lo) * 1e-3);
      if (i > 0)
        {
          g_assert_cmpfloat (t[i].value, >, t[i - 1].value);
          g_assert_cmpstr (t[i].label, !=, t[i - 1].label);
        }
    }
}

static void
test_tick_one_format (void)
{
  static const struct { double lo, hi; gboolean log; } axes[] = {
    { 9.3e5, 1.07e6, FALSE },
    { 0, 5.2e6, FALSE },
    { -1e19, 1.05e21, FALSE },
    { 0.9e-9, 3.1e-9, FALSE },
    { 0, 4.6e-5, FALSE },
    { 0.6931471, 0.6931473, FALSE },
    { 0.2, 1.3, FALSE },
    { -0.7, 0.35, FALSE },
    { 0, 1.2e10, FALSE },
    { 8.1e9, 1.27e10, FALSE },
    { 0, 1.3e-7, FALSE },
    { 2.1e-7, 9.4e-7, FALSE },
    { 1e-6, 1e2, TRUE },
    { 0.05, 2e7, TRUE },
    { 3e-6, 8e-5, TRUE },
    { 1e-3, 2e3, TRUE },
  };
  HlPlotTick t[HL_PLOT_MAX_TICKS];

  for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
    {
      guint n = axes[i].log ? hl_plot_log_ticks (t, axes[i].lo, axes[i].hi, 8)
                            : hl_plot_linear_ticks (t, axes[i].lo, axes[i].hi, 8);

      for (guint j = 0; j < n; j++)
        g_test_message ("%g..%g: %s", axes[i].lo, axes[i].hi, t[j].label);
      if (axes[i].log)
        {
          /* decades all as "1e-6" … "1e2" or all plain, not "1e-06"
           * beside "0.001" */
          gboolean sci = strchr (t[0].label, 'e') != NULL;

          g_assert_cmpuint (n, >=, 2);
          for (guint j = 0; j < n; j++)
            {
              g_assert_cmpint (strchr (t[j].label, 'e') != NULL, ==, sci);
              g_assert_null (strstr (t[j].label, "e-0"));
            }
        }
      else
        {
          assert_one_format (t, n);
          check_ticks (t, n, axes[i].lo, axes[i].hi);
        }
    }
}

/* A wide or tall figure asks for many ticks: they still span the whole
 * axis (2400 px wide over steps 15..300 stopped at 250, the 24 ticks the
 * renderer keeps used up by a step of 10). */
static void
test_ticks_many (void)
{
  static const struct { double lo, hi; } axes[] = {
    { 15, 300 }, { 0, 1 }, { 0, 0.9 }, { 1, 1000 }, { -3, 7 }, { 0.5, 2.5 },
  };
  HlPlotTick t[HL_PLOT_MAX_TICKS];

  for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
    for (double target = 2; target <= 200; target *= 1.3)
      {
        guint n = hl_plot_linear_ticks (t, axes[i].lo, axes[i].hi, target);
        double step;

        check_ticks (t, n, axes[i].lo, axes[i].hi);
        step = t[1].value - t[0].value;
        g_test_message ("%g..%g target %g: %u ticks, %s … %s", axes[i].lo, axes[i].hi, target, n,
                        t[0].label, t[n - 1].label);
        g_assert_cmpfloat (t[0].value, <, axes[i].lo + step * (1 + 1e-9));
        g_assert_cmpfloat (t[n - 1].value, >, axes[i].hi - step * (1 + 1e-9));
      }
}

/* A log axis over many decades in a short plot (a paper's column figure of
 * a diverging run beside good ones): labelled with powers of ten whose
 * labels have room, not with linear ticks ("500" printed over "1000"). */
static void
test_log_ticks_short_axis (void)
{
  static const struct { double lo, hi, target; } axes[] = {
    { 8e-4, 700, 2 }, { 8e-4, 700, 2.5 }, { 1.9e-3, 900, 3 }, { 3e-7, 2e4, 2 },
    { 1e-5, 1e3, 2 }, { 0.02, 5e5, 2.2 },
  };
  HlPlotTick t[HL_PLOT_MAX_TICKS];
  g_autofree HlPlotGeom *g = g_new (HlPlotGeom, 1);
  double x[] = { 1, 2, 3, 4 }, y[] = { 0.004, 0.3, 60, 600 };
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = 4 };
  HlPlotOptions o;

  for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
    {
      guint n = hl_plot_log_ticks (t, axes[i].lo, axes[i].hi, axes[i].target);

      g_assert_cmpuint (n, >=, 2);
      for (guint j = 0; j < n; j++)
        {
          double e = log10 (t[j].value);

          g_test_message ("%g..%g (%g): %s", axes[i].lo, axes[i].hi, axes[i].target, t[j].label);
          g_assert_cmpfloat (fabs (e - round (e)), <, 1e-9);
          g_assert_cmpfloat (t[j].value, >=, axes[i].lo);
          g_assert_cmpfloat (t[j].value, <=, axes[i].hi);
        }
    }
  /* the 320 x 200 plot this was seen in: labels a line apart at least */
  hl_plot_options_init (&o);
  o.log_y = TRUE;
  o.title = "Spiral";
  hl_plot_geom_compute (g, 320, 200, &s, 1, &o);
  g_assert_cmpuint (g->n_yt, >=, 2);
  for (guint j = 1; j < g->n_yt; j++)
    g_assert_cmpfloat (hl_plot_layout_y_to_pixel (&g->l, 0, g->yt[j - 1].value) -
                       hl_plot_layout_y_to_pixel (&g->l, 0, g->yt[j].value), >=, HL_PLOT_FONT_TICK + 2);
}

static void
geom_of (HlPlotGeom *g, const double *y, gsize n, gboolean log_y)
{
  g_autofree double *x = steps (MAX (n, 1));
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = n };
  HlPlotOptions o;

  hl_plot_options_init (&o);
  o.log_y = log_y;
  hl_plot_geom_compute (g, W, H, &s, 1, &o);
  g_assert_true (isfinite (g->l.x_min) && isfinite (g->l.x_max));
  g_assert_cmpfloat (g->l.x_max, >, g->l.x_min);
  g_assert_true (isfinite (g->l.y_min) && isfinite (g->l.y_max));
  g_assert_cmpfloat (g->l.y_max, >, g->l.y_min);
  check_ticks (g->xt, g->n_xt, g->l.x_min, g->l.x_max);
  if (!log_y)
    check_ticks (g->yt, g->n_yt, g->l.y_min, g->l.y_max);
  else
    g_assert_cmpuint (g->n_yt, >=, 2);
}

static void
test_ranges (void)
{
  g_autofree HlPlotGeom *g = g_new (HlPlotGeom, 1);
  double diverged[] = { 2.3, 1.1, 0.9, 3e5, 1e21, INFINITY, -INFINITY, NAN };
  double tiny[] = { 1e-9, 2e-9, 1.5e-9, 3e-9 };
  double constant[] = { 5, 5, 5, 5 };
  double huge_const[] = { 1e21, 1e21 };
  double zero[] = { 0, 0, 0 };
  double single[] = { 0.7 };
  double nans[] = { NAN, NAN, INFINITY };
  double near_max[] = { -1e308, 1e308 };

  geom_of (g, diverged, G_N_ELEMENTS (diverged), FALSE);
  g_assert_cmpfloat (g->l.y_max, >=, 1e21);
  g_assert_cmpfloat (g->l.y_max, <, 1e22);
  g_assert_nonnull (strstr (g->yt[g->n_yt - 1].label, "e2"));
  geom_of (g, diverged, G_N_ELEMENTS (diverged), TRUE);
  g_assert_cmpfloat (g->l.y_min, <, 0.9);
  g_assert_cmpfloat (g->l.y_max, >, 1e21);
  for (guint i = 0; i < g->n_yt; i++)
    g_assert_cmpuint (strlen (g->yt[i].label), <=, 6);
  geom_of (g, tiny, G_N_ELEMENTS (tiny), FALSE);
  g_assert_cmpfloat (g->l.y_min, <, 1e-9);
  g_assert_cmpfloat (g->l.y_max, <, 1e-8);
  g_assert_cmpuint (g->n_yt, >=, 3);
  geom_of (g, tiny, G_N_ELEMENTS (tiny), TRUE);
  geom_of (g, constant, G_N_ELEMENTS (constant), FALSE);
  g_assert_cmpfloat (g->l.y_min, <, 5);
  g_assert_cmpfloat (g->l.y_max, >, 5);
  geom_of (g, constant, G_N_ELEMENTS (constant), TRUE);
  geom_of (g, huge_const, G_N_ELEMENTS (huge_const), FALSE);
  g_assert_cmpfloat (g->l.y_min, <, 1e21);
  g_assert_cmpfloat (g->l.y_max, >, 1e21);
  geom_of (g, zero, G_N_ELEMENTS (zero), FALSE);
  geom_of (g, single, 1, FALSE);
  g_assert_cmpfloat (g->l.x_min, <, 0);
  g_assert_cmpfloat (g->l.x_max, >, 0);
  geom_of (g, nans, G_N_ELEMENTS (nans), FALSE);
  g_assert_true (g->l.empty);
  geom_of (g, nans, G_N_ELEMENTS (nans), TRUE);
  geom_of (g, near_max, G_N_ELEMENTS (near_max), FALSE);
}

/* A single point far out on x (1e21) still gets a usable x range and ticks. */
static void
test_range_huge_x (void)
{
  g_autofree HlPlotGeom *g = g_new (HlPlotGeom, 1);
  double x[] = { 1e21 }, y[] = { 0.5 };
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = 1 };
  HlPlotOptions o;

  hl_plot_options_init (&o);
  hl_plot_geom_compute (g, W, H, &s, 1, &o);
  g_assert_cmpfloat (g->l.x_max, >, g->l.x_min);
  g_assert_cmpfloat (g->l.x_min, <=, 1e21);
  g_assert_cmpfloat (g->l.x_max, >=, 1e21);
  check_ticks (g->xt, g->n_xt, g->l.x_min, g->l.x_max);
  cairo_surface_destroy (render (&s, 1, &o));
}

/* A step axis by the million reads "0.5M", "1.0M" (it read "5.0e5",
 * "1.0e6"); below a million, and for measured values, nothing changes. */
static void
test_count_ticks (void)
{
  static const struct { double v, step, max; const char *label; } cases[] = {
    { 500000, 500000, 1600000, "0.5M" },
    { 1000000, 500000, 1600000, "1.0M" },
    { 0, 500000, 1600000, "0" },
    { 2000000, 1000000, 5000000, "2M" },
    { 1050000, 50000, 1100000, "1.05M" },
    { 200000000, 100000000, 900000000, "200M" },
    { 12000, 2000, 20000, "12k" },
    { 250, 50, 500, "250" },
    { 2e9, 1e9, 5e9, "2e9" },
  };
  static const double x[] = { 0, 500000, 1000000, 1600000 }, y[] = { 1, 0.5, 0.3, 0.2 };
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = 4 };
  g_autofree HlPlotGeom *g = g_new (HlPlotGeom, 1);
  HlPlotOptions o;
  char buf[32];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      hl_plot_format_count_tick (buf, sizeof buf, cases[i].v, cases[i].step, cases[i].max);
      g_assert_cmpstr (buf, ==, cases[i].label);
    }
  hl_plot_options_init (&o);
  g_assert_true (o.x_whole);
  hl_plot_geom_compute (g, W, H, &s, 1, &o);
  g_assert_cmpuint (g->n_xt, >=, 2);
  for (guint i = 0; i < g->n_xt; i++)
    {
      g_test_message ("x tick %g: %s", g->xt[i].value, g->xt[i].label);
      g_assert_true (g->xt[i].value == 0 || g_str_has_suffix (g->xt[i].label, "M"));
      g_assert_null (strchr (g->xt[i].label, 'e'));
    }
  o.x_whole = FALSE;   /* not a count: the exponent form stays */
  hl_plot_geom_compute (g, W, H, &s, 1, &o);
  for (guint i = 0; i < g->n_xt; i++)
    g_assert_true (g->xt[i].value == 0 || strchr (g->xt[i].label, 'e') != NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/ticks/count", test_count_ticks);
  g_test_add_func ("/render/noisy/fidelity", test_noisy_fidelity);
  g_test_add_func ("/render/noisy/gaps", test_noisy_gaps);
  g_test_add_func ("/render/noisy/smoothing", test_noisy_smoothing);
  g_test_add_func ("/render/noisy/speed-5k", test_speed_noisy_5k);
  g_test_add_func ("/render/noisy/speed-1m", test_speed_noisy_1m);
  g_test_add_func ("/render/ticks/format", test_format_tick);
  g_test_add_func ("/render/ticks/one-format", test_tick_one_format);
  g_test_add_func ("/render/ticks/ranges", test_ranges);
  g_test_add_func ("/render/ticks/log-short-axis", test_log_ticks_short_axis);
  g_test_add_func ("/render/ticks/many", test_ticks_many);
  g_test_add_func ("/render/ticks/huge-x", test_range_huge_x);
  return g_test_run ();
}
