/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* momentum.c - SGD with (heavy-ball) momentum and dampening.
 *
 * PyTorch torch.optim.SGD(momentum=μ, dampening=τ, nesterov=False):
 *   first step:  b ← g
 *   later steps: b ← μ · b + (1 − τ) · g
 *   w ← w − lr · b
 * and with μ = 0 (PyTorch then keeps no buffer) b ← g, whatever τ is.
 * State block: header (t), b[n]. */
#include "hl-optim-util.h"

typedef struct {
  float        momentum;
  double       dampening;
  HlOptimState state;          /* b */
  float        lr, mu, keep;   /* of the current step, set by begin_step */
} Momentum;

static void
momentum_free (gpointer instance)
{
  Momentum *self = instance;
  hl_optim_state_clear (&self->state);
  g_free (self);
}

static gpointer
momentum_create (gsize n_params, const double *hp, GError **error)
{
  Momentum *self = g_new0 (Momentum, 1);
  self->momentum = (float) hp[0];
  self->dampening = hp[1];
  if (!hl_optim_state_init (&self->state, n_params, 1, error))
    {
      g_free (self);
      return NULL;
    }
  return self;
}

static HL_HOT void
momentum_kernel (float *restrict w, const float *restrict g, float *restrict b, gsize n,
                 float lr, float mu, float keep)
{
  for (gsize i = 0; i < n; i++)
    {
      const float bi = mu * b[i] + keep * g[i];
      b[i] = bi;
      w[i] -= lr * bi;
    }
}

static void
momentum_begin_step (gpointer instance, double lr)
{
  Momentum *self = instance;
  HlOptimHeader *h = self->state.header;

  /* The first step copies g into the buffer: (μ, 1 − τ) become (0, 1); so
   * does every step without momentum, where PyTorch ignores dampening. */
  const gboolean plain = h->t == 0 || self->momentum == 0.0f;
  self->lr = (float) lr;
  self->mu = plain ? 0.0f : self->momentum;
  self->keep = plain ? 1.0f : (float) (1.0 - self->dampening);
  h->t++;
}

static void
momentum_step_range (gpointer instance, float *params, const float *grads, gsize start, gsize end,
                     double lr)
{
  Momentum *self = instance;
  g_return_if_fail (start <= end && end <= self->state.header->n);

  momentum_kernel (params + start, grads + start, hl_optim_state_array (&self->state, 0) + start,
                   end - start, self->lr, self->mu, self->keep);
}

static void
momentum_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Momentum *self = instance;
  g_return_if_fail (n == self->state.header->n);
  momentum_begin_step (instance, lr);
  momentum_step_range (instance, params, grads, 0, n, lr);
}

static gpointer
momentum_state_data (gpointer instance, gsize *n_bytes)
{
  Momentum *self = instance;
  return hl_optim_state_data (&self->state, n_bytes);
}

static const HlParamSpec momentum_params[] = {
  { "momentum", N_("Momentum"), N_("Fraction of the previous update kept (μ)"),
    0.9, 0.0, 0.999, HL_PARAM_FLAG_NONE, 0, { NULL } },
  { "dampening", N_("Dampening"), N_("Fraction of the gradient held back from the buffer (τ)"),
    0.0, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlOptimizerFuncs momentum_funcs = {
  momentum_create, momentum_step, momentum_free, momentum_state_data,
  momentum_begin_step, momentum_step_range, { NULL },
};

static const HlPluginDescriptor momentum_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "momentum", N_("SGD with momentum"), N_("b ← μ·b + (1 − τ)·g, w −= lr · b (PyTorch SGD)"),
  "1.1", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  momentum_params, G_N_ELEMENTS (momentum_params), 0,
  &momentum_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (momentum_descriptor)
