/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* nesterov.c - SGD with Nesterov momentum.
 *
 * PyTorch torch.optim.SGD(momentum=μ, dampening=0, nesterov=True):
 *   first step:  b ← g
 *   later steps: b ← μ · b + g
 *   w ← w − lr · (g + μ · b)
 * State block: header (t), b[n]. */
#include "hl-optim-util.h"

typedef struct {
  float        momentum;
  HlOptimState state;          /* b */
  float        lr, keep_b;     /* of the current step, set by begin_step */
} Nesterov;

static void
nesterov_free (gpointer instance)
{
  Nesterov *self = instance;
  hl_optim_state_clear (&self->state);
  g_free (self);
}

static gpointer
nesterov_create (gsize n_params, const double *hp, GError **error)
{
  Nesterov *self = g_new0 (Nesterov, 1);
  self->momentum = (float) hp[0];
  if (!hl_optim_state_init (&self->state, n_params, 1, error))
    {
      g_free (self);
      return NULL;
    }
  return self;
}

/* keep_b is μ except on the first step, where the buffer starts as g. */
static HL_HOT void
nesterov_kernel (float *restrict w, const float *restrict g, float *restrict b, gsize n,
                 float lr, float mu, float keep_b)
{
  for (gsize i = 0; i < n; i++)
    {
      const float bi = keep_b * b[i] + g[i];
      b[i] = bi;
      w[i] -= lr * (g[i] + mu * bi);
    }
}

static void
nesterov_begin_step (gpointer instance, double lr)
{
  Nesterov *self = instance;
  HlOptimHeader *h = self->state.header;

  self->lr = (float) lr;
  self->keep_b = h->t == 0 ? 0.0f : self->momentum;
  h->t++;
}

static void
nesterov_step_range (gpointer instance, float *params, const float *grads, gsize start, gsize end,
                     double lr)
{
  Nesterov *self = instance;
  g_return_if_fail (start <= end && end <= self->state.header->n);

  nesterov_kernel (params + start, grads + start, hl_optim_state_array (&self->state, 0) + start,
                   end - start, self->lr, self->momentum, self->keep_b);
}

static void
nesterov_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Nesterov *self = instance;
  g_return_if_fail (n == self->state.header->n);
  nesterov_begin_step (instance, lr);
  nesterov_step_range (instance, params, grads, 0, n, lr);
}

static gpointer
nesterov_state_data (gpointer instance, gsize *n_bytes)
{
  Nesterov *self = instance;
  return hl_optim_state_data (&self->state, n_bytes);
}

static const HlParamSpec nesterov_params[] = {
  { "momentum", N_("Momentum"), N_("Fraction of the previous update kept (μ)"),
    0.9, 0.0, 0.999, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlOptimizerFuncs nesterov_funcs = {
  nesterov_create, nesterov_step, nesterov_free, nesterov_state_data,
  nesterov_begin_step, nesterov_step_range, { NULL },
};

static const HlPluginDescriptor nesterov_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "nesterov", N_("Nesterov momentum"), N_("b ← μ·b + g, w −= lr · (g + μ·b) (PyTorch SGD, nesterov)"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  nesterov_params, G_N_ELEMENTS (nesterov_params), 0,
  &nesterov_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (nesterov_descriptor)
