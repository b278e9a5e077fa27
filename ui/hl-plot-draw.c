/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-draw.c - series (raw, smoothed, bands) and hover readout for the
 * cairo plot renderer; one curve is drawn in hl-plot-curve.c, the legend in
 * hl-plot-legend.c. */
#include <math.h>
#include <string.h>
#include "hl-format.h"
#include "hl-plot-render-private.h"

/* Smoothed copy of v, or NULL when smoothing is off. */
static double *
smoothed (const double *v, gsize n, double alpha)
{
  double *out;

  if (v == NULL || alpha <= 0)
    return NULL;
  out = g_new (double, n);
  hl_plot_smooth (v, out, n, alpha);
  return out;
}

static void
draw_one_series (cairo_t *cr, const HlPlotGeom *g, const HlPlotSeries *s,
                 const HlPlotSmoothed *sm, double alpha, GArray *dots)
{
  const double rgb[3] = { s->r, s->g, s->b };
  g_autofree double *own_y = NULL, *own_lo = NULL, *own_hi = NULL;
  const double *ys = sm ? sm->y : NULL;

  if (alpha > 0 && ys == NULL)
    ys = own_y = smoothed (s->y, s->n, alpha);
  if (s->band_lo && s->band_hi)
    {
      const double *lo = sm && sm->band_lo ? sm->band_lo : NULL;
      const double *hi = sm && sm->band_hi ? sm->band_hi : NULL;

      if (alpha > 0 && lo == NULL)
        lo = own_lo = smoothed (s->band_lo, s->n, alpha);
      if (alpha > 0 && hi == NULL)
        hi = own_hi = smoothed (s->band_hi, s->n, alpha);
      cairo_new_path (cr);
      hl_plot_path_band (cr, &g->l, s->axis, s->x, lo ? lo : s->band_lo,
                         hi ? hi : s->band_hi, s->n);
      cairo_set_source_rgba (cr, s->r, s->g, s->b, 0.18);
      cairo_fill (cr);
    }
  if (ys)
    {
      /* The raw curve stays visible, faint, under the smoothed one. */
      hl_plot_draw_curve (cr, &g->l, s->axis, s->x, s->y, s->n, rgb, 0.25, 1.0, s->dashed, dots);
      hl_plot_draw_curve (cr, &g->l, s->axis, s->x, ys, s->n, rgb, 1.0,
                          HL_PLOT_LINE_WIDTH, s->dashed, dots);
    }
  else
    hl_plot_draw_curve (cr, &g->l, s->axis, s->x, s->y, s->n, rgb, 1.0,
                        HL_PLOT_LINE_WIDTH, s->dashed, dots);
}

void
hl_plot_draw_series (cairo_t *cr, const HlPlotGeom *g,
                     const HlPlotSeries *series, guint n_series,
                     const HlPlotSmoothed *smoothed_data, const HlPlotOptions *opts)
{
  const HlPlotLayout *l = &g->l;
  g_autoptr(GArray) dots = g_array_new (FALSE, FALSE, sizeof (HlPlotDot));

  cairo_save (cr);
  /* A pixel-aligned clip keeps cairo on its fast (box) clipping path. */
  cairo_rectangle (cr, floor (l->left), floor (l->top), ceil (l->right) - floor (l->left),
                   ceil (l->bottom) - floor (l->top));
  cairo_clip (cr);
  /* Bevel joins: round ones cost many more edges on noisy curves and look
   * the same at this width. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < n_series; s++)
    if (!series[s].hidden && series[s].n > 0 && series[s].x && series[s].y)
      draw_one_series (cr, g, &series[s], smoothed_data ? &smoothed_data[s] : NULL,
                       opts->smoothing, dots);
  cairo_restore (cr);
  /* whole, also on the plot's edge: a run of one step among longer ones
   * sits on the left axis, and the clip drew half its marker */
  hl_plot_draw_dots (cr, dots);
}

/* ---- hover readout ---------------------------------------------------- */

/* How far x lies from at along the axis: on a log axis the pointer sits
 * between two rates by their ratio (linearly, 4e-3 was "nearer" 1e-3 than
 * 1e-2, though drawn nearer 1e-2). */
static double
axis_distance (double x, double at, gboolean log_x)
{
  return log_x ? fabs (log (x) - log (at)) : fabs (x - at);
}

gssize
hl_plot_nearest_index (const double *x, const double *y, gsize n, double at, gboolean log_x)
{
  gsize lo = 0, hi = n;
  gssize best = -1;
  double best_d = INFINITY;

  /* Binary search for the first x >= at, then look outward for finite y. */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (x[mid] < at)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (gsize i = lo; i < n && i < lo + 64; i++)
    if (isfinite (y[i]) && isfinite (x[i]))
      {
        best = (gssize) i, best_d = axis_distance (x[i], at, log_x);
        break;
      }
  for (gsize i = lo; i > 0 && i + 64 > lo; i--)
    if (isfinite (y[i - 1]) && isfinite (x[i - 1]) && !(log_x && x[i - 1] <= 0))
      {
        if (axis_distance (x[i - 1], at, log_x) <= best_d)
          best = (gssize) (i - 1);
        break;
      }
  return best;
}


static double
reading_value (const HlPlotSeries *s, const HlPlotSmoothed *sm, gssize i, double alpha)
{
  g_autofree double *ys = NULL;

  if (alpha <= 0)
    return s->y[i];
  if (sm && sm->y)
    return sm->y[i];
  /* EMA up to i only: the readout shows what the curve shows. */
  ys = smoothed (s->y, (gsize) i + 1, alpha);
  return ys[i];
}

/* One series' line of the readout in the form box gives.  A series
 * measured elsewhere than the heading's step (validation every N steps,
 * under a pointer between two) says where: "step 164" over "Validation
 * loss 0.54666" read as that step's loss when it was step 200's (found by
 * a GUI review).  An accuracy reads "84.73 %" as in the Runs table and the
 * comparison (it was 0.8473).  cr (its font set) measures a label to cut;
 * NULL when box keeps labels whole. */
/* The name r's line gives in box: all of it; where the names do not all
 * fit, its short name (the words all share left out: three runs were
 * "moons relu a…" alike), cut with "…" past box's label_w. */
static char *
reading_name (cairo_t *cr, const HlPlotReading *r, const HlPlotReadout *box)
{
  const char *label = r->s->label ? r->s->label : "";
  g_autofree char *name = NULL;

  if (!box->short_names)
    return g_strdup (label);
  name = r->name_end > r->name_start ? g_strndup (label + r->name_start, r->name_end - r->name_start)
                                     : g_strdup (label);
  if (cr == NULL || !isfinite (box->label_w) || hl_plot_text_width (cr, name) <= box->label_w)
    return g_steal_pointer (&name);
  return g_strdup_printf ("%.*s…", (int) hl_plot_fit_label (cr, name, box->label_w), name);
}

void
hl_plot_readout_line (char *buf, gsize len, cairo_t *cr, const HlPlotOptions *opts,
                      const HlPlotReadout *box, const HlPlotReading *r, double head_x)
{
  const HlPlotSeries *s = r->s;
  g_autofree char *text = s->percent || s->axis == 1 ? hl_format_percent (r->value)
                                                     : hl_format_significant (r->value, box->digits);
  g_autofree char *label = box->label_w > 0 ? reading_name (cr, r, box) : g_strdup ("");

  if (r->x == head_x || !box->where)
    g_snprintf (buf, len, "%s%s%s", label, *label ? "  " : "", text);
  else
    g_snprintf (buf, len, opts->log_x ? "%s%s%s  (%s %.3g)" : "%s%s%s  (%s %.6g)", label,
                *label ? "  " : "", text, opts->x_label ? opts->x_label : "x", r->x);
}

void
hl_plot_format_reading (char *buf, gsize len, const HlPlotOptions *opts,
                        const HlPlotSeries *s, double value, double x, double head_x)
{
  const HlPlotReadout whole = { .digits = 5, .where = TRUE, .label_w = INFINITY };
  const HlPlotReading r = { s, value, x, 0, 0 };

  hl_plot_readout_line (buf, len, NULL, opts, &whole, &r, head_x);
}

/* "step 1200"; on a log axis (learning rates) 3 digits, where 6 read
 * "learning rate 0.000410082". */
static void
format_heading (char *buf, gsize len, const HlPlotOptions *opts, double x)
{
  g_snprintf (buf, len, opts->log_x ? "%s %.3g" : "%s %.6g", opts->x_label ? opts->x_label : "x", x);
}

/* The hover box's line height and margin: how many lines fit
 * (hl_plot_readout_lines) and the box drawn (draw_readout_box) agree. */
#define READOUT_LINE_H 16.0
#define READOUT_PAD    8.0

static int
compare_low_first (gconstpointer a, gconstpointer b)
{
  const double x = ((const HlPlotReading *) a)->value, y = ((const HlPlotReading *) b)->value;

  /* NaN last */
  if (isnan (x) || isnan (y))
    return isnan (x) - isnan (y);
  return (x > y) - (x < y);
}

static int
compare_high_first (gconstpointer a, gconstpointer b)
{
  const double x = ((const HlPlotReading *) a)->value, y = ((const HlPlotReading *) b)->value;

  if (isnan (x) || isnan (y))
    return isnan (x) - isnan (y);
  return (x < y) - (x > y);
}

/* The lines of readings that fit beside the plot's height (a comparison of
 * 30 runs drew a box twice as tall as its plot).  When some must go, the
 * best are kept: the lowest losses, or the highest accuracies. */
guint
hl_plot_readout_lines (const HlPlotLayout *l, HlPlotReading *r, guint n)
{
  const double line_h = READOUT_LINE_H, pad = READOUT_PAD;
  const int fit = (int) floor ((l->bottom - l->top - 8 - pad * 2) / line_h) - 1;   /* less the heading */
  gboolean all_loss = TRUE, all_fraction = TRUE;

  if ((int) n <= MAX (fit, 1))
    return n;
  for (guint i = 0; i < n; i++)
    {
      const gboolean fraction = r[i].s->percent || r[i].s->axis == 1;
      all_loss &= !fraction;
      all_fraction &= fraction;
    }
  if (all_loss || all_fraction)
    qsort (r, n, sizeof *r, all_loss ? compare_low_first : compare_high_first);
  return (guint) MAX (fit - 1, 1);   /* and a line saying how many more */
}

#define READOUT_SWATCH 16.0   /* a line's colour key and the gap after it */
#define READOUT_GAP    12.0   /* between the hover line and the box */
#define READOUT_MIN_CUT 4     /* characters a cut run name keeps, else none */

/* The widest line of the box in form f, and the widest a run's name may be
 * in it (cut to fit avail); FALSE when a name would keep under
 * READOUT_MIN_CUT characters. */
static gboolean
readout_form_width (cairo_t *cr, const HlPlotOptions *opts, HlPlotReadout *f,
                    const HlPlotReading *r, guint shown, double head_x, double avail, double *w)
{
  HlPlotReadout bare = *f;
  char buf[160];
  double rest = 0, full_w = 0, short_w = 0, min_cut = 0, room;

  /* the lines without their names; the names whole, short, and cut */
  bare.label_w = 0;
  for (guint i = 0; i < shown; i++)
    {
      const char *label = r[i].s->label ? r[i].s->label : "";
      const gboolean has_short = r[i].name_end > r[i].name_start;
      g_autofree char *name = has_short ? g_strndup (label + r[i].name_start, r[i].name_end - r[i].name_start)
                                        : g_strdup (label);
      g_autofree char *head = g_strndup (name, (gsize) (g_utf8_offset_to_pointer (name, MIN (g_utf8_strlen (name, -1), READOUT_MIN_CUT)) - name));
      g_autofree char *head_cut = g_strdup_printf ("%s…", head);

      hl_plot_readout_line (buf, sizeof buf, cr, opts, &bare, &r[i], head_x);
      rest = MAX (rest, hl_plot_text_width (cr, buf));
      full_w = MAX (full_w, hl_plot_text_width (cr, label));
      short_w = MAX (short_w, hl_plot_text_width (cr, name));
      min_cut = MAX (min_cut, MIN (hl_plot_text_width (cr, head_cut), hl_plot_text_width (cr, name)));
    }
  if (f->label_w <= 0 || full_w == 0)
    {
      *w = rest + READOUT_SWATCH;
      return TRUE;
    }
  /* the names take what the rest leaves, with the two spaces before the value */
  room = avail - READOUT_SWATCH - rest - hl_plot_text_width (cr, "  ");
  f->short_names = room < full_w;
  f->label_w = room < short_w ? room : INFINITY;
  if (room < min_cut)
    return FALSE;
  *w = READOUT_SWATCH + hl_plot_text_width (cr, "  ") + rest + MIN (room, f->short_names ? short_w : full_w);
  return TRUE;
}

/* The box's place and its lines' form: as much as fits the plot's width,
 * else the picture's; a narrow plot drew it past its right edge, cut off
 * on screen.  What goes first: the end of long run names, digits (5 to
 * 3), the names (the colour keys stay), then the step a reading is from. */
void
hl_plot_readout_place (cairo_t *cr, const HlPlotGeom *g, const HlPlotOptions *opts,
                       HlPlotReading *r, guint n, double px, double head_x, HlPlotReadout *out)
{
  static const HlPlotReadout forms[] = {
    { .digits = 5, .where = TRUE, .label_w = INFINITY },
    { .digits = 3, .where = TRUE, .label_w = INFINITY },
    { .digits = 3, .where = TRUE, .label_w = 0 },
    { .digits = 3, .where = FALSE, .label_w = 0 },
  };
  const HlPlotLayout *l = &g->l;
  const double pad = READOUT_PAD;
  char buf[160];
  double heading, lo = l->left + 2, hi = l->right - 2;
  gboolean placed = FALSE;

  hl_plot_set_font (cr, HL_PLOT_FONT_TICK, FALSE);
  memset (out, 0, sizeof *out);
  out->shown = hl_plot_readout_lines (l, r, n);
  format_heading (buf, sizeof buf, opts, head_x);
  heading = hl_plot_text_width (cr, buf);
  /* in the plot, else in the picture */
  for (int room = 0; room < 2 && !placed; room++)
    {
      if (room == 1)
        lo = 2, hi = g->width - 2;
      for (guint k = 0; k < G_N_ELEMENTS (forms) && !placed; k++)
        {
          HlPlotReadout f = forms[k];
          double w;

          if (!readout_form_width (cr, opts, &f, r, out->shown, head_x, hi - lo - 2 * pad, &w))
            continue;
          w = MAX (w, heading) + 2 * pad;
          /* names cut to the room fill it exactly: rounding is no reason to drop a form */
          if (w > hi - lo + 1e-6 && !(room == 1 && k + 1 == G_N_ELEMENTS (forms)))
            continue;
          f.shown = out->shown;
          *out = f;
          out->w = MIN (w, hi - lo);
          placed = TRUE;
        }
    }
  /* beside the hover line, right of it where it fits */
  out->x = px + READOUT_GAP + out->w > hi ? px - READOUT_GAP - out->w : px + READOUT_GAP;
  out->x = CLAMP (out->x, lo, hi - out->w);
  out->y = l->top + 8;
  out->h = pad * 2 + READOUT_LINE_H * (out->shown + 1 + (out->shown < n));
}

static void
draw_readout_box (cairo_t *cr, const HlPlotGeom *g, const HlPlotOptions *opts,
                  HlPlotReading *r, guint n, double px, double head_x, HlPlotLayout *layout)
{
  const double line_h = READOUT_LINE_H, pad = READOUT_PAD;
  HlPlotReadout box;
  g_autofree char *more = NULL;
  char buf[160];
  double x, y;

  hl_plot_readout_place (cr, g, opts, r, n, px, head_x, &box);
  more = box.shown < n ? hl_plot_legend_more_text (n - box.shown) : NULL;
  x = box.x;
  y = box.y;
  layout->readout_x = box.x;
  layout->readout_y = box.y;
  layout->readout_w = box.w;
  layout->readout_h = box.h;
  hl_plot_set_rgb (cr, g->theme.panel, 0.93);
  cairo_rectangle (cr, x, y, box.w, box.h);
  cairo_fill_preserve (cr);
  hl_plot_set_rgb (cr, g->theme.grid, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  /* a heading wider than the picture is cut at the box's edge */
  cairo_save (cr);
  cairo_rectangle (cr, x, y, box.w, box.h);
  cairo_clip (cr);
  hl_plot_set_rgb (cr, g->theme.fg, 1.0);
  format_heading (buf, sizeof buf, opts, head_x);
  cairo_move_to (cr, x + pad, y + pad + 12);
  cairo_show_text (cr, buf);
  for (guint i = 0; i < box.shown; i++)
    {
      double ty = y + pad + line_h * (i + 1);

      cairo_set_source_rgb (cr, r[i].s->r, r[i].s->g, r[i].s->b);
      cairo_rectangle (cr, x + pad, ty + 5, 10, 10);
      cairo_fill (cr);
      hl_plot_set_rgb (cr, g->theme.fg, 1.0);
      hl_plot_readout_line (buf, sizeof buf, cr, opts, &box, &r[i], head_x);
      cairo_move_to (cr, x + pad + READOUT_SWATCH, ty + 14);
      cairo_show_text (cr, buf);
    }
  if (more != NULL)
    {
      hl_plot_set_rgb (cr, g->theme.muted, 1.0);
      cairo_move_to (cr, x + pad + READOUT_SWATCH, y + pad + line_h * (box.shown + 1) + 14);
      cairo_show_text (cr, more);
    }
  cairo_restore (cr);
}

void
hl_plot_draw_hover (cairo_t *cr, HlPlotGeom *g,
                    const HlPlotSeries *series, guint n_series,
                    const HlPlotSmoothed *smoothed_data, const HlPlotOptions *opts)
{
  const HlPlotLayout *l = &g->l;
  g_autofree HlPlotReading *r = g_new0 (HlPlotReading, MAX (n_series, 1));
  guint n = 0;
  double px, head_x;

  if (!isfinite (opts->hover_x) || opts->hover_x < l->x_min || opts->hover_x > l->x_max)
    return;
  for (guint s = 0; s < n_series; s++)
    {
      gssize i;

      if (series[s].hidden || series[s].n == 0)
        continue;
      i = hl_plot_nearest_index (series[s].x, series[s].y, series[s].n, opts->hover_x, l->log_x);
      if (i >= 0)
        r[n++] = (HlPlotReading) { &series[s], reading_value (&series[s], smoothed_data ? &smoothed_data[s] : NULL,
                                                         i, opts->smoothing),
                             series[s].x[i] };
    }
  if (n == 0)
    return;
  {
    g_autofree const char **labels = g_new (const char *, n);
    g_autofree gsize *start = g_new (gsize, n), *end = g_new (gsize, n);

    for (guint i = 0; i < n; i++)
      labels[i] = r[i].s->label;
    hl_plot_short_names (labels, n, start, end);
    for (guint i = 0; i < n; i++)
      r[i].name_start = start[i], r[i].name_end = end[i];
  }
  /* the heading and the line at the point nearest the pointer: the first
   * curve's nearest point was steps away when it had ended there (a trial
   * pruned at step 30 put the line at 30 under a pointer at 480) */
  {
    const double pointer = hl_plot_layout_x_to_pixel (l, opts->hover_x);
    double nearest = INFINITY;

    head_x = r[0].x;
    for (guint i = 0; i < n; i++)
      {
        const double d = fabs (hl_plot_layout_x_to_pixel (l, r[i].x) - pointer);
        if (d < nearest)
          {
            nearest = d;
            head_x = r[i].x;
          }
      }
  }
  cairo_save (cr);
  px = round (hl_plot_layout_x_to_pixel (l, head_x)) + 0.5;
  hl_plot_set_rgb (cr, g->theme.fg, 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, px, l->top);
  cairo_line_to (cr, px, l->bottom);
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      double py = hl_plot_layout_y_to_pixel (l, r[i].s->axis, r[i].value);
      double dx = hl_plot_layout_x_to_pixel (l, r[i].x);

      if (!isfinite (py))
        continue;
      cairo_arc (cr, dx, py, 4, 0, 2 * G_PI);
      hl_plot_set_rgb (cr, g->theme.bg, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, r[i].s->r, r[i].s->g, r[i].s->b);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }
  draw_readout_box (cr, g, opts, r, n, px, head_x, &g->l);
  cairo_restore (cr);
}
