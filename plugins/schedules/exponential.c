/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* exponential.c - multiply the rate by gamma every epoch.
 *
 * PyTorch ExponentialLR (stepped once per epoch):
 *   lr = base_lr · gamma^epoch */
#include "hl-sched-util.h"

enum { GAMMA, N_PARAMS };

static gpointer
exponential_create (const double *hp, GError **error)
{
  return hl_sched_copy_params (hp, N_PARAMS);
}

static double
exponential_rate (gpointer instance, const HlScheduleContext *ctx)
{
  const double *hp = instance;
  return ctx->base_lr * pow (hp[GAMMA], (double) ctx->epoch);
}

static const HlParamSpec exponential_params[] = {
  [GAMMA] = { "gamma", N_("Gamma"), N_("Factor applied once per epoch"),
              0.95, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlScheduleFuncs exponential_funcs = {
  exponential_create, exponential_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor exponential_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "exponential", N_("Exponential decay"), N_("lr = base · gamma^epoch"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  exponential_params, N_PARAMS, 0,
  NULL, &exponential_funcs, { NULL },
};

HL_PLUGIN_DEFINE (exponential_descriptor)
