/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-layout.c - the cairo plot renderer where room or data is
 * scarce: small figures, single points, the overfitting marker's label
 * among the curves, and its own texts in German. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "hl-plot-render.h"
#include "hl-plot-render-private.h"
#include "test-plot-layout.h"
#include "test-german.h"

cairo_surface_t *
render (double w, double h, const HlPlotSeries *s, guint n, const HlPlotOptions *o)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) h);
  cairo_t *cr = cairo_create (surface);

  hl_plot_render (cr, w, h, s, n, o);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

guint
count_near (cairo_surface_t *surface, const double rgb[3], int tol, int x0, int y0, int x1, int y1)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  const int stride = cairo_image_surface_get_stride (surface);
  guint count = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (surface)); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (surface)); x++)
      {
        const guint32 p = ((const guint32 *) (data + y * stride))[x];
        const int d = abs ((int) ((p >> 16) & 0xff) - (int) lround (rgb[0] * 255)) +
                      abs ((int) ((p >> 8) & 0xff) - (int) lround (rgb[1] * 255)) +
                      abs ((int) (p & 0xff) - (int) lround (rgb[2] * 255));
        count += d <= tol;
      }
  return count;
}

/* An empty plot 80 pt wide: "no data", centred over the plot, ran off the
 * right edge.  It stays inside the picture. */
static void
test_no_data_narrow (void)
{
  const double muted[3] = { 0.45, 0.45, 0.48 };
  HlPlotOptions o;
  cairo_surface_t *surface;

  hl_plot_options_init (&o);
  surface = render (80, 100, NULL, 0, &o);
  g_assert_cmpuint (count_near (surface, muted, 60, 0, 20, 80, 70), >, 20);
  g_assert_cmpuint (count_near (surface, muted, 60, 74, 0, 80, 100), ==, 0);
  cairo_surface_destroy (surface);
}

/* ---- German ----------------------------------------------------------- */

/* An empty plot says so in the user's language: "no data" was English in
 * a German PDF.  The PDF keeps the text, which pdftotext reads back. */
static void
test_no_data_german (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL, *pdf = NULL, *out = NULL;
  g_autoptr(GError) error = NULL;
  char *locale_dir;
  HlPlotOptions o;
  int status = 0;

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) not installed");
      return;
    }
  locale_dir = test_german_set_up ();
  if (locale_dir == NULL)
    return;
  g_assert_cmpstr (_("no data"), !=, "no data");
  dir = g_dir_make_tmp ("hl-test-plot-XXXXXX", &error);
  g_assert_no_error (error);
  pdf = g_build_filename (dir, "empty.pdf", NULL);
  hl_plot_options_init (&o);
  g_assert_true (hl_plot_export (pdf, 400, 300, 1.0, NULL, 0, &o, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { pdftotext, pdf, "-", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, _("no data")));
  g_assert_null (strstr (out, "no data"));
  test_german_remove (locale_dir);
  g_remove (pdf);
  g_rmdir (dir);
}

/* ---- single points ---------------------------------------------------- */

/* A run of one recorded step (batch = all, one epoch) was a 4 px dot, lost
 * in print; so was a point between two gaps.  Each is a marker now: a disc
 * for a solid curve, a ring for a dashed one. */
static void
test_single_point (void)
{
  double x1[1] = { 1 }, y1[1] = { 1.14 }, y2[1] = { 1.13 };
  double xs[7] = { 1, 2, 3, 4, 5, 6, 7 }, ys[7] = { 2.0, 1.8, NAN, 1.5, NAN, 1.2, 1.1 };
  HlPlotSeries s[2] = {
    { .label = "training loss", .x = x1, .y = y1, .n = 1 },
    { .label = "validation loss", .x = x1, .y = y2, .n = 1, .dashed = TRUE },
  };
  HlPlotOptions o;
  HlPlotLayout l;
  cairo_surface_t *surface;

  hl_plot_options_init (&o);
  for (guint i = 0; i < 2; i++)
    hl_plot_palette (i, &s[i].r, &s[i].g, &s[i].b);
  hl_plot_compute_layout (640, 400, s, 2, &o, &l);
  surface = render (640, 400, s, 2, &o);
  for (guint i = 0; i < 2; i++)
    {
      const double rgb[3] = { s[i].r, s[i].g, s[i].b };
      const int px = (int) hl_plot_layout_x_to_pixel (&l, x1[0]);
      const int py = (int) hl_plot_layout_y_to_pixel (&l, 0, s[i].y[0]);

      /* a disc of radius 3.5 is about 38 pixels, a ring about 30; the old
       * dot was 13 */
      g_assert_cmpuint (count_near (surface, rgb, 90, px - 8, py - 8, px + 9, py + 9), >=, 24);
    }
  cairo_surface_destroy (surface);

  /* the point at x = 4 has gaps either side */
  s[0] = (HlPlotSeries) { .label = "gaps", .x = xs, .y = ys, .n = 7 };
  hl_plot_palette (0, &s[0].r, &s[0].g, &s[0].b);
  hl_plot_compute_layout (640, 400, s, 1, &o, &l);
  surface = render (640, 400, s, 1, &o);
  {
    const double rgb[3] = { s[0].r, s[0].g, s[0].b };
    const int px = (int) hl_plot_layout_x_to_pixel (&l, 4);
    const int py = (int) hl_plot_layout_y_to_pixel (&l, 0, 1.5);

    g_assert_cmpuint (count_near (surface, rgb, 90, px - 8, py - 8, px + 9, py + 9), >=, 24);
  }
  cairo_surface_destroy (surface);

  /* a run of one step among longer ones: its point on the left edge of the
   * plot is whole, not cut in half by the plot's clip */
  s[0] = (HlPlotSeries) { .label = "one step", .x = x1, .y = y1, .n = 1 };
  s[1] = (HlPlotSeries) { .label = "gaps", .x = xs, .y = ys, .n = 7 };
  for (guint i = 0; i < 2; i++)
    hl_plot_palette (i, &s[i].r, &s[i].g, &s[i].b);
  hl_plot_compute_layout (640, 400, s, 2, &o, &l);
  g_assert_cmpfloat (l.x_min, ==, 1);
  surface = render (640, 400, s, 2, &o);
  {
    const double rgb[3] = { s[0].r, s[0].g, s[0].b };
    const int px = (int) round (hl_plot_layout_x_to_pixel (&l, 1));
    const int py = (int) hl_plot_layout_y_to_pixel (&l, 0, 1.14);

    g_assert_cmpuint (count_near (surface, rgb, 90, px - 8, py - 8, px - 1, py + 9), >=, 8);
  }
  cairo_surface_destroy (surface);
}

/* ---- small figures ---------------------------------------------------- */

void
runs_init (Runs *r, guint n)
{
  memset (r, 0, sizeof *r);
  for (int i = 0; i < N_PTS; i++)
    {
      r->x[i] = 10.0 * i;
      for (guint k = 0; k < N_SMALL; k++)
        r->y[k][i] = (1.5 + 0.1 * k) * exp (-i / 15.0) + 0.1;
      r->acc[i] = 0.99;
    }
  for (guint k = 0; k < n; k++)
    {
      g_snprintf (r->labels[k], sizeof r->labels[k], "circles 8-8 relu adam #%u validation", k);
      r->s[k] = (HlPlotSeries) { .label = r->labels[k], .x = r->x, .y = r->y[k], .n = N_PTS };
      hl_plot_palette (k, &r->s[k].r, &r->s[k].g, &r->s[k].b);
    }
  hl_plot_options_init (&r->o);
  r->o.y_label = "validation loss (cross-entropy)";
}

/* A 240×120 pt figure: the legend was "+8 more" and nothing else, the
 * rotated y label taller than the plot ran off the picture. */
static void
test_small_figure (void)
{
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);
  cairo_surface_t *surface;
  const double ink[3] = { 0.1, 0.1, 0.1 };

  runs_init (&r, N_SMALL);
  hl_plot_geom_compute (g, 240, 120, r.s, N_SMALL, &r.o);
  /* several entries stay (compact, /plot-layout/legend-small), the count
   * after them, all in the picture */
  g_assert_cmpuint (g->l.n_legend, >=, 4);
  g_assert_cmpuint (g->l.legend_more, ==, N_SMALL - g->l.n_legend);
  for (guint i = 0; i < g->l.n_legend; i++)
    {
      g_assert_cmpuint (g->l.legend[i].shown, >, 0);
      g_assert_cmpfloat (g->l.legend[i].x, >=, 0);
      g_assert_cmpfloat (g->l.legend[i].x + g->l.legend[i].w, <=, 240);
      g_assert_cmpfloat (g->l.legend[i].y + g->l.legend[i].h, <=, g->l.legend_more_y);
    }
  g_assert_cmpfloat (g->l.legend_more_x, <, 240);
  g_assert_cmpfloat (g->l.legend_more_y + 14, <=, 120);
  /* the y label lost its "(cross-entropy)" at least */
  g_assert_cmpuint (g->y_label_shown, <=, strlen ("validation loss"));

  /* no ink of the y label beyond the plot's top and bottom */
  surface = render (240, 120, r.s, N_SMALL, &r.o);
  g_assert_cmpuint (count_near (surface, ink, 200, 0, 0, (int) g->l.left - 30,
                                (int) g->l.top - 1), ==, 0);
  g_assert_cmpuint (count_near (surface, ink, 200, 0, (int) g->l.bottom + 1, 12 + 14,
                                120), ==, 0);
  /* ... and in it, something */
  g_assert_cmpuint (count_near (surface, ink, 200, 0, (int) g->l.top, 12 + 14,
                                (int) g->l.bottom), >, 10);
  cairo_surface_destroy (surface);

  /* a tall plot keeps the whole label */
  hl_plot_geom_compute (g, 640, 400, r.s, N_SMALL, &r.o);
  g_assert_cmpuint (g->y_label_shown, ==, strlen (r.o.y_label));
  g_assert_false (g->y_label_cut);
  g_assert_false (g->y_label_above);
  g_free (g);
}

/* 320×200: the legend's second row held "+2 more" alone, though its first
 * entry fits there when cut.  An entry that starts a row is cut to make
 * room for the count, not dropped. */
static void
test_small_legend_rows (void)
{
  static const char *const labels[] = { "Trainingsverlust", "Validierungsverlust",
                                        "Validierungsgenauigkeit" };
  Runs r;
  HlPlotLayout l;

  runs_init (&r, 3);
  for (guint i = 0; i < 3; i++)
    r.s[i].label = labels[i];
  r.s[2].y = r.acc;
  r.s[2].axis = 1;
  r.s[2].percent = TRUE;
  r.o.y_label = "Verlust (Kreuzentropie)";
  r.o.y2_label = "Genauigkeit";
  /* at 320×200, where this was found, the compact legend now lists all
   * three (/plot-layout/legend-small); at 160×160 it still counts one */
  hl_plot_compute_layout (320, 200, r.s, 3, &r.o, &l);
  g_assert_cmpuint (l.n_legend, ==, 3);
  g_assert_cmpuint (l.legend_more, ==, 0);
  /* cut, the two "Validierungs…" names still differ */
  g_assert_cmpint (strncmp (labels[1] + l.legend[1].start, labels[2] + l.legend[2].start,
                            MAX (l.legend[1].shown, l.legend[2].shown)), !=, 0);
  hl_plot_compute_layout (160, 160, r.s, 3, &r.o, &l);
  g_assert_cmpuint (l.n_legend, ==, 2);
  g_assert_cmpuint (l.legend_more, ==, 1);
  g_assert_cmpfloat (l.legend[1].y, >, l.legend[0].y);
  g_assert_cmpfloat (l.legend_more_y, ==, l.legend[1].y);
  g_assert_cmpfloat (l.legend_more_x, >=, l.legend[1].x + l.legend[1].w);
  g_assert_cmpfloat (l.legend_more_x, <, 160);
}

/* A replicate group's legend at the window's 484×409 px: "Training loss,
 * mean of 3 seeds" and "Validation accuracy, mean of 3 seeds" stood cut at
 * 160 px ("Training loss, mean of 3 …") on rows of their own, with room
 * for all of them.  An entry cut only by that cap keeps the rest of its
 * row when the next entry goes to the next row anyway; entries that share
 * a row are still capped. */
static void
test_legend_alone_whole (void)
{
  static const char *const labels[] = {
    "Training loss, seed 44", "Validation loss, seed 44", "Validation accuracy, seed 44",
    "Training loss, mean of 3 seeds", "Validation loss, mean of 3 seeds",
    "Validation accuracy, mean of 3 seeds",
  };
  Runs r;
  HlPlotLayout l;

  runs_init (&r, 6);
  for (guint i = 0; i < 6; i++)
    {
      r.s[i].label = labels[i];
      r.s[i].hidden = i < 3;
      r.s[i].dashed = i % 3 == 1;
    }
  for (guint i = 2; i < 6; i += 3)
    {
      r.s[i].y = r.acc;
      r.s[i].axis = 1;
      r.s[i].percent = TRUE;
    }
  r.o.y_label = "loss (cross-entropy)";
  r.o.y2_label = "accuracy";
  hl_plot_compute_layout (484, 409, r.s, 6, &r.o, &l);
  g_assert_cmpuint (l.n_legend, ==, 6);
  g_assert_cmpuint (l.legend_more, ==, 0);
  g_assert_false (l.legend_compact);
  for (guint i = 0; i < l.n_legend; i++)
    {
      const HlPlotLegendBox *b = &l.legend[i];

      g_test_message ("%s: x %.0f, w %.0f, y %.0f%s", labels[b->series], b->x, b->w, b->y, b->cut ? ", cut" : "");
      g_assert_false (b->cut);
      g_assert_cmpuint (b->shown, ==, strlen (labels[b->series]));
      g_assert_cmpfloat (b->x + b->w, <=, l.right + 4);
    }
}

/* The accuracy axis of a small figure: its five tick labels overlapped. */
static void
test_small_accuracy_ticks (void)
{
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);

  runs_init (&r, 1);
  r.s[1] = (HlPlotSeries) { .label = "acc", .x = r.x, .y = r.acc, .n = N_PTS, .axis = 1, .percent = TRUE };
  hl_plot_geom_compute (g, 240, 120, r.s, 2, &r.o);
  g_assert_cmpuint (g->n_y2t, >=, 2);
  for (guint i = 0; i + 1 < g->n_y2t; i++)
    g_assert_cmpfloat (hl_plot_layout_y_to_pixel (&g->l, 1, g->y2t[i].value) -
                       hl_plot_layout_y_to_pixel (&g->l, 1, g->y2t[i + 1].value), >=, HL_PLOT_FONT_TICK + 2);
  g_free (g);
}

/* 160×100 pt with a title: the legend's row lay over the plot (its top is
 * kept at least 10 px above the bottom), and the two tick labels of its
 * 10 px height overlapped.  The legend is left out, the ticks thinned. */
static void
test_tiny_with_title (void)
{
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);

  runs_init (&r, 2);
  r.o.title = "Accuracy of two runs";
  hl_plot_geom_compute (g, 160, 100, r.s, 2, &r.o);
  for (guint i = 0; i < g->l.n_legend; i++)
    g_assert_cmpfloat (g->l.legend[i].y + g->l.legend[i].h, <=, g->l.top);
  if (g->l.legend_more > 0)
    g_assert_cmpfloat (g->l.legend_more_y + 18, <=, g->l.top);
  g_assert_cmpuint (g->n_yt, >=, 1);
  for (guint i = 0; i + 1 < g->n_yt; i++)
    g_assert_cmpfloat (fabs (hl_plot_layout_y_to_pixel (&g->l, 0, g->yt[i].value) -
                             hl_plot_layout_y_to_pixel (&g->l, 0, g->yt[i + 1].value)), >=, HL_PLOT_FONT_TICK + 2);
  /* with room, the legend is there */
  hl_plot_geom_compute (g, 320, 240, r.s, 2, &r.o);
  g_assert_cmpuint (g->l.n_legend, ==, 2);
  g_free (g);
}

/* Figures too low or narrow for everything: at 240×60 the title sat on the
 * x ticks (the plot's top is kept above its bottom, the title was not);
 * at 80 wide "+3 more" ran past the right edge.  The title goes, then the x
 * label; a count wider than the plot is left out. */
static void
test_low_figure (void)
{
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  runs_init (&r, 3);
  r.o.title = "Three runs compared";
  hl_plot_geom_compute (g, 240, 60, r.s, 3, &r.o);
  g_assert_true (!g->has_title || g->title_y <= g->l.top);
  g_assert_true (!g->has_x_label || g->l.bottom + HL_PLOT_FONT_TICK + 6 + HL_PLOT_FONT_LABEL <= 60);
  g_assert_false (g->has_title);
  /* the x label made way for the plot, which has its top 4 px under the top margin */
  g_assert_false (g->has_x_label);
  g_assert_cmpfloat (g->l.bottom - g->l.top, >=, 14);
  /* with room for all of it, all of it */
  hl_plot_geom_compute (g, 240, 200, r.s, 3, &r.o);
  g_assert_true (g->has_title);
  g_assert_true (g->has_x_label);
  g_assert_cmpfloat (g->title_y, <=, g->l.top);

  hl_plot_geom_compute (g, 80, 160, r.s, 3, &r.o);
  if (g->l.legend_more > 0)
    {
      g_autofree char *more = hl_plot_legend_more_text (g->l.legend_more);

      hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
      g_assert_cmpfloat (g->l.legend_more_x + hl_plot_text_width (cr, more), <=, 80);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_free (g);
}

/* ---- a long y label on a short plot ----------------------------------- */

/* Boxes a and b share pixels. */
static gboolean
boxes_meet (double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
{
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* The y label of g is whole and clear of everything else: rotated, no
 * longer than the plot is tall; read across over the plot, inside the
 * picture, clear of the legend, the tick labels and the plot. */
static void
assert_y_label_whole (const HlPlotGeom *g, const char *label)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double w, top;

  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
  w = hl_plot_text_width (cr, label);
  g_assert_cmpuint (g->y_label_shown, ==, strlen (label));
  g_assert_false (g->y_label_cut);
  if (!g->y_label_above)
    g_assert_cmpfloat (w, <=, g->l.bottom - g->l.top);
  else
    {
      top = g->above_y - HL_PLOT_FONT_LABEL * 0.8;
      g_assert_cmpfloat (HL_PLOT_PAD + w, <=, g->width - HL_PLOT_PAD);
      g_assert_cmpfloat (g->above_y + HL_PLOT_FONT_LABEL * 0.2, <, g->l.top);
      for (guint i = 0; i < g->l.n_legend; i++)
        g_assert_false (boxes_meet (HL_PLOT_PAD, top, w, HL_PLOT_FONT_LABEL, g->l.legend[i].x,
                                    g->l.legend[i].y, g->l.legend[i].w, g->l.legend[i].h));
      for (guint i = 0; i < g->n_yt; i++)
        {
          double x, y, tw, th;

          hl_plot_tick_label_box (cr, g, 0, i, &x, &y, &tw, &th);
          g_assert_false (boxes_meet (HL_PLOT_PAD, top, w, HL_PLOT_FONT_LABEL, x, y, tw, th));
        }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A comparison of six runs at 1280×720 in German: the plot, under three
 * rows of legend, was 105 px tall, and "Validierungsgenauigkeit" was
 * "Validierungsge…".  A label the plot is too short for is read across
 * over it; a tall plot keeps it rotated beside it, and in a PDF the label
 * is all there.  A loss label that only loses its "(Kreuzentropie)" keeps
 * its place (and the plot its height). */
static void
test_long_y_label (void)
{
  static const char *const label = "Validierungsgenauigkeit";
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);
  char names[6][96];

  runs_init (&r, 6);
  for (guint k = 0; k < 6; k++)
    {
      g_snprintf (names[k], sizeof names[k], "spiral 16-16 tanh sgd · training.epochs=5, "
                  "optimizer.learning_rate=0.0%u", k + 1);
      r.s[k].label = names[k];
      r.s[k].y = r.acc;
      r.s[k].percent = TRUE;
    }
  r.o.y_label = label;
  hl_plot_geom_compute (g, 1270, 220, r.s, 6, &r.o);
  g_test_message ("plot %.0f px tall, label %s", g->l.bottom - g->l.top, g->y_label_above ? "above" : "rotated");
  assert_y_label_whole (g, label);
  g_assert_true (g->y_label_above);
  /* two runs, from a plot too short for the label rotated up */
  for (double h = 200; h <= 400; h += 10)
    {
      hl_plot_geom_compute (g, 640, h, r.s, 2, &r.o);
      assert_y_label_whole (g, label);
    }
  hl_plot_geom_compute (g, 640, 200, r.s, 2, &r.o);
  g_assert_true (g->y_label_above);
  /* beside a tall plot, rotated as ever */
  hl_plot_geom_compute (g, 640, 400, r.s, 2, &r.o);
  g_assert_false (g->y_label_above);

  /* a loss label that only loses its "(Kreuzentropie)" stays rotated */
  r.o.y_label = "Verlust (Kreuzentropie)";
  hl_plot_geom_compute (g, 640, 200, r.s, 2, &r.o);
  g_assert_false (g->y_label_above);
  g_assert_cmpuint (g->y_label_shown, ==, strlen ("Verlust"));
  /* an accuracy axis too: both labels over the plot, clear of each other */
  r.o.y_label = "Mittlerer Validierungsverlust";
  r.o.y2_label = label;
  r.s[1].axis = 1;
  hl_plot_geom_compute (g, 640, 200, r.s, 2, &r.o);
  g_assert_true (g->y_label_above);
  g_assert_true (g->y2_label_above);
  g_assert_cmpuint (g->y_label_shown, ==, strlen (r.o.y_label));
  g_assert_cmpuint (g->y2_label_shown, ==, strlen (label));
  g_assert_cmpfloat (g->above_right, ==, 640 - HL_PLOT_PAD);
  r.s[1].axis = 0;
  r.o.y2_label = NULL;
  r.o.y_label = label;

  if (pdftotext == NULL)
    g_test_message ("pdftotext (poppler-utils) not installed: PDF not read");
  else
    {
      g_autofree char *dir = NULL, *pdf = NULL, *out = NULL;
      g_autoptr (GError) error = NULL;
      const char *argv[] = { pdftotext, NULL, "-", NULL };

      dir = g_dir_make_tmp ("hl-test-plot-XXXXXX", &error);
      g_assert_no_error (error);
      pdf = g_build_filename (dir, "long.pdf", NULL);
      g_assert_true (hl_plot_export (pdf, 1270, 220, 1.0, r.s, 6, &r.o, &error));
      g_assert_no_error (error);
      argv[1] = pdf;
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                    NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (out, label));
      g_remove (pdf);
      g_rmdir (dir);
    }
  g_free (g);
}

/* ---- the marker's label ----------------------------------------------- */

/* "Überanpassung" sat at the top right of the marker line, over an
 * accuracy curve near 100 %, hiding it under its box.  It goes where no
 * curve is, and stays inside the plot. */
static void
test_marker_label (void)
{
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);
  cairo_surface_t *surface;
  double acc_y, x0;
  guint hidden = 0;

  runs_init (&r, 1);
  r.s[1] = (HlPlotSeries) { .label = "acc", .x = r.x, .y = r.acc, .n = N_PTS, .axis = 1, .percent = TRUE };
  hl_plot_palette (2, &r.s[1].r, &r.s[1].g, &r.s[1].b);
  r.o.marker_x = 200;
  r.o.marker_label = "Überanpassung";
  hl_plot_geom_compute (g, 640, 400, r.s, 2, &r.o);
  g_assert_cmpuint (g->marker_shown, ==, strlen (r.o.marker_label));
  acc_y = hl_plot_layout_y_to_pixel (&g->l, 1, 0.99);
  /* clear of the accuracy line, and of the loss curve */
  g_assert_true (g->marker_ly > acc_y + 2 || g->marker_ly + HL_PLOT_FONT_TICK + 4 < acc_y - 2);
  for (double x = g->marker_lx; x <= g->marker_lx + g->marker_w; x += 1)
    {
      double y = 1.6 * exp (-(hl_plot_layout_pixel_to_x (&g->l, x)) / 150.0) + 0.1;
      double py = hl_plot_layout_y_to_pixel (&g->l, 0, y);
      g_assert_true (py < g->marker_ly - 1 || py > g->marker_ly + HL_PLOT_FONT_TICK + 5);
    }
  g_assert_cmpfloat (g->marker_lx, >=, g->l.left);
  g_assert_cmpfloat (g->marker_lx + g->marker_w, <=, g->l.right);
  /* the accuracy line shows in every column beside the marker */
  surface = render (640, 400, r.s, 2, &r.o);
  x0 = hl_plot_layout_x_to_pixel (&g->l, 200);
  for (int x = (int) x0 + 4; x < (int) (x0 + 4 + g->marker_w); x++)
    {
      const double rgb[3] = { r.s[1].r, r.s[1].g, r.s[1].b };
      hidden += count_near (surface, rgb, 60, x, (int) acc_y - 2, x + 1, (int) acc_y + 3) == 0;
    }
  g_assert_cmpuint (hidden, ==, 0);
  cairo_surface_destroy (surface);

  /* a small plot: cut to what fits beside the line, inside the plot */
  r.o.marker_x = 300;
  hl_plot_geom_compute (g, 240, 120, r.s, 2, &r.o);
  g_assert_cmpfloat (g->marker_lx, >=, g->l.left);
  g_assert_cmpfloat (g->marker_lx + g->marker_w, <=, g->l.right);
  g_assert_true (g->marker_shown == 0 || g->marker_cut);
  g_free (g);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot-layout/single-point", test_single_point);
  g_test_add_func ("/plot-layout/small-figure", test_small_figure);
  g_test_add_func ("/plot-layout/small-accuracy-ticks", test_small_accuracy_ticks);
  g_test_add_func ("/plot-layout/small-legend-rows", test_small_legend_rows);
  g_test_add_func ("/plot-layout/legend-alone-whole", test_legend_alone_whole);
  g_test_add_func ("/plot-layout/tiny-with-title", test_tiny_with_title);
  g_test_add_func ("/plot-layout/low-figure", test_low_figure);
  g_test_add_func ("/plot-layout/long-y-label", test_long_y_label);
  g_test_add_func ("/plot-layout/marker-label", test_marker_label);
  g_test_add_func ("/plot-layout/no-data-narrow", test_no_data_narrow);
  test_plot_small_add ();
  g_test_add_func ("/plot-layout/no-data-german", test_no_data_german);
  return g_test_run ();
}
