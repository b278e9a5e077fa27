/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plateau.c - reduce the rate when the validation loss stops improving.
 *
 * PyTorch ReduceLROnPlateau (mode "min", threshold_mode "rel", cooldown 0),
 * driven by observe() at every validation:
 *   improved  ⇔  loss < best · (1 − threshold)     (best starts at +∞)
 *   improved:     best ← loss, bad ← 0
 *   otherwise:    bad ← bad + 1; if bad > patience: scale ← scale · factor, bad ← 0
 *   lr = base_lr · scale, but once reduced never below min_lr (nor above base_lr)
 * and, as PyTorch's eps (1e-8), no reduction of 1e-8 or less: the rate stops
 * at the first base_lr · factor^k ≤ 1e-8 / (1 − factor), where the next
 * reduction would be that small (without it the rate went on through
 * subnormal numbers to 0 on long runs; found by a review).
 * So the first reduction comes at the (patience + 1)-th validation without
 * improvement.  State block: scale, best, bad, reductions. */
#include "hl-sched-util.h"

enum { FACTOR, PATIENCE, MIN_LR, THRESHOLD, N_PARAMS };

#define PLATEAU_EPS 1e-8

typedef struct {
  double  scale;
  double  best;
  guint64 bad;
  guint64 reductions;
} PlateauState;

typedef struct {
  double       hp[N_PARAMS];
  PlateauState state;       /* the one mutable block */
} Plateau;

static gpointer
plateau_create (const double *hp, GError **error)
{
  Plateau *self = g_new0 (Plateau, 1);
  memcpy (self->hp, hp, sizeof self->hp);
  self->state.scale = 1.0;
  self->state.best = INFINITY;
  return self;
}

static void
plateau_observe (gpointer instance, guint64 step, double val_loss)
{
  Plateau *self = instance;
  PlateauState *s = &self->state;

  if (val_loss < s->best * (1.0 - self->hp[THRESHOLD]))
    {
      s->best = val_loss;
      s->bad = 0;
      return;
    }
  if (++s->bad > (guint64) self->hp[PATIENCE])
    {
      s->scale *= self->hp[FACTOR];
      s->reductions++;
      s->bad = 0;
    }
}

static double
plateau_rate (gpointer instance, const HlScheduleContext *ctx)
{
  Plateau *self = instance;
  const double f = self->hp[FACTOR], smallest = PLATEAU_EPS / (1.0 - f);
  double lr = ctx->base_lr * self->state.scale;

  /* the rate PyTorch stopped at: the first base_lr · f^k ≤ smallest */
  if (self->state.reductions > 0 && lr < smallest)
    lr = ctx->base_lr <= smallest
           ? ctx->base_lr
           : ctx->base_lr * pow (f, ceil (log (smallest / ctx->base_lr) / log (f)));
  /* A reduction never raises the rate: min_lr above base_lr holds it at
   * base_lr (as PyTorch, which skips such a "reduction"; it doubled the rate). */
  return self->state.reductions > 0 ? MIN (ctx->base_lr, MAX (lr, self->hp[MIN_LR])) : lr;
}

static gpointer
plateau_state_data (gpointer instance, gsize *n_bytes)
{
  Plateau *self = instance;
  *n_bytes = sizeof self->state;
  return &self->state;
}

static const HlParamSpec plateau_params[] = {
  [FACTOR] = { "factor", N_("Factor"), N_("Multiplies the rate at each reduction"),
               0.1, 0.001, 0.999, HL_PARAM_FLAG_NONE, 0, { NULL } },
  [PATIENCE] = { "patience", N_("Patience (validations)"), N_("Validations without improvement tolerated before a reduction"),
                 10, 0, 10000, HL_PARAM_FLAG_INTEGER, 0, { NULL } },
  [MIN_LR] = { "min_lr", N_("Minimum rate"), N_("Reductions never go below this rate"),
               0.0, 0.0, 1.0, HL_PARAM_FLAG_NONE, 0, { NULL } },
  [THRESHOLD] = { "threshold", N_("Threshold"), N_("Relative improvement that counts as better"),
                  1e-4, 0.0, 0.5, HL_PARAM_FLAG_NONE, 0, { NULL } },
};

static const HlScheduleFuncs plateau_funcs = {
  plateau_create, plateau_rate, plateau_observe, g_free, plateau_state_data, { NULL },
};

static const HlPluginDescriptor plateau_descriptor = {
  HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR, sizeof (HlPluginDescriptor),
  HL_PLUGIN_KIND_SCHEDULE,
  "plateau", N_("Reduce on plateau"), N_("Multiply the rate by factor when the validation loss stops improving"),
  "1.1", "LGPL-2.1-or-later", HL_BUILTIN_GETTEXT_DOMAIN,
  plateau_params, N_PARAMS, 0,
  NULL, &plateau_funcs, { NULL },
};

HL_PLUGIN_DEFINE (plateau_descriptor)
