/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cosine.c - cosine annealing from the base rate to min_lr, optionally in
 * equal cycles with warm restarts.
 *
 * PyTorch CosineAnnealingLR stepped every step with T_max = total_steps; with
 * restarts = k ≥ 2 the run is cut into k equal cycles of C = total_steps / k
 * steps (not a whole number in general), each one annealing afresh (SGDR with
 * T_mult = 1):
 *   p  = (step mod C) / C = ((step · k) mod total_steps) / total_steps
 *   lr = min_lr + (base_lr − min_lr) · (1 + cos(π · p)) / 2
 * restarts 0 or 1 means a single cycle.  A whole-step cycle length ⌈T/k⌉ gave
 * fewer cycles than asked and could end a run back at the full rate (found
 * by a review). */
#include "hl-sched-util.h"

enum { MIN_LR, RESTARTS, N_PARAMS };

static gpointer
cosine_create (const double *hp, GError **error)
{
  return hl_sched_copy_params (hp, N_PARAMS);
}

static double
cosine_rate (gpointer instance, const HlScheduleContext *ctx)
{
  const double *hp = instance;
  const guint64 total = MAX (ctx->total_steps, 1);
  const guint64 cycles = MAX ((guint64) hp[RESTARTS], 1);
  /* exact in integers: the step's place in its cycle ((step mod T) · k
   * stays below 2^64 for any T under 1.8e16 steps, with k ≤ 1000) */
  const guint64 t = ((ctx->step % total) * cycles) % total;
  return hl_sched_cosine (ctx->base_lr, hp[MIN_LR], (double) t / (double) total);
}

static const HlParamSpec cosine_params[] = {
  [MIN_LR] = { "min_lr", N_("Minimum rate"), N_("Rate reached at the end of each cycle"),
               0.0, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
  [RESTARTS] = { "restarts", N_("Cycles"), N_("Number of equal cycles with warm restarts; 0 or 1 = none"),
                 0, 0, 1000, HL_PARAM_FLAG_INTEGER, 0, { NULL } },
};

static const HlScheduleFuncs cosine_funcs = {
  cosine_create, cosine_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor cosine_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "cosine", N_("Cosine annealing"), N_("Cosine from the base rate down to min_lr, optionally in equal cycles"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  cosine_params, N_PARAMS, 0,
  NULL, &cosine_funcs, { NULL },
};

HL_PLUGIN_DEFINE (cosine_descriptor)
