/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-window.h - the main window: configuration forms on the left, training
 * results on the right, runs on a second page. */
#pragma once

#include <adwaita.h>
#include "hyperlab.h"
#include "hl-application.h"
#include "hl-config-panel.h"
#include "hl-training-view.h"

G_BEGIN_DECLS

#define HL_TYPE_WINDOW (hl_window_get_type ())
G_DECLARE_FINAL_TYPE (HlWindow, hl_window, HL, WINDOW, AdwApplicationWindow)

HlWindow *hl_window_new (HlApplication *app);

/* Show a copy of config in the forms ("edit as new" uses this too). */
void            hl_window_set_config (HlWindow *self, const HlConfig *config);
/* The config Train would hand to the trainer now (borrowed). */
const HlConfig *hl_window_get_config (HlWindow *self);

/* Train the current config (what the Train action does); FALSE with error
 * when the config is invalid or the trainer cannot be created. */
gboolean hl_window_train (HlWindow *self, GError **error);
void     hl_window_stop (HlWindow *self);

/* Open / save a config file asynchronously.  When done the window emits
 * "config-loaded" / "config-saved" (gboolean success); failures also show a
 * toast.  With train TRUE, training starts once the config is loaded. */
void hl_window_open_file (HlWindow *self, GFile *file, gboolean train);
void hl_window_save_file (HlWindow *self, GFile *file);
/* The file the config was last opened from or saved to (borrowed), or NULL. */
GFile *hl_window_get_file (HlWindow *self);

void hl_window_show_toast (HlWindow *self, const char *text);

HlConfigPanel  *hl_window_get_config_panel (HlWindow *self);
HlTrainingView *hl_window_get_training_view (HlWindow *self);
/* The "Runs" page container (an AdwBin): the run list goes in here. */
GtkWidget      *hl_window_get_runs_bin (HlWindow *self);
/* Switch to a page: "train" or "runs". */
void            hl_window_show_page (HlWindow *self, const char *name);

G_END_DECLS
