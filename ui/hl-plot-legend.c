/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-legend.c - the legend of the cairo plot renderer: entries laid out
 * in rows above the plot within a share of its height, cut with "…" and
 * counted ("+12 more") where they do not fit, and drawn. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-plot-render-private.h"

char *
hl_plot_legend_more_text (guint n)
{
  /* TRANSLATORS: the last legend entry when not every curve has one */
  return g_strdup_printf (_("+%u more"), n);
}

/* Cuts legend entry b's label so that the entry ends by right; FALSE when
 * not even one character and "…" fit. */
static gboolean
shorten_entry (cairo_t *cr, HlPlotLegendBox *b,
               const HlPlotSeries *series, double right)
{
  const char *label = series[b->series].label ? series[b->series].label : "";
  const double swatch = 22, gap = 6;
  g_autofree char *cut = NULL;
  gsize shown;

  shown = hl_plot_fit_label (cr, label, right - (b->x + 2) - swatch - gap);
  if (shown == 0 || shown >= b->shown)
    return FALSE;
  cut = g_strdup_printf ("%.*s…", (int) shown, label);
  b->shown = shown;
  b->w = swatch + gap + hl_plot_text_width (cr, cut) + 4;
  return TRUE;
}

/* Lays legend entries out in rows above the plot, in at most max_rows rows;
 * returns the rows' height. */
double
hl_plot_layout_legend (cairo_t *cr, HlPlotLayout *l, double y0, guint max_rows,
                       const HlPlotSeries *series, guint n_series)
{
  const double swatch = 22, gap = 6, spacing = 18, row_h = 18;
  /* a plot narrower than about 700 px keeps labels up to 160 px whole
   * ("Validation accuracy" was cut in a narrow window) */
  const double max_label = MIN (MAX (160.0, (l->right - l->left) / 2 - swatch - gap - spacing),
                                (l->right - l->left) - swatch - gap - 4);
  double x = l->left, y = y0, more_w = 0;
  guint row = 0, s;

  l->n_legend = 0;
  l->legend_more = 0;
  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
  for (s = 0; s < n_series && l->n_legend < HL_PLOT_MAX_LEGEND; s++)
    {
      const char *label = series[s].label ? series[s].label : "";
      gsize shown = strlen (label);
      double w;
      HlPlotLegendBox *b;

      if (hl_plot_text_width (cr, label) > max_label)
        {
          g_autofree char *cut = NULL;

          shown = hl_plot_fit_label (cr, label, max_label);
          cut = g_strdup_printf ("%.*s…", (int) shown, label);
          w = swatch + gap + hl_plot_text_width (cr, cut);
        }
      else
        w = swatch + gap + hl_plot_text_width (cr, label);
      if (x > l->left && x + w > l->right)
        {
          if (row + 1 >= max_rows)
            break;
          row++;
          x = l->left;
          y += row_h;
        }
      b = &l->legend[l->n_legend++];
      *b = (HlPlotLegendBox) { x - 2, y, w + 4, row_h, s, shown };
      x += w + spacing;
    }
  if (s < n_series)
    {
      /* the entries that do not fit make room for the count on the last row */
      for (;;)
        {
          g_autofree char *more = hl_plot_legend_more_text (n_series - l->n_legend);
          const HlPlotLegendBox *last = l->n_legend > 0 ? &l->legend[l->n_legend - 1] : NULL;

          more_w = hl_plot_text_width (cr, more);
          x = last != NULL ? last->x + last->w - 2 + spacing : l->left;
          if (last == NULL || x + more_w <= l->right || last->y < y)
            break;
          /* an entry that starts its row is cut to make room for the count
           * beside it: a small figure's legend was "+3 more" and nothing
           * else, or a row of "+2 more" alone under one entry */
          if (last->x <= l->left - 2 + 0.5
              && shorten_entry (cr, &l->legend[l->n_legend - 1], series, l->right - spacing - more_w))
            continue;
          l->n_legend--;
        }
      if (l->n_legend > 0 && l->legend[l->n_legend - 1].y < y)
        x = l->left;   /* the last row emptied: the count starts it */
      /* a plot narrower than "+3 more" drew it past the picture's edge */
      l->legend_more = x + more_w <= l->right + 4 ? n_series - l->n_legend : 0;
      l->legend_more_x = x;
      l->legend_more_y = y;
    }
  return l->n_legend || l->legend_more ? y + row_h - y0 : 0;
}

void
hl_plot_shift_legend (HlPlotLayout *l, double dy)
{
  for (guint i = 0; i < l->n_legend; i++)
    l->legend[i].y += dy;
  l->legend_more_y += dy;
}

void
hl_plot_draw_legend (cairo_t *cr, const HlPlotGeom *g,
                     const HlPlotSeries *series, guint n_series)
{
  static const double dash[] = { 6, 4 };

  cairo_save (cr);
  hl_plot_set_font (cr, HL_PLOT_FONT_LABEL, FALSE);
  for (guint i = 0; i < g->l.n_legend; i++)
    {
      const HlPlotLegendBox *b = &g->l.legend[i];
      const HlPlotSeries *s = &series[b->series];
      double mid = b->y + b->h / 2, x = b->x + 2;

      if (s->hidden)
        hl_plot_set_rgb (cr, g->theme.muted, 0.5);
      else
        cairo_set_source_rgb (cr, s->r, s->g, s->b);
      cairo_set_line_width (cr, s->hidden ? 1.5 : 2.5);
      cairo_set_dash (cr, dash, s->dashed ? 2 : 0, 0);
      cairo_move_to (cr, x, mid);
      cairo_line_to (cr, x + 22, mid);
      cairo_stroke (cr);
      if (s->hidden)
        hl_plot_set_rgb (cr, g->theme.muted, 0.6);
      else
        hl_plot_set_rgb (cr, g->theme.fg, 1.0);
      cairo_move_to (cr, x + 28, mid + 4);
      if (s->label != NULL && b->shown < strlen (s->label))
        {
          g_autofree char *cut = g_strdup_printf ("%.*s…", (int) b->shown, s->label);
          cairo_show_text (cr, cut);
        }
      else
        cairo_show_text (cr, s->label ? s->label : "");
    }
  if (g->l.legend_more > 0)
    {
      g_autofree char *more = hl_plot_legend_more_text (g->l.legend_more);

      hl_plot_set_rgb (cr, g->theme.muted, 1.0);
      cairo_move_to (cr, g->l.legend_more_x, g->l.legend_more_y + 9 + 4);
      cairo_show_text (cr, more);
    }
  cairo_restore (cr);
}
