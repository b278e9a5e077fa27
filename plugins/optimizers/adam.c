/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* adam.c - Adam, optionally AMSGrad.
 *
 * PyTorch torch.optim.Adam (weight_decay 0):
 *   t ← t + 1
 *   m ← β1 · m + (1 − β1) · g
 *   v ← β2 · v + (1 − β2) · g²
 *   AMSGrad:  v̂ ← max(v̂, v), else v̂ = v
 *   w ← w − lr / (1 − β1ᵗ) · m / (√v̂ / √(1 − β2ᵗ) + ε)
 * The bias corrections are computed once per step, in double; the loop is
 * branch-free float maths.  State block: header (t), m[n], v[n], v̂[n]
 * (v̂ only with amsgrad); the per-step scalars live beside it, in the
 * instance, so the block's layout is the one checkpoints of ABI 1.0 have. */
#include "hl-adam-util.h"

typedef struct {
  double       beta1, beta2;
  float        epsilon;
  gboolean     amsgrad;
  HlOptimState state;          /* m, v, v̂ */
  float        step_size, inv_bc2;   /* of the current step, set by begin_step */
} Adam;

static void
adam_free (gpointer instance)
{
  Adam *self = instance;
  hl_optim_state_clear (&self->state);
  g_free (self);
}

static gpointer
adam_create (gsize n_params, const double *hp, GError **error)
{
  Adam *self = g_new0 (Adam, 1);
  self->beta1 = hp[0];
  self->beta2 = hp[1];
  self->epsilon = (float) hp[2];
  self->amsgrad = hp[3] >= 0.5;
  if (!hl_optim_state_init (&self->state, n_params, self->amsgrad ? 3 : 2, error))
    {
      g_free (self);
      return NULL;
    }
  return self;
}

static HL_HOT void
adam_amsgrad_kernel (float *restrict w, const float *restrict g, float *restrict m,
                     float *restrict v, float *restrict vmax, gsize n,
                     double beta1, double beta2, float step_size, float inv_bc2, float eps)
{
  const float b1 = (float) beta1, b2 = (float) beta2;
  const float k1 = (float) (1.0 - beta1), k2 = (float) (1.0 - beta2);
  for (gsize i = 0; i < n; i++)
    {
      const float mi = b1 * m[i] + k1 * g[i];
      const float vi = b2 * v[i] + k2 * g[i] * g[i];
      const float vh = vmax[i] > vi ? vmax[i] : vi;
      m[i] = mi;
      v[i] = vi;
      vmax[i] = vh;
      w[i] -= step_size * mi / (sqrtf (vh) * inv_bc2 + eps);
    }
}

static void
adam_begin_step (gpointer instance, double lr)
{
  Adam *self = instance;
  hl_adam_bias_corrections (self->beta1, self->beta2, ++self->state.header->t, lr,
                            &self->step_size, &self->inv_bc2);
}

static void
adam_step_range (gpointer instance, float *params, const float *grads, gsize start, gsize end,
                 double lr)
{
  Adam *self = instance;
  HlOptimState *s = &self->state;
  g_return_if_fail (start <= end && end <= s->header->n);

  float *w = params + start;
  float *m = hl_optim_state_array (s, 0) + start, *v = hl_optim_state_array (s, 1) + start;
  const float *g = grads + start;
  const gsize n = end - start;

  if (self->amsgrad)
    adam_amsgrad_kernel (w, g, m, v, hl_optim_state_array (s, 2) + start, n,
                         self->beta1, self->beta2, self->step_size, self->inv_bc2,
                         self->epsilon);
  else
    hl_adam_kernel (w, g, m, v, n, self->beta1, self->beta2, 1.0f,
                    self->step_size, self->inv_bc2, self->epsilon);
}

static void
adam_step (gpointer instance, float *params, const float *grads, gsize n, double lr)
{
  Adam *self = instance;
  g_return_if_fail (n == self->state.header->n);
  adam_begin_step (instance, lr);
  adam_step_range (instance, params, grads, 0, n, lr);
}

static gpointer
adam_state_data (gpointer instance, gsize *n_bytes)
{
  Adam *self = instance;
  return hl_optim_state_data (&self->state, n_bytes);
}

static const HlParamSpec adam_params[] = {
  HL_ADAM_PARAM_SPECS,
  { "amsgrad", N_("AMSGrad"), N_("Divide by the largest second moment seen so far"),
    0.0, 0.0, 1.0, HL_PARAM_FLAG_BOOLEAN, 0, { NULL } },
};

static const HlOptimizerFuncs adam_funcs = {
  adam_create, adam_step, adam_free, adam_state_data, adam_begin_step, adam_step_range, { NULL },
};

static const HlPluginDescriptor adam_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_OPTIMIZER,
  "adam", N_("Adam"), N_("Adaptive moment estimation (PyTorch Adam), optionally AMSGrad"),
  "1.0", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  adam_params, G_N_ELEMENTS (adam_params), 0,
  &adam_funcs, NULL, { NULL },
};

HL_PLUGIN_DEFINE (adam_descriptor)
