/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-dialog-private.h - HlSweepDialog internals shared by its setup
 * page (hl-sweep-dialog.c), the rows of what it varies (hl-sweep-vary.c)
 * and its run page (hl-sweep-dialog-run.c); the tests poke the widgets. */
#pragma once

#include "hl-sweep-dialog.h"
#include "hl-sweep-trial-item.h"

G_BEGIN_DECLS

/* ---- what the sweep varies (hl-sweep-vary.c) ------------------------------ */

typedef enum {
  HL_VARY_LOG,       /* log_uniform [low, high] */
  HL_VARY_INT,       /* int_uniform [low, high] */
  HL_VARY_UNIFORM,   /* uniform [low, high] */
  HL_VARY_VALUES,    /* a list: "16, 32, all" */
} HlVaryKind;

typedef struct {
  char           *path;     /* config path: "model.layers[0].units" */
  char           *title;    /* the row's: "Units of Layer 1" */
  char           *brief;    /* in a trial's title: "layer 1 units" */
  HlVaryKind      kind;
  AdwExpanderRow *row;      /* its switch says whether it is varied */
  GtkSpinButton  *low;      /* ranges */
  GtkSpinButton  *high;
  GtkEditable    *values;   /* HL_VARY_VALUES */
} HlVary;

/* The rows for base into group (learning rate, batch size, each layer's
 * units and dropout, L2): a new array of HlVary.  changed runs on every edit. */
GPtrArray *hl_vary_rows_new (AdwPreferencesGroup *group, const HlConfig *base,
                             GCallback changed, gpointer data);
gboolean   hl_vary_enabled (const HlVary *vary);
/* The space entry of an enabled row ({"log_uniform": [lo, hi]}, "points"
 * added for a grid range when points > 0), or NULL with *error saying what
 * is wrong in the form's words. */
JsonNode  *hl_vary_to_json (const HlVary *vary, guint points, char **error);
/* A trial's "path=value" assignments as the rows name them: "lr 0.03 · batch 32". */
char      *hl_vary_describe (GPtrArray *varies, char **sets);
/* An engine error about the form's sweep in the form's words (a new error
 * of its domain and code): from problem (may be NULL), a grid of too many
 * trials, or a trial with what it set as the rows say it; else a message
 * about "space.<path>…" with the row's title instead. */
GError    *hl_vary_reword (GPtrArray *varies, const GError *error, const HlSweepProblem *problem);

/* ---- the dialog ---------------------------------------------------------- */

/* What a worker said of a trial, copied for the main thread. */
typedef struct {
  guint              index;
  HlSweepTrialState  state;
  HlRunStatus        run_status;
  gboolean           pruned;
  double             score;
  double             epochs;
  double             seconds;
  char              *run_id;
  char              *error;
  /* a running trial's progress (HlSweep.progress), else at_epoch < 0 */
  double             at_epoch;
  guint              of_epochs;
  double             latest;      /* its latest validation by the sweep's metric, or NAN */
} HlTrialNote;

/* An unfinished sweep of the store, atop the setup page
 * (hl-sweep-dialog-records.c). */
typedef struct {
  char         *id;
  char         *name;
  AdwActionRow *row;              /* title: its name; subtitle: how far, when, or its problem */
  GtkWidget    *continue_button;  /* NULL: it cannot be continued here (trains elsewhere, unreadable) */
  GtkSpinner   *spinner;          /* in Continue's place while its record opens */
  GtkWidget    *discard_button;   /* NULL while it trains elsewhere */
  gboolean      damaged;          /* the record cannot be read */
} HlRecordRow;

struct _HlSweepDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  GtkStack            *stack;
  AdwWindowTitle      *setup_title;
  AdwWindowTitle      *run_title;
  AdwPreferencesPage  *setup_page;
  AdwEntryRow         *name_row;
  AdwPreferencesGroup *vary_group;
  AdwPreferencesGroup *search_group;
  AdwComboRow         *method_row;
  AdwActionRow        *budget_row;
  AdwActionRow        *seed_row;
  AdwActionRow        *points_row;
  AdwComboRow         *metric_row;
  AdwActionRow        *parallel_row;
  AdwExpanderRow      *pruning_row;
  AdwActionRow        *min_epochs_row;
  AdwComboRow         *reduction_row;
  GtkLabel            *count_label;
  GtkLabel            *error_label;
  GtkWidget           *start_button;
  GtkWidget           *stop_button;
  GtkWidget           *close_button;
  GtkWidget           *runs_button;
  GtkWidget           *continue_button;
  GtkSpinner          *continue_spinner;
  GtkProgressBar      *progress_bar;
  GtkLabel            *status_label;
  GtkLabel            *best_label;
  GtkListView         *trial_list;
  AdwPreferencesGroup *records_group;

  /* made in code (owned by the widget tree) */
  GtkSpinButton *budget_spin;
  GtkSpinButton *seed_spin;
  GtkSpinButton *points_spin;
  GtkSpinButton *parallel_spin;
  GtkSpinButton *min_epochs_spin;
  GListStore    *trials;        /* HlSweepTrialItem, by trial index - 1: the run page's rows */
  GPtrArray     *record_rows;   /* HlRecordRow, newest first */

  /* owned */
  GPtrArray     *varies;        /* HlVary */
  HlConfig      *base;
  char          *default_name;
  HlSweep       *checked;       /* the setup's trials that stand for all, checked (NULL while
                                 * invalid); its budget is the number of trials */
  HlSweep       *sweep;         /* the one started (all its trials built at Start) */
  GError        *problem;       /* why the setup cannot start */
  char          *form_problem;  /* the window's form's problems, or NULL (hl_sweep_dialog_set_form_problem) */
  GCancellable  *cancellable;
  GPtrArray     *notes;         /* HlTrialNote, by trial index - 1 (main thread) */
  GMutex         mailbox_lock;  /* guards mailbox and drain_pending */
  GPtrArray     *mailbox;       /* HlTrialNote from the workers */
  gboolean       drain_pending;
  GMainContext  *context;       /* where the rows are updated */
  char          *records_seen;  /* what the records' rows show (rebuilt only when it changes) */
  char          *opening;       /* the id of a record being opened on a thread (Continue), or NULL */

  /* The dialog's own store of the window's folder: the trials are saved
   * from the sweep's threads, and an HlStore is one thread's (the window's
   * refreshes its listing on the main thread as the files change).  Owned,
   * so it also outlives the window while the last trials are saved. */
  HlStore          *store;
  char             *store_error;   /* why there is none */
  /* Many runs the store's index does not know are read on a worker when
   * the dialog opens (3,000 took half a second): meanwhile the default
   * name is provisional and Start and Continue wait (the store is the
   * main thread's until its read ends). */
  GCancellable     *load_cancel;
  gboolean          loading;
  /* Start of a big sweep builds its trials on a worker (10,000 took 0.43 s):
   * meanwhile the form is shut and says so. */
  gboolean          preparing;
  /* Above a few hundred trials an edit checks only those that stand for
   * all; every trial is then checked on a worker once the edits settle
   * (hl-sweep-dialog-check.c), for the spec in all_spec. */
  char             *all_spec;       /* the spec (JSON) checked whole, pending or done; NULL: none */
  JsonNode         *all_spec_node;  /* it, for the worker, until the delay ends */
  guint             all_timeout;    /* the delay's source, or 0 */
  GCancellable     *all_cancel;     /* the running check's, or NULL */
  gboolean          all_for_start;  /* Start waits for the running check's sweep */
  guint             all_generation; /* a check begun before the latest change is stale */
  HlSweep          *all;            /* its every trial built, or NULL */
  GError           *all_error;      /* or what a trial of it has, in the form's words */
  GCancellable     *build_cancel;   /* Start's build on a worker (cancelled when closed), or NULL */
  /* borrowed */
  HlPluginRegistry *registry;

  gboolean started;
  gboolean running;
  gboolean stopping;
  gboolean close_when_done;
  gboolean disposed;
  guint    best;                /* the best trial's index so far, 0: none */
};

/* Test hook: called on the worker that reads the store's unindexed runs,
 * before it reads them (a test holds it there). */
typedef void (*HlSweepDialogReadHook) (gpointer user_data);
void hl_sweep_dialog_set_read_hook (HlSweepDialogReadHook hook, gpointer user_data);
/* Test hook: called on the worker that builds a big sweep's trials at
 * Start, before it builds them. */
void hl_sweep_dialog_set_build_hook (HlSweepDialogReadHook hook, gpointer user_data);
/* Test hook: called on the sweep's worker (under the sweep's lock) as a
 * trial starts, after its start is posted to the dialog and before it
 * trains, with the trial's number (1-based): a test holds a trial there to
 * Stop the sweep while that trial is certainly unfinished.  Holding it
 * holds the sweep's other workers at their next start or end. */
typedef void (*HlSweepDialogStartHook) (guint trial, gpointer user_data);
void hl_sweep_dialog_set_start_hook (HlSweepDialogStartHook hook, gpointer user_data);
/* Trials from which Start builds them on that worker (tests lower it). */
extern guint hl_sweep_dialog_build_on_worker;

/* hl-sweep-dialog-check.c */
/* The trials of spec, whose trials that stand for all are good, all
 * checked after hl_sweep_dialog_check_delay_ms without a further change,
 * on a worker: what a trial of it has when known (in the form's words),
 * else NULL (still checking, or good).  Its verdict refreshes the form. */
const GError *hl_sweep_dialog_check_all (HlSweepDialog *self, JsonNode *spec);
/* Forget the check (cancel it if it runs). */
void          hl_sweep_dialog_check_all_stop (HlSweepDialog *self);
/* Whether a check of every trial is pending or running. */
gboolean      hl_sweep_dialog_checking_all (HlSweepDialog *self);
/* The sweep that check built, every trial good (owned), or NULL; the check
 * is forgotten. */
HlSweep      *hl_sweep_dialog_take_all (HlSweepDialog *self);
/* Start's, while the check runs on its worker: its sweep is handed to
 * hl_sweep_dialog_built once built (TRUE); FALSE when no check runs. */
gboolean      hl_sweep_dialog_check_all_for_start (HlSweepDialog *self);
/* Test hook: called on the worker that checks every trial, after it has
 * built them (a test holds it there). */
void hl_sweep_dialog_set_check_hook (HlSweepDialogReadHook hook, gpointer user_data);
extern guint hl_sweep_dialog_check_delay_ms;

/* hl-sweep-dialog.c: the setup checked again, as after an edit. */
void hl_sweep_dialog_refresh (HlSweepDialog *self);
/* Start's sweep built on a worker (owned), or why not (problem: its parts,
 * or NULL): the run page, or the form saying why, open again. */
/* The trials of a sweep built on a worker (Start's of 1,000 or more, the
 * form's check of every trial): what the worker owns until it returns. */
typedef struct {
  HlConfig         *base;         /* a copy of the dialog's */
  JsonNode         *spec;
  HlPluginRegistry *registry;     /* thread-safe to read once loaded */
  guint             generation;   /* the check's: all_generation when it began */
  HlSweepProblem    problem;      /* the worker's, until it returns */
} HlSweepBuildJob;

HlSweepBuildJob *hl_sweep_build_job_new (HlSweepDialog *self, JsonNode *spec);
void hl_sweep_build_job_free (gpointer job);
/* In the task's thread: the job's sweep built, returned by the task. */
void hl_sweep_build_job_run (GTask *task, HlSweepBuildJob *job, GCancellable *cancellable);

void hl_sweep_dialog_built (HlSweepDialog *self, HlSweep *sweep, const GError *error,
                            const HlSweepProblem *problem);

/* hl-sweep-dialog-records.c */
/* What a record opened on a thread gave (main thread, the dialog not
 * disposed): the sweep (owned) or why not. */
typedef void (*HlRecordOpened) (HlSweepDialog *self, const char *id, HlSweep *sweep, const GError *error);
/* Opens the record of the dialog's store on a thread (as `hyperlab-cli
 * sweep --resume` does); self->opening holds its id until done runs. */
void hl_sweep_dialog_open_record (HlSweepDialog *self, const char *id, HlRecordOpened done);
void hl_sweep_dialog_list_records (HlSweepDialog *self);
gboolean hl_sweep_dialog_is_destroyed (HlSweepDialog *self);
void hl_sweep_dialog_records_class_init (GtkWidgetClass *widget_class);
void hl_sweep_dialog_records_init (HlSweepDialog *self);
void hl_record_row_free (gpointer row);

/* hl-sweep-dialog-run.c */
void hl_sweep_dialog_run_begin (HlSweepDialog *self);
/* Continue could not go on: said above the trials. */
void hl_sweep_dialog_show_continue_error (HlSweepDialog *self, const GError *error);
void hl_sweep_dialog_confirm_stop (HlSweepDialog *self);
void hl_trial_note_free (gpointer note);
void hl_sweep_dialog_emit_trial_saved (HlSweepDialog *self, const char *id);
void hl_sweep_dialog_emit_finished (HlSweepDialog *self);
void hl_sweep_dialog_notify_running (HlSweepDialog *self);

G_END_DECLS
