/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run.h - a run record: resolved config, status, metric arrays, summary. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "hl-config.h"

G_BEGIN_DECLS

#define HL_RUN_FORMAT  "hyperlab-run"
#define HL_RUN_VERSION 1

typedef enum {
  HL_RUN_STATUS_RUNNING,
  HL_RUN_STATUS_COMPLETED,
  HL_RUN_STATUS_EARLY_STOPPED,
  HL_RUN_STATUS_DIVERGED,
  HL_RUN_STATUS_CANCELLED,
  HL_RUN_STATUS_FAILED,
  HL_RUN_STATUS_INTERRUPTED,   /* was "running" when its process died; set by the store, saved as such */
} HlRunStatus;

/* Parallel arrays, one entry per recorded point.  Missing values are NAN
 * (written as null in JSON). */
typedef struct {
  GArray *step;          /* guint64 */
  GArray *epoch;         /* double, fractional: step / steps_per_epoch */
  GArray *lr;            /* double */
  GArray *train_loss;    /* double: mean training loss since the previous point */
  GArray *val_loss;      /* double or NAN */
  GArray *val_accuracy;  /* double or NAN (regression: NAN) */
} HlMetrics;

/* The test set's confusion matrix of a classification run: how many test
 * samples of each true class the final weights (those of test_accuracy,
 * the restored best ones when restored) predicted as each class, the
 * prediction being the argmax of the outputs with the tie rule of
 * hl_softmax_ce, so trace / total == test_accuracy exactly.  Kept for at
 * most HL_CONFUSION_MAX_CLASSES classes: 10,000 counts is the cap for a
 * record (a set of more classes keeps none).  In the run record:
 * summary.test_confusion = {"classes": [names…], "counts": [[row], …]}. */
#define HL_CONFUSION_MAX_CLASSES 100
typedef struct {
  guint     n_classes;
  char    **class_names;  /* n_classes names, NULL-terminated */
  guint64  *counts;       /* n_classes × n_classes, row-major: row = true class, column = predicted */
} HlConfusion;

/* One off-diagonal cell: count test samples of class true_class predicted as predicted. */
typedef struct {
  guint    true_class;
  guint    predicted;
  guint64  count;
} HlConfusionPair;

/* All counts 0; class_names (n_classes of them, copied) or NULL for "0", "1", … */
HlConfusion *hl_confusion_new (guint n_classes, const char *const *class_names);
HlConfusion *hl_confusion_copy (const HlConfusion *self);
void         hl_confusion_free (HlConfusion *self);
guint64      hl_confusion_total (const HlConfusion *self);
guint64      hl_confusion_correct (const HlConfusion *self);   /* the trace */
guint64      hl_confusion_row_total (const HlConfusion *self, guint true_class);
/* The up to max off-diagonal cells of the largest counts (> 0) into out,
 * largest first (ties: by true class, then predicted); returns how many. */
guint        hl_confusion_most_confused (const HlConfusion *self, HlConfusionPair *out, guint max);
/* Header "true\predicted,<names…>", then one row per true class, in
 * display order (hl_confusion_display_order, as the figure shows them);
 * names quoted as RFC 4180 asks when they hold a comma, a quote or a line break. */
char        *hl_confusion_to_csv (const HlConfusion *self);

/* The order n classes named names (NULL: "0", "1", …) are shown in: a new
 * array, order[i] = the class shown i-th.  A matrix's classes are the
 * dataset's class indices, which training depends on (a CSV's word labels
 * are numbered in byte order: L0, L1, L10, L11, L2 …); changing them would
 * change the results of existing configs and of resumed runs.  So only
 * the display sorts: names in byte order that are not all numbers are
 * shown in natural order (hl_confusion_name_compare: L2 before L10);
 * any other order (Fashion-MNIST's, numbers' numeric one) stays. */
guint       *hl_confusion_display_order (guint n, const char *const *names);
/* A copy with its classes in display order (rows and columns). */
HlConfusion *hl_confusion_dup_display (const HlConfusion *self);
/* Natural order: runs of ASCII digits compare by value (L2 < L10, 2 < 10),
 * everything else by bytes; equal values ("L01", "L1") then by bytes. */
int          hl_confusion_name_compare (const char *a, const char *b);

/* Why a run has no test_confusion, the one decision behind the texts that
 * say so (the Runs page's confusion grid, the CLI's --confusion), checked
 * in this order. */
typedef enum {
  HL_CONFUSION_MISSING_NONE,        /* it has one */
  HL_CONFUSION_MISSING_REGRESSION,  /* its config is a regression: no classes */
  HL_CONFUSION_MISSING_UNFINISHED,  /* running or interrupted: the matrix comes from the final test */
  HL_CONFUSION_MISSING_DIVERGED,    /* its weights were not tested */
  HL_CONFUSION_MISSING_NO_TEST,     /* no test results: no test set, or stopped before its first step */
  HL_CONFUSION_MISSING_TOO_MANY_CLASSES, /* summary.n_classes > HL_CONFUSION_MAX_CLASSES */
  HL_CONFUSION_MISSING_NOT_KEPT     /* tested, but recorded before matrices were kept (or before
                                     * summary.classes was: then over HL_CONFUSION_MAX_CLASSES
                                     * classes is possible too, the record cannot tell) */
} HlConfusionMissing;

typedef struct {
  double   best_val_loss;        /* NAN when no validation */
  guint64  best_step;
  double   test_loss;            /* NAN when no test set */
  double   test_accuracy;        /* NAN for regression / no test set */
  double   final_train_loss;
  double   final_val_loss;
  double   final_val_accuracy;
  guint64  steps;
  double   epochs;               /* fractional epochs done */
  double   seconds;              /* training time only */
  double   samples_per_second;
  /* "early stopped at step 812 (best at step 612)": in English, as a field
   * of the format; the CLI and the application say it in the user's
   * language from the status and the numbers */
  char    *stop_reason;
  gboolean overfitting;
  guint64  overfitting_step;     /* where validation loss turned up while training loss fell */
  guint64  diverged_step;        /* when status is diverged */
  double   diverged_lr;
  guint64  n_parameters;
  /* The final test pass's confusion matrix (owned): NULL for regression,
   * no test set, a run that did not finish its test pass (diverged,
   * running, resumed), more than HL_CONFUSION_MAX_CLASSES classes, and
   * records from before it was kept. */
  HlConfusion *test_confusion;
  /* The classes of a classification run's dataset, set by its end (0:
   * regression, or a record from before it was kept): it tells "more
   * than HL_CONFUSION_MAX_CLASSES classes" from an old record when
   * test_confusion is NULL.  In the record: summary.classes. */
  guint        n_classes;
} HlSummary;

/* Resolved plugin identity as used by the run. */
typedef struct {
  char   *id;
  char   *version;
  GArray *params;        /* HlParam: every hyperparameter, defaults filled in */
} HlRunPlugin;

typedef struct {
  char        *id;           /* "20261126-201502-3f9a", unique in a store */
  HlConfig    *config;       /* resolved */
  HlRunStatus  status;
  gint64       created;      /* unix microseconds */
  gint64       finished;     /* 0 while running */
  gint64       updated;      /* last checkpoint */
  HlRunPlugin  optimizer;
  HlRunPlugin  schedule;
  HlMetrics    metrics;
  HlSummary    summary;
  char        *dataset_description;   /* for people, in the language the run began in */
  char        *group;        /* seed-replicate group id, or NULL */
  char        *path;         /* where it was loaded from / saved to; not serialised */
  /* The dataset files (csv, idx; absolute path -> SHA-256 of their bytes,
   * hex) as they were when the run was created, or NULL (generated data,
   * records from before they were kept).  A run resumed on files that
   * changed since went on training on other data, its curve half one
   * dataset, half another (found by a QA pass): hl_run_check_data. */
  GHashTable  *data_files;
} HlRun;

/* Copies config; new id, status running (the trainer notes the dataset
 * files' digests as it begins: hl_run_note_data_files). */
HlRun   *hl_run_new (const HlConfig *config);
void     hl_run_free (HlRun *self);
HlRun   *hl_run_copy (const HlRun *self);
char    *hl_run_new_id (void);

void     hl_metrics_append (HlMetrics *m, guint64 step, double epoch, double lr,
                            double train_loss, double val_loss, double val_accuracy);
guint    hl_metrics_len (const HlMetrics *m);
/* A metric by name ("train_loss", "val_loss", "val_accuracy", "lr", "epoch"); borrowed. */
GArray  *hl_metrics_get (const HlMetrics *m, const char *name);

/* The words a sweep's pruner stops a trial with ("stopped at step 40:
 * pruned by successive halving: …"). */
#define HL_RUN_PRUNED_REASON "pruned by successive halving"
/* Whether a sweep's successive halving stopped the run (status
 * early_stopped, its stop reason says so). */
gboolean    hl_run_was_pruned (HlRunStatus status, const char *stop_reason);
const char *hl_run_status_to_string (HlRunStatus s);      /* "completed" */
gboolean    hl_run_status_from_string (const char *s, HlRunStatus *out);
const char *hl_run_status_to_label (HlRunStatus s);       /* translated, for people */
/* Whether the run ended with its best weights put back (restore_best, and
 * the best validation came before the last step): its test results are
 * those of the weights from summary.best_step. */
gboolean    hl_run_restored_best (const HlRun *self);
/* Why run has no summary.test_confusion (HL_CONFUSION_MISSING_NONE when it
 * has one): the grid and the CLI put this in their own words. */
HlConfusionMissing hl_run_confusion_missing (const HlRun *run);

/* What went wrong with the training loss of a run that did not diverge by
 * the rule (only a NaN or Inf loss stops a run): it ended far above where it
 * began, or became NaN with stop_on_nan off.  Such runs were shown as a
 * success (found by a review: a loss of 1e6 at lr 1e6, "Early stopped ✓"). */
typedef enum {
  HL_LOSS_TROUBLE_NONE,
  HL_LOSS_TROUBLE_EXPLODED,   /* mean of the last tenth of points > 100 × the first point */
  HL_LOSS_TROUBLE_NAN,        /* a point's training loss is NaN or infinite */
} HlLossTrouble;
#define HL_LOSS_EXPLODED_FACTOR 100.0
/* *first: the first point's training loss; *last: the mean of the last
 * tenth of points (EXPLODED), or the step of the first NaN point (NAN). */
HlLossTrouble hl_run_loss_trouble (const HlRun *self, double *first, double *last);

JsonNode *hl_run_to_json (const HlRun *self);
HlRun    *hl_run_from_json (JsonNode *root, const char *filename, GError **error);
HlRun    *hl_run_load (const char *path, GError **error);
/* The record as JSON text.  Write runs with this (or hl_run_save), not with
 * JsonGenerator: json-glib 1.6 writes 1e-8 as "1e-08.0" (invalid JSON) and
 * NaN as "nan"; this writes shortest round-trip numbers and null for NaN. */
char     *hl_run_to_data (const HlRun *self, gsize *length);
/* Atomic (write to temp + rename, G_FILE_SET_CONTENTS_CONSISTENT).  Sets
 * self->updated to now and self->path to path.  HL_RUN_ERROR_IO on failure,
 * with the errno as far as GLib's GFileError kept it (not EFBIG, EDQUOT):
 * hl_error_save_cause. */
gboolean  hl_run_save (HlRun *self, const char *path, GError **error);
/* hl_run_save, then for a run that has ended (neither running nor
 * cancelled) the checkpoint beside it goes: once the final record is on
 * disk nothing will resume from it.  A first final save that failed left it
 * (rightly); a later one that worked left it forever. */
gboolean  hl_run_save_final (HlRun *self, const char *path, GError **error);

/* Keeps the digests of the config's dataset files in data_files (the
 * trainer, on its own thread, as a new run begins: a 2 GB CSV takes
 * seconds to read).  FALSE only when cancellable fired (G_IO_ERROR_CANCELLED,
 * checked per MiB). */
gboolean  hl_run_note_data_files (HlRun *self, GCancellable *cancellable, GError **error);
/* Before a resume: FALSE (HL_RUN_ERROR_CHECKPOINT, naming the file) when a
 * dataset file holds other bytes than when the run was created.  A file
 * that cannot be read is left to the dataset loader to report; a fired
 * cancellable gives G_IO_ERROR_CANCELLED.  The trainer checks it on its
 * thread before it loads the data. */
gboolean  hl_run_check_data (const HlRun *self, GCancellable *cancellable, GError **error);

/* Metrics as CSV: header "step,epoch,lr,train_loss,val_loss,val_accuracy". */
char     *hl_run_metrics_to_csv (const HlRun *self);
/* The run's config with every optimizer and schedule hyperparameter it
 * trained with written out, defaults included: a config exported from it
 * trains the same even after a plugin's default changes. */
HlConfig *hl_run_dup_effective_config (const HlRun *self);
/* How many of runs (HlRun; NULL for none) train a regression
 * (hl_config_is_regression): a loss axis names its loss from it. */
guint     hl_runs_count_regression (const GPtrArray *runs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlRun, hl_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlConfusion, hl_confusion_free)

G_END_DECLS
