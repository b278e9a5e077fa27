/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-group-curve.h - a seed-replicate group as one curve: the mean of a
 * metric over the member runs with its min-max band (GLib only). */
#pragma once

#include "hyperlab.h"

G_BEGIN_DECLS

typedef struct {
  GArray *step, *epoch, *mean, *lo, *hi;   /* double, same length */
} HlGroupCurve;

/* members: HlRun.  Replicates share their config apart from the seed, so
 * their points line up by index; a member that stopped early stops
 * contributing.  Points where no member has a finite value are left out
 * (validation is sparse), so the curve has no gaps. */
HlGroupCurve *hl_group_curve_new (GPtrArray *members, const char *metric);
void          hl_group_curve_free (HlGroupCurve *curve);
guint         hl_group_curve_len (const HlGroupCurve *curve);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlGroupCurve, hl_group_curve_free)

G_END_DECLS
