/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-boundary.h - decision-boundary grids computed on the training thread
 * through a trainer hook and posted to the progress mailbox. */
#pragma once

#include "hyperlab.h"
#include "hl-progress-mailbox.h"

G_BEGIN_DECLS

#define HL_BOUNDARY_RES          64
/* Points of the fitted curve of a 1-D regression. */
#define HL_FIT_RES               160
#define HL_BOUNDARY_EVERY_STEPS  200
/* Cell value where the model's outputs are not finite. */
#define HL_BOUNDARY_NO_CLASS     255

/* At most this often: fast runs take microseconds per step, and the view
 * needs a new picture only a few times a second. */
#define HL_BOUNDARY_MIN_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)

typedef struct _HlBoundaryState HlBoundaryState;

/* Per-run state of the hook; holds a ref on the mailbox. */
HlBoundaryState *hl_boundary_state_new (HlProgressMailbox *mailbox);
void             hl_boundary_state_free (HlBoundaryState *state);

/* An HlTrainerHook (user_data = HlBoundaryState): for a 2-D classification
 * dataset, at most every HL_BOUNDARY_MIN_INTERVAL_US, predicts the class of
 * every cell of a res × res grid over the training data (plus a margin) and
 * posts it; for a 1-D regression, the fitted curve over the training data's
 * x range (plus a margin).  Does nothing for other datasets. */
void hl_boundary_hook (HlTrainer *trainer, guint64 step, gpointer user_data);

/* Compute and post the grid or curve now (worker thread, or after training
 * ended).  FALSE when the dataset is neither 2-D classification nor 1-D
 * regression. */
gboolean hl_boundary_post (HlTrainer *trainer, HlProgressMailbox *mailbox, guint64 step);

/* Predicted classes of a res × res grid over [x0,x1]×[y0,y1] (row 0 at y0)
 * for any predictor; cells holds res*res.  Exposed for tests. */
typedef void (*HlPredictFunc) (gpointer data, const float *x, guint n, float *out);
void hl_boundary_compute (HlPredictFunc predict, gpointer data, guint n_outputs, guint res,
                          double x0, double x1, double y0, double y1, guint8 *cells);

G_END_DECLS
