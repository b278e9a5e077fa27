/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-trainer-private.h - the trainer's state, shared by its setup, loop and checkpoint code. */
#pragma once

#include "hl-trainer.h"
#include "hl-mlp.h"
#include "hl-checkpoint.h"

G_BEGIN_DECLS

/* Everything the loop changes, as plain data: the checkpoint stores it as raw
 * bytes, so resuming restores the exact state (bit-identical continuation). */
typedef struct {
  guint64 step;              /* optimizer steps done */
  guint64 samples;           /* training samples seen */
  guint32 epoch;             /* 0-based current epoch */
  guint32 pos;               /* samples of this epoch's permutation consumed */
  HlRng   shuffle_rng;
  HlRng   dropout_rng;
  double  lr;                /* last learning rate used */
  double  last_train_loss;   /* last batch */
  double  point_loss_sum;    /* Σ loss·samples since the previous metric point */
  guint64 point_loss_count;  /* samples since then */
  double  val_loss_stretch_sum;   /* the same since the previous validation */
  guint64 val_loss_stretch_count;
  double  last_val_loss, last_val_accuracy;
  /* early stopping (min_delta applies) */
  double  best_val_loss;
  guint64 best_step;
  gint32  has_best_params;
  /* overfitting watch, on exponentially smoothed losses so that validation
   * noise around a plateau is not taken for a turn */
  gint32  overfitting;
  double  val_ema;           /* smoothed validation loss */
  double  train_ema;         /* smoothed training loss (per validation stretch) */
  double  min_val_loss;      /* minimum of val_ema */
  guint64 min_val_step;
  double  train_at_min;      /* train_ema at that minimum */
  guint32 vals_since_min;
  guint32 reserved;
  double  elapsed;           /* training seconds in earlier sessions (resume) */
} HlLoopState;

struct _HlTrainer {
  HlConfig         *config;
  HlPluginRegistry *registry;          /* borrowed */

  HlProgressFunc    progress;
  gpointer          progress_data;
  HlTrainerHook     hook;
  guint             hook_every;
  gpointer          hook_data;
  char             *checkpoint_path;
  char             *config_digest;     /* of run->config, made at the first checkpoint */
  /* Writes of the record or sidecar that failed (disk full, store gone):
   * counted for the progress reports, the last message kept for
   * hl_trainer_dup_checkpoint_error (any thread, under ck_lock). */
  guint             checkpoint_failures;
  gboolean          final_write_failed; /* the write as the run ended (save_final) */
  GMutex            ck_lock;
  char             *checkpoint_error;
  gboolean          background;        /* lower the training thread's priority (async runs) */
  double            checkpoint_seconds;
  double            diverged_lr;       /* rate of the step whose loss was not finite */
  double            finished_elapsed;  /* training seconds once the loop ended, else < 0 */
  HlCheckpoint     *resume;            /* loaded sidecar, applied after setup */
  HlRun            *resume_run;

  /* built by hl_trainer_run */
  HlDataset        *dataset;
  HlMlp            *mlp;
  HlRun            *run;
  const HlPluginDescriptor *opt_desc, *sched_desc;
  gpointer          opt, sched;
  float            *x_batch;           /* rows × F, rows = mlp->max_batch */
  guint32          *y_batch;           /* rows */
  float            *t_batch;           /* rows × n_outputs (regression) */
  guint32          *perm;              /* n_train */
  guint32          *eval_idx;          /* 0, 1, 2 ... for gathering validation/test chunks */
  float            *best_params;       /* n_params, when restore_best */
  guint             batch;             /* effective training batch B */
  guint64           steps_per_epoch;
  guint64           total_steps;
  guint64           log_every;
  gint64            started_us;        /* monotonic, this session */
  gint64            excluded_us;       /* this session: checkpoint writes and hooks, not training */
  gint64            last_checkpoint_us;
  gint64            setup_excluded_us; /* of excluded_us, the first write as the session began */
  GCancellable     *cancellable;
  /* hl_trainer_set_rate_func: replaces the schedule */
  HlRateFunc        rate_func;
  gpointer          rate_data;
  /* hl_trainer_request_stop: the flag (atomic) and its reason (ck_lock) */
  gint              stop_requested;
  char             *stop_request_reason;
  HlLoopState       st;
};

/* hl-trainer-loop.c */
void     hl_trainer_loop (HlTrainer *self);
/* confusion (n_outputs × n_outputs, row = true class; NULL for none) is
 * added to per sample: classification only. */
void     hl_trainer_evaluate (HlTrainer *self, const HlSplit *split, double *loss, double *accuracy,
                              guint64 *confusion);
double   hl_trainer_elapsed (HlTrainer *self);

/* hl-trainer-checkpoint.c */
gboolean hl_trainer_write_checkpoint (HlTrainer *self, GError **error);
/* SHA-256 (hex) of a config as JSON, without its name: the checkpoint
 * keeps the run's. */
char    *hl_trainer_config_digest (const HlConfig *config);
/* Counts a failed write and keeps its message (takes error). */
void     hl_trainer_note_checkpoint_failure (HlTrainer *self, GError *error);
gboolean hl_trainer_apply_resume (HlTrainer *self, GError **error);
/* The run's curve as the checkpoint left it: points after its step dropped,
 * and a cancelled run's closing point (hl_trainer_set_resume calls it). */
void     hl_trainer_trim_resumed_metrics (HlTrainer *self);

G_END_DECLS
