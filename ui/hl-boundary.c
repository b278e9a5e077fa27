/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-boundary.c - decision-boundary grids, computed on the training thread. */
#include <math.h>
#include "hl-boundary.h"

void
hl_boundary_compute (HlPredictFunc predict, gpointer data, guint n_outputs, guint res,
                     double x0, double x1, double y0, double y1, guint8 *cells)
{
  gsize n = (gsize) res * res;
  g_autofree float *x = g_new (float, 2 * n);         /* n × 2 */
  g_autofree float *out = g_new (float, n * n_outputs); /* n × outputs */

  for (guint j = 0; j < res; j++)
    for (guint i = 0; i < res; i++)
      {
        gsize k = (gsize) j * res + i;
        x[2 * k] = (float) (x0 + (x1 - x0) * (i + 0.5) / res);
        x[2 * k + 1] = (float) (y0 + (y1 - y0) * (j + 0.5) / res);
      }
  predict (data, x, (guint) n, out);
  for (gsize k = 0; k < n; k++)
    {
      guint best = 0;
      gboolean finite = isfinite (out[k * n_outputs]);

      for (guint c = 1; c < n_outputs; c++)
        {
          finite = finite && isfinite (out[k * n_outputs + c]);
          if (out[k * n_outputs + c] > out[k * n_outputs + best])
            best = c;
        }
      /* a diverged model predicts nothing: leave the cell blank */
      cells[k] = finite ? (guint8) MIN (best, HL_BOUNDARY_NO_CLASS - 1) : HL_BOUNDARY_NO_CLASS;
    }
}

static void
trainer_predict (gpointer data, const float *x, guint n, float *out)
{
  hl_trainer_predict (data, x, n, out);
}

struct _HlBoundaryState
{
  HlProgressMailbox *mailbox;
  gint64             last_post;   /* monotonic µs */
};

HlBoundaryState *
hl_boundary_state_new (HlProgressMailbox *mailbox)
{
  HlBoundaryState *state = g_new0 (HlBoundaryState, 1);

  state->mailbox = hl_progress_mailbox_ref (mailbox);
  return state;
}

void
hl_boundary_state_free (HlBoundaryState *state)
{
  if (state == NULL)
    return;
  hl_progress_mailbox_unref (state->mailbox);
  g_free (state);
}

void
hl_boundary_hook (HlTrainer *trainer, guint64 step, gpointer user_data)
{
  HlBoundaryState *state = user_data;
  gint64 now = g_get_monotonic_time ();

  if (state->last_post != 0 && now - state->last_post < HL_BOUNDARY_MIN_INTERVAL_US)
    return;
  if (hl_boundary_post (trainer, state->mailbox, step))
    state->last_post = now;
}

/* The model's prediction at HL_FIT_RES x values over the training data's
 * range and a 5 % margin (as the scatter preview keeps), in the target's
 * units. */
static gboolean
post_curve (HlTrainer *trainer, const HlDataset *ds, HlProgressMailbox *mailbox, guint64 step)
{
  double x0 = INFINITY, x1 = -INFINITY, margin;
  float x[HL_FIT_RES], y[HL_FIT_RES];

  for (guint i = 0; i < ds->train.n; i++)
    {
      x0 = MIN (x0, ds->train.x[i]);
      x1 = MAX (x1, ds->train.x[i]);
    }
  margin = x1 > x0 ? 0.05 * (x1 - x0) : 1.0;
  x0 -= margin, x1 += margin;
  for (guint i = 0; i < HL_FIT_RES; i++)
    x[i] = (float) (x0 + (x1 - x0) * (i + 0.5) / HL_FIT_RES);
  hl_trainer_predict (trainer, x, HL_FIT_RES, y);
  hl_progress_mailbox_post_curve (mailbox, y, HL_FIT_RES, x0, x1, step);
  return TRUE;
}

gboolean
hl_boundary_post (HlTrainer *trainer, HlProgressMailbox *mailbox, guint64 step)
{
  const HlDataset *ds = hl_trainer_get_dataset (trainer);
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  guint8 cells[HL_BOUNDARY_RES * HL_BOUNDARY_RES];

  if (ds == NULL || ds->train.x == NULL || ds->train.n == 0)
    return FALSE;
  if (ds->n_features == 1 && ds->task == HL_TASK_REGRESSION && ds->n_outputs == 1)
    return post_curve (trainer, ds, mailbox, step);
  if (ds->n_features != 2 || ds->task != HL_TASK_CLASSIFICATION)
    return FALSE;
  for (guint i = 0; i < ds->train.n; i++)
    {
      x0 = MIN (x0, ds->train.x[2 * i]);
      x1 = MAX (x1, ds->train.x[2 * i]);
      y0 = MIN (y0, ds->train.x[2 * i + 1]);
      y1 = MAX (y1, ds->train.x[2 * i + 1]);
    }
  /* a 5 % margin, as the scatter preview keeps */
  {
    /* a square region, so the view keeps the data's aspect ratio */
    double side = 1.1 * MAX (MAX (x1 - x0, y1 - y0), 1e-6);
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    x0 = cx - side / 2, x1 = cx + side / 2;
    y0 = cy - side / 2, y1 = cy + side / 2;
  }
  hl_boundary_compute (trainer_predict, trainer, ds->n_outputs, HL_BOUNDARY_RES,
                       x0, x1, y0, y1, cells);
  hl_progress_mailbox_post_grid (mailbox, cells, HL_BOUNDARY_RES, x0, x1, y0, y1, step);
  return TRUE;
}
