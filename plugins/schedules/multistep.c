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

/* Each label written out whole, for xgettext (it does not join "Milestone " #n). */
#define MILESTONE(n, label, def) \
  { "milestone" #n, label, N_("Epoch at which the rate is multiplied by gamma; 0 = unused"), \
    def, 0, 100000, HL_PARAM_FLAG_INTEGER, 0, { NULL } }

static const HlParamSpec multistep_params[] = {
  [MILESTONE1] = MILESTONE (1, N_("Milestone 1 (epoch)"), 5),
  [MILESTONE2] = MILESTONE (2, N_("Milestone 2 (epoch)"), 8),
  [MILESTONE3] = MILESTONE (3, N_("Milestone 3 (epoch)"), 0),
  [GAMMA] = { "gamma", N_("Gamma"), N_("Factor applied at each milestone"),
              0.1, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlScheduleFuncs multistep_funcs = {
  multistep_create, multistep_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor multistep_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "multistep", N_("Multi-step decay"), N_("lr = base · gamma^(milestones passed); milestones in epochs, 0 = unused"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  multistep_params, N_PARAMS, 0,
  NULL, &multistep_funcs, { NULL },
};

HL_PLUGIN_DEFINE (multistep_descriptor)
