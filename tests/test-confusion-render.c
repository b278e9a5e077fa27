/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-confusion-render.c - the cairo confusion matrix: cells coloured by
 * the share of their true class, the names and titles apart from each other
 * (measured as cairo draws them), 2 to 100 classes, the hover readout. */
#include <locale.h>
#include <math.h>
#include <string.h>
#include "hl-confusion-render-private.h"

static const char *const fashion[] = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                       "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

/* A Fashion-MNIST-like test set, 1000 examples a class, the tops mixed up. */
static const guint64 fashion_counts[100] = {
  850,   2,  15,  30,   5,   1,  88,   0,   9,   0,
    4, 965,   2,  20,   5,   0,   3,   0,   1,   0,
   18,   1, 792,  10,  95,   0,  80,   0,   4,   0,
   28,  12,  12, 878,  35,   0,  30,   0,   5,   0,
    2,   1, 105,  35, 790,   0,  62,   0,   5,   0,
    0,   0,   0,   1,   0, 950,   0,  32,   3,  14,
  142,   2,  98,  30,  80,   0, 635,   0,  13,   0,
    0,   0,   0,   0,   0,  22,   0, 948,   0,  30,
    5,   1,   6,   5,   3,   3,   8,   4, 964,   1,
    0,   0,   0,   0,   0,   9,   1,  38,   1, 951,
};

static cairo_surface_t *
render (double w, double h, guint n, const char *const *names, const guint64 *counts,
        const HlConfusionOptions *opts)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) h);
  cairo_t *cr = cairo_create (surface);

  hl_confusion_render (cr, w, h, n, names, counts, opts);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
pixel (cairo_surface_t *surface, double x, double y, double rgb[3])
{
  const guint8 *row = cairo_image_surface_get_data (surface)
                      + (int) y * cairo_image_surface_get_stride (surface);
  guint32 p = ((const guint32 *) row)[(int) x];

  rgb[0] = ((p >> 16) & 0xff) / 255.0;
  rgb[1] = ((p >> 8) & 0xff) / 255.0;
  rgb[2] = (p & 0xff) / 255.0;
}

/* A cell's colour, read near its top left corner (its count is in the middle). */
static void
cell_pixel (cairo_surface_t *surface, const HlConfusionLayout *l, guint row, guint col, double rgb[3])
{
  pixel (surface, l->left + col * l->cell + 3, l->top + row * l->cell + 3, rgb);
}

static double
distance (const double a[3], const double b[3])
{
  return fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]);
}

/* A perfect classifier: the diagonal the strongest colour there is, every
 * other cell the background. */
static void
test_perfect (void)
{
  const guint n = 5;
  guint64 counts[25] = { 0 };
  const double white[3] = { 1, 1, 1 };
  double full[3], rgb[3];
  HlConfusionOptions o;
  HlConfusionLayout l;
  cairo_surface_t *s;

  for (guint i = 0; i < n; i++)
    counts[i * n + i] = 10 + 100 * i;
  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (400, 400, n, NULL, counts, &o, &l);
  g_assert_false (l.empty);
  g_assert_cmpfloat (l.cell, >, 20);
  s = render (400, 400, n, NULL, counts, &o);
  hl_confusion_cell_colour (1.0, TRUE, FALSE, full);
  /* no share draws stronger than a whole row on the diagonal */
  for (int k = 0; k <= 10; k++)
    {
      double c[3];

      hl_confusion_cell_colour (k / 10.0, FALSE, FALSE, c);
      g_assert_cmpfloat (distance (c, white), <=, distance (full, white) + 1e-9);
      hl_confusion_cell_colour (k / 10.0, TRUE, FALSE, c);
      g_assert_cmpfloat (distance (c, white), <=, distance (full, white) + 1e-9);
    }
  g_assert_cmpfloat (distance (full, white), >, 0.5);
  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < n; c++)
      {
        cell_pixel (s, &l, r, c, rgb);
        if (r == c)
          g_assert_cmpfloat (distance (rgb, full), <, 0.02);
        else
          g_assert_cmpfloat (distance (rgb, white), <, 0.02);
      }
  cairo_surface_destroy (s);
}

/* The colour follows the share of the row, not the count: a rare class's
 * 10 % reads as a common class's 10 %, a larger share is stronger. */
static void
test_row_share (void)
{
  static const guint64 counts[9] = {
    900, 100, 0,     /* common class: 90 %, 10 % */
      1,   9, 0,     /* rare class: the same shares */
      0,  50, 50,    /* 50 % each */
  };
  const double white[3] = { 1, 1, 1 };
  double c00[3], c01[3], c02[3], c10[3], c11[3], c21[3], c22[3], want[3];
  HlConfusionOptions o;
  HlConfusionLayout l;
  cairo_surface_t *s;

  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (300, 300, 3, NULL, counts, &o, &l);
  s = render (300, 300, 3, NULL, counts, &o);
  cell_pixel (s, &l, 0, 0, c00);
  cell_pixel (s, &l, 0, 1, c01);
  cell_pixel (s, &l, 0, 2, c02);
  cell_pixel (s, &l, 1, 0, c10);
  cell_pixel (s, &l, 1, 1, c11);
  cell_pixel (s, &l, 2, 1, c21);
  cell_pixel (s, &l, 2, 2, c22);
  /* same share, same colour, whatever the counts */
  g_assert_cmpfloat (distance (c00, c11), <, 0.02);
  g_assert_cmpfloat (distance (c01, c10), <, 0.02);
  hl_confusion_cell_colour (0.1, FALSE, FALSE, want);
  g_assert_cmpfloat (distance (c01, want), <, 0.02);
  hl_confusion_cell_colour (0.9, TRUE, FALSE, want);
  g_assert_cmpfloat (distance (c11, want), <, 0.02);
  /* stronger with the share: 90 % > 50 % > 10 % > none */
  g_assert_cmpfloat (distance (c00, white), >, distance (c22, white) + 0.05);
  g_assert_cmpfloat (distance (c21, white), >, distance (c01, white) + 0.05);
  g_assert_cmpfloat (distance (c01, white), >, 0.1);
  g_assert_cmpfloat (distance (c02, white), <, 0.02);
  /* right and wrong in different hues: the diagonal is told apart */
  g_assert_cmpfloat (distance (c21, c22), >, 0.3);
  cairo_surface_destroy (s);
}

/* ---- texts apart --------------------------------------------------------- */

typedef struct {
  double x[4], y[4];
  char *text;
} Quad;

/* The ink of a text as cairo draws it: its measured extents, turned. */
static gboolean
text_quad (const HlConfusionLayout *l, cairo_t *cr, const char *const *names,
           HlConfusionTextKind kind, guint i, Quad *q)
{
  HlConfusionText t;
  cairo_text_extents_t e;
  double lx[4], ly[4];

  hl_confusion_layout_text (l, cr, names, kind, i, &t);
  if (t.text == NULL)
    return FALSE;
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL,
                          t.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, t.size);
  cairo_text_extents (cr, t.text, &e);
  lx[0] = lx[3] = e.x_bearing;
  lx[1] = lx[2] = e.x_bearing + e.width;
  ly[0] = ly[1] = e.y_bearing;
  ly[2] = ly[3] = e.y_bearing + e.height;
  for (int k = 0; k < 4; k++)
    {
      q->x[k] = t.x + lx[k] * cos (t.angle) - ly[k] * sin (t.angle);
      q->y[k] = t.y + lx[k] * sin (t.angle) + ly[k] * cos (t.angle);
    }
  q->text = t.text;
  return TRUE;
}

/* Two convex quads overlap (by more than slack px) unless some edge's
 * normal separates them. */
static gboolean
quads_overlap (const Quad *a, const Quad *b, double slack)
{
  const Quad *q[2] = { a, b };

  for (int s = 0; s < 2; s++)
    for (int k = 0; k < 4; k++)
      {
        double nx = -(q[s]->y[(k + 1) % 4] - q[s]->y[k]), ny = q[s]->x[(k + 1) % 4] - q[s]->x[k];
        double len = hypot (nx, ny), lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };

        if (len < 1e-9)
          continue;
        for (int m = 0; m < 2; m++)
          for (int j = 0; j < 4; j++)
            {
              double p = (q[m]->x[j] * nx + q[m]->y[j] * ny) / len;

              lo[m] = MIN (lo[m], p);
              hi[m] = MAX (hi[m], p);
            }
        if (hi[0] <= lo[1] + slack || hi[1] <= lo[0] + slack)
          return FALSE;
      }
  return TRUE;
}

/* Every text of the picture at w × h: inside it, off the grid, apart from
 * each other; returns how many class names are drawn. */
static guint
check_texts_apart (double w, double h, guint n, const char *const *names, const guint64 *counts)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GArray) quads = g_array_new (FALSE, FALSE, sizeof (Quad));
  HlConfusionOptions o;
  HlConfusionLayout l;
  Quad grid;
  guint n_names = 0;

  hl_confusion_options_init (&o);
  o.title = "Fashion-MNIST";
  hl_confusion_compute_layout (w, h, n, names, counts, &o, &l);
  g_assert_false (l.empty);
  for (int kind = HL_CONFUSION_TEXT_ROW; kind <= HL_CONFUSION_TEXT_CAPTION; kind++)
    for (guint i = 0; i < (kind <= HL_CONFUSION_TEXT_COL ? n : 1); i++)
      {
        Quad q;

        if (!text_quad (&l, cr, names, kind, i, &q))
          continue;
        n_names += kind <= HL_CONFUSION_TEXT_COL;
        g_array_append_val (quads, q);
      }
  grid = (Quad) { { l.left, l.left + n * l.cell, l.left + n * l.cell, l.left },
                  { l.top, l.top, l.top + n * l.cell, l.top + n * l.cell }, NULL };
  for (guint i = 0; i < quads->len; i++)
    {
      Quad *a = &g_array_index (quads, Quad, i);

      for (int k = 0; k < 4; k++)
        {
          g_assert_cmpfloat (a->x[k], >=, 0);
          g_assert_cmpfloat (a->x[k], <=, w);
          g_assert_cmpfloat (a->y[k], >=, 0);
          g_assert_cmpfloat (a->y[k], <=, h);
        }
      if (quads_overlap (a, &grid, 0))
        g_error ("\"%s\" lies on the grid at %g×%g", a->text, w, h);
      for (guint j = i + 1; j < quads->len; j++)
        if (quads_overlap (a, &g_array_index (quads, Quad, j), 0.5))
          g_error ("\"%s\" and \"%s\" overlap at %g×%g", a->text, g_array_index (quads, Quad, j).text, w, h);
    }
  for (guint i = 0; i < quads->len; i++)
    g_free (g_array_index (quads, Quad, i).text);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n_names;
}

/* Fashion-MNIST's long names at 360 × 360: every one drawn, none on
 * another, on the grid or off the picture. */
static void
test_labels_apart (void)
{
  g_assert_cmpuint (check_texts_apart (360, 360, 10, fashion, fashion_counts), ==, 20);
  g_assert_cmpuint (check_texts_apart (400, 400, 10, fashion, fashion_counts), ==, 20);
  g_assert_cmpuint (check_texts_apart (250, 250, 10, fashion, fashion_counts), ==, 20);
  g_assert_cmpuint (check_texts_apart (700, 300, 10, fashion, fashion_counts), ==, 20);
}

/* The caption over a narrow matrix: where the long one does not fit, the
 * short one takes its place and shrinks, as the long one did, before it is
 * cut.  It was cut at full size: German's "Farbe: Anteil der wahren
 * Kla…" over a compared run's 200 px matrix, where it fitted at 9 pt;
 * English's shorter words on a narrower one. */
static void
test_caption_shrinks (void)
{
  static const char *const digits[] = { "0", "1", "2", NULL };
  static const guint64 counts[9] = { 17, 0, 1, 0, 21, 0, 2, 0, 22 };
  const char *shorter = "Shaded by share of true class";
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  guint shrunk = 0;

  for (double side = 160; side <= 260; side += 2)
    {
      HlConfusionOptions o;
      HlConfusionLayout l;
      HlConfusionText t = { NULL };

      hl_confusion_options_init (&o);
      hl_confusion_compute_layout (side, side, 3, digits, counts, &o, &l);
      hl_confusion_layout_text (&l, cr, digits, HL_CONFUSION_TEXT_CAPTION, 0, &t);
      if (t.text == NULL)
        continue;
      hl_plot_set_font (cr, 9, FALSE);
      /* cut only when even the shorter caption at 9 pt is too wide */
      if (hl_plot_text_width (cr, shorter) <= side - 2 * HL_CONFUSION_PAD)
        g_assert_null (strstr (t.text, "\342\200\246"));
      if (g_str_equal (t.text, shorter) && t.size < HL_PLOT_FONT_TICK)
        shrunk++;
      g_free (t.text);
    }
  /* the range holds widths where only the shrunk shorter caption fits */
  g_assert_cmpuint (shrunk, >, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Whole names where they fit: at 400 × 400 none of Fashion-MNIST's is cut. */
static void
test_names_whole (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  HlConfusionOptions o;
  HlConfusionLayout l;

  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (400, 400, 10, fashion, fashion_counts, &o, &l);
  g_assert_cmpuint (l.step, ==, 1);
  g_assert_cmpfloat (l.cell_font, >=, 8);
  /* the largest count fits its cell */
  {
    cairo_text_extents_t e;

    cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size (cr, l.cell_font);
    cairo_text_extents (cr, "965", &e);
    g_assert_cmpfloat (e.width, <=, l.cell - 2);
    g_assert_cmpfloat (e.height, <=, l.cell - 2);
  }
  for (guint i = 0; i < 10; i++)
    for (int kind = HL_CONFUSION_TEXT_ROW; kind <= HL_CONFUSION_TEXT_COL; kind++)
      {
        HlConfusionText t;

        hl_confusion_layout_text (&l, cr, fashion, kind, i, &t);
        g_assert_cmpstr (t.text, ==, fashion[i]);
        g_free (t.text);
      }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* On a target scaled for large text (1.5× as at Xft.dpi 144, 2× as a
 * figure's --scale), hinting makes a name a fraction wider than the
 * layout measured it: every name still comes back whole.  A 2-class
 * matrix on the Experiment page lost "0" and "1" at 1.5× (QA pass). */
static void
test_names_scaled (void)
{
  static const char *const digits[] = { "0", "1", NULL };
  static const guint64 counts[4] = { 29, 0, 0, 31 };
  static const double scales[] = { 1.25, 1.5, 1.75, 2.0, 3.0 };
  static const double sizes[][2] = { { 290, 201 }, { 233, 200 }, { 360, 360 }, { 180, 170 } };
  HlConfusionOptions o;

  hl_confusion_options_init (&o);
  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
      {
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
        cairo_t *cr = cairo_create (surface);
        HlConfusionLayout l;

        cairo_scale (cr, scales[s], scales[s]);
        hl_confusion_compute_layout (sizes[z][0], sizes[z][1], 2, digits, counts, &o, &l);
        g_assert_cmpuint (l.step, ==, 1);
        for (guint i = 0; i < 2; i++)
          for (int kind = HL_CONFUSION_TEXT_ROW; kind <= HL_CONFUSION_TEXT_COL; kind++)
            {
              HlConfusionText t;

              hl_confusion_layout_text (&l, cr, digits, kind, i, &t);
              if (g_strcmp0 (t.text, digits[i]) != 0)
                g_error ("at %g× and %g × %g, name %u (%s) came back as %s", scales[s], sizes[z][0],
                         sizes[z][1], i, kind == HL_CONFUSION_TEXT_ROW ? "row" : "column",
                         t.text != NULL ? t.text : "nothing");
              g_free (t.text);
            }
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
}

/* A name longer than a third of the figure is cut with "…": the grid
 * keeps its room and nothing runs off the picture. */
static void
test_long_name (void)
{
  const char *names[10];
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  HlConfusionOptions o;
  HlConfusionLayout l;

  memcpy (names, fashion, sizeof names);
  names[9] = "Ankle boot, leather, with laces and a thick rubber sole";
  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (360, 360, 10, names, fashion_counts, &o, &l);
  g_assert_cmpfloat (l.cell, >=, 18);
  for (int kind = HL_CONFUSION_TEXT_ROW; kind <= HL_CONFUSION_TEXT_COL; kind++)
    {
      HlConfusionText t;

      hl_confusion_layout_text (&l, cr, names, kind, 9, &t);
      g_assert_true (g_str_has_prefix (t.text, "Ankle boot"));
      g_assert_true (g_str_has_suffix (t.text, "…"));
      g_free (t.text);
    }
  g_assert_cmpuint (check_texts_apart (360, 360, 10, names, fashion_counts), ==, 20);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* 2 classes with their counts; 100 without (no room), every few names. */
static void
test_sizes (void)
{
  static const guint64 two[4] = { 90, 10, 3, 97 };
  const guint n = 100;
  g_autofree guint64 *counts = g_new0 (guint64, n * n);
  g_auto(GStrv) names = g_new0 (char *, n + 1);
  HlConfusionOptions o;
  HlConfusionLayout l;
  double rgb[3], want[3];
  cairo_surface_t *s;

  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (250, 250, 2, NULL, two, &o, &l);
  g_assert_false (l.empty);
  g_assert_cmpfloat (l.cell_font, >=, 8);
  g_assert_cmpuint (l.step, ==, 1);
  s = render (250, 250, 2, NULL, two, &o);
  cairo_surface_destroy (s);

  for (guint i = 0; i < n; i++)
    {
      names[i] = g_strdup_printf ("class %u", i);
      counts[i * n + i] = 50;
      counts[i * n + (i + 1) % n] = 50;
    }
  for (double size = 250; size <= 800; size += 550)
    {
      hl_confusion_compute_layout (size, size, n, (const char *const *) names, counts, &o, &l);
      g_assert_false (l.empty);
      g_assert_cmpfloat (l.cell_font, ==, 0);
      g_assert_cmpuint (l.step, >, 1);
      g_assert_cmpuint (check_texts_apart (size, size, n, (const char *const *) names, counts), >=, 4);
      s = render (size, size, n, (const char *const *) names, counts, &o);
      /* the cells drawn: class 99's half right is in its last column */
      if (l.cell >= 3)
        {
          pixel (s, l.left + 99.5 * l.cell, l.top + 99.5 * l.cell, rgb);
          hl_confusion_cell_colour (0.5, TRUE, FALSE, want);
          g_assert_cmpfloat (distance (rgb, want), <, 0.05);
        }
      cairo_surface_destroy (s);
    }
  /* nothing, and no room: "no data", no error */
  s = render (250, 250, 0, NULL, NULL, &o);
  cairo_surface_destroy (s);
  s = render (20, 20, 10, fashion, fashion_counts, &o);
  cairo_surface_destroy (s);
}

/* Dark: the background dark, the empty cells too, the diagonal still blue. */
static void
test_dark (void)
{
  HlConfusionOptions o;
  HlConfusionLayout l;
  double rgb[3], want[3];
  cairo_surface_t *s;

  hl_confusion_options_init (&o);
  o.dark = TRUE;
  hl_confusion_compute_layout (400, 400, 10, fashion, fashion_counts, &o, &l);
  s = render (400, 400, 10, fashion, fashion_counts, &o);
  pixel (s, 2, 2, rgb);
  g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], <, 0.6);
  cell_pixel (s, &l, 0, 7, rgb);      /* T-shirt/top as Sneaker: none */
  g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], <, 0.6);
  cell_pixel (s, &l, 1, 1, rgb);
  hl_confusion_cell_colour (0.965, TRUE, TRUE, want);
  g_assert_cmpfloat (distance (rgb, want), <, 0.02);
  g_assert_cmpfloat (rgb[2], >, rgb[0] + 0.3);
  cairo_surface_destroy (s);
}

/* WCAG's relative luminance of an sRGB colour, and the contrast of two. */
static double
luminance (const double rgb[3])
{
  double lin[3];

  for (int k = 0; k < 3; k++)
    lin[k] = rgb[k] <= 0.04045 ? rgb[k] / 12.92 : pow ((rgb[k] + 0.055) / 1.055, 2.4);
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

static double
contrast (const double a[3], const double b[3])
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* Small shares stay readable in both styles.  In the dark one a cell of 1
 * in 1000 was 8 % of the way from the background to the ink: as dark as an
 * empty cell, darker than the grid lines between them, so it looked empty
 * (found by a review of the dark style).  Now it stands apart from both,
 * the shading still grows with the share, and its count is written in a
 * colour of WCAG AA contrast (4.5:1) to the cell, as at every share. */
static void
test_small_shares (void)
{
  static const double shares[] = { 1e-4, 1e-3, 0.01, 0.05, 0.2, 0.5, 0.8, 1 };
  /* the themes' empty cell (background) and grid line colours */
  static const double bg[2][3] = { { 1, 1, 1 }, { 0.14, 0.14, 0.15 } };
  static const double grid[2][3] = { { 0.90, 0.90, 0.91 }, { 0.24, 0.24, 0.26 } };

  for (int dark = 0; dark < 2; dark++)
    for (int diagonal = 0; diagonal < 2; diagonal++)
      {
        double least[3], prev = dark ? 0 : 1;

        hl_confusion_cell_colour (shares[0], diagonal, dark, least);
        if (dark)
          {
            g_assert_cmpfloat (distance (least, bg[1]), >=, 0.25);
            g_assert_cmpfloat (distance (least, grid[1]), >=, 0.15);
          }
        else
          g_assert_cmpfloat (distance (least, bg[0]), >=, 0.1);
        for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
          {
            double rgb[3], l;

            hl_confusion_cell_colour (shares[i], diagonal, dark, rgb);
            l = luminance (rgb);
            /* towards the ink: lighter on dark, darker on light */
            if (i > 0)
              g_assert_true (dark ? l >= prev - 1e-9 : l <= prev + 1e-9);
            prev = l;
          }
      }
  /* the counts as drawn: the lightest or darkest pixel in a cell is its text */
  for (int dark = 0; dark < 2; dark++)
    for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
      {
        const guint64 total = 10000, k = (guint64) round (shares[i] * total);
        const guint64 counts[4] = { total - k, k, k, total - k };
        HlConfusionOptions o;
        HlConfusionLayout l;
        cairo_surface_t *s;
        double cell[3], text[3] = { 0, 0, 0 }, best = 0;

        if (k == 0 || k == total)
          continue;
        hl_confusion_options_init (&o);
        o.dark = dark;
        hl_confusion_compute_layout (300, 300, 2, NULL, counts, &o, &l);
        g_assert_cmpfloat (l.cell_font, >, 0);
        s = render (300, 300, 2, NULL, counts, &o);
        for (guint r = 0; r < 2; r++)
          for (guint c = 0; c < 2; c++)
            {
              cell_pixel (s, &l, r, c, cell);
              best = 0;
              for (double y = l.top + r * l.cell + 4; y < l.top + (r + 1) * l.cell - 4; y++)
                for (double x = l.left + c * l.cell + 4; x < l.left + (c + 1) * l.cell - 4; x++)
                  {
                    double p[3];

                    pixel (s, x, y, p);
                    if (contrast (p, cell) > best)
                      best = contrast (p, cell), memcpy (text, p, sizeof p);
                  }
              /* WCAG AA in the dark style; the light style's white on
               * the blue of an 80 to 90 % diagonal is 4.1:1, kept (it is
               * the white-on-accent of Adwaita's buttons) */
              if (best < (dark ? 4.5 : 4.0))
                g_error ("%s, share %g, cell (%u, %u): count at contrast %.2f to its cell",
                         dark ? "dark" : "light", r == c ? 1 - shares[i] : shares[i], r, c, best);
            }
        cairo_surface_destroy (s);
      }
}

static void
test_readout (void)
{
  static const guint64 empty_row[4] = { 0, 0, 3, 5 };
  g_autofree char *text = hl_confusion_readout (10, fashion, fashion_counts, 6, 0);
  g_autofree char *right = hl_confusion_readout (10, fashion, fashion_counts, 1, 1);
  g_autofree char *none = hl_confusion_readout (2, NULL, empty_row, 0, 1);

  g_assert_cmpstr (text, ==, "true Shirt, predicted T-shirt/top: 142 (14.2\u00a0% of Shirt)");
  g_assert_cmpstr (right, ==, "true Trouser, predicted Trouser: 965 (96.5\u00a0% of Trouser)");
  g_assert_cmpstr (none, ==, "true 0, predicted 1: no examples of 0");
}

/* A label's control characters as the figure, its readout and the CLI's
 * "most confused" lines show them: a line break drew as a box (the font
 * has no glyph for it), a terminal obeyed an escape sequence. */
static const struct {
  const char *name, *shown;
} printable[] = {
  { "Shirt", "Shirt" },
  { "L5\nnew", "L5↵new" },
  { "a\r\nb", "a↵b" },           /* CRLF is one line break */
  { "a\rb\n", "a↵b↵" },
  { "a\tb", "a\\tb" },
  { "\033[31mred", "\\x1B[31mred" },
  { "del\177", "del\\x7F" },
  { "nel\302\205", "nel\\x85" },      /* U+0085, a C1 control */
  { "abc\342\200\256def", "abc\\u202Edef" },   /* U+202E right-to-left override */
  { "bad\377byte", "bad\357\277\275byte" },     /* not UTF-8: U+FFFD */
  { "T-shirt/top ↵ “x”", "T-shirt/top ↵ “x”" },
};

static void
test_printable_names (void)
{
  static const char *const names[] = { "one\nline", "two", NULL };
  static const guint64 counts[4] = { 3, 1, 0, 4 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *readout = hl_confusion_readout (2, names, counts, 0, 1);
  HlConfusionOptions o;
  HlConfusionLayout l;

  for (guint i = 0; i < G_N_ELEMENTS (printable); i++)
    {
      g_autofree char *shown = hl_confusion_printable_name (printable[i].name);

      g_assert_cmpstr (shown, ==, printable[i].shown);
    }
  /* the names drawn on both axes, and the hover readout */
  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (360, 360, 2, names, counts, &o, &l);
  for (int kind = HL_CONFUSION_TEXT_ROW; kind <= HL_CONFUSION_TEXT_COL; kind++)
    {
      HlConfusionText t;

      hl_confusion_layout_text (&l, cr, names, kind, 0, &t);
      g_assert_cmpstr (t.text, ==, "one↵line");
      g_free (t.text);
    }
  g_assert_cmpstr (readout, ==, "true one↵line, predicted two: 1 (25.0\u00a0% of one↵line)");
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The cell under a point, and none off the grid. */
static void
test_cell_at (void)
{
  HlConfusionOptions o;
  HlConfusionLayout l;
  guint row = 99, col = 99;

  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (360, 360, 10, fashion, fashion_counts, &o, &l);
  g_assert_true (hl_confusion_layout_cell_at (&l, l.left + 0.5 * l.cell, l.top + 6.5 * l.cell, &row, &col));
  g_assert_cmpuint (row, ==, 6);
  g_assert_cmpuint (col, ==, 0);
  g_assert_false (hl_confusion_layout_cell_at (&l, l.left - 1, l.top + 1, &row, &col));
  g_assert_false (hl_confusion_layout_cell_at (&l, l.left + 1, l.top + 10 * l.cell + 1, &row, &col));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/confusion/perfect", test_perfect);
  g_test_add_func ("/render/confusion/small-shares", test_small_shares);
  g_test_add_func ("/render/confusion/printable-names", test_printable_names);
  g_test_add_func ("/render/confusion/row-share", test_row_share);
  g_test_add_func ("/render/confusion/labels-apart", test_labels_apart);
  g_test_add_func ("/render/confusion/names-whole", test_names_whole);
  g_test_add_func ("/render/confusion/caption-shrinks", test_caption_shrinks);
  g_test_add_func ("/render/confusion/names-scaled", test_names_scaled);
  g_test_add_func ("/render/confusion/long-name", test_long_name);
  g_test_add_func ("/render/confusion/sizes", test_sizes);
  g_test_add_func ("/render/confusion/dark", test_dark);
  g_test_add_func ("/render/confusion/readout", test_readout);
  g_test_add_func ("/render/confusion/cell-at", test_cell_at);
  return g_test_run ();
}
