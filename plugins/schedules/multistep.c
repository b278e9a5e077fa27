/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* multistep.c - multiply the rate by gamma at up to three milestone epochs.
 *
 * PyTorch MultiStepLR (stepped once per epoch):
 *   lr = base_lr · gamma^(number of milestones m > 0 with m ≤ epoch)
 * Hyperparameters cross the ABI as numbers, so the milestone list is three
 * parameters, milestone1..3, in epochs; 0 means unused.  Their order does
 * not matter. */
#include "hl-sched-util.h"

enum { MILESTONE1, MILESTONE2, MILESTONE3, GAMMA, N_PARAMS };

static gpointer
multistep_create (const double *hp, GError **error)
{
  return hl_sched_copy_params (hp, N_PARAMS);
}

static double
multistep_rate (gpointer instance, const HlScheduleContext *ctx)
{
  const double *hp = instance;
  int passed = 0;
  for (int i = MILESTONE1; i <= MILESTONE3; i++)
    if (hp[i] > 0 && (double) ctx->epoch >= hp[i])
      passed++;
  return ctx->base_lr * pow (hp[GAMMA], passed);
}

#define MILESTONE(n, def) \
  { "milestone" #n, "Milestone " #n " (epoch)", "Epoch at which the rate is multiplied by gamma; 0 = unused", \
    def, 0, 100000, HL_PARAM_FLAG_INTEGER, 0, { NULL } }

static const HlParamSpec multistep_params[] = {
  [MILESTONE1] = MILESTONE (1, 5),
  [MILESTONE2] = MILESTONE (2, 8),
  [MILESTONE3] = MILESTONE (3, 0),
  [GAMMA] = { "gamma", "Gamma", "Factor applied at each milestone",
              0.1, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlScheduleFuncs multistep_funcs = {
  multistep_create, multistep_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor multistep_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "multistep", "Multi-step decay", "lr = base · gamma^(milestones passed); milestones in epochs, 0 = unused",
  "1.0", "LGPL-2.1-or-later", NULL,
  multistep_params, N_PARAMS, 0,
  NULL, &multistep_funcs, { NULL },
};

HL_PLUGIN_DEFINE (multistep_descriptor)
