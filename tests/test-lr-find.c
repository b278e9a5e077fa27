/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lr-find.c - the learning-rate range test's progress: every step
 * reported as it is taken with the numbers the result keeps, and a
 * cancellation that keeps the steps taken when asked to (the range, the
 * rates and the smoothing: /sweep/lr-find in test-sweep.c). */
#include <math.h>
#include "hyperlab.h"

typedef struct {
  GArray       *lr, *loss, *smoothed;   /* double, as reported */
  guint         last_step, steps;
  gboolean      returned;                /* hl_lr_find_full had returned at a report */
  double        last_elapsed;
  guint         cancel_at;               /* cancel after this step, 0: never */
  GCancellable *cancellable;
} Seen;

static HlConfig *
spiral (void)
{
  HlConfig *config = hl_config_new ();

  g_free (config->dataset.kind);
  config->dataset.kind = g_strdup ("spiral");
  config->dataset.samples = 200;
  config->dataset.validation_split = 0.2;
  config->training.batch_size = 16;
  return config;
}

static void
seen_init (Seen *seen, guint cancel_at)
{
  *seen = (Seen) { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)),
                   g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, FALSE, 0.0, cancel_at,
                   g_cancellable_new () };
}

static void
seen_clear (Seen *seen)
{
  g_array_unref (seen->lr);
  g_array_unref (seen->loss);
  g_array_unref (seen->smoothed);
  g_object_unref (seen->cancellable);
}

static void
on_step (const HlLrFindProgress *p, gpointer data)
{
  Seen *seen = data;

  g_assert_false (seen->returned);
  g_assert_cmpuint (p->step, ==, seen->last_step + 1);
  g_assert_cmpfloat (p->elapsed, >=, seen->last_elapsed);
  seen->last_step = p->step;
  seen->steps = p->steps;
  seen->last_elapsed = p->elapsed;
  g_array_append_val (seen->lr, p->lr);
  g_array_append_val (seen->loss, p->loss);
  g_array_append_val (seen->smoothed, p->smoothed);
  if (p->step == seen->cancel_at)
    g_cancellable_cancel (seen->cancellable);
}

/* The reports and the result: the same steps, bit for bit. */
static void
assert_same (const Seen *seen, const HlLrFindResult *r)
{
  g_assert_cmpuint (seen->lr->len, ==, r->lr->len);
  for (guint i = 0; i < r->lr->len; i++)
    {
      g_assert_cmpfloat (g_array_index (seen->lr, double, i), ==, g_array_index (r->lr, double, i));
      g_assert_cmpfloat (g_array_index (seen->loss, double, i), ==, g_array_index (r->loss, double, i));
      g_assert_cmpfloat (g_array_index (seen->smoothed, double, i), ==, g_array_index (r->smoothed, double, i));
    }
}

/* One report a step, in order, during the test, holding what the result
 * keeps; the same result as without reports. */
static void
test_progress (void)
{
  g_autoptr (HlConfig) config = spiral ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HlLrFindResult) r = NULL;
  g_autoptr (HlLrFindResult) plain = NULL;
  Seen seen;

  seen_init (&seen, 0);
  r = hl_lr_find_full (config, hl_plugin_registry_get_default (), 1e-4, 10.0, 60, HL_LR_FIND_NONE,
                       on_step, &seen, NULL, &error);
  seen.returned = TRUE;
  g_assert_no_error (error);
  g_assert_cmpuint (r->lr->len, >, 10);
  g_assert_cmpuint (seen.steps, ==, 60);
  assert_same (&seen, r);
  g_assert_false (r->cancelled);
  plain = hl_lr_find (config, hl_plugin_registry_get_default (), 1e-4, 10.0, 60, NULL, &error);
  g_assert_no_error (error);
  assert_same (&seen, plain);
  g_assert_cmpfloat (plain->steepest_lr, ==, r->steepest_lr);
  seen_clear (&seen);
}

/* Cancelled at step 25: with KEEP_PARTIAL the steps taken come back
 * (marked cancelled, with their rates); without, G_IO_ERROR_CANCELLED. */
static void
test_cancel_keeps_partial (void)
{
  g_autoptr (HlConfig) config = spiral ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HlLrFindResult) r = NULL;
  Seen seen;

  seen_init (&seen, 25);
  r = hl_lr_find_full (config, hl_plugin_registry_get_default (), 1e-5, 1e-3, 1000, HL_LR_FIND_KEEP_PARTIAL,
                       on_step, &seen, seen.cancellable, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_true (r->cancelled);
  g_assert_false (r->blew_up);
  /* the trainer sees the cancellation between steps: at most one more */
  g_assert_cmpuint (r->lr->len, >=, 25);
  g_assert_cmpuint (r->lr->len, <=, 26);
  assert_same (&seen, r);
  g_assert_true (isfinite (r->min_loss));
  g_assert_true (isfinite (r->min_loss_lr));
  seen_clear (&seen);

  seen_init (&seen, 25);
  g_assert_null (hl_lr_find_full (config, hl_plugin_registry_get_default (), 1e-5, 1e-3, 1000, HL_LR_FIND_NONE,
                                  on_step, &seen, seen.cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  seen_clear (&seen);

  /* cancelled before a step: nothing to keep */
  seen_init (&seen, 0);
  g_cancellable_cancel (seen.cancellable);
  g_assert_null (hl_lr_find_full (config, hl_plugin_registry_get_default (), 1e-5, 1e-3, 100,
                                  HL_LR_FIND_KEEP_PARTIAL, on_step, &seen, seen.cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (seen.lr->len, ==, 0);
  seen_clear (&seen);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lr-find/progress", test_progress);
  g_test_add_func ("/lr-find/cancel-keeps-partial", test_cancel_keeps_partial);
  return g_test_run ();
}
