/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-trainer.h - the training loop: minibatches, validation, early stopping,
 * NaN stop, cancellation, progress.  Synchronous (worker thread) or GTask. */
#pragma once

#include <gio/gio.h>
#include "hl-config.h"
#include "hl-run.h"
#include "hl-dataset.h"
#include "hl-plugin-registry.h"

G_BEGIN_DECLS

typedef struct _HlTrainer HlTrainer;

/* Passed to the progress callback on the training thread.  Cheap to build:
 * the callback may be called every step. */
typedef struct {
  guint64  step;            /* steps done */
  guint64  total_steps;     /* planned */
  guint64  steps_per_epoch;
  guint    epoch;           /* 0-based current epoch */
  guint    epochs;
  double   lr;
  double   train_loss;      /* last batch */
  double   val_loss;        /* latest validation, NAN if none yet */
  double   val_accuracy;
  double   elapsed;         /* seconds of training */
  double   eta;             /* seconds left, estimate; NAN if unknown */
  /* Set when this call also recorded a metric point (values as appended). */
  gboolean point_added;
  guint64  point_step;
  double   point_epoch, point_lr, point_train_loss, point_val_loss, point_val_accuracy;
  /* the point holds a validation (its loss may be NaN: a run that blew up
   * with stop_on_nan off), not only training figures */
  gboolean point_validated;
  /* Overfitting seen so far (as in the summary): the flag and the step where
   * the smoothed validation loss was lowest, 0 when not overfitting. */
  gboolean overfitting;
  guint64  overfitting_step;
  /* writes of the run's record or checkpoint that failed so far (disk
   * full, store gone): if the process dies, the run since its last good
   * checkpoint is lost; hl_trainer_dup_checkpoint_error says why */
  guint    checkpoint_failures;
} HlProgress;

typedef void (*HlProgressFunc) (const HlProgress *progress, gpointer user_data);

/* Called on the training thread every `every_steps` steps (and at the end)
 * with the trainer, e.g. to compute a decision-boundary grid via hl_trainer_predict. */
typedef void (*HlTrainerHook) (HlTrainer *trainer, guint64 step, gpointer user_data);

/* The config is copied.  The registry is borrowed and must outlive the trainer. */
HlTrainer *hl_trainer_new (const HlConfig *config, HlPluginRegistry *registry, GError **error);
void       hl_trainer_free (HlTrainer *self);
/* The checks a run makes once its data are loaded (splits, the model's size
 * for these inputs and outputs, the batch's memory), without allocating:
 * `validate` said "config OK" for a CSV too wide for the model's limits. */
gboolean   hl_trainer_check_data (const HlConfig *config, const HlDataset *dataset, GError **error);

void hl_trainer_set_progress_func (HlTrainer *self, HlProgressFunc func, gpointer user_data);
void hl_trainer_set_hook (HlTrainer *self, guint every_steps, HlTrainerHook hook, gpointer user_data);
/* Save the run record to path at least every `seconds` while running (and at the end). */
void hl_trainer_set_checkpoint (HlTrainer *self, const char *path, double seconds);
/* The message of the last record or checkpoint write that failed (during
 * the run or as it ended), or NULL; any thread.  Free with g_free.  How
 * many failed is in the progress reports (HlProgress.checkpoint_failures). */
char *hl_trainer_dup_checkpoint_error (HlTrainer *self);
/* Whether the write as the run ended failed: a stopped run's checkpoint
 * (it cannot be resumed), or a finished run's record.  After the run. */
gboolean hl_trainer_get_final_write_failed (HlTrainer *self);
/* The learning rate of each step (0-based) from func instead of the
 * config's schedule (the learning-rate range test).  Before the run. */
typedef double (*HlRateFunc) (guint64 step, gpointer user_data);
void hl_trainer_set_rate_func (HlTrainer *self, HlRateFunc func, gpointer user_data);
/* Ask the run to stop after its current step, as an early stop: status
 * early_stopped, stop_reason "stopped at step N: <reason>", the best
 * weights restored when restore_best is on and they came before step N
 * (a sweep's pruning).  Any
 * thread, e.g. the progress callback; the first reason is kept. */
void hl_trainer_request_stop (HlTrainer *self, const char *reason);
/* Continue from a saved run and its checkpoint sidecar (issue: run store). */
gboolean hl_trainer_set_resume (HlTrainer *self, HlRun *run, GError **error);

/* Load data, build the model, train.  Returns the finished run record whatever
 * the outcome (completed, early_stopped, diverged, cancelled): check run->status.
 * Returns NULL with error only when training could not start (bad dataset,
 * plugin failure).  Cancellation mid-run returns the run with status cancelled. */
HlRun *hl_trainer_run (HlTrainer *self, GCancellable *cancellable, GError **error);

/* For interactive hosts: an async run lowers its thread's scheduling priority
 * (nice + 10, Linux) while it trains, so the UI thread always gets a core. */
void   hl_trainer_set_background (HlTrainer *self, gboolean background);
/* The calling thread's nice value + 10 (Linux; threads it starts inherit
 * it): a background run's, for a host's own worker thread (the
 * application's learning-rate range test).  Not on a pool thread: an
 * unprivileged process cannot raise it again. */
void   hl_thread_lower_priority (void);

/* The same on a GLib worker thread; the callback runs in the caller's main context. */
void   hl_trainer_run_async (HlTrainer *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
HlRun *hl_trainer_run_finish (HlTrainer *self, GAsyncResult *result, GError **error);

/* While running (from a hook) or after: the dataset and predictions. */
const HlDataset *hl_trainer_get_dataset (HlTrainer *self);
/* out: n × n_outputs (class probabilities, or regression outputs in the
 * target's units). */
void hl_trainer_predict (HlTrainer *self, const float *x, guint n, float *out);

/* The run being written (borrowed; valid until hl_trainer_free). */
HlRun *hl_trainer_get_run (HlTrainer *self);

G_END_DECLS
