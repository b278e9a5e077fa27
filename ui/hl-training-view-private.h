/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-training-view-private.h - HlTrainingView internals shared by its
 * display (hl-training-view.c) and session (hl-training-view-run.c) halves. */
#pragma once

#include <adwaita.h>
#include "hl-boundary.h"
#include "hl-confusion-view.h"
#include "hl-progress-mailbox.h"
#include "hl-training-view.h"

G_BEGIN_DECLS

enum { SERIES_TRAIN, SERIES_VAL, SERIES_ACC };

#define LABEL_INTERVAL_US (250 * G_TIME_SPAN_MILLISECOND)

struct _HlTrainingView
{
  GtkBox             parent_instance;

  /* template widgets */
  GtkWidget         *empty_cover;
  GtkLabel          *status_label;
  GtkInscription    *eta_label;
  GtkProgressBar    *progress_bar;
  GtkInscription    *detail_label;
  GtkRevealer       *outcome_revealer;
  GtkWidget         *outcome_box;
  GtkImage          *outcome_icon;
  GtkLabel          *outcome_title;
  GtkLabel          *outcome_detail;
  GtkWidget         *retry_button;
  GtkToggleButton   *log_button;
  GtkAdjustment     *smoothing_adjustment;
  GtkWidget         *smoothing_scale;
  GtkDropDown       *x_axis_dropdown;
  GtkWidget         *reset_zoom_button;
  HlPlot            *plot;
  GtkWidget         *boundary_box;
  HlScatterPreview  *boundary;
  GtkInscription    *boundary_caption;
  GtkLabel          *boundary_heading;
  GtkWidget         *side_switcher;
  GtkStack          *side_stack;
  GtkStackPage      *boundary_page;
  GtkStackPage      *confusion_page;
  HlConfusionView   *confusion;
  GtkInscription    *confusion_caption;
  GtkWidget         *confusion_export_button;
  gboolean           boundary_shown;       /* a grid or curve came: the boundary page is there */
  gboolean           boundary_curve;       /* a 1-D regression's fitted curve, not a grid */
  gboolean           checkpoint_warned;    /* the toast for a failed write while training is up */
  AdwToast          *checkpoint_toast;     /* that toast (a ref), dismissed as the run ends */
  double             checkpoint_seconds;   /* between a new run's checkpoints (tests shorten it) */
  guint64            boundary_best_step;   /* > 0: the last grid is of the best weights, put back */
  guint64            boundary_step;        /* the training step of the grid shown */

  /* borrowed */
  HlPluginRegistry  *registry;
  HlStore           *store;

  /* owned */
  HlTrainer         *trainer;
  GCancellable      *cancellable;
  HlProgressMailbox *mailbox;
  HlBoundaryState   *boundary_state;
  HlRun             *pending_run;      /* finished, waiting for its final boundary */
  HlStoreLock       *lock;
  HlRun             *last_run;
  GPtrArray         *unsaved;          /* HlUnsavedRun: finished runs whose record could not
                                        * be written, kept until saved or let go */
  guint              saving_again;     /* of those, on a worker being saved again */
  AdwToast          *unsaved_toast;    /* the toast that offers Try Again (a ref), or NULL */
  HlConfusion       *confusion_matrix; /* the matrix shown, for Export; NULL: none */
  char              *confusion_name;   /* its run's id, the exported file's name */
  HlRun             *resumed;          /* metrics before a resume, until plotted */
  HlProgress         progress;
  guint64            marker_step;      /* overfitting marker shown, 0: none */
  char              *outcome;
  guint              tick_id;
  gint64             labels_updated;   /* monotonic µs */
  gboolean           disposed;         /* widgets gone; a run may still finish */
  char              *group;            /* seed-replicate group of the next runs */
  GPtrArray         *group_runs;       /* HlRun: finished members of the group shown */
  char              *live_seed;        /* the live run's seed when it is a group's member
                                          (its series then name it), else NULL */
  gboolean           running;
  gboolean           resuming;         /* the session continues a stored run */
  guint              n_live;           /* live series: training loss, then validation loss
                                          * and accuracy when measured (SERIES_*) */
  int                loss_task;        /* the loss axis: -1 unknown, 0 cross-entropy, 1 MSE */
};

void     hl_training_view_set_running (HlTrainingView *self, gboolean running);
/* The confusion page's Export button (hl-training-view-confusion.c). */
void     hl_training_view_on_export_confusion (HlTrainingView *self);
/* What the chooser's answer does: exports to path (a toast naming the file
 * when it fails) and remembers its folder. */
void     hl_training_view_save_confusion (HlTrainingView *self, const char *path);
void     hl_training_view_drain (HlTrainingView *self);
gboolean hl_training_view_on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data);
void     hl_training_view_set_outcome (HlTrainingView *self, const char *icon, const char *css,
                                       const char *title, const char *detail, gboolean retry);
void     hl_training_view_show_outcome (HlTrainingView *self, const HlRun *run);
void     hl_training_view_take_dataset_points (HlTrainingView *self);
void     hl_training_view_set_overfitting (HlTrainingView *self, gboolean overfitting,
                                           guint64 step, double epoch);
void     hl_training_view_reset_view (HlTrainingView *self, HlScatterPreview *points);
void     hl_training_view_plot_resumed (HlTrainingView *self, guint64 before_step);
void     hl_training_view_reset_plot (HlTrainingView *self);
/* One recorded point into the live series (accuracy only for classification). */
void     hl_training_view_append (HlTrainingView *self, double step, double epoch, double train_loss,
                                  double val_loss, double val_accuracy);
/* hl-training-view-group.c */
void     hl_training_view_group_started (HlTrainingView *self);
void     hl_training_view_group_finished (HlTrainingView *self, const HlRun *run);
void     hl_training_view_group_done (HlTrainingView *self);
void     hl_training_view_emit_finished (HlTrainingView *self, HlRun *run);
void     hl_training_view_emit_run_saved (HlTrainingView *self, const char *id);
void     hl_training_view_emit_resume_refused (HlTrainingView *self, const GError *error);
void     hl_training_view_emit_unsaved_changed (HlTrainingView *self);
/* hl-training-view-run.c: frees the unsaved runs and their locks */
void     hl_training_view_free_unsaved (HlTrainingView *self);

/* A toast, once per run, when the trainer could not write the run's
 * record or checkpoint (ended: the run that came back, or NULL while it
 * trains). */
void hl_training_view_warn_checkpoint (HlTrainingView *self, const HlRun *ended);

G_END_DECLS
