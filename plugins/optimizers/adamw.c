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
  float        step_size, inv_bc2, decay;   /* of the current step, set by begin_step */
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
adamw_begin_step (gpointer instance, double lr)
{
  AdamW *self = instance;
  hl_adam_bias_corrections (self->beta1, self->beta2, ++self->state.header->t, lr,
                            &self->step_size, &self->inv_bc2);
  self->decay = (float) (1.0 - lr * self->weight_decay);
}

static void
adamw_step_range (gpointer instance, float *params, const float *grads, gsize start, gsize end,
                  double lr)
{
  AdamW *self = instance;
  HlOptimState *s = &self->state;
  g_return_if_fail (start <= end && end <= s->header->n);

  hl_adam_kernel (params + start, grads + start, hl_optim_state_array (s, 0) + start,
                  hl_optim_state_array (s, 1) + start, end - start,
                  self->beta1, self->beta2, self->decay,
                  self->step_size, self->inv_bc2, self->epsilon);
}

static void
adamw_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  AdamW *self = instance;
  g_return_if_fail (n == self->state.header->n);
  adamw_begin_step (instance, lr);
  adamw_step_range (instance, params, grads, 0, n, lr);
}

static gpointer
adamw_state_data (gpointer instance, gsize *n_bytes)
{
  AdamW *self = instance;
  return hl_optim_state_data (&self->state, n_bytes);
}

static const HlParamSpec adamw_params[] = {
  HL_ADAM_PARAM_SPECS,
  { "weight_decay", N_("Weight decay"), N_("Decoupled decay: w ← w · (1 − lr · weight_decay) each step"),
    0.01, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlOptimizerFuncs adamw_funcs = {
  adamw_create, adamw_step, adamw_free, adamw_state_data,
  adamw_begin_step, adamw_step_range, { NULL },
};

static const HlPluginDescriptor adamw_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "adamw", N_("AdamW"), N_("Adam with decoupled weight decay (PyTorch AdamW)"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  adamw_params, G_N_ELEMENTS (adamw_params), 0,
  &adamw_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (adamw_descriptor)
