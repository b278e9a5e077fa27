/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find-dialog-private.h - HlLrFindDialog internals shared by the
 * dialog (hl-lr-find-dialog.c: the range, the outcome, Use) and its run
 * (hl-lr-find-dialog-run.c: the worker, the live curve, Stop); the tests
 * poke the widgets. */
#pragma once

#include "hl-lr-find-dialog.h"
#include "hl-lr-find-plot.h"
#include "hl-progress-mailbox.h"

G_BEGIN_DECLS

struct _HlLrFindDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkWidget      *close_button;
  GtkWidget      *use_button;
  GtkWidget      *start_button;
  GtkWidget      *stop_button;
  AdwActionRow   *from_row;
  AdwActionRow   *to_row;
  AdwActionRow   *steps_row;
  GtkWidget      *range_group;
  AdwPreferencesGroup *result_group;
  GtkSpinner     *spinner;
  GtkProgressBar *progress_bar;
  GtkLabel       *error_label;
  GtkWidget      *plot_frame;
  HlLrFindPlot   *plot;
  GtkLabel       *steepest_label;
  GtkLabel       *lowest_label;

  /* made in code (owned by the widget tree) */
  GtkSpinButton  *from_spin;
  GtkSpinButton  *to_spin;
  GtkSpinButton  *steps_spin;

  /* owned */
  HlConfig       *config;
  HlLrFindResult *result;
  GCancellable   *cancellable;    /* of the test running, else NULL */
  HlProgressMailbox *mailbox;     /* the running test's steps, drained once a frame */
  char           *use_path;       /* the config field Use sets: "optimizer.learning_rate", or a
                                   * schedule's peak "schedule.params.max_lr" */
  char           *use_label;      /* that field as the form names it ("Peak rate"), or NULL */
  gint64          started_us;     /* monotonic */
  guint           frame_id;       /* tick callback draining the mailbox while the test runs */
  guint           live_step;      /* the last step drained */
  guint           shown_seconds;  /* G_MAXUINT: the status is to be written again */
  double          live_lr;        /* that step's rate */
  double          run_from, run_to;
  guint           run_steps;

  /* borrowed */
  HlPluginRegistry *registry;

  gboolean disposed;
};

/* hl-lr-find-dialog.c */
gboolean hl_lr_find_dialog_read_range (HlLrFindDialog *self, double *from, double *to, guint *steps,
                                       GError **error);
void hl_lr_find_dialog_update_actions (HlLrFindDialog *self);
/* Whether a test runs changed: the actions, and notify::running. */
void hl_lr_find_dialog_running_changed (HlLrFindDialog *self);
void hl_lr_find_dialog_set_status (HlLrFindDialog *self, const char *text);
void hl_lr_find_dialog_show_result (HlLrFindDialog *self);
void hl_lr_find_dialog_clear_outcome (HlLrFindDialog *self);
void hl_lr_find_dialog_show_error (HlLrFindDialog *self, const char *message);

/* hl-lr-find-dialog-run.c: the frame tick off and the mailbox dropped
 * (dispose; a test still running keeps its own reference). */
void hl_lr_find_dialog_end_live (HlLrFindDialog *self);

G_END_DECLS
