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
#include "hl-adam-util.h"

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

static void
adamw_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  AdamW *self = instance;
  HlOptimState *s = &self->state;
  g_return_if_fail (n == s->header->n);

  float step_size, inv_bc2;

  hl_adam_bias_corrections (self->beta1, self->beta2, ++s->header->t, lr, &step_size, &inv_bc2);
  hl_adam_kernel (params, grads, hl_optim_state_array (s, 0), hl_optim_state_array (s, 1), n,
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
  HL_ADAM_PARAM_SPECS,
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
