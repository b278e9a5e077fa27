/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* step.c - multiply the rate by gamma every `every_epochs` epochs.
 *
 * PyTorch StepLR (stepped once per epoch):
 *   lr = base_lr · gamma^⌊epoch / every_epochs⌋ */
#include "hl-sched-util.h"

enum { EVERY_EPOCHS, GAMMA, N_PARAMS };

static gpointer
step_create (const double *hp, GError **error)
{
  return hl_sched_copy_params (hp, N_PARAMS);
}

static double
step_rate (gpointer instance, const HlScheduleContext *ctx)
{
  const double *hp = instance;
  const guint64 every = MAX ((guint64) hp[EVERY_EPOCHS], 1);
  return ctx->base_lr * pow (hp[GAMMA], (double) (ctx->epoch / every));
}

static const HlParamSpec step_params[] = {
  [EVERY_EPOCHS] = { "every_epochs", N_("Every (epochs)"), N_("Epochs between two reductions"),
                     10, 1, 10000, HL_PARAM_FLAG_INTEGER, 0, { NULL } },
  [GAMMA] = { "gamma", N_("Gamma"), N_("Factor applied at each reduction"),
              0.1, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlScheduleFuncs step_funcs = {
  step_create, step_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor step_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "step", N_("Step decay"), N_("lr = base · gamma^⌊epoch / every_epochs⌋"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  step_params, N_PARAMS, 0,
  NULL, &step_funcs, { NULL },
};

HL_PLUGIN_DEFINE (step_descriptor)
