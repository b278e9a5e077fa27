/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-ui.h - what the sweep dialog's tests (test-sweep-ui.c) share
 * with those of its unfinished sweeps (test-sweep-ui-records.c) and of its
 * run page under load (test-sweep-ui-more.c). */
#pragma once

#include "hyperlab.h"
#include "hl-application.h"
#include "hl-window-private.h"
#include "hl-sweep-dialog-private.h"

extern HlApplication *app;

typedef struct {
  HlWindow      *window;
  HlSweepDialog *dialog;   /* a reference of the test's */
} Fixture;

/* A window on a small spiral of GPOINTER_TO_UINT (data) epochs (3 when 0),
 * its sweep dialog open. */
void              setup_quick (Fixture *f, gconstpointer data);
void              teardown (Fixture *f, gconstpointer data);
/* The dialog as the window's action opens it (a new reference). */
HlSweepDialog    *open_dialog (HlWindow *window);
gboolean          is_shown (gpointer window);
/* The learning rate on a grid of `points`, n trials at once, pruning as said. */
void              grid_of_learning_rates (HlSweepDialog *d, guint points, guint parallel, gboolean pruning);
gboolean          not_running (gpointer dialog);
gboolean          is_running (gpointer dialog);
gboolean          some_training (gpointer dialog);
/* Trial i (0-based) of the run page's list (borrowed), and its row's subtitle. */
HlSweepTrialItem *trial_at (HlSweepDialog *d, guint i);
const char       *row_state (HlSweepDialog *d, guint i);
/* The rows the run page's list shows (AdwActionRow) below w, in order. */
void              collect_rows (GtkWidget *w, GPtrArray *rows);
/* Runs of the application's store whose name starts with prefix, in status. */
guint             count_store_runs (const char *prefix, HlRunStatus status);
/* A question (AdwMessageDialog) shown over parent, or NULL. */
AdwMessageDialog *find_question (GtkWindow *parent);
/* The form's row that varies the config field at path. */
HlVary           *vary (HlSweepDialog *d, const char *path);
/* As a person types a number into spin and leaves the field. */
void              type_number (GtkSpinButton *spin, double value);

/* Hold each trial after the first at its start (the sweep's worker waits
 * there, at most 60 s) until let_trials_go: a sweep of trials one at a
 * time, stopped meanwhile, is certainly left unfinished, however late the
 * dialog's low-priority idle tells the test of the first trial's end (on a
 * loaded machine, only after the second had ended too).  Through
 * hl_sweep_dialog_set_start_hook; holds nothing unless asked. */
void              hold_trials_after_first (void);
void              let_trials_go (void);

/* Whether the dialog has no check of every trial pending or running. */
gboolean          checked_all (gpointer dialog);
/* Whether the weak pointer at data has been cleared. */
gboolean          is_gone (gpointer data);

void test_sweep_ui_records_add (void);
void test_sweep_ui_check_add (void);
void test_sweep_ui_more_add (void);
void test_sweep_ui_form_add (void);
