/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-training-view.h - the results side of the window: runs a trainer on a
 * worker, drains its progress once per frame into a progress bar, the live
 * plot and the decision-boundary view, and states the outcome in words. */
#pragma once

#include <adwaita.h>
#include "hyperlab.h"
#include "hl-plot.h"
#include "hl-confusion-view.h"
#include "hl-scatter-preview.h"

G_BEGIN_DECLS

#define HL_TYPE_TRAINING_VIEW (hl_training_view_get_type ())
G_DECLARE_FINAL_TYPE (HlTrainingView, hl_training_view, HL, TRAINING_VIEW, GtkBox)

/* Both borrowed and must outlive the view; store may be NULL (runs not kept). */
void hl_training_view_set_context (HlTrainingView *self, HlPluginRegistry *registry,
                                   HlStore *store);
/* Bind the plot options to GSettings keys plot-log-y, plot-smoothing, plot-x-axis. */
void hl_training_view_bind_settings (HlTrainingView *self, GSettings *settings);

/* Start training a copy of config.  points (may be NULL) gives the dataset's
 * scatter points for the decision-boundary view.  Never blocks: data loading
 * and training happen on a worker.  FALSE with error if the trainer could
 * not be created. */
gboolean hl_training_view_start (HlTrainingView *self, const HlConfig *config,
                                 HlScatterPreview *points, GError **error);
/* Continue an interrupted or cancelled run of the store from its checkpoint. */
gboolean hl_training_view_resume (HlTrainingView *self, const char *id, GError **error);
/* Runs started from now on belong to this seed-replicate group (NULL: none). */
void     hl_training_view_set_group (HlTrainingView *self, const char *group);
/* Finished runs of the group shown as mean and band in the plot (0: none). */
guint    hl_training_view_get_group_size (HlTrainingView *self);
/* Request cancellation; "running" turns FALSE when the worker has stopped. */
void     hl_training_view_stop (HlTrainingView *self);
gboolean hl_training_view_get_running (HlTrainingView *self);   /* property "running" */

/* The last finished run (borrowed) or NULL; and its config's learning rate
 * for "retry with learning rate / 10". */
HlRun   *hl_training_view_get_last_run (HlTrainingView *self);
HlPlot  *hl_training_view_get_plot (HlTrainingView *self);
HlScatterPreview *hl_training_view_get_boundary (HlTrainingView *self);
/* Latest progress shown (borrowed); step 0 before the first. */
const HlProgress *hl_training_view_get_progress (HlTrainingView *self);
/* The outcome sentence shown (borrowed), NULL while running. */
const char *hl_training_view_get_outcome (HlTrainingView *self);
/* The line of figures under the outcome's title. */
const char *hl_training_view_get_outcome_detail (HlTrainingView *self);
/* The caption under the decision boundary. */
const char *hl_training_view_get_boundary_caption (HlTrainingView *self);
/* The test set's confusion matrix of the run shown, beside the curves once
 * a classification run has ended (no classes before). */
HlConfusionView *hl_training_view_get_confusion (HlTrainingView *self);
/* Writes that matrix to path by its extension: a figure (.png of 480 × 480
 * points at 2×, .svg, .pdf; light) or the CSV of `hyperlab-cli export-csv
 * --confusion` (.csv).  An error names the file. */
gboolean         hl_training_view_export_confusion (HlTrainingView *self, const char *path,
                                                    GError **error);

/* Finished runs whose record could not be written (a toast offers Try
 * Again), with those being saved again: not on disk yet.  The view keeps
 * each (its own copy, not only the last run) until it is saved or let go. */
guint    hl_training_view_get_n_unsaved (HlTrainingView *self);
/* Of those, being saved again right now. */
gboolean hl_training_view_is_saving_again (HlTrainingView *self);
/* Saves every unsaved run again on a worker, as the first save did: on
 * success "run-saved" for each; a failure shows the toast again. */
void     hl_training_view_save_again (HlTrainingView *self);
/* Lets the unsaved runs go (closing and losing them). */
void     hl_training_view_forget_unsaved (HlTrainingView *self);

/* Signals: "finished" (gpointer HlRun, borrowed; NULL if training failed to
 * start on the worker, e.g. a dataset error); "run-saved" (const char *id)
 * once the finished run is in the store (saved on a worker);
 * "resume-refused" (GError) when a resumed run fails on the worker before
 * it trains (its data changed since, its data no longer load): the view
 * shows no outcome of its own then, and "finished" (NULL) follows;
 * "unsaved-changed" when a save failed or a run saved again is on disk
 * (hl_training_view_get_n_unsaved). */

G_END_DECLS
