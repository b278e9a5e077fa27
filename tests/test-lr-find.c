/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lr-find.c - the learning-rate range test's progress: every step
 * reported as it is taken with the numbers the result keeps, and a
 * cancellation that keeps the steps taken when asked to, and how far the
 * loss rose after its lowest point (the range, the rates and the
 * smoothing: /sweep/lr-find in test-sweep.c). */
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

/* A smoothed curve and what it says: the rise after its lowest point and
 * whether that is a turn. */
typedef struct {
  const char *name;
  double      smoothed[6];
  gboolean    blew_up;
  double      rise;       /* NAN: not finite */
  gboolean    turned;
} Curve;

static const Curve curves[] = {
  { "still-falling", { 0.7, 0.69, 0.6, 0.5, 0.45, 0.44 }, FALSE, 0.0, FALSE },
  /* xor's shape: lowest near the end, 7 % up at the last rate (it was
   * called still falling) */
  { "rose-a-little", { 0.7, 0.69, 0.6, 0.5, 0.4, 0.428 }, FALSE, 0.07, FALSE },
  { "turned", { 0.7, 0.69, 0.6, 0.5, 0.4, 0.6 }, FALSE, 0.5, TRUE },
  { "blew-up", { 0.7, 0.69, 0.6, 0.5, 0.4, 1.7 }, TRUE, INFINITY, TRUE },
  { "nan-at-end", { 0.7, 0.69, 0.6, 0.5, 0.4, NAN }, FALSE, INFINITY, TRUE },
};

static void
test_rise (gconstpointer data)
{
  const Curve *c = data;
  g_autoptr (HlLrFindResult) r = g_new0 (HlLrFindResult, 1);
  double rise;

  r->lr = g_array_new (FALSE, FALSE, sizeof (double));
  r->loss = g_array_new (FALSE, FALSE, sizeof (double));
  r->smoothed = g_array_new (FALSE, FALSE, sizeof (double));
  r->min_loss = INFINITY;
  for (guint i = 0; i < G_N_ELEMENTS (c->smoothed); i++)
    {
      const double lr = pow (10.0, (double) i - 5.0);

      g_array_append_val (r->lr, lr);
      g_array_append_val (r->loss, c->smoothed[i]);
      g_array_append_val (r->smoothed, c->smoothed[i]);
      if (c->smoothed[i] < r->min_loss)
        r->min_loss = c->smoothed[i], r->min_loss_lr = lr;
    }
  r->blew_up = c->blew_up;
  rise = hl_lr_find_result_rise (r);
  if (isfinite (c->rise))
    g_assert_cmpfloat_with_epsilon (rise, c->rise, 1e-12);
  else
    g_assert_true (isinf (rise));
  g_assert_cmpint (hl_lr_find_result_turned (r), ==, c->turned);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lr-find/progress", test_progress);
  g_test_add_func ("/lr-find/cancel-keeps-partial", test_cancel_keeps_partial);
  for (guint i = 0; i < G_N_ELEMENTS (curves); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lr-find/rise/%s", curves[i].name);

      g_test_add_data_func (path, &curves[i], test_rise);
    }
  return g_test_run ();
}
