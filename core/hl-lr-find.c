/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find.c - the learning-rate range test through the trainer: its rate
 * replaced step by step (hl_trainer_set_rate_func), its batch losses read
 * from the progress callback (and passed on to the caller's), stopped with
 * hl_trainer_request_stop. */
#include <glib/gi18n-lib.h>
#include <math.h>
#include "hl-lr-find.h"
#include "hl-error.h"
#include "hl-trainer.h"

#define BETA      0.98   /* of the smoothed loss, as fastai */
#define BLOW_UP   4.0    /* stop once the smoothed loss passes this × its minimum */

typedef struct {
  HlTrainer      *trainer;
  double          log_min, log_ratio;   /* lr of step k: exp (log_min + k · log_ratio) */
  guint           steps;
  double          avg;             /* EMA, not bias-corrected */
  HlLrFindResult *out;             /* its arrays hold `steps` already: no allocation per step */
  HlLrFindProgressFunc func;
  gpointer        func_data;
} Probe;

static double
rate (guint64 step, gpointer data)
{
  const Probe *p = data;

  return exp (p->log_min + (double) step * p->log_ratio);
}

/* Every step: record its batch loss; stop at the last step or once the loss
 * has blown up. */
static void
on_progress (const HlProgress *progress, gpointer data)
{
  Probe *p = data;
  HlLrFindResult *r = p->out;
  const double loss = progress->train_loss;
  double smooth;

  if (progress->step <= r->loss->len)   /* a report for a step already seen */
    return;
  g_array_append_val (r->lr, progress->lr);
  g_array_append_val (r->loss, loss);
  p->avg = BETA * p->avg + (1.0 - BETA) * loss;
  smooth = p->avg / (1.0 - pow (BETA, (double) r->loss->len));
  g_array_append_val (r->smoothed, smooth);
  if (isfinite (smooth) && smooth < r->min_loss)
    {
      r->min_loss = smooth;
      r->min_loss_lr = progress->lr;
    }
  if (p->func != NULL)
    {
      const HlLrFindProgress step = { r->loss->len, p->steps, progress->lr, loss, smooth, progress->elapsed };
      p->func (&step, p->func_data);
    }
  if (!isfinite (smooth) || (r->loss->len > 10 && smooth > BLOW_UP * r->min_loss))
    {
      r->blew_up = TRUE;
      hl_trainer_request_stop (p->trainer, "the learning-rate range test passed its useful rates");
    }
  else if (progress->step >= p->steps)
    hl_trainer_request_stop (p->trainer, "the learning-rate range test took its steps");
}

/* Where the smoothed loss falls fastest against log(lr), before its
 * minimum, leaving out the first tenth (the average is still settling):
 * central differences over a window of ~2 % of the steps. */
static double
steepest (const HlLrFindResult *r)
{
  const guint n = r->smoothed->len;
  const guint w = MAX (1u, n / 50);
  guint end = 0, best = 0;
  double best_slope = 0.0;

  for (guint i = 0; i < n; i++)
    if (g_array_index (r->smoothed, double, i) == r->min_loss)
      end = i;
  for (guint i = MAX (n / 10, w); i + w <= end && i + w < n; i++)
    {
      const double ds = g_array_index (r->smoothed, double, i + w) - g_array_index (r->smoothed, double, i - w);
      const double dx = log (g_array_index (r->lr, double, i + w)) - log (g_array_index (r->lr, double, i - w));
      const double slope = ds / dx;

      if (isfinite (slope) && slope < best_slope)
        {
          best_slope = slope;
          best = i;
        }
    }
  return best_slope < 0.0 ? g_array_index (r->lr, double, best) : NAN;
}

void
hl_lr_find_result_free (HlLrFindResult *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->lr);
  g_array_unref (self->loss);
  g_array_unref (self->smoothed);
  g_free (self);
}

#define TURNED 1.25   /* the smoothed loss at the end, × its minimum, that says it turned up */

double
hl_lr_find_result_rise (const HlLrFindResult *self)
{
  double last;

  g_return_val_if_fail (self != NULL, NAN);
  if (self->blew_up)
    return INFINITY;
  if (self->smoothed->len == 0 || !isfinite (self->min_loss))
    return NAN;
  last = g_array_index (self->smoothed, double, self->smoothed->len - 1);
  if (!isfinite (last))
    return INFINITY;
  if (last <= self->min_loss)
    return 0.0;
  return self->min_loss > 0.0 ? last / self->min_loss - 1.0 : INFINITY;
}

gboolean
hl_lr_find_result_turned (const HlLrFindResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  /* NAN (no finite step) is no turn */
  return hl_lr_find_result_rise (self) >= TURNED - 1.0;
}

HlLrFindResult *
hl_lr_find_full (const HlConfig *config, HlPluginRegistry *registry, double lr_min, double lr_max,
                 guint steps, HlLrFindFlags flags, HlLrFindProgressFunc progress, gpointer progress_data,
                 GCancellable *cancellable, GError **error)
{
  g_autoptr(HlConfig) c = NULL;
  g_autoptr(HlLrFindResult) r = NULL;
  g_autoptr(HlRun) run = NULL;
  Probe p = { 0 };

  g_return_val_if_fail (config != NULL && registry != NULL, NULL);
  if (!(lr_min > 0.0 && isfinite (lr_min)) || !(lr_max > lr_min && isfinite (lr_max)))
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE,
                   _("learning-rate range: must be 0 < low < high (got %g to %g)"), lr_min, lr_max);
      return NULL;
    }
  if (steps < 10 || steps > HL_LR_FIND_MAX_STEPS)
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE,
                   _("steps: must be between 10 and %d (got %u)"), HL_LR_FIND_MAX_STEPS, steps);
      return NULL;
    }
  c = hl_config_copy (config);
  /* enough epochs for the steps (each has at least one); nothing stops it
   * but the test itself or a NaN */
  c->training.epochs = steps;
  c->early_stopping.enabled = FALSE;
  c->early_stopping.restore_best = FALSE;
  c->early_stopping.stop_on_nan = TRUE;
  r = g_new0 (HlLrFindResult, 1);
  r->lr = g_array_sized_new (FALSE, FALSE, sizeof (double), steps);
  r->loss = g_array_sized_new (FALSE, FALSE, sizeof (double), steps);
  r->smoothed = g_array_sized_new (FALSE, FALSE, sizeof (double), steps);
  r->min_loss = INFINITY;
  r->min_loss_lr = NAN;
  /* by logarithms: lr_max / lr_min and ratio^k overflow for a range such as
   * 1e-300 to 1e300, whose rates after the first were infinite */
  p = (Probe) { NULL, log (lr_min), (log (lr_max) - log (lr_min)) / (steps - 1), steps, 0.0, r,
                progress, progress_data };
  p.trainer = hl_trainer_new (c, registry, error);
  if (p.trainer == NULL)
    return NULL;
  hl_trainer_set_rate_func (p.trainer, rate, &p);
  hl_trainer_set_progress_func (p.trainer, on_progress, &p);
  run = hl_trainer_run (p.trainer, cancellable, error);
  hl_trainer_free (p.trainer);
  if (run == NULL)
    return NULL;
  if (run->status == HL_RUN_STATUS_CANCELLED)
    {
      if (!(flags & HL_LR_FIND_KEEP_PARTIAL) || r->lr->len == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          return NULL;
        }
      r->cancelled = TRUE;
    }
  if (run->status == HL_RUN_STATUS_DIVERGED)
    r->blew_up = TRUE;
  r->steepest_lr = steepest (r);
  return g_steal_pointer (&r);
}

HlLrFindResult *
hl_lr_find (const HlConfig *config, HlPluginRegistry *registry, double lr_min, double lr_max,
            guint steps, GCancellable *cancellable, GError **error)
{
  return hl_lr_find_full (config, registry, lr_min, lr_max, steps, HL_LR_FIND_NONE, NULL, NULL,
                          cancellable, error);
}
