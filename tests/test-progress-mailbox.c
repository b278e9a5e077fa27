/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-progress-mailbox.c - worker -> UI hand-off: every point arrives once
 * and in order, the latest progress and grid win, nothing is lost across
 * concurrent drains. */
#include <math.h>
#include "hl-progress-mailbox.h"

#define N_POSTS 20000

static gpointer
worker (gpointer data)
{
  HlProgressMailbox *mb = data;

  for (guint i = 1; i <= N_POSTS; i++)
    {
      HlProgress p = { .step = i, .total_steps = N_POSTS, .val_loss = NAN,
                       .point_added = (i % 2) == 0, .point_step = i,
                       .point_train_loss = 1.0 / i, .point_val_loss = NAN };

      hl_progress_mailbox_progress_func (&p, mb);
      if (i % 1000 == 0)
        g_usleep (1000);   /* let drains interleave with posts */
      if (i % 5000 == 0)
        {
          guint8 cells[16];

          for (guint k = 0; k < 16; k++)
            cells[k] = (guint8) (i / 5000);
          hl_progress_mailbox_post_grid (mb, cells, 4, -1, 1, -2, 2, 7);
        }
    }
  hl_progress_mailbox_unref (mb);
  return NULL;
}

typedef struct {
  guint64 expected, last_progress;
  guint   drains, grids, last_grid;
} Seen;

static void
check_drain (Seen *seen, HlProgressDrain *d)
{
  for (guint i = 0; i < d->points->len; i++)
    {
      HlMetricPoint *pt = &g_array_index (d->points, HlMetricPoint, i);

      g_assert_cmpuint (pt->step, ==, seen->expected);
      g_assert_cmpfloat (pt->train_loss, ==, 1.0 / pt->step);
      g_assert_true (isnan (pt->val_loss));
      seen->expected += 2;
    }
  if (d->has_progress)
    {
      g_assert_cmpuint (d->progress.step, >=, seen->last_progress);
      seen->last_progress = d->progress.step;
    }
  if (d->grid)
    {
      g_assert_cmpuint (d->grid->res, ==, 4);
      g_assert_cmpfloat (d->grid->y_max, ==, 2);
      g_assert_cmpuint (d->grid->cells[15], >, seen->last_grid);
      seen->last_grid = d->grid->cells[15];
      seen->grids++;
    }
  hl_progress_drain_clear (d);
}

static void
test_concurrent (void)
{
  g_autoptr(HlProgressMailbox) mb = hl_progress_mailbox_new ();
  GThread *thread = g_thread_new ("worker", worker, hl_progress_mailbox_ref (mb));
  Seen seen = { 2, 0, 0, 0, 0 };
  HlProgressDrain d;

  /* Drain while the worker posts, like a frame clock would. */
  while (seen.last_progress < N_POSTS)
    {
      if (hl_progress_mailbox_drain (mb, &d))
        seen.drains++;
      check_drain (&seen, &d);
      g_usleep (50);
    }
  g_thread_join (thread);
  hl_progress_mailbox_drain (mb, &d);
  check_drain (&seen, &d);
  g_test_message ("%u drains, %u grids", seen.drains, seen.grids);
  g_assert_cmpuint (seen.drains, >, 1);
  g_assert_cmpuint (seen.expected, ==, N_POSTS + 2);
  g_assert_cmpuint (seen.last_progress, ==, N_POSTS);
  g_assert_cmpuint (seen.last_grid, ==, N_POSTS / 5000);   /* the newest grid always arrives */
}

static void
test_latest_wins (void)
{
  g_autoptr(HlProgressMailbox) mb = hl_progress_mailbox_new ();
  HlProgress p = { .step = 1 };
  HlMetricPoint pt = { .step = 7, .val_accuracy = 0.5 };
  guint8 a[4] = { 1, 1, 1, 1 }, b[4] = { 2, 0, 2, 0 };
  HlProgressDrain d;

  g_assert_false (hl_progress_mailbox_drain (mb, &d));
  g_assert_false (d.has_progress);
  g_assert_cmpuint (d.points->len, ==, 0);
  g_assert_null (d.grid);
  hl_progress_drain_clear (&d);

  hl_progress_mailbox_post_progress (mb, &p);
  p.step = 9;
  hl_progress_mailbox_post_progress (mb, &p);
  hl_progress_mailbox_post_point (mb, &pt);
  hl_progress_mailbox_post_grid (mb, a, 2, 0, 1, 0, 1, 1);
  hl_progress_mailbox_post_grid (mb, b, 2, 0, 1, 0, 1, 2);
  g_assert_true (hl_progress_mailbox_drain (mb, &d));
  g_assert_true (d.has_progress);
  g_assert_cmpuint (d.progress.step, ==, 9);
  g_assert_cmpuint (d.points->len, ==, 1);
  g_assert_cmpfloat (g_array_index (d.points, HlMetricPoint, 0).val_accuracy, ==, 0.5);
  g_assert_nonnull (d.grid);
  g_assert_cmpmem (d.grid->cells, 4, b, 4);
  g_assert_cmpuint (d.grid->step, ==, 2);   /* the caption names the model's step */
  hl_progress_drain_clear (&d);

  /* Nothing new: nothing returned twice. */
  g_assert_false (hl_progress_mailbox_drain (mb, &d));
  g_assert_null (d.grid);
  hl_progress_drain_clear (&d);

  hl_progress_mailbox_post_point (mb, &pt);
  hl_progress_mailbox_reset (mb);
  g_assert_false (hl_progress_mailbox_drain (mb, &d));
  hl_progress_drain_clear (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/mailbox/latest-wins", test_latest_wins);
  g_test_add_func ("/ui/mailbox/concurrent", test_concurrent);
  return g_test_run ();
}
