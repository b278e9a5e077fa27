/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-render.c - the cairo plot renderer: curves in their colours,
 * log axes, gaps, decimation, legend hit tests and PNG/SVG/PDF export
 * (noisy curves and tick labels: test-plot-noisy.c). */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "hl-plot-render.h"
#include "hl-plot-render-private.h"

#define W 640
#define H 400
#define N_PTS 500

typedef struct {
  double x[N_PTS], a[N_PTS], b[N_PTS], c[N_PTS];
  HlPlotSeries s[3];
  HlPlotOptions o;
} Fixture;

static void
fixture_init (Fixture *f)
{
  for (int i = 0; i < N_PTS; i++)
    {
      f->x[i] = i * 10.0;
      f->a[i] = 2.0 * exp (-i / 120.0) + 0.1;            /* train loss */
      f->b[i] = 2.2 * exp (-i / 150.0) + 0.25;           /* val loss */
      f->c[i] = 1.0 - 0.9 * exp (-i / 100.0);            /* val accuracy */
    }
  memset (f->s, 0, sizeof f->s);
  f->s[0] = (HlPlotSeries) { .label = "train", .x = f->x, .y = f->a, .n = N_PTS };
  f->s[1] = (HlPlotSeries) { .label = "val", .x = f->x, .y = f->b, .n = N_PTS, .dashed = TRUE };
  f->s[2] = (HlPlotSeries) { .label = "acc", .x = f->x, .y = f->c, .n = N_PTS, .axis = 1 };
  for (guint i = 0; i < 3; i++)
    hl_plot_palette (i, &f->s[i].r, &f->s[i].g, &f->s[i].b);
  hl_plot_options_init (&f->o);
}

static cairo_surface_t *
render (const HlPlotSeries *s, guint n, const HlPlotOptions *o)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (surface);

  hl_plot_render (cr, W, H, s, n, o);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
pixel_rgb (cairo_surface_t *surface, int x, int y, int *r, int *g, int *b)
{
  const guint8 *row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
  guint32 p = ((const guint32 *) row)[x];

  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}

/* Pixels within a rectangle whose colour is within tol (sum of |d|, 0..255). */
static guint
count_near (cairo_surface_t *surface, double r, double g, double b, int tol,
            int x0, int y0, int x1, int y1)
{
  guint count = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (surface)); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (surface)); x++)
      {
        int pr, pg, pb;

        pixel_rgb (surface, x, y, &pr, &pg, &pb);
        if (abs (pr - (int) lround (r * 255)) + abs (pg - (int) lround (g * 255)) +
            abs (pb - (int) lround (b * 255)) <= tol)
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

static void
test_palette (void)
{
  double r[9], g[9], b[9];

  for (guint i = 0; i < 9; i++)
    hl_plot_palette (i, &r[i], &g[i], &b[i]);
  /* Okabe-Ito blue first, and the palette wraps after eight colours. */
  g_assert_cmpfloat_with_epsilon (r[0], 0x00 / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (g[0], 0x72 / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (b[0], 0xB2 / 255.0, 1e-9);
  g_assert_cmpfloat (r[8], ==, r[0]);
  for (guint i = 0; i < 8; i++)
    for (guint j = i + 1; j < 8; j++)
      g_assert_cmpfloat (fabs (r[i] - r[j]) + fabs (g[i] - g[j]) + fabs (b[i] - b[j]), >, 0.1);
}

static void
test_smooth (void)
{
  const double in[] = { NAN, 1.0, NAN, 3.0, 5.0 };
  double out[5];

  hl_plot_smooth (in, out, 5, 0.5);
  g_assert_true (isnan (out[0]));
  g_assert_cmpfloat (out[1], ==, 1.0);
  g_assert_true (isnan (out[2]));
  g_assert_cmpfloat_with_epsilon (out[3], 0.5 * 1.0 + 0.5 * 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[4], 0.5 * 2.0 + 0.5 * 5.0, 1e-12);
  hl_plot_smooth (in, out, 5, 0.0);
  g_assert_cmpfloat (out[4], ==, 5.0);
}

static void
test_series_colours (void)
{
  Fixture f;
  HlPlotLayout l;
  cairo_surface_t *surface;
  int r, g, b;

  fixture_init (&f);
  hl_plot_compute_layout (W, H, f.s, 3, &f.o, &l);
  g_assert_true (l.has_y2);
  g_assert_false (l.empty);
  g_assert_cmpfloat (l.left, >, 20);
  g_assert_cmpfloat (l.right, <, W - 20);
  surface = render (f.s, 3, &f.o);
  pixel_rgb (surface, 2, 2, &r, &g, &b);
  g_assert_cmpint (r + g + b, ==, 3 * 255);   /* light background */
  for (guint i = 0; i < 3; i++)
    {
      guint n = count_series (surface, &f.s[i], &l);

      g_test_message ("series %u: %u pixels in its colour", i, n);
      g_assert_cmpuint (n, >, 200);
    }
  cairo_surface_destroy (surface);

  /* A hidden series keeps its legend entry but leaves the plot area. */
  f.s[1].hidden = TRUE;
  surface = render (f.s, 3, &f.o);
  g_assert_cmpuint (count_series (surface, &f.s[1], &l), <, 5);
  g_assert_cmpuint (count_series (surface, &f.s[0], &l), >, 200);
  cairo_surface_destroy (surface);
}

static void
test_dark (void)
{
  Fixture f;
  cairo_surface_t *surface;
  int r, g, b;

  fixture_init (&f);
  f.o.dark = TRUE;
  surface = render (f.s, 3, &f.o);
  pixel_rgb (surface, 2, 2, &r, &g, &b);
  g_assert_cmpint (r + g + b, <, 3 * 80);
  cairo_surface_destroy (surface);
}

static void
test_log_nonpositive (void)
{
  double x[6] = { 0, 1, 2, 3, 4, 5 }, y[6] = { 0.0, -1.0, 10.0, 1.0, 0.1, 0.01 };
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = 6 };
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *surface;

  hl_plot_palette (0, &s.r, &s.g, &s.b);
  hl_plot_options_init (&o);
  o.log_y = TRUE;
  hl_plot_compute_layout (W, H, &s, 1, &o, &l);
  /* Range from the positive values only: 0.01 .. 10, padded. */
  g_assert_cmpfloat (l.y_min, >, 0.001);
  g_assert_cmpfloat (l.y_min, <, 0.01);
  g_assert_cmpfloat (l.y_max, >, 10);
  g_assert_cmpfloat (l.y_max, <, 100);
  g_assert_true (isnan (hl_plot_layout_y_to_pixel (&l, 0, 0.0)));
  g_assert_true (isnan (hl_plot_layout_y_to_pixel (&l, 0, -1.0)));
  /* Decades are evenly spaced. */
  g_assert_cmpfloat_with_epsilon (hl_plot_layout_y_to_pixel (&l, 0, 0.1) - hl_plot_layout_y_to_pixel (&l, 0, 1),
                                  hl_plot_layout_y_to_pixel (&l, 0, 1) - hl_plot_layout_y_to_pixel (&l, 0, 10), 1e-6);
  surface = render (&s, 1, &o);
  g_assert_cmpuint (count_series (surface, &s, &l), >, 100);
  cairo_surface_destroy (surface);

  /* All values non-positive: no crash, nothing to show. */
  for (int i = 0; i < 6; i++)
    y[i] = -i;
  hl_plot_compute_layout (W, H, &s, 1, &o, &l);
  g_assert_true (l.empty);
  cairo_surface_destroy (render (&s, 1, &o));
}

/* A log x axis (the learning-rate range test's rates): decades evenly
 * spaced, the mapping's inverse, ticks at decades, rates <= 0 left out,
 * and the curve drawn where the mapping puts it: a step in the loss at
 * rate 1e-3 shows half-way across 1e-6 … 1, where a linear axis puts it at
 * the left edge. */
static void
test_log_x (void)
{
  double x[61], y[61];
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = 61 };
  HlPlotOptions o;
  HlPlotGeom g;
  HlPlotLayout *l = &g.l;
  cairo_surface_t *surface;
  int mid, up, down;

  for (int i = 0; i < 61; i++)
    {
      x[i] = pow (10.0, -6.0 + i / 10.0);
      y[i] = x[i] < 1e-3 ? 2.0 : 1.0;
    }
  x[0] = 0.0;   /* not drawable on a log axis: left out of the range */
  hl_plot_palette (0, &s.r, &s.g, &s.b);
  hl_plot_options_init (&o);
  o.show_legend = FALSE;
  o.log_x = TRUE;
  hl_plot_geom_compute (&g, W, H, &s, 1, &o);
  g_assert_true (l->log_x);
  g_assert_cmpfloat_with_epsilon (l->x_min, x[1], 1e-12);
  g_assert_cmpfloat_with_epsilon (l->x_max, 1.0, 1e-12);
  g_assert_true (isnan (hl_plot_layout_x_to_pixel (l, 0.0)));
  g_assert_true (isnan (hl_plot_layout_x_to_pixel (l, -1.0)));
  g_assert_cmpfloat_with_epsilon (hl_plot_layout_x_to_pixel (l, 1e-4) - hl_plot_layout_x_to_pixel (l, 1e-5),
                                  hl_plot_layout_x_to_pixel (l, 1e-2) - hl_plot_layout_x_to_pixel (l, 1e-3), 1e-6);
  g_assert_cmpfloat_with_epsilon (hl_plot_layout_pixel_to_x (l, hl_plot_layout_x_to_pixel (l, 3.3e-4)), 3.3e-4,
                                  1e-12);
  g_assert_cmpuint (g.n_xt, >=, 3);
  for (guint i = 0; i < g.n_xt; i++)
    {
      double e = log10 (g.xt[i].value);
      g_assert_cmpfloat_with_epsilon (e, round (e), 1e-9);
    }
  g_assert_cmpstr (g.xt[g.n_xt - 1].label, ==, "1e0");

  /* the step at 1e-3, where the mapping puts it */
  surface = render (&s, 1, &o);
  mid = (int) lround (hl_plot_layout_x_to_pixel (l, 1e-3));
  g_assert_cmpint (abs (mid - (int) lround ((l->left + l->right) / 2)), <=, (int) ((l->right - l->left) / 50 + 1));
  up = (int) lround (hl_plot_layout_y_to_pixel (l, 0, 2.0));
  down = (int) lround (hl_plot_layout_y_to_pixel (l, 0, 1.0));
  g_assert_cmpuint (count_near (surface, s.r, s.g, s.b, 30, mid - 40, up - 3, mid - 10, up + 3), >, 20);
  g_assert_cmpuint (count_near (surface, s.r, s.g, s.b, 30, mid + 10, up - 3, mid + 40, up + 3), ==, 0);
  g_assert_cmpuint (count_near (surface, s.r, s.g, s.b, 30, mid + 10, down - 3, mid + 40, down + 3), >, 20);
  cairo_surface_destroy (surface);

  /* one rate: a decade around it */
  s.n = 2;
  hl_plot_geom_compute (&g, W, H, &s, 1, &o);
  g_assert_cmpfloat (l->x_min, <, x[1]);
  g_assert_cmpfloat (l->x_max, >, x[1]);
}

static void
test_nan_gap (void)
{
  Fixture f;
  HlPlotLayout l;
  cairo_surface_t *surface;
  int gap_px, before_px;

  fixture_init (&f);
  for (int i = 0; i < N_PTS; i++)
    f.a[i] = i >= 200 && i < 300 ? NAN : 1.0;   /* a flat line with a hole */
  hl_plot_compute_layout (W, H, f.s, 1, &f.o, &l);
  surface = render (f.s, 1, &f.o);
  gap_px = (int) hl_plot_layout_x_to_pixel (&l, f.x[250]);
  before_px = (int) hl_plot_layout_x_to_pixel (&l, f.x[100]);
  g_assert_cmpuint (count_near (surface, f.s[0].r, f.s[0].g, f.s[0].b, 30,
                                before_px - 3, (int) l.top, before_px + 3, (int) l.bottom), >, 0);
  g_assert_cmpuint (count_near (surface, f.s[0].r, f.s[0].g, f.s[0].b, 30,
                                gap_px - 3, (int) l.top, gap_px + 3, (int) l.bottom), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_empty (void)
{
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *surface;
  double x[3] = { 1, 2, 3 }, y[3] = { NAN, NAN, NAN };
  HlPlotSeries s = { .label = "nothing", .x = x, .y = y, .n = 3 };
  guint ink;

  hl_plot_options_init (&o);
  hl_plot_compute_layout (W, H, NULL, 0, &o, &l);
  g_assert_true (l.empty);
  g_assert_cmpfloat (l.x_max, >, l.x_min);
  surface = render (NULL, 0, &o);
  /* "no data" is written in the middle in the muted text colour. */
  ink = count_near (surface, 0.45, 0.45, 0.48, 60, W / 2 - 60, H / 2 - 25, W / 2 + 60, H / 2 + 15);
  g_assert_cmpuint (ink, >, 20);
  cairo_surface_destroy (surface);

  hl_plot_compute_layout (W, H, &s, 1, &o, &l);
  g_assert_true (l.empty);
  cairo_surface_destroy (render (&s, 1, &o));
}

static void
test_layout_mapping (void)
{
  Fixture f;
  HlPlotLayout l;

  fixture_init (&f);
  f.o.x_min = 1000;
  f.o.x_max = 3000;
  hl_plot_compute_layout (W, H, f.s, 3, &f.o, &l);
  g_assert_cmpfloat (l.x_min, ==, 1000);
  g_assert_cmpfloat (l.x_max, ==, 3000);
  g_assert_cmpfloat_with_epsilon (hl_plot_layout_x_to_pixel (&l, 1000), l.left, 1e-9);
  g_assert_cmpfloat_with_epsilon (hl_plot_layout_x_to_pixel (&l, 3000), l.right, 1e-9);
  g_assert_cmpfloat_with_epsilon (hl_plot_layout_pixel_to_x (&l, (l.left + l.right) / 2), 2000, 1e-9);
  /* y range follows the zoomed x range: train loss in 1000..3000 only. */
  g_assert_cmpfloat (l.y_max, <, f.b[100] * 1.2);
  g_assert_true (hl_plot_layout_in_plot (&l, (l.left + l.right) / 2, (l.top + l.bottom) / 2));
  g_assert_false (hl_plot_layout_in_plot (&l, 1, 1));
}

static void
test_legend_hit (void)
{
  Fixture f;
  HlPlotLayout l;

  fixture_init (&f);
  hl_plot_compute_layout (W, H, f.s, 3, &f.o, &l);
  g_assert_cmpuint (l.n_legend, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const HlPlotLegendBox *b = &l.legend[i];

      g_assert_cmpint (hl_plot_layout_legend_at (&l, b->x + b->w / 2, b->y + b->h / 2), ==, (int) i);
      g_assert_cmpfloat (b->y + b->h, <=, l.top);   /* above the plot area */
    }
  g_assert_cmpint (hl_plot_layout_legend_at (&l, (l.left + l.right) / 2, l.bottom - 2), ==, -1);
  f.o.show_legend = FALSE;
  hl_plot_compute_layout (W, H, f.s, 3, &f.o, &l);
  g_assert_cmpuint (l.n_legend, ==, 0);
}

/* A sweep's 30 runs compared: their long names buried the plot under 17
 * rows of legend.  The legend keeps to about a third of the height, its
 * labels to half the width (cut with "…"), and counts the rest. */
static void
test_legend_many (void)
{
  enum { N = 30 };
  Fixture f;
  HlPlotSeries s[N];
  char labels[N][96];
  HlPlotLayout l;
  guint n_cut = 0;
  g_autoptr (GString) dots = g_string_new (NULL);

  fixture_init (&f);
  for (guint i = 0; i < N; i++)
    {
      g_snprintf (labels[i], sizeof labels[i],
                  "spiral 30 #%u · optimizer.learning_rate=0.0%u5396, training.batch_size=%u%s",
                  i + 1, i, 8 << (i % 3), i == 0 ? " and a great deal more text to cut off here" : "");
      s[i] = f.s[0];
      s[i].label = labels[i];
      hl_plot_palette (i, &s[i].r, &s[i].g, &s[i].b);
    }
  hl_plot_compute_layout (W, H, s, N, &f.o, &l);
  g_assert_cmpuint (l.n_legend, >, 0);
  g_assert_cmpuint (l.legend_more, >, 0);
  g_assert_cmpuint (l.n_legend + l.legend_more, ==, N);
  /* the plot keeps most of the height */
  g_assert_cmpfloat (l.bottom - l.top, >=, 0.5 * H);
  for (guint i = 0; i < l.n_legend; i++)
    {
      const HlPlotLegendBox *b = &l.legend[i];

      g_assert_cmpuint (b->series, ==, i);
      g_assert_cmpfloat (b->y + b->h, <=, l.top);
      g_assert_cmpfloat (b->x + b->w, <=, l.right + 2);
      g_assert_cmpfloat (b->w, <=, MAX ((l.right - l.left) / 2, 160 + 22 + 6 + 4));
      g_assert_cmpuint (b->shown, <=, strlen (labels[i]));
      n_cut += b->shown < strlen (labels[i]);
    }
  g_assert_cmpuint (n_cut, >=, 1);   /* the first label is too long for half the width */
  g_assert_cmpuint (l.legend[0].shown, <, strlen (labels[0]));
  /* the count sits on the last row, after the last entry, inside the plot's width */
  g_assert_cmpfloat (l.legend_more_y, >=, l.legend[l.n_legend - 1].y);
  g_assert_cmpfloat (l.legend_more_y, <, l.top);
  g_assert_cmpfloat (l.legend_more_x, >=, l.left);
  g_assert_cmpfloat (l.legend_more_x, <, l.right);
  /* the count is no entry: clicking it toggles no curve */
  g_assert_cmpint (hl_plot_layout_legend_at (&l, l.legend_more_x + 5, l.legend_more_y + 9), ==, -1);
  cairo_surface_destroy (render (s, N, &f.o));

  /* a tall export has room for all of them */
  hl_plot_compute_layout (1600, 2400, s, N, &f.o, &l);
  g_assert_cmpuint (l.n_legend, ==, N);
  g_assert_cmpuint (l.legend_more, ==, 0);
  /* a cut never splits a character: "·" is two bytes (longer than the
   * row: an entry alone on its row may take all of it) */
  for (guint i = 0; i < 300; i++)
    g_string_append (dots, "·");
  s[0].label = dots->str;
  hl_plot_compute_layout (W, H, s, 1, &f.o, &l);
  g_assert_cmpuint (l.legend[0].shown, <, strlen (s[0].label));
  g_assert_cmpuint (l.legend[0].shown % 2, ==, 0);
  g_assert_cmpuint (l.legend[0].shown, >, 0);
}

/* A comparison of 30 runs drew a hover box twice as tall as its plot: the
 * box lists what fits, the best first (lowest losses, highest accuracies),
 * and counts the rest. */
static void
test_readout_fits (void)
{
  enum { N = 30 };
  Fixture f;
  HlPlotSeries s[N];
  HlPlotReading r[N];
  HlPlotLayout l;
  guint k;

  fixture_init (&f);
  for (guint i = 0; i < N; i++)
    {
      s[i] = f.s[0];
      s[i].label = "run";
      r[i] = (HlPlotReading) { &s[i], (i * 7919) % N / 10.0, 100 };
    }
  f.o.show_legend = FALSE;
  hl_plot_compute_layout (W, 300, s, N, &f.o, &l);
  k = hl_plot_readout_lines (&l, r, N);
  g_assert_cmpuint (k, >=, 1);
  g_assert_cmpuint (k, <, N);
  /* heading, k readings and "+N more", with the box's margins, in the plot */
  g_assert_cmpfloat (8 + 16 + 16 * (k + 2), <=, l.bottom - l.top);
  for (guint i = 0; i + 1 < N; i++)
    g_assert_cmpfloat (r[i].value, <=, r[i + 1].value);
  g_assert_cmpfloat (r[0].value, ==, 0.0);

  /* accuracies: the highest first */
  for (guint i = 0; i < N; i++)
    {
      s[i].percent = TRUE;
      r[i] = (HlPlotReading) { &s[i], (i * 7919) % N / 100.0, 100 };
    }
  k = hl_plot_readout_lines (&l, r, N);
  g_assert_cmpuint (k, <, N);
  g_assert_cmpfloat (r[0].value, ==, 0.29);

  /* what fits is left as it is, in the curves' order */
  for (guint i = 0; i < 3; i++)
    r[i] = (HlPlotReading) { &s[i], 3.0 - i, 100 };
  g_assert_cmpuint (hl_plot_readout_lines (&l, r, 3), ==, 3);
  g_assert_cmpfloat (r[0].value, ==, 3.0);
}

static void
test_hover_band_marker (void)
{
  Fixture f;
  HlPlotLayout l;
  cairo_surface_t *plain, *extra;
  double lo[N_PTS], hi[N_PTS];
  int hx;

  fixture_init (&f);
  for (int i = 0; i < N_PTS; i++)
    lo[i] = f.a[i] - 0.3, hi[i] = f.a[i] + 0.3;
  hl_plot_compute_layout (W, H, f.s, 1, &f.o, &l);
  plain = render (f.s, 1, &f.o);
  f.s[0].band_lo = lo;
  f.s[0].band_hi = hi;
  f.o.hover_x = 2500;
  f.o.marker_x = 4000;
  f.o.marker_label = "overfitting";
  extra = render (f.s, 1, &f.o);
  /* Band: the series colour at 18 % over white. */
  g_assert_cmpuint (count_near (extra, 1 - 0.18 * (1 - f.s[0].r), 1 - 0.18 * (1 - f.s[0].g),
                                1 - 0.18 * (1 - f.s[0].b), 12, (int) l.left, (int) l.top,
                                (int) l.right, (int) l.bottom), >, 1000);
  g_assert_cmpuint (count_near (plain, 1 - 0.18 * (1 - f.s[0].r), 1 - 0.18 * (1 - f.s[0].g),
                                1 - 0.18 * (1 - f.s[0].b), 12, (int) l.left, (int) l.top,
                                (int) l.right, (int) l.bottom), <, 100);
  /* Hover crosshair: a column of grey that the plain plot does not have. */
  hx = (int) round (hl_plot_layout_x_to_pixel (&l, 2500));
  g_assert_cmpuint (count_near (extra, 0.62, 0.62, 0.63, 40, hx, (int) l.bottom - 80, hx + 1, (int) l.bottom - 5), >,
                    count_near (plain, 0.62, 0.62, 0.63, 40, hx, (int) l.bottom - 80, hx + 1, (int) l.bottom - 5) + 30);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (extra);
}

/* Pixels of row y that differ between two renders. */
static guint
row_differences (cairo_surface_t *a, cairo_surface_t *b, int y)
{
  guint count = 0;

  for (int x = 0; x < cairo_image_surface_get_width (a); x++)
    {
      int ar, ag, ab, br, bg, bb;

      pixel_rgb (a, x, y, &ar, &ag, &ab);
      pixel_rgb (b, x, y, &br, &bg, &bb);
      count += ar != br || ag != bg || ab != bb;
    }
  return count;
}

/* The hover readout says the step of a reading taken elsewhere than the
 * heading's ("step 164" over step 200's validation loss read as step
 * 164's; found by a GUI review): its box grows by that note, and only
 * then. */
static void
test_hover_other_step (void)
{
  Fixture f;
  HlPlotLayout l;
  double vx[2] = { 2500, 2510 }, vy[2] = { 0.3, 0.3 };
  cairo_surface_t *plain, *same, *other;
  guint w_same, w_other;
  int row;

  fixture_init (&f);
  f.s[1].x = vx;
  f.s[1].y = vy;
  f.s[1].n = 1;
  f.o.x_label = "step";
  hl_plot_compute_layout (W, H, f.s, 2, &f.o, &l);
  row = (int) l.top + 10;   /* inside the box, above its text */
  plain = render (f.s, 2, &f.o);
  f.o.hover_x = 2500;
  same = render (f.s, 2, &f.o);
  f.s[1].x = vx + 1;          /* the one validation point at 2510 instead */
  other = render (f.s, 2, &f.o);
  w_same = row_differences (plain, same, row);
  w_other = row_differences (plain, other, row);
  g_assert_cmpuint (w_same, >, 40);
  g_assert_cmpuint (w_other, >, w_same + 30);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (same);
  cairo_surface_destroy (other);
}

/* Pixels of the column at x, low in the plot (under the readout box), that
 * differ between two renders: the crosshair's. */
static guint
column_differences (cairo_surface_t *a, cairo_surface_t *b, const HlPlotLayout *l, double x)
{
  const int px = (int) round (hl_plot_layout_x_to_pixel (l, x));
  guint count = 0;

  for (int y = (int) l->bottom - 60; y < (int) l->bottom - 5; y++)
    {
      int ar, ag, ab, br, bg, bb;

      pixel_rgb (a, px, y, &ar, &ag, &ab);
      pixel_rgb (b, px, y, &br, &bg, &bb);
      count += ar != br || ag != bg || ab != bb;
    }
  return count;
}

/* On a log axis the hover reads the point nearest in log(x), as drawn: a
 * pointer at 4e-3, between rates 1e-3 and 1e-2, is 0.4 of a decade from
 * 1e-2 and 0.6 from 1e-3 (read linearly, 1e-3 is nearer).  A linear axis
 * keeps the linear distance.  Drawn: off the decades (whose grid lines
 * the crosshair would cover), 8e-3 between 2e-3 and 2e-2. */
static void
test_hover_log_nearest (void)
{
  static const double x[] = { 1e-4, 1e-3, 1e-2, 1e-1 }, y[] = { 1.0, 0.8, 1.2, 1.0 };
  static const double dx[] = { 2e-4, 2e-3, 2e-2, 2e-1 };
  HlPlotSeries s = { .label = "loss", .x = x, .y = y, .n = G_N_ELEMENTS (x) };
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *plain, *hover;

  g_assert_cmpint (hl_plot_nearest_index (x, y, 4, 4e-3, TRUE), ==, 2);
  g_assert_cmpint (hl_plot_nearest_index (x, y, 4, 4e-3, FALSE), ==, 1);
  g_assert_cmpint (hl_plot_nearest_index (x, y, 4, 3e-3, TRUE), ==, 1);     /* below √10 · 1e-3 */
  g_assert_cmpint (hl_plot_nearest_index (x, y, 4, 6e-3, FALSE), ==, 2);    /* past the midpoint */
  g_assert_cmpint (hl_plot_nearest_index (x, y, 4, 5e-5, TRUE), ==, 0);
  g_assert_cmpint (hl_plot_nearest_index (x, y, 4, 0.5, TRUE), ==, 3);

  s.x = dx;
  hl_plot_palette (0, &s.r, &s.g, &s.b);
  hl_plot_options_init (&o);
  o.log_x = TRUE;
  o.x_label = "learning rate";
  hl_plot_compute_layout (W, H, &s, 1, &o, &l);
  g_assert_true (l.log_x);
  plain = render (&s, 1, &o);
  o.hover_x = 8e-3;
  hover = render (&s, 1, &o);
  g_assert_cmpuint (column_differences (hover, plain, &l, 2e-2), >, 40);
  g_assert_cmpuint (column_differences (hover, plain, &l, 2e-3), ==, 0);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (hover);
}

/* The crosshair stands at the point nearest the pointer, whichever curve
 * has it: it stood at the first curve's nearest point, which for a trial
 * pruned at step 30 was step 30 under a pointer at step 480. */
static void
test_hover_nearest_curve (void)
{
  static const double ax[] = { 0, 10, 20, 30 }, ay[] = { 1.0, 0.9, 0.8, 0.7 };
  double bx[101], by[101];
  HlPlotSeries s[2] = {
    { .label = "pruned", .x = ax, .y = ay, .n = G_N_ELEMENTS (ax) },
    { .label = "went on", .x = bx, .y = by, .n = G_N_ELEMENTS (bx) },
  };
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *plain, *hover;

  for (guint i = 0; i < G_N_ELEMENTS (bx); i++)
    {
      bx[i] = i * 10.0;
      by[i] = 1.0 - i / 200.0;
    }
  for (guint i = 0; i < 2; i++)
    hl_plot_palette (i, &s[i].r, &s[i].g, &s[i].b);
  hl_plot_options_init (&o);
  o.show_legend = FALSE;
  hl_plot_compute_layout (W, H, s, 2, &o, &l);
  plain = render (s, 2, &o);
  o.hover_x = 481;
  hover = render (s, 2, &o);
  g_assert_cmpuint (column_differences (hover, plain, &l, 480), >, 40);
  g_assert_cmpuint (column_differences (hover, plain, &l, 30), ==, 0);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (hover);
}

/* An accuracy (axis 1, or a compared run's accuracy on axis 0) reads as
 * the Runs table and the comparison write it, "84.73 %", where the readout
 * gave the fraction 0.8473; losses keep their digits. */
static void
test_hover_accuracy_percent (void)
{
  static const struct {
    int axis;
    gboolean percent;
    double value, x;
    const char *line;
  } cases[] = {
    { 1, FALSE, 0.8473, 200, "s  84.73\u00a0%" },
    { 0, TRUE, 0.8473, 200, "s  84.73\u00a0%" },
    { 1, FALSE, 1.0, 160, "s  100.00\u00a0%  (step 160)" },
    { 0, FALSE, 0.8473, 200, "s  0.8473" },
    { 0, FALSE, 0.546663, 160, "s  0.54666  (step 160)" },
  };
  HlPlotOptions o;
  char buf[128];

  hl_plot_options_init (&o);
  o.x_label = "step";
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HlPlotSeries s = { .label = "s", .axis = cases[i].axis, .percent = cases[i].percent };

      hl_plot_format_reading (buf, sizeof buf, &o, &s, cases[i].value, cases[i].x, 200);
      g_assert_cmpstr (buf, ==, cases[i].line);
    }
}

static void
test_decimation_million (void)
{
  const gsize n = 1000000;
  double *x = g_new (double, n), *y = g_new (double, n);
  HlPlotSeries s = { .label = "noisy", .x = x, .y = y, .n = n };
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *surface;
  gint64 t0, t1;
  int col;
  guint span;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = (double) i;
      y[i] = (i % 2) ? 1.0 : 0.0;   /* every pixel column holds both extremes */
    }
  hl_plot_palette (0, &s.r, &s.g, &s.b);
  hl_plot_options_init (&o);
  hl_plot_compute_layout (W, H, &s, 1, &o, &l);
  t0 = g_get_monotonic_time ();
  surface = render (&s, 1, &o);
  t1 = g_get_monotonic_time ();
  g_test_message ("1e6 points rendered in %.1f ms", (t1 - t0) / 1000.0);
  g_assert_cmpint (t1 - t0, <, 500 * 1000);   /* generous: no flaky timing */
  /* The min..max segment fills the column from y=0 to y=1. */
  col = (int) ((l.left + l.right) / 2);
  span = count_near (surface, s.r, s.g, s.b, 30, col, (int) l.top, col + 1, (int) l.bottom);
  g_assert_cmpuint (span, >, (guint) ((hl_plot_layout_y_to_pixel (&l, 0, 0) -
                                       hl_plot_layout_y_to_pixel (&l, 0, 1)) * 0.9));
  cairo_surface_destroy (surface);
  g_free (x);
  g_free (y);
}

static char *
export_path (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* The PNG says its resolution, 72 dpi times the scale, so that it is placed
 * as wide as the width given in points (it said none: a --scale 2 figure
 * came out twice too large in a document).  Every chunk's CRC checks. */
static void
assert_png_dpi (const char *path, double dpi)
{
  g_autofree guint8 *png = NULL;
  gsize len = 0, at = 8;
  gboolean found = FALSE;

  g_assert_true (g_file_get_contents (path, (char **) &png, &len, NULL));
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
  while (at + 12 <= len)
    {
      guint32 n = be32 (png + at), crc = 0xffffffffu;

      g_assert_cmpuint (at + 12 + n, <=, len);
      for (gsize i = at + 4; i < at + 8 + n; i++)
        {
          crc ^= png[i];
          for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
      g_assert_cmphex (crc ^ 0xffffffffu, ==, be32 (png + at + 8 + n));
      if (memcmp (png + at + 4, "pHYs", 4) == 0)
        {
          g_assert_cmpuint (n, ==, 9);
          g_assert_cmpuint (be32 (png + at + 8), ==, lround (dpi / 0.0254));
          g_assert_cmpuint (be32 (png + at + 12), ==, lround (dpi / 0.0254));
          g_assert_cmpuint (png[at + 16], ==, 1);
          found = TRUE;
        }
      at += 12 + n;
    }
  g_assert_cmpuint (at, ==, len);
  g_assert_true (found);
}

static void
test_export_png (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plot-XXXXXX", NULL);
  g_autofree char *path = export_path (dir, "plot.PNG");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *img;
  HlPlotLayout l;
  Fixture f;

  fixture_init (&f);
  g_assert_true (hl_plot_export (path, 400, 300, 2.0, f.s, 3, &f.o, &error));
  g_assert_no_error (error);
  img = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 600);
  assert_png_dpi (path, 144);
  hl_plot_compute_layout (400, 300, f.s, 3, &f.o, &l);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (count_near (img, f.s[i].r, f.s[i].g, f.s[i].b, 30, (int) l.left * 2,
                                  (int) l.top * 2, (int) l.right * 2, (int) l.bottom * 2), >, 200);
  cairo_surface_destroy (img);
  g_unlink (path);
  g_rmdir (dir);
}

/* cairo writes colours as rgb(r%,g%,b%) (1.16) or rgb(r,g,b) (later). */
static gboolean
svg_has_colour (const char *svg, double r, double g, double b)
{
  for (const char *p = strstr (svg, "rgb("); p; p = strstr (p + 4, "rgb("))
    {
      double v[3];
      const char *q = p + 4;
      gboolean percent = FALSE;
      char *end;

      for (int k = 0; k < 3; k++)
        {
          v[k] = g_ascii_strtod (q, &end);
          percent = *end == '%';
          q = end + (percent ? 1 : 0);
          if (*q == ',')
            q++;
        }
      for (int k = 0; k < 3; k++)
        v[k] = percent ? v[k] / 100 : v[k] / 255;
      if (fabs (v[0] - r) + fabs (v[1] - g) + fabs (v[2] - b) < 0.01)
        return TRUE;
    }
  return FALSE;
}

static void
test_export_svg (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plot-XXXXXX", NULL);
  g_autofree char *path = export_path (dir, "plot.svg");
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f;

  fixture_init (&f);
  g_assert_true (hl_plot_export (path, 400, 300, 1.0, f.s, 3, &f.o, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_nonnull (strstr (svg, "<path"));
  g_assert_nonnull (strstr (svg, " d=\"M "));
  for (guint i = 0; i < 3; i++)
    g_assert_true (svg_has_colour (svg, f.s[i].r, f.s[i].g, f.s[i].b));
  g_assert_false (svg_has_colour (svg, 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0));  /* 4th, unused */
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_pdf (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plot-XXXXXX", NULL);
  g_autofree char *path = export_path (dir, "plot.pdf");
  g_autofree char *empty_path = export_path (dir, "empty.pdf");
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;
  gsize len, empty_len;
  char *empty = NULL;
  Fixture f;

  fixture_init (&f);
  g_assert_true (hl_plot_export (path, 400, 300, 1.0, f.s, 3, &f.o, &error));
  g_assert_no_error (error);
  g_assert_true (hl_plot_export (empty_path, 400, 300, 1.0, NULL, 0, &f.o, &error));
  g_assert_true (g_file_get_contents (path, &pdf, &len, NULL));
  g_assert_true (g_file_get_contents (empty_path, &empty, &empty_len, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_cmpuint (len, >, 1000);
  /* The curves' path data makes the document bigger than axes alone. */
  g_assert_cmpuint (len, >, empty_len + 200);
  g_free (empty);
  g_unlink (path);
  g_unlink (empty_path);
  g_rmdir (dir);
}

static void
test_export_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-plot-XXXXXX", NULL);
  g_autofree char *bad_ext = export_path (dir, "plot.bmp");
  g_autofree char *no_dir = g_build_filename (dir, "missing", "plot.png", NULL);
  g_autofree char *small = export_path (dir, "small.png");
  g_autoptr(GError) error = NULL;
  HlPlotOptions o;

  hl_plot_options_init (&o);
  g_assert_false (hl_plot_export (bad_ext, 400, 300, 1.0, NULL, 0, &o, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, bad_ext));
  g_assert_false (g_file_test (bad_ext, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (hl_plot_export (no_dir, 400, 300, 1.0, NULL, 0, &o, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, no_dir));
  g_clear_error (&error);

  g_assert_false (hl_plot_export (bad_ext, 0, 300, 1.0, NULL, 0, &o, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* under the Export dialog's floor, as the CLI */
  g_assert_false (hl_plot_export (small, HL_PLOT_EXPORT_MIN - 1, 300, 1.0, NULL, 0, &o, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, small));
  g_assert_false (g_file_test (small, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_true (hl_plot_export (small, HL_PLOT_EXPORT_MIN, HL_PLOT_EXPORT_MIN, 1.0, NULL, 0, &o, &error));
  g_assert_no_error (error);
  g_unlink (small);
  g_rmdir (dir);
}

/* The last tick label at the right edge stays whole (a "1.5e6" under the
 * plot's right end was cut in half; found by a GUI review): nothing is
 * drawn in the picture's last column of the label band. */
static void
test_last_tick_label_inside (void)
{
  static const double x[] = { 0, 500000, 1000000, 1600000 }, y[] = { 1, 0.5, 0.3, 0.2 };
  HlPlotSeries s = { "loss", 0, 0, 1, x, y, 4, NULL, NULL, FALSE, FALSE, 0 };
  HlPlotOptions o;
  cairo_surface_t *surface;
  guint dark = 0;

  hl_plot_options_init (&o);
  o.show_legend = FALSE;
  surface = render (&s, 1, &o);
  for (int row = H - 40; row < H; row++)
    {
      int r, g, b;

      pixel_rgb (surface, W - 1, row, &r, &g, &b);
      dark += r + g + b < 3 * 160;
    }
  g_assert_cmpuint (dark, ==, 0);
  cairo_surface_destroy (surface);
}

/* A title wider than the picture stays inside it (a long one ran off both
 * edges of an 800 px export); a short one stays centred over the plot.
 * Nothing is drawn in the margins beside the title's line. */
static void
test_title_inside (void)
{
  const char *titles[] = {
    "Sine regression: Adam 0.01 vs Adam 0.001 without validation split, smoothed EMA 0.9 curves",
    "Sine regression: Adam 0.01 vs Adam 0.001 without validation split, smoothed EMA 0.9 training "
    "curves of every run in the store, one colour per run, validation dashed, log axis",
  };
  Fixture f;

  fixture_init (&f);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      cairo_surface_t *surface;
      guint inked;

      f.o.title = titles[i];
      surface = render (f.s, 2, &f.o);
      /* the title's line: 12 px margin, 14 pt text */
      g_assert_cmpuint (count_near (surface, 1, 1, 1, 60, 0, 0, 10, 30), ==, 10 * 30);
      g_assert_cmpuint (count_near (surface, 1, 1, 1, 60, W - 10, 0, W, 30), ==, 10 * 30);
      inked = 10 * 18 - count_near (surface, 1, 1, 1, 60, W / 2 - 5, 12, W / 2 + 5, 30);
      g_assert_cmpuint (inked, >, 0);
      cairo_surface_destroy (surface);
    }
}

/* Runs of one config name are told apart in the legend by a tag; unique
 * names stay as they are (11 runs of "spiral 16-16 tanh sgd" all read the
 * same; found by a review). */
static void
test_distinct_labels (void)
{
  const char *labels[] = { "spiral", "moons", "spiral", "spiral" };
  const char *tags[] = { "a", "b", "c", "d" };
  g_auto(GStrv) out = hl_plot_distinct_labels (labels, tags, 4);

  g_assert_cmpstr (out[0], ==, "spiral (a)");
  g_assert_cmpstr (out[1], ==, "moons");
  g_assert_cmpstr (out[2], ==, "spiral (c)");
  g_assert_cmpstr (out[3], ==, "spiral (d)");
  g_assert_null (out[4]);
}

/* Steps are whole numbers: a run of three steps gets ticks at 1, 2, 3, not
 * 1.0, 1.2, … (found by a GUI review); epochs keep their fractions. */
static void
test_whole_step_ticks (void)
{
  static const double x[] = { 1, 2, 3 }, y[] = { 0.5, 0.4, 0.45 };
  HlPlotSeries s = { "loss", 0, 0, 1, x, y, 3, NULL, NULL, FALSE, FALSE, 0 };
  HlPlotOptions o;
  HlPlotGeom g;

  hl_plot_options_init (&o);
  hl_plot_geom_compute (&g, 800, 500, &s, 1, &o);
  g_assert_cmpuint (g.n_xt, >=, 2);
  for (guint i = 0; i < g.n_xt; i++)
    {
      g_assert_cmpfloat (g.xt[i].value, ==, floor (g.xt[i].value));
      g_assert_null (strchr (g.xt[i].label, '.'));
    }
  o.x_whole = FALSE;
  hl_plot_geom_compute (&g, 800, 500, &s, 1, &o);
  g_assert_cmpuint (g.n_xt, >, 3);
  /* zoomed in between two whole steps: the axis keeps its ticks */
  o.x_whole = TRUE;
  o.x_min = 2.2;
  o.x_max = 2.8;
  hl_plot_geom_compute (&g, 800, 500, &s, 1, &o);
  g_assert_cmpuint (g.n_xt, >=, 2);
}

/* The accuracy axis reads in per cent, as every view writes an accuracy
 * (it labelled 0 to 1 beside a readout of "84.73 %"). */
static void
test_accuracy_axis_percent (void)
{
  static const double x[] = { 1, 2, 3 }, y[] = { 0.5, 0.4, 0.45 }, acc[] = { 0.6, 0.7, 0.8 };
  const HlPlotSeries s[] = {
    { "loss", 0, 0, 1, x, y, 3, NULL, NULL, FALSE, FALSE, 0 },
    { "accuracy", 1, 0, 1, x, acc, 3, NULL, NULL, FALSE, FALSE, 1 },
  };
  HlPlotOptions o;
  HlPlotGeom g;

  hl_plot_options_init (&o);
  hl_plot_geom_compute (&g, 800, 500, s, 2, &o);
  g_assert_cmpuint (g.n_y2t, >=, 3);
  g_assert_cmpstr (g.y2t[0].label, ==, "0\u00a0%");
  g_assert_cmpstr (g.y2t[g.n_y2t - 1].label, ==, "100\u00a0%");
  /* the loss axis keeps its numbers */
  g_assert_null (strchr (g.yt[0].label, '%'));

  /* validation accuracy alone (hyperlab-cli plot -m val_accuracy): the left
   * axis in per cent, with the decimals a narrow range needs */
  {
    static const double narrow[] = { 0.451, 0.462, 0.468 };
    HlPlotSeries a = { "validation accuracy", 0, 0, 1, x, narrow, 3, NULL, NULL, FALSE, FALSE, 0, TRUE };

    hl_plot_geom_compute (&g, 800, 500, &a, 1, &o);
    g_assert_cmpuint (g.n_yt, >=, 3);
    for (guint i = 0; i < g.n_yt; i++)
      {
        char *end = NULL;
        double shown = g_ascii_strtod (g.yt[i].label, &end);

        g_assert_cmpstr (end, ==, "\u00a0%");
        g_assert_cmpfloat_with_epsilon (shown, 100 * g.yt[i].value, 1e-9);
      }
    g_assert_nonnull (strchr (g.yt[1].label, '.'));
  }
}

/* The loss axis names the loss when every run has the same one. */
static void
test_loss_label (void)
{
  static const struct { guint n_regression, n_runs; const char *want; } cases[] = {
    { 0, 3, "validation loss (cross-entropy)" }, { 2, 2, "validation loss (MSE)" },
    { 1, 2, "validation loss" }, { 0, 0, "validation loss" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = hl_plot_loss_label ("validation loss", cases[i].n_regression, cases[i].n_runs);
      g_assert_cmpstr (label, ==, cases[i].want);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/palette", test_palette);
  g_test_add_func ("/render/loss-label", test_loss_label);
  g_test_add_func ("/render/legend-many", test_legend_many);
  g_test_add_func ("/render/readout-fits", test_readout_fits);
  g_test_add_func ("/render/hover-nearest-curve", test_hover_nearest_curve);
  g_test_add_func ("/render/whole-step-ticks", test_whole_step_ticks);
  g_test_add_func ("/render/accuracy-axis-percent", test_accuracy_axis_percent);
  g_test_add_func ("/render/distinct-labels", test_distinct_labels);
  g_test_add_func ("/render/last-tick-label-inside", test_last_tick_label_inside);
  g_test_add_func ("/render/title-inside", test_title_inside);
  g_test_add_func ("/render/smooth", test_smooth);
  g_test_add_func ("/render/series-colours", test_series_colours);
  g_test_add_func ("/render/dark", test_dark);
  g_test_add_func ("/render/log-y/non-positive", test_log_nonpositive);
  g_test_add_func ("/render/log-x", test_log_x);
  g_test_add_func ("/render/nan-gap", test_nan_gap);
  g_test_add_func ("/render/empty", test_empty);
  g_test_add_func ("/render/layout/mapping", test_layout_mapping);
  g_test_add_func ("/render/layout/legend-hit", test_legend_hit);
  g_test_add_func ("/render/hover-band-marker", test_hover_band_marker);
  g_test_add_func ("/render/hover-other-step", test_hover_other_step);
  g_test_add_func ("/render/hover-accuracy-percent", test_hover_accuracy_percent);
  g_test_add_func ("/render/hover-log-nearest", test_hover_log_nearest);
  g_test_add_func ("/render/decimation/million", test_decimation_million);
  g_test_add_func ("/render/export/png", test_export_png);
  g_test_add_func ("/render/export/svg", test_export_svg);
  g_test_add_func ("/render/export/pdf", test_export_pdf);
  g_test_add_func ("/render/export/errors", test_export_errors);
  return g_test_run ();
}
