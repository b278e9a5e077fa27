/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ops-sparse.c - dense layers whose input has many exact zeros (images, ReLU outputs).
 *
 * out[b,:] = b + Σ_{i: x[b,i] ≠ 0} x[b,i] · W[i,:] and dW[i,:] = Σ_{b: x[b,i] ≠ 0} x[b,i] · dout[b,:]
 * skip the zero terms, which contribute exactly nothing (for finite W and dout).
 * A block of the output row is held in vector registers while the nonzeros
 * stream past, so each nonzero costs one load and one FMA per vector: no
 * packing, no read-modify-write of the output.  The nonzero pattern is kept
 * as bitmasks, by row (forward) and by column (weight gradient).
 */
#if defined(__GNUC__) && !defined(__clang__)   /* clang: unknown, warned for every function */
#pragma GCC optimize ("O3")
#endif
#include <string.h>
#include "hl-ops.h"

/* ---- masks -------------------------------------------------------------- */

/* Portable: bit by bit. */
static gsize
nz_masks_base (guint64 *rows, guint64 *cols, const float *x, guint B, guint I, guint i0, guint i1)
{
  const guint rw = HL_NZ_WORDS (I), cw = HL_NZ_WORDS (B);
  gsize nnz = 0;

  memset (cols + (gsize) i0 * cw, 0, (gsize) (i1 - i0) * cw * sizeof (guint64));
  for (guint r = 0; r < B; r++)
    {
      const float *xr = x + (gsize) r * I;
      const guint64 bit = (guint64) 1 << (r % 64);
      guint64 *cw_base = cols + r / 64;

      for (guint wd = i0 / 64; wd < HL_NZ_WORDS (i1); wd++)
        {
          const guint lim = MIN (64, i1 - wd * 64);
          const float *xs = xr + wd * 64;
          guint64 m = 0, t;
          for (guint j = 0; j < lim; j++)
            m |= (guint64) (xs[j] != 0.0f) << j;
          rows[(gsize) r * rw + wd] = m;
          nnz += (gsize) __builtin_popcountll (m);
          for (t = m; t != 0; t &= t - 1)
            cw_base[(gsize) (wd * 64 + (guint) __builtin_ctzll (t)) * cw] |= bit;
        }
    }
  return nnz;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define T_MASK512 __attribute__ ((target ("avx512f,avx512bw,avx512dq,avx512vl,popcnt")))

/* AVX-512: 16 columns at a time, down 64 rows at a time.  One compare gives the
 * 16 bits of a row; two masked ORs set bit r in the 16 column words (a 64 × 16
 * bit transpose without touching single bits). */
static T_MASK512 gsize
nz_masks_avx512 (guint64 *rows, guint64 *cols, const float *x, guint B, guint I, guint c0,
                 guint c1)
{
  const guint rw = HL_NZ_WORDS (I), cw = HL_NZ_WORDS (B);
  const guint w0 = c0 / 64, w1 = HL_NZ_WORDS (c1);
  const __m512 zero = _mm512_setzero_ps ();
  gsize nnz = 0;

  for (guint r = 0; r < B; r++)
    memset (rows + (gsize) r * rw + w0, 0, (w1 - w0) * sizeof (guint64));
  for (guint i0 = c0; i0 < c1; i0 += 16)
    {
      const __mmask16 lanes = c1 - i0 >= 16 ? 0xffff : (__mmask16) ((1u << (c1 - i0)) - 1);
      for (guint wd = 0; wd < cw; wd++)
        {
          __m512i lo = _mm512_setzero_si512 (), hi = _mm512_setzero_si512 ();
          guint64 tmp[16];
          const guint r1 = MIN (B, wd * 64 + 64);
          for (guint r = wd * 64; r < r1; r++)
            {
              const __m512 v = _mm512_maskz_loadu_ps (lanes, x + (gsize) r * I + i0);
              /* NEQ_UQ: NaN counts as nonzero, so it propagates as in BLAS. */
              const __mmask16 k = _mm512_mask_cmp_ps_mask (lanes, v, zero, _CMP_NEQ_UQ);
              const __m512i bit = _mm512_set1_epi64 ((long long) ((guint64) 1 << (r % 64)));
              rows[(gsize) r * rw + i0 / 64] |= (guint64) k << (i0 % 64);
              nnz += (gsize) __builtin_popcount (k);
              lo = _mm512_mask_or_epi64 (lo, (__mmask8) k, lo, bit);
              hi = _mm512_mask_or_epi64 (hi, (__mmask8) (k >> 8), hi, bit);
            }
          _mm512_storeu_si512 (tmp, lo);
          _mm512_storeu_si512 (tmp + 8, hi);
          for (guint j = 0; j < 16 && i0 + j < c1; j++)
            cols[(gsize) (i0 + j) * cw + wd] = tmp[j];
        }
    }
  return nnz;
}
#endif

/* ---- kernels, one set per vector width ------------------------------------- */

/* Block of the masked dimension walked at once: divides 64. */
#ifndef HL_KB
#define HL_KB 32
#endif
#define HL_KB_MASK ((guint64) -1 >> (64 - HL_KB))

/* VT: vector type of VL floats; NV: vectors held in registers per block. */
#define SPARSE_KERNELS(SFX, TARGET, VL, NV)                                                   \
typedef float v_##SFX __attribute__ ((vector_size (VL * 4)));                                \
typedef float vu_##SFX __attribute__ ((vector_size (VL * 4), aligned (4)));                  \
                                                                                              \
/* Columns [o, o + nv·VL) of out rows [r0, r1), over inputs [ia, ib) in blocks of \
 * HL_KB: the block's weights (HL_KB × nv·VL floats) stay in L1 across all rows,   \
 * where walking all of W per row would stream it from L2 for every nonzero. */   \
static TARGET inline void                                                                     \
fwd_block_##SFX (float *out, const float *in, const guint64 *rows, const float *w,           \
                 const float *b, guint r0, guint r1, guint ia, guint ib, guint I, guint O,   \
                 guint o, const guint nv)                                                     \
{                                                                                             \
  const guint rw = HL_NZ_WORDS (I);                                                           \
  for (guint i0 = ia; i0 < ib; i0 += HL_KB)                                                   \
    for (guint r = r0; r < r1; r++)                                                           \
      {                                                                                       \
        v_##SFX acc[NV];                                                                      \
        const float *xr = in + (gsize) r * I;                                                 \
        float *orow = out + (gsize) r * O + o;                                                \
        guint64 m = (rows[(gsize) r * rw + i0 / 64] >> (i0 % 64)) & HL_KB_MASK;               \
        for (guint k = 0; k < nv; k++)                                                        \
          acc[k] = i0 > ia ? *(const vu_##SFX *) (orow + k * VL)                              \
                   : b != NULL ? *(const vu_##SFX *) (b + o + k * VL) : (v_##SFX) { 0 };      \
        for (; m != 0; m &= m - 1)                                                            \
          {                                                                                   \
            const guint i = i0 + (guint) __builtin_ctzll (m);                                 \
            const v_##SFX a = xr[i] - (v_##SFX) { 0 };                                        \
            const float *wr = w + (gsize) i * O + o;                                          \
            for (guint k = 0; k < nv; k++)                                                    \
              acc[k] += a * *(const vu_##SFX *) (wr + k * VL);                                \
          }                                                                                   \
        for (guint k = 0; k < nv; k++)                                                        \
          *(vu_##SFX *) (orow + k * VL) = acc[k];                                             \
      }                                                                                       \
}                                                                                             \
                                                                                              \
static TARGET void                                                                            \
fwd_##SFX (float *out, const float *in, const guint64 *rows, const float *w, const float *b, \
           guint r0, guint r1, guint o0, guint o1, guint ia, guint ib, guint I, guint O)      \
{                                                                                             \
  guint o = o0;                                                                               \
  for (; o + NV * VL <= o1; o += NV * VL)                                                     \
    fwd_block_##SFX (out, in, rows, w, b, r0, r1, ia, ib, I, O, o, NV);                       \
  if (o + VL <= o1)                                                                           \
    {                                                                                         \
      const guint nv = (o1 - o) / VL;                                                         \
      fwd_block_##SFX (out, in, rows, w, b, r0, r1, ia, ib, I, O, o, nv);                     \
      o += nv * VL;                                                                           \
    }                                                                                         \
  if (o < o1)                                                                                 \
    fwd_tail (out, in, rows, w, b, r0, r1, ia, ib, I, O, o, o1);                              \
}                                                                                             \
                                                                                              \
/* Columns [o, o + nv·VL) of dW rows [i0, i1), over the batch in blocks of HL_KB \
 * rows so the block of dout stays in L1 across all i. */                          \
static TARGET inline void                                                                     \
dw_block_##SFX (float *dw, const float *dout, const float *in, const guint64 *cols,          \
                guint B, guint i0, guint i1, guint I, guint O, guint o, const guint nv)      \
{                                                                                             \
  const guint cw = HL_NZ_WORDS (B);                                                           \
  for (guint r0 = 0; r0 < B; r0 += HL_KB)                                                     \
    for (guint i = i0; i < i1; i++)                                                           \
      {                                                                                       \
        v_##SFX acc[NV];                                                                      \
        float *drow = dw + (gsize) i * O + o;                                                 \
        guint64 m = (cols[(gsize) i * cw + r0 / 64] >> (r0 % 64)) & HL_KB_MASK;               \
        for (guint k = 0; k < nv; k++)                                                        \
          acc[k] = r0 > 0 ? *(const vu_##SFX *) (drow + k * VL) : (v_##SFX) { 0 };            \
        for (; m != 0; m &= m - 1)                                                            \
          {                                                                                   \
            const guint r = r0 + (guint) __builtin_ctzll (m);                                 \
            const v_##SFX a = in[(gsize) r * I + i] - (v_##SFX) { 0 };                        \
            const float *dr = dout + (gsize) r * O + o;                                       \
            for (guint k = 0; k < nv; k++)                                                    \
              acc[k] += a * *(const vu_##SFX *) (dr + k * VL);                                \
          }                                                                                   \
        for (guint k = 0; k < nv; k++)                                                        \
          *(vu_##SFX *) (drow + k * VL) = acc[k];                                             \
      }                                                                                       \
}                                                                                             \
                                                                                              \
static TARGET void                                                                            \
dw_##SFX (float *dw, const float *dout, const float *in, const guint64 *cols,                \
          guint B, guint i0, guint i1, guint I, guint O)                                      \
{                                                                                             \
  guint o = 0;                                                                                \
  for (; o + NV * VL <= O; o += NV * VL)                                                      \
    dw_block_##SFX (dw, dout, in, cols, B, i0, i1, I, O, o, NV);                              \
  if (o + VL <= O)                                                                            \
    {                                                                                         \
      const guint nv = (O - o) / VL;                                                          \
      dw_block_##SFX (dw, dout, in, cols, B, i0, i1, I, O, o, nv);                            \
      o += nv * VL;                                                                           \
    }                                                                                         \
  if (o < O)                                                                                  \
    dw_tail (dw, dout, in, cols, B, i0, i1, I, O, o);                                         \
}

/* Columns [o0, o1), one at a time: only for the last few (< VL) columns. */
static void
fwd_tail (float *out, const float *in, const guint64 *rows, const float *w, const float *b,
          guint r0, guint r1, guint ia, guint ib, guint I, guint O, guint o0, guint o1)
{
  const guint rw = HL_NZ_WORDS (I);
  for (guint r = r0; r < r1; r++)
    for (guint o = o0; o < o1; o++)
      {
        float s = b != NULL ? b[o] : 0.0f;
        for (guint wd = ia / 64; wd < HL_NZ_WORDS (ib); wd++)
          for (guint64 m = rows[(gsize) r * rw + wd]; m != 0; m &= m - 1)
            {
              const guint i = wd * 64 + (guint) __builtin_ctzll (m);
              s += in[(gsize) r * I + i] * w[(gsize) i * O + o];
            }
        out[(gsize) r * O + o] = s;
      }
}

static void
dw_tail (float *dw, const float *dout, const float *in, const guint64 *cols,
         guint B, guint i0, guint i1, guint I, guint O, guint o0)
{
  const guint cw = HL_NZ_WORDS (B);
  for (guint i = i0; i < i1; i++)
    for (guint o = o0; o < O; o++)
      {
        float s = 0.0f;
        for (guint wd = 0; wd < cw; wd++)
          for (guint64 m = cols[(gsize) i * cw + wd]; m != 0; m &= m - 1)
            {
              const guint r = wd * 64 + (guint) __builtin_ctzll (m);
              s += in[(gsize) r * I + i] * dout[(gsize) r * O + o];
            }
        dw[(gsize) i * O + o] = s;
      }
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HL_SPARSE_X86 1
#ifndef HL_NV4
#define HL_NV4 8
#endif
#define T_V4 __attribute__ ((target ("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma,bmi,bmi2,popcnt")))
#define T_V3 __attribute__ ((target ("avx2,fma,bmi,bmi2,popcnt")))
SPARSE_KERNELS (v4, T_V4, 16, HL_NV4)   /* HL_NV4 zmm of 16 columns */
SPARSE_KERNELS (v3, T_V3, 8, 12)    /* 96 columns in 12 ymm */
#endif
SPARSE_KERNELS (base, , 4, 8)       /* 32 columns in 8 xmm (SSE2) */

typedef void (*FwdFn) (float *, const float *, const guint64 *, const float *, const float *,
                       guint, guint, guint, guint, guint, guint, guint, guint);
typedef gsize (*MaskFn) (guint64 *, guint64 *, const float *, guint, guint, guint, guint);
typedef void (*DwFn) (float *, const float *, const float *, const guint64 *,
                      guint, guint, guint, guint, guint);

/* Picked once; the choice never changes within a process, so results are reproducible. */
static MaskFn mask_fn;

static void
pick (FwdFn *fwd, DwFn *dw)
{
  static gsize done;
  static FwdFn f;
  static DwFn d;

  if (g_once_init_enter (&done))
    {
      f = fwd_base;
      d = dw_base;
      mask_fn = nz_masks_base;
#ifdef HL_SPARSE_X86
      __builtin_cpu_init ();
      if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512vl")
          && __builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("avx512dq")
          && __builtin_cpu_supports ("fma"))
        f = fwd_v4, d = dw_v4, mask_fn = nz_masks_avx512;
      else if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
        f = fwd_v3, d = dw_v3;
#endif
      g_once_init_leave (&done, 1);
    }
  *fwd = f;
  *dw = d;
}

gsize
hl_nz_masks (guint64 *rows, guint64 *cols, const float *x, guint B, guint I)
{
  return hl_nz_masks_range (rows, cols, x, B, I, 0, I);
}

gsize
hl_nz_masks_range (guint64 *rows, guint64 *cols, const float *x, guint B, guint I, guint i0,
                   guint i1)
{
  FwdFn fwd;
  DwFn dw;

  g_return_val_if_fail (i0 % 64 == 0 && i0 <= i1 && i1 <= I && (i1 % 64 == 0 || i1 == I), 0);
  pick (&fwd, &dw);
  return mask_fn (rows, cols, x, B, I, i0, i1);
}

void
hl_sparse_forward_block (float *out, const float *in, const guint64 *rows, const float *w,
                         const float *b, guint r0, guint r1, guint o0, guint o1, guint I, guint O)
{
  hl_sparse_forward_part (out, in, rows, w, b, r0, r1, o0, o1, 0, I, I, O);
}

void
hl_sparse_forward_part (float *out, const float *in, const guint64 *rows, const float *w,
                        const float *b, guint r0, guint r1, guint o0, guint o1, guint i0, guint i1,
                        guint I, guint O)
{
  FwdFn fwd;
  DwFn dw;

  g_return_if_fail (i0 % 64 == 0 && i0 <= i1 && i1 <= I && (i1 % 64 == 0 || i1 == I));
  pick (&fwd, &dw);
  if (i1 > i0)
    fwd (out, in, rows, w, b, r0, r1, o0, o1, i0, i1, I, O);
  else
    for (guint r = r0; r < r1; r++)
      for (guint o = o0; o < o1; o++)
        out[(gsize) r * O + o] = b != NULL ? b[o] : 0.0f;
}

void
hl_sparse_forward_rows (float *out, const float *in, const guint64 *rows, const float *w,
                        const float *b, guint r0, guint r1, guint I, guint O)
{
  hl_sparse_forward_block (out, in, rows, w, b, r0, r1, 0, O, I, O);
}

void
hl_sparse_backward_w_rows (float *dw, const float *dout, const float *in, const guint64 *cols,
                           guint B, guint i0, guint i1, guint I, guint O)
{
  FwdFn fwd;
  DwFn dwf;

  pick (&fwd, &dwf);
  dwf (dw, dout, in, cols, B, i0, i1, I, O);
}

void
hl_sparse_forward (float *out, const float *in, const guint64 *rows, const float *w,
                   const float *b, guint B, guint I, guint O)
{
  hl_sparse_forward_rows (out, in, rows, w, b, 0, B, I, O);
}

void
hl_sparse_backward (float *din, float *dw, float *db, const float *dout, const float *in,
                    const guint64 *cols, const float *w, guint B, guint I, guint O)
{
  hl_dense_bias_backward (db, dout, B, O);
  hl_sparse_backward_w_rows (dw, dout, in, cols, B, 0, I, I, O);
  if (din != NULL)
    hl_dense_backward_din (din, dout, w, B, I, O);
}

#if defined(__x86_64__)
#include <xmmintrin.h>
/* 4 × 4 blocks through SSE registers (any x86-64). */
static inline void
transpose_4x4 (float *dst, const float *src, gsize rows, gsize cols)
{
  __m128 a = _mm_loadu_ps (src), b = _mm_loadu_ps (src + cols);
  __m128 c = _mm_loadu_ps (src + 2 * cols), d = _mm_loadu_ps (src + 3 * cols);

  _MM_TRANSPOSE4_PS (a, b, c, d);
  _mm_storeu_ps (dst, a);
  _mm_storeu_ps (dst + rows, b);
  _mm_storeu_ps (dst + 2 * rows, c);
  _mm_storeu_ps (dst + 3 * rows, d);
}
#endif

void
hl_transpose (float *restrict dst, const float *restrict src, guint rows, guint cols)
{
  hl_transpose_rows (dst, src, rows, cols, 0, rows);
}

/* 16 × 16 tiles: each tile's 16 source rows and 16 destination rows stay in L1. */
void
hl_transpose_rows (float *restrict dst, const float *restrict src, guint rows, guint cols,
                   guint first, guint last)
{
  for (guint r0 = first; r0 < last; r0 += 16)
    for (guint c0 = 0; c0 < cols; c0 += 16)
      {
        const guint r1 = MIN (last, r0 + 16), c1 = MIN (cols, c0 + 16);
#if defined(__x86_64__)
        if (r1 - r0 == 16 && c1 - c0 == 16)
          {
            for (guint r = r0; r < r1; r += 4)
              for (guint c = c0; c < c1; c += 4)
                transpose_4x4 (dst + (gsize) c * rows + r, src + (gsize) r * cols + c, rows, cols);
            continue;
          }
#endif
        for (guint c = c0; c < c1; c++)
          for (guint r = r0; r < r1; r++)
            dst[(gsize) c * rows + r] = src[(gsize) r * cols + c];
      }
}
