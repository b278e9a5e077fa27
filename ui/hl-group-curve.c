/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-group-curve.c - mean and min-max band of a metric over replicate runs. */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-group-curve.h"
#include "hl-format.h"

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

/* members[m]'s value of metric at step, or NAN; cursor[m] only moves on,
 * as the steps rise. */
static double
value_at (const HlRun *member, const char *metric, guint64 step, guint *cursor)
{
  GArray *values = hl_metrics_get (&member->metrics, metric);
  GArray *steps = member->metrics.step;

  while (*cursor < steps->len && g_array_index (steps, guint64, *cursor) < step)
    (*cursor)++;
  if (values == NULL || *cursor >= values->len || g_array_index (steps, guint64, *cursor) != step)
    return NAN;
  return g_array_index (values, double, *cursor);
}

HlGroupCurve *
hl_group_curve_new (GPtrArray *members, const char *metric)
{
  HlGroupCurve *c = g_new0 (HlGroupCurve, 1);
  g_autofree guint *cursor = NULL;
  const HlRun *ref;
  guint n;

  c->step = doubles (); c->epoch = doubles (); c->mean = doubles ();
  c->lo = doubles (); c->hi = doubles ();
  c->count = g_array_new (FALSE, FALSE, sizeof (guint));
  if (members == NULL || members->len == 0)
    return c;
  ref = members->pdata[longest_member (members)];
  n = hl_metrics_len (&ref->metrics);
  cursor = g_new0 (guint, members->len);
  for (guint i = 0; i < n; i++)
    {
      guint64 step = g_array_index (ref->metrics.step, guint64, i);
      double sum = 0, lo = INFINITY, hi = -INFINITY, mean, x = (double) step, e;
      guint count = 0;

      for (guint m = 0; m < members->len; m++)
        {
          double v = value_at (members->pdata[m], metric, step, &cursor[m]);

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
      e = g_array_index (ref->metrics.epoch, double, i);
      g_array_append_val (c->step, x);
      g_array_append_val (c->epoch, e);
      g_array_append_val (c->mean, mean);
      g_array_append_val (c->lo, lo);
      g_array_append_val (c->hi, hi);
      g_array_append_val (c->count, count);
    }
  return c;
}

/* Where the number of seeds in the mean changes: the count of each stretch
 * and its last step. */
typedef struct {
  guint   count;
  guint64 first, last;
} Stretch;

static GArray *
stretches (const HlGroupCurve *c)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Stretch));

  for (guint i = 0; i < hl_group_curve_len (c); i++)
    {
      guint count = g_array_index (c->count, guint, i);
      guint64 step = (guint64) g_array_index (c->step, double, i);
      Stretch s = { count, step, step };

      if (out->len > 0 && g_array_index (out, Stretch, out->len - 1).count == count)
        g_array_index (out, Stretch, out->len - 1).last = step;
      else
        g_array_append_val (out, s);
    }
  return out;
}

/* It said "mean of 2 seeds" over the whole curve, whose tail was one seed
 * alone (a seed stopped at step 203). */
char *
hl_group_curve_describe (const HlGroupCurve *c)
{
  g_autoptr (GArray) s = NULL;
  const Stretch *a, *z;
  g_autofree char *a_last = NULL;

  g_return_val_if_fail (hl_group_curve_len (c) > 0, NULL);
  s = stretches (c);
  a = &g_array_index (s, Stretch, 0);
  z = &g_array_index (s, Stretch, s->len - 1);
  a_last = hl_format_count (a->last);

  if (s->len == 1)
    return g_strdup_printf (ngettext ("mean of %u seed", "mean of %u seeds", a->count), a->count);
  if (s->len == 2)
    return g_strdup_printf (ngettext ("mean of %u seed to step %s, then %u",
                                      "mean of %u seeds to step %s, then %u", a->count),
                            a->count, a_last, z->count);
  if (s->len == 3)
    {
      const Stretch *b = &g_array_index (s, Stretch, 1);
      g_autofree char *b_last = hl_format_count (b->last);

      return g_strdup_printf (ngettext ("mean of %u seed to step %s, %u to step %s, then %u",
                                        "mean of %u seeds to step %s, %u to step %s, then %u", a->count),
                              a->count, a_last, b->count, b_last, z->count);
    }
  {
    g_autofree char *z_first = hl_format_count (z->first);

    return g_strdup_printf (ngettext ("mean of %u seed to step %s, then fewer (%u from step %s)",
                                      "mean of %u seeds to step %s, then fewer (%u from step %s)", a->count),
                            a->count, a_last, z->count, z_first);
  }
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
  g_array_unref (curve->count);
  g_free (curve);
}
