/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-window-private.h - HlWindow internals shared with hl-window-actions.c. */
#pragma once

#include "hl-window.h"
#include "hl-run-list.h"
#include "hl-compare-view.h"

G_BEGIN_DECLS

struct _HlWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *train_button;
  GtkWidget       *stop_button;
  GtkWidget       *sweep_button;
  GtkWidget       *menu_button;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack    *view_stack;
  AdwFlap         *flap;
  GtkToggleButton *setup_button;   /* shows or hides the form (over the curves when narrow) */
  HlConfigPanel   *config_panel;
  HlTrainingView  *training_view;
  AdwBin          *runs_bin;

  /* borrowed */
  HlPluginRegistry *registry;
  HlStore          *store;

  /* runs page, NULL without a store (owned by the widget tree) */
  HlRunList       *run_list;
  HlCompareView   *compare_view;
  GtkPaned        *runs_paned;

  /* owned */
  GPtrArray       *replicates;   /* HlConfig still to train for "repeat with N seeds" */
  GSettings       *settings;
  GFile           *file;
  HlConfig        *file_config;    /* the config as set, opened or saved, or NULL */
  GtkNativeDialog *chooser;

  /* weak: the sweep dialog while it exists (it outlives its widgets
   * until its trials are saved) */
  GtkWidget       *sweep_dialog;
  guint            sweep_refresh_id;   /* the Runs page catching up with a sweep's trials */
  /* the close question about unsaved runs: up, or its Try Again saving */
  GtkWidget       *unsaved_dialog;     /* weak */
  gboolean         close_when_saved;
  /* a run that ended while the Experiment page was hidden: "saved" is
   * said once its record is on disk */
  char            *announce_saved;
  /* closed while a run trained: the window goes once the stopped run is
   * saved (or asks, when its save failed) */
  gboolean         close_after_run;
};

void hl_window_actions_init (HlWindow *self);
void hl_window_runs_init (HlWindow *self);
void hl_window_actions_update (HlWindow *self);
/* Train refused for the form's problems: the form shown, its first problem
 * row focused, a toast saying it; FALSE when the form has none. */
gboolean hl_window_train_blocked (HlWindow *self);
void hl_window_emit_config_loaded (HlWindow *self, gboolean ok);
void hl_window_emit_config_saved (HlWindow *self, gboolean ok);

/* hl-window-sweep.c */
void     hl_window_sweep_init (HlWindow *self);
void     hl_window_sweep_dispose (HlWindow *self);
gboolean hl_window_sweep_running (HlWindow *self);
void     hl_window_sweep_stop_for_close (HlWindow *self, GApplication *app);

G_END_DECLS
