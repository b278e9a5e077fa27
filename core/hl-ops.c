/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ops.c - dense, activation, dropout and loss kernels (dimension letters in hl-ops.h). */
/* The kernels are written as plain loops for the vectoriser; GCC 12 at -O2
 * uses its "very cheap" cost model and vectorises almost none of them.
 * no-trapping-math lets it evaluate both arms of a select (no FP traps are
 * enabled here); unlike -ffast-math it keeps NaN and rounding semantics. */
#if defined(__GNUC__) && !defined(__clang__)   /* clang: unknown, warned for every function */
#pragma GCC optimize ("O3", "no-trapping-math")
#endif
#include <math.h>
#include <string.h>
#include <cblas.h>
/* OpenBLAS pulls in <complex.h>, whose I macro would clash with the dimension letter. */
#undef I
#include "hl-ops.h"

/* Elementwise and small-layer kernels get AVX2 and AVX-512 variants picked at
 * load time (ifunc); BLAS already does this for the big layers.  Results may
 * differ in the last bit between variants (FMA), never between runs.  Not
 * under ThreadSanitizer: the ifunc resolvers run before its runtime. */
/* gcc's per-function optimisation levels; clang has none (and warned for
 * every function that asked). */
#if defined(__GNUC__) && !defined(__clang__)
#define HL_OPTIMIZE(what) __attribute__ ((optimize (what)))
#else
#define HL_OPTIMIZE(what)
#endif

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define HL_CLONES __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define HL_CLONES
#endif

#define GELU_K  0.7978845608028654f   /* sqrt (2 / pi) */
#define GELU_C  0.044715f

/* ---- conversion --------------------------------------------------------- */

/* The -O2 build does not vectorise this loop (scalar conversions cost ~30 ms
 * per Fashion-MNIST epoch); at O3 each clone widens a vector of bytes per
 * instruction.  One float multiply per byte in every clone. */
HL_CLONES HL_OPTIMIZE ("O3") void
hl_bytes_to_floats (float *restrict dst, const guint8 *restrict src, gsize n)
{
  for (gsize i = 0; i < n; i++)
    dst[i] = src[i] * (1.0f / 255.0f);
}

/* ---- dense ------------------------------------------------------------ */

/* Small layers: one kernel per width N (1..HL_SMALL_DIM), so each row of N
 * outputs is a fixed-size accumulator the compiler keeps in registers and
 * unrolls completely; a generic loop spent most of its time in trip-count
 * and aliasing checks.  Sums run in the same order as the plain loops.
 * Loop vectorisation is off here: it vectorised across the outer loop with
 * shuffles; fully unrolled inner loops are packed into SIMD by SLP instead. */
#define SMALL_ATTR HL_OPTIMIZE ("no-tree-loop-vectorize") HL_CLONES
#define SMALL_KERNELS(N)                                                                  \
static SMALL_ATTR void                                                                    \
small_fwd_##N (float *restrict out, const float *restrict in, const float *restrict w,   \
               const float *restrict b, guint B, guint I)                                 \
{                                                                                         \
  for (guint r = 0; r < B; r++)                                                           \
    {                                                                                     \
      float acc[N];                                                                       \
      const float *x = in + (gsize) r * I;                                                \
      for (guint o = 0; o < N; o++)                                                       \
        acc[o] = b != NULL ? b[o] : 0.0f;                                                 \
      for (guint i = 0; i < I; i++)                                                       \
        {                                                                                 \
          const float a = x[i];                                                           \
          const float *wr = w + (gsize) i * N;                                            \
          for (guint o = 0; o < N; o++)                                                   \
            acc[o] += a * wr[o];                                                          \
        }                                                                                 \
      memcpy (out + (gsize) r * N, acc, sizeof acc);                                      \
    }                                                                                     \
}                                                                                         \
static SMALL_ATTR void                                                                    \
small_bwd_w_##N (float *restrict dw, float *restrict db, const float *restrict dout,     \
                 const float *restrict in, guint B, guint I)                              \
{                                                                                         \
  float acc[N];                                                                           \
  for (guint o = 0; o < N; o++)                                                           \
    acc[o] = 0.0f;                                                                        \
  for (guint r = 0; r < B; r++)                                                           \
    for (guint o = 0; o < N; o++)                                                         \
      acc[o] += dout[(gsize) r * N + o];                                                  \
  memcpy (db, acc, sizeof acc);                                                           \
  for (guint i = 0; i < I; i++)                                                           \
    {                                                                                     \
      for (guint o = 0; o < N; o++)                                                       \
        acc[o] = 0.0f;                                                                    \
      for (guint r = 0; r < B; r++)                                                       \
        {                                                                                 \
          const float a = in[(gsize) r * I + i];                                          \
          const float *d = dout + (gsize) r * N;                                          \
          for (guint o = 0; o < N; o++)                                                   \
            acc[o] += a * d[o];                                                           \
        }                                                                                 \
      memcpy (dw + (gsize) i * N, acc, sizeof acc);                                       \
    }                                                                                     \
}                                                                                         \
/* Here N is the input width I: din rows are built from a transposed copy of w. */       \
static SMALL_ATTR void                                                                    \
small_bwd_x_##N (float *restrict din, const float *restrict dout, const float *restrict w, \
                 guint B, guint O)                                                        \
{                                                                                         \
  float wt[HL_SMALL_DIM * N];                                                             \
  for (guint o = 0; o < O; o++)                                                           \
    for (guint i = 0; i < N; i++)                                                         \
      wt[o * N + i] = w[(gsize) i * O + o];                                               \
  for (guint r = 0; r < B; r++)                                                           \
    {                                                                                     \
      float acc[N];                                                                       \
      for (guint i = 0; i < N; i++)                                                       \
        acc[i] = 0.0f;                                                                    \
      for (guint o = 0; o < O; o++)                                                       \
        {                                                                                 \
          const float d = dout[(gsize) r * O + o];                                        \
          for (guint i = 0; i < N; i++)                                                   \
            acc[i] += d * wt[o * N + i];                                                  \
        }                                                                                 \
      memcpy (din + (gsize) r * N, acc, sizeof acc);                                      \
    }                                                                                     \
}

#define SMALL_ALL(X) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13)  \
  X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27)       \
  X(28) X(29) X(30) X(31) X(32)

SMALL_ALL (SMALL_KERNELS)

typedef void (*SmallFwd) (float *, const float *, const float *, const float *, guint, guint);
typedef void (*SmallBwdW) (float *, float *, const float *, const float *, guint, guint);
typedef void (*SmallBwdX) (float *, const float *, const float *, guint, guint);

#define FWD_ENTRY(N) small_fwd_##N,
#define BWD_W_ENTRY(N) small_bwd_w_##N,
#define BWD_X_ENTRY(N) small_bwd_x_##N,
static const SmallFwd small_fwd[HL_SMALL_DIM + 1] = { NULL, SMALL_ALL (FWD_ENTRY) };
static const SmallBwdW small_bwd_w[HL_SMALL_DIM + 1] = { NULL, SMALL_ALL (BWD_W_ENTRY) };
static const SmallBwdX small_bwd_x[HL_SMALL_DIM + 1] = { NULL, SMALL_ALL (BWD_X_ENTRY) };

/* Any size, plain loops (widths beyond HL_SMALL_DIM; the dispatcher sends those to BLAS). */
static void
generic_forward (float *out, const float *in, const float *w, const float *b,
                 guint B, guint I, guint O)
{
  for (guint r = 0; r < B; r++)
    {
      float *restrict o_row = out + (gsize) r * O;
      const float *in_row = in + (gsize) r * I;

      for (guint o = 0; o < O; o++)
        o_row[o] = b != NULL ? b[o] : 0.0f;
      for (guint i = 0; i < I; i++)
        {
          const float a = in_row[i];
          const float *restrict w_row = w + (gsize) i * O;
          for (guint o = 0; o < O; o++)
            o_row[o] += a * w_row[o];
        }
    }
}

static void
generic_backward (float *din, float *dw, float *db, const float *dout,
                  const float *in, const float *w, guint B, guint I, guint O)
{
  memset (db, 0, O * sizeof (float));
  memset (dw, 0, (gsize) I * O * sizeof (float));
  for (guint r = 0; r < B; r++)
    {
      const float *restrict d_row = dout + (gsize) r * O;
      const float *in_row = in + (gsize) r * I;
      for (guint o = 0; o < O; o++)
        db[o] += d_row[o];
      for (guint i = 0; i < I; i++)
        {
          const float a = in_row[i];
          float *restrict dw_row = dw + (gsize) i * O;
          for (guint o = 0; o < O; o++)
            dw_row[o] += a * d_row[o];
        }
    }
  for (guint r = 0; din != NULL && r < B; r++)
    for (guint i = 0; i < I; i++)
      {
        float s = 0.0f;
        for (guint o = 0; o < O; o++)
          s += dout[(gsize) r * O + o] * w[(gsize) i * O + o];
        din[(gsize) r * I + i] = s;
      }
}

void
hl_dense_forward_small (float *out, const float *in, const float *w, const float *b,
                        guint B, guint I, guint O)
{
  if (O >= 1 && O <= HL_SMALL_DIM)
    small_fwd[O] (out, in, w, b, B, I);
  else
    generic_forward (out, in, w, b, B, I, O);
}

void
hl_dense_backward_small (float *din, float *dw, float *db, const float *dout,
                         const float *in, const float *w, guint B, guint I, guint O)
{
  if (O < 1 || O > HL_SMALL_DIM || I < 1 || I > HL_SMALL_DIM)
    {
      generic_backward (din, dw, db, dout, in, w, B, I, O);
      return;
    }
  small_bwd_w[O] (dw, db, dout, in, B, I);
  if (din != NULL)
    small_bwd_x[I] (din, dout, w, B, O);
}

void
hl_dense_forward_blas (float *out, const float *in, const float *w, const float *b,
                       guint B, guint I, guint O)
{
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) B, (int) O, (int) I,
               1.0f, in, (int) I, w, (int) O, 0.0f, out, (int) O);
  if (b != NULL)
    for (guint r = 0; r < B; r++)
      {
        float *restrict o_row = out + (gsize) r * O;
        for (guint o = 0; o < O; o++)
          o_row[o] += b[o];
      }
}

void
hl_dense_bias_backward (float *restrict db, const float *restrict dout, guint B, guint O)
{
  hl_bias_backward_cols (db, dout, B, O, 0, O);
}

HL_CLONES void
hl_bias_backward_cols (float *restrict db, const float *restrict dout, guint B, guint O,
                       guint c0, guint c1)
{
  const gsize n = c1 - c0;
  float *restrict d = db + c0;

  g_return_if_fail (c0 <= c1 && c1 <= O);
  memset (d, 0, n * sizeof (float));
  for (guint r = 0; r < B; r++)
    {
      const float *restrict d_row = dout + (gsize) r * O + c0;
      for (gsize c = 0; c < n; c++)
        d[c] += d_row[c];
    }
}

void
hl_dense_backward_blas (float *din, float *dw, float *db, const float *dout,
                        const float *in, const float *w, guint B, guint I, guint O)
{
  hl_dense_bias_backward (db, dout, B, O);
  /* dw (I×O) = in^T (I×B) · dout (B×O) */
  cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) I, (int) O, (int) B,
               1.0f, in, (int) I, dout, (int) O, 0.0f, dw, (int) O);
  if (din != NULL)
    hl_dense_backward_din (din, dout, w, B, I, O);
}

void
hl_dense_backward_w_rows (float *dw, const float *dout, const float *in,
                          guint B, guint i0, guint i1, guint I, guint O)
{
  if (i1 > i0)
    cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) (i1 - i0), (int) O, (int) B,
                 1.0f, in + i0, (int) I, dout, (int) O, 0.0f, dw + (gsize) i0 * O, (int) O);
}

void
hl_dense_backward_din (float *din, const float *dout, const float *w, guint B, guint I, guint O)
{
  /* din (B×I) = dout (B×O) · w^T (O×I) */
  if (B > 0)
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) B, (int) I, (int) O,
               1.0f, dout, (int) O, w, (int) O, 0.0f, din, (int) I);
}

void
hl_dense_forward_part (float *out, const float *in, const float *w, guint B, guint I, guint O,
                       guint i0, guint i1)
{
  if (i1 > i0)
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) B, (int) O, (int) (i1 - i0),
                 1.0f, in + i0, (int) I, w + (gsize) i0 * O, (int) O, 0.0f, out, (int) O);
  else
    memset (out, 0, (gsize) B * O * sizeof (float));
}

void
hl_dense_backward_din_cols (float *din, const float *dout, const float *w, guint B, guint I,
                            guint O, guint i0, guint i1)
{
  /* din[:, i0:i1] (B × (i1 - i0), row stride I) = dout (B×O) · w[i0:i1, :]^T */
  if (B > 0 && i1 > i0)
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) B, (int) (i1 - i0), (int) O,
                 1.0f, dout, (int) O, w + (gsize) i0 * O, (int) O, 0.0f, din + i0, (int) I);
}

static inline gboolean
is_small (guint I, guint O)
{
  return I <= HL_SMALL_DIM && O <= HL_SMALL_DIM;
}

void
hl_dense_forward (float *out, const float *in, const float *w, const float *b,
                  guint B, guint I, guint O)
{
  if (is_small (I, O))
    hl_dense_forward_small (out, in, w, b, B, I, O);
  else
    hl_dense_forward_blas (out, in, w, b, B, I, O);
}

void
hl_dense_backward (float *din, float *dw, float *db, const float *dout,
                   const float *in, const float *w, guint B, guint I, guint O)
{
  if (is_small (I, O))
    hl_dense_backward_small (din, dw, db, dout, in, w, B, I, O);
  else
    hl_dense_backward_blas (din, dw, db, dout, in, w, B, I, O);
}

/* ---- activations ------------------------------------------------------ */

/* Rational minimax approximation (as in Eigen): branch-free so loops over it
 * vectorise, and several times faster than libm's tanhf, which dominated small
 * networks.  Beyond +-7.9 tanh is 1 to float precision. */
static inline float
tanh_rational (float x)
{
  const float clamp = 7.90531110763549805f;
  float x2, p, q;

  x = x > clamp ? clamp : x;
  x = x < -clamp ? -clamp : x;
  x2 = x * x;
  p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  p = p * x;
  q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  return p / q;
}

float
hl_tanhf (float x)
{
  return tanh_rational (x);
}

static inline float
act_value (float z, HlActivation act)
{
  switch (act)
    {
    case HL_ACTIVATION_RELU:       return z > 0.0f ? z : 0.0f;
    case HL_ACTIVATION_LEAKY_RELU: return z > 0.0f ? z : HL_LEAKY_SLOPE * z;
    case HL_ACTIVATION_TANH:       return tanh_rational (z);
    case HL_ACTIVATION_SIGMOID:    return 0.5f + 0.5f * tanh_rational (0.5f * z);
    case HL_ACTIVATION_GELU:
      return 0.5f * z * (1.0f + tanh_rational (GELU_K * (z + GELU_C * z * z * z)));
    case HL_ACTIVATION_LINEAR:
    case HL_N_ACTIVATIONS:
    default:                       return z;
    }
}

/* The switch sits outside the loops so each loop body is one straight expression. */
#define ACT_LOOP(ACT, N, EXPR)                         \
  case ACT:                                            \
    for (gsize i = 0; i < (N); i++) { EXPR; }          \
    break;

HL_CLONES void
hl_activation_forward (float *out, const float *in, HlActivation act, gsize N)
{
  switch (act)
    {
    ACT_LOOP (HL_ACTIVATION_RELU, N, out[i] = act_value (in[i], HL_ACTIVATION_RELU))
    ACT_LOOP (HL_ACTIVATION_LEAKY_RELU, N, out[i] = act_value (in[i], HL_ACTIVATION_LEAKY_RELU))
    ACT_LOOP (HL_ACTIVATION_TANH, N, out[i] = act_value (in[i], HL_ACTIVATION_TANH))
    ACT_LOOP (HL_ACTIVATION_SIGMOID, N, out[i] = act_value (in[i], HL_ACTIVATION_SIGMOID))
    ACT_LOOP (HL_ACTIVATION_GELU, N, out[i] = act_value (in[i], HL_ACTIVATION_GELU))
    case HL_ACTIVATION_LINEAR:
    case HL_N_ACTIVATIONS:
    default:
      if (out != in)
        memmove (out, in, N * sizeof (float));
      break;
    }
}

void
hl_bias_activation_forward (float *z, float *pre, const float *b, HlActivation act,
                            guint B, guint O)
{
  const gsize n = (gsize) B * O;

  if (b != NULL)
    for (guint r = 0; r < B; r++)
      {
        float *restrict row = z + (gsize) r * O;
        for (guint o = 0; o < O; o++)
          row[o] += b[o];
      }
  if (pre != NULL)
    memcpy (pre, z, n * sizeof (float));
  hl_activation_forward (z, z, act, n);
}

/* The threads' shares of a split layer's output summed per element in a
 * fixed order (bias, z, shares in part order), so results do not depend on
 * the vector width.  At -O2 this loop (in hl-mlp.c) stayed scalar: 10 us a
 * step, a quarter of the split forward kernel's time. */
HL_CLONES void
hl_shares_bias_activation (float *z, float *pre, const float *b, const float *shares,
                           gsize share_stride, guint n_shares, HlActivation act,
                           guint B, guint O, guint c0, guint c1)
{
  const gsize n = c1 - c0;

  g_return_if_fail (c0 <= c1 && c1 <= O);
  for (guint r = 0; r < B; r++)
    {
      float *restrict row = z + (gsize) r * O + c0;
      const float *restrict bias = b + c0;
      for (gsize c = 0; c < n; c++)
        row[c] = bias[c] + row[c];
      for (guint k = 0; k < n_shares; k++)
        {
          const float *restrict share = shares + k * share_stride + (gsize) r * O + c0;
          for (gsize c = 0; c < n; c++)
            row[c] += share[c];
        }
      if (pre != NULL)
        memcpy (pre + (gsize) r * O + c0, row, n * sizeof (float));
      hl_activation_forward (row, row, act, n);
    }
}

HL_CLONES void
hl_activation_backward (float *din, const float *dout, const float *in,
                        const float *out, HlActivation act, gsize N)
{
  switch (act)
    {
    ACT_LOOP (HL_ACTIVATION_RELU, N, const float d = dout[i]; din[i] = out[i] > 0.0f ? d : 0.0f)
    ACT_LOOP (HL_ACTIVATION_LEAKY_RELU, N,
              din[i] = out[i] > 0.0f ? dout[i] : HL_LEAKY_SLOPE * dout[i])
    ACT_LOOP (HL_ACTIVATION_TANH, N, din[i] = dout[i] * (1.0f - out[i] * out[i]))
    ACT_LOOP (HL_ACTIVATION_SIGMOID, N, din[i] = dout[i] * out[i] * (1.0f - out[i]))
    ACT_LOOP (HL_ACTIVATION_GELU, N,
              const float x = in[i];
              const float t = tanh_rational (GELU_K * (x + GELU_C * x * x * x));
              const float du = GELU_K * (1.0f + 3.0f * GELU_C * x * x);
              din[i] = dout[i] * (0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * du))
    case HL_ACTIVATION_LINEAR:
    case HL_N_ACTIVATIONS:
    default:
      if (din != dout)
        memmove (din, dout, N * sizeof (float));
      break;
    }
}

void
hl_dense_act_forward (float *out, float *pre, const float *in, const float *w, const float *b,
                      HlActivation act, guint B, guint I, guint O)
{
  if (is_small (I, O))
    {
      /* The loops start each row from the bias, so no separate bias pass. */
      hl_dense_forward_small (out, in, w, b, B, I, O);
      if (pre != NULL)
        memcpy (pre, out, (gsize) B * O * sizeof (float));
      hl_activation_forward (out, out, act, (gsize) B * O);
    }
  else
    {
      hl_dense_forward_blas (out, in, w, NULL, B, I, O);
      hl_bias_activation_forward (out, pre, b, act, B, O);
    }
}

/* ---- dropout ---------------------------------------------------------- */

void
hl_dropout_mask (float *mask, HlRng *rng, float p, gsize N)
{
  const float keep = 1.0f / (1.0f - p);
  /* 24 random bits per element: exact comparison against a float p. */
  const guint32 threshold = (guint32) ((double) p * 16777216.0);

  for (gsize i = 0; i < N; i++)
    mask[i] = (guint32) (hl_rng_next (rng) >> 40) < threshold ? 0.0f : keep;
}

void
hl_dropout_forward (float *out, const float *in, const float *mask, gsize N)
{
  for (gsize i = 0; i < N; i++)
    out[i] = in[i] * mask[i];
}

void
hl_dropout_backward (float *din, const float *dout, const float *mask, gsize N)
{
  for (gsize i = 0; i < N; i++)
    din[i] = dout[i] * mask[i];
}

/* ---- losses ----------------------------------------------------------- */

static inline guint
row_argmax (const float *z, guint C, float *max)
{
  guint best = 0;
  float m = z[0];

  for (guint c = 1; c < C; c++)
    if (z[c] > m)
      {
        m = z[c];
        best = c;
      }
  *max = m;
  return best;
}

guint
hl_argmax (const float *logits, guint C)
{
  float m;

  return row_argmax (logits, C, &m);
}

double
hl_softmax_ce (float *dlogits, const float *logits, const guint32 *labels,
               guint B, guint C, guint *correct)
{
  double total = 0.0, prod = 1.0;
  guint n_correct = 0;
  const float inv_b = 1.0f / (float) B;

  for (guint r = 0; r < B; r++)
    {
      const float *z = logits + (gsize) r * C;
      const guint32 y = labels[r];
      float m, s = 0.0f;
      const guint arg = row_argmax (z, C, &m);
      const float zy = z[y];

      n_correct += (arg == y);
      if (dlogits == NULL)
        {
          for (guint c = 0; c < C; c++)
            s += expf (z[c] - m);
        }
      else
        {
          float *d = dlogits + (gsize) r * C;
          float scale;
          for (guint c = 0; c < C; c++)
            {
              d[c] = expf (z[c] - m);
              s += d[c];
            }
          scale = inv_b / s;
          for (guint c = 0; c < C; c++)
            d[c] *= scale;
          d[y] -= inv_b;
        }
      /* log-sum-exp: -log softmax_y = log s + m - z_y, never exp of a large
       * number.  1 <= s <= C, so the logs are taken of a running product, one
       * log per ~hundred rows instead of one per row. */
      total += (double) m - (double) zy;
      prod *= s;
      if (prod > 1e250)
        {
          total += log (prod);
          prod = 1.0;
        }
    }
  total += log (prod);
  if (correct != NULL)
    *correct = n_correct;
  return total / B;
}

void
hl_softmax (float *probs, const float *logits, guint B, guint C)
{
  for (guint r = 0; r < B; r++)
    {
      const float *z = logits + (gsize) r * C;
      float *p = probs + (gsize) r * C;
      float m, s = 0.0f;

      row_argmax (z, C, &m);
      for (guint c = 0; c < C; c++)
        {
          p[c] = expf (z[c] - m);
          s += p[c];
        }
      for (guint c = 0; c < C; c++)
        p[c] /= s;
    }
}

double
hl_mse (float *dout, const float *out, const float *targets, guint B, guint O)
{
  const gsize n = (gsize) B * O;
  const float scale = 2.0f / (float) n;
  double total = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      const float e = out[i] - targets[i];
      total += (double) e * e;
      if (dout != NULL)
        dout[i] = scale * e;
    }
  return total / n;
}

double
hl_l2_penalty (const float *w, float l2, gsize N)
{
  double s = 0.0;

  for (gsize i = 0; i < N; i++)
    s += (double) w[i] * w[i];
  return 0.5 * l2 * s;
}

void
hl_l2_backward (float *dw, const float *w, float l2, gsize N)
{
  for (gsize i = 0; i < N; i++)
    dw[i] += l2 * w[i];
}
