/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* adadelta.c - step sizes from running averages of squared gradients and updates.
 *
 * PyTorch torch.optim.Adadelta (weight_decay 0); its customary lr is 1.0:
 *   v ← ρ · v + (1 − ρ) · g²
 *   d ← √(u + ε) / √(v + ε) · g
 *   u ← ρ · u + (1 − ρ) · d²
 *   w ← w − lr · d
 * State block: header (t), v[n], u[n]. */
#include "hl-optim-util.h"

typedef struct {
  double       rho;
  float        epsilon;
  HlOptimState state;          /* v, u */
  float        lr;             /* of the current step, set by begin_step */
} Adadelta;

static void
adadelta_free (gpointer instance)
{
  Adadelta *self = instance;
  hl_optim_state_clear (&self->state);
  g_free (self);
}

static gpointer
adadelta_create (gsize n_params, const double *hp, GError **error)
{
  Adadelta *self = g_new0 (Adadelta, 1);
  self->rho = hp[0];
  self->epsilon = (float) hp[1];
  if (!hl_optim_state_init (&self->state, n_params, 2, error))
    {
      g_free (self);
      return NULL;
    }
  return self;
}

static HL_HOT void
adadelta_kernel (float *restrict w, const float *restrict g, float *restrict v, float *restrict u,
                 gsize n, float lr, double r, float eps)
{
  const float rho = (float) r, keep = (float) (1.0 - r);   /* 1 − ρ in double, as PyTorch */
  for (gsize i = 0; i < n; i++)
    {
      const float vi = rho * v[i] + keep * g[i] * g[i];
      const float d = sqrtf (u[i] + eps) / sqrtf (vi + eps) * g[i];
      v[i] = vi;
      u[i] = rho * u[i] + keep * d * d;
      w[i] -= lr * d;
    }
}

static void
adadelta_begin_step (gpointer instance, double lr)
{
  Adadelta *self = instance;
  self->lr = (float) lr;
  self->state.header->t++;
}

static void
adadelta_step_range (gpointer instance, float *params, const float *grads, gsize start, gsize end,
                     double lr)
{
  Adadelta *self = instance;
  g_return_if_fail (start <= end && end <= self->state.header->n);

  adadelta_kernel (params + start, grads + start, hl_optim_state_array (&self->state, 0) + start,
                   hl_optim_state_array (&self->state, 1) + start, end - start, self->lr,
                   self->rho, self->epsilon);
}

static void
adadelta_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Adadelta *self = instance;
  g_return_if_fail (n == self->state.header->n);
  adadelta_begin_step (instance, lr);
  adadelta_step_range (instance, params, grads, 0, n, lr);
}

static gpointer
adadelta_state_data (gpointer instance, gsize *n_bytes)
{
  Adadelta *self = instance;
  return hl_optim_state_data (&self->state, n_bytes);
}

static const HlParamSpec adadelta_params[] = {
  { "rho", N_("Rho"), N_("Decay of the running averages"),
    0.9, 0.0, 0.9999, HL_PARAM_FLAG_NONE, 0, { NULL } },
  { "epsilon", N_("Epsilon"), N_("Added inside the roots for numerical stability"),
    1e-6, 1e-12, 1e-2, HL_PARAM_FLAG_LOG_SCALE, 0, { NULL } },
};

static const HlOptimizerFuncs adadelta_funcs = {
  adadelta_create, adadelta_step, adadelta_free, adadelta_state_data,
  adadelta_begin_step, adadelta_step_range, { NULL },
};

static const HlPluginDescriptor adadelta_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "adadelta", N_("Adadelta"), N_("Adadelta (PyTorch); a learning rate of 1.0 is customary"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  adadelta_params, G_N_ELEMENTS (adadelta_params), 0,
  &adadelta_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (adadelta_descriptor)
