/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-progress-mailbox.h - worker -> UI hand-off of training progress, metric
 * points and decision-boundary grids; the UI drains it once per frame. */
#pragma once

#include <glib.h>
#include "hl-trainer.h"

G_BEGIN_DECLS

/* One recorded metric point, as appended to the run (NAN = not measured). */
typedef struct {
  guint64 step;
  double  epoch, lr, train_loss, val_loss, val_accuracy;
} HlMetricPoint;

/* Predicted class per cell, res x res, row-major from (x_min, y_min); or,
 * for a 1-D regression, the fitted curve: res predictions at evenly spaced
 * x in [x_min, x_max] (cell centres), cells NULL. */
typedef struct {
  guint   res;
  guint8 *cells;                  /* res * res, or NULL */
  double  x_min, x_max, y_min, y_max;
  guint64 step;                   /* the training step whose model it shows */
  float  *curve;                  /* res, or NULL */
} HlBoundaryGrid;

void hl_boundary_grid_free (HlBoundaryGrid *grid);

/* What one drain returns; clear with hl_progress_drain_clear. */
typedef struct {
  gboolean        has_progress;   /* progress holds the latest post */
  HlProgress      progress;
  GArray         *points;         /* HlMetricPoint posted since the last drain (never NULL) */
  HlBoundaryGrid *grid;           /* latest grid if new since the last drain, else NULL (owned) */
} HlProgressDrain;

void hl_progress_drain_clear (HlProgressDrain *drain);

typedef struct _HlProgressMailbox HlProgressMailbox;

/* Thread-safe reference counting: the worker and the UI each hold a ref. */
HlProgressMailbox *hl_progress_mailbox_new   (void);
HlProgressMailbox *hl_progress_mailbox_ref   (HlProgressMailbox *self);
void               hl_progress_mailbox_unref (HlProgressMailbox *self);

/* Worker side: each takes the lock only to swap or append a few bytes. */
void hl_progress_mailbox_post_progress (HlProgressMailbox *self, const HlProgress *progress);
void hl_progress_mailbox_post_point    (HlProgressMailbox *self, const HlMetricPoint *point);
/* cells (res * res) is copied before the lock is taken. */
void hl_progress_mailbox_post_grid     (HlProgressMailbox *self, const guint8 *cells, guint res,
                                        double x_min, double x_max, double y_min, double y_max,
                                        guint64 step);
/* y (n predictions over [x_min, x_max]) is copied before the lock is taken. */
void hl_progress_mailbox_post_curve    (HlProgressMailbox *self, const float *y, guint n,
                                        double x_min, double x_max, guint64 step);
/* An HlProgressFunc (user_data = the mailbox): posts progress and, when the
 * call recorded a metric point, that point. */
void hl_progress_mailbox_progress_func (const HlProgress *progress, gpointer user_data);

/* UI side: moves everything new into out (cleared first).  Returns TRUE when
 * anything was new. */
gboolean hl_progress_mailbox_drain (HlProgressMailbox *self, HlProgressDrain *out);
/* Drops everything pending (new run). */
void     hl_progress_mailbox_reset (HlProgressMailbox *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlProgressMailbox, hl_progress_mailbox_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlBoundaryGrid, hl_boundary_grid_free)

G_END_DECLS
