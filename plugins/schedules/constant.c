/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* constant.c - the learning rate stays at its base value. */
#include "hl-plugin.h"

static gpointer
constant_create (const double *hp, GError **error)
{
  /* A non-NULL instance without state. */
  return g_new0 (char, 1);
}

static double
constant_rate (gpointer instance, const HlScheduleContext *ctx)
{
  return ctx->base_lr;
}

static gpointer
constant_state_data (gpointer instance, gsize *n_bytes)
{
  *n_bytes = 0;
  return NULL;
}

static const HlScheduleFuncs constant_funcs = {
  constant_create, constant_rate, NULL, g_free, constant_state_data, { NULL },
};

static const HlPluginDescriptor constant_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "constant", "Constant", "The learning rate stays at its base value",
  "1.0", "LGPL-2.1-or-later", NULL,
  NULL, 0, 0,
  NULL, &constant_funcs, { NULL },
};

HL_PLUGIN_DEFINE (constant_descriptor)
