/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hl-adam-util.h - the update Adam and AdamW share (included by those two
 * modules only: each module is built on its own). */
#pragma once

#include "hl-optim-util.h"


/* The per-step scalars of Adam's update: step_size = lr / (1 − β1ᵗ) and
 * inv_bc2 = 1 / √(1 − β2ᵗ), in double, once per step. */
static inline void
hl_adam_bias_corrections (double beta1, double beta2, guint64 t, double lr,
                          float *step_size, float *inv_bc2)
{
  *step_size = (float) (lr / (1.0 - pow (beta1, (double) t)));
  *inv_bc2 = (float) (1.0 / sqrt (1.0 - pow (beta2, (double) t)));
}

/* m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;
 * w ← w·decay − step_size · m / (√v · inv_bc2 + ε).  decay = 1 for Adam
 * (an exact multiplication), 1 − lr·weight_decay for AdamW. */
static HL_HOT void
hl_adam_kernel (float *restrict w, const float *restrict g, float *restrict m, float *restrict v,
                gsize n, double beta1, double beta2, float decay, float step_size, float inv_bc2,
                float eps)
{
  /* 1 − β in double, then rounded, as PyTorch: 1 − (float) β is off by up
   * to 0.07 % for β2 near 1 (found by a review) */
  const float b1 = (float) beta1, b2 = (float) beta2;
  const float k1 = (float) (1.0 - beta1), k2 = (float) (1.0 - beta2);
  for (gsize i = 0; i < n; i++)
    {
      const float mi = b1 * m[i] + k1 * g[i];
      const float vi = b2 * v[i] + k2 * g[i] * g[i];
      m[i] = mi;
      v[i] = vi;
      w[i] = w[i] * decay - step_size * mi / (sqrtf (vi) * inv_bc2 + eps);
    }
}

/* The hyperparameters Adam and AdamW share, in descriptor order. */
#define HL_ADAM_PARAM_SPECS                                                            \
  { "beta1", N_("Beta 1"), N_("Decay of the running mean of gradients"),               \
    0.9, 0.0, 0.9999, HL_PARAM_FLAG_NONE, 0, { NULL } },                               \
  { "beta2", N_("Beta 2"), N_("Decay of the running mean of squared gradients"),       \
    0.999, 0.0, 0.99999, HL_PARAM_FLAG_NONE, 0, { NULL } },                            \
  { "epsilon", N_("Epsilon"), N_("Added to the denominator for numerical stability"),  \
    1e-8, 1e-12, 1e-2, HL_PARAM_FLAG_LOG_SCALE, 0, { NULL } }
