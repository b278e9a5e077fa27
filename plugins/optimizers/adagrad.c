/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* adagrad.c - per-parameter learning rates from the sum of squared gradients.
 *
 * PyTorch torch.optim.Adagrad (lr_decay 0, weight_decay 0):
 *   s starts at initial_accumulator
 *   s ← s + g²
 *   w ← w − lr · g / (√s + ε)
 * State block: header (t), s[n]. */
#include "hl-optim-util.h"

typedef struct {
  float        epsilon;
  HlOptimState state;          /* s */
  float        lr;             /* of the current step, set by begin_step */
} Adagrad;

static void
adagrad_free (gpointer instance)
{
  Adagrad *self = instance;
  hl_optim_state_clear (&self->state);
  g_free (self);
}

static gpointer
adagrad_create (gsize n_params, const double *hp, GError **error)
{
  Adagrad *self = g_new0 (Adagrad, 1);
  self->epsilon = (float) hp[0];
  if (!hl_optim_state_init (&self->state, n_params, 1, error))
    {
      g_free (self);
      return NULL;
    }
  float *s = hl_optim_state_array (&self->state, 0);
  for (gsize i = 0; i < n_params; i++)
    s[i] = (float) hp[1];
  return self;
}

static HL_HOT void
adagrad_kernel (float *restrict w, const float *restrict g, float *restrict s, gsize n,
                float lr, float eps)
{
  for (gsize i = 0; i < n; i++)
    {
      const float si = s[i] + g[i] * g[i];
      s[i] = si;
      w[i] -= lr * g[i] / (sqrtf (si) + eps);
    }
}

static void
adagrad_begin_step (gpointer instance, double lr)
{
  Adagrad *self = instance;
  self->lr = (float) lr;
  self->state.header->t++;
}

static void
adagrad_step_range (gpointer instance, float *params, const float *grads, gsize start, gsize end,
                    double lr)
{
  Adagrad *self = instance;
  g_return_if_fail (start <= end && end <= self->state.header->n);

  adagrad_kernel (params + start, grads + start, hl_optim_state_array (&self->state, 0) + start,
                  end - start, self->lr, self->epsilon);
}

static void
adagrad_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Adagrad *self = instance;
  g_return_if_fail (n == self->state.header->n);
  adagrad_begin_step (instance, lr);
  adagrad_step_range (instance, params, grads, 0, n, lr);
}

static gpointer
adagrad_state_data (gpointer instance, gsize *n_bytes)
{
  Adagrad *self = instance;
  return hl_optim_state_data (&self->state, n_bytes);
}

static const HlParamSpec adagrad_params[] = {
  { "epsilon", N_("Epsilon"), N_("Added to the root of the sum for numerical stability"),
    1e-10, 1e-12, 1e-2, HL_PARAM_FLAG_LOG_SCALE, 0, { NULL } },
  { "initial_accumulator", N_("Initial accumulator"), N_("Starting value of the sum of squared gradients"),
    0.0, 0.0, 10.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlOptimizerFuncs adagrad_funcs = {
  adagrad_create, adagrad_step, adagrad_free, adagrad_state_data,
  adagrad_begin_step, adagrad_step_range, { NULL },
};

static const HlPluginDescriptor adagrad_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "adagrad", N_("Adagrad"), N_("s ← s + g², w −= lr · g / (√s + ε) (PyTorch Adagrad)"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  adagrad_params, G_N_ELEMENTS (adagrad_params), 0,
  &adagrad_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (adagrad_descriptor)
