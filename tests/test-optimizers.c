/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-optimizers.c - every shipped optimizer: its first three updates
 * against the PyTorch formula written out here in double precision,
 * convergence on a quadratic, its state block, the split update (begin_step
 * + step_range) equal to step, and training spiral. */
#include <math.h>
#include <string.h>
#include "hyperlab.h"
#include "test-ref-util.h"

#define N 5
#define MAX_STATE 3

/* Gradients of the three steps: mixed signs and magnitudes; the third is
 * small so running second moments shrink (AMSGrad's maximum matters). */
static const double grads[3][N] = {
  {  0.5, -1.0,  2.0, 0.01, -0.3 },
  {  0.4,  0.8, -1.5, 0.02, -0.3 },
  { 0.05, -0.1,  0.1, 0.0,   0.3 },
};
static const double w0[N] = { 1.0, -0.5, 0.25, 2.0, 0.0 };

/* One reference step.  t is 1-based; s holds the optimizer's buffers, zeroed
 * (or set by init) before step 1; hp in descriptor order. */
typedef void (*RefStep) (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp);
typedef void (*RefInit) (double s[MAX_STATE][N], const double *hp);

static void
ref_sgd (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp)
{
  for (int i = 0; i < N; i++)
    w[i] -= lr * (g[i] + hp[0] * w[i]);
}

static void
ref_momentum (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp)
{
  const double mu = hp[0], damp = hp[1];
  for (int i = 0; i < N; i++)
    {
      /* PyTorch keeps no buffer without momentum: dampening then does nothing */
      s[0][i] = t == 1 || mu == 0 ? g[i] : mu * s[0][i] + (1 - damp) * g[i];
      w[i] -= lr * s[0][i];
    }
}

static void
ref_nesterov (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp)
{
  const double mu = hp[0];
  for (int i = 0; i < N; i++)
    {
      s[0][i] = t == 1 ? g[i] : mu * s[0][i] + g[i];
      w[i] -= lr * (g[i] + mu * s[0][i]);
    }
}

static void
init_adagrad (double s[MAX_STATE][N], const double *hp)
{
  for (int i = 0; i < N; i++)
    s[0][i] = hp[1];
}

static void
ref_adagrad (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp)
{
  for (int i = 0; i < N; i++)
    {
      s[0][i] += g[i] * g[i];
      w[i] -= lr * g[i] / (sqrt (s[0][i]) + hp[0]);
    }
}

static void
ref_rmsprop (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp)
{
  const double rho = hp[0], eps = hp[1], mu = hp[2];
  for (int i = 0; i < N; i++)
    {
      s[0][i] = rho * s[0][i] + (1 - rho) * g[i] * g[i];
      const double avg = sqrt (s[0][i]) + eps;
      if (mu > 0)
        {
          s[1][i] = mu * s[1][i] + g[i] / avg;
          w[i] -= lr * s[1][i];
        }
      else
        w[i] -= lr * g[i] / avg;
    }
}

static void
adam_core (double *w, const double *g, double s[MAX_STATE][N], int t, double lr,
           double b1, double b2, double eps, gboolean amsgrad)
{
  const double bc1 = 1 - pow (b1, t), bc2 = 1 - pow (b2, t);
  for (int i = 0; i < N; i++)
    {
      s[0][i] = b1 * s[0][i] + (1 - b1) * g[i];
      s[1][i] = b2 * s[1][i] + (1 - b2) * g[i] * g[i];
      s[2][i] = MAX (s[2][i], s[1][i]);
      const double v = amsgrad ? s[2][i] : s[1][i];
      w[i] -= lr / bc1 * s[0][i] / (sqrt (v) / sqrt (bc2) + eps);
    }
}

static void
ref_adam (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp)
{
  adam_core (w, g, s, t, lr, hp[0], hp[1], hp[2], hp[3] != 0);
}

static void
ref_adamw (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp)
{
  for (int i = 0; i < N; i++)
    w[i] *= 1 - lr * hp[3];
  adam_core (w, g, s, t, lr, hp[0], hp[1], hp[2], FALSE);
}

static void
ref_adadelta (double *w, const double *g, double s[MAX_STATE][N], int t, double lr, const double *hp)
{
  const double rho = hp[0], eps = hp[1];
  for (int i = 0; i < N; i++)
    {
      s[0][i] = rho * s[0][i] + (1 - rho) * g[i] * g[i];
      const double d = sqrt (s[1][i] + eps) / sqrt (s[0][i] + eps) * g[i];
      s[1][i] = rho * s[1][i] + (1 - rho) * d * d;
      w[i] -= lr * d;
    }
}

typedef struct {
  const char *name;       /* test path */
  const char *id;
  const char *params;     /* "name=value,..." over the defaults */
  double      lr;         /* for the three reference steps */
  RefStep     ref;
  RefInit     init;
  double      quad_lr;    /* converges on the quadratic with this */
  double      spiral_lr;  /* trains spiral with this */
} OptCase;

static const OptCase cases[] = {
  { "sgd",              "sgd",      NULL,                         0.1,  ref_sgd,      NULL,         0.5,  0.3 },
  { "sgd-decay",        "sgd",      "weight_decay=0.1",           0.1,  ref_sgd,      NULL,         0.5,  0.3 },
  { "momentum",         "momentum", NULL,                         0.1,  ref_momentum, NULL,         0.05, 0.05 },
  { "momentum-damp",    "momentum", "momentum=0.5,dampening=0.3", 0.1,  ref_momentum, NULL,         0.05, 0.05 },
  { "momentum-zero",    "momentum", "momentum=0,dampening=0.5",   0.1,  ref_momentum, NULL,         0.5,  0.3 },
  { "nesterov",         "nesterov", NULL,                         0.1,  ref_nesterov, NULL,         0.05, 0.05 },
  { "nesterov-mu",      "nesterov", "momentum=0.5",               0.1,  ref_nesterov, NULL,         0.05, 0.05 },
  { "adagrad",          "adagrad",  NULL,                         0.1,  ref_adagrad,  init_adagrad, 0.5,  0.1 },
  { "adagrad-init",     "adagrad",  "initial_accumulator=0.5,epsilon=1e-3", 0.1, ref_adagrad, init_adagrad, 0.5, 0.1 },
  { "rmsprop",          "rmsprop",  NULL,                         0.01, ref_rmsprop,  NULL,         0.01, 0.005 },
  { "rmsprop-momentum", "rmsprop",  "momentum=0.5,rho=0.9",       0.01, ref_rmsprop,  NULL,         0.01, 0.005 },
  { "adam",             "adam",     NULL,                         0.01, ref_adam,     NULL,         0.02, 0.01 },
  /* β near 1: 1 − β rounded from double, as PyTorch (1 − (float) β was
   * 0.14 % off at 0.99999; found by a review) */
  { "adam-beta2",       "adam",     "beta2=0.99999",              0.01, ref_adam,     NULL,         0.02, 0.01 },
  { "rmsprop-rho",      "rmsprop",  "rho=0.99999",                0.001, ref_rmsprop, NULL,         0.01, 0.005 },
  { "adam-amsgrad",     "adam",     "amsgrad=1,beta2=0.5",        0.01, ref_adam,     NULL,         0.02, 0.01 },
  { "adamw",            "adamw",    NULL,                         0.01, ref_adamw,    NULL,         0.02, 0.01 },
  { "adamw-decay",      "adamw",    "weight_decay=0.1",           0.01, ref_adamw,    NULL,         0.02, 0.01 },
  { "adadelta",         "adadelta", NULL,                         1.0,  ref_adadelta, NULL,         1.0,  1.0 },
  { "adadelta-rho",     "adadelta", "rho=0.5,epsilon=1e-4",       1.0,  ref_adadelta, NULL,         1.0,  1.0 },
};

static const HlPluginDescriptor *
optimizer (const char *id)
{
  HlPluginRegistry *reg = hl_plugin_registry_get_default ();
  const HlPluginDescriptor *d = hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, id);
  if (d == NULL)
    g_error ("optimizer “%s” is not loaded", id);
  return d;
}


static gpointer
create (const HlPluginDescriptor *d, const OptCase *c, gsize n, double *hp)
{
  g_autoptr (GError) error = NULL;
  hl_test_fill_params (d, c->params, hp);
  gpointer inst = d->optimizer->create (n, hp, &error);
  g_assert_no_error (error);
  g_assert_nonnull (inst);
  return inst;
}

/* The plugin computes in float: after three steps it agrees with the double
 * reference to 2e-6 absolute on values of order 1 (float rounding ~6e-8 per
 * operation); each step must also really move the weights. */
static void
test_three_steps (gconstpointer data)
{
  const OptCase *c = data;
  const HlPluginDescriptor *d = optimizer (c->id);
  double hp[HL_PLUGIN_MAX_PARAMS], ref_w[N], s[MAX_STATE][N] = { { 0 } };
  float w[N], g[N];
  gpointer inst = create (d, c, N, hp);

  for (int i = 0; i < N; i++)
    w[i] = (float) (ref_w[i] = w0[i]);
  if (c->init)
    c->init (s, hp);
  for (int t = 1; t <= 3; t++)
    {
      double before[N];
      memcpy (before, ref_w, sizeof before);
      for (int i = 0; i < N; i++)
        g[i] = (float) grads[t - 1][i];
      d->optimizer->step (inst, w, g, N, c->lr);
      c->ref (ref_w, grads[t - 1], s, t, c->lr, hp);
      double moved = 0;
      for (int i = 0; i < N; i++)
        {
          moved = MAX (moved, fabs (ref_w[i] - before[i]));
          if (fabs (w[i] - ref_w[i]) > 2e-6)
            g_error ("%s step %d w[%d]: plugin %.9g, formula %.9g", c->name, t, i, w[i], ref_w[i]);
        }
      g_assert_cmpfloat (moved, >, 1e-3);
    }
  d->optimizer->free (inst);
}

/* f(w) = ½ Σ a_i (w_i − c_i)² on 37 parameters (odd: vector loops run their
 * remainders); 3000 steps must cut the loss by 1e4. */
static double
quad_grad (const float *w, float *g, guint n)
{
  double f = 0;
  for (guint i = 0; i < n; i++)
    {
      const double a = 0.5 + 1.5 * i / n, ci = sin (i);
      g[i] = (float) (a * (w[i] - ci));
      f += 0.5 * a * (w[i] - ci) * (w[i] - ci);
    }
  return f;
}

static void
test_quadratic (gconstpointer data)
{
  const OptCase *c = data;
  const HlPluginDescriptor *d = optimizer (c->id);
  enum { Q = 37 };
  double hp[HL_PLUGIN_MAX_PARAMS];
  float w[Q], g[Q];
  gpointer inst = create (d, c, Q, hp);

  for (guint i = 0; i < Q; i++)
    w[i] = (float) (2.0 * cos (3.0 * i));
  const double f0 = quad_grad (w, g, Q);
  double f = f0;
  for (guint s = 0; s < 3000; s++)
    {
      d->optimizer->step (inst, w, g, Q, c->quad_lr);
      f = quad_grad (w, g, Q);
    }
  d->optimizer->free (inst);
  if (!(f < 1e-4 * f0))
    g_error ("%s: loss %g after 3000 steps (started at %g)", c->name, f, f0);
}

/* Copying the state block into a fresh instance continues identically:
 * everything mutable, the step counter included, is in it. */
static void
test_state_block (gconstpointer data)
{
  const OptCase *c = data;
  const HlPluginDescriptor *d = optimizer (c->id);
  double hp[HL_PLUGIN_MAX_PARAMS];
  float w[N], w2[N], g[N];
  gpointer a = create (d, c, N, hp), b = create (d, c, N, hp);
  gsize na = 0, nb = 0;

  for (int i = 0; i < N; i++)
    w[i] = (float) w0[i];
  for (int t = 0; t < 2; t++)
    {
      for (int i = 0; i < N; i++)
        g[i] = (float) grads[t][i];
      d->optimizer->step (a, w, g, N, c->lr);
    }
  gpointer sa = d->optimizer->state_data (a, &na), sb = d->optimizer->state_data (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  /* on a cache line, so the first array after the 64-byte header lines up
   * with the parameters: from malloc every vector of it spanned two lines */
  if (na > 0)
    g_assert_cmpuint ((guintptr) sa % 64, ==, 0);
  if (na > 0)
    memcpy (sb, sa, na);
  memcpy (w2, w, sizeof w);
  for (int i = 0; i < N; i++)
    g[i] = (float) grads[2][i];
  d->optimizer->step (a, w, g, N, c->lr);
  d->optimizer->step (b, w2, g, N, c->lr);
  g_assert_cmpmem (w, sizeof w, w2, sizeof w2);
  d->optimizer->free (a);
  d->optimizer->free (b);
}

/* --- the split update (ABI 1.1) -------------------------------------------- */

enum { SPLIT_N = 1000, SPLIT_STEPS = 6 };

/* Range boundaries the host could choose: multiples of 16 except the end,
 * of uneven lengths (48, 16, 336, 592, 8 and 16, 496, 488). */
static const gsize cuts_a[] = { 0, 48, 64, 400, 992, SPLIT_N };
static const gsize cuts_b[] = { 0, 16, 512, SPLIT_N };

typedef struct {
  const HlOptimizerFuncs *f;
  gpointer     inst;
  float       *w;
  const float *g;
  gsize        start, end;
  double       lr;
} RangeJob;

static gpointer
range_thread (gpointer data)
{
  RangeJob *j = data;
  j->f->step_range (j->inst, j->w, j->g, j->start, j->end, j->lr);
  return NULL;
}

/* begin_step, then the ranges between cuts: in order, in reverse order, or
 * each on its own thread at once (as the host runs them). */
static void
split_update (const HlOptimizerFuncs *f, gpointer inst, float *w, const float *g, double lr,
              const gsize *cuts, guint n_cuts, guint mode)
{
  RangeJob jobs[8];
  GThread *threads[8];
  const guint n = n_cuts - 1;

  f->begin_step (inst, lr);
  for (guint k = 0; k < n; k++)
    {
      const guint r = mode == 1 ? n - 1 - k : k;
      jobs[k] = (RangeJob) { f, inst, w, g, cuts[r], cuts[r + 1], lr };
      if (mode == 2)
        threads[k] = g_thread_new ("range", range_thread, &jobs[k]);
      else
        range_thread (&jobs[k]);
    }
  for (guint k = 0; mode == 2 && k < n; k++)
    g_thread_join (threads[k]);
}

static void
assert_same_state (const OptCase *c, const HlPluginDescriptor *d, gpointer a, gpointer b, int t)
{
  gsize na = 0, nb = 0;
  const guint8 *sa = d->optimizer->state_data (a, &na), *sb = d->optimizer->state_data (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (gsize i = 0; i < na; i++)
    if (sa[i] != sb[i])
      g_error ("%s step %d: state byte %" G_GSIZE_FORMAT " differs (step %u, split %u)",
               c->name, t, i, sa[i], sb[i]);
}

/* step over n = 1000 and begin_step + step_range over uneven 16-aligned
 * ranges, in order, reversed and on threads, give the same bits: every
 * parameter and the whole state block, after each of six steps with a
 * changing learning rate. */
static void
test_split (gconstpointer data)
{
  const OptCase *c = data;
  const HlPluginDescriptor *d = optimizer (c->id);
  double hp[HL_PLUGIN_MAX_PARAMS];
  g_autofree float *w = g_new (float, SPLIT_N), *w2 = g_new (float, SPLIT_N);
  g_autofree float *g = g_new (float, SPLIT_N);

  g_assert_true (hl_plugin_optimizer_can_split (d));
  gpointer a = create (d, c, SPLIT_N, hp), b = create (d, c, SPLIT_N, hp);
  for (guint i = 0; i < SPLIT_N; i++)
    w[i] = w2[i] = (float) (2.0 * sin (0.37 * i));
  for (int t = 0; t < SPLIT_STEPS; t++)
    {
      const double lr = c->lr * (1.0 + 0.25 * t);
      const gboolean use_a = t % 2 == 0;
      /* Gradients of mixed sign and scale; some shrink later (AMSGrad). */
      for (guint i = 0; i < SPLIT_N; i++)
        g[i] = (float) ((w[i] - cos (i)) * (0.1 + (i % 7)) / (1.0 + t * (i % 3)));
      d->optimizer->step (a, w, g, SPLIT_N, lr);
      split_update (d->optimizer, b, w2, g, lr, use_a ? cuts_a : cuts_b,
                    use_a ? G_N_ELEMENTS (cuts_a) : G_N_ELEMENTS (cuts_b), (guint) (t / 2));
      for (guint i = 0; i < SPLIT_N; i++)
        if (memcmp (&w[i], &w2[i], sizeof (float)) != 0)
          g_error ("%s step %d: w[%u] is %.9g after step, %.9g after the split update",
                   c->name, t + 1, i, w[i], w2[i]);
      assert_same_state (c, d, a, b, t + 1);
    }
  /* Not vacuous: the updates moved the weights. */
  g_assert_cmpfloat (fabsf (w[1] - (float) (2.0 * sin (0.37))), >, 1e-4);
  d->optimizer->free (a);
  d->optimizer->free (b);
}

/* Default hyperparameters, a suitable learning rate, the default spiral
 * config (2-16-16 tanh): at least 0.9 validation accuracy. */
static void
test_spiral (gconstpointer data)
{
  const OptCase *c = data;
  g_autoptr (GError) error = NULL;
  HlConfig *config = hl_config_new ();

  g_free (config->optimizer.name);
  config->optimizer.name = g_strdup (c->id);
  config->optimizer.learning_rate = c->spiral_lr;
  config->training.epochs = 200;
  config->training.batch_size = 32;
  config->early_stopping.enabled = FALSE;
  HlTrainer *trainer = hl_trainer_new (config, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  HlRun *run = hl_trainer_run (trainer, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_COMPLETED);
  if (!(run->summary.final_val_accuracy >= 0.9))
    g_error ("%s lr %g: validation accuracy %g after %g epochs", c->id, c->spiral_lr,
             run->summary.final_val_accuracy, run->summary.epochs);
  g_test_message ("%s lr %g: validation accuracy %.3f", c->id, c->spiral_lr, run->summary.final_val_accuracy);
  hl_run_free (run);
  hl_trainer_free (trainer);
  hl_config_free (config);
}

static void
test_all_listed (void)
{
  static const char *const ids[] = { "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "adadelta" };
  g_autoptr (GPtrArray) list = hl_plugin_registry_list (hl_plugin_registry_get_default (), HL_PLUGIN_KIND_OPTIMIZER);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (optimizer (ids[i]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/optimizers/all-listed", test_all_listed);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *p1 = g_strdup_printf ("/optimizers/%s/three-steps", cases[i].name);
      g_autofree char *p2 = g_strdup_printf ("/optimizers/%s/quadratic", cases[i].name);
      g_autofree char *p3 = g_strdup_printf ("/optimizers/%s/state-block", cases[i].name);
      g_test_add_data_func (p1, &cases[i], test_three_steps);
      g_test_add_data_func (p3, &cases[i], test_state_block);
      g_autofree char *p5 = g_strdup_printf ("/optimizers/%s/split", cases[i].name);
      g_test_add_data_func (p5, &cases[i], test_split);
      /* Convergence and training once per optimizer, with its defaults
       * (weight decay elsewhere moves the minimum away from the quadratic's). */
      if (cases[i].params == NULL)
        {
          g_test_add_data_func (p2, &cases[i], test_quadratic);
          g_autofree char *p4 = g_strdup_printf ("/optimizers/%s/spiral", cases[i].name);
          g_test_add_data_func (p4, &cases[i], test_spiral);
        }
    }
  return g_test_run ();
}
