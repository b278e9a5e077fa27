/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-scale.c - data ranges (robust to Inf, NaN, huge, tiny and
 * zero-width data) and axis ticks with compact labels for the plot
 * renderer. */
#include <math.h>
#include <string.h>
#include "hl-plot-render-private.h"

/* ---- ranges ----------------------------------------------------------- */

static void
x_extent (const HlPlotSeries *series, guint n_series, gboolean log, double *lo, double *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  /* Hidden series count too, so toggling the legend never rescales x. */
  for (guint s = 0; s < n_series; s++)
    for (gsize i = 0; i < series[s].n; i++)
      if (isfinite (series[s].x[i]) && isfinite (series[s].y[i]) && !(log && series[s].x[i] <= 0))
        {
          *lo = MIN (*lo, series[s].x[i]);
          *hi = MAX (*hi, series[s].x[i]);
        }
}

static void
y_extent_one (const double *y, const double *x, gsize n, const HlPlotLayout *l,
              double *lo, double *hi)
{
  for (gsize i = 0; i < n; i++)
    {
      double v = y[i];

      if (!isfinite (v) || x[i] < l->x_min || x[i] > l->x_max)
        continue;
      if (l->log_y && v <= 0)
        continue;
      *lo = MIN (*lo, v);
      *hi = MAX (*hi, v);
    }
}

/* y range of the visible axis-0 series inside the x range; FALSE if none. */
static gboolean
y_extent (const HlPlotSeries *series, guint n_series, const HlPlotLayout *l,
          double *lo, double *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint s = 0; s < n_series; s++)
    {
      const HlPlotSeries *se = &series[s];

      if (se->hidden || se->axis != 0)
        continue;
      y_extent_one (se->y, se->x, se->n, l, lo, hi);
      if (se->band_lo)
        y_extent_one (se->band_lo, se->x, se->n, l, lo, hi);
      if (se->band_hi)
        y_extent_one (se->band_hi, se->x, se->n, l, lo, hi);
    }
  return *lo <= *hi;
}

static gboolean
visible_point (const double *y, const double *x, gsize n, const HlPlotLayout *l, gboolean log)
{
  for (gsize i = 0; i < n; i++)
    if (isfinite (y[i]) && x[i] >= l->x_min && x[i] <= l->x_max && !(log && y[i] <= 0))
      return TRUE;
  return FALSE;
}

static gboolean
any_visible_point (const HlPlotSeries *series, guint n_series, const HlPlotLayout *l)
{
  for (guint s = 0; s < n_series; s++)
    if (!series[s].hidden && visible_point (series[s].y, series[s].x, series[s].n, l,
                                            l->log_y && series[s].axis == 0))
      return TRUE;
  return FALSE;
}

/* ---- ticks ------------------------------------------------------------ */

/* Data beyond this magnitude is clamped for layout, so spans and padding
 * stay finite. */
#define HUGE_VALUE 1e300

static double
nice_step (double range, double target)
{
  double raw = range / MAX (target, 1.0);
  double mag = pow (10.0, floor (log10 (raw)));
  double f = raw / mag;

  return (f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0) * mag;
}

/* %g without the exponent's '+' and leading zeros: 1e21, 2.5e-05. */
static void
compact_g (char *buf, gsize len, double v, int digits)
{
  char tmp[64], *e;

  g_snprintf (tmp, sizeof tmp, "%.*g", CLAMP (digits, 1, 17), v);
  e = strchr (tmp, 'e');
  if (e != NULL && e[1] == '+')
    {
      char *d = e + 2;

      while (*d == '0' && d[1] != '\0')
        d++;
      memmove (e + 1, d, strlen (d) + 1);
    }
  g_strlcpy (buf, tmp, len);
}

/* "2.5e-5": no '+' and no leading zeros in the exponent. */
static void
format_sci (char *buf, gsize len, double mantissa, int decimals, int exponent)
{
  g_snprintf (buf, len, "%.*fe%d", MAX (decimals, 0), mantissa, exponent);
}

/* v as mantissa from 1 to 10 and its own power of ten, rounded to decimals
 * ("9.50e5", not "10.00e5" for a v of 999999.9999). */
static void
format_sci_value (char *buf, gsize len, double v, int decimals)
{
  int exponent = (int) floor (log10 (fabs (v)) + 1e-9);
  double mantissa = v / pow (10.0, exponent);
  double scale = pow (10.0, MAX (decimals, 0));

  if (fabs (round (mantissa * scale) / scale) >= 10.0)
    mantissa /= 10.0, exponent++;
  format_sci (buf, len, mantissa, decimals, exponent);
}

/* Fixed decimals for everyday ranges ("0.25", "12k").  Huge axes (a
 * diverged loss of 1e21) and tiny ones read as gnuplot's and matplotlib's
 * do: each tick its own power of ten and a mantissa from 1 to 10, with the
 * decimals the axis' largest magnitude needs, so all ticks of an axis show
 * as many: "9.50e5", "1.00e6", "1.05e6" (they shared the largest tick's
 * exponent, "0.95e6", and "0.5e-5" beside "1.0e-5"). */
void
hl_plot_format_tick (char *buf, gsize len, double v, double step, double axis_max)
{
  int decimals;

  if (!isfinite (v) || !(step > 0))
    {
      compact_g (buf, len, v, 6);
      return;
    }
  if (fabs (v) < step * 1e-6)
    v = 0.0;
  decimals = (int) -floor (log10 (step) + 1e-9);
  if (axis_max >= 1e6 || (decimals > 4 && axis_max < 1e-2))
    {
      int exponent = (int) floor (log10 (MAX (axis_max, step)) + 1e-9);

      if (v == 0.0)
        g_strlcpy (buf, "0", len);
      else
        format_sci_value (buf, len, v, exponent + decimals);
      return;
    }
  if (step >= 1000.0 && fabs (v) >= 1000.0)
    {
      /* 12.5k reads better than 12500 under a crowded axis. */
      g_snprintf (buf, len, "%.*fk", MAX (0, decimals + 3), v / 1000.0);
      return;
    }
  g_snprintf (buf, len, "%.*f", MAX (0, decimals), v);
}

/* Ticks at multiples of a round step inside lo..hi, for any finite range. */
guint
hl_plot_linear_ticks (HlPlotTick *t, double lo, double hi, double target)
{
  double step, k0, axis_max;
  guint n = 0;

  if (!isfinite (lo) || !isfinite (hi))
    return 0;
  if (!(hi > lo))
    {
      t[0].value = lo;
      hl_plot_format_tick (t[0].label, sizeof t[0].label, lo, MAX (fabs (lo), 1.0), fabs (lo));
      return 1;
    }
  step = nice_step (hi - lo, target);
  /* A wide figure asks for more ticks than fit in t: the next round step
   * up, so they reach hi (a 2400 px plot of 300 steps stopped at "250",
   * its grid too, with the curves going on to 300). */
  while (floor (hi / step + 1e-9) - ceil (lo / step - 1e-9) + 1 > HL_PLOT_MAX_TICKS)
    {
      const double mag = pow (10.0, floor (log10 (step) + 1e-9));
      const double f = round (step / mag);

      step = (f < 2.0 ? 2.0 : f < 5.0 ? 5.0 : 10.0) * mag;
    }
  k0 = ceil (lo / step - 1e-9);
  axis_max = MAX (fabs (lo), fabs (hi));
  for (guint i = 0; i < HL_PLOT_MAX_TICKS; i++)
    {
      double v = (k0 + i) * step;

      if (v > hi + step * 1e-9)
        break;
      t[n].value = v;
      hl_plot_format_tick (t[n].label, sizeof t[n].label, v, step, axis_max);
      n++;
    }
  return n;
}

/* A count axis (steps) from a million up reads "0.5M", "1.0M", "1.5M" (as
 * "500k" below it), with the decimals its step needs; the exponent form
 * ("5.0e5", "1.0e6") is for measured values.  From a billion on, and for
 * anything but a plain count, as hl_plot_format_tick. */
void
hl_plot_format_count_tick (char *buf, gsize len, double v, double step, double axis_max)
{
  if (isfinite (v) && step > 0 && axis_max >= 1e6 && axis_max < 1e9 && v == floor (v))
    {
      const int decimals = MAX (0, 6 - (int) floor (log10 (step) + 1e-9));

      if (v == 0.0)
        g_strlcpy (buf, "0", len);
      else
        g_snprintf (buf, len, "%.*fM", decimals, v / 1e6);
      return;
    }
  hl_plot_format_tick (buf, len, v, step, axis_max);
}

/* Plain numbers while every tick reads well that way ("0.001" … "10000");
 * otherwise all in one form ("1e-5" … "1e0" … "5e6"), not "0.1" beside
 * "1e-05". */
static void
label_log_ticks (HlPlotTick *t, guint n)
{
  gboolean plain = TRUE;

  for (guint i = 0; i < n; i++)
    plain &= t[i].value >= 1e-3 * (1 - 1e-9) && t[i].value <= 1e4 * (1 + 1e-9);
  for (guint i = 0; i < n; i++)
    {
      int exponent = (int) floor (log10 (t[i].value) + 1e-9);

      if (plain)
        compact_g (t[i].label, sizeof t[i].label, t[i].value, 6);
      else
        format_sci (t[i].label, sizeof t[i].label, t[i].value / pow (10.0, exponent), 0, exponent);
    }
}

static guint
log_ticks_with (HlPlotTick *t, double lo, double hi, const double *mults, guint n_mults,
                double stride)
{
  double d0 = floor (log10 (lo)), d1 = ceil (log10 (hi));
  guint n = 0;

  d0 = floor (d0 / stride) * stride;
  for (double d = d0; d <= d1 && n < HL_PLOT_MAX_TICKS; d += stride)
    for (guint m = 0; m < n_mults; m++)
      {
        double v = mults[m] * pow (10.0, d);

        if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9) || n >= HL_PLOT_MAX_TICKS)
          continue;
        t[n].value = v;
        n++;
      }
  label_log_ticks (t, n);
  return n;
}

/* Decades (every few when there are too many); 2 and 5 added when fewer
 * than three decades show; linear when the range is too narrow even for
 * that. */
guint
hl_plot_log_ticks (HlPlotTick *t, double lo, double hi, double target)
{
  static const double decade[] = { 1 }, d125[] = { 1, 2, 5 };
  double decades = ceil (log10 (hi)) - floor (log10 (lo));
  double stride = MAX (1.0, ceil (decades / MAX (target, 2.0)));
  guint n = log_ticks_with (t, lo, hi, decade, 1, stride);

  /* A stride that steps over the range (1e-6, 1, 1e6 around 0.002 .. 900
   * in a short plot) left one decade or none, and the linear ticks below
   * took over: "500" printed over "1000" on a log axis of six decades.
   * Fewer decades skipped still label it as one. */
  while (n < 2 && stride > 1.0)
    {
      stride -= 1.0;
      n = log_ticks_with (t, lo, hi, decade, 1, stride);
    }
  if (n < 3 && stride == 1.0)
    n = log_ticks_with (t, lo, hi, d125, 3, 1.0);
  if (n < 2)
    n = hl_plot_linear_ticks (t, lo, hi, target);
  return n;
}

/* A zero-width range grows to one that maps to pixels, also around huge
 * values where +-0.5 would vanish in rounding. */
static void
widen (double *lo, double *hi, double rel, double abs_min)
{
  double d;

  if (*hi > *lo)
    return;
  d = MAX (fabs (*lo) * rel, abs_min);
  *lo -= d;
  *hi += d;
}

static void
compute_y_range (HlPlotLayout *l, double lo, double hi)
{
  if (l->log_y)
    {
      double a = log10 (CLAMP (lo, 1e-300, HUGE_VALUE));
      double b = log10 (CLAMP (hi, 1e-300, HUGE_VALUE));
      double pad = MAX (b - a, 0.2) * 0.05;

      l->y_min = pow (10.0, a - pad);
      l->y_max = pow (10.0, b + pad);
      return;
    }
  lo = CLAMP (lo, -HUGE_VALUE, HUGE_VALUE);
  hi = CLAMP (hi, -HUGE_VALUE, HUGE_VALUE);
  if (hi - lo <= MAX (fabs (lo), fabs (hi)) * 1e-9)
    {
      /* Constant (or nearly): centre it, with room that keeps ticks distinct. */
      double mid = lo / 2 + hi / 2, d = fabs (mid) > 0 ? fabs (mid) * 0.5 : 0.5;

      lo = mid - d;
      hi = mid + d;
    }
  l->y_min = lo - (hi - lo) * 0.05;
  l->y_max = hi + (hi - lo) * 0.05;
}

/* A log x range: the data's positive extent (or the caller's, where it is
 * positive), a point widened to a decade around it. */
static void
compute_log_x_range (HlPlotLayout *l, double lo, double hi, const HlPlotOptions *opts)
{
  if (lo > hi)
    lo = 0.1, hi = 1;
  l->x_min = isfinite (opts->x_min) && opts->x_min > 0 ? opts->x_min : CLAMP (lo, 1e-300, HUGE_VALUE);
  l->x_max = isfinite (opts->x_max) && opts->x_max > 0 ? opts->x_max : CLAMP (hi, 1e-300, HUGE_VALUE);
  if (!(l->x_max > l->x_min * (1 + 1e-9)))
    {
      l->x_min /= sqrt (10.0);
      l->x_max = l->x_min * 10.0;
    }
}

void
hl_plot_compute_ranges (HlPlotLayout *l, const HlPlotSeries *series, guint n_series,
                        const HlPlotOptions *opts)
{
  double lo, hi;

  l->log_x = opts->log_x;
  x_extent (series, n_series, l->log_x, &lo, &hi);
  if (l->log_x)
    compute_log_x_range (l, lo, hi, opts);
  else
    {
      if (lo > hi)
        lo = 0, hi = 1;
      l->x_min = isfinite (opts->x_min) ? opts->x_min : CLAMP (lo, -HUGE_VALUE, HUGE_VALUE);
      l->x_max = isfinite (opts->x_max) ? opts->x_max : CLAMP (hi, -HUGE_VALUE, HUGE_VALUE);
      /* one point: a range with whole numbers on both sides of it when x counts steps */
      widen (&l->x_min, &l->x_max, 1e-3, opts->x_whole ? 1.0 : 0.5);
    }
  l->log_y = opts->log_y;
  l->empty = !any_visible_point (series, n_series, l);
  if (!y_extent (series, n_series, l, &lo, &hi))
    lo = l->log_y ? 0.1 : 0.0, hi = 1.0;
  compute_y_range (l, lo, hi);
  l->y2_min = -0.03;
  l->y2_max = 1.03;
  l->has_y2 = FALSE;
  for (guint s = 0; s < n_series; s++)
    l->has_y2 |= series[s].axis == 1;
}

