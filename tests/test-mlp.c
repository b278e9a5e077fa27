/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mlp.c - the whole MLP: gradients against a double-precision reference, layout, limits, init. */
#include <math.h>
#include <string.h>
#include "hyperlab.h"
#include "test-ref-util.h"
#include "hl-mlp.h"
#include "hl-ops.h"

#define FD_EPS 1e-6

typedef struct {
  guint units;
  HlActivation act;
  double dropout;
} LayerSpec;

typedef struct {
  const char *name;
  HlTask      task;
  guint       F, n_out, B;
  float       l2;
  guint       n_layers;
  LayerSpec   layers[3];
  double      zeros;     /* fraction of inputs set to exactly 0 (sparse path) */
  guint       threads;   /* hl_mlp_set_threads, 0 = leave alone */
  guint       split;     /* layers 0 .. split-1 must be split between the threads */
  guint       stride;    /* check every stride-th parameter (0: all) */
} MlpCase;

static const MlpCase grad_cases[] = {
  { "classification-tanh-gelu-dropout", HL_TASK_CLASSIFICATION, 3, 3, 4, 0.0f, 2,
    { { 5, HL_ACTIVATION_TANH, 0.0 }, { 4, HL_ACTIVATION_GELU, 0.3 } } },
  { "regression-sigmoid-leaky-l2", HL_TASK_REGRESSION, 2, 2, 3, 0.1f, 2,
    { { 6, HL_ACTIVATION_SIGMOID, 0.0 }, { 5, HL_ACTIVATION_LEAKY_RELU, 0.0 } } },
  { "classification-relu-blas-dropout", HL_TASK_CLASSIFICATION, 40, 5, 6, 0.01f, 1,
    { { 34, HL_ACTIVATION_RELU, 0.2 } } },
  { "classification-linear-no-hidden", HL_TASK_CLASSIFICATION, 4, 3, 5, 0.0f, 0, { { 0 } } },
  /* 70 % zero inputs: layer 0 (40 → 34) and layer 1 (34 → 20 on ReLU outputs) take the sparse kernels */
  { "classification-relu-sparse", HL_TASK_CLASSIFICATION, 40, 3, 9, 0.01f, 2,
    { { 34, HL_ACTIVATION_RELU, 0.0 }, { 20, HL_ACTIVATION_RELU, 0.2 } }, 0.7, 1 },
  { "classification-relu-sparse-2-threads", HL_TASK_CLASSIFICATION, 40, 3, 9, 0.0f, 2,
    { { 34, HL_ACTIVATION_RELU, 0.0 }, { 20, HL_ACTIVATION_GELU, 0.0 } }, 0.7, 2 },
  { "regression-relu-dense-3-threads", HL_TASK_REGRESSION, 40, 2, 9, 0.0f, 1,
    { { 34, HL_ACTIVATION_RELU, 0.0 } }, 0.0, 3 },
  /* Layers wide enough for the threads to own rows of W (64 inputs each or
   * more): sparse shares, dropout after a split layer (its outputs added up
   * at once), outputs added up by the next layer's parts, dz of layer 1 and
   * its pattern made by layer 2's parts, sparse din; then dense shares and
   * GELU.  About 1,000 of the 40,000-44,000 parameters are checked. */
  { "classification-split-2-threads", HL_TASK_CLASSIFICATION, 130, 3, 9, 0.01f, 3,
    { { 130, HL_ACTIVATION_RELU, 0.2 }, { 130, HL_ACTIVATION_RELU, 0.0 },
      { 32, HL_ACTIVATION_RELU, 0.0 } }, 0.7, 2, 3, 37 },
  { "regression-split-3-threads-dense", HL_TASK_REGRESSION, 200, 2, 9, 0.0f, 2,
    { { 200, HL_ACTIVATION_GELU, 0.0 }, { 20, HL_ACTIVATION_TANH, 0.0 } }, 0.0, 3, 2, 43 },
};

static HlModelConfig
model_config (const MlpCase *c)
{
  HlModelConfig m = { g_array_new (FALSE, TRUE, sizeof (HlLayerConfig)), HL_INIT_XAVIER };

  for (guint l = 0; l < c->n_layers; l++)
    {
      HlLayerConfig lc = { c->layers[l].units, c->layers[l].act, c->layers[l].dropout };
      g_array_append_val (m.layers, lc);
    }
  return m;
}


/* The loss of the model in double precision, with the masks the float model drew. */
static double
ref_loss (const HlMlp *m, const double *p, const float *x, const guint32 *y,
          const float *t, guint B, float l2)
{
  double act[64 * 64], next[64 * 64], loss = 0;
  guint width = m->n_inputs;

  for (guint i = 0; i < B * width; i++)
    act[i] = x[i];
  for (guint l = 0; l < m->n_layers; l++)
    {
      const HlMlpLayer *L = &m->layers[l];
      const double *w = p + L->offset, *b = w + (gsize) L->n_in * L->n_out;
      for (guint n = 0; n < B; n++)
        for (guint o = 0; o < L->n_out; o++)
          {
            double s = b[o];
            for (guint i = 0; i < L->n_in; i++)
              s += act[n * L->n_in + i] * w[i * L->n_out + o];
            s = hl_test_act_ref (L->act, s);
            if (L->dropout > 0)
              s *= L->mask[n * L->n_out + o];
            next[n * L->n_out + o] = s;
          }
      for (guint i = 0; i < B * L->n_out; i++)
        act[i] = next[i];
      for (gsize i = 0; i < (gsize) L->n_in * L->n_out; i++)
        loss += 0.5 * l2 * w[i] * w[i];
      width = L->n_out;
    }
  for (guint n = 0; n < B; n++)
    {
      const double *z = act + n * width;
      if (m->task == HL_TASK_CLASSIFICATION)
        {
          double mx = z[0], s = 0;
          for (guint c = 1; c < width; c++) mx = MAX (mx, z[c]);
          for (guint c = 0; c < width; c++) s += exp (z[c] - mx);
          loss += (log (s) + mx - z[y[n]]) / B;
        }
      else
        for (guint c = 0; c < width; c++)
          loss += (z[c] - t[n * width + c]) * (z[c] - t[n * width + c]) / (B * width);
    }
  return loss;
}

static void
test_gradients (gconstpointer data)
{
  const MlpCase *c = data;
  HlModelConfig mc = model_config (c);
  g_autoptr (GError) error = NULL;
  HlMlp *m = hl_mlp_new (&mc, c->task, c->F, c->n_out, c->B, &error);
  g_autofree float *x = g_new (float, c->B * c->F), *t = g_new (float, c->B * c->n_out);
  g_autofree guint32 *y = g_new (guint32, c->B);
  g_autofree double *p = NULL;
  HlRng rng, drop;
  double loss;

  g_assert_no_error (error);
  hl_rng_seed (&rng, 21);
  hl_mlp_init (m, HL_INIT_XAVIER, &rng);
  for (gsize i = 0; i < m->n_params; i++)   /* non-zero biases too */
    m->params[i] += (float) (0.2 * (hl_rng_uniform (&rng) - 0.5));
  for (guint i = 0; i < c->B * c->F; i++)
    x[i] = hl_rng_uniform (&rng) < c->zeros ? 0.0f : (float) (2 * hl_rng_uniform (&rng) - 1);
  if (c->zeros > 0)
    memset (x, 0, c->F * sizeof (float));   /* an all-zero row */
  if (c->threads > 0)
    hl_mlp_set_threads (m, c->threads);
  for (guint i = 0; i < c->B * c->n_out; i++) t[i] = (float) (2 * hl_rng_uniform (&rng) - 1);
  for (guint i = 0; i < c->B; i++) y[i] = hl_rng_below (&rng, c->n_out);

  hl_rng_seed (&drop, 99);
  hl_mlp_forward (m, x, c->B, &drop);
  loss = hl_mlp_loss (m, y, t, c->B, TRUE, NULL) + hl_mlp_l2_penalty (m, c->l2);
  hl_mlp_backward (m, x, c->B);
  hl_mlp_add_l2_grad (m, c->l2);
  if (c->zeros > 0)   /* the case must exercise what it names */
    g_assert_true (m->layers[0].sparse_in);
  for (guint l = 0; l < m->n_layers; l++)
    g_assert_true (hl_mlp_layer_is_split (m, l) == (l < c->split));
  /* a ReLU layer after the first runs din through W^T, skipping dz's zeros */
  g_assert_true (m->layers[1].sparse_din == (m->layers[1].wt != NULL));
  if (c->zeros > 0 && c->layers[1].units > 0 && c->layers[1].act == HL_ACTIVATION_RELU)
    g_assert_true (m->layers[1].sparse_din);

  p = g_new (double, m->n_params);
  for (gsize i = 0; i < m->n_params; i++) p[i] = m->params[i];
  g_assert_cmpfloat (fabs (loss - ref_loss (m, p, x, y, t, c->B, c->l2)), <, 1e-5);
  for (gsize i = 0; i < m->n_params; i += MAX (c->stride, 1))
    {
      double keep = p[i], lp, lm, num;
      p[i] = keep + FD_EPS; lp = ref_loss (m, p, x, y, t, c->B, c->l2);
      p[i] = keep - FD_EPS; lm = ref_loss (m, p, x, y, t, c->B, c->l2);
      p[i] = keep;
      num = (lp - lm) / (2 * FD_EPS);
      if (!(fabs (m->grads[i] - num) <= 2e-5 + 1e-3 * fabs (num)))
        g_error ("param %" G_GSIZE_FORMAT ": analytic %.8g, numeric %.8g", i, m->grads[i], num);
    }
  hl_mlp_free (m);
  g_array_unref (mc.layers);
}

/* W0, b0, W1, b1 ... in one block; the gradient block mirrors it. */
static void
test_layout (void)
{
  const MlpCase *c = &grad_cases[0];
  HlModelConfig mc = model_config (c);
  HlMlp *m = hl_mlp_new (&mc, c->task, c->F, c->n_out, 8, NULL);
  gsize expect = 3 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3;

  g_assert_cmpuint (m->n_params, ==, expect);
  g_assert_true (m->layers[0].w == m->params);
  g_assert_true (m->layers[0].b == m->params + 15);
  g_assert_true (m->layers[1].w == m->params + 20);
  g_assert_true (m->layers[2].b + 3 == m->params + expect);
  g_assert_true (m->layers[2].db + 3 == m->grads + expect);
  g_assert_true (m->layers[1].pre != NULL && m->layers[0].pre == NULL);   /* GELU keeps z */
  g_assert_true (m->layers[1].mask != NULL && m->layers[0].mask == NULL);
  g_assert_cmpuint ((guintptr) m->params % 64, ==, 0);
  hl_mlp_free (m);
  g_array_unref (mc.layers);
}

typedef struct {
  const char *name;
  guint units, n_layers, F, max_batch;
} LimitCase;

static const LimitCase limit_cases[] = {
  { "units", HL_MAX_UNITS + 1, 1, 2, 10 },
  { "zero-units", 0, 1, 2, 10 },
  { "params", HL_MAX_UNITS, 3, 2, 10 },               /* 2 × 16384² > 64 Mi floats */
  { "layers", 4, HL_MAX_LAYERS + 1, 2, 10 },
  { "batch-memory", 4096, 2, 784, 4000000 },          /* ~ 130 GB of activations */
  { "inputs-params", 16384, 1, 100000, 1 },            /* 1.6 G weights from a wide CSV */
};

static void
test_limits (gconstpointer data)
{
  const LimitCase *c = data;
  HlModelConfig mc = { g_array_new (FALSE, TRUE, sizeof (HlLayerConfig)), HL_INIT_HE };
  g_autoptr (GError) error = NULL;
  HlMlp *m;

  for (guint l = 0; l < c->n_layers; l++)
    {
      HlLayerConfig lc = { c->units, HL_ACTIVATION_RELU, 0.0 };
      g_array_append_val (mc.layers, lc);
    }
  m = hl_mlp_new (&mc, HL_TASK_CLASSIFICATION, c->F, 10, c->max_batch, &error);
  g_assert_null (m);
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT);
  g_test_message ("%s", error->message);
  g_array_unref (mc.layers);
}

static void
test_init (gconstpointer data)
{
  HlInit init = GPOINTER_TO_INT (data);
  HlModelConfig mc = { g_array_new (FALSE, TRUE, sizeof (HlLayerConfig)), init };
  HlLayerConfig lc = { 300, HL_ACTIVATION_RELU, 0.0 };
  HlMlp *a, *b;
  HlRng r1, r2;
  const HlMlpLayer *L;
  double s = 0, s2 = 0, mx = 0, want_sd;
  gsize n;

  g_array_append_val (mc.layers, lc);
  a = hl_mlp_new (&mc, HL_TASK_CLASSIFICATION, 200, 10, 4, NULL);
  b = hl_mlp_new (&mc, HL_TASK_CLASSIFICATION, 200, 10, 4, NULL);
  hl_rng_seed (&r1, 5);
  hl_rng_seed (&r2, 5);
  hl_mlp_init (a, init, &r1);
  hl_mlp_init (b, init, &r2);
  g_assert_cmpmem (a->params, a->n_params * 4, b->params, b->n_params * 4);
  L = &a->layers[0];
  n = (gsize) L->n_in * L->n_out;
  for (gsize i = 0; i < n; i++)
    {
      s += L->w[i];
      s2 += (double) L->w[i] * L->w[i];
      mx = MAX (mx, fabs (L->w[i]));
    }
  for (guint o = 0; o < L->n_out; o++)
    g_assert_cmpfloat (L->b[o], ==, 0.0f);
  switch (init)
    {
    case HL_INIT_HE:     want_sd = sqrt (2.0 / 200); break;
    case HL_INIT_XAVIER: want_sd = sqrt (6.0 / 500) / sqrt (3); g_assert_cmpfloat (mx, <=, sqrt (6.0 / 500)); break;
    default:             want_sd = 0.05 / sqrt (3); g_assert_cmpfloat (mx, <=, 0.05); break;
    }
  g_assert_cmpfloat (fabs (s / n), <, 0.05 * want_sd);
  g_assert_cmpfloat (fabs (sqrt (s2 / n) / want_sd - 1.0), <, 0.02);
  hl_mlp_free (a);
  hl_mlp_free (b);
  g_array_unref (mc.layers);
}

/* B rows of F inputs, half of them exact zeros, and B labels of 10 classes,
 * drawn from seed. */
static void
half_zero_batch (float *x, guint32 *y, guint B, guint F, guint64 seed)
{
  HlRng rng;

  hl_rng_seed (&rng, seed);
  for (guint i = 0; i < B * F; i++)
    x[i] = hl_rng_uniform (&rng) < 0.5 ? 0.0f : (float) hl_rng_uniform (&rng);
  for (guint i = 0; i < B; i++)
    y[i] = hl_rng_below (&rng, 10);
}

/* A 10-class model of mc on F inputs, He weights from seed 3, on n_threads. */
static HlMlp *
he_model (const HlModelConfig *mc, guint F, guint max_batch, guint n_threads)
{
  HlMlp *m = hl_mlp_new (mc, HL_TASK_CLASSIFICATION, F, 10, max_batch, NULL);
  HlRng init;

  hl_rng_seed (&init, 3);
  hl_mlp_init (m, HL_INIT_HE, &init);
  hl_mlp_set_threads (m, n_threads);
  return m;
}

/* A wide sparse model: 3 threads give the 1-thread outputs and gradients up
 * to rounding (the threads' shares of in · W are added up), and two models
 * on 3 threads give the same bits, step after step. */
static void
test_threads_agree (void)
{
  const guint F = 300, B = 37;
  HlModelConfig mc = { g_array_new (FALSE, TRUE, sizeof (HlLayerConfig)), HL_INIT_HE };
  HlLayerConfig lc[2] = { { 400, HL_ACTIVATION_RELU, 0.0 }, { 40, HL_ACTIVATION_RELU, 0.0 } };
  HlMlp *m[3];
  g_autofree float *x = g_new (float, B * F), *out0 = g_new (float, B * 10);
  g_autofree float *out1 = g_new (float, B * 10);
  guint32 y[37];

  g_array_append_vals (mc.layers, lc, 2);
  half_zero_batch (x, y, B, F, 5);
  for (guint k = 0; k < 3; k++)
    m[k] = he_model (&mc, F, 64, k == 0 ? 1 : 3);
  g_assert_true (hl_mlp_layer_is_split (m[1], 0) && hl_mlp_layer_is_split (m[1], 1));
  g_assert_false (hl_mlp_layer_is_split (m[1], 2) || hl_mlp_layer_is_split (m[0], 0));
  for (guint step = 0; step < 3; step++)   /* the team is reused across calls */
    {
      const float *o2;
      memcpy (out0, hl_mlp_forward (m[0], x, B, NULL), B * 10 * sizeof (float));
      memcpy (out1, hl_mlp_forward (m[1], x, B, NULL), B * 10 * sizeof (float));
      o2 = hl_mlp_forward (m[2], x, B, NULL);
      g_assert_true (m[1]->layers[0].sparse_in);
      g_assert_cmpmem (out1, B * 10 * sizeof (float), o2, B * 10 * sizeof (float));
      for (guint i = 0; i < B * 10; i++)
        g_assert_cmpfloat (fabs (out0[i] - out1[i]), <=, 1e-5 + 1e-5 * fabs (out0[i]));
      for (guint k = 0; k < 3; k++)
        {
          hl_mlp_loss (m[k], y, NULL, B, TRUE, NULL);
          hl_mlp_backward (m[k], x, B);
          g_assert_true (m[k]->layers[1].sparse_din);
        }
      g_assert_cmpmem (m[1]->grads, m[1]->n_params * sizeof (float),
                       m[2]->grads, m[2]->n_params * sizeof (float));
      for (gsize i = 0; i < m[0]->n_params; i++)
        g_assert_cmpfloat (fabs (m[0]->grads[i] - m[1]->grads[i]), <=,
                           1e-6 + 1e-5 * fabs (m[0]->grads[i]));
    }
  for (guint k = 0; k < 3; k++)
    hl_mlp_free (m[k]);
  g_array_unref (mc.layers);
}

typedef struct {
  GArray *ranges;   /* start, end pairs */
  guint8 *owner;    /* parts that covered each parameter */
  gsize   size;     /* parameters of the current part */
} RangeProbe;

static void
collect_range (gsize start, gsize end, gpointer data)
{
  RangeProbe *rp = data;
  gsize r[2] = { start, end };

  g_array_append_vals (rp->ranges, r, 2);
  for (gsize i = start; i < end; i++)
    rp->owner[i]++;
  rp->size += end - start;
}

/* hl_mlp_part_ranges: the parts tile the parameter block, every boundary but
 * the last a multiple of 16; with threads that own rows, every part has a
 * share of the weights. */
static void
test_part_ranges (void)
{
  const guint widths[][3] = { { 300, 130, 7 }, { 784, 256, 128 }, { 70, 13, 0 } };
  const guint Fs[] = { 150, 784, 90 };

  for (guint c = 0; c < G_N_ELEMENTS (Fs); c++)
    for (guint n = 1; n <= 4; n++)
      {
        HlModelConfig mc = { g_array_new (FALSE, TRUE, sizeof (HlLayerConfig)), HL_INIT_HE };
        RangeProbe rp = { g_array_new (FALSE, FALSE, sizeof (gsize)), NULL, 0 };
        gsize covered = 0;
        HlMlp *m;

        for (guint l = 0; l < 3 && widths[c][l] > 0; l++)
          {
            HlLayerConfig lc = { widths[c][l], HL_ACTIVATION_RELU, 0.0 };
            g_array_append_val (mc.layers, lc);
          }
        m = hl_mlp_new (&mc, HL_TASK_CLASSIFICATION, Fs[c], 10, 16, NULL);
        hl_mlp_set_threads (m, n);
        rp.owner = g_new0 (guint8, m->n_params);
        for (guint part = 0; part < n; part++)
          {
            rp.size = 0;
            hl_mlp_part_ranges (m, part, n, collect_range, &rp);
            if (hl_mlp_layer_is_split (m, 0))
              g_assert_cmpuint (rp.size, >=, (gsize) 64 * m->layers[0].n_out);
          }
        for (gsize i = 0; i < m->n_params; i++)
          g_assert_cmpuint (rp.owner[i], ==, 1);
        for (guint i = 0; i < rp.ranges->len; i += 2)
          {
            const gsize s = g_array_index (rp.ranges, gsize, i), e = g_array_index (rp.ranges, gsize, i + 1);
            g_assert_cmpuint (s % 16, ==, 0);
            g_assert_true (e % 16 == 0 || e == m->n_params);
            covered += e - s;
          }
        g_assert_cmpuint (covered, ==, m->n_params);
        g_assert_true (hl_mlp_layer_is_split (m, 0) == (n > 1 && Fs[c] >= 64 * n));
        g_array_unref (rp.ranges);
        g_free (rp.owner);
        hl_mlp_free (m);
        g_array_unref (mc.layers);
      }
}

typedef struct {
  HlMlp  *m;
  guint8 *updated;   /* times each parameter was updated this step */
} SgdProbe;

/* p -= 0.1 g over [start, end), checking the step_range contract. */
static void
sgd_range (gsize start, gsize end, gpointer data)
{
  SgdProbe *sp = data;

  g_assert_cmpuint (start % 16, ==, 0);
  g_assert_true (end % 16 == 0 || end == sp->m->n_params);
  for (gsize i = start; i < end; i++)
    {
      sp->m->params[i] -= 0.1f * sp->m->grads[i];
      sp->updated[i]++;
    }
}

/* hl_mlp_backward_update: the same parameters as backward, the L2 term and
 * one update after the other, each updated once a step, with threads that
 * own rows (fused) and with shapes that do not allow it (a layer of
 * 130 × 130 weights ends off a 16-float boundary). */
static void
test_backward_update (void)
{
  const guint Fs[] = { 256, 130 };

  for (guint c = 0; c < G_N_ELEMENTS (Fs); c++)
    {
      const guint F = Fs[c], B = 20;
      HlModelConfig mc = { g_array_new (FALSE, TRUE, sizeof (HlLayerConfig)), HL_INIT_HE };
      HlLayerConfig lc[2] = { { F, HL_ACTIVATION_RELU, 0.1 }, { 64, HL_ACTIVATION_RELU, 0.0 } };
      g_autofree float *x = g_new (float, B * F);
      guint32 y[20];
      HlMlp *m[2];
      SgdProbe probe;

      g_array_append_vals (mc.layers, lc, 2);
      half_zero_batch (x, y, B, F, 8);
      for (guint k = 0; k < 2; k++)
        m[k] = he_model (&mc, F, 32, 2);
      g_assert_true (hl_mlp_can_fuse_update (m[1]) == (c == 0));
      probe.updated = g_new (guint8, m[0]->n_params);
      for (guint step = 0; step < 3; step++)
        for (guint k = 0; k < 2; k++)
          {
            HlRng drop;
            hl_rng_seed (&drop, 50 + step);
            hl_mlp_forward (m[k], x, B, &drop);
            hl_mlp_loss (m[k], y, NULL, B, TRUE, NULL);
            probe.m = m[k];
            memset (probe.updated, 0, m[k]->n_params);
            if (k == 0)
              {
                hl_mlp_backward (m[k], x, B);
                hl_mlp_add_l2_grad (m[k], 0.01f);
                sgd_range (0, m[k]->n_params, &probe);
              }
            else
              {
                const HlMlpUpdate update = { sgd_range, &probe, 0.01f };
                hl_mlp_backward_update (m[k], x, B, &update);
                for (gsize i = 0; i < m[k]->n_params; i++)
                  g_assert_cmpuint (probe.updated[i], ==, 1);
                g_assert_cmpmem (m[0]->params, m[0]->n_params * sizeof (float),
                                 m[1]->params, m[1]->n_params * sizeof (float));
              }
          }
      g_free (probe.updated);
      hl_mlp_free (m[0]);
      hl_mlp_free (m[1]);
      g_array_unref (mc.layers);
    }
}

/* predict: probabilities sum to 1, chunking over max_batch matches row-by-row forward. */
static void
test_predict (void)
{
  const MlpCase *c = &grad_cases[0];
  HlModelConfig mc = model_config (c);
  HlMlp *m = hl_mlp_new (&mc, c->task, c->F, c->n_out, 4, NULL);
  float x[11 * 3], probs[11 * 3];
  HlRng rng;

  hl_rng_seed (&rng, 1);
  hl_mlp_init (m, HL_INIT_HE, &rng);
  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = (float) hl_rng_normal (&rng);
  hl_mlp_predict (m, x, 11, probs);
  for (guint n = 0; n < 11; n++)
    {
      float single[3];
      double sum = 0;
      const float *z = hl_mlp_forward (m, x + n * 3, 1, NULL);
      hl_softmax (single, z, 1, 3);
      for (guint k = 0; k < 3; k++)
        {
          sum += probs[n * 3 + k];
          g_assert_cmpfloat_with_epsilon (probs[n * 3 + k], single[k], 1e-6);
        }
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
    }
  hl_mlp_free (m);
  g_array_unref (mc.layers);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (grad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/mlp/backward/%s", grad_cases[i].name);
      g_test_add_data_func (path, &grad_cases[i], test_gradients);
    }
  g_test_add_func ("/core/mlp/layout", test_layout);
  for (guint i = 0; i < G_N_ELEMENTS (limit_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/mlp/limits/%s", limit_cases[i].name);
      g_test_add_data_func (path, &limit_cases[i], test_limits);
    }
  for (int i = 0; i < HL_N_INITS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/mlp/init/%s", hl_init_to_string (i));
      g_test_add_data_func (path, GINT_TO_POINTER (i), test_init);
    }
  g_test_add_func ("/core/mlp/predict", test_predict);
  g_test_add_func ("/core/mlp/threads-agree", test_threads_agree);
  g_test_add_func ("/core/mlp/part-ranges", test_part_ranges);
  g_test_add_func ("/core/mlp/backward-update", test_backward_update);
  return g_test_run ();
}
