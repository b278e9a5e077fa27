/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-progress-mailbox.c - mutex-protected hand-off from the training thread
 * to the UI.  Plain GLib: the worker never waits for the UI, only for the
 * few instructions another side holds the lock. */
#include <math.h>
#include <string.h>
#include "hl-progress-mailbox.h"

struct _HlProgressMailbox {
  gatomicrefcount  ref;
  GMutex           lock;
  /* Guarded by lock. */
  gboolean         has_progress;
  HlProgress       progress;
  GArray          *points;        /* HlMetricPoint */
  HlBoundaryGrid  *grid;          /* newest undrained grid, or NULL */
};

void
hl_boundary_grid_free (HlBoundaryGrid *grid)
{
  if (grid == NULL)
    return;
  g_free (grid->cells);
  g_free (grid->curve);
  g_free (grid);
}

void
hl_progress_drain_clear (HlProgressDrain *drain)
{
  g_clear_pointer (&drain->points, g_array_unref);
  g_clear_pointer (&drain->grid, hl_boundary_grid_free);
  drain->has_progress = FALSE;
}

static GArray *
points_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (HlMetricPoint));
}

HlProgressMailbox *
hl_progress_mailbox_new (void)
{
  HlProgressMailbox *self = g_new0 (HlProgressMailbox, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->points = points_new ();
  return self;
}

HlProgressMailbox *
hl_progress_mailbox_ref (HlProgressMailbox *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
hl_progress_mailbox_unref (HlProgressMailbox *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_array_unref (self->points);
  hl_boundary_grid_free (self->grid);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
hl_progress_mailbox_post_progress (HlProgressMailbox *self, const HlProgress *progress)
{
  g_return_if_fail (self != NULL && progress != NULL);
  g_mutex_lock (&self->lock);
  self->progress = *progress;
  self->has_progress = TRUE;
  g_mutex_unlock (&self->lock);
}

void
hl_progress_mailbox_post_point (HlProgressMailbox *self, const HlMetricPoint *point)
{
  g_return_if_fail (self != NULL && point != NULL);
  g_mutex_lock (&self->lock);
  g_array_append_val (self->points, *point);
  g_mutex_unlock (&self->lock);
}

/* The newest picture wins: an undrained older one is dropped. */
static void
replace_grid (HlProgressMailbox *self, HlBoundaryGrid *grid)
{
  HlBoundaryGrid *old;

  g_mutex_lock (&self->lock);
  old = self->grid;
  self->grid = grid;
  g_mutex_unlock (&self->lock);
  hl_boundary_grid_free (old);
}

void
hl_progress_mailbox_post_grid (HlProgressMailbox *self, const guint8 *cells, guint res,
                               double x_min, double x_max, double y_min, double y_max, guint64 step)
{
  HlBoundaryGrid *grid;

  g_return_if_fail (self != NULL && cells != NULL && res > 0);
  /* Copy outside the lock: a 200x200 grid is 40 kB. */
  grid = g_new (HlBoundaryGrid, 1);
  *grid = (HlBoundaryGrid) { res, g_memdup2 (cells, (gsize) res * res),
                             x_min, x_max, y_min, y_max, step, NULL };
  replace_grid (self, grid);
}

void
hl_progress_mailbox_post_curve (HlProgressMailbox *self, const float *y, guint n,
                                double x_min, double x_max, guint64 step)
{
  HlBoundaryGrid *grid;

  g_return_if_fail (self != NULL && y != NULL && n > 0);
  grid = g_new (HlBoundaryGrid, 1);
  *grid = (HlBoundaryGrid) { n, NULL, x_min, x_max, NAN, NAN, step,
                             g_memdup2 (y, (gsize) n * sizeof (float)) };
  replace_grid (self, grid);
}

void
hl_progress_mailbox_progress_func (const HlProgress *p, gpointer user_data)
{
  HlProgressMailbox *self = user_data;

  hl_progress_mailbox_post_progress (self, p);
  if (p->point_added)
    {
      HlMetricPoint pt = { p->point_step, p->point_epoch, p->point_lr,
                           p->point_train_loss, p->point_val_loss, p->point_val_accuracy };

      hl_progress_mailbox_post_point (self, &pt);
    }
}

gboolean
hl_progress_mailbox_drain (HlProgressMailbox *self, HlProgressDrain *out)
{
  GArray *fresh = points_new ();   /* allocated before locking */

  g_return_val_if_fail (self != NULL && out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  g_mutex_lock (&self->lock);
  out->has_progress = self->has_progress;
  out->progress = self->progress;
  self->has_progress = FALSE;
  out->points = self->points;
  self->points = fresh;
  out->grid = g_steal_pointer (&self->grid);
  g_mutex_unlock (&self->lock);
  return out->has_progress || out->points->len > 0 || out->grid != NULL;
}

void
hl_progress_mailbox_reset (HlProgressMailbox *self)
{
  HlProgressDrain drain;

  hl_progress_mailbox_drain (self, &drain);
  hl_progress_drain_clear (&drain);
}
