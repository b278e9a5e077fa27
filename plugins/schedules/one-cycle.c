/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* one-cycle.c - the 1cycle policy (Smith & Topin): the learning rate of
 * PyTorch's OneCycleLR with its defaults (anneal_strategy "cos", div_factor
 * 25, final_div_factor 1e4, three_phase False).  Not its momentum cycle
 * (cycle_momentum, on by default there): a schedule sets only the rate.
 *
 * The peak is max_lr; the optimizer's base learning rate is IGNORED (the
 * schedule sets the whole curve).  With T = total_steps and
 * E = pct_start · T − 1:
 *   start = max_lr / 25,  end = start / 1e4 = max_lr / 2.5e5
 *   step ≤ E:  lr = cos_interp(start → max_lr, step / E)
 *   otherwise: lr = cos_interp(max_lr → end, (step − E) / (T − 1 − E))
 * where cos_interp(a → b, p) = b + (a − b) · (1 + cos(π p)) / 2. */
#include "hl-sched-util.h"

enum { MAX_LR, PCT_START, N_PARAMS };

#define DIV_FACTOR       25.0
#define FINAL_DIV_FACTOR 1e4

static gpointer
one_cycle_create (const double *hp, GError **error)
{
  return hl_sched_copy_params (hp, N_PARAMS);
}

static double
fraction (double num, double den)
{
  return den > 0 ? num / den : 1.0;
}

static double
one_cycle_rate (gpointer instance, const HlScheduleContext *ctx)
{
  const double *hp = instance;
  const double peak = hp[MAX_LR], start = peak / DIV_FACTOR, end = start / FINAL_DIV_FACTOR;
  const double step = (double) ctx->step;
  const double rise_end = hp[PCT_START] * (double) ctx->total_steps - 1.0;
  const double last = (double) ctx->total_steps - 1.0;

  if (step <= rise_end)
    return hl_sched_cosine (start, peak, fraction (step, rise_end));
  return hl_sched_cosine (peak, end, fraction (step - rise_end, last - rise_end));
}

static const HlParamSpec one_cycle_params[] = {
  [MAX_LR] = { "max_lr", N_("Peak rate"), N_("Highest learning rate of the cycle; the base rate is not used"),
               0.1, 1e-6, 10.0, HL_PARAM_FLAG_LOG_SCALE, 0, { NULL } },
  [PCT_START] = { "pct_start", N_("Rising fraction"), N_("Fraction of the run spent rising to the peak"),
                  0.3, 0.01, 0.99, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlScheduleFuncs one_cycle_funcs = {
  one_cycle_create, one_cycle_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor one_cycle_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "one-cycle", N_("One-cycle"),
  N_("Rise from max_lr/25 to max_lr, then anneal to max_lr/2.5e5 (the rate of PyTorch OneCycleLR, not its momentum cycle); ignores the base rate"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  one_cycle_params, N_PARAMS, 0,
  NULL, &one_cycle_funcs, { NULL },
};

HL_PLUGIN_DEFINE (one_cycle_descriptor)
