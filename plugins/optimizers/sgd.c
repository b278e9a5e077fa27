/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sgd.c - plain stochastic gradient descent with optional weight decay. */
#include <math.h>
#include "hl-plugin.h"

typedef struct {
  double weight_decay;
} Sgd;

static gpointer
sgd_create (gsize n_params, const double *hp, GError **error)
{
  Sgd *self = g_new0 (Sgd, 1);
  self->weight_decay = hp[0];
  return self;
}

static void
sgd_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Sgd *self = instance;
  const float a = (float) lr, wd = (float) self->weight_decay;

  if (wd == 0.0f)
    for (gsize i = 0; i < n; i++)
      params[i] -= a * grads[i];
  else
    for (gsize i = 0; i < n; i++)
      params[i] -= a * (grads[i] + wd * params[i]);
}

static gpointer
sgd_state_data (gpointer instance, gsize *n_bytes)
{
  *n_bytes = 0;
  return NULL;
}

static const HlParamSpec sgd_params[] = {
  { "weight_decay", "Weight decay", "L2 penalty added to the gradient", 0.0, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlOptimizerFuncs sgd_funcs = {
  sgd_create, sgd_step, g_free, sgd_state_data, { NULL },
};

static const HlPluginDescriptor sgd_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "sgd", "SGD", "Stochastic gradient descent: w -= lr * (g + weight_decay * w)",
  "1.0", "LGPL-2.1-or-later", NULL,
  sgd_params, G_N_ELEMENTS (sgd_params), 0,
  &sgd_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (sgd_descriptor)
