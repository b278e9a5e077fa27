/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* adamw.c - Adam with decoupled weight decay.
 *
 * PyTorch torch.optim.AdamW (amsgrad False):
 *   t ← t + 1
 *   w ← w · (1 − lr · weight_decay)
 *   m ← β1 · m + (1 − β1) · g
 *   v ← β2 · v + (1 − β2) · g²
 *   w ← w − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 * State block: header (t), m[n], v[n]. */
#include "hl-optim-util.h"

typedef struct {
  double       beta1, beta2, weight_decay;
  float        epsilon;
  HlOptimState state;          /* m, v */
} AdamW;

static void
adamw_free (gpointer instance)
{
  AdamW *self = instance;
  hl_optim_state_clear (&self->state);
  g_free (self);
}

static gpointer
adamw_create (gsize n_params, const double *hp, GError **error)
{
  AdamW *self = g_new0 (AdamW, 1);
  self->beta1 = hp[0];
  self->beta2 = hp[1];
  self->epsilon = (float) hp[2];
  self->weight_decay = hp[3];
  if (!hl_optim_state_init (&self->state, n_params, 2, error))
    {
      g_free (self);
      return NULL;
    }
  return self;
}

/* decay = 1 − lr·weight_decay; step_size = lr / (1 − β1ᵗ); inv_bc2 = 1 / √(1 − β2ᵗ). */
static HL_HOT void
adamw_kernel (float *restrict w, const float *restrict g, float *restrict m, float *restrict v,
              gsize n, float b1, float b2, float decay, float step_size, float inv_bc2, float eps)
{
  const float k1 = 1.0f - b1, k2 = 1.0f - b2;
  for (gsize i = 0; i < n; i++)
    {
      const float mi = b1 * m[i] + k1 * g[i];
      const float vi = b2 * v[i] + k2 * g[i] * g[i];
      m[i] = mi;
      v[i] = vi;
      w[i] = w[i] * decay - step_size * mi / (sqrtf (vi) * inv_bc2 + eps);
    }
}

static void
adamw_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  AdamW *self = instance;
  HlOptimState *s = &self->state;
  g_return_if_fail (n == s->header->n);

  const double t = (double) ++s->header->t;
  const float step_size = (float) (lr / (1.0 - pow (self->beta1, t)));
  const float inv_bc2 = (float) (1.0 / sqrt (1.0 - pow (self->beta2, t)));
  adamw_kernel (params, grads, hl_optim_state_array (s, 0), hl_optim_state_array (s, 1), n,
                (float) self->beta1, (float) self->beta2, (float) (1.0 - lr * self->weight_decay),
                step_size, inv_bc2, self->epsilon);
}

static gpointer
adamw_state_data (gpointer instance, gsize *n_bytes)
{
  AdamW *self = instance;
  return hl_optim_state_data (&self->state, n_bytes);
}

static const HlParamSpec adamw_params[] = {
  { "beta1", "Beta 1", "Decay of the running mean of gradients",
    0.9, 0.0, 0.9999, HL_PARAM_FLAG_NONE, 0, { NULL } },
  { "beta2", "Beta 2", "Decay of the running mean of squared gradients",
    0.999, 0.0, 0.99999, HL_PARAM_FLAG_NONE, 0, { NULL } },
  { "epsilon", "Epsilon", "Added to the denominator for numerical stability",
    1e-8, 1e-12, 1e-2, HL_PARAM_FLAG_LOG_SCALE, 0, { NULL } },
  { "weight_decay", "Weight decay", "Decoupled decay: w ← w · (1 − lr · weight_decay) each step",
    0.01, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlOptimizerFuncs adamw_funcs = {
  adamw_create, adamw_step, adamw_free, adamw_state_data, { NULL },
};

static const HlPluginDescriptor adamw_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "adamw", "AdamW", "Adam with decoupled weight decay (PyTorch AdamW)",
  "1.0", "LGPL-2.1-or-later", NULL,
  adamw_params, G_N_ELEMENTS (adamw_params), 0,
  &adamw_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (adamw_descriptor)
