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

      for (guint c = 1; c < n_outputs; c++)
        if (out[k * n_outputs + c] > out[k * n_outputs + best])
          best = c;
      cells[k] = (guint8) MIN (best, 255);
    }
}

static void
trainer_predict (gpointer data, const float *x, guint n, float *out)
{
  hl_trainer_predict (data, x, n, out);
}

void
hl_boundary_hook (HlTrainer *trainer, guint64 step, gpointer user_data)
{
  const HlDataset *ds = hl_trainer_get_dataset (trainer);
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  guint8 cells[HL_BOUNDARY_RES * HL_BOUNDARY_RES];

  if (ds == NULL || ds->n_features != 2 || ds->task != HL_TASK_CLASSIFICATION
      || ds->train.x == NULL || ds->train.n == 0)
    return;
  for (guint i = 0; i < ds->train.n; i++)
    {
      x0 = MIN (x0, ds->train.x[2 * i]);
      x1 = MAX (x1, ds->train.x[2 * i]);
      y0 = MIN (y0, ds->train.x[2 * i + 1]);
      y1 = MAX (y1, ds->train.x[2 * i + 1]);
    }
  /* the same 5 % margin the scatter preview uses */
  {
    double w = MAX (x1 - x0, 1e-6), h = MAX (y1 - y0, 1e-6);
    x0 -= 0.05 * w, x1 += 0.05 * w;
    y0 -= 0.05 * h, y1 += 0.05 * h;
  }
  hl_boundary_compute (trainer_predict, trainer, ds->n_outputs, HL_BOUNDARY_RES,
                       x0, x1, y0, y1, cells);
  hl_progress_mailbox_post_grid (user_data, cells, HL_BOUNDARY_RES, x0, x1, y0, y1);
}
