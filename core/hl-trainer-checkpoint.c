/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-trainer-checkpoint.c - periodic run-record saves with their sidecar, and resuming from them. */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include "hl-error.h"
#include "hl-config-private.h"
#include "hl-trainer-private.h"

static GBytes *
plugin_state (gpointer (*state_data) (gpointer, gsize *), gpointer instance)
{
  gsize n = 0;
  gpointer data = state_data != NULL ? state_data (instance, &n) : NULL;

  return g_bytes_new (data, data != NULL ? n : 0);
}

/* The record first, then the sidecar: if the process dies in between, the
 * record may hold points past the sidecar's step, and resuming drops them. */
static gboolean
write_checkpoint (HlTrainer *self, GError **error)
{
  HlLoopState snap = self->st;
  HlRun *run = self->run;
  g_autofree char *ckpt_path = hl_checkpoint_path_for_run (self->checkpoint_path);
  g_autoptr (GBytes) loop = NULL, opt = NULL, sched = NULL;
  HlCheckpoint ck = { 0 };
  gboolean ok;

  snap.elapsed = hl_trainer_elapsed (self);
  run->updated = g_get_real_time ();
  run->summary.steps = snap.step;
  run->summary.seconds = snap.elapsed;
  run->summary.epochs = (double) snap.step / self->steps_per_epoch;
  /* A run listed while it trains (or after its process died) shows how far it got. */
  run->summary.best_val_loss = isfinite (snap.best_val_loss) ? snap.best_val_loss : NAN;
  run->summary.best_step = snap.best_step;
  run->summary.final_val_loss = snap.last_val_loss;
  run->summary.final_val_accuracy = snap.last_val_accuracy;
  run->summary.samples_per_second = snap.elapsed > 0 ? snap.samples / snap.elapsed : NAN;
  self->last_checkpoint_us = g_get_monotonic_time ();
  if (!hl_run_save (run, self->checkpoint_path, error))
    return FALSE;

  loop = g_bytes_new (&snap, sizeof snap);
  opt = plugin_state (self->opt_desc->optimizer->state_data, self->opt);
  sched = plugin_state (self->sched_desc->schedule->state_data, self->sched);
  ck.run_id = run->id;   /* borrowed: ck is not freed */
  ck.n_inputs = self->dataset->n_features;
  ck.n_outputs = self->dataset->n_outputs;
  /* the run's config does not change while it trains: digested once */
  if (self->config_digest == NULL)
    self->config_digest = hl_trainer_config_digest (run->config);
  ck.config_digest = self->config_digest;
  ck.has_target_scale = TRUE;
  ck.target_mean = self->dataset->target_mean;
  ck.target_sd = self->dataset->target_sd;
  ck.n_params = self->mlp->n_params;
  ck.n_train = self->dataset->train.n;
  ck.batch = self->batch;
  ck.steps_per_epoch = self->steps_per_epoch;
  ck.optimizer_id = (char *) self->opt_desc->id;
  ck.schedule_id = (char *) self->sched_desc->id;
  ck.params = self->mlp->params;
  ck.best_params = snap.has_best_params ? self->best_params : NULL;
  ck.perm = self->perm;
  ck.loop_state = loop;
  ck.optimizer_state = opt;
  ck.schedule_state = sched;
  ok = hl_checkpoint_save (&ck, ckpt_path, error);
  return ok;
}

gboolean
hl_trainer_write_checkpoint (HlTrainer *self, GError **error)
{
  const gint64 t0 = g_get_monotonic_time ();
  gboolean ok = write_checkpoint (self, error);

  /* Writing (and syncing) files is not training: it counted in `seconds`
   * and samples_per_second (found by a review: 0.8 s of a 1 ms run on a
   * slow disk).  Once training is over, elapsed time is frozen anyway. */
  self->excluded_us += g_get_monotonic_time () - t0;
  return ok;
}

static gboolean
mismatch (GError **error, const char *what, guint64 stored, guint64 now)
{
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
               /* TRANSLATORS: what differs (such as "the batch size"), then its two values */
               _("checkpoint does not match the config: %s was %llu, is now %llu"), _(what),
               (unsigned long long) stored, (unsigned long long) now);
  return FALSE;
}

static gboolean
corrupt (GError **error, const char *what, guint64 value, guint64 limit)
{
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
               /* TRANSLATORS: what is wrong (such as "a sample index"), its value, then a count */
               _("checkpoint is not usable: %s is %llu for %llu training samples"), _(what),
               (unsigned long long) value, (unsigned long long) limit);
  return FALSE;
}

/* Copy a plugin's saved state back into its instance's state block. */
static gboolean
restore_plugin (gpointer (*state_data) (gpointer, gsize *), gpointer instance, GBytes *saved,
                const char *what, GError **error)
{
  gsize n = 0, have;
  gpointer data = state_data != NULL ? state_data (instance, &n) : NULL;
  gconstpointer bytes = g_bytes_get_data (saved, &have);

  if (data == NULL)
    n = 0;
  if (n != have)
    return mismatch (error, what, have, n);
  if (n > 0)
    memcpy (data, bytes, n);
  return TRUE;
}

/* Keep only the points the checkpoint had reached. */
static void
truncate_metrics (HlMetrics *m, guint64 step)
{
  guint keep = hl_metrics_len (m);

  while (keep > 0 && g_array_index (m->step, guint64, keep - 1) > step)
    keep--;
  g_array_set_size (m->step, keep);
  g_array_set_size (m->epoch, keep);
  g_array_set_size (m->lr, keep);
  g_array_set_size (m->train_loss, keep);
  g_array_set_size (m->val_loss, keep);
  g_array_set_size (m->val_accuracy, keep);
}

void
hl_trainer_trim_resumed_metrics (HlTrainer *self)
{
  gsize len = 0;
  gconstpointer loop = g_bytes_get_data (self->resume->loop_state, &len);
  HlMetrics *m = &self->run->metrics;
  HlLoopState st;
  guint n;

  if (len != sizeof st)
    return;   /* hl_trainer_apply_resume refuses it */
  memcpy (&st, loop, sizeof st);
  truncate_metrics (m, st.step);
  /* A cancelled run ends its curve with the steps since its last point
   * while their sums stay in the loop state: that point goes, and the next
   * regular one covers its steps, as in a run never stopped. */
  n = hl_metrics_len (m);
  if (st.point_loss_count > 0 && n > 0 && g_array_index (m->step, guint64, n - 1) == st.step)
    truncate_metrics (m, st.step - 1);
}

gboolean
hl_trainer_apply_resume (HlTrainer *self, GError **error)
{
  const HlCheckpoint *ck = self->resume;
  const HlDataset *d = self->dataset;
  gsize loop_len = 0;
  gconstpointer loop = g_bytes_get_data (ck->loop_state, &loop_len);
  HlSummary *s = &self->run->summary;

  if (ck->n_inputs != d->n_features)
    return mismatch (error, N_("the number of input features"), ck->n_inputs, d->n_features);
  if (ck->n_outputs != d->n_outputs)
    return mismatch (error, N_("the number of outputs"), ck->n_outputs, d->n_outputs);
  if (ck->n_params != self->mlp->n_params)
    return mismatch (error, N_("the number of parameters"), ck->n_params, self->mlp->n_params);
  if (ck->n_train != d->train.n)
    return mismatch (error, N_("the number of training samples"), ck->n_train, d->train.n);
  if (ck->batch != self->batch)
    return mismatch (error, N_("the batch size"), ck->batch, self->batch);
  /* The weights fit targets scaled by the statistics of the data they were
   * trained on: other data (an edited CSV) or a file from before targets
   * were scaled would be resumed into a different problem. */
  if (!ck->has_target_scale && (d->target_mean != 0.0 || d->target_sd != 1.0))
    {
      /* the data did not change: Hyperlab did (found by a code review) */
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                   _("checkpoint written before Hyperlab scaled regression targets: its weights "
                     "fit the targets as they are in the file (train the config again as a new run)"));
      return FALSE;
    }
  if (ck->target_mean != d->target_mean || ck->target_sd != d->target_sd)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                   _("checkpoint does not match the data: the training targets' mean and "
                     "standard deviation were %.9g and %.9g, are now %.9g and %.9g"),
                   ck->target_mean, ck->target_sd, d->target_mean, d->target_sd);
      return FALSE;
    }
  if (loop_len != sizeof (HlLoopState))
    return mismatch (error, N_("the trainer state size"), loop_len, sizeof (HlLoopState));
  if (!restore_plugin (self->opt_desc->optimizer->state_data, self->opt, ck->optimizer_state,
                       N_("the optimizer state size"), error)
      || !restore_plugin (self->sched_desc->schedule->state_data, self->sched, ck->schedule_state,
                          N_("the schedule state size"), error))
    return FALSE;

  /* The checksum only proves the file is whole: a position past the
   * training set or a sample index outside it would be read as memory. */
  {
    HlLoopState st;
    memcpy (&st, loop, sizeof st);
    if (st.pos >= d->train.n)
      return corrupt (error, N_("the position in the epoch"), st.pos, d->train.n);
    for (gsize i = 0; i < ck->n_train; i++)
      if (ck->perm[i] >= d->train.n)
        return corrupt (error, N_("a sample index"), ck->perm[i], d->train.n);
  }
  memcpy (&self->st, loop, sizeof (HlLoopState));
  memcpy (self->mlp->params, ck->params, ck->n_params * sizeof (float));
  memcpy (self->perm, ck->perm, ck->n_train * sizeof (guint32));
  if (ck->best_params != NULL && self->best_params != NULL)
    memcpy (self->best_params, ck->best_params, ck->n_params * sizeof (float));
  else
    self->st.has_best_params = FALSE;
  s->diverged_step = 0;
  s->diverged_lr = NAN;   /* as a run that never diverged (was 0 after a resume) */
  /* the test pass runs again at the end: the record shows none meanwhile */
  s->test_loss = NAN;
  s->test_accuracy = NAN;
  g_clear_pointer (&s->test_confusion, hl_confusion_free);
  g_clear_pointer (&s->stop_reason, g_free);
  return TRUE;
}

void
hl_trainer_note_checkpoint_failure (HlTrainer *self, GError *error)
{
  g_debug ("%s", error->message);
  g_mutex_lock (&self->ck_lock);
  g_free (self->checkpoint_error);
  self->checkpoint_error = g_strdup (error->message);
  self->checkpoint_failures++;
  g_mutex_unlock (&self->ck_lock);
  g_error_free (error);
}

char *
hl_trainer_dup_checkpoint_error (HlTrainer *self)
{
  char *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_mutex_lock (&self->ck_lock);
  copy = g_strdup (self->checkpoint_error);
  g_mutex_unlock (&self->ck_lock);
  return copy;
}

char *
hl_trainer_config_digest (const HlConfig *config)
{
  /* what trains, not what the run is called: a stopped run renamed on the
   * Runs page could no longer be resumed (found by a code review) */
  g_autoptr(HlConfig) unnamed = hl_config_copy (config);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_clear_pointer (&unnamed->name, g_free);
  node = hl_config_to_json (unnamed);
  hl_json_write_node (text, node, 0);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, (gssize) text->len);
}

gboolean
hl_trainer_get_final_write_failed (HlTrainer *self)
{
  gboolean failed;

  g_return_val_if_fail (self != NULL, FALSE);
  g_mutex_lock (&self->ck_lock);
  failed = self->final_write_failed;
  g_mutex_unlock (&self->ck_lock);
  return failed;
}
