/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-group-curve.h - a seed-replicate group as one curve: the mean of a
 * metric over the member runs with its min-max band (GLib only). */
#pragma once

#include "hyperlab.h"

G_BEGIN_DECLS

typedef struct {
  GArray *step, *epoch, *mean, *lo, *hi;   /* double, same length */
  GArray *count;                           /* guint: members in each point's mean */
} HlGroupCurve;

/* members: HlRun.  Replicates share their config apart from the seed, so
 * their points are at the same steps; the longest member's steps are the
 * curve's, and a point of another member at a step the longest lacks (the
 * step 203 where Stop was pressed) is left out: it was averaged with the
 * longest member's step 210.  A member that stopped early stops
 * contributing, so count falls there.  Points where no member has a finite value
 * are left out (validation is sparse), so the curve has no gaps. */
HlGroupCurve *hl_group_curve_new (GPtrArray *members, const char *metric);
void          hl_group_curve_free (HlGroupCurve *curve);
guint         hl_group_curve_len (const HlGroupCurve *curve);
/* How many seeds the mean has, and over which steps when that changes:
 * "mean of 3 seeds", "mean of 2 seeds to step 200, then 1".  For a curve
 * with points. */
char         *hl_group_curve_describe (const HlGroupCurve *curve);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlGroupCurve, hl_group_curve_free)

G_END_DECLS
