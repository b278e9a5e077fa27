/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion-layout.c - where the confusion matrix's grid, class names,
 * axis titles and caption go: square cells as large as the names leave
 * room for, the predicted names across, slanted or upright, every few of
 * them where even upright ones would overlap. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-format.h"
#include "hl-confusion-render-private.h"

#define PAD        HL_CONFUSION_PAD
#define GAP        5.0     /* between the class names and the grid */
#define TITLE_GAP  4.0     /* between the names and the axis titles */
/* The names take at most this share of the width (true classes) or of the
 * height (predicted ones); longer ones are cut with "…". */
#define NAME_SHARE 0.28
/* Up to this many classes the counts are written in the cells, and the
 * names get a smaller font before every second one is left out. */
#define MAX_WRITTEN 20
#define SIN45      0.70710678118654752

char *
hl_confusion_class_label (const char *const *names, guint i)
{
  if (names != NULL && names[i] != NULL)
    return hl_confusion_printable_name (names[i]);
  return g_strdup_printf ("%u", i);
}

/* ---- layout -------------------------------------------------------------- */

static guint
nice_step (double raw)
{
  static const guint steps[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] >= raw)
      return steps[i];
  return (guint) ceil (raw);
}

static double
widest_name (cairo_t *cr, guint n, const char *const *names)
{
  double w = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = hl_confusion_class_label (names, i);

      w = MAX (w, hl_plot_text_width (cr, label));
    }
  return ceil (w);
}

static double
label_font_height (cairo_t *cr)
{
  cairo_font_extents_t fe;

  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
  cairo_font_extents (cr, &fe);
  return fe.ascent + fe.descent;
}

/* How far the predicted names reach below the grid, for names col_w wide
 * at the layout's angle. */
static double
col_extent (const HlConfusionLayout *l)
{
  double fh = l->ascent + l->descent;

  if (l->col_angle == 0)
    return GAP + fh;
  if (l->col_angle > -G_PI / 2 + 0.01)
    return GAP + SIN45 * (l->col_w + fh);
  return GAP + l->col_w;
}

/* The grid's place for the names' current angle and widths. */
static void
place_grid (HlConfusionLayout *l, double top, double label_h)
{
  double fh = l->ascent + l->descent, avail_w, avail_h, left, side;

  left = PAD + label_h + TITLE_GAP + l->row_w + GAP;
  avail_w = l->width - PAD - left;
  avail_h = l->height - PAD - top - col_extent (l) - TITLE_GAP - label_h;
  l->cell = MAX (0, MIN (avail_w, avail_h) / l->n);
  /* a slanted first name reaches left of its column */
  if (l->col_angle != 0 && l->col_angle > -G_PI / 2 + 0.01)
    {
      double reach = PAD + SIN45 * (l->col_w + fh / 2) - l->cell / 2;

      if (reach > left)
        {
          avail_w -= reach - left;
          left = reach;
          l->cell = MAX (0, MIN (avail_w, avail_h) / l->n);
        }
    }
  side = l->cell * l->n;
  /* centred in the room left, the names beside it */
  l->left = left + MAX (0, (avail_w - side) / 2);
  l->top = top + MAX (0, (avail_h - side) / 2);
}

/* The names' angle: across where each fits its column, slanted where
 * slanted ones are far enough apart, else upright; then the step that
 * keeps the names of both axes apart. */
static void
choose_angle (HlConfusionLayout *l, double top, double label_h, double max_w)
{
  double fh = l->ascent + l->descent, need;

  for (int i = 0; i < 3; i++)
    {
      place_grid (l, top, label_h);
      if (max_w <= l->cell - 4)
        l->col_angle = 0, l->col_w = max_w;
      else if (l->cell * SIN45 >= fh + 1)
        l->col_angle = -G_PI / 4, l->col_w = MIN (max_w, NAME_SHARE * l->height / SIN45 - fh);
      else
        l->col_angle = -G_PI / 2, l->col_w = MIN (max_w, NAME_SHARE * l->height);
    }
  place_grid (l, top, label_h);
  /* the last size may have shrunk the cells below what the angle needs */
  if (l->col_angle == 0 && max_w > l->cell - 4)
    l->col_angle = -G_PI / 4, l->col_w = MIN (max_w, NAME_SHARE * l->height / SIN45 - fh);
  if (l->col_angle < 0 && l->col_angle > -G_PI / 2 + 0.01 && l->cell * SIN45 < fh + 1)
    l->col_angle = -G_PI / 2, l->col_w = MIN (max_w, NAME_SHARE * l->height);
  place_grid (l, top, label_h);
  need = (fh + 1) / MAX (l->cell, 1e-6);
  if (l->col_angle < 0 && l->col_angle > -G_PI / 2 + 0.01)
    need /= SIN45;
  l->step = nice_step (need);
}

static void
layout_at_font (HlConfusionLayout *l, cairo_t *cr, double font, const char *const *names,
                gboolean title, gboolean caption)
{
  cairo_font_extents_t fe;
  double top = PAD, label_h = label_font_height (cr), max_w;

  l->font = font;
  hl_plot_set_font (cr, font, FALSE);
  cairo_font_extents (cr, &fe);
  l->ascent = fe.ascent;
  l->descent = fe.descent;
  max_w = widest_name (cr, l->n, names);
  l->title_y = l->caption_y = 0;
  if (title && l->title != NULL && *l->title && l->height >= 200)
    {
      l->title_y = top + HL_PLOT_FONT_TITLE;
      top += HL_PLOT_FONT_TITLE + 8;
    }
  if (caption && l->height >= 160)
    {
      l->caption_y = top + HL_PLOT_FONT_TICK;
      top += HL_PLOT_FONT_TICK + 8;
    }
  l->row_w = MIN (max_w, floor (NAME_SHARE * l->width));
  l->col_angle = 0;
  l->col_w = max_w;
  choose_angle (l, top, label_h, max_w);
  l->true_x = l->left - GAP - l->row_w - TITLE_GAP - (label_h - HL_PLOT_FONT_LABEL);
  l->predicted_y = l->top + l->n * l->cell + col_extent (l) + TITLE_GAP + HL_PLOT_FONT_LABEL;
}

/* The largest font (down to 8) the widest count fits a cell in, or 0. */
static void
place_counts (HlConfusionLayout *l, cairo_t *cr, const guint64 *counts)
{
  guint64 most = 0;
  g_autofree char *text = NULL;

  l->cell_font = 0;
  if (l->n > MAX_WRITTEN)
    return;
  for (gsize i = 0; i < (gsize) l->n * l->n; i++)
    most = MAX (most, counts[i]);
  text = hl_format_count (most);
  for (double size = HL_PLOT_FONT_TICK; size >= 8; size -= 1)
    {
      cairo_font_extents_t fe;

      hl_plot_set_font (cr, size, FALSE);
      cairo_font_extents (cr, &fe);
      if (hl_plot_text_width (cr, text) <= l->cell - 4 && fe.ascent + fe.descent <= l->cell - 2)
        {
          l->cell_font = size;
          return;
        }
    }
}

void
hl_confusion_compute_layout (double width, double height, guint n,
                             const char *const *names, const guint64 *counts,
                             const HlConfusionOptions *opts, HlConfusionLayout *out)
{
  static const double fonts[] = { HL_PLOT_FONT_TICK, 10, 9 };
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_if_fail (out != NULL && opts != NULL);
  memset (out, 0, sizeof *out);
  out->n = n;
  out->width = width;
  out->height = height;
  out->title = opts->title;
  out->step = 1;
  if (n == 0 || counts == NULL)
    {
      out->empty = TRUE;
      return;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);   /* same metrics for every target */
  /* a few classes keep every name: in a smaller font where they must,
   * then without the title, then without the caption */
  for (guint k = 0; k < (n <= MAX_WRITTEN ? G_N_ELEMENTS (fonts) + 2 : 1); k++)
    {
      guint f = MIN (k, G_N_ELEMENTS (fonts) - 1);

      layout_at_font (out, cr, fonts[f], names, k <= f, k <= f + 1);
      if (out->step == 1)
        break;
    }
  out->empty = out->cell * n < 8;
  if (!out->empty)
    place_counts (out, cr, counts);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

gboolean
hl_confusion_layout_cell_at (const HlConfusionLayout *l, double x, double y, guint *row, guint *col)
{
  double c, r;

  g_return_val_if_fail (l != NULL, FALSE);
  if (l->empty || l->cell <= 0)
    return FALSE;
  c = floor ((x - l->left) / l->cell);
  r = floor ((y - l->top) / l->cell);
  if (c < 0 || r < 0 || c >= l->n || r >= l->n)
    return FALSE;
  if (row)
    *row = (guint) r;
  if (col)
    *col = (guint) c;
  return TRUE;
}

/* ---- texts --------------------------------------------------------------- */

/* text, or as much of it as fits max_w with "…" after it; NULL when not
 * even one character does. */
static char *
fit_text (cairo_t *cr, const char *text, double max_w)
{
  gsize shown;

  if (hl_plot_text_width (cr, text) <= max_w + 0.01)
    return g_strdup (text);
  shown = hl_plot_fit_label (cr, text, max_w);
  return shown > 0 ? g_strdup_printf ("%.*s…", (int) shown, text) : NULL;
}

static const char *
caption (gboolean written)
{
  /* TRANSLATORS: caption over the confusion matrix */
  return written ? _("Counts, shaded by share of true class")
                 /* TRANSLATORS: caption over a confusion matrix too small for numbers */
                 : _("Shaded by share of true class");
}

/* A class name at the end of its axis. */
static void
name_text (const HlConfusionLayout *l, cairo_t *cr, const char *const *names, gboolean row,
           guint i, HlConfusionText *out)
{
  const double a = l->ascent, d = l->descent, fh = a + d;
  double w, cx, gb, ex, ey, ux, uy;

  if (i >= l->n || i % l->step != 0)
    return;
  /* fitted with the metrics the layout measured the names with
   * (hl_confusion_compute_layout's): on a scaled target (large text,
   * 1.5×) hinting made "0" 7.33 units wide for the 7 the layout gave it,
   * and every name of a 2-class matrix went missing (found by a QA pass) */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *metrics = cairo_create (surface);
    g_autofree char *label = hl_confusion_class_label (names, i);

    hl_plot_set_font (metrics, l->font, FALSE);
    out->text = fit_text (metrics, label, row ? l->row_w : l->col_w);
    cairo_destroy (metrics);
    cairo_surface_destroy (surface);
  }
  if (out->text == NULL)
    return;
  hl_plot_set_font (cr, l->font, FALSE);
  out->size = l->font;
  w = hl_plot_text_width (cr, out->text);
  if (row)
    {
      out->x = l->left - GAP - w;
      out->y = l->top + (i + 0.5) * l->cell + (a - d) / 2;
      return;
    }
  cx = l->left + (i + 0.5) * l->cell;
  gb = l->top + l->n * l->cell;
  out->angle = l->col_angle;
  if (l->col_angle == 0)
    {
      out->x = cx - w / 2;
      out->y = gb + GAP + a;
      return;
    }
  /* turned about the end of the text's middle line, which sits under the
   * column's centre, its top corner GAP below the grid */
  ux = cos (l->col_angle), uy = sin (l->col_angle);
  ex = cx;
  ey = gb + GAP + ux * fh / 2;
  out->x = ex - w * ux + (a - d) / 2 * -uy;
  out->y = ey - w * uy + (a - d) / 2 * ux;
}

void
hl_confusion_layout_text (const HlConfusionLayout *l, cairo_t *cr, const char *const *names,
                          HlConfusionTextKind kind, guint i, HlConfusionText *out)
{
  const double side = l->n * l->cell;
  const char *text;
  double w;

  g_return_if_fail (l != NULL && cr != NULL && out != NULL);
  memset (out, 0, sizeof *out);
  if (l->empty)
    return;
  switch (kind)
    {
    case HL_CONFUSION_TEXT_ROW:
    case HL_CONFUSION_TEXT_COL:
      name_text (l, cr, names, kind == HL_CONFUSION_TEXT_ROW, i, out);
      return;
    case HL_CONFUSION_TEXT_TRUE:
      hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
      /* TRANSLATORS: the confusion matrix's row axis: the true classes */
      out->text = fit_text (cr, C_("confusion", "true"), side);
      if (out->text == NULL)
        return;
      w = hl_plot_text_width (cr, out->text);
      out->size = HL_PLOT_FONT_LABEL;
      out->angle = -G_PI / 2;
      out->x = l->true_x;
      out->y = l->top + side / 2 + w / 2;
      return;
    case HL_CONFUSION_TEXT_PREDICTED:
      hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
      /* TRANSLATORS: the confusion matrix's column axis: the predicted classes */
      out->text = fit_text (cr, C_("confusion", "predicted"), l->width - 2 * PAD);
      if (out->text == NULL)
        return;
      w = hl_plot_text_width (cr, out->text);
      out->size = HL_PLOT_FONT_LABEL;
      out->x = CLAMP (l->left + side / 2 - w / 2, PAD, l->width - PAD - w);
      out->y = l->predicted_y;
      return;
    case HL_CONFUSION_TEXT_TITLE:
      if (l->title_y <= 0 || l->title == NULL)
        return;
      hl_plot_set_font (cr, HL_PLOT_FONT_TITLE, TRUE);
      out->text = fit_text (cr, l->title, l->width - 2 * PAD);
      if (out->text == NULL)
        return;
      out->size = HL_PLOT_FONT_TITLE;
      out->bold = TRUE;
      out->x = (l->width - hl_plot_text_width (cr, out->text)) / 2;
      out->y = l->title_y;
      return;
    case HL_CONFUSION_TEXT_CAPTION:
      if (l->caption_y <= 0)
        return;
      /* the caption that says what the numbers are, smaller where it must be */
      text = caption (l->cell_font > 0);
      out->size = HL_PLOT_FONT_TICK;
      for (hl_plot_set_font (cr, out->size, FALSE);
           out->size > 9 && hl_plot_text_width (cr, text) > l->width - 2 * PAD;
           hl_plot_set_font (cr, out->size, FALSE))
        out->size -= 1;
      if (hl_plot_text_width (cr, text) > l->width - 2 * PAD)
        {
          /* the shorter caption shrinks as the long one did before it is
           * cut: German's "Farbe: Anteil der wahren Kla…" at full size
           * over a compared run's 200 px matrix (found by a QA pass) */
          text = caption (FALSE);
          out->size = HL_PLOT_FONT_TICK;
          for (hl_plot_set_font (cr, out->size, FALSE);
               out->size > 9 && hl_plot_text_width (cr, text) > l->width - 2 * PAD;
               hl_plot_set_font (cr, out->size, FALSE))
            out->size -= 1;
        }
      out->text = fit_text (cr, text, l->width - 2 * PAD);
      if (out->text == NULL)
        return;
      w = hl_plot_text_width (cr, out->text);
      out->x = CLAMP (l->left + side / 2 - w / 2, PAD, l->width - PAD - w);
      out->y = l->caption_y;
      return;
    default:
      g_return_if_reached ();
    }
}

