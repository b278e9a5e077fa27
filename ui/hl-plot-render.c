/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-render.c - cairo-only line plots: layout, axes, the frame.
 * Ranges and ticks live in hl-plot-scale.c, the axes drawn in
 * hl-plot-axes.c, series and hover in
 * hl-plot-draw.c, one curve in hl-plot-curve.c, the legend in
 * hl-plot-legend.c, the marker in hl-plot-marker.c, files in
 * hl-plot-export.c. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-plot-render-private.h"

#define PAD HL_PLOT_PAD
#define MIN_PLOT_H 24.0
#define MIN_PLOT_W 40.0
#define X_TICKS_H  (HL_PLOT_FONT_TICK + 6)
#define X_LABEL_H  (HL_PLOT_FONT_LABEL + 6)
#define TITLE_H    (HL_PLOT_FONT_TITLE + 8)
#define ABOVE_H    (HL_PLOT_FONT_LABEL + 4)   /* the row of axis labels over the plot */

void
hl_plot_options_init (HlPlotOptions *opts)
{
  g_return_if_fail (opts != NULL);
  memset (opts, 0, sizeof *opts);
  opts->x_label = "step";
  opts->x_whole = TRUE;
  opts->y_label = "loss";
  opts->show_legend = TRUE;
  opts->x_min = NAN;
  opts->x_max = NAN;
  opts->marker_x = NAN;
  opts->hover_x = NAN;
}

/* Okabe-Ito, reordered so the first colours contrast most on white and on
 * dark backgrounds; its black is replaced by a neutral grey that shows on both. */
static const double palette[HL_PLOT_PALETTE_SIZE][3] = {
  { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 },   /* blue */
  { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 },   /* vermillion */
  { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 },   /* bluish green */
  { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 },   /* reddish purple */
  { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 },   /* orange */
  { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0 },   /* sky blue */
  { 0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0 },   /* yellow */
  { 0x88 / 255.0, 0x88 / 255.0, 0x88 / 255.0 },   /* grey */
};

char *
hl_plot_loss_label (const char *label, guint n_regression, guint n_runs)
{
  if (n_runs == 0 || (n_regression > 0 && n_regression < n_runs))
    return g_strdup (label);
  /* TRANSLATORS: a loss axis's label, %s "loss" or "validation loss";
   * MSE: mean squared error */
  return g_strdup_printf (n_regression == n_runs ? C_("axis", "%s (MSE)") : C_("axis", "%s (cross-entropy)"),
                          label);
}

void
hl_plot_palette (guint index, double *r, double *g, double *b)
{
  const double *c = palette[index % G_N_ELEMENTS (palette)];

  *r = c[0];
  *g = c[1];
  *b = c[2];
}

char **
hl_plot_distinct_labels (const char *const *labels, const char *const *tags, guint n)
{
  char **out = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      gboolean shared = FALSE;

      for (guint j = 0; j < n && !shared; j++)
        shared = j != i && g_str_equal (labels[i], labels[j]);
      out[i] = shared ? g_strdup_printf ("%s (%s)", labels[i], tags[i]) : g_strdup (labels[i]);
    }
  return out;
}

void
hl_plot_smooth_from (const double *in, double *out, gsize from, gsize n,
                     double alpha, double *acc)
{
  double a = *acc;

  alpha = CLAMP (alpha, 0.0, 0.999);
  for (gsize i = from; i < n; i++)
    {
      if (!isfinite (in[i]))
        {
          out[i] = NAN;
          continue;
        }
      a = isfinite (a) ? alpha * a + (1.0 - alpha) * in[i] : in[i];
      out[i] = a;
    }
  *acc = a;
}

void
hl_plot_smooth (const double *in, double *out, gsize n, double alpha)
{
  double acc = NAN;

  hl_plot_smooth_from (in, out, 0, n, alpha, &acc);
}

void
hl_plot_set_font (cairo_t *cr, double size, gboolean bold)
{
  cairo_select_font_face (cr, HL_PLOT_FONT, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

void
hl_plot_set_rgb (cairo_t *cr, const double rgb[3], double alpha)
{
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], alpha);
}

/* ---- mapping ---------------------------------------------------------- */

double
hl_plot_layout_x_to_pixel (const HlPlotLayout *l, double x)
{
  if (!l->log_x)
    return l->left + (x - l->x_min) / (l->x_max - l->x_min) * (l->right - l->left);
  if (!(x > 0) || !isfinite (x))
    return NAN;
  return l->left + log10 (x / l->x_min) / log10 (l->x_max / l->x_min) * (l->right - l->left);
}

double
hl_plot_layout_pixel_to_x (const HlPlotLayout *l, double px)
{
  const double f = (px - l->left) / (l->right - l->left);

  if (l->log_x)
    return l->x_min * pow (l->x_max / l->x_min, f);
  return l->x_min + f * (l->x_max - l->x_min);
}

double
hl_plot_layout_y_to_pixel (const HlPlotLayout *l, int axis, double y)
{
  double lo, hi;

  if (!isfinite (y))
    return NAN;
  if (axis == 1)
    {
      lo = l->y2_min;
      hi = l->y2_max;
    }
  else if (l->log_y)
    {
      if (y <= 0)
        return NAN;
      y = log10 (y);
      lo = log10 (l->y_min);
      hi = log10 (l->y_max);
    }
  else
    {
      lo = l->y_min;
      hi = l->y_max;
    }
  return l->bottom - (y - lo) / (hi - lo) * (l->bottom - l->top);
}

gboolean
hl_plot_layout_in_plot (const HlPlotLayout *l, double px, double py)
{
  return px >= l->left && px <= l->right && py >= l->top && py <= l->bottom;
}

int
hl_plot_layout_legend_at (const HlPlotLayout *l, double px, double py)
{
  for (guint i = 0; i < l->n_legend; i++)
    {
      const HlPlotLegendBox *b = &l->legend[i];

      if (px >= b->x && px <= b->x + b->w && py >= b->y && py <= b->y + b->h)
        return (int) b->series;
    }
  return -1;
}

/* ---- layout ----------------------------------------------------------- */

static void
theme_init (HlPlotTheme *t, gboolean dark)
{
  static const HlPlotTheme light = {
    { 1, 1, 1 }, { 0.16, 0.16, 0.18 }, { 0.45, 0.45, 0.48 },
    { 0.90, 0.90, 0.91 }, { 0.98, 0.98, 0.98 } };
  static const HlPlotTheme darkt = {
    { 0.14, 0.14, 0.15 }, { 0.88, 0.88, 0.89 }, { 0.58, 0.58, 0.61 },
    { 0.24, 0.24, 0.26 }, { 0.20, 0.20, 0.22 } };

  *t = dark ? darkt : light;
}

double
hl_plot_text_width (cairo_t *cr, const char *text)
{
  cairo_text_extents_t e;

  cairo_text_extents (cr, text, &e);
  return e.x_advance;
}

/* Every series drawn on the left axis is a fraction (validation accuracy
 * plotted alone). */
static gboolean
left_axis_is_percent (const HlPlotSeries *series, guint n_series)
{
  guint n = 0;

  for (guint i = 0; i < n_series; i++)
    {
      if (series[i].axis != 0 || series[i].hidden)
        continue;
      if (!series[i].percent)
        return FALSE;
      n++;
    }
  return n > 0;
}

/* Ticks of a fraction in per cent, as many decimals as their spacing
 * needs: "45 %", "47.5 %". */
static void
label_percent (HlPlotTick *t, guint n)
{
  double step = n > 1 ? fabs (t[1].value - t[0].value) * 100 : 10;
  int decimals = 0;

  while (decimals < 6 && fabs (step * pow (10, decimals) - round (step * pow (10, decimals))) > 1e-6)
    decimals++;
  for (guint i = 0; i < n; i++)
    {
      double v = 100 * t[i].value;
      g_snprintf (t[i].label, sizeof t[i].label, "%.*f\u00a0%%", decimals, fabs (v) < 1e-9 ? 0.0 : v);
    }
}

static double
max_label_width (cairo_t *cr, const HlPlotTick *t, guint n)
{
  double w = 0;

  for (guint i = 0; i < n; i++)
    w = MAX (w, hl_plot_text_width (cr, t[i].label));
  return w;
}

/* The most bytes of label, cut at a character, that fit in max_w with
 * "…" after them. */
gsize
hl_plot_fit_label (cairo_t *cr, const char *label, double max_w)
{
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint lo = 0, hi;

  /* where each character ends: the prefixes that can be cut at */
  for (const char *p = label; *p; p = g_utf8_next_char (p))
    {
      gsize end = (gsize) (g_utf8_next_char (p) - label);
      g_array_append_val (ends, end);
    }
  hi = ends->len;
  /* the most characters n with "prefix(n)…" fitting: lo fits, hi + 1 does not */
  while (lo < hi)
    {
      guint n = lo + (hi - lo + 1) / 2;
      gsize bytes = g_array_index (ends, gsize, n - 1);
      g_autofree char *text = g_strdup_printf ("%.*s…", (int) bytes, label);

      if (hl_plot_text_width (cr, text) <= max_w)
        lo = n;
      else
        hi = n - 1;
    }
  return lo > 0 ? g_array_index (ends, gsize, lo - 1) : 0;
}

/* Every other tick of an axis, until their labels no longer overlap: the
 * count was chosen before the legend took its share of a small figure.
 * Any two neighbours count: a log axis' ticks are not evenly apart. */
static gboolean
ticks_crowded (const HlPlotLayout *l, int axis, const HlPlotTick *t, guint n)
{
  for (guint i = 0; i + 1 < n; i++)
    if (fabs (hl_plot_layout_y_to_pixel (l, axis, t[i].value) -
              hl_plot_layout_y_to_pixel (l, axis, t[i + 1].value)) < HL_PLOT_FONT_TICK + 2)
      return TRUE;
  return FALSE;
}

static void
thin_ticks (const HlPlotLayout *l, int axis, HlPlotTick *t, guint *n)
{
  while (*n >= 2 && ticks_crowded (l, axis, t, *n))
    {
      guint k = 0;

      for (guint i = 0; i < *n; i += 2)
        t[k++] = t[i];
      *n = k;
    }
}

/* The x ticks whose labels would touch the one before are left out: on a
 * plot a few dozen pixels wide (a 100 pt figure with an accuracy axis)
 * "0" and "500" were drawn on each other. */
static void
thin_x_ticks (cairo_t *cr, HlPlotGeom *g)
{
  double end = -INFINITY;
  guint k = 0;

  for (guint i = 0; i < g->n_xt; i++)
    {
      double x, y, w, h;

      hl_plot_tick_label_box (cr, g, 2, i, &x, &y, &w, &h);
      if (x < end + 4)
        continue;
      g->xt[k++] = g->xt[i];
      end = x + w;
    }
  g->n_xt = k;
}

/* The layout with the y (1) and y2 (2) labels in mask read across in a
 * row over the plot, the others rotated beside it. */
static void
geom_compute (HlPlotGeom *g, cairo_t *cr, double width, double height,
              const HlPlotSeries *series, guint n_series,
              const HlPlotOptions *opts, guint above)
{
  HlPlotLayout *l = &g->l;
  double top = PAD, legend_h, right_w = PAD, bottom0;
  gboolean x_label0, has_y_label, has_y2_label;

  memset (g, 0, sizeof *g);
  g->width = width;
  g->height = height;
  theme_init (&g->theme, opts->dark);
  hl_plot_compute_ranges (&g->l, series, n_series, opts);

  /* A figure too low for all of it keeps the plot: the title goes first,
   * then the x label (at 240x60 the title sat on the x ticks, and those
   * above the plot). */
  g->has_x_label = opts->x_label != NULL
                   && height - 2 * PAD - X_TICKS_H - X_LABEL_H >= MIN_PLOT_H;
  g->has_title = opts->title != NULL && *opts->title
                 && height - 2 * PAD - X_TICKS_H - (g->has_x_label ? X_LABEL_H : 0) - TITLE_H >= MIN_PLOT_H;
  if (g->has_title)
    {
      g->title_y = top + HL_PLOT_FONT_TITLE;
      top += TITLE_H;
    }
  l->bottom = height - PAD - X_TICKS_H - (g->has_x_label ? X_LABEL_H : 0);
  /* Tick density from the estimate of the plot size before the legend. */
  if (l->log_y)
    g->n_yt = hl_plot_log_ticks (g->yt, l->y_min, l->y_max, MAX (2.0, (l->bottom - top) / 50.0));
  else
    g->n_yt = hl_plot_linear_ticks (g->yt, l->y_min, l->y_max, MAX (2.0, (l->bottom - top) / 50.0));
  if (!l->log_y && left_axis_is_percent (series, n_series))
    label_percent (g->yt, g->n_yt);
  hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
  if (l->has_y2)
    {
      /* 5 ticks, fewer on a small figure (their labels overlapped) */
      g->n_y2t = hl_plot_linear_ticks (g->y2t, 0.0, 1.0, CLAMP ((l->bottom - top) / 40.0, 1.0, 5.0));
      /* accuracy in per cent, as every other view writes it */
      label_percent (g->y2t, g->n_y2t);
    }
  /* A figure too narrow for all of it keeps the plot: the rotated axis
   * labels go, the right one first (at 100 pt with an accuracy axis the
   * plot was pushed past the picture and its tick labels with it). */
  has_y_label = opts->y_label != NULL && !(above & 1);
  has_y2_label = l->has_y2 && !(above & 2);
  for (;;)
    {
      l->left = PAD + max_label_width (cr, g->yt, g->n_yt) + 8 + (has_y_label ? HL_PLOT_FONT_LABEL + 8 : 0);
      right_w = PAD + (l->has_y2 ? max_label_width (cr, g->y2t, g->n_y2t) + 8 : 0)
                + (has_y2_label ? HL_PLOT_FONT_LABEL + 8 : 0);
      if (width - right_w - l->left >= MIN_PLOT_W || !(has_y_label || has_y2_label))
        break;
      if (has_y2_label)
        has_y2_label = FALSE;
      else
        has_y_label = FALSE;
    }
  l->right = MAX (l->left + 10, width - right_w);
  has_y_label |= opts->y_label != NULL && (above & 1);
  has_y2_label |= l->has_y2 && (above & 2);
  bottom0 = l->bottom;
  x_label0 = g->has_x_label;
  /* at most about a third of the height goes to the legend, at least a row */
  legend_h = opts->show_legend
             ? hl_plot_layout_legend (cr, l, 0, (l->bottom - top) * 0.35, l->bottom - top - 6 - 4 - MIN_PLOT_H,
                                      PAD, width - PAD, series, n_series)
             : 0;
  /* several curves are told apart by their legend, a figure too low for it
   * loses its x label first ("step" under step numbers says little): at
   * 240 x 100 four runs had no legend */
  if (legend_h > 0 && n_series > 1 && g->has_x_label && l->bottom - (top + legend_h + 6 + 4) < MIN_PLOT_H)
    {
      g->has_x_label = FALSE;
      l->bottom += X_LABEL_H;
      legend_h = hl_plot_layout_legend (cr, l, 0, (l->bottom - top) * 0.35, l->bottom - top - 6 - 4 - MIN_PLOT_H,
                                        PAD, width - PAD, series, n_series);
    }
  /* a legend that leaves the plot less than two tick labels tall is left
   * out: a 100 pt high figure with a title drew it over the curves */
  if (legend_h > 0 && l->bottom - (top + legend_h + 6 + 4) < MIN_PLOT_H)
    {
      l->n_legend = 0;
      l->legend_more = 0;
      legend_h = 0;
    }
  /* curves the rows leave out, or all of them: a column right of the plot
   * where it lists more (four runs at 240 x 100 had "+4 more" or nothing) */
  if (opts->show_legend && n_series > 1 && hl_plot_legend_too_few (l, n_series))
    {
      HlPlotLayout *rows = g_memdup2 (l, sizeof *l);
      const double rows_bottom = l->bottom;
      const gboolean rows_x_label = g->has_x_label;

      l->bottom = bottom0;
      g->has_x_label = x_label0;
      if (hl_plot_layout_legend_column (cr, l, width - PAD, top + 4, height - PAD, series, n_series)
          && l->n_legend > rows->n_legend)
        legend_h = 0;
      else
        {
          *l = *rows;
          l->bottom = rows_bottom;
          g->has_x_label = rows_x_label;
        }
      g_free (rows);
    }
  if (legend_h > 0)
    {
      hl_plot_shift_legend (l, top);
      top += legend_h + 6;
    }
  g->y2_label_x = l->right + right_w - PAD;
  if (above != 0)
    {
      /* clear of the top tick's label under it */
      g->above_y = top + HL_PLOT_FONT_LABEL - 2;
      top += ABOVE_H;
    }
  l->top = MIN (top + 4, l->bottom - 10);
  thin_ticks (l, 0, g->yt, &g->n_yt);
  thin_ticks (l, 1, g->y2t, &g->n_y2t);
  hl_plot_fit_axis_labels (g, cr, opts, has_y_label, has_y2_label, above);
  if (l->log_x)
    g->n_xt = hl_plot_log_ticks (g->xt, l->x_min, l->x_max, (l->right - l->left) / 90.0);
  else
    g->n_xt = hl_plot_linear_ticks (g->xt, l->x_min, l->x_max, (l->right - l->left) / 90.0);
  /* three steps zoomed in gave ticks at 1.1, 1.2, …: keep the whole ones */
  if (opts->x_whole && !l->log_x && g->n_xt >= 2 && g->xt[1].value - g->xt[0].value < 1.0)
    {
      const double axis_max = MAX (fabs (l->x_min), fabs (l->x_max));
      guint n = 0;

      for (guint i = 0; i < g->n_xt; i++)
        n += g->xt[i].value == floor (g->xt[i].value);
      /* zoomed in between two whole steps: the fractional ticks stay, an
       * axis with none says nothing */
      if (n > 0)
        {
          n = 0;
          for (guint i = 0; i < g->n_xt; i++)
            if (g->xt[i].value == floor (g->xt[i].value))
              {
                g->xt[n] = g->xt[i];
                hl_plot_format_tick (g->xt[n].label, sizeof g->xt[n].label, g->xt[n].value, 1.0, axis_max);
                n++;
              }
          g->n_xt = n;
        }
    }
  /* steps by the million: "1.5M", not "1.5e6" */
  if (opts->x_whole && !l->log_x && g->n_xt >= 2)
    {
      const double axis_max = MAX (fabs (l->x_min), fabs (l->x_max));
      const double step = g->xt[1].value - g->xt[0].value;

      for (guint i = 0; i < g->n_xt; i++)
        hl_plot_format_count_tick (g->xt[i].label, sizeof g->xt[i].label, g->xt[i].value, step,
                                   axis_max);
    }
  thin_x_ticks (cr, g);
}

void
hl_plot_geom_compute (HlPlotGeom *g, double width, double height,
                      const HlPlotSeries *series, guint n_series,
                      const HlPlotOptions *opts)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);   /* same metrics for every target */
  guint short_mask;

  geom_compute (g, cr, width, height, series, n_series, opts, 0);
  /* A label the plot is too short for goes over it where that shows more
   * of it; failing both, the one that gains alone. */
  short_mask = hl_plot_axis_labels_short (g, opts);
  if (short_mask != 0)
    {
      const guint tries[] = { short_mask, short_mask == 3 ? 1 : 0, short_mask == 3 ? 2 : 0 };
      HlPlotGeom *above = g_new (HlPlotGeom, 1);

      for (guint i = 0; i < G_N_ELEMENTS (tries) && tries[i] != 0; i++)
        {
          geom_compute (above, cr, width, height, series, n_series, opts, tries[i]);
          if (hl_plot_axis_labels_better (g, above, tries[i]))
            {
              *g = *above;
              break;
            }
        }
      g_free (above);
    }
  hl_plot_marker_place (g, cr, series, n_series, opts);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

void
hl_plot_compute_layout (double width, double height,
                        const HlPlotSeries *series, guint n_series,
                        const HlPlotOptions *opts, HlPlotLayout *out)
{
  HlPlotGeom *g = g_new (HlPlotGeom, 1);

  hl_plot_geom_compute (g, width, height, series, n_series, opts);
  *out = g->l;
  g_free (g);
}

void
hl_plot_render (cairo_t *cr, double width, double height,
                const HlPlotSeries *series, guint n_series,
                const HlPlotOptions *opts)
{
  hl_plot_render_full (cr, width, height, series, n_series, NULL, opts, NULL);
}

void
hl_plot_render_full (cairo_t *cr, double width, double height,
                     const HlPlotSeries *series, guint n_series,
                     const HlPlotSmoothed *smoothed, const HlPlotOptions *opts,
                     HlPlotLayout *layout_out)
{
  HlPlotGeom *g;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (series != NULL || n_series == 0);
  g_return_if_fail (opts != NULL);

  g = g_new (HlPlotGeom, 1);
  hl_plot_geom_compute (g, width, height, series, n_series, opts);
  cairo_save (cr);
  hl_plot_set_rgb (cr, g->theme.bg, 1.0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  hl_plot_draw_grid (cr, g);
  hl_plot_draw_series (cr, g, series, n_series, smoothed, opts);
  hl_plot_draw_marker (cr, g, opts);
  hl_plot_draw_axes (cr, g, opts);
  if (opts->show_legend)
    hl_plot_draw_legend (cr, g, series, n_series);
  if (g->l.empty)
    hl_plot_draw_no_data (cr, g);
  else
    hl_plot_draw_hover (cr, g, series, n_series, smoothed, opts);
  cairo_restore (cr);
  if (layout_out)
    *layout_out = g->l;
  g_free (g);
}
