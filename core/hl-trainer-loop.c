/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-trainer-loop.c - the step loop: batches, updates, validation, early stopping,
 * overfitting watch, metric points, progress, hooks, checkpoints, cancellation. */
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include "hl-trainer-private.h"

/* Overfitting: the smoothed validation loss has stayed above its minimum for
 * this many validations, ends this far (relative) above it, and the smoothed
 * training loss is below where it was at that minimum. */
#define OVERFIT_VALIDATIONS 5
#define OVERFIT_MARGIN      0.10
#define OVERFIT_SMOOTHING   0.6   /* EMA weight of the previous value */

/* STOP_BAD_RATE: the schedule plugin gave a rate that is negative or not
 * finite (the smoke test samples a few steps only); the run failed. */
typedef enum { GO_ON, STOP_EARLY, STOP_REQUESTED, STOP_DIVERGED, STOP_BAD_RATE, STOP_CANCELLED,
               STOP_DONE } Verdict;

typedef struct {
  const HlSplit  *split;
  const HlDataset *d;
  const HlMlp    *mlp;
  const guint32  *idx;
  guint           B;
  float          *x;
  guint32        *y;
  float          *t;
} GatherJob;

/* Part `part` of n of the batch: with a thread team each thread converts
 * the features its rows of the first layer read (or, when that layer is not
 * split, a share of the rows, which are scattered over tens of MB). */
static void
gather_part (gpointer data, guint part, guint n)
{
  const GatherJob *j = data;
  const gsize F = j->d->n_features, T = j->d->n_outputs;
  gsize r0, r1;
  guint c0, c1;

  if (hl_mlp_input_range (j->mlp, part, n, &c0, &c1))
    {
      hl_split_gather_features (j->split, j->d->n_features, j->idx, j->B, j->x, c0, c1);
      if (part > 0)
        return;
      hl_split_gather (j->split, j->d->n_features, j->d->n_outputs, j->idx, j->B, NULL, j->y, j->t);
      if (j->t != NULL && j->split->targets != NULL)
        hl_dataset_standardise_targets (j->d, j->t, j->B);
      return;
    }
  hl_pool_part_range (j->B, 1, part, n, &r0, &r1);
  if (r1 > r0)
    hl_split_gather (j->split, j->d->n_features, j->d->n_outputs, j->idx + r0, (guint) (r1 - r0),
                     j->x + r0 * F, j->y + r0, j->t != NULL ? j->t + r0 * T : NULL);
  if (r1 > r0 && j->t != NULL && j->split->targets != NULL)
    hl_dataset_standardise_targets (j->d, j->t + r0 * T, (guint) (r1 - r0));
}

/* The loss of the model's z-scored targets in the target's own units. */
static inline double
reported_loss (const HlDataset *d, double loss)
{
  return d->target_sd == 1.0 ? loss : loss * d->target_sd * d->target_sd;
}

/* The batch idx[0..B) into the trainer's batch buffers. */
static void
gather_batch (HlTrainer *self, const HlSplit *split, const guint32 *idx, guint B)
{
  GatherJob job = { split, self->dataset, self->mlp, idx, B, self->x_batch, self->y_batch,
                    self->t_batch };

  hl_pool_run (B >= 8 ? self->mlp->pool : NULL, gather_part, &job);
}

double
hl_trainer_elapsed (HlTrainer *self)
{
  if (self->finished_elapsed >= 0.0)
    return self->finished_elapsed;   /* training is over: the test pass is not training */
  return self->st.elapsed
         + (double) (g_get_monotonic_time () - self->started_us - self->excluded_us) / G_USEC_PER_SEC;
}

void
hl_trainer_evaluate (HlTrainer *self, const HlSplit *split, double *loss, double *accuracy,
                     guint64 *confusion)
{
  const HlDataset *d = self->dataset;
  const guint C = self->mlp->n_outputs;
  const guint rows = self->mlp->max_batch;
  double total = 0.0;
  guint64 correct = 0;

  for (guint start = 0; start < split->n; start += rows)
    {
      const guint n = MIN (rows, split->n - start);
      guint c = 0;
      const float *out;

      for (guint i = 0; i < n; i++)
        self->eval_idx[i] = start + i;
      gather_batch (self, split, self->eval_idx, n);
      out = hl_mlp_forward (self->mlp, self->x_batch, n, NULL);
      /* the argmax hl_mlp_loss counts correct by: the trace is `correct` */
      if (confusion != NULL)
        for (guint i = 0; i < n; i++)
          confusion[(gsize) self->y_batch[i] * C + hl_argmax (out + (gsize) i * C, C)]++;
      total += reported_loss (d, hl_mlp_loss (self->mlp, self->y_batch, self->t_batch, n,
                                              FALSE, &c)) * n;
      correct += c;
    }
  *loss = split->n > 0 ? total / split->n : NAN;
  *accuracy = split->n > 0 && d->task == HL_TASK_CLASSIFICATION ? (double) correct / split->n : NAN;
}

typedef struct {
  HlTrainer *self;
  double     lr;
} OptimizerJob;

static void
optimizer_range (gsize start, gsize end, gpointer data)
{
  const OptimizerJob *j = data;
  HlTrainer *self = j->self;

  self->opt_desc->optimizer->step_range (self->opt, self->mlp->params, self->mlp->grads,
                                         start, end, j->lr);
}

/* The parameters whose gradient this part's thread computed (the
 * step_range contract: ranges of 16-float blocks, but for the end). */
static void
optimizer_part (gpointer data, guint part, guint n)
{
  const OptimizerJob *j = data;

  hl_mlp_part_ranges (j->self->mlp, part, n, optimizer_range, data);
}

/* Smaller models are not worth handing to another thread. */
#define SPLIT_OPTIMIZER_MIN_PARAMS 16384

static gboolean
can_split_update (HlTrainer *self)
{
  return self->mlp->pool != NULL && hl_plugin_optimizer_can_split (self->opt_desc)
         && self->mlp->n_params >= SPLIT_OPTIMIZER_MIN_PARAMS;
}

/* Gradient, L2 term and update.  An optimizer that offers step_range
 * (plugin ABI 1.1) is split between the model's threads, each updating the
 * rows of W it owns, and where it can as soon as their gradient is done
 * (hl_mlp_backward_update); the result is the same bit for bit. */
static void
backward_and_update (HlTrainer *self, double lr, guint B)
{
  const HlOptimizerFuncs *f = self->opt_desc->optimizer;
  const float l2 = (float) self->config->training.l2;
  OptimizerJob job = { self, lr };

  if (can_split_update (self) && hl_mlp_can_fuse_update (self->mlp))
    {
      const HlMlpUpdate update = { optimizer_range, &job, l2 };
      f->begin_step (self->opt, lr);
      hl_mlp_backward_update (self->mlp, self->x_batch, B, &update);
      return;
    }
  hl_mlp_backward (self->mlp, self->x_batch, B);
  hl_mlp_add_l2_grad (self->mlp, l2);
  if (!can_split_update (self))
    {
      f->step (self->opt, self->mlp->params, self->mlp->grads, self->mlp->n_params, lr);
      return;
    }
  f->begin_step (self->opt, lr);
  hl_pool_run (self->mlp->pool, optimizer_part, &job);
}

/* One optimizer step on the next minibatch: GO_ON, STOP_DIVERGED when the
 * loss is not finite, STOP_BAD_RATE when the schedule's rate is unusable. */
static Verdict
train_step (HlTrainer *self)
{
  HlLoopState *st = &self->st;
  const HlDataset *d = self->dataset;
  const guint n_train = d->train.n;
  const guint B = MIN (self->batch, n_train - st->pos);
  HlScheduleContext ctx = { st->step, st->epoch, self->steps_per_epoch, self->total_steps,
                            self->config->optimizer.learning_rate, { NULL } };
  double loss, lr;

  if (st->pos == 0)
    hl_rng_shuffle (&st->shuffle_rng, self->perm, n_train);
  gather_batch (self, &d->train, self->perm + st->pos, B);
  if (self->rate_func != NULL)
    lr = self->rate_func (st->step, self->rate_data);
  else
    {
      lr = self->sched_desc->schedule->rate (self->sched, &ctx);
      /* A plugin's rate must be finite and >= 0 (0 starts a warmup); the
       * smoke test samples a few steps only.  False for NaN too. */
      if (G_UNLIKELY (!(lr >= 0.0 && lr <= G_MAXDOUBLE)))
        {
          self->diverged_lr = lr;   /* the rate that stopped the run, for its reason */
          return STOP_BAD_RATE;
        }
    }
  hl_mlp_forward (self->mlp, self->x_batch, B, &st->dropout_rng);
  loss = reported_loss (d, hl_mlp_loss (self->mlp, self->y_batch, self->t_batch, B, TRUE, NULL));
  st->last_train_loss = loss;
  /* st->lr stays the rate of the last step taken: the curve's last point,
   * added after a divergence, is that step's. */
  if (!isfinite (loss) && self->config->early_stopping.stop_on_nan)
    {
      self->diverged_lr = lr;
      return STOP_DIVERGED;
    }
  st->lr = lr;
  backward_and_update (self, st->lr, B);
  st->step++;
  st->samples += B;
  st->pos += B;
  /* Weighted by samples: a point's training loss is the mean over the
   * samples since the last point, so an epoch's short last batch counts for
   * what it holds, not as much as a full one. */
  st->point_loss_sum += loss * B;
  st->point_loss_count += B;
  st->val_loss_stretch_sum += loss * B;
  st->val_loss_stretch_count += B;
  return GO_ON;
}

static double
ema (double previous, double value)
{
  return isfinite (previous) ? OVERFIT_SMOOTHING * previous + (1.0 - OVERFIT_SMOOTHING) * value : value;
}

static void
watch_overfitting (HlLoopState *st, double val_loss)
{
  if (st->val_loss_stretch_count > 0)
    st->train_ema = ema (st->train_ema, st->val_loss_stretch_sum / st->val_loss_stretch_count);
  st->val_ema = ema (st->val_ema, val_loss);
  if (st->val_ema < st->min_val_loss)
    {
      st->min_val_loss = st->val_ema;
      st->min_val_step = st->step;
      st->train_at_min = st->train_ema;
      st->vals_since_min = 0;
    }
  else
    st->vals_since_min++;
  st->overfitting = st->vals_since_min >= OVERFIT_VALIDATIONS
                    && st->val_ema > st->min_val_loss + OVERFIT_MARGIN * fabs (st->min_val_loss)
                    && st->train_ema < st->train_at_min;
  st->val_loss_stretch_sum = 0.0;
  st->val_loss_stretch_count = 0;
}

/* Validation on the whole split; returns STOP_EARLY when patience ran out. */
static Verdict
validate (HlTrainer *self)
{
  HlLoopState *st = &self->st;
  const HlEarlyStoppingConfig *es = &self->config->early_stopping;
  const double min_delta = es->enabled ? es->min_delta : 0.0;
  double loss, acc;

  hl_trainer_evaluate (self, &self->dataset->val, &loss, &acc, NULL);
  st->last_val_loss = loss;
  st->last_val_accuracy = acc;
  if (self->sched_desc->schedule->observe != NULL)
    self->sched_desc->schedule->observe (self->sched, st->step, loss);
  watch_overfitting (st, loss);
  if (loss < st->best_val_loss - min_delta)
    {
      st->best_val_loss = loss;
      st->best_step = st->step;
      if (self->best_params != NULL)
        {
          memcpy (self->best_params, self->mlp->params, self->mlp->n_params * sizeof (float));
          st->has_best_params = TRUE;
        }
    }
  else if (es->enabled && isfinite (st->best_val_loss)
           && st->step - st->best_step >= es->patience_steps)
    return STOP_EARLY;
  return GO_ON;
}

/* A point at the current step with the mean training loss since the last
 * one; the sums stay (add_point starts the next interval). */
static void
append_point (HlTrainer *self, gboolean validated)
{
  HlLoopState *st = &self->st;
  const double train = st->point_loss_count > 0 ? st->point_loss_sum / st->point_loss_count : NAN;

  hl_metrics_append (&self->run->metrics, st->step, (double) st->step / self->steps_per_epoch,
                     st->lr, train, validated ? st->last_val_loss : NAN,
                     validated ? st->last_val_accuracy : NAN);
  self->run->summary.final_train_loss = train;
}

static void
add_point (HlTrainer *self, gboolean validated)
{
  append_point (self, validated);
  self->st.point_loss_sum = 0.0;
  self->st.point_loss_count = 0;
}

static void
report_progress (HlTrainer *self, guint64 session_start_step, gboolean point, gboolean validated)
{
  const HlLoopState *st = &self->st;
  const HlMetrics *m = &self->run->metrics;
  const double elapsed = hl_trainer_elapsed (self);
  const guint64 done = st->step - session_start_step;
  /* The estimate from this session's time with what recurs (validation,
   * checkpoints every few seconds, hooks), but not the first write as the
   * session began: it made the ETA at step 1 "1:07:56" for a 17 s run
   * (found by a QA pass); and only once a few steps or a quarter second
   * give a rate to go by. */
  const double session = (double) (g_get_monotonic_time () - self->started_us
                                   - self->setup_excluded_us) / G_USEC_PER_SEC;
  const gboolean rate_known = done >= 20 || (done > 0 && session >= 0.25);
  HlProgress p = {
    .step = st->step, .total_steps = self->total_steps, .steps_per_epoch = self->steps_per_epoch,
    .epoch = st->epoch, .epochs = self->config->training.epochs, .lr = st->lr,
    .train_loss = st->last_train_loss, .val_loss = st->last_val_loss,
    .val_accuracy = st->last_val_accuracy, .elapsed = elapsed,
    .eta = rate_known ? session / done * (self->total_steps - st->step) : NAN,
    .point_added = point,
    .point_validated = point && validated,
    .overfitting = st->overfitting != 0,
    .overfitting_step = st->overfitting ? st->min_val_step : 0,
    .checkpoint_failures = self->checkpoint_failures,
  };

  if (point)
    {
      const guint i = hl_metrics_len (m) - 1;
      p.point_step = g_array_index (m->step, guint64, i);
      p.point_epoch = g_array_index (m->epoch, double, i);
      p.point_lr = g_array_index (m->lr, double, i);
      p.point_train_loss = g_array_index (m->train_loss, double, i);
      p.point_val_loss = g_array_index (m->val_loss, double, i);
      p.point_val_accuracy = g_array_index (m->val_accuracy, double, i);
    }
  self->progress (&p, self->progress_data);
}

static void
maybe_checkpoint (HlTrainer *self)
{
  const gint64 now = g_get_monotonic_time ();
  GError *error = NULL;

  if (now - self->last_checkpoint_us < (gint64) (self->checkpoint_seconds * G_USEC_PER_SEC))
    return;
  if (!hl_trainer_write_checkpoint (self, &error))
    hl_trainer_note_checkpoint_failure (self, error);
}

/* Everything after the update of one step. */
static Verdict
after_step (HlTrainer *self, guint64 session_start_step)
{
  HlLoopState *st = &self->st;
  const HlDataset *d = self->dataset;
  const gboolean epoch_end = st->pos >= d->train.n;
  const guint every = MAX (self->config->training.validate_every_steps, 1);
  Verdict verdict = GO_ON;
  gboolean validated = FALSE, point;

  if (d->val.n > 0 && (st->step % every == 0 || epoch_end || st->step == self->total_steps))
    {
      verdict = validate (self);
      validated = TRUE;
    }
  point = validated || st->step % self->log_every == 0 || st->step == self->total_steps;
  if (point)
    add_point (self, validated);
  if (epoch_end)
    {
      st->epoch++;
      st->pos = 0;
    }
  if (self->progress != NULL)
    report_progress (self, session_start_step, point, validated);
  if (self->hook != NULL && st->step % self->hook_every == 0)
    {
      const gint64 t0 = g_get_monotonic_time ();

      self->hook (self, st->step, self->hook_data);
      /* a hook's work (the GUI's decision boundary) is not training */
      self->excluded_us += g_get_monotonic_time () - t0;
    }
  if (verdict != GO_ON)
    return verdict;
  if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    return STOP_CANCELLED;
  if (st->step >= self->total_steps)
    return STOP_DONE;
  if (g_atomic_int_get (&self->stop_requested))
    return STOP_REQUESTED;
  if (self->checkpoint_path != NULL)
    maybe_checkpoint (self);
  return GO_ON;
}

/* An early stop's best weights put back (restore_best), and the words its
 * stop reason ends with.  A run stopped right at its best step has nothing
 * to put back: it said "best weights restored" over "best at step 8" of a
 * run stopped at step 8 (found by a QA pass). */
static const char *
restore_best (HlTrainer *self)
{
  const HlLoopState *st = &self->st;

  if (!st->has_best_params)
    return "";
  if (st->best_step >= st->step)
    return "; the last weights are the best";
  memcpy (self->mlp->params, self->best_params, self->mlp->n_params * sizeof (float));
  return "; best weights restored";
}

static void
conclude (HlTrainer *self, Verdict verdict)
{
  HlLoopState *st = &self->st;
  HlRun *run = self->run;
  HlSummary *s = &run->summary;

  g_free (s->stop_reason);
  switch (verdict)
    {
    case STOP_EARLY:
      run->status = HL_RUN_STATUS_EARLY_STOPPED;
      s->stop_reason = g_strdup_printf ("early stopped at step %" G_GUINT64_FORMAT
                                        " (best at step %" G_GUINT64_FORMAT ")%s",
                                        st->step, st->best_step, restore_best (self));
      break;
    case STOP_REQUESTED:
      {
        /* a sweep's pruning: stopped early by a rule outside the run */
        const char *restored = restore_best (self);

        run->status = HL_RUN_STATUS_EARLY_STOPPED;
        g_mutex_lock (&self->ck_lock);
        s->stop_reason = g_strdup_printf ("stopped at step %" G_GUINT64_FORMAT ": %s%s", st->step,
                                          self->stop_request_reason, restored);
        g_mutex_unlock (&self->ck_lock);
      }
      break;
    case STOP_DIVERGED:
      run->status = HL_RUN_STATUS_DIVERGED;
      s->diverged_step = st->step + 1;
      s->diverged_lr = self->diverged_lr;
      s->stop_reason = g_strdup_printf ("diverged at step %" G_GUINT64_FORMAT
                                        " with learning rate %g: the training loss became %s",
                                        s->diverged_step, self->diverged_lr,
                                        isnan (st->last_train_loss) ? "NaN" : "infinite");
      /* The finite steps since the last point still belong on the curve. */
      if (st->point_loss_count > 0)
        add_point (self, FALSE);
      break;
    case STOP_BAD_RATE:
      {
        /* not "diverged": the user's learning rate is not to blame, and
         * the step was not taken.  Steps go in as strings: xgettext cannot
         * see through G_GUINT64_FORMAT. */
        g_autofree char *step = g_strdup_printf ("%" G_GUINT64_FORMAT, st->step + 1);
        g_autofree char *ctx_step = g_strdup_printf ("%" G_GUINT64_FORMAT, st->step);
        g_autofree char *rate = g_strdup_printf ("%g", self->diverged_lr);

        run->status = HL_RUN_STATUS_FAILED;
        /* TRANSLATORS: a schedule's plugin id, the rate it gave, the 1-based
         * step, the 0-based step its rate function was given */
        s->stop_reason = g_strdup_printf (_("schedule “%s” gave learning rate %s at step %s "
                                            "(ctx->step %s; a rate must be a finite number ≥ 0)"),
                                          self->sched_desc->id, rate, step, ctx_step);
        if (st->point_loss_count > 0)
          add_point (self, FALSE);
      }
      break;
    case STOP_CANCELLED:
      run->status = HL_RUN_STATUS_CANCELLED;
      s->stop_reason = g_strdup_printf ("cancelled at step %" G_GUINT64_FORMAT, st->step);
      /* The steps since the last point end the curve (it stopped short of
       * them, and final_train_loss was the older point's).  The sums stay
       * in the loop state: a resume drops this point and goes on as if it
       * had never stopped (hl_trainer_apply_resume). */
      if (st->point_loss_count > 0)
        append_point (self, FALSE);
      break;
    case STOP_DONE:
    case GO_ON:
    default:
      run->status = HL_RUN_STATUS_COMPLETED;
      /* restore_best holds at the end of any finished run, as in Keras since
       * 2023: it applied to early stops only, and a run whose best came
       * before its last step kept the later, worse weights */
      if (st->has_best_params && st->best_step < st->step)
        {
          memcpy (self->mlp->params, self->best_params, self->mlp->n_params * sizeof (float));
          s->stop_reason = g_strdup_printf ("completed %u epoch%s (%" G_GUINT64_FORMAT " steps); "
                                            "best weights restored from step %" G_GUINT64_FORMAT,
                                            st->epoch, st->epoch == 1 ? "" : "s", st->step, st->best_step);
        }
      else
        s->stop_reason = g_strdup_printf ("completed %u epoch%s (%" G_GUINT64_FORMAT " steps)",
                                          st->epoch, st->epoch == 1 ? "" : "s", st->step);
      break;
    }
}

void
hl_trainer_loop (HlTrainer *self)
{
  const guint64 session_start_step = self->st.step;
  Verdict verdict = self->st.step >= self->total_steps ? STOP_DONE : GO_ON;

  if (verdict == GO_ON && self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    verdict = STOP_CANCELLED;
  while (verdict == GO_ON)
    {
      verdict = train_step (self);
      if (verdict == GO_ON)
        verdict = after_step (self, session_start_step);
    }
  conclude (self, verdict);
}
