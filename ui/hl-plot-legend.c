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

/* The two looks of an entry: the full one, and the compact one a small
 * figure falls back to, a short colour key and a short name in the tick
 * font, where the full one left curves out (a comparison of four runs at
 * 240 x 120 had one entry and "+3 more"; at 240 x 100 none). */
typedef struct {
  double swatch, gap, spacing, row_h, font;
} Look;

static const Look full_look = { 22, 6, 18, 18, HL_PLOT_FONT_LABEL };
static const Look compact_look = { 12, 4, 10, 14, HL_PLOT_FONT_TICK };

static const Look *
look_of (const HlPlotLayout *l)
{
  return l->legend_compact ? &compact_look : &full_look;
}

void
hl_plot_short_names (const char *const *labels, guint n, gsize *start, gsize *end)
{
  gsize pre = G_MAXSIZE, suf = G_MAXSIZE;
  const char *a = n > 0 && labels[0] ? labels[0] : "";
  const gsize la = strlen (a);

  for (guint i = 0; i < n; i++)
    {
      start[i] = 0;
      end[i] = labels[i] ? strlen (labels[i]) : 0;
    }
  if (n < 2)
    return;
  for (guint i = 1; i < n; i++)
    {
      const char *b = labels[i] ? labels[i] : "";
      const gsize lb = strlen (b);
      gsize k = 0;

      while (k < pre && a[k] && a[k] == b[k])
        k++;
      pre = k;
      for (k = 0; k < suf && k < la && k < lb && a[la - 1 - k] == b[lb - 1 - k];)
        k++;
      suf = k;
    }
  /* whole words: the prefix up to a space it ends with, the suffix from
   * a space it starts with */
  while (pre > 0 && a[pre - 1] != ' ')
    pre--;
  while (suf > 0 && a[la - suf] != ' ')
    suf--;
  for (guint i = 0; i < n; i++)
    if (pre + suf >= end[i])
      return;
  for (guint i = 0; i < n; i++)
    {
      start[i] = pre;
      end[i] -= suf;
    }
}

static void
short_names (const HlPlotSeries *series, guint n, gsize *start, gsize *end)
{
  g_autofree const char **labels = g_new0 (const char *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    labels[i] = series[i].label;
  hl_plot_short_names (labels, n, start, end);
}

/* The width of series s's name (its bytes start[s] .. end[s]) in the
 * legend, cut with "…" past max_label, but never so far that it reads as
 * another's: "Validierungsverlust" and "Validierungsgenauigkeit" were both
 * "Valid…". */
static double
fit_name (cairo_t *cr, const HlPlotSeries *series, guint n, const gsize *start, const gsize *end,
          guint s, double max_label, gsize *shown, gboolean *cut)
{
  const char *name = (series[s].label ? series[s].label : "") + start[s];
  const gsize len = end[s] - start[s];
  g_autofree char *label = g_strndup (name, len);
  gsize common = 0;

  *shown = len;
  *cut = FALSE;
  if (hl_plot_text_width (cr, label) <= max_label)
    return hl_plot_text_width (cr, label);
  /* the longest start it shares with another name, and a character more */
  for (guint o = 0; o < n; o++)
    {
      const char *other = (series[o].label ? series[o].label : "") + start[o];
      const gsize olen = end[o] - start[o];
      gsize k = 0;

      if (o == s)
        continue;
      while (k < len && k < olen && name[k] == other[k])
        k++;
      common = MAX (common, k);
    }
  while (common > 0 && (name[common] & 0xc0) == 0x80)
    common--;   /* to the start of the character that differs */
  if (common < len)
    {
      g_autofree char *need = g_strdup_printf ("%.*s…", (int) (g_utf8_next_char (name + common) - name), name);
      max_label = MAX (max_label, hl_plot_text_width (cr, need));
    }
  if (hl_plot_text_width (cr, label) <= max_label)
    return hl_plot_text_width (cr, label);
  {
    g_autofree char *text = NULL;

    *shown = hl_plot_fit_label (cr, label, max_label);
    *cut = TRUE;
    text = g_strdup_printf ("%.*s…", (int) *shown, label);
    return hl_plot_text_width (cr, text);
  }
}

/* Cuts legend entry b's label so that the entry ends by right; FALSE when
 * not even one character and "…" fit. */
static gboolean
shorten_entry (cairo_t *cr, HlPlotLegendBox *b, const Look *look,
               const HlPlotSeries *series, double right)
{
  const char *label = (series[b->series].label ? series[b->series].label : "") + b->start;
  g_autofree char *part = g_strndup (label, b->shown);
  g_autofree char *cut = NULL;
  gsize shown;

  shown = hl_plot_fit_label (cr, part, right - (b->x + 2) - look->swatch - look->gap);
  if (shown == 0 || shown >= b->shown)
    return FALSE;
  cut = g_strdup_printf ("%.*s…", (int) shown, label);
  b->shown = shown;
  b->cut = TRUE;
  b->w = look->swatch + look->gap + hl_plot_text_width (cr, cut) + 4;
  return TRUE;
}

/* The width of series s's entry, its name cut past max_label (and the
 * row's width). */
static double
capped_width (cairo_t *cr, const Look *look, const HlPlotSeries *series, guint n, const gsize *start,
              const gsize *end, guint s, double max_label, double row_w, gsize *shown, gboolean *cut)
{
  return look->swatch + look->gap + fit_name (cr, series, n, start, end, s,
                                              MIN (max_label, row_w - look->swatch - look->gap - 4),
                                              shown, cut);
}

/* Lays legend entries out in rows in one look, in at most max_rows rows;
 * returns the rows' height. */
static double
layout_in (cairo_t *cr, HlPlotLayout *l, double y0, guint max_rows, double lo, double hi,
           const HlPlotSeries *series, guint n_series)
{
  const Look *look = look_of (l);
  const double swatch = look->swatch, gap = look->gap, spacing = look->spacing, row_h = look->row_h;
  /* a plot narrower than about 700 px keeps labels up to 160 px whole
   * ("Validation accuracy" was cut in a narrow window); a compact entry's
   * name at most a third of the plot's width (half of it beside one other) */
  const double max_label = l->legend_compact
    ? MIN (MAX (40.0, (hi - lo) / CLAMP (n_series, 1, 3) - swatch - gap - spacing),
           (hi - lo) - swatch - gap - 4)
    : MIN (MAX (160.0, (hi - lo) / 2 - swatch - gap - spacing), (hi - lo) - swatch - gap - 4);
  g_autofree gsize *start = g_new (gsize, MAX (n_series, 1));
  g_autofree gsize *end = g_new (gsize, MAX (n_series, 1));
  double x = lo, y = y0, more_w = 0;
  guint row = 0, s;

  l->n_legend = 0;
  l->legend_more = 0;
  hl_plot_set_font (cr, look->font, FALSE);
  if (l->legend_compact)
    short_names (series, n_series, start, end);
  else
    for (s = 0; s < n_series; s++)
      start[s] = 0, end[s] = series[s].label ? strlen (series[s].label) : 0;
  for (s = 0; s < n_series && l->n_legend < HL_PLOT_MAX_LEGEND; s++)
    {
      gsize shown;
      gboolean cut;
      double w = capped_width (cr, look, series, n_series, start, end, s, max_label, hi - lo, &shown, &cut);
      HlPlotLegendBox *b;

      if (x > lo && x + w > hi)
        {
          if (row + 1 >= max_rows)
            break;
          row++;
          x = lo;
          y += row_h;
        }
      /* alone on its row (the next entry does not fit beside it): the
       * whole row is this one's ("Training loss, mean of 3 …" stood cut
       * on a row by itself).  Not on the last row, where "+N more" may
       * need the room. */
      if (cut && x <= lo
          && (s + 1 == n_series || (row + 1 < max_rows && l->n_legend + 1 < HL_PLOT_MAX_LEGEND)))
        {
          gsize next_shown;
          gboolean next_cut;
          const double next_w = s + 1 < n_series
            ? capped_width (cr, look, series, n_series, start, end, s + 1, max_label, hi - lo,
                            &next_shown, &next_cut)
            : 0;

          if (s + 1 == n_series || x + w + spacing + next_w > hi)
            w = swatch + gap + fit_name (cr, series, n_series, start, end, s, hi - x - swatch - gap - 4,
                                         &shown, &cut);
        }
      b = &l->legend[l->n_legend++];
      *b = (HlPlotLegendBox) { x - 2, y, w + 4, row_h, s, shown, start[s], cut };
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
          x = last != NULL ? last->x + last->w - 2 + spacing : lo;
          if (last == NULL || x + more_w <= hi || last->y < y)
            break;
          /* an entry that starts its row is cut to make room for the count
           * beside it: a small figure's legend was "+3 more" and nothing
           * else, or a row of "+2 more" alone under one entry */
          if (last->x <= lo - 2 + 0.5
              && shorten_entry (cr, &l->legend[l->n_legend - 1], look, series, hi - spacing - more_w))
            continue;
          l->n_legend--;
        }
      if (l->n_legend > 0 && l->legend[l->n_legend - 1].y < y)
        x = lo;   /* the last row emptied: the count starts it */
      /* a plot narrower than "+3 more" drew it past the picture's edge */
      l->legend_more = x + more_w <= hi + 4 ? n_series - l->n_legend : 0;
      l->legend_more_x = x;
      l->legend_more_y = y;
    }
  return l->n_legend || l->legend_more ? y + row_h - y0 : 0;
}

gboolean
hl_plot_legend_too_few (const HlPlotLayout *l, guint n_series)
{
  return l->n_legend < MIN (n_series, 4);
}

double
hl_plot_layout_legend (cairo_t *cr, HlPlotLayout *l, double y0, double room, double fit,
                       double x_lo, double x_hi, const HlPlotSeries *series, guint n_series)
{
  double full_h, h;
  HlPlotLayout *best;
  double best_h;

  l->legend_compact = FALSE;
  l->legend_column = FALSE;
  full_h = layout_in (cr, l, y0, (guint) MAX (1.0, floor (room / full_look.row_h)), l->left, l->right,
                      series, n_series);
  if (n_series < 2 || (!hl_plot_legend_too_few (l, n_series) && full_h <= fit))
    return full_h;
  best = g_memdup2 (l, sizeof *l);
  best_h = full_h;
  /* compact over the plot, then over the picture (a plot of a few dozen
   * pixels had room for one entry) */
  for (int span = 0; span < 2; span++)
    {
      l->legend_compact = TRUE;
      h = layout_in (cr, l, y0, (guint) MAX (1.0, floor (room / compact_look.row_h)),
                     span == 0 ? l->left : x_lo, span == 0 ? l->right : x_hi, series, n_series);
      /* the compact look where the full one does not fit and it does, or
       * where it lists more curves */
      if ((h <= fit && best_h > fit) || ((h <= fit) == (best_h <= fit) && l->n_legend > best->n_legend))
        {
          *best = *l;
          best_h = h;
        }
      if (!hl_plot_legend_too_few (best, n_series))
        break;
    }
  *l = *best;
  g_free (best);
  return best_h;
}

gboolean
hl_plot_layout_legend_column (cairo_t *cr, HlPlotLayout *l, double x_right, double y0, double y1,
                              const HlPlotSeries *series, guint n_series)
{
  const Look *look = &compact_look;
  const guint rows = (guint) MAX (0.0, floor ((y1 - y0) / look->row_h));
  /* a name takes at most a fifth of the figure: the plot keeps the rest */
  const double max_label = MAX (40.0, (x_right - l->left) / 5);
  g_autofree gsize *start = g_new (gsize, MAX (n_series, 1));
  g_autofree gsize *end = g_new (gsize, MAX (n_series, 1));
  g_autofree double *w = g_new (double, MAX (n_series, 1));
  guint n = MIN (MIN (n_series, rows), HL_PLOT_MAX_LEGEND);
  double col_w = 0, x0;

  if (rows < 2 || n_series < 2)
    return FALSE;
  hl_plot_set_font (cr, look->font, FALSE);
  short_names (series, n_series, start, end);
  if (n < n_series)
    n--;   /* the last row counts the rest */
  for (guint s = 0; s < n; s++)
    {
      gsize shown;
      gboolean cut;

      w[s] = look->swatch + look->gap + fit_name (cr, series, n_series, start, end, s, max_label, &shown, &cut);
      col_w = MAX (col_w, w[s]);
      l->legend[s] = (HlPlotLegendBox) { 0, y0 + s * look->row_h, w[s] + 4, look->row_h, s, shown, start[s], cut };
    }
  if (n < n_series)
    {
      g_autofree char *more = hl_plot_legend_more_text (n_series - n);
      col_w = MAX (col_w, hl_plot_text_width (cr, more));
    }
  /* the plot keeps at least a third of the figure's width */
  if (l->right - col_w - look->spacing - l->left < (x_right - l->left) / 3)
    return FALSE;
  x0 = x_right - col_w;
  for (guint s = 0; s < n; s++)
    l->legend[s].x = x0 - 2;
  l->n_legend = n;
  l->legend_more = n_series - n;
  l->legend_more_x = x0;
  l->legend_more_y = y0 + n * look->row_h;
  l->legend_compact = TRUE;
  l->legend_column = TRUE;
  l->right -= col_w + look->spacing;
  return TRUE;
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
  const Look *look = look_of (&g->l);

  cairo_save (cr);
  hl_plot_set_font (cr, look->font, FALSE);
  for (guint i = 0; i < g->l.n_legend; i++)
    {
      const HlPlotLegendBox *b = &g->l.legend[i];
      const HlPlotSeries *s = &series[b->series];
      const char *label = (s->label ? s->label : "") + b->start;
      double mid = b->y + b->h / 2, x = b->x + 2;
      g_autofree char *text = g_strdup_printf (b->cut ? "%.*s…" : "%.*s", (int) b->shown, label);

      if (s->hidden)
        hl_plot_set_rgb (cr, g->theme.muted, 0.5);
      else
        cairo_set_source_rgb (cr, s->r, s->g, s->b);
      cairo_set_line_width (cr, s->hidden ? 1.5 : 2.5);
      /* a compact key is too short for the dashes' rhythm: shorter dashes */
      cairo_set_dash (cr, dash, s->dashed ? 2 : 0, 0);
      if (s->dashed && g->l.legend_compact)
        {
          static const double short_dash[] = { 3, 2 };
          cairo_set_dash (cr, short_dash, 2, 0);
        }
      cairo_move_to (cr, x, mid);
      cairo_line_to (cr, x + look->swatch, mid);
      cairo_stroke (cr);
      if (s->hidden)
        hl_plot_set_rgb (cr, g->theme.muted, 0.6);
      else
        hl_plot_set_rgb (cr, g->theme.fg, 1.0);
      cairo_move_to (cr, x + look->swatch + look->gap, mid + look->font / 3);
      cairo_show_text (cr, text);
    }
  if (g->l.legend_more > 0)
    {
      g_autofree char *more = hl_plot_legend_more_text (g->l.legend_more);

      hl_plot_set_rgb (cr, g->theme.muted, 1.0);
      cairo_move_to (cr, g->l.legend_more_x, g->l.legend_more_y + look->row_h / 2 + look->font / 3);
      cairo_show_text (cr, more);
    }
  cairo_restore (cr);
}
