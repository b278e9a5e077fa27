/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-group-curve.c - mean and min-max band of a metric over replicate runs. */
#include <math.h>
#include "hl-group-curve.h"

static GArray *
doubles (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static guint
longest_member (GPtrArray *members)
{
  guint best = 0, best_len = 0;

  for (guint m = 0; m < members->len; m++)
    {
      guint len = hl_metrics_len (&((HlRun *) members->pdata[m])->metrics);
      if (len > best_len)
        {
          best = m;
          best_len = len;
        }
    }
  return best;
}

HlGroupCurve *
hl_group_curve_new (GPtrArray *members, const char *metric)
{
  HlGroupCurve *c = g_new0 (HlGroupCurve, 1);
  const HlRun *ref;
  guint n;

  c->step = doubles (); c->epoch = doubles (); c->mean = doubles ();
  c->lo = doubles (); c->hi = doubles ();
  if (members == NULL || members->len == 0)
    return c;
  ref = members->pdata[longest_member (members)];
  n = hl_metrics_len (&ref->metrics);
  for (guint i = 0; i < n; i++)
    {
      double sum = 0, lo = INFINITY, hi = -INFINITY, mean, x, e;
      guint count = 0;

      for (guint m = 0; m < members->len; m++)
        {
          GArray *values = hl_metrics_get (&((HlRun *) members->pdata[m])->metrics, metric);
          double v;

          if (values == NULL || i >= values->len)
            continue;
          v = g_array_index (values, double, i);
          if (!isfinite (v))
            continue;
          sum += v;
          count++;
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      if (count == 0)
        continue;
      mean = sum / count;
      x = (double) g_array_index (ref->metrics.step, guint64, i);
      e = g_array_index (ref->metrics.epoch, double, i);
      g_array_append_val (c->step, x);
      g_array_append_val (c->epoch, e);
      g_array_append_val (c->mean, mean);
      g_array_append_val (c->lo, lo);
      g_array_append_val (c->hi, hi);
    }
  return c;
}

guint
hl_group_curve_len (const HlGroupCurve *curve)
{
  return curve->step->len;
}

void
hl_group_curve_free (HlGroupCurve *curve)
{
  if (curve == NULL)
    return;
  g_array_unref (curve->step);
  g_array_unref (curve->epoch);
  g_array_unref (curve->mean);
  g_array_unref (curve->lo);
  g_array_unref (curve->hi);
  g_free (curve);
}
