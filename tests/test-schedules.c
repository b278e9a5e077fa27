/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-schedules.c - every shipped learning-rate schedule against a table of
 * (step, epoch) -> expected rate written from its formula, and plateau
 * against a scripted validation-loss sequence. */
#include <math.h>
#include <string.h>
#include "hyperlab.h"
#include "test-ref-util.h"

/* Every row: 1000 planned steps, 100 steps per epoch (so epoch = step / 100). */
#define TOTAL 1000
#define SPE   100

typedef struct {
  const char *id;
  const char *params;     /* "name=value,..." over the descriptor defaults */
  double      base_lr;
  guint64     step;
  double      expected;
} RateRow;

static HlPluginRegistry *
registry (void)
{
  HlPluginRegistry *reg = hl_plugin_registry_get_default ();
  g_assert_cmpuint (hl_plugin_registry_get_rejections (reg)->len, ==, 0);
  return reg;
}

static const HlPluginDescriptor *
schedule (const char *id)
{
  const HlPluginDescriptor *d = hl_plugin_registry_lookup (registry (), HL_PLUGIN_KIND_SCHEDULE, id);
  if (d == NULL)
    g_error ("schedule “%s” is not loaded", id);
  return d;
}


static gpointer
create (const HlPluginDescriptor *d, const char *overrides)
{
  double hp[HL_PLUGIN_MAX_PARAMS];
  g_autoptr (GError) error = NULL;
  hl_test_fill_params (d, overrides, hp);
  gpointer inst = d->schedule->create (hp, &error);
  g_assert_no_error (error);
  g_assert_nonnull (inst);
  return inst;
}

static double
rate_at (const HlPluginDescriptor *d, gpointer inst, guint64 step, double base_lr)
{
  HlScheduleContext ctx = {
    .step = step, .epoch = step / SPE, .steps_per_epoch = SPE, .total_steps = TOTAL, .base_lr = base_lr,
  };
  return d->schedule->rate (inst, &ctx);
}

static double
cos_interp (double from, double to, double progress)
{
  return to + (from - to) * 0.5 * (1.0 + cos (G_PI * progress));
}

static void
check_rows (const RateRow *rows, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const RateRow *r = &rows[i];
      const HlPluginDescriptor *d = schedule (r->id);
      gpointer inst = create (d, r->params);
      double got = rate_at (d, inst, r->step, r->base_lr);
      d->schedule->free (inst);
      /* Double maths on both sides: agree to rounding. */
      if (fabs (got - r->expected) > 1e-12 * MAX (1.0, fabs (r->expected)))
        g_error ("%s (%s) at step %" G_GUINT64_FORMAT " (epoch %" G_GUINT64_FORMAT "): got %.15g, expected %.15g",
                 r->id, r->params ? r->params : "defaults", r->step, r->step / SPE, got, r->expected);
    }
}

static void
test_step_decays (void)
{
  const RateRow rows[] = {
    { "constant", NULL, 0.1, 0, 0.1 },
    { "constant", NULL, 0.1, 999, 0.1 },
    /* step: base · gamma^⌊epoch / every⌋ */
    { "step", "every_epochs=3,gamma=0.5", 0.1, 0, 0.1 },
    { "step", "every_epochs=3,gamma=0.5", 0.1, 299, 0.1 },
    { "step", "every_epochs=3,gamma=0.5", 0.1, 300, 0.1 * 0.5 },
    { "step", "every_epochs=3,gamma=0.5", 0.1, 650, 0.1 * 0.25 },
    { "step", "every_epochs=3,gamma=0.5", 0.1, 999, 0.1 * 0.125 },
    { "step", NULL, 0.1, 999, 0.1 },                       /* default: every 10 epochs */
    /* multistep: defaults milestones 5, 8, unused; gamma 0.1 */
    { "multistep", NULL, 0.1, 499, 0.1 },
    { "multistep", NULL, 0.1, 500, 0.1 * 0.1 },
    { "multistep", NULL, 0.1, 799, 0.1 * 0.1 },
    { "multistep", NULL, 0.1, 800, 0.1 * 0.1 * 0.1 },
    { "multistep", "milestone1=7,milestone2=2,milestone3=4,gamma=0.5", 0.2, 150, 0.2 },
    { "multistep", "milestone1=7,milestone2=2,milestone3=4,gamma=0.5", 0.2, 200, 0.1 },
    { "multistep", "milestone1=7,milestone2=2,milestone3=4,gamma=0.5", 0.2, 450, 0.05 },
    { "multistep", "milestone1=7,milestone2=2,milestone3=4,gamma=0.5", 0.2, 999, 0.025 },
    /* exponential: base · gamma^epoch */
    { "exponential", "gamma=0.9", 0.1, 0, 0.1 },
    { "exponential", "gamma=0.9", 0.1, 99, 0.1 },
    { "exponential", "gamma=0.9", 0.1, 300, 0.1 * 0.9 * 0.9 * 0.9 },
    { "exponential", NULL, 1.0, 999, pow (0.95, 9) },
    /* inverse-time: base / (1 + decay_rate · epoch) */
    { "inverse-time", "decay_rate=0.5", 0.1, 0, 0.1 },
    { "inverse-time", "decay_rate=0.5", 0.1, 200, 0.1 / 2.0 },
    { "inverse-time", "decay_rate=0.5", 0.1, 999, 0.1 / 5.5 },
  };
  check_rows (rows, G_N_ELEMENTS (rows));
}

static void
test_cosine (void)
{
  const RateRow rows[] = {
    /* min + (base − min) · (1 + cos(π t / T)) / 2, T = 1000 */
    { "cosine", "min_lr=0.001", 0.1, 0, 0.1 },
    { "cosine", "min_lr=0.001", 0.1, 250, 0.001 + 0.099 * 0.5 * (1 + cos (G_PI / 4)) },
    { "cosine", "min_lr=0.001", 0.1, 500, 0.001 + 0.099 * 0.5 },
    { "cosine", "min_lr=0.001", 0.1, 999, 0.001 + 0.099 * 0.5 * (1 + cos (G_PI * 0.999)) },
    { "cosine", "restarts=1", 0.1, 500, 0.05 },
    /* 4 equal cycles of 250 steps */
    { "cosine", "restarts=4", 0.1, 125, 0.05 },
    { "cosine", "restarts=4", 0.1, 249, 0.05 * (1 + cos (G_PI * 249 / 250)) },
    { "cosine", "restarts=4", 0.1, 250, 0.1 },
    { "cosine", "restarts=4", 0.1, 875, 0.05 },
    /* cycles of 333⅓ steps: the second starts between steps 333 and 334 */
    { "cosine", "restarts=3", 0.1, 333, cos_interp (0.1, 0, 0.999) },
    { "cosine", "restarts=3", 0.1, 334, cos_interp (0.1, 0, 0.002) },
    { "cosine", "restarts=3", 0.1, 999, cos_interp (0.1, 0, 0.997) },
    /* 600 cycles of 1⅔ steps, not 500 of 2 */
    { "cosine", "restarts=600", 0.1, 999, cos_interp (0.1, 0, 0.4) },
    /* warm-up: base · (step + 1) / W, then cosine over the remaining T − W */
    { "warmup-cosine", NULL, 0.1, 0, 0.1 / 100 },
    { "warmup-cosine", NULL, 0.1, 49, 0.1 * 50 / 100 },
    { "warmup-cosine", NULL, 0.1, 99, 0.1 },
    { "warmup-cosine", NULL, 0.1, 100, 0.1 },
    { "warmup-cosine", NULL, 0.1, 550, 0.05 },
    { "warmup-cosine", "warmup_steps=0,min_lr=0.01", 0.1, 500, cos_interp (0.1, 0.01, 0.5) },
    { "warmup-cosine", "min_lr=0.01", 0.1, 999, cos_interp (0.1, 0.01, 899.0 / 900.0) },
  };
  check_rows (rows, G_N_ELEMENTS (rows));
}

/* PyTorch OneCycleLR: rise from max/25 to max over pct_start · T − 1 steps,
 * then anneal to max/25/1e4 at step T − 1.  The base rate plays no part. */
static void
test_one_cycle (void)
{
  const double start = 1.0 / 25, end = 1.0 / 25 / 1e4, rise = 0.3 * TOTAL - 1;
  const RateRow rows[] = {
    { "one-cycle", "max_lr=1", 0.1, 0, start },
    { "one-cycle", "max_lr=1", 0.1, 100, cos_interp (start, 1.0, 100 / rise) },
    { "one-cycle", "max_lr=1", 0.1, 299, 1.0 },
    { "one-cycle", "max_lr=1", 0.1, 649, cos_interp (1.0, end, (649 - rise) / (999 - rise)) },
    { "one-cycle", "max_lr=1", 0.1, 999, end },
    { "one-cycle", "max_lr=1", 7.0, 999, end },
    { "one-cycle", "max_lr=1,pct_start=0.5", 0.1, 499, 1.0 },
    { "one-cycle", NULL, 0.1, 299, 0.1 },
  };
  check_rows (rows, G_N_ELEMENTS (rows));
}

/* A scripted validation-loss sequence; ReduceLROnPlateau semantics. */
static void
test_plateau (void)
{
  const HlPluginDescriptor *d = schedule ("plateau");
  gpointer inst = create (d, "factor=0.5,patience=2,min_lr=0.02,threshold=0");
  const struct { double loss; double rate_after; } script[] = {
    { 1.00, 0.1 },     /* first value is an improvement over +inf */
    { 0.90, 0.1 },
    { 0.95, 0.1 },     /* bad 1 */
    { 0.92, 0.1 },     /* bad 2 = patience: not yet */
    { 0.91, 0.05 },    /* bad 3 > patience: × 0.5 */
    { 0.85, 0.05 },    /* improvement resets the count */
    { 0.86, 0.05 },
    { 0.85, 0.05 },    /* equal is not better */
    { 0.86, 0.025 },
    { NAN,  0.025 },   /* a NaN loss never counts as better */
    { 0.86, 0.025 },
    { 0.86, 0.02 },    /* 0.0125 is clamped to min_lr */
    { 0.10, 0.02 },
  };

  g_assert_nonnull (d->schedule->observe);
  g_assert_cmpfloat (rate_at (d, inst, 0, 0.1), ==, 0.1);
  for (guint i = 0; i < G_N_ELEMENTS (script); i++)
    {
      d->schedule->observe (inst, (i + 1) * 50, script[i].loss);
      double got = rate_at (d, inst, (i + 1) * 50, 0.1);
      if (fabs (got - script[i].rate_after) > 1e-15)
        g_error ("plateau after loss #%u (%g): rate %g, expected %g", i, script[i].loss, got, script[i].rate_after);
    }

  /* The state block is the whole state: copied into a fresh instance
   * (checkpoint, resume), it gives the same rate and the same next step. */
  gsize n_bytes = 0, n_fresh = 0;
  gpointer state = d->schedule->state_data (inst, &n_bytes);
  gpointer fresh = create (d, "factor=0.5,patience=2,min_lr=0.02,threshold=0");
  gpointer fresh_state = d->schedule->state_data (fresh, &n_fresh);
  g_assert_cmpuint (n_bytes, >, 0);
  g_assert_cmpuint (n_bytes, ==, n_fresh);
  g_assert_cmpfloat (rate_at (d, fresh, 700, 0.1), ==, 0.1);
  memcpy (fresh_state, state, n_bytes);
  g_assert_cmpfloat (rate_at (d, fresh, 700, 0.1), ==, 0.02);
  d->schedule->free (fresh);
  d->schedule->free (inst);

  /* min_lr above the base rate: a "reduction" kept the base rate (it raised
   * the rate to min_lr; found by a review) */
  inst = create (d, "factor=0.5,patience=0,min_lr=0.1,threshold=0");
  d->schedule->observe (inst, 1, 1.0);
  d->schedule->observe (inst, 2, 1.0);
  g_assert_cmpfloat (rate_at (d, inst, 2, 0.05), ==, 0.05);
  d->schedule->free (inst);
}

/* PyTorch's eps: no reduction of 1e-8 or less.  0.1 × 0.1^k: the one to
 * 1e-8 (by 9e-8) is made, the one after (by 9e-9) is not; with factor 0.5
 * the rate stops at the first 0.1 / 2^k ≤ 2e-8, 0.1 / 2^23.  Before, the
 * rate went on to 1e-27 and, on long runs, through subnormals to 0. */
static void
test_plateau_eps (void)
{
  const HlPluginDescriptor *d = schedule ("plateau");
  gpointer inst = create (d, "factor=0.1,patience=0,threshold=0");
  gpointer half = create (d, "factor=0.5,patience=0,threshold=0");

  for (guint i = 0; i <= 40; i++)
    {
      d->schedule->observe (inst, i, 1.0);
      d->schedule->observe (half, i, 1.0);
      if (i == 6)
        g_assert_cmpfloat_with_epsilon (rate_at (d, inst, i, 0.1), 1e-7, 1e-20);
    }
  g_assert_cmpfloat_with_epsilon (rate_at (d, inst, 41, 0.1), 1e-8, 1e-21);
  g_assert_cmpfloat_with_epsilon (rate_at (d, half, 41, 0.1), 0.1 / 8388608.0, 1e-21);
  /* a base rate below the floor is never reduced */
  g_assert_cmpfloat (rate_at (d, inst, 41, 1e-9), ==, 1e-9);
  d->schedule->free (half);
  d->schedule->free (inst);
}

/* threshold is relative: with 0.1, 0.95 after 1.0 is not an improvement. */
static void
test_plateau_threshold (void)
{
  const HlPluginDescriptor *d = schedule ("plateau");
  gpointer inst = create (d, "factor=0.1,patience=0,threshold=0.1");
  d->schedule->observe (inst, 1, 1.0);
  g_assert_cmpfloat (rate_at (d, inst, 1, 1.0), ==, 1.0);
  d->schedule->observe (inst, 2, 0.95);
  g_assert_cmpfloat_with_epsilon (rate_at (d, inst, 2, 1.0), 0.1, 1e-15);
  d->schedule->observe (inst, 3, 0.85);
  g_assert_cmpfloat_with_epsilon (rate_at (d, inst, 3, 1.0), 0.1, 1e-15);
  d->schedule->free (inst);
}

/* Every schedule: finite, non-negative, and the descriptor's params sane for a form. */
static void
test_all_finite (void)
{
  g_autoptr (GPtrArray) list = hl_plugin_registry_list (registry (), HL_PLUGIN_KIND_SCHEDULE);
  g_assert_cmpuint (list->len, ==, 9);
  for (guint i = 0; i < list->len; i++)
    {
      const HlPluginDescriptor *d = g_ptr_array_index (list, i);
      gpointer inst = create (d, NULL);
      for (guint64 s = 0; s < TOTAL; s += 7)
        {
          double r = rate_at (d, inst, s, 0.01);
          g_assert_true (isfinite (r) && r >= 0);
        }
      d->schedule->free (inst);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schedules/step-decays", test_step_decays);
  g_test_add_func ("/schedules/cosine", test_cosine);
  g_test_add_func ("/schedules/one-cycle", test_one_cycle);
  g_test_add_func ("/schedules/plateau/script", test_plateau);
  g_test_add_func ("/schedules/plateau/threshold", test_plateau_threshold);
  g_test_add_func ("/schedules/plateau/eps", test_plateau_eps);
  g_test_add_func ("/schedules/all-finite", test_all_finite);
  return g_test_run ();
}
