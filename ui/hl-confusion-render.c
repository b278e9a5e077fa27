/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion-render.c - the confusion matrix as a heat map with cairo:
 * cell colours, the drawing in hl-confusion-layout.c's places, and the
 * hover readout's text. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-format.h"
#include "hl-confusion-render-private.h"

typedef struct {
  double bg[3], fg[3], muted[3], grid[3];
} Theme;

/* The line plot's theme (hl-plot-render.c), for the same look. */
static void
theme_init (Theme *t, gboolean dark)
{
  static const Theme light = {
    { 1, 1, 1 }, { 0.16, 0.16, 0.18 }, { 0.45, 0.45, 0.48 }, { 0.90, 0.90, 0.91 } };
  static const Theme darkt = {
    { 0.14, 0.14, 0.15 }, { 0.88, 0.88, 0.89 }, { 0.58, 0.58, 0.61 }, { 0.24, 0.24, 0.26 } };

  *t = dark ? darkt : light;
}

void
hl_confusion_options_init (HlConfusionOptions *opts)
{
  g_return_if_fail (opts != NULL);
  memset (opts, 0, sizeof *opts);
  opts->hover_row = opts->hover_col = -1;
}

static guint64
row_total (const guint64 *counts, guint n, guint row)
{
  guint64 total = 0;

  for (guint c = 0; c < n; c++)
    total += counts[(gsize) row * n + c];
  return total;
}

/* ---- colours ------------------------------------------------------------- */

/* The least tint of a non-empty cell on the dark background. */
#define HL_CONFUSION_DARK_FLOOR 0.3

void
hl_confusion_cell_colour (double share, gboolean diagonal, gboolean dark, double rgb[3])
{
  double ink[3], a;
  Theme t;

  theme_init (&t, dark);
  if (!isfinite (share))
    {
      memcpy (rgb, t.grid, sizeof t.grid);
      return;
    }
  /* the plot's blue for the examples classified right, its vermillion for
   * the mistakes */
  hl_plot_palette (diagonal ? 0 : 1, &ink[0], &ink[1], &ink[2]);
  /* on a square-root scale: a 5 % confusion reads as a tint, not as white,
   * and any example at all shows.  On the dark background the same tint
   * did not: 8 % of the way to the ink is as dark as an empty cell and
   * darker than the grid lines, so a 1-in-1000 cell looked empty (and
   * over 20 classes, where no counts are written, nothing showed it).
   * There the shares start at a floor of HL_CONFUSION_DARK_FLOOR. */
  if (share <= 0)
    a = 0;
  else if (dark)
    a = HL_CONFUSION_DARK_FLOOR + (1 - HL_CONFUSION_DARK_FLOOR) * sqrt (CLAMP (share, 0, 1));
  else
    a = MAX (sqrt (CLAMP (share, 0, 1)), 0.08);
  for (int k = 0; k < 3; k++)
    rgb[k] = t.bg[k] + a * (ink[k] - t.bg[k]);
}

/* ---- drawing ------------------------------------------------------------- */

static void
draw_cells (cairo_t *cr, const HlConfusionLayout *l, const guint64 *counts, const Theme *t,
            gboolean dark)
{
  const guint n = l->n;
  /* a pixel line of the grid colour between cells big enough to spare it;
   * edges on whole pixels: crisp lines, no seams between small cells */
  const double gap = l->cell >= 6 ? 1 : 0;
  const double left = round (l->left), top = round (l->top);

  if (gap > 0)
    {
      hl_plot_set_rgb (cr, t->grid, 1);
      cairo_rectangle (cr, left, top, round (l->left + n * l->cell) - left + gap,
                       round (l->top + n * l->cell) - top + gap);
      cairo_fill (cr);
    }
  for (guint r = 0; r < n; r++)
    {
      guint64 total = row_total (counts, n, r);
      double y0 = round (l->top + r * l->cell), y1 = round (l->top + (r + 1) * l->cell);

      for (guint c = 0; c < n; c++)
        {
          double x0 = round (l->left + c * l->cell), x1 = round (l->left + (c + 1) * l->cell);
          double share = total > 0 ? (double) counts[(gsize) r * n + c] / total : NAN;
          double rgb[3];

          hl_confusion_cell_colour (share, r == c, dark, rgb);
          hl_plot_set_rgb (cr, rgb, 1);
          cairo_rectangle (cr, x0 + gap, y0 + gap, x1 - x0 - gap, y1 - y0 - gap);
          cairo_fill (cr);
        }
    }
  /* without lines between the cells, a frame shows where the empty ones end */
  if (gap == 0)
    {
      hl_plot_set_rgb (cr, t->grid, 1);
      cairo_set_line_width (cr, 1);
      cairo_rectangle (cr, left - 0.5, top - 0.5, round (l->left + n * l->cell) - left + 1,
                       round (l->top + n * l->cell) - top + 1);
      cairo_stroke (cr);
    }
}

/* Whether white text has a contrast of 4.5:1 (WCAG AA) on a cell of this
 * colour; where it has not, black has (one of the two always has 4.58:1
 * or more).  In the dark style the strong vermillion of a mistake of 80 %
 * had white counts at 4.1:1 by the gamma-space cut the light style keeps
 * (its white on an 80 to 90 % diagonal's blue is 4.1:1 too; black there
 * would put two text colours on near-equal blues). */
static gboolean
white_reads_on (const double cell[3])
{
  double lin[3];

  for (int k = 0; k < 3; k++)
    lin[k] = cell[k] <= 0.04045 ? cell[k] / 12.92 : pow ((cell[k] + 0.055) / 1.055, 2.4);
  return 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05) >= 4.5;
}

static void
draw_counts (cairo_t *cr, const HlConfusionLayout *l, const guint64 *counts, gboolean dark)
{
  const guint n = l->n;
  cairo_font_extents_t fe;

  if (l->cell_font <= 0)
    return;
  hl_plot_set_font (cr, l->cell_font, FALSE);
  cairo_font_extents (cr, &fe);
  for (guint r = 0; r < n; r++)
    {
      guint64 total = row_total (counts, n, r);

      for (guint c = 0; c < n; c++)
        {
          guint64 count = counts[(gsize) r * n + c];
          g_autofree char *text = NULL;
          double rgb[3], lum;

          /* empty mistakes stay blank: the few confusions stand out */
          if (count == 0 && (r != c || total == 0))
            continue;
          hl_confusion_cell_colour ((double) count / total, r == c, dark, rgb);
          lum = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
          if (dark ? white_reads_on (rgb) : lum < 0.45)
            cairo_set_source_rgb (cr, 1, 1, 1);
          else if (dark)
            cairo_set_source_rgb (cr, 0, 0, 0);
          else
            cairo_set_source_rgb (cr, 0.10, 0.10, 0.12);
          text = hl_format_count (count);
          cairo_move_to (cr, l->left + (c + 0.5) * l->cell - hl_plot_text_width (cr, text) / 2,
                         l->top + (r + 0.5) * l->cell + (fe.ascent - fe.descent) / 2);
          cairo_show_text (cr, text);
        }
    }
}

static void
draw_text (cairo_t *cr, const HlConfusionText *text, const double rgb[3])
{
  if (text->text == NULL)
    return;
  cairo_save (cr);
  hl_plot_set_font (cr, text->size, text->bold);
  hl_plot_set_rgb (cr, rgb, 1);
  cairo_translate (cr, text->x, text->y);
  cairo_rotate (cr, text->angle);
  cairo_move_to (cr, 0, 0);
  cairo_show_text (cr, text->text);
  cairo_restore (cr);
}

static void
draw_texts (cairo_t *cr, const HlConfusionLayout *l, const char *const *names,
            const HlConfusionOptions *opts, const Theme *t)
{
  static const HlConfusionTextKind once[] = { HL_CONFUSION_TEXT_TRUE, HL_CONFUSION_TEXT_PREDICTED,
                                              HL_CONFUSION_TEXT_TITLE, HL_CONFUSION_TEXT_CAPTION };
  double blue[3];

  /* blue, the sky blue that reads on a dark background */
  hl_plot_palette (opts->dark ? 5 : 0, &blue[0], &blue[1], &blue[2]);

  for (guint i = 0; i < l->n; i++)
    for (int row = 0; row < 2; row++)
      {
        HlConfusionText text;
        gboolean hovered = (int) i == (row ? opts->hover_row : opts->hover_col);

        hl_confusion_layout_text (l, cr, names, row ? HL_CONFUSION_TEXT_ROW : HL_CONFUSION_TEXT_COL, i, &text);
        /* the hovered cell's names in the diagonal's blue */
        draw_text (cr, &text, hovered ? blue : t->fg);
        g_free (text.text);
      }
  for (guint k = 0; k < G_N_ELEMENTS (once); k++)
    {
      HlConfusionText text;

      hl_confusion_layout_text (l, cr, names, once[k], 0, &text);
      draw_text (cr, &text, once[k] == HL_CONFUSION_TEXT_CAPTION ? t->muted : t->fg);
      g_free (text.text);
    }
}

static void
draw_hover (cairo_t *cr, const HlConfusionLayout *l, const HlConfusionOptions *opts, const Theme *t)
{
  if (opts->hover_row < 0 || opts->hover_col < 0 || (guint) opts->hover_row >= l->n
      || (guint) opts->hover_col >= l->n)
    return;
  hl_plot_set_rgb (cr, t->fg, 1);
  cairo_set_line_width (cr, 2);
  cairo_rectangle (cr, l->left + opts->hover_col * l->cell + 1, l->top + opts->hover_row * l->cell + 1,
                   MAX (l->cell - 2, 1), MAX (l->cell - 2, 1));
  cairo_stroke (cr);
}

static void
draw_no_data (cairo_t *cr, double width, double height, const Theme *t)
{
  /* TRANSLATORS: written across an empty confusion matrix */
  const char *text = _("no data");

  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL + 2, FALSE);
  hl_plot_set_rgb (cr, t->muted, 1);
  cairo_move_to (cr, (width - hl_plot_text_width (cr, text)) / 2, height / 2);
  cairo_show_text (cr, text);
}

void
hl_confusion_render (cairo_t *cr, double width, double height, guint n,
                     const char *const *names, const guint64 *counts,
                     const HlConfusionOptions *opts)
{
  HlConfusionOptions defaults;
  HlConfusionLayout l;
  Theme t;

  g_return_if_fail (cr != NULL);
  if (opts == NULL)
    {
      hl_confusion_options_init (&defaults);
      opts = &defaults;
    }
  theme_init (&t, opts->dark);
  hl_confusion_compute_layout (width, height, n, names, counts, opts, &l);
  cairo_save (cr);
  hl_plot_set_rgb (cr, t.bg, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  if (l.empty)
    draw_no_data (cr, width, height, &t);
  else
    {
      draw_cells (cr, &l, counts, &t, opts->dark);
      draw_counts (cr, &l, counts, opts->dark);
      draw_hover (cr, &l, opts, &t);
      draw_texts (cr, &l, names, opts, &t);
    }
  cairo_restore (cr);
}

/* ---- readout ------------------------------------------------------------- */

char *
hl_confusion_readout (guint n, const char *const *names, const guint64 *counts, guint row, guint col)
{
  g_autofree char *t = NULL, *p = NULL;
  guint64 total;
  g_autofree char *count = NULL, *percent = NULL;

  g_return_val_if_fail (counts != NULL && row < n && col < n, NULL);
  t = hl_confusion_class_label (names, row);
  p = hl_confusion_class_label (names, col);
  total = row_total (counts, n, row);
  count = hl_format_count (counts[(gsize) row * n + col]);
  if (total == 0)
    /* TRANSLATORS: hover readout of a confusion-matrix cell whose true class
     * has no test examples: %1$s the true class, %2$s the predicted one */
    return g_strdup_printf (_("true %1$s, predicted %2$s: no examples of %1$s"), t, p);
  percent = g_strdup_printf ("%.1f\u00a0%%", 100.0 * counts[(gsize) row * n + col] / total);
  /* TRANSLATORS: hover readout of a confusion-matrix cell, e.g. "true Shirt,
   * predicted T-shirt/top: 98 (9.8 % of Shirt)": %1$s the true class, %2$s
   * the predicted one, %3$s the count, %4$s its share of the true class */
  return g_strdup_printf (_("true %1$s, predicted %2$s: %3$s (%4$s of %1$s)"), t, p, count, percent);
}

/* ---- printable names ------------------------------------------------------- */

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
         || c == 0x061C;
}

char *
hl_confusion_printable_name (const char *name)
{
  GString *out;

  g_return_val_if_fail (name != NULL, NULL);
  out = g_string_sized_new (strlen (name));
  for (const char *p = name; *p;)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_unichar (out, 0xFFFD);   /* one a byte */
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      if (c == '\r' || c == '\n')
        {
          g_string_append (out, "↵");
          if (c == '\r' && *p == '\n')
            p++;   /* CRLF is one line break */
        }
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\x%02X", c);
      else if (is_bidi_control (c))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* ---- export -------------------------------------------------------------- */

typedef struct {
  guint                     n;
  const char *const        *names;
  const guint64            *counts;
  const HlConfusionOptions *opts;
} Figure;

static void
draw_figure (cairo_t *cr, double width, double height, gpointer data)
{
  const Figure *f = data;

  hl_confusion_render (cr, width, height, f->n, f->names, f->counts, f->opts);
}

gboolean
hl_confusion_export (const char *path, double width, double height, double scale, guint n,
                     const char *const *names, const guint64 *counts,
                     const HlConfusionOptions *opts, GError **error)
{
  Figure f = { n, names, counts, opts };

  g_return_val_if_fail (opts != NULL, FALSE);
  return hl_figure_export (path, width, height, scale, draw_figure, &f, error);
}
