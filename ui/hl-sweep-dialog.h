/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-dialog.h - "Sweep…": a sweep of the form's config (what to vary,
 * grid or random, early stopping, trials at once), then its trials as they
 * train into the run store, with Stop and a way to their runs.
 *
 * Signals (main thread; arguments borrowed):
 *   "trial-saved" (const char *id)   a trial's run was saved in the store
 *   "finished"    ()                 the sweep ended: every trial's record is
 *                                    saved (also after the dialog was destroyed)
 *   "show-runs"   (GPtrArray *ids)   the user asked for the trials' runs, the
 *                                    best first; the dialog then closes
 */
#pragma once

#include <adwaita.h>
#include "hyperlab.h"

G_BEGIN_DECLS

#define HL_TYPE_SWEEP_DIALOG (hl_sweep_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HlSweepDialog, hl_sweep_dialog, HL, SWEEP_DIALOG, AdwWindow)

/* base is copied; store and registry are borrowed and must outlive the
 * sweep (the "finished" signal says when it no longer needs them). */
GtkWidget  *hl_sweep_dialog_new (GtkWindow *parent, const HlConfig *base, HlStore *store,
                                 HlPluginRegistry *registry);

/* The setup as it stands: how many trials it makes (0 while invalid), and
 * why it cannot start (NULL when it can). */
guint       hl_sweep_dialog_get_n_trials (HlSweepDialog *self);
const char *hl_sweep_dialog_get_error (HlSweepDialog *self);

/* Start training the trials (what Start does).  FALSE with the setup's
 * problem as an HL_SWEEP_ERROR, or G_IO_ERROR_BUSY when already started. */
gboolean    hl_sweep_dialog_start (HlSweepDialog *self, GError **error);
/* Cancel: trials training are saved as cancelled, no new ones start. */
void        hl_sweep_dialog_stop (HlSweepDialog *self);
/* After Stop: go on with the same sweep from its record (as `hyperlab-cli
 * sweep --resume` does): finished trials kept, cancelled ones resumed from
 * their checkpoints, the others started.  The record is opened on a thread
 * (it reads the run of every trial that started), the dialog showing it
 * is busy; then the trials train, or the dialog says why they cannot (the
 * record's HL_SWEEP_ERROR, e.g. another process continued it).  FALSE
 * with G_IO_ERROR_BUSY while it runs or its record is being opened,
 * G_IO_ERROR_NOT_FOUND when nothing is left to continue. */
gboolean    hl_sweep_dialog_continue (HlSweepDialog *self, GError **error);
/* Continue an unfinished sweep of the store (one of those listed atop the
 * setup page) before anything started: its record is opened on a thread
 * (as `hyperlab-cli sweep --resume ID` does), then its trials train on the
 * run page, the finished ones shown with their outcome.  FALSE with
 * G_IO_ERROR_BUSY when a sweep started or a record is being opened; a
 * record that cannot be continued (it trains elsewhere, it is damaged)
 * says why on its row. */
gboolean    hl_sweep_dialog_continue_record (HlSweepDialog *self, const char *id, GError **error);
/* Forget an unfinished sweep's record (its runs stay): what Discard does
 * once confirmed.  The record's HL_SWEEP_ERROR when it cannot. */
gboolean    hl_sweep_dialog_discard_record (HlSweepDialog *self, const char *id, GError **error);
/* The form the dialog's config comes from has problems the config alone
 * does not show (a CSV too short for its splits): reason says them, NULL
 * when it has none.  A new sweep is then refused, the setup shut and
 * saying reason; the unfinished sweeps listed can still be continued. */
void        hl_sweep_dialog_set_form_problem (HlSweepDialog *self, const char *reason);
/* Property "running": started and not yet finished. */
gboolean    hl_sweep_dialog_get_running (HlSweepDialog *self);
/* The sweep started (borrowed), or NULL before Start.  Its trials' outcomes
 * may be read once it is no longer running. */
const HlSweep *hl_sweep_dialog_get_sweep (HlSweepDialog *self);

G_END_DECLS
