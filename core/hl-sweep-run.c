/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-run.c - a sweep's trials trained on worker threads, each saved in
 * the run store, pruned by successive halving as they report validation. */
#include <math.h>
#include "hl-sweep.h"
#include "hl-sweep-private.h"
#include "hl-trainer.h"
#include "hl-trainer-private.h"

typedef struct {
  HlSweep          *sweep;
  HlStore          *store;
  HlPluginRegistry *registry;
  HlSweepTrialFunc  func;
  gpointer          user_data;
  GCancellable     *stop;        /* the trainers': cancelled with the caller's */
  HlSweepPruner    *pruner;      /* NULL: no pruning */
  GMutex            lock;        /* next, no_more, the store, the callbacks */
  guint             next;
  gboolean          no_more;     /* a trial could not start: start no others */
  gboolean          record_warned;
} Runner;

typedef struct {
  Runner       *r;
  HlSweepTrial *t;
  HlTrainer    *trainer;
  double        best;
  gboolean      pruned;
  gint64        reported_us;   /* last call of the sweep's progress function */
} TrialRun;

/* On the training thread: each validation updates the trial's best so far,
 * which the pruner compares at its rungs. */
static void
on_progress (const HlProgress *p, gpointer data)
{
  TrialRun *tr = data;
  const HlSweep *sweep = tr->r->sweep;
  double v;
  g_autofree char *why = NULL;

  if (sweep->progress != NULL)
    {
      const gint64 now = g_get_monotonic_time ();
      if (now - tr->reported_us >= G_USEC_PER_SEC / 4 || p->step == p->total_steps)
        {
          tr->reported_us = now;
          sweep->progress (tr->r->sweep, tr->t, p, sweep->progress_data);
        }
    }
  /* points with a validation only; a validated NaN (a blown-up trial with
   * stop_on_nan off) goes on as the worst value there is */
  if (!p->point_validated || tr->pruned)
    return;
  v = sweep->metric == HL_SWEEP_METRIC_VAL_ACCURACY ? p->point_val_accuracy : p->point_val_loss;
  if (hl_sweep_better (sweep, v, tr->best))
    tr->best = v;
  /* a trial that has blown up is judged by that, not by its best before */
  if (tr->r->pruner != NULL
      && !hl_sweep_pruner_report (tr->r->pruner, tr->t->index,
                                  sweep->pruning_epochs ? p->point_epoch : (double) p->point_step,
                                  isnan (v) ? NAN : tr->best, &why))
    {
      tr->pruned = TRUE;
      hl_trainer_request_stop (tr->trainer, why);
    }
}

/* The best validation the run reached by the sweep's metric: the lowest
 * loss or highest accuracy of all its validations, the number the pruner
 * compares at its rungs.  Not summary.best_val_loss: that one honours
 * early_stopping.min_delta (a lower loss by less than it is no new best),
 * so a trial pruned for a worse loss than another's could rank above it,
 * and trials sweeping min_delta were not compared on their losses. */
double
hl_sweep_run_score (const HlSweep *sweep, const HlRun *run)
{
  GArray *values = sweep->metric == HL_SWEEP_METRIC_VAL_ACCURACY ? run->metrics.val_accuracy
                                                                 : run->metrics.val_loss;
  double best = NAN;

  /* a diverged trial's earlier validation does not make it a candidate, nor
   * a failed one's (a schedule plugin's negative rate stops a run that
   * way), nor does it make one whose loss became NaN (stop_on_nan off) and
   * whose last, broken weights it kept (restore_best off) */
  if (run->status == HL_RUN_STATUS_DIVERGED || run->status == HL_RUN_STATUS_FAILED
      || (isnan (run->summary.final_val_loss) && !run->config->early_stopping.restore_best))
    return NAN;
  /* (points without a validation are NaN, never better) */
  for (guint i = 0; i < values->len; i++)
    {
      const double v = g_array_index (values, double, i);
      if (hl_sweep_better (sweep, v, best))
        best = v;
    }
  return best;
}

void
hl_sweep_trial_note_run (HlSweepTrial *t, const HlSweep *sweep, const HlRun *run)
{
  t->state = HL_SWEEP_TRIAL_DONE;
  g_free (t->run_id);
  t->run_id = g_strdup (run->id);
  t->run_status = run->status;
  t->pruned = hl_run_was_pruned (run->status, run->summary.stop_reason);
  t->score = hl_sweep_run_score (sweep, run);
  t->steps = run->summary.steps;
  t->epochs = run->summary.epochs;
  t->seconds = run->summary.seconds;
  t->test_accuracy = run->summary.test_accuracy;
  g_free (t->stop_reason);
  t->stop_reason = g_strdup (run->summary.stop_reason);
}

/* The record says each trial's run as it starts and ends; a sweep whose
 * record cannot be written still trains (said once). */
static void
save_record (Runner *r)
{
  g_autoptr(GError) error = NULL;

  if (!hl_sweep_record_save (r->sweep, &error) && !r->record_warned)
    {
      g_warning ("the sweep cannot be continued after an interruption: %s", error->message);
      r->record_warned = TRUE;
    }
}

/* A new run for the trial, or (it has a run: cancelled, or its process
 * died) its run resumed from its checkpoint as `hyperlab-cli resume` does.
 * Under r->lock.  NULL with error when it cannot start. */
static HlTrainer *
start_trainer (Runner *r, HlSweepTrial *t, HlStoreLock **lock, GError **error)
{
  HlTrainer *trainer;
  g_autofree char *path = NULL;

  if (t->run_id != NULL)
    return hl_store_resume_trainer (r->store, t->run_id, r->registry, lock, error);
  if ((trainer = hl_trainer_new (t->config, r->registry, error)) == NULL)
    return NULL;
  if ((*lock = hl_store_claim_new_id (r->store, hl_trainer_get_run (trainer), error)) == NULL)
    {
      hl_trainer_free (trainer);
      return NULL;
    }
  path = hl_store_path_for (r->store, hl_trainer_get_run (trainer)->id);
  hl_trainer_set_checkpoint (trainer, path, 10.0);
  t->run_id = g_strdup (hl_trainer_get_run (trainer)->id);
  return trainer;
}

static void
run_trial (Runner *r, HlSweepTrial *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) run = NULL;
  HlStoreLock *lock = NULL;
  TrialRun tr = { r, t, NULL, NAN, FALSE, 0 };
  const gboolean resumed = t->run_id != NULL;

  g_mutex_lock (&r->lock);
  tr.trainer = start_trainer (r, t, &lock, &error);
  if (tr.trainer != NULL)
    {
      /* a resumed trial is judged at its next rungs by its best so far */
      if (resumed)
        tr.best = hl_sweep_run_score (r->sweep, hl_trainer_get_run (tr.trainer));
      save_record (r);
    }
  if (r->func != NULL)
    r->func (r->sweep, t, NULL, r->user_data);
  g_mutex_unlock (&r->lock);
  if (tr.trainer != NULL)
    {
      hl_trainer_set_progress_func (tr.trainer, on_progress, &tr);
      run = hl_trainer_run (tr.trainer, r->stop, &error);
    }
  g_mutex_lock (&r->lock);
  if (run != NULL)
    {
      GError *save_error = NULL;

      if (!hl_store_save (r->store, run, &save_error))
        {
          t->error = g_strdup (save_error->message);
          g_error_free (save_error);
        }
      hl_sweep_trial_note_run (t, r->sweep, run);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* stopped before it trained: a new run wrote nothing to resume */
      t->state = HL_SWEEP_TRIAL_SKIPPED;
      if (!resumed)
        g_clear_pointer (&t->run_id, g_free);
    }
  else if (resumed && tr.trainer == NULL)
    {
      /* its own run cannot go on (its checkpoint is gone or damaged, or it
       * trains elsewhere): the other trials can, and it says how to train
       * it again (it held back every trial after it, at each resume) */
      t->state = HL_SWEEP_TRIAL_FAILED;
      if (g_error_matches (error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED))
        t->error = g_strdup (error->message);
      else
        t->error = g_strdup_printf ("%s; to train it again from the start, remove its run "
                                    "(hyperlab-cli runs rm %s) and resume the sweep",
                                    error != NULL ? error->message : "could not resume", t->run_id);
    }
  else
    {
      t->state = HL_SWEEP_TRIAL_FAILED;
      t->error = g_strdup (error != NULL ? error->message : "could not start");
      if (!resumed)
        g_clear_pointer (&t->run_id, g_free);   /* it trained nothing */
      /* its data or model failed; the other trials share them */
      r->no_more = TRUE;
    }
  save_record (r);
  g_clear_pointer (&lock, hl_store_unlock);
  if (r->func != NULL)
    r->func (r->sweep, t, run, r->user_data);
  g_mutex_unlock (&r->lock);
  g_clear_pointer (&tr.trainer, hl_trainer_free);
}

static gpointer
worker (gpointer data)
{
  Runner *r = data;

  for (;;)
    {
      HlSweepTrial *t = NULL;

      g_mutex_lock (&r->lock);
      while (r->next < r->sweep->trials->len && t == NULL)
        {
          HlSweepTrial *c = r->sweep->trials->pdata[r->next++];
          if (c->state == HL_SWEEP_TRIAL_PENDING)
            t = c;
        }
      if (t != NULL && (r->no_more || g_cancellable_is_cancelled (r->stop)))
        {
          t->state = HL_SWEEP_TRIAL_SKIPPED;
          g_mutex_unlock (&r->lock);
          continue;
        }
      if (t == NULL)
        {
          g_mutex_unlock (&r->lock);
          return NULL;
        }
      t->state = HL_SWEEP_TRIAL_RUNNING;
      g_mutex_unlock (&r->lock);
      run_trial (r, t);
    }
}

static gpointer
background_worker (gpointer data)
{
  hl_thread_lower_priority ();
  return worker (data);
}

static void
forward_cancel (GCancellable *caller, gpointer stop)
{
  (void) caller;
  g_cancellable_cancel (stop);
}

guint
hl_sweep_max_threads (const HlSweep *self)
{
  guint threads = 1;

  for (guint k = 0; k < self->trials->len; k++)
    threads = MAX (threads, ((HlSweepTrial *) self->trials->pdata[k])->config->training.threads);
  return threads;
}

guint
hl_sweep_default_parallel (const HlSweep *self)
{
  if (self->parallel > 0)
    return self->parallel;
  /* trials of 2 threads each on 2 CPUs: one at a time, not two fighting */
  return MAX (1u, g_get_num_processors () / hl_sweep_max_threads (self));
}

void
hl_sweep_run (HlSweep *self, HlStore *store, HlPluginRegistry *registry, guint parallel,
              HlSweepTrialFunc func, gpointer user_data, GCancellable *cancellable)
{
  Runner r = { self, store, registry, func, user_data, g_cancellable_new (), NULL, { 0 }, 0, FALSE, FALSE };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  gulong handler = 0;
  guint pending = 0;

  g_return_if_fail (self != NULL && store != NULL && registry != NULL);
  for (guint k = 0; k < self->trials->len; k++)
    pending += ((HlSweepTrial *) self->trials->pdata[k])->state == HL_SWEEP_TRIAL_PENDING;
  if (parallel == 0)
    parallel = hl_sweep_default_parallel (self);
  parallel = MAX (1u, MIN (parallel, pending));
  if (self->pruning && self->pruning_state != NULL)
    r.pruner = hl_sweep_pruner_new_shared (self->pruning_state, self->pruning_min, self->pruning_epochs,
                                           self->reduction_factor,
                                           self->metric == HL_SWEEP_METRIC_VAL_ACCURACY, NULL);
  if (self->pruning && r.pruner == NULL)   /* also when the shared file cannot be made */
    r.pruner = hl_sweep_pruner_new (self->pruning_min, self->pruning_epochs, self->reduction_factor,
                                    self->metric == HL_SWEEP_METRIC_VAL_ACCURACY);
  g_mutex_init (&r.lock);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), r.stop, NULL);
  /* the caller's thread is the first worker, unless the workers go below it */
  for (guint i = self->background ? 0 : 1; i < parallel; i++)
    g_ptr_array_add (threads, g_thread_new ("hl-sweep", self->background ? background_worker : worker, &r));
  if (!self->background)
    worker (&r);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  g_mutex_clear (&r.lock);
  hl_sweep_pruner_free (r.pruner);
  g_object_unref (r.stop);
  /* finished: its record goes; else it says how far it got */
  hl_sweep_record_close (self, NULL);
}

typedef struct {
  HlSweep          *sweep;
  HlStore          *store;
  HlPluginRegistry *registry;
  guint             parallel;
  HlSweepTrialFunc  func;
  gpointer          user_data;
} AsyncArgs;

static void
run_task (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AsyncArgs *a = task_data;

  (void) source;
  hl_sweep_run (a->sweep, a->store, a->registry, a->parallel, a->func, a->user_data, cancellable);
  g_task_return_boolean (task, TRUE);
}

void
hl_sweep_run_async (HlSweep *self, HlStore *store, HlPluginRegistry *registry, guint parallel,
                    HlSweepTrialFunc func, gpointer user_data, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer callback_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, callback_data);
  AsyncArgs *a = g_new0 (AsyncArgs, 1);

  *a = (AsyncArgs) { self, store, registry, parallel, func, user_data };
  g_task_set_source_tag (task, hl_sweep_run_async);
  g_task_set_task_data (task, a, g_free);
  /* the sweep ends as it ends, cancelled or not: its trials are saved */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_task);
  g_object_unref (task);
}

gboolean
hl_sweep_run_finish (HlSweep *self, GAsyncResult *result, GError **error)
{
  (void) self;
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
