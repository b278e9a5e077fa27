/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-score.c - a trial's score is the best validation loss it
 * reached, the number the pruner compares: not the run's best_val_loss,
 * which early_stopping.min_delta holds back (a loss lower by less than it
 * is no new best).  So trials that differ only in min_delta score alike,
 * and no pruned trial ranks above one that beat it at the rung where it
 * was stopped. */
#include <math.h>
#include <string.h>
#include "hyperlab.h"
#include "hl-sweep-private.h"
#include "test-store-util.h"
#include "test-sweep.h"

#define HEAD "{\"format\": \"hyperlab-sweep\", \"version\": 1, \"base\": \"base.hyperlab.json\", "
/* early stopping on, never out of patience: min_delta only decides what
 * counts as a new best */
#define EARLY "\"early_stopping.enabled\": {\"values\": [true]}, " \
              "\"early_stopping.patience_steps\": {\"values\": [100000]}"

static HlRun *
load_run (HlStore *store, const HlSweepTrial *t)
{
  g_autoptr(GError) error = NULL;
  HlRun *run = hl_store_load (store, t->run_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (run);
  return run;
}

/* The lowest validation loss of the run's points up to step (all: G_MAXUINT64). */
static double
lowest_loss (const HlRun *run, guint64 step)
{
  double best = NAN;

  for (guint i = 0; i < run->metrics.val_loss->len; i++)
    {
      const double v = g_array_index (run->metrics.val_loss, double, i);
      if (g_array_index (run->metrics.step, guint64, i) <= step && !isnan (v) && (isnan (best) || v < best))
        best = v;
    }
  return best;
}

/* Two trials alike but for min_delta train alike (one thread: the same
 * curve), so they score alike; the score is the lowest loss, below the
 * best_val_loss min_delta = 0.2 leaves. */
static void
test_score_ignores_min_delta (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = test_sweep_load (HEAD "\"name\": \"md\", \"method\": \"grid\", "
                                              "\"pruning\": {\"method\": \"none\"}, \"space\": {" EARLY ", "
                                              "\"early_stopping.min_delta\": {\"values\": [0.2, 0.0]}}}", &error);
  g_autoptr(HlStore) store = test_sweep_store_in ("score-min-delta");
  HlSweepTrial *held, *plain;

  g_assert_no_error (error);
  hl_sweep_run (sweep, store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);
  held = sweep->trials->pdata[0];
  plain = sweep->trials->pdata[1];
  g_assert_cmpint (held->state, ==, HL_SWEEP_TRIAL_DONE);
  g_assert_cmpint (plain->state, ==, HL_SWEEP_TRIAL_DONE);
  {
    g_autoptr(HlRun) run = load_run (store, held);

    g_assert_cmpfloat (held->score, ==, lowest_loss (run, G_MAXUINT64));
    /* what the test is about: min_delta held the run's best back */
    g_assert_cmpfloat (run->summary.best_val_loss, >, held->score);
  }
  g_assert_cmpfloat (held->score, ==, plain->score);
}

/* A grid of two rates by two min_deltas, one at a time, pruned at steps
 * 20, 40, … keeping the best half: every trial that beat a pruned one at
 * the rung where it stopped ranks above it.  (Scored by best_val_loss,
 * #4, rate 0.25 and min_delta 0, pruned at step 20 with 0.845 behind #1's
 * 0.831, ranked above #1, whose min_delta of 0.3 held its best at 0.891.) */
static void
test_pruned_ranks_below (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = test_sweep_load (HEAD "\"name\": \"pr\", \"method\": \"grid\", "
                                              "\"pruning\": {\"min_steps\": 20, \"reduction_factor\": 2}, "
                                              "\"space\": {" EARLY ", "
                                              "\"early_stopping.min_delta\": {\"values\": [0.3, 0.0]}, "
                                              "\"optimizer.learning_rate\": {\"values\": [0.3, 0.25]}}}", &error);
  g_autoptr(HlStore) store = test_sweep_store_in ("score-pruned");
  g_autoptr(GPtrArray) ranking = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_free);
  guint pruned = 0, checked = 0;

  g_assert_no_error (error);
  hl_sweep_run (sweep, store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);
  ranking = hl_sweep_ranking (sweep);
  for (guint k = 0; k < sweep->trials->len; k++)
    g_ptr_array_add (runs, load_run (store, sweep->trials->pdata[k]));
  for (guint p = 0; p < sweep->trials->len; p++)
    {
      const HlSweepTrial *tp = sweep->trials->pdata[p];
      guint rank_p;

      if (!tp->pruned)
        continue;
      pruned++;
      g_assert_true (g_ptr_array_find (ranking, tp, &rank_p));
      g_assert_cmpfloat (tp->score, ==, lowest_loss (runs->pdata[p], tp->steps));
      for (guint q = 0; q < sweep->trials->len; q++)
        {
          const HlSweepTrial *tq = sweep->trials->pdata[q];
          guint rank_q;

          if (q == p || tq->steps < tp->steps || !(lowest_loss (runs->pdata[q], tp->steps) < tp->score))
            continue;
          checked++;
          g_assert_true (g_ptr_array_find (ranking, tq, &rank_q));
          if (rank_q > rank_p)
            g_test_message ("#%u (pruned, %g) ranks above #%u (%g at step %" G_GUINT64_FORMAT ", %g in the end)",
                            tp->index, tp->score, tq->index, lowest_loss (runs->pdata[q], tp->steps),
                            tp->steps, tq->score);
          g_assert_cmpuint (rank_q, <, rank_p);
        }
    }
  g_assert_cmpuint (pruned, >, 0);
  g_assert_cmpuint (checked, >, 0);
}

/* A trial whose run failed (a schedule plugin's negative rate stops it
 * that way) is no candidate, whatever it validated before, as a diverged
 * one is not; a cancelled one keeps its score (it can be resumed). */
static void
test_failed_scores_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = test_sweep_load (HEAD "\"name\": \"f\", \"method\": \"grid\", "
                                              "\"pruning\": {\"method\": \"none\"}, \"space\": {" EARLY "}}",
                                              &error);
  g_autoptr(HlConfig) config = hl_config_new ();
  g_autoptr(HlRun) run = NULL;

  g_assert_no_error (error);
  run = hl_run_new (config);
  hl_metrics_append (&run->metrics, 10, 0.5, 0.1, 0.9, 0.7, 0.6);
  hl_metrics_append (&run->metrics, 20, 1.0, 0.1, 0.8, 0.6, 0.7);
  run->summary.final_val_loss = 0.6;
  run->status = HL_RUN_STATUS_COMPLETED;
  g_assert_cmpfloat (hl_sweep_run_score (sweep, run), ==, 0.6);
  run->status = HL_RUN_STATUS_CANCELLED;
  g_assert_cmpfloat (hl_sweep_run_score (sweep, run), ==, 0.6);
  run->status = HL_RUN_STATUS_DIVERGED;
  g_assert_true (isnan (hl_sweep_run_score (sweep, run)));
  run->status = HL_RUN_STATUS_FAILED;
  g_assert_true (isnan (hl_sweep_run_score (sweep, run)));
}

void
test_sweep_score_add_tests (void)
{
  g_test_add_func ("/sweep/score/ignores-min-delta", test_score_ignores_min_delta);
  g_test_add_func ("/sweep/score/pruned-ranks-below", test_pruned_ranks_below);
  g_test_add_func ("/sweep/score/failed-scores-nothing", test_failed_scores_nothing);
}
