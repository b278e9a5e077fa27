/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* inverse-time.c - the rate falls as 1 / (1 + decay_rate · epoch).
 *
 * Keras InverseTimeDecay with decay_steps = one epoch, staircase:
 *   lr = base_lr / (1 + decay_rate · epoch) */
#include "hl-sched-util.h"

enum { DECAY_RATE, N_PARAMS };

static gpointer
inverse_time_create (const double *hp, GError **error)
{
  return hl_sched_copy_params (hp, N_PARAMS);
}

static double
inverse_time_rate (gpointer instance, const HlScheduleContext *ctx)
{
  const double *hp = instance;
  return ctx->base_lr / (1.0 + hp[DECAY_RATE] * (double) ctx->epoch);
}

static const HlParamSpec inverse_time_params[] = {
  [DECAY_RATE] = { "decay_rate", N_("Decay rate"), N_("How fast the rate falls per epoch"),
                   0.1, 0.0, 100.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlScheduleFuncs inverse_time_funcs = {
  inverse_time_create, inverse_time_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor inverse_time_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "inverse-time", N_("Inverse time decay"), N_("lr = base / (1 + decay_rate · epoch)"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  inverse_time_params, N_PARAMS, 0,
  NULL, &inverse_time_funcs, { NULL },
};

HL_PLUGIN_DEFINE (inverse_time_descriptor)
