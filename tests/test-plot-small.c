/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-small.c - the plot on small figures and narrow widgets: tick
 * labels that never overlap from the export floor up, a compact legend
 * that still tells the curves apart, a hover readout that fits. */
#include <math.h>
#include <string.h>
#include "hl-plot-render.h"
#include "hl-plot-render-private.h"
#include "test-plot-layout.h"

/* Boxes a and b share pixels. */
static gboolean
boxes_meet (double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
{
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* Four runs compared on a small figure: at 240×100 the legend was left
 * out, at 240×120 it was "circles 8-8 …" and "+3 more", and the curves
 * could not be told apart.  The legend turns compact (a short key and the
 * words that differ: "0.01"), in rows above the plot or a column beside
 * it, and lists all four; a large figure keeps the full names. */
static void
test_legend_small (void)
{
  static const char *const names[] = { "moons relu adam lr 0.01", "moons relu adam lr 0.03",
                                       "moons relu adam lr 0.1", "moons relu adam lr 0.3" };
  static const char *const short_names[] = { "0.01", "0.03", "0.1", "0.3" };
  static const struct {
    double w, h;
    const char *title;
  } sizes[] = {
    { 240, 100, NULL }, { 240, 120, "LR comparison" }, { 240, 160, "LR comparison" },
    { 160, 100, NULL }, { 320, 200, "LR comparison" },
  };
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);

  runs_init (&r, 4);
  for (guint k = 0; k < 4; k++)
    r.s[k].label = names[k];
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      const HlPlotLayout *l = &g->l;

      r.o.title = sizes[i].title;
      hl_plot_geom_compute (g, sizes[i].w, sizes[i].h, r.s, 4, &r.o);
      g_assert_cmpuint (l->n_legend, ==, 4);
      g_assert_cmpuint (l->legend_more, ==, 0);
      g_assert_true (l->legend_compact);
      g_assert_cmpfloat (l->bottom - l->top, >=, 14);
      for (guint k = 0; k < 4; k++)
        {
          const HlPlotLegendBox *b = &l->legend[k];

          g_assert_cmpuint (b->series, ==, k);
          g_assert_cmpuint (b->shown, ==, strlen (short_names[k]));
          g_assert_cmpint (strncmp (names[k] + b->start, short_names[k], b->shown), ==, 0);
          g_assert_false (b->cut);
          /* in the picture, off the plot, clear of the other entries */
          g_assert_cmpfloat (b->x, >=, 0);
          g_assert_cmpfloat (b->y, >=, 0);
          g_assert_cmpfloat (b->x + b->w, <=, sizes[i].w);
          g_assert_cmpfloat (b->y + b->h, <=, sizes[i].h);
          g_assert_false (boxes_meet (b->x, b->y, b->w, b->h, l->left, l->top, l->right - l->left,
                                      l->bottom - l->top));
          for (guint j = 0; j < k; j++)
            g_assert_false (boxes_meet (b->x, b->y, b->w, b->h, l->legend[j].x, l->legend[j].y,
                                        l->legend[j].w, l->legend[j].h));
          g_assert_cmpint (hl_plot_layout_legend_at (l, b->x + b->w / 2, b->y + b->h / 2), ==, (int) k);
        }
      cairo_surface_destroy (render (sizes[i].w, sizes[i].h, r.s, 4, &r.o));
    }
  /* with room, the full names in the full look */
  hl_plot_geom_compute (g, 640, 400, r.s, 4, &r.o);
  g_assert_false (g->l.legend_compact);
  g_assert_cmpuint (g->l.n_legend, ==, 4);
  for (guint k = 0; k < 4; k++)
    {
      g_assert_cmpuint (g->l.legend[k].start, ==, 0);
      g_assert_cmpuint (g->l.legend[k].shown, ==, strlen (names[k]));
    }
  g_free (g);
}

/* ---- tick labels at small sizes ---------------------------------------- */

typedef struct {
  double x, y, w, h;
} Box;

/* The tick labels of g drawn: none outside the picture, none on another,
 * none on a legend entry. */
static void
assert_ticks_clear (HlPlotGeom *g, double width, double height, const char *what)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  const guint n[3] = { g->n_yt, g->n_y2t, g->n_xt };

  for (int axis = 0; axis < 3; axis++)
    for (guint i = 0; i < n[axis]; i++)
      {
        Box b;

        hl_plot_tick_label_box (cr, g, axis, i, &b.x, &b.y, &b.w, &b.h);
        if (b.x < 0 || b.y < 0 || b.x + b.w > width || b.y + b.h > height)
          g_error ("%s at %g×%g: tick label %u of axis %d (%g, %g, %g×%g) outside the picture",
                   what, width, height, i, axis, b.x, b.y, b.w, b.h);
        for (guint k = 0; k < boxes->len; k++)
          {
            const Box *o = &g_array_index (boxes, Box, k);

            if (boxes_meet (b.x, b.y, b.w, b.h, o->x - 1, o->y - 1, o->w + 2, o->h + 2))
              g_error ("%s at %g×%g: tick label %u of axis %d (%g, %g, %g×%g) on another (%g, %g, %g×%g)",
                       what, width, height, i, axis, b.x, b.y, b.w, b.h, o->x, o->y, o->w, o->h);
          }
        for (guint k = 0; k < g->l.n_legend; k++)
          {
            const HlPlotLegendBox *e = &g->l.legend[k];

            if (boxes_meet (b.x, b.y, b.w, b.h, e->x, e->y, e->w, e->h))
              g_error ("%s at %g×%g: tick label %u of axis %d on legend entry %u", what, width, height, i, axis, k);
          }
        g_array_append_val (boxes, b);
      }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Every figure from the export floor (100×100) up: at 60×100 the ticks
 * overlapped.  Four runs with a title, log y, and a run's losses with its
 * accuracy on the right axis. */
static void
test_ticks_small (void)
{
  static const char *const names[] = { "moons relu adam lr 0.01", "moons relu adam lr 0.03",
                                       "moons relu adam lr 0.1", "moons relu adam lr 0.3" };
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);

  runs_init (&r, 4);
  for (guint k = 0; k < 4; k++)
    r.s[k].label = names[k];
  r.s[4] = (HlPlotSeries) { .label = "accuracy", .x = r.x, .y = r.acc, .n = N_PTS, .axis = 1, .percent = TRUE };
  for (double w = HL_PLOT_EXPORT_MIN; w <= 400; w += 20)
    for (double h = HL_PLOT_EXPORT_MIN; h <= 300; h += 20)
      {
        r.o.title = "LR comparison";
        r.o.log_y = FALSE;
        hl_plot_geom_compute (g, w, h, r.s, 4, &r.o);
        assert_ticks_clear (g, w, h, "four runs");
        r.o.log_y = TRUE;
        hl_plot_geom_compute (g, w, h, r.s, 4, &r.o);
        assert_ticks_clear (g, w, h, "four runs, log y");
        r.o.title = NULL;
        r.o.log_y = FALSE;
        hl_plot_geom_compute (g, w, h, &r.s[3], 2, &r.o);
        assert_ticks_clear (g, w, h, "loss and accuracy");
      }
  g_free (g);
}

/* ---- the hover readout ------------------------------------------------ */

/* Non-background pixels in x0..x1, y0..y1. */
static guint
count_ink (cairo_surface_t *surface, int x0, int y0, int x1, int y1)
{
  const double white[3] = { 1, 1, 1 };
  guint all = (guint) (MAX (0, MIN (x1, cairo_image_surface_get_width (surface)) - MAX (x0, 0)) *
                       MAX (0, MIN (y1, cairo_image_surface_get_height (surface)) - MAX (y0, 0)));

  return all - count_near (surface, white, 0, x0, y0, x1, y1);
}

/* The hover box on a plot as narrow as the widget gets (240 px, a
 * comparison beside the runs table), and narrower: three runs' lines
 * ("circles 8-8 relu adam #0 validation  0.54666") made it wider than the
 * plot, and it ran off the right edge, cut off on screen.  It stays inside
 * the plot; the names are cut, then left out, the values stay. */
static void
test_readout_narrow (void)
{
  static const double widths[] = { 240, 160, 100 }, hovers[] = { 0, 300, 590 };
  Runs r;

  runs_init (&r, 3);
  for (guint wi = 0; wi < G_N_ELEMENTS (widths); wi++)
    for (guint hi = 0; hi < G_N_ELEMENTS (hovers); hi++)
      {
        const double w = widths[wi];
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, 160);
        cairo_t *cr = cairo_create (surface);
        HlPlotLayout l;

        r.o.hover_x = hovers[hi];
        hl_plot_render_full (cr, w, 160, r.s, 3, NULL, &r.o, &l);
        cairo_destroy (cr);
        cairo_surface_flush (surface);
        g_assert_cmpfloat (l.readout_w, >, 0);
        g_assert_cmpfloat (l.readout_x, >=, 0);
        g_assert_cmpfloat (l.readout_x + l.readout_w, <=, w);
        if (w >= 160)
          {
            /* in the plot, and nothing drawn right of it (but the hover
             * dot on its edge), where the box ran */
            g_assert_cmpfloat (l.readout_x, >=, l.left);
            g_assert_cmpfloat (l.readout_x + l.readout_w, <=, l.right);
            g_assert_cmpuint (count_ink (surface, (int) ceil (l.right) + 6, (int) l.top, (int) w,
                                         (int) l.bottom), ==, 0);
          }
        cairo_surface_destroy (surface);
      }
}

/* The form of the lines: whole on a wide plot; on a narrow one each line
 * fits the box, with its value whole. */
static void
test_readout_form (void)
{
  Runs r;
  HlPlotGeom *g = g_new (HlPlotGeom, 1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  HlPlotReading rd[3];
  HlPlotReadout box;
  char line[160], value[32], prev[160];

  runs_init (&r, 3);
  /* the same value on each: the lines differ by their names alone */
  for (guint k = 0; k < 3; k++)
    rd[k] = (HlPlotReading) { &r.s[k], 0.546663, 300, 0, 0 };
  {
    const char *labels[3] = { r.labels[0], r.labels[1], r.labels[2] };
    gsize start[3], end[3];

    hl_plot_short_names (labels, 3, start, end);
    for (guint k = 0; k < 3; k++)
      rd[k].name_start = start[k], rd[k].name_end = end[k];
  }
  hl_plot_geom_compute (g, 640, 400, r.s, 3, &r.o);
  hl_plot_readout_place (cr, g, &r.o, rd, 3, 200, 300, &box);
  g_assert_cmpint (box.digits, ==, 5);
  g_assert_true (box.where);
  g_assert_true (isinf (box.label_w));
  g_assert_false (box.short_names);

  for (double w = 240; w >= 100; w -= 20)
    {
      hl_plot_geom_compute (g, w, 160, r.s, 3, &r.o);
      hl_plot_readout_place (cr, g, &r.o, rd, 3, g->l.right - 5, 300, &box);
      g_assert_cmpfloat (box.x, >=, 0);
      g_assert_cmpfloat (box.x + box.w, <=, w);
      hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
      for (guint k = 0; k < 3; k++)
        {
          hl_plot_readout_line (line, sizeof line, cr, &r.o, &box, &rd[k], 300);
          /* names cut from the end were "circles 8-8 rel…" each */
          if (box.label_w > 0)
            g_assert_cmpstr (line, !=, k > 0 ? prev : "");
          g_strlcpy (prev, line, sizeof prev);
          /* the swatch and margins beside it */
          g_assert_cmpfloat (hl_plot_text_width (cr, line) + 16 + 2 * 8, <=, box.w + 0.01);
          g_snprintf (value, sizeof value, "%.*g", box.digits, rd[k].value);
          g_assert_cmpint (box.digits, >=, 3);
          g_assert_nonnull (strstr (line, value));
        }
    }
  /* the widget's narrowest keeps short names: "#0", "#1", "#2" */
  hl_plot_geom_compute (g, 240, 160, r.s, 3, &r.o);
  hl_plot_readout_place (cr, g, &r.o, rd, 3, g->l.left + 5, 300, &box);
  g_assert_cmpfloat (box.label_w, >, 0);
  g_assert_true (box.short_names);
  hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
  hl_plot_readout_line (line, sizeof line, cr, &r.o, &box, &rd[1], 300);
  g_assert_true (g_str_has_prefix (line, "#1  "));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_free (g);
}

void
test_plot_small_add (void)
{
  g_test_add_func ("/plot-layout/legend-small", test_legend_small);
  g_test_add_func ("/plot-layout/ticks-small", test_ticks_small);
  g_test_add_func ("/plot-layout/readout-narrow", test_readout_narrow);
  g_test_add_func ("/plot-layout/readout-form", test_readout_form);
}
