/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hl-sched-util.h - shared by the shipped schedule modules. */
#pragma once

#include <math.h>
#include <string.h>
#include "hl-plugin.h"
#include "../hl-builtin-i18n.h"

/* Most schedules are pure functions of (step, epoch, base lr) and their
 * hyperparameters: the instance is a copy of the hyperparameters and there
 * is no mutable state to checkpoint. */
static inline gpointer
hl_sched_copy_params (const double *hp, guint n)
{
  /* At least one byte, so a schedule without parameters is still non-NULL. */
  double *copy = g_new0 (double, MAX (n, 1));
  if (n > 0)
    memcpy (copy, hp, n * sizeof (double));
  return copy;
}

static inline gpointer
hl_sched_no_state (gpointer instance, gsize *n_bytes)
{
  *n_bytes = 0;
  return NULL;
}

/* Cosine interpolation from `from` (progress 0) to `to` (progress 1). */
static inline double
hl_sched_cosine (double from, double to, double progress)
{
  return to + (from - to) * 0.5 * (1.0 + cos (G_PI * CLAMP (progress, 0.0, 1.0)));
}
