/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-window-private.h - HlWindow internals shared with hl-window-actions.c. */
#pragma once

#include "hl-window.h"

G_BEGIN_DECLS

struct _HlWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *train_button;
  GtkWidget       *stop_button;
  AdwViewStack    *view_stack;
  GtkPaned        *paned;
  HlConfigPanel   *config_panel;
  HlTrainingView  *training_view;
  AdwBin          *runs_bin;

  /* borrowed */
  HlPluginRegistry *registry;
  HlStore          *store;

  /* owned */
  GSettings       *settings;
  GFile           *file;
  GtkNativeDialog *chooser;
};

void hl_window_actions_init (HlWindow *self);
void hl_window_actions_update (HlWindow *self);
void hl_window_emit_config_loaded (HlWindow *self, gboolean ok);
void hl_window_emit_config_saved (HlWindow *self, gboolean ok);

G_END_DECLS
