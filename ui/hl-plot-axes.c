/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-axes.c - the cairo plot renderer's frame: grid, axes, their tick
 * labels (where hl_plot_tick_label_box puts them), axis labels (and how
 * much of them fits where), title and "no data"; hl-plot-render.c lays
 * them out. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-plot-render-private.h"

#define PAD HL_PLOT_PAD

const char *
hl_plot_y2_label (const HlPlotOptions *opts)
{
  return opts->y2_label ? opts->y2_label : _("accuracy");
}

void
hl_plot_draw_grid (cairo_t *cr, const HlPlotGeom *g)
{
  const HlPlotLayout *l = &g->l;

  cairo_set_line_width (cr, 1.0);
  hl_plot_set_rgb (cr, g->theme.grid, 1.0);
  for (guint i = 0; i < g->n_yt; i++)
    {
      double y = round (hl_plot_layout_y_to_pixel (l, 0, g->yt[i].value)) + 0.5;

      cairo_move_to (cr, l->left, y);
      cairo_line_to (cr, l->right, y);
    }
  for (guint i = 0; i < g->n_xt; i++)
    {
      double x = round (hl_plot_layout_x_to_pixel (l, g->xt[i].value)) + 0.5;

      cairo_move_to (cr, x, l->top);
      cairo_line_to (cr, x, l->bottom);
    }
  cairo_stroke (cr);
}

static void
show_text_at (cairo_t *cr, const char *text, double x, double y, double align_x)
{
  cairo_move_to (cr, x - align_x * hl_plot_text_width (cr, text), y);
  cairo_show_text (cr, text);
}

/* The first shown bytes of text, and "…" when cut, at x aligned by
 * align_x (0 left, 0.5 centred, 1 right), turned to read upwards or not. */
static void
show_part (cairo_t *cr, const char *text, gsize shown, gboolean cut, double x, double y,
           double align_x, gboolean rotated)
{
  g_autofree char *part = NULL;

  if (shown == 0)
    return;
  part = g_strdup_printf (cut ? "%.*s…" : "%.*s", (int) shown, text);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  if (rotated)
    cairo_rotate (cr, -G_PI / 2);
  show_text_at (cr, part, 0, 0, align_x);
  cairo_restore (cr);
}

/* How much of an axis label fits along room: all of it; "loss" of "loss
 * (cross-entropy)"; else a cut with "…"; nothing when under 3 characters
 * would be left. */
static void
fit_axis_label (cairo_t *cr, const char *label, double room, gsize *shown, gboolean *cut)
{
  const char *paren = strstr (label, " (");

  *cut = FALSE;
  *shown = strlen (label);
  if (hl_plot_text_width (cr, label) <= room)
    return;
  if (paren != NULL && paren > label)
    {
      g_autofree char *head = g_strndup (label, (gsize) (paren - label));

      *shown = (gsize) (paren - label);
      if (hl_plot_text_width (cr, head) <= room)
        return;
    }
  *shown = hl_plot_fit_label (cr, label, room);
  *cut = TRUE;
  if (g_utf8_strlen (label, (gssize) *shown) < 3)
    *shown = 0;
}

/* A label that lost only its "(cross-entropy)" says what the axis is and
 * keeps its place; one cut with "…" or left out does not. */
guint
hl_plot_axis_labels_short (const HlPlotGeom *g, const HlPlotOptions *opts)
{
  guint mask = 0;

  if (opts->y_label != NULL && *opts->y_label && (g->y_label_cut || g->y_label_shown == 0))
    mask |= 1;
  if (g->l.has_y2 && (g->y2_label_cut || g->y2_label_shown == 0))
    mask |= 2;
  return mask;
}

void
hl_plot_fit_axis_labels (HlPlotGeom *g, cairo_t *cr, const HlPlotOptions *opts,
                         gboolean has_y_label, gboolean has_y2_label, guint mask)
{
  const HlPlotLayout *l = &g->l;
  /* the row ends where a legend column right of the plot starts; two
   * labels in it share it */
  const double across = (mask == 3 ? 0.5 : 1.0) * ((l->legend_column ? l->right : g->width - PAD) - PAD
                                                   - (mask == 3 ? 12 : 0));

  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
  g->above_right = l->legend_column ? l->right : g->width - PAD;
  g->y_label_above = has_y_label && (mask & 1);
  g->y2_label_above = has_y2_label && (mask & 2);
  if (has_y_label)
    fit_axis_label (cr, opts->y_label, g->y_label_above ? across : l->bottom - l->top,
                    &g->y_label_shown, &g->y_label_cut);
  if (has_y2_label)
    fit_axis_label (cr, hl_plot_y2_label (opts), g->y2_label_above ? across : l->bottom - l->top,
                    &g->y2_label_shown, &g->y2_label_cut);
}

/* The row over the plot takes some of its height: worth it where it shows
 * more of each label moved and the plot keeps four fifths of its height (a
 * small figure keeps its plot, and a label cut beside it). */
gboolean
hl_plot_axis_labels_better (const HlPlotGeom *g, const HlPlotGeom *above, guint mask)
{
  if (above->l.bottom - above->l.top < 0.8 * (g->l.bottom - g->l.top))
    return FALSE;
  if ((mask & 1) && above->y_label_shown <= g->y_label_shown)
    return FALSE;
  if ((mask & 2) && above->y2_label_shown <= g->y2_label_shown)
    return FALSE;
  return TRUE;
}

/* Centred over the plot, but all of it inside the picture: a title wider
 * than a column figure ran off both edges.  A long one is set smaller (down
 * to the tick labels' size), and past that cut with "…". */
static void
draw_title (cairo_t *cr, const HlPlotGeom *g, const char *title)
{
  const double max_w = MAX (g->width - 2 * PAD, 1.0);
  double w, x;

  hl_plot_set_font (cr, HL_PLOT_FONT_TITLE, TRUE);
  w = hl_plot_text_width (cr, title);
  if (w > max_w)
    {
      hl_plot_set_font (cr, MAX (HL_PLOT_FONT_TICK, floor (HL_PLOT_FONT_TITLE * max_w / w * 10) / 10), TRUE);
      w = hl_plot_text_width (cr, title);
    }
  if (w > max_w)
    {
      const gsize shown = hl_plot_fit_label (cr, title, max_w);
      g_autofree char *cut = g_strdup_printf ("%.*s…", (int) shown, title);

      /* "…" alone says nothing */
      if (shown > 0)
        show_text_at (cr, cut, PAD, g->title_y, 0.0);
      return;
    }
  x = CLAMP ((g->l.left + g->l.right) / 2 - w / 2, PAD, g->width - PAD - w);
  show_text_at (cr, title, x, g->title_y, 0.0);
}

void
hl_plot_tick_label_box (cairo_t *cr, const HlPlotGeom *g, int axis, guint i,
                        double *x, double *y, double *w, double *h)
{
  const HlPlotLayout *l = &g->l;
  /* the x tick labels end where a legend column right of the plot starts */
  const double x_end = l->legend_column ? (l->n_legend > 0 ? l->legend[0].x : l->legend_more_x) - 4 : g->width;
  /* from the baseline: ascent 0.8, descent 0.2 of the size */
  double baseline;

  hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
  *h = HL_PLOT_FONT_TICK;
  if (axis == 0 || axis == 1)
    {
      const HlPlotTick *t = axis == 0 ? &g->yt[i] : &g->y2t[i];

      *w = hl_plot_text_width (cr, t->label);
      *x = axis == 0 ? l->left - 6 - *w : l->right + 6;
      baseline = hl_plot_layout_y_to_pixel (l, axis, t->value) + 4;
    }
  else
    {
      /* centred under its tick, but inside the picture: the last label at
       * the right edge ("1.5e6") was cut in half */
      *w = hl_plot_text_width (cr, g->xt[i].label);
      *x = CLAMP (hl_plot_layout_x_to_pixel (l, g->xt[i].value), *w / 2 + 1, x_end - *w / 2 - 1) - *w / 2;
      baseline = l->bottom + 6 + HL_PLOT_FONT_TICK;
    }
  *y = baseline - HL_PLOT_FONT_TICK * 0.8;
}

void
hl_plot_draw_axes (cairo_t *cr, const HlPlotGeom *g, const HlPlotOptions *opts)
{
  const HlPlotLayout *l = &g->l;
  double mid_y = (l->top + l->bottom) / 2;

  cairo_set_line_width (cr, 1.0);
  hl_plot_set_rgb (cr, g->theme.muted, 1.0);
  cairo_move_to (cr, round (l->left) + 0.5, l->top);
  cairo_line_to (cr, round (l->left) + 0.5, round (l->bottom) + 0.5);
  cairo_line_to (cr, l->right, round (l->bottom) + 0.5);
  if (l->has_y2)
    {
      cairo_move_to (cr, round (l->right) + 0.5, l->top);
      cairo_line_to (cr, round (l->right) + 0.5, round (l->bottom) + 0.5);
    }
  cairo_stroke (cr);

  hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
  hl_plot_set_rgb (cr, g->theme.fg, 0.85);
  for (int axis = 0; axis < 3; axis++)
    {
      const HlPlotTick *t = axis == 0 ? g->yt : axis == 1 ? g->y2t : g->xt;
      const guint n = axis == 0 ? g->n_yt : axis == 1 ? g->n_y2t : g->n_xt;

      for (guint i = 0; i < n; i++)
        {
          double x, y, w, h;

          hl_plot_tick_label_box (cr, g, axis, i, &x, &y, &w, &h);
          cairo_move_to (cr, x, y + HL_PLOT_FONT_TICK * 0.8);
          cairo_show_text (cr, t[i].label);
        }
    }

  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
  hl_plot_set_rgb (cr, g->theme.fg, 1.0);
  if (g->has_x_label)
    show_text_at (cr, opts->x_label, (l->left + l->right) / 2, g->height - PAD, 0.5);
  if (opts->y_label && g->y_label_above)
    show_part (cr, opts->y_label, g->y_label_shown, g->y_label_cut, PAD, g->above_y, 0.0, FALSE);
  else if (opts->y_label)
    show_part (cr, opts->y_label, g->y_label_shown, g->y_label_cut, PAD + HL_PLOT_FONT_LABEL, mid_y, 0.5, TRUE);
  if (l->has_y2 && g->y2_label_above)
    show_part (cr, hl_plot_y2_label (opts), g->y2_label_shown, g->y2_label_cut, g->above_right, g->above_y,
               1.0, FALSE);
  else if (l->has_y2)
    show_part (cr, hl_plot_y2_label (opts), g->y2_label_shown, g->y2_label_cut, g->y2_label_x, mid_y, 0.5, TRUE);
  if (g->has_title)
    draw_title (cr, g, opts->title);
}

void
hl_plot_draw_no_data (cairo_t *cr, const HlPlotGeom *g)
{
  const HlPlotLayout *l = &g->l;
  /* TRANSLATORS: written across an empty plot */
  const char *text = _("no data");
  double w;

  /* over the plot, but inside the picture: a narrow one had it run off
   * the right edge; smaller where it must be, else not at all */
  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL + 2, FALSE);
  w = hl_plot_text_width (cr, text);
  if (w > g->width - 2 * PAD)
    {
      hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
      w = hl_plot_text_width (cr, text);
    }
  if (w > g->width - 2 * PAD)
    return;
  hl_plot_set_rgb (cr, g->theme.muted, 1.0);
  show_text_at (cr, text, CLAMP ((l->left + l->right) / 2 - w / 2, PAD, g->width - PAD - w),
                (l->top + l->bottom) / 2, 0.0);
}
