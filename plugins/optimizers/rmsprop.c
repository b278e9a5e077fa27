/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rmsprop.c - gradients scaled by a running root mean square, optional momentum.
 *
 * PyTorch torch.optim.RMSprop (alpha = rho, centered False, weight_decay 0):
 *   v ← ρ · v + (1 − ρ) · g²
 *   momentum μ = 0:  w ← w − lr · g / (√v + ε)
 *   momentum μ > 0:  b ← μ · b + g / (√v + ε);  w ← w − lr · b
 * State block: header (t), v[n], b[n] (b only when μ > 0). */
#include "hl-optim-util.h"

typedef struct {
  double       rho;
  float        epsilon, momentum;
  HlOptimState state;          /* v, b */
  float        lr;             /* of the current step, set by begin_step */
} Rmsprop;

static void
rmsprop_free (gpointer instance)
{
  Rmsprop *self = instance;
  hl_optim_state_clear (&self->state);
  g_free (self);
}

static gpointer
rmsprop_create (gsize n_params, const double *hp, GError **error)
{
  Rmsprop *self = g_new0 (Rmsprop, 1);
  self->rho = hp[0];
  self->epsilon = (float) hp[1];
  self->momentum = (float) hp[2];
  if (!hl_optim_state_init (&self->state, n_params, self->momentum > 0 ? 2 : 1, error))
    {
      g_free (self);
      return NULL;
    }
  return self;
}

static HL_HOT void
rmsprop_kernel (float *restrict w, const float *restrict g, float *restrict v, gsize n,
                float lr, double r, float eps)
{
  const float rho = (float) r, keep_g = (float) (1.0 - r);   /* 1 − ρ in double, as PyTorch */
  for (gsize i = 0; i < n; i++)
    {
      const float vi = rho * v[i] + keep_g * g[i] * g[i];
      v[i] = vi;
      w[i] -= lr * g[i] / (sqrtf (vi) + eps);
    }
}

static HL_HOT void
rmsprop_momentum_kernel (float *restrict w, const float *restrict g, float *restrict v,
                         float *restrict b, gsize n, float lr, double r, float eps, float mu)
{
  const float rho = (float) r, keep_g = (float) (1.0 - r);
  for (gsize i = 0; i < n; i++)
    {
      const float vi = rho * v[i] + keep_g * g[i] * g[i];
      const float bi = mu * b[i] + g[i] / (sqrtf (vi) + eps);
      v[i] = vi;
      b[i] = bi;
      w[i] -= lr * bi;
    }
}

static void
rmsprop_begin_step (gpointer instance, double lr)
{
  Rmsprop *self = instance;
  self->lr = (float) lr;
  self->state.header->t++;
}

static void
rmsprop_step_range (gpointer instance, float *params, const float *grads, gsize start, gsize end,
                    double lr)
{
  Rmsprop *self = instance;
  g_return_if_fail (start <= end && end <= self->state.header->n);

  float *w = params + start, *v = hl_optim_state_array (&self->state, 0) + start;
  const float *g = grads + start;
  if (self->momentum > 0)
    rmsprop_momentum_kernel (w, g, v, hl_optim_state_array (&self->state, 1) + start, end - start,
                             self->lr, self->rho, self->epsilon, self->momentum);
  else
    rmsprop_kernel (w, g, v, end - start, self->lr, self->rho, self->epsilon);
}

static void
rmsprop_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Rmsprop *self = instance;
  g_return_if_fail (n == self->state.header->n);
  rmsprop_begin_step (instance, lr);
  rmsprop_step_range (instance, params, grads, 0, n, lr);
}

static gpointer
rmsprop_state_data (gpointer instance, gsize *n_bytes)
{
  Rmsprop *self = instance;
  return hl_optim_state_data (&self->state, n_bytes);
}

static const HlParamSpec rmsprop_params[] = {
  { "rho", N_("Rho"), N_("Decay of the running mean of squared gradients (PyTorch alpha)"),
    0.99, 0.0, 0.9999, HL_PARAM_FLAG_NONE, 0, { NULL } },
  { "epsilon", N_("Epsilon"), N_("Added to the root mean square for numerical stability"),
    1e-8, 1e-12, 1e-2, HL_PARAM_FLAG_LOG_SCALE, 0, { NULL } },
  { "momentum", N_("Momentum"), N_("Momentum of the scaled update; 0 = none"),
    0.0, 0.0, 0.999, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlOptimizerFuncs rmsprop_funcs = {
  rmsprop_create, rmsprop_step, rmsprop_free, rmsprop_state_data,
  rmsprop_begin_step, rmsprop_step_range, { NULL },
};

static const HlPluginDescriptor rmsprop_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "rmsprop", N_("RMSprop"), N_("v ← ρ·v + (1 − ρ)·g², w −= lr · g / (√v + ε) (PyTorch RMSprop)"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  rmsprop_params, G_N_ELEMENTS (rmsprop_params), 0,
  &rmsprop_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (rmsprop_descriptor)
