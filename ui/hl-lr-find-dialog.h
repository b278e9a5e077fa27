/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find-dialog.h - "Find…" beside the form's learning rate: the
 * learning-rate range test (hl_lr_find) of the form's config on a worker
 * thread below the UI's priority, its range editable, Stop cancelling it;
 * then the smoothed loss against the rate, the steepest-fall and the
 * lowest-loss rates in words, and "Use" for the first.  The curve grows
 * while the test runs; Stop keeps the steps taken, and their rates.
 *
 * Signals (main thread):
 *   "use" (double lr, const char *path)
 *       the user took lr (the steepest rate, 2 significant digits) for
 *       the config field at path (hl_lr_find_dialog_get_use_path); the
 *       dialog then closes
 */
#pragma once

#include <adwaita.h>
#include "hyperlab.h"

G_BEGIN_DECLS

#define HL_TYPE_LR_FIND_DIALOG (hl_lr_find_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HlLrFindDialog, hl_lr_find_dialog, HL, LR_FIND_DIALOG, AdwWindow)

/* A schedule parameter of this name is the run's peak rate in place of
 * the optimizer's base rate (one-cycle's): Use sets it. */
#define HL_LR_FIND_PEAK_PARAM "max_lr"

/* config is copied; the registry is borrowed and must outlive the dialog
 * (the test runs on after a close until it sees the cancellation). */
GtkWidget     *hl_lr_find_dialog_new (GtkWindow *parent, const HlConfig *config, HlPluginRegistry *registry);

/* Start the test with the range shown (what Start does).  FALSE with the
 * range's problem as HL_CONFIG_ERROR_RANGE, or G_IO_ERROR_BUSY while one
 * runs. */
gboolean       hl_lr_find_dialog_start (HlLrFindDialog *self, GError **error);
/* Cancel a running test (what Stop does). */
void           hl_lr_find_dialog_stop (HlLrFindDialog *self);
/* Property "running". */
gboolean       hl_lr_find_dialog_get_running (HlLrFindDialog *self);
/* The config field Use sets: "optimizer.learning_rate", or
 * "schedule.params.max_lr" for a schedule with its own peak rate. */
const char    *hl_lr_find_dialog_get_use_path (HlLrFindDialog *self);
/* The last finished (or stopped) test's result (borrowed), or NULL. */
const HlLrFindResult *hl_lr_find_dialog_get_result (HlLrFindDialog *self);
/* The rate "Use" puts in the form: the steepest rate to 2 significant
 * digits; NAN while there is none. */
double         hl_lr_find_dialog_get_suggestion (HlLrFindDialog *self);

G_END_DECLS
