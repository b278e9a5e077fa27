/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-train.c - the trainer end to end: learning, determinism, stopping rules, resume. */
#ifdef __linux__
#include <errno.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#endif
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <cblas.h>
#include "hyperlab.h"
#include "hl-checkpoint.h"
#include "test-ref-util.h"

static HlPluginRegistry *registry;

static HlConfig *
spiral_config (guint units, HlActivation act, const char *optimizer, double lr)
{
  HlConfig *c = hl_config_new ();
  HlLayerConfig *layers;

  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("spiral");
  g_array_set_size (c->model.layers, 2);
  layers = (HlLayerConfig *) c->model.layers->data;
  layers[0] = (HlLayerConfig) { units, act, 0.0 };
  layers[1] = (HlLayerConfig) { units, act, 0.0 };
  g_free (c->optimizer.name);
  c->optimizer.name = g_strdup (optimizer);
  c->optimizer.learning_rate = lr;
  c->early_stopping.enabled = FALSE;
  return c;
}

static HlRun *
train (const HlConfig *c)
{
  g_autoptr (GError) error = NULL;
  HlTrainer *t = hl_trainer_new (c, registry, &error);
  HlRun *run;

  g_assert_no_error (error);
  run = hl_trainer_run (t, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);
  hl_trainer_free (t);
  return run;
}

static void
assert_metrics_identical (const HlMetrics *a, const HlMetrics *b)
{
  g_assert_cmpuint (hl_metrics_len (a), ==, hl_metrics_len (b));
  g_assert_cmpmem (a->step->data, a->step->len * 8, b->step->data, b->step->len * 8);
  g_assert_cmpmem (a->lr->data, a->lr->len * 8, b->lr->data, b->lr->len * 8);
  g_assert_cmpmem (a->train_loss->data, a->train_loss->len * 8, b->train_loss->data, b->train_loss->len * 8);
  g_assert_cmpmem (a->val_loss->data, a->val_loss->len * 8, b->val_loss->data, b->val_loss->len * 8);
  g_assert_cmpmem (a->val_accuracy->data, a->val_accuracy->len * 8,
                   b->val_accuracy->data, b->val_accuracy->len * 8);
}

/* ---- learning --------------------------------------------------------------- */

static void
test_spiral (void)
{
  g_autoptr (HlConfig) c = spiral_config (16, HL_ACTIVATION_TANH, "adam", 0.01);
  g_autoptr (HlRun) run = NULL;

  /* Three arms, little noise: a 2-16-16 net separates them almost perfectly. */
  c->dataset.samples = 1000;
  c->dataset.noise = 0.03;
  c->training.batch_size = 32;
  c->training.epochs = 300;
  run = train (c);
  g_test_message ("spiral: val acc %.3f, val loss %.4f, %.2f s",
                  run->summary.final_val_accuracy, run->summary.final_val_loss, run->summary.seconds);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpfloat (run->summary.final_val_accuracy, >=, 0.95);
  g_assert_cmpstr (run->optimizer.id, ==, "adam");
  g_assert_nonnull (run->optimizer.version);
  /* every hyperparameter of the plugin recorded, defaults filled in */
  g_assert_cmpfloat (hl_params_get (run->optimizer.params, "beta1", -1), ==, 0.9);
  g_assert_cmpuint (run->summary.n_parameters, ==, 2 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3);
  g_assert_cmpfloat (run->summary.seconds, >, 0);
  g_assert_cmpfloat (run->summary.samples_per_second, >, 0);
  g_assert_true (isfinite (run->summary.test_accuracy));
}

static void
test_sine (void)
{
  g_autoptr (HlConfig) c = spiral_config (32, HL_ACTIVATION_TANH, "adam", 0.01);
  g_autoptr (HlRun) run = NULL;
  double first;

  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("sine");
  c->training.batch_size = 32;
  c->training.epochs = 60;
  run = train (c);
  first = NAN;
  for (guint i = 0; i < run->metrics.val_loss->len && isnan (first); i++)
    first = g_array_index (run->metrics.val_loss, double, i);
  g_test_message ("sine: val mse %.4f -> %.4f", first, run->summary.final_val_loss);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpfloat (run->summary.final_val_loss, <, 0.2 * first);
  g_assert_true (isnan (run->summary.final_val_accuracy));   /* regression: no accuracy */
  g_assert_true (isnan (run->summary.test_accuracy));
  g_assert_true (isfinite (run->summary.test_loss));
  g_assert_null (run->summary.test_confusion);   /* regression: no classes to confuse */
}

static void
test_fashion_mnist (void)
{
  g_autofree char *dir = hl_dataset_find_named ("fashion-mnist");
  g_autoptr (HlConfig) c = NULL;
  g_autoptr (HlRun) run = NULL;
  HlLayerConfig *layers;

  if (dir == NULL)
    {
      g_test_skip ("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
      return;
    }
  c = spiral_config (256, HL_ACTIVATION_RELU, "adam", 0.001);
  layers = (HlLayerConfig *) c->model.layers->data;
  layers[1].units = 128;
  c->model.init = HL_INIT_HE;
  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("fashion-mnist");
  c->training.batch_size = 64;
  c->training.epochs = 1;
  c->training.validate_every_steps = 1000;
  run = train (c);
  g_test_message ("fashion-mnist: test acc %.4f, %.2f s, %.0f samples/s", run->summary.test_accuracy,
                  run->summary.seconds, run->summary.samples_per_second);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpfloat (run->summary.test_accuracy, >=, 0.84);
}

/* ---- determinism and shape of the loop ----------------------------------------- */

static void
test_determinism (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_GELU, "momentum", 0.05);
  g_autoptr (HlRun) a = NULL, b = NULL, other = NULL;

  g_array_index (c->model.layers, HlLayerConfig, 0).dropout = 0.2;
  c->training.batch_size = 16;
  c->training.epochs = 5;
  c->training.validate_every_steps = 7;
  a = train (c);
  b = train (c);
  assert_metrics_identical (&a->metrics, &b->metrics);
  g_assert_cmpfloat (a->summary.test_loss, ==, b->summary.test_loss);
  c->seed++;
  other = train (c);
  g_assert_true (memcmp (a->metrics.train_loss->data, other->metrics.train_loss->data, 8) != 0
                 || memcmp (a->metrics.val_loss->data, other->metrics.val_loss->data, 8) != 0);
}

typedef struct {
  const char *name;
  guint batch_size;     /* HL_BATCH_ALL = 0 */
  guint epochs;
} BatchCase;

static const BatchCase batch_cases[] = {
  { "stochastic", 1, 1 },
  { "partial-last", 37, 3 },
  { "all", HL_BATCH_ALL, 4 },
  { "larger-than-set", 100000, 2 },
};

/* Steps per epoch is ceil (n / B); points are recorded at every validation. */
static void
test_batches (gconstpointer data)
{
  const BatchCase *bc = data;
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_RELU, "sgd", 0.05);
  g_autoptr (HlRun) run = NULL;
  HlTrainer *t = hl_trainer_new (c, registry, NULL);
  guint n, B;
  guint64 spe;

  c->training.batch_size = bc->batch_size;
  c->training.epochs = bc->epochs;
  hl_trainer_free (t);
  t = hl_trainer_new (c, registry, NULL);
  run = hl_trainer_run (t, NULL, NULL);
  n = hl_trainer_get_dataset (t)->train.n;
  B = bc->batch_size == 0 || bc->batch_size > n ? n : bc->batch_size;
  spe = (n + B - 1) / B;
  g_assert_cmpuint (run->summary.steps, ==, spe * bc->epochs);
  g_assert_cmpfloat (run->summary.epochs, ==, bc->epochs);
  g_assert_cmpuint (g_array_index (run->metrics.step, guint64, hl_metrics_len (&run->metrics) - 1),
                    ==, spe * bc->epochs);
  g_assert_cmpfloat_with_epsilon (run->summary.samples_per_second * run->summary.seconds,
                                  (double) n * bc->epochs, 1e-6 * n * bc->epochs);
  hl_trainer_free (t);
}

/* ---- stopping rules ---------------------------------------------------------- */

/* With min_delta larger than any possible change, only the first validation is
 * an improvement, so the run stops at the first validation at least
 * patience_steps after it.  Validations fall every v steps and at epoch ends. */
static void
test_early_stopping (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 1e-4);
  g_autoptr (HlRun) run = NULL;
  HlTrainer *t;
  guint64 spe, first = 0, expect = 0;
  const guint v = 7, patience = 40;

  c->training.batch_size = 10;
  c->training.epochs = 50;
  c->training.validate_every_steps = v;
  c->early_stopping.enabled = TRUE;
  c->early_stopping.patience_steps = patience;
  c->early_stopping.min_delta = 100.0;
  t = hl_trainer_new (c, registry, NULL);
  run = hl_trainer_run (t, NULL, NULL);
  spe = (hl_trainer_get_dataset (t)->train.n + 9) / 10;
  for (guint64 s = 1; expect == 0; s++)
    if (s % v == 0 || s % spe == 0)
      {
        if (first == 0)
          first = s;
        else if (s - first >= patience)
          expect = s;
      }
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_EARLY_STOPPED);
  g_assert_cmpuint (run->summary.steps, ==, expect);
  g_assert_cmpuint (run->summary.best_step, ==, first);
  g_assert_nonnull (strstr (run->summary.stop_reason, "early stopped"));
  hl_trainer_free (t);
}

/* Mean validation loss of the trainer's model as it is now. */
/* The final test pass's confusion matrix: rows are the true classes (a
 * row's total is how many test samples have that label), and its trace
 * over its total is test_accuracy to the last bit, as both count the same
 * argmax. */
static void
assert_confusion_matches (const HlRun *run, const HlDataset *d)
{
  const HlConfusion *cm = run->summary.test_confusion;
  g_autofree guint64 *labels = g_new0 (guint64, d->n_classes);

  g_assert_nonnull (cm);
  g_assert_cmpuint (cm->n_classes, ==, d->n_classes);
  g_assert_cmpstrv (cm->class_names, (const char *const *) d->class_names);
  g_assert_cmpuint (hl_confusion_total (cm), ==, d->test.n);
  for (guint i = 0; i < d->test.n; i++)
    labels[d->test.labels[i]]++;
  for (guint k = 0; k < d->n_classes; k++)
    g_assert_cmpuint (hl_confusion_row_total (cm, k), ==, labels[k]);
  g_assert_cmpfloat ((double) hl_confusion_correct (cm) / hl_confusion_total (cm), ==,
                     run->summary.test_accuracy);
}

static double
validation_loss (HlTrainer *t)
{
  const HlDataset *d = hl_trainer_get_dataset (t);
  g_autofree float *probs = g_new (float, d->val.n * d->n_outputs);
  g_autofree float *x = g_new (float, d->val.n * d->n_features);
  g_autofree guint32 *idx = g_new (guint32, d->val.n);
  g_autofree guint32 *y = g_new (guint32, d->val.n);
  double loss = 0;

  for (guint i = 0; i < d->val.n; i++)
    idx[i] = i;
  hl_split_gather (&d->val, d->n_features, d->n_outputs, idx, d->val.n, x, y, NULL);
  hl_trainer_predict (t, x, d->val.n, probs);
  for (guint i = 0; i < d->val.n; i++)
    loss -= log (probs[i * d->n_outputs + y[i]]);
  return loss / d->val.n;
}

static void
test_restore_best (void)
{
  /* Diverging-ish learning rate: later validations are worse; the model returned is the best one. */
  g_autoptr (HlConfig) c = spiral_config (16, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (GError) error = NULL;
  g_autoptr (HlRun) run = NULL;
  HlTrainer *t;

  c->training.batch_size = 20;
  c->training.epochs = 200;
  c->training.validate_every_steps = 10;
  c->early_stopping.enabled = TRUE;
  c->early_stopping.patience_steps = 60;
  c->early_stopping.restore_best = TRUE;
  t = hl_trainer_new (c, registry, &error);
  run = hl_trainer_run (t, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_EARLY_STOPPED);
  /* The restored model reproduces the best validation loss, and the run says so. */
  g_assert_cmpfloat (fabs (validation_loss (t) - run->summary.best_val_loss), <, 1e-4);
  g_assert_true (hl_run_restored_best (run));
  g_assert_nonnull (strstr (run->summary.stop_reason, "; best weights restored"));
  /* of the restored weights, as test_accuracy */
  assert_confusion_matches (run, hl_trainer_get_dataset (t));
  hl_trainer_free (t);
}

/* A run that ends before its patience runs out also returns its best
 * weights (they applied to early stops only), and says so; without
 * restore_best it keeps the last ones. */
static void
test_restore_best_completed (void)
{
  g_autoptr (HlConfig) c = spiral_config (16, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (GError) error = NULL;
  g_autoptr (HlRun) stopped = NULL;
  guint64 spe, end;

  /* test_restore_best's run stops early; no validation beat its best in
   * the patience before: the same run ending at the first epoch end after
   * its best completes with a better model behind it */
  c->training.batch_size = 20;
  c->training.epochs = 200;
  c->training.validate_every_steps = 10;
  c->early_stopping.enabled = TRUE;
  c->early_stopping.patience_steps = 60;
  stopped = train (c);
  g_assert_cmpint (stopped->status, ==, HL_RUN_STATUS_EARLY_STOPPED);
  spe = (guint64) llround (stopped->summary.steps / stopped->summary.epochs);
  end = (stopped->summary.best_step / spe + 1) * spe;
  g_assert_cmpuint (end, <, stopped->summary.steps);
  c->training.epochs = (guint) (end / spe);
  c->early_stopping.patience_steps = 100000;
  for (int restore = 0; restore < 2; restore++)
    {
      g_autoptr (HlRun) run = NULL;
      HlTrainer *t;
      double last_val;

      c->early_stopping.restore_best = restore;
      t = hl_trainer_new (c, registry, &error);
      run = hl_trainer_run (t, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
      g_assert_cmpuint (run->summary.best_step, <, run->summary.steps);   /* the case at hand */
      last_val = g_array_index (run->metrics.val_loss, double, hl_metrics_len (&run->metrics) - 1);
      g_assert_cmpfloat (last_val, >, run->summary.best_val_loss + 1e-3);
      if (restore)
        {
          g_assert_cmpfloat (fabs (validation_loss (t) - run->summary.best_val_loss), <, 1e-4);
          g_assert_nonnull (strstr (run->summary.stop_reason, "best weights restored from step"));
          g_assert_true (hl_run_restored_best (run));
        }
      else
        {
          g_assert_cmpfloat (fabs (validation_loss (t) - last_val), <, 1e-4);
          g_assert_null (strstr (run->summary.stop_reason, "restored"));
          g_assert_false (hl_run_restored_best (run));
        }
      hl_trainer_free (t);
    }
}

/* A run stopped from outside (a sweep's pruning) at the step of its best
 * validation has no better weights to put back: its stop reason said
 * "best weights restored" all the same ("stopped at step 8 … best at step
 * 8"; found by a QA pass).  Stopped between validations, it restores them. */
typedef struct {
  HlTrainer *trainer;
  guint64    at;
} StopAt;

static void
stop_at (const HlProgress *p, gpointer data)
{
  const StopAt *s = data;

  if (p->step == s->at)
    hl_trainer_request_stop (s->trainer, "enough");
}

static void
test_restore_best_requested (void)
{
  g_autoptr (HlConfig) c = spiral_config (16, HL_ACTIVATION_TANH, "sgd", 0.05);
  static const struct { guint64 at; gboolean restored; const char *reason; } cases[] = {
    /* the first validation is the best so far */
    { 10, FALSE, "stopped at step 10: enough; the last weights are the best" },
    { 15, TRUE, "stopped at step 15: enough; best weights restored" },
  };

  c->training.batch_size = 20;
  c->training.epochs = 20;
  c->training.validate_every_steps = 10;
  c->early_stopping.enabled = TRUE;
  c->early_stopping.patience_steps = 100000;
  c->early_stopping.restore_best = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HlRun) run = NULL;
      StopAt stop = { hl_trainer_new (c, registry, &error), cases[i].at };

      g_assert_no_error (error);
      hl_trainer_set_progress_func (stop.trainer, stop_at, &stop);
      run = hl_trainer_run (stop.trainer, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (run->status, ==, HL_RUN_STATUS_EARLY_STOPPED);
      g_assert_cmpuint (run->summary.steps, ==, cases[i].at);
      g_assert_cmpuint (run->summary.best_step, ==, 10);
      g_assert_cmpstr (run->summary.stop_reason, ==, cases[i].reason);
      g_assert_cmpint (hl_run_restored_best (run), ==, cases[i].restored);
      /* either way the model holds the best weights */
      g_assert_cmpfloat (fabs (validation_loss (stop.trainer) - run->summary.best_val_loss), <, 1e-4);
      hl_trainer_free (stop.trainer);
    }
}

static void
count_hook (HlTrainer *t, guint64 step, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_nan_stop (void)
{
  g_autoptr (HlConfig) c = spiral_config (32, HL_ACTIVATION_RELU, "sgd", 1e6);
  g_autoptr (HlRun) run = NULL;
  guint n;

  c->training.batch_size = 10;
  c->training.epochs = 20;
  run = train (c);
  g_test_message ("%s", run->summary.stop_reason);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_DIVERGED);
  g_assert_cmpuint (run->summary.diverged_step, >, 0);
  g_assert_cmpuint (run->summary.diverged_step, ==, run->summary.steps + 1);
  g_assert_cmpfloat (run->summary.diverged_lr, ==, 1e6);
  g_assert_null (run->summary.test_confusion);   /* no test pass of NaN weights */
  {
    /* no last hook on the diverged model: its picture would be NaN */
    guint calls = 0;
    HlTrainer *t = hl_trainer_new (c, registry, NULL);
    g_autoptr (HlRun) again = NULL;

    hl_trainer_set_hook (t, 1, count_hook, &calls);
    again = hl_trainer_run (t, NULL, NULL);
    g_assert_cmpint (again->status, ==, HL_RUN_STATUS_DIVERGED);
    g_assert_cmpuint (calls, ==, again->summary.steps);
    hl_trainer_free (t);
  }
  g_assert_nonnull (strstr (run->summary.stop_reason, "diverged at step"));
  n = hl_metrics_len (&run->metrics);
  /* every recorded point is finite: the NaN never reaches the curve */
  for (guint i = 0; i < n; i++)
    g_assert_true (isfinite (g_array_index (run->metrics.train_loss, double, i)));
  {
    /* With a rate that falls every step, the last point carries the rate of
     * the last step taken and the summary the (lower) one of the step that
     * diverged; the point used to show the latter, a step early (found by
     * a review). */
    g_autoptr (HlRun) cos = NULL;
    double last_lr;

    g_free (c->schedule.name);
    c->schedule.name = g_strdup ("cosine");
    c->training.log_every_steps = 1000;   /* the last point is the one the stop adds */
    cos = train (c);
    g_assert_cmpint (cos->status, ==, HL_RUN_STATUS_DIVERGED);
    n = hl_metrics_len (&cos->metrics);
    g_assert_cmpuint (n, >, 0);
    g_assert_cmpuint (g_array_index (cos->metrics.step, guint64, n - 1), ==, cos->summary.steps);
    last_lr = g_array_index (cos->metrics.lr, double, n - 1);
    g_assert_cmpfloat (cos->summary.diverged_lr, <, last_lr);
  }
}

/* A point's training loss is the mean over the samples since the last
 * point: with batches of 479 and 1 (480 training samples), a point over
 * both weighs them 479 : 1 (it used to average the two batch means; found
 * by a review). */
static void
test_point_loss_weighted (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.1);
  g_autoptr (HlRun) every = NULL, pairs = NULL;
  const HlMetrics *m1, *m2;

  c->dataset.samples = 600;   /* 480 training, 60 validation, 60 test */
  c->training.batch_size = 479;
  c->training.epochs = 3;
  c->training.validate_every_steps = 1000;
  c->training.log_every_steps = 1;
  every = train (c);
  c->training.log_every_steps = 2;
  pairs = train (c);
  m1 = &every->metrics;
  m2 = &pairs->metrics;
  for (guint i = 0; i < hl_metrics_len (m2); i++)
    {
      const guint64 step = g_array_index (m2->step, guint64, i);
      double l_big, l_one;
      if (step % 2 != 0)
        continue;   /* an epoch-end point on its own */
      /* steps step-1 (479 samples) and step (1 sample) in the per-step run */
      g_assert_cmpuint (g_array_index (m1->step, guint64, step - 2), ==, step - 1);
      l_big = g_array_index (m1->train_loss, double, step - 2);
      l_one = g_array_index (m1->train_loss, double, step - 1);
      g_assert_cmpfloat (fabs (g_array_index (m2->train_loss, double, i) - (479 * l_big + l_one) / 480),
                         <, 1e-12);
    }
}

typedef struct {
  GCancellable *cancellable;
  guint64 at;
  guint calls;
  gboolean points_ok;
  HlTrainer *trainer;
} CancelData;

static void
cancel_at (const HlProgress *p, gpointer user_data)
{
  CancelData *cd = user_data;

  cd->calls++;
  g_assert_cmpuint (p->step, ==, cd->calls);
  if (p->point_added)
    {
      const HlMetrics *m = &hl_trainer_get_run (cd->trainer)->metrics;
      guint i = hl_metrics_len (m) - 1;
      cd->points_ok &= p->point_step == p->step
                       && p->point_step == g_array_index (m->step, guint64, i)
                       && p->point_train_loss == g_array_index (m->train_loss, double, i);
    }
  if (p->step == cd->at)
    g_cancellable_cancel (cd->cancellable);
}

static void
test_cancel (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (HlRun) run = NULL;
  g_autoptr (GError) error = NULL;
  CancelData cd = { g_cancellable_new (), 123, 0, TRUE, NULL };
  HlTrainer *t;

  c->training.batch_size = 4;
  c->training.epochs = 100;
  c->training.log_every_steps = 5;
  t = hl_trainer_new (c, registry, &error);
  cd.trainer = t;
  hl_trainer_set_progress_func (t, cancel_at, &cd);
  run = hl_trainer_run (t, cd.cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_CANCELLED);
  g_assert_cmpuint (run->summary.steps, ==, cd.at);
  g_assert_cmpuint (cd.calls, ==, cd.at);
  g_assert_true (cd.points_ok);
  hl_trainer_free (t);
  g_object_unref (cd.cancellable);
}


/* Targets far from 0 with a small spread (1e9 + 0..150) keep their spread:
 * stored as float before they were z-scored, they were 64 apart at 1e9 and
 * the fit was 4,000 times worse than on the same targets less 1e9 (found by
 * a QA pass). */
static void
test_csv_regression_offset (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-train-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "offset.csv", NULL);
  g_autoptr (GString) text = g_string_new ("a,b,target\n");
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autoptr (HlConfig) c = spiral_config (16, HL_ACTIVATION_TANH, "adam", 0.01);
  g_autoptr (HlRun) run = NULL;
  const double var = (100.0 * 100 + 50.0 * 50) / 12;   /* of 100a + 50b, a and b uniform */

  for (guint i = 0; i < 300; i++)
    {
      const double a = g_rand_double (rand), b = g_rand_double (rand);
      g_string_append_printf (text, "%.6f,%.6f,%.6f\n", a, b, 1e9 + 100 * a + 50 * b);
    }
  g_assert_true (g_file_set_contents (csv, text->str, (gssize) text->len, NULL));
  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("csv");
  g_free (c->dataset.path);
  c->dataset.path = g_strdup (csv);
  c->dataset.task = HL_TASK_REGRESSION;
  g_array_set_size (c->model.layers, 1);
  c->training.epochs = 200;
  run = train (c);
  g_test_message ("1e9 + 100a + 50b: test MSE %.4g (the targets' variance %.4g)",
                  run->summary.test_loss, var);
  g_assert_cmpfloat (run->summary.test_loss, <, 0.01 * var);
  g_unlink (csv);
  g_rmdir (dir);
}

/* Train c with a checkpoint every step into path, cancel at step `at`, and
 * return the saved record. */
static HlRun *
cancel_with_checkpoint (const HlConfig *c, const char *path, guint64 at)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HlRun) cancelled = NULL;
  CancelData cd = { g_cancellable_new (), at, 0, TRUE, NULL };
  HlTrainer *t = hl_trainer_new (c, registry, NULL);
  HlRun *saved;

  cd.trainer = t;
  hl_trainer_set_progress_func (t, cancel_at, &cd);
  hl_trainer_set_checkpoint (t, path, 0.0);
  cancelled = hl_trainer_run (t, cd.cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cancelled->status, ==, HL_RUN_STATUS_CANCELLED);
  hl_trainer_free (t);
  g_object_unref (cd.cancellable);
  saved = hl_run_load (path, &error);
  g_assert_no_error (error);
  return saved;
}

/* A CSV regression target in the units of house prices (1e5 ± 3e4). */
static void
write_price_csv (const char *path, double shift)
{
  g_autoptr (GString) csv = g_string_new ("area,age,price\n");
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 400; i++)
    {
      const double a = g_rand_double_range (rand, -1, 1), b = g_rand_double_range (rand, -1, 1);
      const double noise = g_rand_double_range (rand, -1000, 1000);
      g_string_append_printf (csv, "%.4f,%.4f,%.1f\n", a, b,
                              1e5 + shift + 3e4 * a - 2e4 * b + noise);
    }
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));
}

typedef struct {
  double test_mse;   /* from hl_trainer_predict, in the target's units */
} PredictData;

static void
predict_test_hook (HlTrainer *t, guint64 step, gpointer user_data)
{
  PredictData *pd = user_data;
  const HlDataset *d = hl_trainer_get_dataset (t);
  g_autofree float *out = g_new (float, d->test.n);
  double sum = 0.0;

  (void) step;
  hl_trainer_predict (t, d->test.x, d->test.n, out);
  for (guint i = 0; i < d->test.n; i++)
    {
      const double e = (double) out[i] - (d->test.targets[i] + d->target_shift);
      sum += e * e;
    }
  pd->test_mse = sum / d->test.n;
}

/* CSV regression targets are learnt z-scored, and every loss is reported in
 * the target's own units: house prices of 1e5 did not train at all from an
 * output layer that starts near 0 (test MSE 8e10, worse than the mean; found
 * by a review).  A resume onto changed targets is refused. */
static void
test_csv_regression_scaled (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-train-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "prices.csv", NULL);
  g_autofree char *path = g_build_filename (dir, "r1.run.json", NULL);
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
  g_autoptr (HlConfig) c = spiral_config (16, HL_ACTIVATION_TANH, "adam", 0.01);
  g_autoptr (HlRun) run = NULL, saved = NULL;
  g_autoptr (GError) error = NULL;
  PredictData pd = { NAN };
  HlTrainer *t;
  double var = 0.0, mean = 0.0, tmean, tsd;

  write_price_csv (csv, 0.0);
  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("csv");
  g_free (c->dataset.path);
  c->dataset.path = g_strdup (csv);
  g_free (c->dataset.target);
  c->dataset.target = g_strdup ("price");
  c->dataset.task = HL_TASK_REGRESSION;
  c->dataset.validation_split = 0.2;
  c->dataset.test_split = 0.2;
  c->training.batch_size = 16;
  c->training.epochs = 60;

  t = hl_trainer_new (c, registry, &error);
  g_assert_no_error (error);
  hl_trainer_set_hook (t, 1000000, predict_test_hook, &pd);   /* only at the end */
  run = hl_trainer_run (t, NULL, &error);
  g_assert_no_error (error);
  {
    const HlDataset *d = hl_trainer_get_dataset (t);
    for (guint i = 0; i < d->test.n; i++)
      mean += (d->test.targets[i] + d->target_shift) / d->test.n;
    for (guint i = 0; i < d->test.n; i++)
      var += (d->test.targets[i] + d->target_shift - mean)
             * (d->test.targets[i] + d->target_shift - mean) / d->test.n;
    tmean = d->target_mean;
    tsd = d->target_sd;
  }
  hl_trainer_free (t);
  g_test_message ("prices: test mse %.4g (target variance %.4g), predicted %.4g",
                  run->summary.test_loss, var, pd.test_mse);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
  /* learnt: far below the variance (R² > 0.99), in the target's units */
  g_assert_cmpfloat (run->summary.test_loss, <, 0.01 * var);
  g_assert_cmpfloat (run->summary.test_loss, >, 1e4);   /* not the z-scored loss */
  g_assert_cmpfloat (fabs (run->summary.test_loss - pd.test_mse), <, 1e-4 * pd.test_mse);
  g_assert_cmpfloat (run->summary.final_val_loss, <, 0.01 * var);
  g_assert_cmpfloat (g_array_index (run->metrics.train_loss, double, 0), >, 1e6);
  g_assert_cmpfloat (fabs (tmean - 1e5), <, 5e3);
  g_assert_cmpfloat (tsd, >, 1e4);

  /* a checkpoint, then the targets change (same rows): not resumed */
  saved = cancel_with_checkpoint (c, path, 20);
  {
    /* the same data: resumed bit for bit (the sidecar keeps the scaling) */
    g_autoptr (HlRun) resumed = NULL;
    t = hl_trainer_new (saved->config, registry, NULL);
    g_assert_true (hl_trainer_set_resume (t, saved, &error));
    hl_trainer_set_checkpoint (t, path, 1e9);
    resumed = hl_trainer_run (t, NULL, &error);
    g_assert_no_error (error);
    hl_trainer_free (t);
    assert_metrics_identical (&resumed->metrics, &run->metrics);
    g_assert_cmpfloat (resumed->summary.test_loss, ==, run->summary.test_loss);
  }
  g_clear_pointer (&saved, hl_run_free);
  saved = cancel_with_checkpoint (c, path, 20);
  write_price_csv (csv, 5e4);
  t = hl_trainer_new (saved->config, registry, NULL);
  g_assert_true (hl_trainer_set_resume (t, saved, &error));
  g_assert_null (hl_trainer_run (t, NULL, &error));   /* the file's digest changed */
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
  g_assert_nonnull (strstr (error->message, "changed since the run began"));
  g_clear_error (&error);
  hl_trainer_free (t);
  /* a record without the digests (from before they were kept): the
   * checkpoint's target scaling still tells */
  g_clear_pointer (&saved->data_files, g_hash_table_unref);
  {
    /* and a checkpoint from before targets were scaled, on the same data,
     * says so rather than blaming the data (found by a code review) */
    g_autoptr (HlCheckpoint) ck = hl_checkpoint_load (ckpt, &error);
    g_autofree char *copy = NULL;
    gsize copy_len = 0;

    g_assert_no_error (error);
    g_assert_true (ck->has_target_scale);
    g_assert_true (g_file_get_contents (ckpt, &copy, &copy_len, NULL));
    ck->has_target_scale = FALSE;
    ck->target_mean = 0.0;
    ck->target_sd = 1.0;
    g_assert_true (hl_checkpoint_save (ck, ckpt, &error));
    write_price_csv (csv, 0.0);
    t = hl_trainer_new (saved->config, registry, NULL);
    g_assert_true (hl_trainer_set_resume (t, saved, &error));
    g_assert_null (hl_trainer_run (t, NULL, &error));
    g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "checkpoint written before Hyperlab scaled regression targets"));
    g_clear_error (&error);
    hl_trainer_free (t);
    g_assert_true (g_file_set_contents (ckpt, copy, (gssize) copy_len, NULL));
    write_price_csv (csv, 5e4);
  }
  t = hl_trainer_new (saved->config, registry, NULL);
  g_assert_true (hl_trainer_set_resume (t, saved, &error));
  g_assert_null (hl_trainer_run (t, NULL, &error));   /* checked once the data are loaded */
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
  g_assert_nonnull (strstr (error->message, "targets"));
  g_test_message ("%s", error->message);
  hl_trainer_free (t);

  g_unlink (ckpt);
  g_unlink (path);
  g_unlink (csv);
  g_rmdir (dir);
}

/* ---- checkpoint and resume ------------------------------------------------------ */

static HlConfig *
resume_config (void)
{
  HlConfig *c = spiral_config (8, HL_ACTIVATION_GELU, "momentum", 0.05);

  g_array_index (c->model.layers, HlLayerConfig, 1).dropout = 0.1;
  c->training.batch_size = 16;
  c->training.epochs = 6;
  c->training.validate_every_steps = 9;
  c->training.log_every_steps = 4;
  c->early_stopping.enabled = TRUE;
  c->early_stopping.patience_steps = 1000;
  return c;
}

static void
expect_resume_error (const HlConfig *c, HlRun *saved)
{
  g_autoptr (GError) error = NULL;
  HlTrainer *t = hl_trainer_new (c, registry, NULL);

  g_assert_false (hl_trainer_set_resume (t, saved, &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
  g_test_message ("%s", error->message);
  hl_trainer_free (t);
}

/* Cancel at step k with a checkpoint every step, resume from the saved
 * record: the finished curve is bit-identical to an uninterrupted run. */
static void
test_checkpoint_resume (void)
{
  g_autoptr (HlConfig) c = resume_config ();
  g_autoptr (HlRun) full = train (c), saved = NULL, resumed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-train-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "r1.run.json", NULL);
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
  HlTrainer *t;

  saved = cancel_with_checkpoint (c, path, 50);
  g_assert_true (g_file_test (ckpt, G_FILE_TEST_EXISTS));
  g_assert_cmpint (saved->status, ==, HL_RUN_STATUS_CANCELLED);
  /* a point written after the sidecar (a crash between the two saves) is dropped */
  hl_metrics_append (&saved->metrics, 9999, 99, 0.1, 1, NAN, NAN);

  {
    g_autoptr (HlConfig) other = resume_config ();
    g_array_index (other->model.layers, HlLayerConfig, 0).units = 9;
    expect_resume_error (other, saved);
  }
  {
    /* a record whose config was edited by hand (the learning rate, the
     * epochs): it went on under the new config, a curve of two (found by a
     * QA pass) */
    g_autoptr (HlRun) edited = hl_run_copy (saved);
    g_autoptr (GError) e = NULL;
    HlTrainer *t2;

    /* a new name is no new config: renamed on the Runs page, it resumes */
    g_free (edited->config->name);
    edited->config->name = g_strdup ("renamed");
    t2 = hl_trainer_new (edited->config, registry, NULL);
    g_assert_true (hl_trainer_set_resume (t2, edited, &e));
    g_assert_no_error (e);
    hl_trainer_free (t2);
    edited->config->optimizer.learning_rate *= 2;
    t2 = hl_trainer_new (edited->config, registry, NULL);
    g_assert_false (hl_trainer_set_resume (t2, edited, &e));
    g_assert_error (e, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
    g_assert_nonnull (strstr (e->message, "its config was changed since its last checkpoint"));
    g_assert_nonnull (strstr (e->message, saved->id));
    hl_trainer_free (t2);
  }
  {
    /* A whole, checksummed sidecar whose sample order points outside the
     * training set is refused, not read past the data (found by a review). */
    g_autofree char *original = NULL;
    gsize original_len = 0;
    g_autoptr (HlCheckpoint) ck = NULL;

    g_assert_true (g_file_get_contents (ckpt, &original, &original_len, NULL));
    ck = hl_checkpoint_load (ckpt, &error);
    g_assert_no_error (error);
    ((guint32 *) ck->owned_perm)[ck->n_train / 2] = (guint32) ck->n_train + 7;
    g_assert_true (hl_checkpoint_save (ck, ckpt, &error));
    t = hl_trainer_new (saved->config, registry, NULL);
    g_assert_true (hl_trainer_set_resume (t, saved, &error));   /* shapes match: checked later */
    g_assert_null (hl_trainer_run (t, NULL, &error));            /* once the data are loaded */
    g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
    g_assert_nonnull (strstr (error->message, "a sample index"));
    /* naming the run and its file */
    g_assert_true (g_str_has_prefix (error->message, path));
    g_assert_nonnull (strstr (error->message, saved->id));
    g_clear_error (&error);
    hl_trainer_free (t);
    g_assert_true (g_file_set_contents (ckpt, original, (gssize) original_len, NULL));
  }

  t = hl_trainer_new (saved->config, registry, NULL);
  g_assert_true (hl_trainer_set_resume (t, saved, &error));
  g_assert_no_error (error);
  hl_trainer_set_checkpoint (t, path, 1e9);
  resumed = hl_trainer_run (t, NULL, &error);
  g_assert_no_error (error);
  hl_trainer_free (t);
  g_assert_cmpint (resumed->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpstr (resumed->id, ==, saved->id);
  assert_metrics_identical (&resumed->metrics, &full->metrics);
  g_assert_cmpfloat (resumed->summary.test_loss, ==, full->summary.test_loss);
  g_assert_cmpuint (resumed->summary.best_step, ==, full->summary.best_step);
  /* finished runs drop their sidecar */
  g_assert_false (g_file_test (ckpt, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
}

static void
count_checkpoint_failures (const HlProgress *p, gpointer user_data)
{
  guint *failures = user_data;

  *failures = MAX (*failures, p->checkpoint_failures);
}

/* A record or checkpoint that cannot be written is counted in the progress
 * reports and its message kept for the caller to show: it was a g_warning,
 * which the application's user never saw (a full disk went unnoticed). */
static void
test_checkpoint_failure_reported (void)
{
  g_autoptr (HlConfig) c = resume_config ();
  g_autoptr (HlRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *why = NULL;
  guint failures = 0;
  HlTrainer *t = hl_trainer_new (c, registry, NULL);

  g_assert_null (hl_trainer_dup_checkpoint_error (t));
  hl_trainer_set_progress_func (t, count_checkpoint_failures, &failures);
  hl_trainer_set_checkpoint (t, "/nonexistent-hyperlab-folder/r.run.json", 0.0);
  run = hl_trainer_run (t, NULL, &error);   /* a g_warning would abort the test */
  g_assert_no_error (error);
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, !=, HL_RUN_STATUS_FAILED);
  g_assert_cmpuint (failures, >, 0);
  why = hl_trainer_dup_checkpoint_error (t);
  g_assert_nonnull (why);
  g_test_message ("%u failures: %s", failures, why);
  g_assert_nonnull (strstr (why, "/nonexistent-hyperlab-folder/r.run.json"));
  g_assert_true (hl_trainer_get_final_write_failed (t));
  hl_trainer_free (t);
}

typedef struct {
  const char   *dir;
  GCancellable *cancellable;
  guint         failures;   /* the progress reports' count */
} MakeDirData;

/* the folder comes at step 50, the cancel at step 100 */
static void
make_dir_then_cancel (const HlProgress *p, gpointer user_data)
{
  MakeDirData *d = user_data;

  d->failures = MAX (d->failures, p->checkpoint_failures);
  if (p->step == 50)
    g_assert_cmpint (g_mkdir (d->dir, 0755), ==, 0);
  if (p->step == 100)
    g_cancellable_cancel (d->cancellable);
}

/* Writes failed while the run trained, but the stopped run's checkpoint was
 * written as it ended: it can be resumed, and nothing says otherwise (a
 * count of failures made the CLI and the application say "cannot be
 * resumed"; found by a code review). */
static void
test_checkpoint_failure_then_saved (void)
{
  g_autoptr (HlConfig) c = resume_config ();
  g_autoptr (HlRun) run = NULL;
  g_autofree char *base = g_dir_make_tmp ("hl-train-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "later", NULL);
  g_autofree char *path = g_build_filename (dir, "r.run.json", NULL);
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
  g_autofree char *why = NULL;
  MakeDirData d = { dir, g_cancellable_new (), 0 };
  HlTrainer *t;

  c->training.epochs = 1000;
  t = hl_trainer_new (c, registry, NULL);
  hl_trainer_set_progress_func (t, make_dir_then_cancel, &d);
  hl_trainer_set_checkpoint (t, path, 0.0);
  run = hl_trainer_run (t, d.cancellable, NULL);
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_CANCELLED);
  why = hl_trainer_dup_checkpoint_error (t);
  g_assert_nonnull (why);
  g_assert_cmpuint (d.failures, >, 0);
  g_assert_false (hl_trainer_get_final_write_failed (t));
  g_assert_true (g_file_test (ckpt, G_FILE_TEST_EXISTS));
  hl_trainer_free (t);
  g_object_unref (d.cancellable);
  g_unlink (ckpt);
  g_unlink (path);
  g_rmdir (dir);
  g_rmdir (base);
}

typedef struct {
  double   eta20;          /* the ETA reported at step 20 */
  double   rate_eta20;     /* from the training time at step 20 */
  gboolean early_eta;      /* an ETA before step 20 and a quarter second */
} EtaData;

static void
record_eta (const HlProgress *p, gpointer user_data)
{
  EtaData *e = user_data;

  /* p->elapsed is the training time, without checkpoint writes */
  if (p->step < 20 && isfinite (p->eta) && p->elapsed < 0.2)
    e->early_eta = TRUE;
  if (p->step == 20)
    {
      e->eta20 = p->eta;
      e->rate_eta20 = p->elapsed / 20 * (double) (p->total_steps - 20);
    }
}

/* The ETA leaves out the write of the run's first checkpoint, and comes
 * only once there is a rate to go by: at step 1 it said "1:07:56" for a
 * run of 17 s (found by a QA pass). */
static void
test_eta_first_steps (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autofree char *dir = g_dir_make_tmp ("hl-train-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "eta.run.json", NULL);
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
  g_autoptr (HlRun) run = NULL;
  EtaData e = { NAN, NAN, FALSE };
  HlTrainer *t;

  c->dataset.samples = 200000;   /* a first checkpoint of some weight */
  c->training.batch_size = 32;
  c->training.epochs = 1;
  t = hl_trainer_new (c, registry, NULL);
  hl_trainer_set_progress_func (t, record_eta, &e);
  hl_trainer_set_checkpoint (t, path, 1e9);   /* no other write */
  run = hl_trainer_run (t, NULL, NULL);
  hl_trainer_free (t);
  g_assert_nonnull (run);
  g_test_message ("ETA at step 20: %.4f s; from the training time alone %.4f s", e.eta20,
                  e.rate_eta20);
  g_assert_false (e.early_eta);
  g_assert_true (isfinite (e.eta20));
  /* the same rate but for the microseconds between the two clocks (with
   * the first write counted it was 30 times more) */
  g_assert_cmpfloat (fabs (e.eta20 - e.rate_eta20), <, 0.25 * e.rate_eta20 + 0.01);
  g_unlink (path);
  g_unlink (ckpt);
  g_rmdir (dir);
}

/* The intact sidecar (data, len) with its params section (tag 3) written
 * twice and a valid checksum: a crafted file, not a damaged one. */
static void
expect_duplicate_section_error (const char *ckpt, const char *data, gsize len,
                                HlRun *run, const HlConfig *c)
{
  const gsize digest_len = 32, header = 16;
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GError) error = NULL;
  guint8 digest[32];
  gsize pos = header, dlen = sizeof digest;

  while (pos + 12 <= len - digest_len)
    {
      guint32 tag;
      guint64 n;
      memcpy (&tag, data + pos, 4);
      memcpy (&n, data + pos + 4, 8);
      if (tag == 3)
        {
          g_byte_array_append (out, (const guint8 *) data, pos + 12 + n);
          g_byte_array_append (out, (const guint8 *) data + pos, 12 + n);
          g_byte_array_append (out, (const guint8 *) data + pos + 12 + n, len - digest_len - (pos + 12 + n));
          break;
        }
      pos += 12 + n;
    }
  g_assert_cmpuint (out->len, >, len);
  g_checksum_update (sum, out->data, out->len);
  g_checksum_get_digest (sum, digest, &dlen);
  g_byte_array_append (out, digest, dlen);
  g_assert_true (g_file_set_contents (ckpt, (const char *) out->data, out->len, NULL));
  g_assert_null (hl_checkpoint_load (ckpt, &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
  g_assert_nonnull (strstr (error->message, "twice"));
  expect_resume_error (c, run);
  g_unlink (ckpt);
}

static void
test_checkpoint_corrupt (void)
{
  g_autoptr (HlConfig) c = resume_config ();
  g_autoptr (HlRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-train-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "r2.run.json", NULL);
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
  g_autofree char *data = NULL;
  gsize len;
  CancelData cd = { g_cancellable_new (), 20, 0, TRUE, NULL };
  HlTrainer *t = hl_trainer_new (c, registry, NULL);

  cd.trainer = t;
  hl_trainer_set_progress_func (t, cancel_at, &cd);
  hl_trainer_set_checkpoint (t, path, 1e9);
  hl_run_free (hl_trainer_run (t, cd.cancellable, NULL));
  hl_trainer_free (t);
  run = hl_run_load (path, &error);
  g_assert_no_error (error);

  /* truncated, then one flipped byte, then missing */
  g_assert_true (g_file_get_contents (ckpt, &data, &len, NULL));
  g_assert_true (g_file_set_contents (ckpt, data, len / 2, NULL));
  expect_resume_error (c, run);
  data[len / 3] ^= 0x40;
  g_assert_true (g_file_set_contents (ckpt, data, len, NULL));
  expect_resume_error (c, run);
  g_unlink (ckpt);
  expect_resume_error (c, run);
  data[len / 3] ^= 0x40;   /* intact again */
  expect_duplicate_section_error (ckpt, data, len, run, c);

  g_unlink (path);
  g_rmdir (dir);
  g_object_unref (cd.cancellable);
}

/* ---- async, hooks, predictions ---------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  HlRun *run;
  GError *error;
} AsyncData;

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncData *ad = user_data;

  ad->run = hl_trainer_run_finish ((HlTrainer *) source, result, &ad->error);
  g_main_loop_quit (ad->loop);
}

static void
test_async_cancel (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  AsyncData ad = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  CancelData cd = { g_cancellable_new (), 77, 0, TRUE, NULL };
  HlTrainer *t = hl_trainer_new (c, registry, NULL);

  c->training.epochs = 1000;
  cd.trainer = t;
  hl_trainer_set_progress_func (t, cancel_at, &cd);
  hl_trainer_run_async (t, cd.cancellable, on_done, &ad);
  g_main_loop_run (ad.loop);
  g_assert_no_error (ad.error);
  g_assert_cmpint (ad.run->status, ==, HL_RUN_STATUS_CANCELLED);
  g_assert_cmpuint (ad.run->summary.steps, ==, 77);
  hl_run_free (ad.run);
  hl_trainer_free (t);
  g_main_loop_unref (ad.loop);
  g_object_unref (cd.cancellable);
}

#ifdef __linux__
static void
nice_hook (HlTrainer *t, guint64 step, gpointer user_data)
{
  int *nice = user_data;
  errno = 0;
  *nice = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
}
#endif

/* A background run trains below the caller's priority, every time: the
 * first version lowered a shared GTask thread and could not raise it again
 * as an ordinary user, so each later run started lower still (found by a
 * review; as root, which may raise it, that bug did not show). */
static void
test_async_background (void)
{
#ifdef __linux__
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  const int base = getpriority (PRIO_PROCESS, 0);

  c->training.epochs = 2;
  for (int k = 0; k < 3; k++)
    {
      AsyncData ad = { g_main_loop_new (NULL, FALSE), NULL, NULL };
      HlTrainer *t = hl_trainer_new (c, registry, NULL);
      int nice = -100;

      hl_trainer_set_background (t, TRUE);
      hl_trainer_set_hook (t, 5, nice_hook, &nice);
      hl_trainer_run_async (t, NULL, on_done, &ad);
      g_main_loop_run (ad.loop);
      g_assert_no_error (ad.error);
      g_assert_cmpint (nice, ==, MIN (base + 10, 19));
      hl_run_free (ad.run);
      hl_trainer_free (t);
      g_main_loop_unref (ad.loop);
    }
#else
  g_test_skip ("thread priorities are Linux-only here");
#endif
}

typedef struct {
  guint calls;
  guint64 last_step;
} HookData;

static void
grid_hook (HlTrainer *t, guint64 step, gpointer user_data)
{
  HookData *hd = user_data;
  const HlDataset *d = hl_trainer_get_dataset (t);
  float grid[5 * 2] = { -1, -1, -0.5f, 0, 0, 0, 0.5f, 0.25f, 1, 1 };
  float out[5 * 3];

  g_assert_cmpuint (d->n_features, ==, 2);
  hl_trainer_predict (t, grid, 5, out);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat_with_epsilon (out[i * 3] + out[i * 3 + 1] + out[i * 3 + 2], 1.0, 1e-5);
  hd->calls++;
  hd->last_step = step;
}

static void
test_hook (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (HlRun) run = NULL;
  HookData hd = { 0 };
  HlTrainer *t = hl_trainer_new (c, registry, NULL);

  hl_trainer_set_hook (t, 25, grid_hook, &hd);
  run = hl_trainer_run (t, NULL, NULL);
  /* every 25 steps, and once more at the end */
  g_assert_cmpuint (hd.calls, ==, run->summary.steps / 25 + 1);
  g_assert_cmpuint (hd.last_step, ==, run->summary.steps);
  hl_trainer_free (t);
}

/* A trained run whose sidecar is gone: the error says which file and why
 * (it was GLib's bare "Failed to open file"; found by a review). */
static void
test_resume_missing_checkpoint (void)
{
  g_autoptr (HlConfig) c = resume_config ();
  g_autoptr (HlRun) run = hl_run_new (c);
  g_autoptr (GError) error = NULL;
  HlTrainer *t = hl_trainer_new (c, registry, NULL);

  run->path = g_strdup ("/nonexistent/r.run.json");
  run->status = HL_RUN_STATUS_CANCELLED;
  run->summary.steps = 10;
  hl_metrics_append (&run->metrics, 10, 0.5, 0.1, 1.0, NAN, NAN);
  g_assert_false (hl_trainer_set_resume (t, run, &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/r.ckpt is missing"));
  hl_trainer_free (t);
}

static void
sleep_hook (HlTrainer *t, guint64 step, gpointer data)
{
  g_usleep (30000);
  *(gint64 *) data += 30000;
}

/* `seconds` is training time: hooks (the GUI's decision boundary) and
 * checkpoint writes are not in it (both were; found by a review). */
static void
test_seconds_exclude_hooks (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (HlRun) run = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-train-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "r.run.json", NULL);
  g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
  HlTrainer *t;
  gint64 slept = 0, wall;

  c->training.epochs = 14;   /* 210 steps */
  t = hl_trainer_new (c, registry, NULL);

  hl_trainer_set_hook (t, 20, sleep_hook, &slept);
  hl_trainer_set_checkpoint (t, path, 0.01);   /* at every hook call, at least */
  wall = g_get_monotonic_time ();
  run = hl_trainer_run (t, NULL, &error);
  wall = g_get_monotonic_time () - wall;
  g_assert_no_error (error);
  g_assert_cmpuint (run->summary.steps, >=, 200);
  g_test_message ("%" G_GUINT64_FORMAT " steps: wall %.3f s, hooks slept %.3f s, seconds %.4f",
                  run->summary.steps, wall / 1e6, slept / 1e6, run->summary.seconds);
  g_assert_cmpfloat (run->summary.seconds, >, 0);
  g_assert_cmpfloat (run->summary.seconds, <, (wall - slept) / 1e6);
  hl_trainer_free (t);
  g_unlink (path);
  g_unlink (ckpt);
  g_rmdir (dir);
}

static void
test_no_validation (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (HlRun) run = NULL;
  g_autoptr (GError) error = NULL;
  HlTrainer *t;

  c->dataset.validation_split = 0.0;
  c->early_stopping.enabled = TRUE;
  t = hl_trainer_new (c, registry, NULL);
  g_assert_null (hl_trainer_run (t, NULL, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_INCONSISTENT);
  hl_trainer_free (t);

  c->early_stopping.enabled = FALSE;
  run = train (c);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_true (isnan (run->summary.best_val_loss));
  for (guint i = 0; i < hl_metrics_len (&run->metrics); i++)
    g_assert_true (isnan (g_array_index (run->metrics.val_loss, double, i)));
}

/* The trainer fills the matrix in the final test pass; a few epochs on
 * noisy spirals leave mistakes to count. */
static void
test_confusion (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (GError) error = NULL;
  g_autoptr (HlRun) run = NULL;
  HlTrainer *t;

  c->dataset.samples = 600;
  c->dataset.noise = 0.3;
  c->training.batch_size = 32;
  c->training.epochs = 3;
  t = hl_trainer_new (c, registry, &error);
  run = hl_trainer_run (t, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("spiral: test accuracy %.4f", run->summary.test_accuracy);
  g_assert_cmpfloat (run->summary.test_accuracy, <, 1.0);   /* mistakes to count */
  g_assert_cmpfloat (run->summary.test_accuracy, >, 0.0);
  assert_confusion_matches (run, hl_trainer_get_dataset (t));
  hl_trainer_free (t);
}

/* No matrix without a test pass to make it: no test set, a diverged run. */
static void
test_confusion_none (void)
{
  g_autoptr (HlConfig) c = spiral_config (8, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (HlRun) run = NULL;

  c->dataset.test_split = 0.0;
  c->training.epochs = 1;
  run = train (c);
  g_assert_true (isnan (run->summary.test_accuracy));
  g_assert_null (run->summary.test_confusion);
}

/* 101 classes (a CSV): 10,201 counts are over the cap of a record; the run
 * keeps its test accuracy and no matrix. */
static void
test_confusion_too_many_classes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-train-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "many.csv", NULL);
  g_autoptr (HlConfig) c = spiral_config (4, HL_ACTIVATION_TANH, "sgd", 0.05);
  g_autoptr (HlRun) run = NULL;
  g_autoptr (GString) text = g_string_new ("x,label\n");

  for (guint i = 0; i < 101 * 4; i++)
    g_string_append_printf (text, "%u,c%03u\n", i, i % 101);
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));
  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("csv");
  g_free (c->dataset.path);
  c->dataset.path = g_strdup (csv);
  g_free (c->dataset.target);
  c->dataset.target = g_strdup ("label");
  c->dataset.task = HL_TASK_CLASSIFICATION;
  c->training.epochs = 1;
  run = train (c);
  g_assert_true (isfinite (run->summary.test_accuracy));
  g_assert_null (run->summary.test_confusion);
  g_unlink (csv);
  g_rmdir (dir);
}

/* Few noisy samples, a large net and many epochs: validation loss turns up. */
static void
test_overfitting (void)
{
  g_autoptr (HlConfig) c = spiral_config (64, HL_ACTIVATION_TANH, "adam", 0.01);
  g_autoptr (HlRun) run = NULL;

  c->dataset.samples = 300;
  c->dataset.noise = 0.3;
  c->dataset.validation_split = 0.3;
  c->training.batch_size = HL_BATCH_ALL;
  c->training.epochs = 1500;
  c->training.validate_every_steps = 10;
  run = train (c);
  g_test_message ("best val %.4f at %" G_GUINT64_FORMAT ", final val %.4f, train %.4f, flag %d at %" G_GUINT64_FORMAT,
                  run->summary.best_val_loss, run->summary.best_step, run->summary.final_val_loss,
                  run->summary.final_train_loss, run->summary.overfitting, run->summary.overfitting_step);
  g_assert_true (run->summary.overfitting);
  /* The turn is found on smoothed losses: near the best step, well before the end. */
  g_assert_cmpuint (run->summary.overfitting_step, >=, run->summary.best_step);
  g_assert_cmpuint (run->summary.overfitting_step, <=, run->summary.best_step + 100);
  g_assert_cmpuint (run->summary.overfitting_step, <, run->summary.steps);
  g_assert_cmpfloat (run->summary.final_val_loss, >, 1.1 * run->summary.best_val_loss);
}

/* A loss that exploded is not overfitting: at SGD 1e4 the training loss
 * jumps to 1e15 and its smoothed value then falls back for hundreds of
 * steps while validation stalls, which the watch took for a model still
 * learning its training set; the Experiment page marked "Overfitting"
 * beside "Early stopped, but the loss exploded". */
static void
test_overfitting_exploded (void)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  g_autoptr (HlRun) run = NULL;
  HlLayerConfig *layers;
  double first, last;

  g_array_set_size (c->model.layers, 1);
  layers = (HlLayerConfig *) c->model.layers->data;
  layers[0] = (HlLayerConfig) { 64, HL_ACTIVATION_RELU, 0.0 };
  g_free (c->optimizer.name);
  c->optimizer.name = g_strdup ("sgd");
  c->optimizer.learning_rate = 1e4;
  c->training.validate_every_steps = 50;
  run = train (c);
  g_assert_cmpint (hl_run_loss_trouble (run, &first, &last), ==, HL_LOSS_TROUBLE_EXPLODED);
  g_assert_false (run->summary.overfitting);
  g_assert_cmpuint (run->summary.overfitting_step, ==, 0);
}

/* The product's default config (hl_config_new: spiral, 600 points, noise 0.1,
 * 2-16-16 tanh, SGD) as a first-time user would press Train with it. */
static void
test_spiral_default (void)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  g_autoptr (HlRun) run = NULL;
  HlLayerConfig *layers = (HlLayerConfig *) c->model.layers->data;

  g_assert_cmpstr (c->dataset.kind, ==, "spiral");
  g_assert_cmpuint (c->model.layers->len, ==, 2);
  g_assert_cmpuint (layers[0].units, ==, 16);
  g_assert_cmpint (layers[1].activation, ==, HL_ACTIVATION_TANH);
  run = train (c);
  g_test_message ("default spiral (noise %.2f): %s, val acc %.3f, test acc %.3f",
                  c->dataset.noise, run->summary.stop_reason,
                  run->summary.final_val_accuracy, run->summary.test_accuracy);
  g_assert_cmpfloat (run->summary.final_val_accuracy, >=, 0.95);
}

/* training.threads = 2 splits the layers and the optimizer update (Adam has
 * step_range; 128 units make ~17k parameters, enough to split) between two
 * threads: the run trains as well as with one thread, repeats bit for bit
 * whichever thread takes which part (also with both threads on one CPU),
 * and OpenBLAS stays at one thread. */
static void
test_two_threads (void)
{
  g_autoptr (HlConfig) c = spiral_config (128, HL_ACTIVATION_RELU, "adam", 0.01);
  g_autoptr (HlRun) one = NULL;
  g_autoptr (HlRun) two = NULL;
  g_autoptr (HlRun) again = NULL;

  c->dataset.samples = 1000;
  c->dataset.noise = 0.03;
  c->training.batch_size = 32;
  c->training.epochs = 60;
  one = train (c);
  c->training.threads = 2;
  two = train (c);
  again = train (c);
  assert_metrics_identical (&two->metrics, &again->metrics);
  {
    /* Both threads on one CPU: the pool soon runs its jobs on the caller
     * alone, and the run still repeats bit for bit. */
    gpointer saved = hl_test_pin_one_cpu ();
    if (saved != NULL)
      {
        g_autoptr (HlRun) pinned = train (c);
        hl_test_unpin (saved);
        assert_metrics_identical (&two->metrics, &pinned->metrics);
      }
  }
  g_test_message ("val acc 1 thread %.3f, 2 threads %.3f",
                  one->summary.final_val_accuracy, two->summary.final_val_accuracy);
  g_assert_cmpint (two->status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpfloat (two->summary.final_val_accuracy, >=, 0.95);
  g_assert_cmpfloat (fabs (one->summary.final_val_accuracy - two->summary.final_val_accuracy), <=, 0.03);
  g_assert_cmpint (openblas_get_num_threads (), ==, 1);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  registry = hl_plugin_registry_new ();
  hl_plugin_registry_set_probe_in_child (registry, FALSE);
  hl_plugin_registry_load_default (registry);

  g_test_add_func ("/core/train/spiral", test_spiral);
  g_test_add_func ("/core/train/sine", test_sine);
  g_test_add_func ("/core/train/csv-regression-scaled", test_csv_regression_scaled);
  g_test_add_func ("/core/train/csv-regression-offset", test_csv_regression_offset);
  g_test_add_func ("/core/train/determinism", test_determinism);
  for (guint i = 0; i < G_N_ELEMENTS (batch_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/train/batch/%s", batch_cases[i].name);
      g_test_add_data_func (path, &batch_cases[i], test_batches);
    }
  g_test_add_func ("/core/train/early-stopping/exact-step", test_early_stopping);
  g_test_add_func ("/core/train/early-stopping/restore-best", test_restore_best);
  g_test_add_func ("/core/train/early-stopping/restore-best-completed", test_restore_best_completed);
  g_test_add_func ("/core/train/early-stopping/restore-best-requested", test_restore_best_requested);
  g_test_add_func ("/core/train/nan-stop", test_nan_stop);
  g_test_add_func ("/core/train/cancel", test_cancel);
  g_test_add_func ("/core/train/checkpoint/resume", test_checkpoint_resume);
  g_test_add_func ("/core/train/checkpoint/corrupt", test_checkpoint_corrupt);
  g_test_add_func ("/core/train/checkpoint/failure-reported", test_checkpoint_failure_reported);
  g_test_add_func ("/core/train/checkpoint/failure-then-saved", test_checkpoint_failure_then_saved);
  g_test_add_func ("/core/train/eta-first-steps", test_eta_first_steps);
  g_test_add_func ("/core/train/async-cancel", test_async_cancel);
  g_test_add_func ("/core/train/point-loss-weighted", test_point_loss_weighted);
  g_test_add_func ("/core/train/async-background", test_async_background);
  g_test_add_func ("/core/train/hook-predict", test_hook);
  g_test_add_func ("/core/train/no-validation", test_no_validation);
  g_test_add_func ("/core/train/seconds-exclude-hooks", test_seconds_exclude_hooks);
  g_test_add_func ("/core/train/resume-missing-checkpoint", test_resume_missing_checkpoint);
  g_test_add_func ("/core/train/overfitting", test_overfitting);
  g_test_add_func ("/core/train/overfitting-exploded", test_overfitting_exploded);
  g_test_add_func ("/core/train/confusion", test_confusion);
  g_test_add_func ("/core/train/confusion/none", test_confusion_none);
  g_test_add_func ("/core/train/confusion/too-many-classes", test_confusion_too_many_classes);
  g_test_add_func ("/core/train/threads", test_two_threads);
  g_test_add_func ("/core/train/spiral/default-config", test_spiral_default);
  g_test_add_func ("/core/train/fashion-mnist", test_fashion_mnist);
  ret = g_test_run ();
  hl_plugin_registry_free (registry);
  return ret;
}
