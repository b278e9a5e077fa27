/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ops.c - kernels against double-precision references and central differences. */
#include <math.h>
#include <string.h>
#include "hyperlab.h"
#include "test-ref-util.h"
#include "hl-ops.h"

/* Central differences on a double reference are exact to ~1e-9, so the
 * tolerance measures the float kernels alone. */
#define FD_EPS   1e-5
#define GRAD_TOL 2e-3   /* relative to max (1, |reference|) scale of the values */

static void
fill_uniform (float *a, gsize n, HlRng *rng, double lo, double hi)
{
  for (gsize i = 0; i < n; i++)
    a[i] = (float) (lo + (hi - lo) * hl_rng_uniform (rng));
}

static void
assert_close (const float *got, const double *want, gsize n, double tol, const char *what)
{
  for (gsize i = 0; i < n; i++)
    {
      double scale = MAX (1.0, fabs (want[i]));
      if (!(fabs (got[i] - want[i]) <= tol * scale))
        g_error ("%s[%" G_GSIZE_FORMAT "]: got %.9g, want %.9g", what, i, got[i], want[i]);
    }
}

/* ---- dense ------------------------------------------------------------ */

typedef struct {
  const char *name;
  guint B, I, O;
  int path;   /* 0 dispatcher, 1 small loops, 2 BLAS */
} DenseCase;

static const DenseCase dense_cases[] = {
  { "small-3x4x5", 3, 4, 5, 1 },
  { "small-10x2x8", 10, 2, 8, 1 },
  { "blas-3x4x5", 3, 4, 5, 2 },
  { "blas-7x40x33", 7, 40, 33, 2 },
  { "small-7x40x33", 7, 40, 33, 1 },
  { "dispatch-1x64x10", 1, 64, 10, 0 },
  { "dispatch-5x8x3", 5, 8, 3, 0 },
};

/* loss = sum r ⊙ (x · w + b), in double */
static double
dense_ref_loss (const double *x, const double *w, const double *b, const double *r,
                guint B, guint I, guint O)
{
  double loss = 0;
  for (guint n = 0; n < B; n++)
    for (guint o = 0; o < O; o++)
      {
        double s = b[o];
        for (guint i = 0; i < I; i++)
          s += x[n * I + i] * w[i * O + o];
        loss += r[n * O + o] * s;
      }
  return loss;
}

static void
dense_run (const DenseCase *c, float *out, float *din, float *dw, float *db,
           const float *dout, const float *x, const float *w, const float *b)
{
  switch (c->path)
    {
    case 1:
      hl_dense_forward_small (out, x, w, b, c->B, c->I, c->O);
      hl_dense_backward_small (din, dw, db, dout, x, w, c->B, c->I, c->O);
      break;
    case 2:
      hl_dense_forward_blas (out, x, w, b, c->B, c->I, c->O);
      hl_dense_backward_blas (din, dw, db, dout, x, w, c->B, c->I, c->O);
      break;
    default:
      hl_dense_forward (out, x, w, b, c->B, c->I, c->O);
      hl_dense_backward (din, dw, db, dout, x, w, c->B, c->I, c->O);
      break;
    }
}

/* Numeric gradient of dense_ref_loss with respect to one array. */
static void
dense_numeric (double *grad, double *var, gsize n, double *x, double *w, double *b,
               const double *r, const DenseCase *c)
{
  for (gsize i = 0; i < n; i++)
    {
      double keep = var[i], lp, lm;
      var[i] = keep + FD_EPS;
      lp = dense_ref_loss (x, w, b, r, c->B, c->I, c->O);
      var[i] = keep - FD_EPS;
      lm = dense_ref_loss (x, w, b, r, c->B, c->I, c->O);
      var[i] = keep;
      grad[i] = (lp - lm) / (2 * FD_EPS);
    }
}

static void
test_dense (gconstpointer data)
{
  const DenseCase *c = data;
  const gsize nx = c->B * c->I, nw = c->I * c->O, no = c->B * c->O;
  g_autofree float *x = g_new (float, nx), *w = g_new (float, nw), *b = g_new (float, c->O);
  g_autofree float *out = g_new (float, no), *dout = g_new (float, no);
  g_autofree float *din = g_new (float, nx), *dw = g_new (float, nw), *db = g_new (float, c->O);
  g_autofree double *xd = g_new (double, nx), *wd = g_new (double, nw), *bd = g_new (double, c->O);
  g_autofree double *rd = g_new (double, no), *ref = g_new (double, MAX (no, MAX (nx, nw)));
  HlRng rng;

  hl_rng_seed (&rng, 7);
  fill_uniform (x, nx, &rng, -1, 1);
  fill_uniform (w, nw, &rng, -1, 1);
  fill_uniform (b, c->O, &rng, -1, 1);
  fill_uniform (dout, no, &rng, -1, 1);
  for (gsize i = 0; i < nx; i++) xd[i] = x[i];
  for (gsize i = 0; i < nw; i++) wd[i] = w[i];
  for (gsize i = 0; i < c->O; i++) bd[i] = b[i];
  for (gsize i = 0; i < no; i++) rd[i] = dout[i];

  dense_run (c, out, din, dw, db, dout, x, w, b);

  /* forward: out[n,o] is the derivative of the loss w.r.t. r[n,o] */
  for (guint n = 0; n < c->B; n++)
    for (guint o = 0; o < c->O; o++)
      {
        double s = bd[o];
        for (guint i = 0; i < c->I; i++)
          s += xd[n * c->I + i] * wd[i * c->O + o];
        ref[n * c->O + o] = s;
      }
  assert_close (out, ref, no, 1e-5, "out");
  dense_numeric (ref, xd, nx, xd, wd, bd, rd, c);
  assert_close (din, ref, nx, GRAD_TOL, "din");
  dense_numeric (ref, wd, nw, xd, wd, bd, rd, c);
  assert_close (dw, ref, nw, GRAD_TOL, "dw");
  dense_numeric (ref, bd, c->O, xd, wd, bd, rd, c);
  assert_close (db, ref, c->O, GRAD_TOL, "db");
}

/* The loops and BLAS must agree on the same inputs (and din == NULL is honoured). */
static void
test_dense_small_vs_blas (void)
{
  const guint B = 9, I = 17, O = 13;
  float x[9 * 17], w[17 * 13], b[13], dout[9 * 13];
  float o1[9 * 13], o2[9 * 13], dx1[9 * 17], dx2[9 * 17], dw1[17 * 13], dw2[17 * 13];
  float db1[13], db2[13];
  HlRng rng;

  hl_rng_seed (&rng, 3);
  fill_uniform (x, G_N_ELEMENTS (x), &rng, -2, 2);
  fill_uniform (w, G_N_ELEMENTS (w), &rng, -2, 2);
  fill_uniform (b, G_N_ELEMENTS (b), &rng, -2, 2);
  fill_uniform (dout, G_N_ELEMENTS (dout), &rng, -2, 2);
  hl_dense_forward_small (o1, x, w, b, B, I, O);
  hl_dense_forward_blas (o2, x, w, b, B, I, O);
  hl_dense_backward_small (dx1, dw1, db1, dout, x, w, B, I, O);
  hl_dense_backward_blas (dx2, dw2, db2, dout, x, w, B, I, O);
  for (guint i = 0; i < B * O; i++)
    g_assert_cmpfloat_with_epsilon (o1[i], o2[i], 1e-5);
  for (guint i = 0; i < B * I; i++)
    g_assert_cmpfloat_with_epsilon (dx1[i], dx2[i], 1e-5);
  for (guint i = 0; i < I * O; i++)
    g_assert_cmpfloat_with_epsilon (dw1[i], dw2[i], 1e-5);
  for (guint i = 0; i < O; i++)
    g_assert_cmpfloat_with_epsilon (db1[i], db2[i], 1e-5);
  /* first layer: no input gradient requested, the rest unchanged */
  hl_dense_backward_blas (NULL, dw2, db2, dout, x, w, B, I, O);
  hl_dense_backward_small (NULL, dw1, db1, dout, x, w, B, I, O);
  for (guint i = 0; i < I * O; i++)
    g_assert_cmpfloat_with_epsilon (dw1[i], dw2[i], 1e-5);
}

/* ---- sparse inputs ----------------------------------------------------- */

typedef struct {
  const char *name;
  guint B, I, O;
  double zeros;        /* fraction of exact zeros in the input */
} SparseCase;

/* O values cover a full 256-column block, blocks plus a vector tail plus a
 * scalar tail, and single columns; B beyond 64 needs two column-mask words. */
static const SparseCase sparse_cases[] = {
  { "64x784x256-half", 64, 784, 256, 0.5 },
  { "9x100x40-mostly-zero", 9, 100, 40, 0.9 },
  { "70x65x300-dense", 70, 65, 300, 0.0 },
  { "130x33x17-all-zero", 130, 33, 17, 1.0 },
  { "5x64x1-half", 5, 64, 1, 0.5 },
};

static void
test_sparse (gconstpointer data)
{
  const SparseCase *c = data;
  const guint B = c->B, I = c->I, O = c->O;
  const gsize nx = (gsize) B * I, nw = (gsize) I * O, no = (gsize) B * O;
  g_autofree float *x = g_new (float, nx), *w = g_new (float, nw), *b = g_new (float, O);
  g_autofree float *dout = g_new (float, no), *out = g_new (float, no), *out2 = g_new (float, no);
  g_autofree float *dw = g_new (float, nw), *dw2 = g_new (float, nw), *db = g_new (float, O);
  g_autofree float *din = g_new (float, nx), *din2 = g_new (float, nx), *db2 = g_new (float, O);
  g_autofree guint64 *rows = g_new (guint64, B * HL_NZ_WORDS (I));
  g_autofree guint64 *cols = g_new (guint64, I * HL_NZ_WORDS (B));
  g_autofree double *ref = g_new (double, MAX (no, nw));
  gsize nnz, want_nnz = 0;
  HlRng rng;

  hl_rng_seed (&rng, 11);
  for (gsize i = 0; i < nx; i++)
    x[i] = hl_rng_uniform (&rng) < c->zeros ? 0.0f : (float) (2 * hl_rng_uniform (&rng) - 1);
  if (B > 2)   /* an all-zero row and an all-zero column, and a -0 */
    {
      memset (x + I, 0, I * sizeof (float));
      for (guint r = 0; r < B; r++)
        x[(gsize) r * I + I / 2] = 0.0f;
      x[0] = -0.0f;
    }
  fill_uniform (w, nw, &rng, -1, 1);
  fill_uniform (b, O, &rng, -1, 1);
  fill_uniform (dout, no, &rng, -1, 1);

  /* masks: every bit against its definition */
  memset (rows, 0xa5, B * HL_NZ_WORDS (I) * sizeof (guint64));   /* must be overwritten */
  memset (cols, 0xa5, I * HL_NZ_WORDS (B) * sizeof (guint64));
  nnz = hl_nz_masks (rows, cols, x, B, I);
  for (guint r = 0; r < B; r++)
    for (guint i = 0; i < I; i++)
      {
        const gboolean nz = x[(gsize) r * I + i] != 0.0f;
        want_nnz += nz;
        g_assert_cmpint ((rows[r * HL_NZ_WORDS (I) + i / 64] >> (i % 64)) & 1, ==, nz);
        g_assert_cmpint ((cols[(gsize) i * HL_NZ_WORDS (B) + r / 64] >> (r % 64)) & 1, ==, nz);
      }
  for (guint r = 0; r < B; r++)   /* padding bits stay clear */
    if (I % 64)
      g_assert_cmpuint (rows[r * HL_NZ_WORDS (I) + I / 64] >> (I % 64), ==, 0);
  for (guint i = 0; i < I && B % 64; i++)
    g_assert_cmpuint (cols[(gsize) i * HL_NZ_WORDS (B) + B / 64] >> (B % 64), ==, 0);
  g_assert_cmpuint (nnz, ==, want_nnz);

  /* forward against double */
  hl_sparse_forward (out, x, rows, w, b, B, I, O);
  for (guint r = 0; r < B; r++)
    for (guint o = 0; o < O; o++)
      {
        double s = b[o];
        for (guint i = 0; i < I; i++)
          s += (double) x[(gsize) r * I + i] * w[(gsize) i * O + o];
        ref[(gsize) r * O + o] = s;
      }
  assert_close (out, ref, no, 1e-5, "sparse out");
  /* ... and BLAS */
  hl_dense_forward_blas (out2, x, w, b, B, I, O);
  for (gsize k = 0; k < no; k++)
    g_assert_cmpfloat (fabs (out[k] - out2[k]), <=, 1e-5 * MAX (1.0, fabs (ref[k])));

  /* weight gradient against double */
  hl_sparse_backward (din, dw, db, dout, x, cols, w, B, I, O);
  for (guint i = 0; i < I; i++)
    for (guint o = 0; o < O; o++)
      {
        double s = 0;
        for (guint r = 0; r < B; r++)
          s += (double) x[(gsize) r * I + i] * dout[(gsize) r * O + o];
        ref[(gsize) i * O + o] = s;
      }
  assert_close (dw, ref, nw, 1e-5, "sparse dw");
  hl_dense_backward_blas (din2, dw2, db2, dout, x, w, B, I, O);
  g_assert_cmpmem (db, O * sizeof (float), db2, O * sizeof (float));
  g_assert_cmpmem (din, nx * sizeof (float), din2, nx * sizeof (float));

  /* slices (as threads split them) reproduce the whole call bit for bit */
  memset (out2, 0, no * sizeof (float));
  memset (dw2, 0, nw * sizeof (float));
  for (guint part = 0; part < 3; part++)
    {
      hl_sparse_forward_rows (out2, x, rows, w, b, B * part / 3, B * (part + 1) / 3, I, O);
      hl_sparse_backward_w_rows (dw2, dout, x, cols, B, I * part / 3, I * (part + 1) / 3, I, O);
    }
  g_assert_cmpmem (out, no * sizeof (float), out2, no * sizeof (float));
  g_assert_cmpmem (dw, nw * sizeof (float), dw2, nw * sizeof (float));

  /* column blocks (16-aligned, the last one ragged) and row blocks together */
  memset (out2, 0, no * sizeof (float));
  for (guint part = 0; part < 3; part++)
    {
      const guint o0 = O / 16 * part / 3 * 16, o1 = part == 2 ? O : O / 16 * (part + 1) / 3 * 16;
      hl_sparse_forward_block (out2, x, rows, w, b, 0, B / 2, o0, o1, I, O);
      hl_sparse_forward_block (out2, x, rows, w, b, B / 2, B, o0, o1, I, O);
    }
  g_assert_cmpmem (out, no * sizeof (float), out2, no * sizeof (float));

  /* Threads owning rows [0, cut) and [cut, I) of w (cut a multiple of 64):
   * the masks by ranges equal the whole masks; the shares, sparse and
   * dense, add up to in · w; one share over all of I is the whole call. */
  {
    const guint cut = I / 2 / 64 * 64, cuts[3] = { 0, cut, I };
    g_autofree guint64 *rows2 = g_new (guint64, B * HL_NZ_WORDS (I));
    g_autofree guint64 *cols2 = g_new (guint64, I * HL_NZ_WORDS (B));
    g_autofree float *share = g_new (float, no), *share2 = g_new (float, no);
    gsize nnz2 = 0;

    memset (rows2, 0xa5, B * HL_NZ_WORDS (I) * sizeof (guint64));
    memset (cols2, 0xa5, I * HL_NZ_WORDS (B) * sizeof (guint64));
    for (guint k = 0; k < 2; k++)
      nnz2 += hl_nz_masks_range (rows2, cols2, x, B, I, cuts[k], cuts[k + 1]);
    g_assert_cmpuint (nnz2, ==, nnz);
    g_assert_cmpmem (rows, B * HL_NZ_WORDS (I) * sizeof (guint64),
                     rows2, B * HL_NZ_WORDS (I) * sizeof (guint64));
    g_assert_cmpmem (cols, I * HL_NZ_WORDS (B) * sizeof (guint64),
                     cols2, I * HL_NZ_WORDS (B) * sizeof (guint64));

    hl_sparse_forward_part (out2, x, rows, w, b, 0, B, 0, O, 0, I, I, O);
    g_assert_cmpmem (out, no * sizeof (float), out2, no * sizeof (float));

    for (guint r = 0; r < B; r++)
      for (guint o = 0; o < O; o++)
        {
          double sum = b[o];
          for (guint i = 0; i < I; i++)
            sum += (double) x[(gsize) r * I + i] * w[(gsize) i * O + o];
          ref[(gsize) r * O + o] = sum;
        }
    hl_sparse_forward_part (share, x, rows, w, b, 0, B, 0, O, 0, cut, I, O);
    hl_sparse_forward_part (share2, x, rows, w, NULL, 0, B, 0, O, cut, I, I, O);
    for (gsize k = 0; k < no; k++)
      share[k] += share2[k];
    assert_close (share, ref, no, 1e-5, "sparse shares");
    hl_dense_forward_part (share, x, w, B, I, O, 0, cut);
    hl_dense_forward_part (share2, x, w, B, I, O, cut, I);
    for (guint r = 0; r < B; r++)
      for (guint o = 0; o < O; o++)
        share[(gsize) r * O + o] += b[o] + share2[(gsize) r * O + o];
    assert_close (share, ref, no, 1e-5, "dense shares");

    /* din by the same columns: BLAS on blocks, against BLAS on the whole */
    hl_dense_backward_din (din, dout, w, B, I, O);
    for (guint k = 0; k < 2; k++)
      hl_dense_backward_din_cols (din2, dout, w, B, I, O, cuts[k], cuts[k + 1]);
    for (gsize k = 0; k < nx; k++)
      g_assert_cmpfloat (fabs (din[k] - din2[k]), <=, 1e-5 * MAX (1.0, fabs (din[k])));
  }
}

/* NaN in the input propagates as in BLAS (it is not taken for a zero). */
static void
test_sparse_nan (void)
{
  float x[2 * 40] = { 0 }, w[40 * 16], out[2 * 16];
  guint64 rows[2], cols[40];

  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    w[i] = 1.0f;
  x[3] = NAN;
  x[40 + 5] = 2.0f;
  g_assert_cmpuint (hl_nz_masks (rows, cols, x, 2, 40), ==, 2);
  hl_sparse_forward (out, x, rows, w, NULL, 2, 40, 16);
  for (guint o = 0; o < 16; o++)
    {
      g_assert_true (isnan (out[o]));
      g_assert_cmpfloat (out[16 + o], ==, 2.0f);
    }
}

/* din = dz · w^T as a sparse forward of dz through hl_transpose (w): against a
 * double reference and BLAS, on shapes that leave partial tiles everywhere,
 * with all-zero rows of dz and a NaN that must reach its whole row. */
static void
test_sparse_din (void)
{
  static const guint shapes[][3] = { { 37, 50, 20 }, { 64, 256, 128 }, { 5, 17, 33 }, { 70, 300, 65 } };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      const guint B = shapes[s][0], I = shapes[s][1], O = shapes[s][2];
      g_autofree float *w = g_new (float, I * O), *wt = g_new (float, I * O);
      g_autofree float *dz = g_new (float, B * O), *din = g_new (float, B * I);
      g_autofree float *din2 = g_new (float, B * I);
      g_autofree double *ref = g_new (double, B * I);
      g_autofree guint64 *rows = g_new (guint64, B * HL_NZ_WORDS (O));
      g_autofree guint64 *cols = g_new (guint64, O * HL_NZ_WORDS (B));
      HlRng rng;

      hl_rng_seed (&rng, 21 + s);
      fill_uniform (w, (gsize) I * O, &rng, -1, 1);
      for (guint k = 0; k < B * O; k++)   /* about half zeros, as behind a ReLU */
        dz[k] = hl_rng_uniform (&rng) < 0.5 ? 0.0f : (float) (2 * hl_rng_uniform (&rng) - 1);
      memset (dz + O, 0, O * sizeof (float));   /* row 1 all zero */
      hl_transpose (wt, w, I, O);
      for (guint i = 0; i < I; i++)
        for (guint o = 0; o < O; o++)
          g_assert_cmpfloat (wt[(gsize) o * I + i], ==, w[(gsize) i * O + o]);

      hl_nz_masks (rows, cols, dz, B, O);
      hl_sparse_forward (din, dz, rows, wt, NULL, B, O, I);
      for (guint r = 0; r < B; r++)
        for (guint i = 0; i < I; i++)
          {
            double acc = 0;
            for (guint o = 0; o < O; o++)
              acc += (double) dz[(gsize) r * O + o] * w[(gsize) i * O + o];
            ref[(gsize) r * I + i] = acc;
          }
      assert_close (din, ref, (gsize) B * I, 1e-5, "sparse din");
      hl_dense_backward_din (din2, dz, w, B, I, O);
      for (gsize k = 0; k < (gsize) B * I; k++)
        g_assert_cmpfloat (fabs (din[k] - din2[k]), <=, 1e-5 * MAX (1.0, fabs (ref[k])));
      for (guint i = 0; i < I; i++)
        g_assert_cmpfloat (din[I + i], ==, 0.0f);

      dz[(gsize) (B - 1) * O + O / 2] = NAN;   /* the last row: NaN is not a zero */
      hl_nz_masks (rows, cols, dz, B, O);
      hl_sparse_forward (din, dz, rows, wt, NULL, B, O, I);
      for (guint i = 0; i < I; i++)
        g_assert_true (isnan (din[(gsize) (B - 1) * I + i]));
    }
}

typedef struct {
  gint     hits[8];
  gint     n_seen;
  GThread *caller;
  gint     handed;   /* parts run by a worker (atomic) */
  guint    spin_us;  /* work per part */
} PoolProbe;

static void
pool_probe (gpointer data, guint part, guint n)
{
  PoolProbe *p = data;
  const gint64 until = g_get_monotonic_time () + p->spin_us;

  g_atomic_int_inc (&p->hits[part]);
  g_atomic_int_set (&p->n_seen, (gint) n);
  if (g_thread_self () != p->caller)
    g_atomic_int_inc (&p->handed);
  while (g_get_monotonic_time () < until)
    ;
}

/* Parts tile [0, n) in order, every boundary but the end a multiple of align. */
static void
test_part_range (void)
{
  const gsize ns[] = { 0, 5, 16, 37, 784, 235146 }, aligns[] = { 1, 16 };
  const guint parts[] = { 1, 2, 3, 4 };

  for (guint a = 0; a < G_N_ELEMENTS (ns); a++)
    for (guint b = 0; b < G_N_ELEMENTS (aligns); b++)
      for (guint c = 0; c < G_N_ELEMENTS (parts); c++)
        {
          gsize covered = 0;
          for (guint p = 0; p < parts[c]; p++)
            {
              gsize start, end;
              hl_pool_part_range (ns[a], aligns[b], p, parts[c], &start, &end);
              g_assert_cmpuint (start, ==, covered);
              g_assert_cmpuint (end, >=, start);
              if (p + 1 < parts[c])
                g_assert_cmpuint (end % aligns[b], ==, 0);
              covered = end;
            }
          g_assert_cmpuint (covered, ==, ns[a]);
        }
  {
    gsize start, end;
    hl_pool_part_range (784, 16, 1, 4, &start, &end);   /* 49 blocks: 12 | 12 | 12 | 13 */
    g_assert_cmpuint (start, ==, 192);
    g_assert_cmpuint (end, ==, 384);
  }
}

/* Every part runs exactly once per job, also after the workers fell asleep. */
static void
test_pool (void)
{
  HlPool *pool = hl_pool_new (4);
  PoolProbe probe = { { 0 }, 0, NULL, 0, 0 };

  g_assert_cmpuint (hl_pool_size (pool), ==, 4);
  for (guint job = 0; job < 2000; job++)
    {
      hl_pool_run (pool, pool_probe, &probe);
      if (job % 500 == 0)
        g_usleep (2000);   /* past the spin phase: workers sleep and must wake */
    }
  for (guint k = 0; k < 4; k++)   /* one part per thread */
    g_assert_cmpint (probe.hits[k], ==, 2000);
  g_assert_cmpint (probe.hits[4], ==, 0);
  g_assert_cmpint (probe.n_seen, ==, 4);
  hl_pool_free (pool);
  memset (&probe, 0, sizeof probe);
  hl_pool_run (NULL, pool_probe, &probe);
  g_assert_cmpint (probe.hits[0], ==, 1);
  g_assert_cmpint (probe.n_seen, ==, 1);
}

typedef struct {
  GThread *last[3];   /* the thread that ran each part in the last job */
  gint     switches[3];
  gint     started;   /* parts started in this job (atomic) */
  gint     timeouts;
} OwnProbe;

/* Each part waits until all three have started, so a part is claimed by a
 * thread before any thread is free to take another's. */
static void
own_probe (gpointer data, guint part, guint n)
{
  OwnProbe *p = data;
  const gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  if (p->last[part] != NULL && p->last[part] != g_thread_self ())
    p->switches[part]++;
  p->last[part] = g_thread_self ();
  g_atomic_int_inc (&p->started);
  while (g_atomic_int_get (&p->started) < (gint) n)
    if (g_get_monotonic_time () > until)
      {
        g_atomic_int_inc (&p->timeouts);
        break;
      }
}

/* Thread k runs part k, job after job, so the model's threads keep their
 * share of the weights in their own core's cache.  Claiming in arrival
 * order gave part 1 to whichever worker woke first. */
static void
test_pool_own_part (void)
{
  HlPool *pool = hl_pool_new (3);
  OwnProbe probe = { { NULL }, { 0 }, 0, 0 };

  for (guint job = 0; job < 100; job++)
    {
      g_atomic_int_set (&probe.started, 0);
      hl_pool_run (pool, own_probe, &probe);
    }
  hl_pool_free (pool);
  g_test_message ("parts moved: %d, %d, %d times in 100 jobs; %d waits timed out",
                  probe.switches[0], probe.switches[1], probe.switches[2], probe.timeouts);
  if (probe.timeouts > 0)
    {
      g_test_skip ("a thread did not run for 2 s");
      return;
    }
  g_assert_true (probe.last[0] == g_thread_self ());
  for (guint k = 0; k < 3; k++)
    g_assert_cmpint (probe.switches[k], ==, 0);
  g_assert_true (probe.last[1] != probe.last[2] && probe.last[1] != probe.last[0]);
}

/* Threads that cannot run at the same time (here: pinned to one CPU, as a
 * VM host may do with its virtual CPUs): the caller soon stops handing parts
 * to the worker and runs the jobs alone, sleeping rather than spinning when
 * it must wait for a part the worker took; every part still runs once. */
static void
test_pool_one_core (void)
{
  gpointer saved = hl_test_pin_one_cpu ();
  HlPool *pool;
  PoolProbe probe = { { 0 }, 0, g_thread_self (), 0, 20 };
  gint handed_early;

  if (saved == NULL)
    {
      g_test_skip ("needs sched_setaffinity");
      return;
    }
  pool = hl_pool_new (2);   /* its worker inherits the one CPU */
  for (guint job = 0; job < 100; job++)
    hl_pool_run (pool, pool_probe, &probe);
  handed_early = probe.handed;
  for (guint job = 0; job < 2000; job++)
    hl_pool_run (pool, pool_probe, &probe);
  hl_pool_free (pool);
  hl_test_unpin (saved);
  for (guint k = 0; k < 2; k++)
    g_assert_cmpint (probe.hits[k], ==, 2100);
  g_test_message ("parts run by the worker: %d of the first 200, %d of the next 4000",
                  handed_early, probe.handed - handed_early);
  /* Alone but for a few trial jobs every 256: about 2 % of the parts went to
   * the worker here, 17-21 % when the pool kept handing parts over. */
  g_assert_cmpint (probe.handed - handed_early, <=, 4000 / 20);
}

/* ---- activations -------------------------------------------------------- */


static void
test_activation (gconstpointer data)
{
  HlActivation a = GPOINTER_TO_INT (data);
  enum { N = 400 };
  float x[N], y[N], dout[N], din[N], din_pre[N];
  double ref[N];
  HlRng rng;

  hl_rng_seed (&rng, 11);
  for (guint i = 0; i < N; i++)
    {
      /* -6..6, kept 0.01 away from the ReLU kink so the difference quotient
       * never straddles it (the derivative is undefined there). */
      double v = -6 + 12.0 * i / (N - 1);
      if (fabs (v) < 0.01)
        v = v < 0 ? -0.01 : 0.01;
      x[i] = (float) v;
    }
  fill_uniform (dout, N, &rng, -1, 1);
  hl_activation_forward (y, x, a, N);
  for (guint i = 0; i < N; i++)
    ref[i] = hl_test_act_ref (a, x[i]);
  assert_close (y, ref, N, 1e-6, "forward");

  /* backward from the output (what the MLP stores), and from pre for GELU */
  hl_activation_backward (din, dout, x, y, a, N);
  for (guint i = 0; i < N; i++)
    ref[i] = dout[i] * (hl_test_act_ref (a, x[i] + FD_EPS) - hl_test_act_ref (a, x[i] - FD_EPS)) / (2 * FD_EPS);
  assert_close (din, ref, N, GRAD_TOL, "backward");

  /* in place, and fused with the bias: z = x + b then f */
  memcpy (din_pre, dout, sizeof dout);
  hl_activation_backward (din_pre, din_pre, x, y, a, N);
  g_assert_cmpmem (din_pre, sizeof din_pre, din, sizeof din);
  {
    float z[N], pre[N], bias[4] = { 0.5f, -0.25f, 0.0f, 1.0f };
    memcpy (z, x, sizeof z);
    hl_bias_activation_forward (z, pre, bias, a, N / 4, 4);
    for (guint i = 0; i < N; i++)
      {
        g_assert_cmpfloat (pre[i], ==, x[i] + bias[i % 4]);
        ref[i] = hl_test_act_ref (a, pre[i]);
      }
    assert_close (z, ref, N, 1e-6, "bias+activation");
  }
}

/* A split layer's last step: bias, the layer's own sums and the other
 * threads' shares added per element in that order (so results do not
 * depend on the vector width), on a column range with vector tails;
 * columns outside the range are not touched. */
static void
test_shares_bias_activation (void)
{
  enum { MAXB = 6, B = 5, O = 37, C0 = 3, C1 = 35, SHARES = 2 };
  float z[MAXB * O], z0[MAXB * O], pre[MAXB * O], b[O], shares[SHARES * MAXB * O];
  HlRng rng;

  hl_rng_seed (&rng, 17);
  fill_uniform (z0, G_N_ELEMENTS (z0), &rng, -1, 1);
  fill_uniform (b, O, &rng, -1, 1);
  fill_uniform (shares, G_N_ELEMENTS (shares), &rng, -1, 1);
  for (int with_pre = 0; with_pre < 2; with_pre++)
    {
      memcpy (z, z0, sizeof z);
      for (guint i = 0; i < G_N_ELEMENTS (pre); i++)
        pre[i] = 42.0f;
      hl_shares_bias_activation (z, with_pre ? pre : NULL, b, shares, (gsize) MAXB * O, SHARES,
                                 HL_ACTIVATION_RELU, B, O, C0, C1);
      for (guint r = 0; r < MAXB; r++)
        for (guint c = 0; c < O; c++)
          {
            const guint i = r * O + c;
            volatile float sum = b[c] + z0[i];
            if (r >= B || c < C0 || c >= C1)
              {
                g_assert_cmpfloat (z[i], ==, z0[i]);
                g_assert_cmpfloat (pre[i], ==, 42.0f);
                continue;
              }
            for (guint k = 0; k < SHARES; k++)
              sum = sum + shares[k * MAXB * O + i];
            g_assert_cmpfloat (z[i], ==, sum > 0.0f ? sum : 0.0f);
            g_assert_cmpfloat (pre[i], ==, with_pre ? sum : 42.0f);
          }
    }
}

/* Bias gradient of a column range: sums over the rows in row order. */
static void
test_bias_backward_cols (void)
{
  enum { B = 7, O = 37, C0 = 5, C1 = 30 };
  float dout[B * O], db[O];
  HlRng rng;

  hl_rng_seed (&rng, 19);
  fill_uniform (dout, G_N_ELEMENTS (dout), &rng, -1, 1);
  for (guint c = 0; c < O; c++)
    db[c] = 42.0f;
  hl_bias_backward_cols (db, dout, B, O, C0, C1);
  for (guint c = 0; c < O; c++)
    {
      volatile float sum = 0.0f;
      for (guint r = 0; r < B; r++)
        sum = sum + dout[r * O + c];
      g_assert_cmpfloat (db[c], ==, c >= C0 && c < C1 ? sum : 42.0f);
    }
}

static void
test_tanh_accuracy (void)
{
  double worst = 0;

  for (int i = -200000; i <= 200000; i++)
    {
      float x = (float) i * 1e-4f;
      worst = MAX (worst, fabs (hl_tanhf (x) - tanh ((double) x)));
    }
  g_assert_cmpfloat (worst, <, 5e-7);
  g_assert_cmpfloat (hl_tanhf (100.0f), <=, 1.0f);
  g_assert_cmpfloat (hl_tanhf (-100.0f), >=, -1.0f);
  g_assert_true (isnan (hl_tanhf (NAN)));
}

/* ---- dropout ------------------------------------------------------------ */

static void
test_dropout (void)
{
  enum { N = 20000 };
  g_autofree float *mask = g_new (float, N), *x = g_new (float, N), *y = g_new (float, N);
  g_autofree float *dy = g_new (float, N), *dx = g_new (float, N);
  const float p = 0.25f;
  guint dropped = 0;
  HlRng rng, again;

  hl_rng_seed (&rng, 5);
  again = rng;
  hl_dropout_mask (mask, &rng, p, N);
  for (guint i = 0; i < N; i++)
    {
      g_assert_true (mask[i] == 0.0f || mask[i] == 1.0f / (1.0f - p));
      dropped += mask[i] == 0.0f;
    }
  /* binomial: sd = sqrt (N p (1-p)) ~ 61; allow 5 sd */
  g_assert_cmpint (abs ((int) dropped - (int) (N * p)), <, 310);
  /* the same stream gives the same mask */
  hl_dropout_mask (dx, &again, p, N);
  g_assert_cmpmem (dx, N * sizeof (float), mask, N * sizeof (float));

  /* with the mask fixed, y = x * m is linear: check its gradient by differences */
  fill_uniform (x, N, &rng, -1, 1);
  fill_uniform (dy, N, &rng, -1, 1);
  hl_dropout_forward (y, x, mask, N);
  hl_dropout_backward (dx, dy, mask, N);
  for (guint i = 0; i < N; i++)
    {
      double xp = (double) x[i] + FD_EPS, xm = (double) x[i] - FD_EPS;
      double num = dy[i] * (xp * mask[i] - xm * mask[i]) / (2 * FD_EPS);
      g_assert_cmpfloat (fabs (y[i] - (double) x[i] * mask[i]), <=, 1e-7);
      g_assert_cmpfloat (fabs (dx[i] - num), <=, 1e-6);
    }
}

/* ---- losses --------------------------------------------------------------- */

static double
ce_ref (const double *z, const guint32 *labels, guint B, guint C)
{
  double total = 0;
  for (guint n = 0; n < B; n++)
    {
      double m = z[n * C], s = 0;
      for (guint c = 1; c < C; c++) m = MAX (m, z[n * C + c]);
      for (guint c = 0; c < C; c++) s += exp (z[n * C + c] - m);
      total += log (s) + m - z[n * C + labels[n]];
    }
  return total / B;
}

static void
test_softmax_ce (void)
{
  enum { B = 6, C = 4 };
  float z[B * C], d[B * C];
  double zd[B * C], ref[B * C];
  guint32 labels[B] = { 0, 3, 2, 1, 1, 0 };
  guint correct, want_correct = 0;
  HlRng rng;
  double loss;

  hl_rng_seed (&rng, 9);
  fill_uniform (z, B * C, &rng, -3, 3);
  for (guint i = 0; i < B * C; i++) zd[i] = z[i];
  for (guint n = 0; n < B; n++)
    {
      guint arg = 0;
      for (guint c = 1; c < C; c++) if (z[n * C + c] > z[n * C + arg]) arg = c;
      want_correct += arg == labels[n];
    }
  loss = hl_softmax_ce (d, z, labels, B, C, &correct);
  g_assert_cmpfloat_with_epsilon (loss, ce_ref (zd, labels, B, C), 1e-6);
  g_assert_cmpuint (correct, ==, want_correct);
  for (guint i = 0; i < B * C; i++)
    {
      double keep = zd[i], lp, lm;
      zd[i] = keep + FD_EPS; lp = ce_ref (zd, labels, B, C);
      zd[i] = keep - FD_EPS; lm = ce_ref (zd, labels, B, C);
      zd[i] = keep;
      ref[i] = (lp - lm) / (2 * FD_EPS);
    }
  assert_close (d, ref, B * C, 1e-4, "dlogits");

  /* in place (dlogits == logits) gives the same */
  {
    float zz[B * C];
    memcpy (zz, z, sizeof z);
    g_assert_cmpfloat (hl_softmax_ce (zz, zz, labels, B, C, NULL), ==, loss);
    g_assert_cmpmem (zz, sizeof zz, d, sizeof d);
  }
  /* huge logits stay finite (log-sum-exp) */
  {
    float big[2 * 3] = { 1000, 0, -1000, 88.8f, 89.0f, 88.9f };
    guint32 yb[2] = { 1, 0 };
    double l = hl_softmax_ce (NULL, big, yb, 2, 3, NULL);
    g_assert_true (isfinite (l));
    g_assert_cmpfloat_with_epsilon (l, (1000.0 + log1p (exp (-0.1) + exp (-0.2)) + 0.2) / 2, 1e-3);
  }
}

/* The class a confusion matrix counts a row as is the one hl_softmax_ce
 * counts correct, ties and NaN included: its trace is the accuracy. */
static void
test_argmax_ties (void)
{
  const float rows[][3] = {
    { 1, 3, 3 }, { 2, 2, 2 }, { 5, 1, 5 }, { NAN, 1, 2 }, { 0, NAN, 4 },
    { -INFINITY, -INFINITY, 0 }, { 0.5f, 0.25f, 0.5f },
  };

  g_assert_cmpuint (hl_argmax (rows[0], 3), ==, 1);   /* the first of equal maxima */
  g_assert_cmpuint (hl_argmax (rows[1], 3), ==, 0);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    for (guint32 y = 0; y < 3; y++)
      {
        guint correct = 99;

        hl_softmax_ce (NULL, rows[r], &y, 1, 3, &correct);
        g_assert_cmpuint (correct, ==, hl_argmax (rows[r], 3) == y);
      }
}

static double
mse_ref (const double *y, const float *t, gsize n)
{
  double s = 0;
  for (gsize i = 0; i < n; i++) s += (y[i] - t[i]) * (y[i] - t[i]);
  return s / n;
}

static void
test_mse (void)
{
  enum { N = 15 };
  float y[N], t[N], d[N];
  double yd[N], ref[N];
  HlRng rng;

  hl_rng_seed (&rng, 13);
  fill_uniform (y, N, &rng, -2, 2);
  fill_uniform (t, N, &rng, -2, 2);
  for (guint i = 0; i < N; i++) yd[i] = y[i];
  g_assert_cmpfloat_with_epsilon (hl_mse (d, y, t, 5, 3), mse_ref (yd, t, N), 1e-6);
  for (guint i = 0; i < N; i++)
    {
      double keep = yd[i], lp, lm;
      yd[i] = keep + FD_EPS; lp = mse_ref (yd, t, N);
      yd[i] = keep - FD_EPS; lm = mse_ref (yd, t, N);
      yd[i] = keep;
      ref[i] = (lp - lm) / (2 * FD_EPS);
    }
  assert_close (d, ref, N, 1e-4, "dmse");
}

static void
test_l2 (void)
{
  enum { N = 12 };
  float w[N], dw[N];
  double wd[N], ref[N];
  const float l2 = 0.3f;
  HlRng rng;

  hl_rng_seed (&rng, 17);
  fill_uniform (w, N, &rng, -2, 2);
  for (guint i = 0; i < N; i++)
    {
      wd[i] = w[i];
      dw[i] = 1.0f;   /* accumulates onto an existing gradient */
    }
  hl_l2_backward (dw, w, l2, N);
  for (guint i = 0; i < N; i++)
    {
      double keep = wd[i], sp = 0, sm = 0;
      wd[i] = keep + FD_EPS;
      for (guint j = 0; j < N; j++) sp += 0.5 * l2 * wd[j] * wd[j];
      wd[i] = keep - FD_EPS;
      for (guint j = 0; j < N; j++) sm += 0.5 * l2 * wd[j] * wd[j];
      wd[i] = keep;
      ref[i] = 1.0 + (sp - sm) / (2 * FD_EPS);
    }
  assert_close (dw, ref, N, 1e-5, "dl2");
  {
    double s = 0;
    for (guint j = 0; j < N; j++) s += 0.5 * l2 * wd[j] * wd[j];
    g_assert_cmpfloat_with_epsilon (hl_l2_penalty (w, l2, N), s, 1e-6);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (dense_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/ops/dense/backward/%s", dense_cases[i].name);
      g_test_add_data_func (path, &dense_cases[i], test_dense);
    }
  g_test_add_func ("/core/ops/dense/small-vs-blas", test_dense_small_vs_blas);
  for (guint i = 0; i < G_N_ELEMENTS (sparse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/ops/sparse/%s", sparse_cases[i].name);
      g_test_add_data_func (path, &sparse_cases[i], test_sparse);
    }
  g_test_add_func ("/core/ops/sparse/nan", test_sparse_nan);
  g_test_add_func ("/core/ops/sparse/din-through-transpose", test_sparse_din);
  g_test_add_func ("/core/ops/pool", test_pool);
  g_test_add_func ("/core/ops/pool/one-core", test_pool_one_core);
  g_test_add_func ("/core/ops/pool/own-part", test_pool_own_part);
  g_test_add_func ("/core/ops/pool/part-range", test_part_range);
  for (int a = 0; a < HL_N_ACTIVATIONS; a++)
    {
      g_autofree char *path = g_strdup_printf ("/core/ops/activation/%s", hl_activation_to_string (a));
      g_test_add_data_func (path, GINT_TO_POINTER (a), test_activation);
    }
  g_test_add_func ("/core/ops/activation/shares-bias", test_shares_bias_activation);
  g_test_add_func ("/core/ops/dense/bias-backward-cols", test_bias_backward_cols);
  g_test_add_func ("/core/ops/activation/tanh-accuracy", test_tanh_accuracy);
  g_test_add_func ("/core/ops/dropout/fixed-mask", test_dropout);
  g_test_add_func ("/core/ops/loss/softmax-ce", test_softmax_ce);
  g_test_add_func ("/core/ops/loss/argmax-ties", test_argmax_ties);
  g_test_add_func ("/core/ops/loss/mse", test_mse);
  g_test_add_func ("/core/ops/loss/l2", test_l2);
  return g_test_run ();
}
