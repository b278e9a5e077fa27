/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* constant.c - the learning rate stays at its base value: lr = base_lr. */
#include "hl-sched-util.h"

static gpointer
constant_create (const double *hp, GError **error)
{
  return hl_sched_copy_params (hp, 0);
}

static double
constant_rate (gpointer instance, const HlScheduleContext *ctx)
{
  return ctx->base_lr;
}

static const HlScheduleFuncs constant_funcs = {
  constant_create, constant_rate, NULL, g_free, hl_sched_no_state, { NULL },
};

static const HlPluginDescriptor constant_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "constant", N_("Constant"), N_("The learning rate stays at its base value"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  NULL, 0, 0,
  NULL, &constant_funcs, { NULL },
};

HL_PLUGIN_DEFINE (constant_descriptor)
