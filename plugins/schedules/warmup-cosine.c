/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* warmup-cosine.c - linear warm-up, then cosine annealing to min_lr.
 *
 * With W = warmup_steps and T = total_steps:
 *   step < W:  lr = base_lr · (step + 1) / W        (step 0 already trains)
 *   otherwise: lr = min_lr + (base_lr − min_lr) · (1 + cos(π · (step − W) / (T − W))) / 2
 * W = 0 is plain cosine annealing. */
#include "hl-sched-util.h"

enum { WARMUP_STEPS, MIN_LR, N_PARAMS };

static gpointer
warmup_cosine_create (const double *hp, GError **error)
{
  return hl_sched_copy_params (hp, N_PARAMS);
}

static double
warmup_cosine_rate (gpointer instance, const HlScheduleContext *ctx)
{
  const double *hp = instance;
  const guint64 warmup = (guint64) hp[WARMUP_STEPS];

  if (ctx->step < warmup)
    return ctx->base_lr * (double) (ctx->step + 1) / (double) warmup;
  const guint64 span = ctx->total_steps > warmup ? ctx->total_steps - warmup : 1;
  return hl_sched_cosine (ctx->base_lr, hp[MIN_LR], (double) (ctx->step - warmup) / (double) span);
}

static const HlParamSpec warmup_cosine_params[] = {
  [WARMUP_STEPS] = { "warmup_steps", N_("Warm-up steps"), N_("Steps over which the rate rises linearly to its base value"),
                     100, 0, 1000000, HL_PARAM_FLAG_INTEGER, 0, { NULL } },
  [MIN_LR] = { "min_lr", N_("Minimum rate"), N_("Rate the cosine falls towards by the end of the run"),
               0.0, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlScheduleFuncs warmup_cosine_funcs = {
  warmup_cosine_create, warmup_cosine_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor warmup_cosine_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "warmup-cosine", N_("Warm-up + cosine"), N_("Linear warm-up over warmup_steps, then cosine annealing to min_lr"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  warmup_cosine_params, N_PARAMS, 0,
  NULL, &warmup_cosine_funcs, { NULL },
};

HL_PLUGIN_DEFINE (warmup_cosine_descriptor)
