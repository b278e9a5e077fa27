/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sgd.c - plain stochastic gradient descent with optional weight decay.
 *
 * PyTorch torch.optim.SGD with momentum 0:
 *   g ← g + weight_decay · w
 *   w ← w − lr · g
 * No mutable state (state_data is an empty block). */
#include "hl-optim-util.h"

typedef struct {
  float weight_decay;
  gsize n;
  float lr;             /* of the current step, set by begin_step */
} Sgd;

static gpointer
sgd_create (gsize n_params, const double *hp, GError **error)
{
  Sgd *self = g_new0 (Sgd, 1);
  self->weight_decay = (float) hp[0];
  self->n = n_params;
  return self;
}

static HL_HOT void
sgd_kernel (float *restrict w, const float *restrict g, gsize n, float lr, float wd)
{
  for (gsize i = 0; i < n; i++)
    w[i] -= lr * (g[i] + wd * w[i]);
}

static void
sgd_begin_step (gpointer instance, double lr)
{
  Sgd *self = instance;
  self->lr = (float) lr;
}

static void
sgd_step_range (gpointer instance, float *params, const float *grads, gsize start, gsize end,
                double lr)
{
  Sgd *self = instance;
  g_return_if_fail (start <= end && end <= self->n);
  sgd_kernel (params + start, grads + start, end - start, self->lr, self->weight_decay);
}

static void
sgd_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Sgd *self = instance;
  g_return_if_fail (n == self->n);
  sgd_begin_step (instance, lr);
  sgd_step_range (instance, params, grads, 0, n, lr);
}

static gpointer
sgd_state_data (gpointer instance, gsize *n_bytes)
{
  *n_bytes = 0;
  return NULL;
}

static const HlParamSpec sgd_params[] = {
  { "weight_decay", N_("Weight decay"), N_("L2 penalty added to the gradient: g + weight_decay · w"),
    0.0, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlOptimizerFuncs sgd_funcs = {
  sgd_create, sgd_step, g_free, sgd_state_data, sgd_begin_step, sgd_step_range, { NULL },
};

static const HlPluginDescriptor sgd_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "sgd", N_("SGD"), N_("Stochastic gradient descent: w −= lr · (g + weight_decay · w)"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  sgd_params, G_N_ELEMENTS (sgd_params), 0,
  &sgd_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (sgd_descriptor)
