/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-trainer.c - trainer API: setup (data, model, plugins, buffers), run, finish, async. */
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <math.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <string.h>
#include <glib/gstdio.h>
#include <cblas.h>
#undef I   /* from <complex.h> via OpenBLAS */
#include "hl-error.h"
#include "hl-trainer-private.h"
#include "hl-config-private.h"

/* Validation and test sets are evaluated in chunks of at least this many rows. */
#define EVAL_ROWS 256
/* About this many metric points per run when log_every_steps is automatic. */
#define AUTO_POINTS 5000

HlTrainer *
hl_trainer_new (const HlConfig *config, HlPluginRegistry *registry, GError **error)
{
  HlTrainer *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (registry != NULL, NULL);
  self = g_new0 (HlTrainer, 1);
  g_mutex_init (&self->ck_lock);
  self->finished_elapsed = -1.0;
  self->config = hl_config_copy (config);
  self->registry = registry;
  self->run = hl_run_new (config);
  return self;
}

void
hl_trainer_free (HlTrainer *self)
{
  if (self == NULL)
    return;
  if (self->opt != NULL)
    self->opt_desc->optimizer->free (self->opt);
  if (self->sched != NULL)
    self->sched_desc->schedule->free (self->sched);
  hl_mlp_free (self->mlp);
  g_clear_pointer (&self->dataset, hl_dataset_free);
  g_clear_pointer (&self->run, hl_run_free);
  g_clear_pointer (&self->resume, hl_checkpoint_free);
  g_clear_pointer (&self->config, hl_config_free);
  g_free (self->x_batch);
  g_free (self->y_batch);
  g_free (self->t_batch);
  g_free (self->perm);
  g_free (self->eval_idx);
  g_free (self->best_params);
  g_free (self->checkpoint_path);
  g_free (self->config_digest);
  g_free (self->checkpoint_error);
  g_mutex_clear (&self->ck_lock);
  g_free (self->stop_request_reason);
  g_free (self);
}

void
hl_trainer_set_progress_func (HlTrainer *self, HlProgressFunc func, gpointer user_data)
{
  self->progress = func;
  self->progress_data = user_data;
}

void
hl_trainer_set_hook (HlTrainer *self, guint every_steps, HlTrainerHook hook, gpointer user_data)
{
  self->hook = hook;
  self->hook_every = MAX (every_steps, 1);
  self->hook_data = user_data;
}

void
hl_trainer_set_checkpoint (HlTrainer *self, const char *path, double seconds)
{
  g_free (self->checkpoint_path);
  self->checkpoint_path = g_strdup (path);
  self->checkpoint_seconds = seconds;
}

gboolean
hl_trainer_set_resume (HlTrainer *self, HlRun *run, GError **error)
{
  g_autofree char *ckpt_path = NULL;
  HlCheckpoint *ck;

  g_return_val_if_fail (run != NULL, FALSE);
  if (run->path == NULL)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                   /* TRANSLATORS: %s is a run id */
                   _("run %s has no file, so it has no checkpoint to resume from"), run->id);
      return FALSE;
    }
  ckpt_path = hl_checkpoint_path_for_run (run->path);
  /* Killed between writing its first record and its first sidecar: nothing
   * was trained yet, so the run starts again from the beginning (same id,
   * same seed); it was listed as interrupted and could not be resumed. */
  if (!g_file_test (ckpt_path, G_FILE_TEST_EXISTS) && run->summary.steps == 0
      && hl_metrics_len (&run->metrics) == 0)
    {
      g_clear_pointer (&self->resume, hl_checkpoint_free);
      g_clear_pointer (&self->run, hl_run_free);
      self->run = hl_run_copy (run);
      return TRUE;
    }
  if (!g_file_test (ckpt_path, G_FILE_TEST_EXISTS))
    {
      /* GLib's "Failed to open file" said nothing of why it was wanted */
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                   /* TRANSLATORS: the run's file, its id, then the checkpoint's file */
                   _("%s: cannot resume run %s: its checkpoint %s is missing (the run's "
                     "weights and position were kept there)"), run->path, run->id, ckpt_path);
      return FALSE;
    }
  ck = hl_checkpoint_load (ckpt_path, error);
  if (ck == NULL)
    return FALSE;
  /* another run's sidecar of the same shape resumed with its weights and
   * position, a curve of two runs (found by a review) */
  if (ck->run_id != NULL && g_strcmp0 (ck->run_id, run->id) != 0)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                   /* TRANSLATORS: the checkpoint's file, then two run ids */
                   _("%s: checkpoint belongs to run %s, not to run %s"), ckpt_path, ck->run_id, run->id);
      hl_checkpoint_free (ck);
      return FALSE;
    }
  /* A record whose config was edited since (a learning rate, the epochs,
   * the seed) went on under the new one, its curve of two configs (found
   * by a QA pass). */
  if (ck->config_digest != NULL)
    {
      g_autofree char *now = hl_trainer_config_digest (run->config);

      if (g_strcmp0 (now, ck->config_digest) != 0)
        {
          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                       /* TRANSLATORS: the run's file, then its id */
                       _("%s: cannot resume run %s: its config was changed since its last "
                         "checkpoint, and the run would go on under another one (train the "
                         "changed config as a new run)"), run->path, run->id);
          hl_checkpoint_free (ck);
          return FALSE;
        }
    }
  /* The sizes the data decide are checked once the data are loaded; the
   * parameter count already follows from the config and the stored shape. */
  if (hl_config_count_params (self->config, ck->n_inputs, ck->n_outputs) != ck->n_params
      || g_strcmp0 (ck->optimizer_id, self->config->optimizer.name) != 0
      || g_strcmp0 (ck->schedule_id, self->config->schedule.name) != 0)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                   _("%s: checkpoint does not match the config (model or optimizer differ)"), ckpt_path);
      hl_checkpoint_free (ck);
      return FALSE;
    }
  g_clear_pointer (&self->resume, hl_checkpoint_free);
  self->resume = ck;
  g_clear_pointer (&self->run, hl_run_free);
  self->run = hl_run_copy (run);
  /* now, not when training starts: the curve the caller gets from
   * hl_trainer_get_run is already the one the run continues */
  hl_trainer_trim_resumed_metrics (self);
  return TRUE;
}

HlRun *
hl_trainer_get_run (HlTrainer *self)
{
  return self->run;
}

const HlDataset *
hl_trainer_get_dataset (HlTrainer *self)
{
  return self->dataset;
}

void
hl_trainer_predict (HlTrainer *self, const float *x, guint n, float *out)
{
  const HlDataset *d = self->dataset;

  g_return_if_fail (self->mlp != NULL);
  hl_mlp_predict (self->mlp, x, n, out);
  /* in the target's units: the model learnt z-scored targets */
  if (d->task == HL_TASK_REGRESSION && (d->target_mean != 0.0 || d->target_sd != 1.0))
    for (gsize i = 0; i < (gsize) n * d->n_outputs; i++)
      out[i] = (float) (d->target_mean + d->target_sd * out[i]);
}

/* ---- setup ---------------------------------------------------------------- */

/* Hyperparameter values in descriptor order, defaults for those not given. */
static gboolean
resolve_params (const HlPluginDescriptor *desc, const GArray *given, const char *section,
                double *hp, HlRunPlugin *record, GError **error)
{
  for (guint i = 0; given != NULL && i < given->len; i++)
    {
      const HlParam *p = &g_array_index (given, HlParam, i);
      if (hl_plugin_find_param (desc, p->name) == NULL)
        {
          g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PLUGIN,
                       /* TRANSLATORS: %s.params.%s is a field path, the last %s a plugin id */
                       _("%s.params.%s: %s has no such parameter"), section, p->name, desc->id);
          return FALSE;
        }
    }
  g_free (record->id);
  record->id = g_strdup (desc->id);
  g_free (record->version);
  record->version = g_strdup (desc->version);
  hl_params_clear (record->params);
  for (guint i = 0; i < desc->n_params; i++)
    {
      hp[i] = hl_params_get (given, desc->params[i].name, desc->params[i].default_value);
      hl_params_set (record->params, desc->params[i].name, hp[i]);
    }
  return TRUE;
}

static gboolean
setup_plugins (HlTrainer *self, GError **error)
{
  const HlConfig *c = self->config;
  double opt_hp[HL_PLUGIN_MAX_PARAMS], sched_hp[HL_PLUGIN_MAX_PARAMS];
  g_autoptr (GError) local = NULL;

  self->opt_desc = hl_plugin_registry_lookup (self->registry, HL_PLUGIN_KIND_OPTIMIZER, c->optimizer.name);
  self->sched_desc = hl_plugin_registry_lookup (self->registry, HL_PLUGIN_KIND_SCHEDULE, c->schedule.name);
  if (self->opt_desc == NULL || self->sched_desc == NULL)
    {
      gboolean opt = self->opt_desc == NULL;
      /* The config check's message says why: the module was rejected (its
       * file and reason), or what is installed.  Resuming gets here without
       * that check (a run whose plugin was removed or broke since). */
      g_autoptr (GPtrArray) issues = hl_config_issues_new ();
      hl_config_check_plugins (c, self->registry, issues);
      for (guint i = 0; i < issues->len; i++)
        {
          const HlConfigIssue *issue = issues->pdata[i];
          if (g_error_matches (issue->error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PLUGIN) &&
              g_str_has_prefix (issue->path, opt ? "optimizer." : "schedule."))
            {
              g_propagate_error (error, g_error_copy (issue->error));
              return FALSE;
            }
        }
      if (opt)
        /* TRANSLATORS: optimizer.name is a field path, %s a plugin id */
        g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PLUGIN,
                     _("optimizer.name: no optimizer plugin named \"%s\" is installed"), c->optimizer.name);
      else
        /* TRANSLATORS: schedule.name is a field path, %s a plugin id */
        g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PLUGIN,
                     _("schedule.name: no schedule plugin named \"%s\" is installed"), c->schedule.name);
      return FALSE;
    }
  if (!resolve_params (self->opt_desc, c->optimizer.params, "optimizer", opt_hp, &self->run->optimizer, error)
      || !resolve_params (self->sched_desc, c->schedule.params, "schedule", sched_hp, &self->run->schedule, error))
    return FALSE;
  self->opt = self->opt_desc->optimizer->create (self->mlp->n_params, opt_hp, &local);
  if (self->opt != NULL)
    self->sched = self->sched_desc->schedule->create (sched_hp, &local);
  if (self->opt == NULL || self->sched == NULL)
    {
      /* TRANSLATORS: a plugin id, then the plugin's message */
      g_set_error (error, HL_TRAIN_ERROR, HL_TRAIN_ERROR_PLUGIN,
                   self->opt == NULL ? _("optimizer %s: %s") : _("schedule %s: %s"),
                   self->opt == NULL ? self->opt_desc->id : self->sched_desc->id,
                   local != NULL ? local->message : _("could not create its state"));
      return FALSE;
    }
  return TRUE;
}

static guint
effective_batch (const HlConfig *c, const HlDataset *d)
{
  return c->training.batch_size == HL_BATCH_ALL || c->training.batch_size > d->train.n
         ? d->train.n : c->training.batch_size;
}

/* Rows the model's buffers hold: a training batch, or an evaluation chunk. */
static guint
buffer_rows (const HlConfig *c, const HlDataset *d)
{
  const guint max_n = MAX (d->train.n, MAX (d->val.n, d->test.n));

  return MAX (effective_batch (c, d), MIN (EVAL_ROWS, max_n));
}

/* The batch of inputs beside the model's workspace. */
static gboolean
check_batch_bytes (const HlConfig *c, const HlDataset *d, guint rows, GError **error)
{
  /* Two factors below 2^32: the product fits; compare before scaling by 4. */
  const guint64 x_floats = (guint64) rows * d->n_features;
  guint64 ws = 0;

  hl_mlp_workspace_bytes (&c->model, d->n_features, d->n_outputs, rows, &ws);
  if (x_floats > HL_MAX_WORKSPACE_BYTES / sizeof (float)
      || x_floats * sizeof (float) + ws > HL_MAX_WORKSPACE_BYTES)
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT,
                   _("training.batch_size: a batch of %u samples of %u features needs more than the "
                     "limit of %llu MiB"), rows, d->n_features,
                   (unsigned long long) (HL_MAX_WORKSPACE_BYTES >> 20));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_dataset (const HlConfig *c, const HlDataset *d, GError **error)
{
  if (d->train.n == 0)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_EMPTY,
                   _("dataset: the training split is empty"));
      return FALSE;
    }
  if (d->val.n == 0 && c->early_stopping.enabled)
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_INCONSISTENT,
                   _("early_stopping.enabled: must be false when there is no validation split "
                     "(dataset.validation_split is 0)"));
      return FALSE;
    }
  return TRUE;
}

gboolean
hl_trainer_check_data (const HlConfig *config, const HlDataset *dataset, GError **error)
{
  g_return_val_if_fail (config != NULL && dataset != NULL, FALSE);
  if (!check_dataset (config, dataset, error))
    return FALSE;
  return hl_mlp_check_shape (&config->model, dataset->n_features, dataset->n_outputs,
                             buffer_rows (config, dataset), error)
         && check_batch_bytes (config, dataset, buffer_rows (config, dataset), error);
}

/* Batch buffers: checked against the workspace limit before allocating. */
static gboolean
setup_buffers (HlTrainer *self, GError **error)
{
  const HlDataset *d = self->dataset;
  const guint rows = self->mlp->max_batch;
  const guint64 x_bytes = (guint64) rows * d->n_features * sizeof (float);

  if (!check_batch_bytes (self->config, d, rows, error))
    return FALSE;
  self->x_batch = g_try_malloc ((gsize) x_bytes);
  self->y_batch = g_try_new (guint32, rows);
  self->t_batch = g_try_new (float, (gsize) rows * d->n_outputs);
  self->perm = g_try_new (guint32, d->train.n);
  self->eval_idx = g_try_new (guint32, rows);
  if (self->config->early_stopping.enabled && self->config->early_stopping.restore_best)
    self->best_params = g_try_new (float, self->mlp->n_params);
  if (!self->x_batch || !self->y_batch || !self->t_batch || !self->perm || !self->eval_idx
      || (self->config->early_stopping.enabled && self->config->early_stopping.restore_best
          && !self->best_params))
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT,
                   _("training.batch_size: not enough memory for the batch buffers"));
      return FALSE;
    }
  for (guint i = 0; i < rows; i++)
    self->eval_idx[i] = i;
  for (guint i = 0; i < d->train.n; i++)
    self->perm[i] = i;
  return TRUE;
}

static void
setup_state (HlTrainer *self)
{
  const HlConfig *c = self->config;
  HlRng root, init_rng;
  HlLoopState *st = &self->st;

  /* Independent streams from the seed, so e.g. dropout never shifts the shuffles. */
  hl_rng_seed (&root, c->seed);
  hl_rng_split (&root, &init_rng);
  hl_rng_split (&root, &st->shuffle_rng);
  hl_rng_split (&root, &st->dropout_rng);
  hl_mlp_init (self->mlp, c->model.init, &init_rng);

  self->steps_per_epoch = (self->dataset->train.n + self->batch - 1) / self->batch;
  self->total_steps = self->steps_per_epoch * MAX (c->training.epochs, 1);
  self->log_every = c->training.log_every_steps > 0 ? c->training.log_every_steps
                    : MAX (1, (self->total_steps + AUTO_POINTS - 1) / AUTO_POINTS);
  st->lr = c->optimizer.learning_rate;
  st->last_train_loss = NAN;
  st->last_val_loss = st->last_val_accuracy = NAN;
  st->best_val_loss = st->min_val_loss = INFINITY;
  st->train_at_min = NAN;
  st->val_ema = st->train_ema = NAN;
}

/* The dataset files' digests: a resumed run must find its data as they
 * were, a new one notes them.  Hashing a file is SHA-256 over its bytes,
 * which costs a third of loading a 26 MB gzipped IDX file and a sixth of
 * loading a 33 MB CSV, so it runs on a thread of its own beside the load
 * (it touches only the run's data_files until joined). */
typedef struct {
  HlRun        *run;
  gboolean      resume;
  GCancellable *cancellable;
  gboolean      ok;
  GError       *error;
} DataDigests;

static gpointer
data_digests_thread (gpointer data)
{
  DataDigests *dd = data;

  dd->ok = dd->resume ? hl_run_check_data (dd->run, dd->cancellable, &dd->error)
                      : hl_run_note_data_files (dd->run, dd->cancellable, &dd->error);
  return NULL;
}

static gboolean
has_data_files (const HlConfig *c)
{
  return g_strcmp0 (c->dataset.kind, "csv") == 0 || g_strcmp0 (c->dataset.kind, "idx") == 0;
}

static gboolean
setup (HlTrainer *self, GCancellable *cancellable, GError **error)
{
  const HlConfig *c = self->config;
  const HlDataset *d;
  DataDigests dd = { self->run, self->resume != NULL, cancellable, TRUE, NULL };
  GThread *digests = NULL;
  guint rows;

  /* The model splits each layer across its own threads; OpenBLAS threads on
   * top of them would only compete (and its count is process-wide). */
  openblas_set_num_threads (1);
  /* On the training thread and the one beside it, not the caller's
   * (hashing a big CSV as the run was made held up the application's
   * window).  A refusal to resume on changed data wins over any load error. */
  if (has_data_files (c))
    digests = g_thread_new ("hl-data-digests", data_digests_thread, &dd);
  self->dataset = hl_dataset_load (c, cancellable, error);
  if (digests != NULL)
    g_thread_join (digests);
  if (!dd.ok)
    {
      g_clear_error (error);
      g_propagate_error (error, dd.error);
      return FALSE;
    }
  if (self->dataset == NULL || !check_dataset (c, self->dataset, error))
    return FALSE;
  d = self->dataset;
  self->batch = effective_batch (c, d);
  rows = buffer_rows (c, d);
  self->mlp = hl_mlp_new (&c->model, d->task, d->n_features, d->n_outputs, rows, error);
  if (self->mlp == NULL)
    return FALSE;
  if (!setup_plugins (self, error))
    {
      /* which run: a plugin removed or rejected since it was started */
      if (self->resume != NULL)
        /* TRANSLATORS: the run's file (or id), then its id; the reason follows */
        g_prefix_error (error, _("%s: cannot resume run %s: "),
                        self->run->path != NULL ? self->run->path : self->run->id, self->run->id);
      return FALSE;
    }
  if (!setup_buffers (self, error))
    return FALSE;
  /* More threads than cores only wait for each other (64 on 2 cores made an
   * epoch 2.5 times slower).  The numbers repeat bit for bit for a given
   * count; counts give the same up to rounding (hl_mlp_set_threads). */
  hl_mlp_set_threads (self->mlp, CLAMP (c->training.threads, 1,
                                        MIN (HL_MAX_THREADS, MAX (g_get_num_processors (), 1))));
  setup_state (self);
  g_free (self->run->dataset_description);
  self->run->dataset_description = g_strdup (d->description);
  self->run->summary.n_parameters = self->mlp->n_params;
  if (self->resume != NULL && !hl_trainer_apply_resume (self, error))
    {
      /* which run (the message named only a count: "the number of
       * training samples was 4800, is now 4801") */
      /* TRANSLATORS: the run's file (or id), then its id; the reason follows */
      g_prefix_error (error, _("%s: cannot resume run %s: "),
                      self->run->path != NULL ? self->run->path : self->run->id, self->run->id);
      return FALSE;
    }
  return TRUE;
}

/* ---- finish --------------------------------------------------------------- */

/* An empty matrix for the test pass of a classification run, or NULL
 * (regression, more classes than a record keeps). */
static HlConfusion *
test_confusion_new (const HlDataset *d)
{
  if (d->task != HL_TASK_CLASSIFICATION || d->n_classes == 0 || d->n_classes > HL_CONFUSION_MAX_CLASSES)
    return NULL;
  return hl_confusion_new (d->n_classes, (const char *const *) d->class_names);
}

static void
finish (HlTrainer *self)
{
  HlSummary *s = &self->run->summary;
  const HlLoopState *st = &self->st;
  double test_loss = NAN, test_acc = NAN;

  s->seconds = hl_trainer_elapsed (self);
  /* Frozen here: the test pass below and the final checkpoint of a
   * cancelled run are not training time (a resumed run counts on from it). */
  self->finished_elapsed = s->seconds;
  s->steps = st->step;
  s->epochs = self->steps_per_epoch > 0 ? (double) st->step / self->steps_per_epoch : 0.0;
  s->samples_per_second = s->seconds > 0 ? st->samples / s->seconds : 0.0;
  s->best_val_loss = isfinite (st->best_val_loss) ? st->best_val_loss : NAN;
  s->best_step = isfinite (st->best_val_loss) ? st->best_step : 0;
  s->final_val_loss = st->last_val_loss;
  s->final_val_accuracy = st->last_val_accuracy;
  {
    /* A loss that exploded (or became NaN) is no overfitting: the watch's
     * smoothed training loss falling back from 1e15 read as a model still
     * learning its training set while validation rose, and the plot marked
     * "Overfitting" beside "the loss exploded" (found by a QA pass). */
    double first, last;
    const gboolean sound = hl_run_loss_trouble (self->run, &first, &last) == HL_LOSS_TROUBLE_NONE;

    s->overfitting = st->overfitting && sound;
    s->overfitting_step = s->overfitting ? st->min_val_step : 0;
  }
  s->n_classes = self->dataset->task == HL_TASK_CLASSIFICATION ? self->dataset->n_classes : 0;
  g_clear_pointer (&s->test_confusion, hl_confusion_free);
  /* not for a run stopped before its first step: the untrained model's
   * test accuracy (0.21) stood as the run's result (found by a QA pass) */
  if (self->run->status != HL_RUN_STATUS_DIVERGED && self->dataset->test.n > 0 && st->step > 0)
    {
      g_autoptr(HlConfusion) confusion = test_confusion_new (self->dataset);

      hl_trainer_evaluate (self, &self->dataset->test, &test_loss, &test_acc,
                           confusion != NULL ? confusion->counts : NULL);
      s->test_confusion = g_steal_pointer (&confusion);
    }
  s->test_loss = test_loss;
  s->test_accuracy = test_acc;
  self->run->finished = g_get_real_time ();
  self->run->updated = self->run->finished;
}

static void
save_final (HlTrainer *self)
{
  GError *error = NULL;
  g_autofree char *ckpt = NULL;

  if (self->checkpoint_path == NULL)
    return;
  /* Only a cancelled run can be resumed; the others drop their sidecar. */
  if (self->run->status == HL_RUN_STATUS_CANCELLED)
    {
      if (!hl_trainer_write_checkpoint (self, &error))
        {
          self->final_write_failed = TRUE;
          hl_trainer_note_checkpoint_failure (self, error);
        }
      return;
    }
  /* the sidecar goes only once the final record is on disk: a full disk
   * left a record saying "running" and no checkpoint, so the run could
   * neither finish nor be resumed (found by a review) */
  if (!hl_run_save (self->run, self->checkpoint_path, &error))
    {
      self->final_write_failed = TRUE;
      hl_trainer_note_checkpoint_failure (self, error);
      return;
    }
  ckpt = hl_checkpoint_path_for_run (self->checkpoint_path);
  g_unlink (ckpt);
}

HlRun *
hl_trainer_run (HlTrainer *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (self->mlp == NULL, NULL);   /* one run per trainer */

  self->cancellable = cancellable;
  if (!setup (self, cancellable, error))
    {
      self->cancellable = NULL;
      return NULL;
    }
  self->run->status = HL_RUN_STATUS_RUNNING;
  self->run->finished = 0;
  self->started_us = g_get_monotonic_time ();
  self->excluded_us = 0;
  if (self->checkpoint_path != NULL)
    {
      GError *local = NULL;
      if (!hl_trainer_write_checkpoint (self, &local))
        hl_trainer_note_checkpoint_failure (self, local);
    }
  self->setup_excluded_us = self->excluded_us;   /* once per session: not in the ETA */
  hl_trainer_loop (self);
  finish (self);
  /* a diverged model predicts NaN: the last hook's picture stays (a blank
   * boundary "at step 5"; found by a GUI review) */
  if (self->hook != NULL && self->run->status != HL_RUN_STATUS_DIVERGED)
    self->hook (self, self->st.step, self->hook_data);
  save_final (self);
  self->cancellable = NULL;
  return hl_run_copy (self->run);
}

/* ---- async ---------------------------------------------------------------- */

/* Nice value of the calling thread (Linux: per thread), or -100 when unknown. */
static int
thread_nice (void)
{
#ifdef __linux__
  errno = 0;
  {
    const int nice = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
    return errno == 0 ? nice : -100;
  }
#else
  return -100;
#endif
}

static void
set_thread_nice (int nice)
{
#ifdef __linux__
  if (nice != -100)
    (void) setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), nice);
#endif
}

void
hl_thread_lower_priority (void)
{
  const int nice = thread_nice ();

  if (nice != -100)
    set_thread_nice (MIN (nice + 10, 19));
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  HlTrainer *self = task_data;
  GError *error = NULL;
  HlRun *run = hl_trainer_run (self, cancellable, &error);

  if (run != NULL)
    g_task_return_pointer (task, run, (GDestroyNotify) hl_run_free);
  else
    g_task_return_error (task, error);
}

/* A background run gets a thread of its own, below the UI thread, so
 * drawing never waits for a core (threads the model starts inherit it).
 * Not a GTask pool thread: an unprivileged process cannot lower a nice
 * value again, so a pool thread would stay lowered and each later run on
 * it would start lower still. */
static gpointer
background_thread (gpointer data)
{
  GTask *task = data;
  hl_thread_lower_priority ();
  run_in_thread (task, NULL, g_task_get_task_data (task), g_task_get_cancellable (task));
  g_object_unref (task);
  return NULL;
}

void
hl_trainer_set_background (HlTrainer *self, gboolean background)
{
  g_return_if_fail (self != NULL);
  self->background = background;
}

void
hl_trainer_set_rate_func (HlTrainer *self, HlRateFunc func, gpointer user_data)
{
  g_return_if_fail (self != NULL);
  self->rate_func = func;
  self->rate_data = user_data;
}

void
hl_trainer_request_stop (HlTrainer *self, const char *reason)
{
  g_return_if_fail (self != NULL && reason != NULL);
  g_mutex_lock (&self->ck_lock);
  if (self->stop_request_reason == NULL)
    self->stop_request_reason = g_strdup (reason);
  g_mutex_unlock (&self->ck_lock);
  g_atomic_int_set (&self->stop_requested, 1);
}

void
hl_trainer_run_async (HlTrainer *self, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  /* HlTrainer is no GObject: the task has no source object, the trainer rides as task data. */
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, hl_trainer_run_async);
  g_task_set_task_data (task, self, NULL);
  /* The run must finish even when cancelled: it returns the cancelled run. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);
  if (self->background)
    {
      g_thread_unref (g_thread_new ("hl-train", background_thread, task));
      return;
    }
  g_task_run_in_thread (task, run_in_thread);
  g_object_unref (task);
}

HlRun *
hl_trainer_run_finish (HlTrainer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
