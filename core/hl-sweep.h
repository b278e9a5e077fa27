/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep.h - hyperparameter sweeps: a base config, a search space keyed by
 * config paths, grid or random trials trained in parallel, and asynchronous
 * successive halving that stops the trials falling behind.
 *
 * A sweep file (`*.sweep.json`):
 *
 *   { "format": "hyperlab-sweep", "version": 1, "name": "spiral lr",
 *     "base": "spiral.hyperlab.json",            (a config file, or a config object)
 *     "space": { "optimizer.learning_rate": { "log_uniform": [1e-4, 1e-1] },
 *                "training.batch_size":     { "values": [8, 32, "all"] },
 *                "model.layers[0].units":   { "int_uniform": [4, 64] },
 *                "model.layers[0].dropout": { "uniform": [0, 0.5] } },
 *     "method": "random",                        ("grid": every combination; a
 *                                                 range then needs "points": N;
 *                                                 default: grid when every entry
 *                                                 lists values or points, else random)
 *     "budget": 20,                              (trials; random needs it)
 *     "seed": 1,                                 (of the random draws)
 *     "metric": "val_loss",                      (or "val_accuracy")
 *     "pruning": { "method": "successive_halving", "min_epochs": 2,
 *                  "reduction_factor": 3 },      (or "none"; "min_steps": 100 instead
 *                                                 counts steps, which favours larger
 *                                                 batches; neither: the trials' epochs / η³)
 *     "parallel": 2 }                            (trials at once; default: CPUs)
 *
 * Every trial has the base config's seed, so trials differ only in what
 * the space sets.  Trials are ordinary runs in the run store, named
 * "<sweep name> #<k> · <path=value, …>".  Pruning is asynchronous successive
 * halving (Li et al., ASHA): rungs at min_steps · η^k steps (or epochs); when a trial
 * reaches a rung its best validation metric so far is recorded there, and
 * once at least η trials have a value at that rung a trial outside the best
 * 1/η of them is stopped (status early_stopped, stop_reason says why). */
#pragma once

#include <gio/gio.h>
#include "hl-config.h"
#include "hl-run.h"
#include "hl-store.h"
#include "hl-plugin-registry.h"
#include "hl-trainer.h"

G_BEGIN_DECLS

#define HL_SWEEP_FORMAT  "hyperlab-sweep"
#define HL_SWEEP_VERSION 1
/* More trials than this is a mistake (a grid with a typo'd points count). */
#define HL_SWEEP_MAX_TRIALS 10000

typedef enum {
  HL_SWEEP_GRID,
  HL_SWEEP_RANDOM,
} HlSweepMethod;

typedef enum {
  HL_SWEEP_METRIC_VAL_LOSS,       /* lower is better */
  HL_SWEEP_METRIC_VAL_ACCURACY,   /* higher is better */
} HlSweepMetric;

typedef enum {
  HL_SWEEP_TRIAL_PENDING,
  HL_SWEEP_TRIAL_RUNNING,
  HL_SWEEP_TRIAL_DONE,      /* trained: see run_status, pruned */
  HL_SWEEP_TRIAL_FAILED,    /* could not train (error) */
  HL_SWEEP_TRIAL_SKIPPED,   /* never started: the sweep was cancelled or failed */
} HlSweepTrialState;

typedef struct {
  guint              index;       /* 1-based */
  char             **sets;        /* "path=value" assignments, as --set takes them */
  char              *label;       /* "optimizer.learning_rate=0.00316, training.batch_size=32" */
  HlConfig          *config;      /* the base with the sets applied, checked */
  /* outcome, filled by hl_sweep_run */
  HlSweepTrialState  state;
  char              *run_id;
  HlRunStatus        run_status;
  gboolean           pruned;
  double             score;       /* best val loss / accuracy; NAN when none */
  guint64            steps;
  double             epochs;      /* fractional */
  double             seconds;
  double             test_accuracy;
  char              *stop_reason;
  char              *error;       /* FAILED: why */
} HlSweepTrial;

typedef struct _HlSweep {
  char          *name;
  char          *path;            /* the sweep file, or NULL */
  HlSweepMethod  method;
  HlSweepMetric  metric;
  guint          budget;
  guint64        seed;
  guint          parallel;        /* 0: one per CPU */
  char          *pruning_state;   /* a file the pruner's state is shared through (processes
                                   * of one sweep, e.g. SLURM array tasks), or NULL */
  gboolean       background;      /* train below the caller's priority (nice + 10, Linux):
                                   * an interactive host's UI keeps a core */
  /* How a running trial is doing, at most 4 times a second per trial, on its
   * training thread (not one call at a time: trials report side by side);
   * NULL for none.  Set before hl_sweep_run. */
  void         (*progress) (struct _HlSweep *sweep, HlSweepTrial *trial, const HlProgress *progress,
                            gpointer user_data);
  gpointer       progress_data;
  gboolean       pruning;
  double         pruning_min;     /* the first rung: min_steps, or min_epochs */
  gboolean       pruning_epochs;  /* rungs count epochs (fair across batch sizes), not steps */
  guint          reduction_factor;
  GPtrArray     *trials;          /* HlSweepTrial, in the order they are started */
  /* What continues the sweep without its file (hl-sweep-record.c): */
  char          *spec;            /* the sweep's JSON with its base config inlined (before --set) */
  char          *base_dir;        /* where the base's relative data paths resolve, or NULL */
  char          *file;            /* the sweep file it was started from (absolute), or NULL (the
                                   * application's form; a record from before it kept this) */
  char          *base_file;       /* the base config's own file (absolute), or NULL (inline) */
  char         **sets;            /* --set overrides of the base, or NULL */
  char          *id;              /* its record's id once it has one (STORE/.sweeps/<id>/), else NULL */
  char          *record_dir;      /* that folder */
  gboolean       slurm;           /* trained as a SLURM job array (said in the listing) */
  char          *slurm_job;       /* its job id while the job may train trials the record does
                                   * not name yet (its controller gone before the job ended);
                                   * hl_sweep_record_open refuses the sweep while squeue lists it */
  gint64         record_created;  /* unix microseconds */
  struct _HlStoreLock *record_lock;   /* held while this process trains it */
} HlSweep;

/* Parse and expand.  Every trial's config is built and checked against the
 * registry (may be NULL: plugins unchecked) now, so a value no trial can
 * train with is an error before anything trains.  Errors are
 * HL_SWEEP_ERROR (naming the file and field, e.g. "space.optimizer.learning_rate.log_uniform")
 * or, for the base config or a trial's config, that config's own error
 * prefixed with the file and "base" or the trial's assignments. */
HlSweep *hl_sweep_load (const char *path, HlPluginRegistry *registry, GError **error);
HlSweep *hl_sweep_from_data (const char *data, gssize length, const char *filename,
                             HlPluginRegistry *registry, GError **error);
/* What made a sweep of a config in hand fail, in parts, for a caller that
 * says it in words of its own (the application's form) instead of reading
 * the GError's message, which is translated.  Zero-filled before the call;
 * hl_sweep_problem_clear frees its parts. */
typedef struct {
  double   n_trials;   /* a grid of more than HL_SWEEP_MAX_TRIALS trials: how many (may
                        * pass any integer type), else 0 */
  guint    trial;      /* the trial (1-based) whose config has the problem, else 0 */
  char   **sets;       /* that trial's "path=value" assignments */
  char    *reason;     /* its config's problem, without the sweep and the trial */
} HlSweepProblem;

void     hl_sweep_problem_clear (HlSweepProblem *problem);

/* A sweep of a config in hand (the application's form): spec is the sweep
 * file's object without "base" ("format" may be left out).  Relative data
 * paths resolve as the base's do (its base_dir). */
HlSweep *hl_sweep_new_for_config (const HlConfig *base, JsonNode *spec, HlPluginRegistry *registry,
                                  GError **error);
/* The same on a worker whose setup may change meanwhile: gives up between
 * two trials once cancellable is cancelled (G_IO_ERROR_CANCELLED).  A
 * failure is also said in parts in problem (may be NULL). */
HlSweep *hl_sweep_new_for_config_cancellable (const HlConfig *base, JsonNode *spec,
                                              HlPluginRegistry *registry, GCancellable *cancellable,
                                              HlSweepProblem *problem, GError **error);
/* hl_sweep_new_for_config cheaply enough for each edit of a form, whatever
 * the number of trials: its budget is the number of trials, counted, not
 * built, and its trials are only those whose configs stand for all (each
 * value each dimension takes, and for a grid the trials with the largest
 * numbers), each built and checked.  Not to be run: a problem only some
 * other mix of values has is found by hl_sweep_new_for_config.  A failure
 * is also said in parts in problem (may be NULL). */
HlSweep *hl_sweep_check_for_config (const HlConfig *base, JsonNode *spec, HlPluginRegistry *registry,
                                    HlSweepProblem *problem, GError **error);
/* hl_sweep_load with "PATH=VALUE" overrides of the base config (as `run
 * --set` takes them; a trial's own setting of the same field wins).  A
 * problem in a value an override gave is said as "--set field: …". */
HlSweep *hl_sweep_load_with_overrides (const char *path, const char *const *sets,
                                       HlPluginRegistry *registry, GError **error);
void     hl_sweep_free (HlSweep *self);

/* The first rung when a sweep names none: epochs / η³ (4 rungs, the last
 * at the end), at least 0.01. */
double   hl_sweep_default_min_epochs (guint epochs, guint reduction_factor);

/* Whether a is a better score than b for the sweep's metric (NAN is worst). */
gboolean hl_sweep_better (const HlSweep *self, double a, double b);
/* Trials by score, best first; failed and unscored trials last (new array,
 * borrowed trials). */
GPtrArray *hl_sweep_ranking (const HlSweep *self);

/* ---- pruning ------------------------------------------------------------ */

typedef struct _HlSweepPruner HlSweepPruner;

/* Rungs at min · η^k steps, or epochs (epochs TRUE). */
HlSweepPruner *hl_sweep_pruner_new (double min, gboolean epochs, guint reduction_factor, gboolean maximize);
/* The same with its state in a file that processes share (created when
 * missing; read and rewritten under flock() at every report). */
HlSweepPruner *hl_sweep_pruner_new_shared (const char *path, double min, gboolean epochs,
                                           guint reduction_factor, gboolean maximize, GError **error);
void           hl_sweep_pruner_free (HlSweepPruner *self);
/* Trial `trial` (any id) has done `done` steps (or epochs) with `best` its
 * best metric so far.  FALSE when it should stop, with *why (may be NULL;
 * free) saying so.  Thread-safe. */
gboolean       hl_sweep_pruner_report (HlSweepPruner *self, guint trial, double done,
                                       double best, char **why);

/* ---- running ------------------------------------------------------------ */

/* The most training.threads any trial takes (at least 1). */
guint hl_sweep_max_threads (const HlSweep *self);
/* Trials at once when neither the caller nor the file says: one per CPU,
 * or fewer when the trials train on several threads each. */
guint hl_sweep_default_parallel (const HlSweep *self);

/* Called when a trial starts (trial->state RUNNING, run NULL) and when it
 * ends (run is the saved run, or NULL for a trial skipped or failed
 * without one: look at trial->state, not at run), on the trial's worker
 * thread, one call at a time. */
typedef void (*HlSweepTrialFunc) (HlSweep *sweep, HlSweepTrial *trial, const HlRun *run,
                                  gpointer user_data);

/* Train the pending trials, `parallel` at once (0: the sweep's, else
 * hl_sweep_default_parallel), each saved to the store as a run (checkpointed every 10 s);
 * the calling thread is one of the workers.  Cancelling stops the running
 * trials (saved as cancelled, resumable) and starts no more (skipped).  A
 * trial that cannot start (its data cannot be read) fails, and no further
 * trials start.  The outcome is in the trials. */
void hl_sweep_run (HlSweep *self, HlStore *store, HlPluginRegistry *registry,
                   guint parallel, HlSweepTrialFunc func, gpointer user_data,
                   GCancellable *cancellable);

/* hl_sweep_run on a thread of its own (whatever `background` says), the
 * callback in the caller's thread-default main context; func still runs on
 * the workers (marshal to the UI yourself).  The sweep, store and registry
 * must outlive the task. */
void     hl_sweep_run_async  (HlSweep *self, HlStore *store, HlPluginRegistry *registry,
                              guint parallel, HlSweepTrialFunc func, gpointer user_data,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer callback_data);
gboolean hl_sweep_run_finish (HlSweep *self, GAsyncResult *result, GError **error);

/* Results as JSON ("format": "hyperlab-sweep-result"): the sweep's
 * settings and each trial's assignments, run id, status and score. */
JsonNode *hl_sweep_results_to_json (const HlSweep *self);
gboolean  hl_sweep_save_results (const HlSweep *self, const char *path, GError **error);
/* One trial's entry of the results, and back: the outcome fields of an
 * entry for this trial (same index) into it; FALSE when it is not one. */
JsonNode *hl_sweep_trial_to_json (const HlSweepTrial *trial);
gboolean  hl_sweep_trial_take_outcome (HlSweepTrial *trial, JsonNode *node);

/* ---- records: a sweep that can be continued --------------------------------
 *
 * STORE/.sweeps/<id>/sweep.json ("format": "hyperlab-sweep-record"): the
 * sweep's spec with its base inlined, the base's folder, the --set
 * overrides, and for each trial its label and, once it has started, its
 * run's id (and the run's status once it ended).  The pruner's state is
 * rungs.json beside it.  Written atomically as trials start and end;
 * removed once every trial has a final status (completed, early stopped,
 * pruned, diverged).  A process that trains the sweep holds sweep.lock there. */

#define HL_SWEEP_RECORD_FORMAT  "hyperlab-sweep-record"
#define HL_SWEEP_RECORD_VERSION 1

/* A new id and record for a sweep about to train into store; its pruning
 * state goes to the record's folder.  Holds the sweep's lock. */
gboolean hl_sweep_record_create (HlSweep *self, HlStore *store, GError **error);
/* Rewrite the record from the trials (atomic).  Nothing without a record. */
gboolean hl_sweep_record_save (HlSweep *self, GError **error);
/* The sweep of a record, ready for hl_sweep_run to continue: trials whose
 * run finished keep their outcome (DONE) and are not trained again;
 * cancelled ones, and ones whose process died, are PENDING with their
 * run_id (hl_sweep_run resumes them from their checkpoint); trials never
 * started, or whose run is gone from the store, are PENDING without one.
 * Errors: HL_SWEEP_ERROR_NOT_FOUND (no such id), _PARSE / _CORRUPT naming
 * the record's file, _VERSION (a newer record), _BUSY (the sweep or a
 * trial trains in another live process, named). */
HlSweep *hl_sweep_record_open (HlStore *store, const char *id, HlPluginRegistry *registry,
                               GError **error);
/* Whether a run status ends a trial for good: completed, early stopped
 * (pruned too), diverged. */
gboolean hl_sweep_status_is_final (HlRunStatus status);
/* Whether every trial has a final status (nothing left to continue). */
gboolean hl_sweep_is_finished (const HlSweep *self);
/* After training: the record removed when the sweep is finished (its
 * files but those keep() accepts; the folder goes when nothing is left),
 * else saved; the sweep's lock released.  TRUE when it was removed. */
gboolean hl_sweep_record_close (HlSweep *self, gboolean (*keep) (const char *name));

/* A record made for nothing (its job could not be submitted): removed. */
void     hl_sweep_record_discard (HlSweep *self);

typedef struct {
  char    *id;
  char    *name;
  guint    done;        /* trials with a final status */
  guint    started;     /* trials with a run */
  guint    total;
  gint64   created;     /* unix microseconds */
  gint64   updated;
  gboolean slurm;
  gboolean running;     /* a live process trains it (or one of its trials) */
  char    *problem;     /* the record cannot be read: why (the other fields may be empty) */
} HlSweepRecordInfo;

void hl_sweep_record_info_free (HlSweepRecordInfo *info);
/* The store's sweep records, newest first (HlSweepRecordInfo).  A record
 * none of whose started trials has a run left in the store (all deleted)
 * is removed, unless it trains (a trial it says is running, whose process
 * died before its run was first saved, keeps it). */
GPtrArray *hl_sweep_record_list (HlStore *store, GError **error);
/* Remove a record (not its runs).  HL_SWEEP_ERROR_NOT_FOUND, _BUSY. */
gboolean   hl_sweep_record_forget (HlStore *store, const char *id, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlSweep, hl_sweep_free)

G_END_DECLS
