/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ops.h - numerical kernels of the MLP: dense layers, activations, dropout, losses.
 *
 * Free functions, outputs first, dimensions last.  Dimension letters:
 *   B  rows of a batch          I  input features of a layer
 *   O  output features          C  classes          N  elements
 * Every matrix is float32, row-major.  A dense layer's weights are I × O, so
 * forward is out = in · W + b and every inner loop runs along a contiguous row
 * (vectorisable without reassociating sums).
 */
#pragma once

#include <glib.h>
#include "hl-types.h"
#include "hl-rng.h"

G_BEGIN_DECLS

/* Layers with both I and O at most this size use plain loops: a BLAS call
 * costs more than the arithmetic. */
#define HL_SMALL_DIM 32

#define HL_LEAKY_SLOPE 0.01f

/* out (B×O) = in (B×I) · w (I×O) + b (O).  Dispatches on size. */
void hl_dense_forward (float *out, const float *in, const float *w, const float *b,
                       guint B, guint I, guint O);
/* dw (I×O) = in^T · dout; db (O) = column sums of dout; din (B×I) = dout · w^T.
 * Gradients are overwritten, not accumulated.  din may be NULL (first layer). */
void hl_dense_backward (float *din, float *dw, float *db, const float *dout,
                        const float *in, const float *w, guint B, guint I, guint O);
/* The two implementations, exposed so tests can compare them. */
void hl_dense_forward_small (float *out, const float *in, const float *w, const float *b,
                             guint B, guint I, guint O);
void hl_dense_backward_small (float *din, float *dw, float *db, const float *dout,
                              const float *in, const float *w, guint B, guint I, guint O);
void hl_dense_forward_blas (float *out, const float *in, const float *w, const float *b,
                            guint B, guint I, guint O);
void hl_dense_backward_blas (float *din, float *dw, float *db, const float *dout,
                             const float *in, const float *w, guint B, guint I, guint O);

/* Parts of the dense backward: db = column sums of dout; din = dout · w^T (BLAS). */
void hl_dense_bias_backward (float *db, const float *dout, guint B, guint O);
/* db[c0, c1) = sums over the B rows of dout's columns [c0, c1), in row order. */
void hl_bias_backward_cols (float *db, const float *dout, guint B, guint O, guint c0, guint c1);
void hl_dense_backward_din (float *din, const float *dout, const float *w, guint B, guint I, guint O);

/* ---- sparse inputs (hl-ops-sparse.c) ----
 * For inputs with many exact zeros.  The pattern of a B × I input is two
 * bitmask arrays: rows (B × HL_NZ_WORDS (I) words, bit i of row r set when
 * in[r,i] != 0) and cols (I × HL_NZ_WORDS (B) words, bit r of column i).
 * Zero inputs are skipped, so a zero times an infinite or NaN weight gives 0
 * where BLAS would give NaN; finite values agree up to rounding order. */
#define HL_NZ_WORDS(n) (((n) + 63u) / 64u)
/* Build both masks of in (B × I); returns the number of nonzeros. */
gsize hl_nz_masks (guint64 *rows, guint64 *cols, const float *in, guint B, guint I);
/* Only the inputs [i0, i1) (i0 a multiple of 64, i1 one too or I): the row
 * words that hold them and their column words; nothing else is written.
 * Returns the nonzeros among them. */
gsize hl_nz_masks_range (guint64 *rows, guint64 *cols, const float *in, guint B, guint I,
                         guint i0, guint i1);
/* out (B×O) = in · w + b, like hl_dense_forward, reading only the nonzeros. */
void  hl_sparse_forward (float *out, const float *in, const guint64 *rows, const float *w,
                         const float *b, guint B, guint I, guint O);
/* Like hl_dense_backward; din (may be NULL) is dense BLAS. */
void  hl_sparse_backward (float *din, float *dw, float *db, const float *dout, const float *in,
                          const guint64 *cols, const float *w, guint B, guint I, guint O);
/* Slices, for splitting work between threads: out rows [r0, r1) (pointers are
 * to the whole arrays), and dW rows [i0, i1) for a batch of B rows. */
void  hl_sparse_forward_rows (float *out, const float *in, const guint64 *rows, const float *w,
                              const float *b, guint r0, guint r1, guint I, guint O);
/* Rows [r0, r1) × columns [o0, o1) of hl_sparse_forward (o0 a multiple of 16
 * keeps the fast path): a thread that takes a column block reads only its
 * share of w.  Every element is summed in the same order whatever the block. */
void  hl_sparse_forward_block (float *out, const float *in, const guint64 *rows, const float *w,
                               const float *b, guint r0, guint r1, guint o0, guint o1,
                               guint I, guint O);
/* The same block summed over inputs [i0, i1) only (bounds as for
 * hl_nz_masks_range), from b (NULL: from 0): a thread that owns rows
 * [i0, i1) of w computes its share of the output, to be added up. */
void  hl_sparse_forward_part (float *out, const float *in, const guint64 *rows, const float *w,
                              const float *b, guint r0, guint r1, guint o0, guint o1,
                              guint i0, guint i1, guint I, guint O);
void  hl_sparse_backward_w_rows (float *dw, const float *dout, const float *in,
                                 const guint64 *cols, guint B, guint i0, guint i1,
                                 guint I, guint O);

/* dst (cols × rows) = src (rows × cols) transposed, in cache-sized tiles.  With
 * it, din = dout · w^T of a layer becomes a forward through w^T, which the
 * sparse kernels can run when dout has many zeros (behind a ReLU). */
void  hl_transpose (float *dst, const float *src, guint rows, guint cols);
/* Only source rows [first, last) (destination columns [first, last)): threads
 * that each own a block of columns of dst transpose just their block. */
void  hl_transpose_rows (float *dst, const float *src, guint rows, guint cols,
                         guint first, guint last);

/* For threads that each own rows [i0, i1) of w (BLAS): out (B×O) =
 * in[:, i0:i1] · w[i0:i1, :], one share of in · w, no bias; and columns
 * [i0, i1) of din = dout · w^T. */
void hl_dense_forward_part (float *out, const float *in, const float *w, guint B, guint I,
                            guint O, guint i0, guint i1);
void hl_dense_backward_din_cols (float *din, const float *dout, const float *w, guint B,
                                 guint I, guint O, guint i0, guint i1);

/* dw rows [i0, i1) of in^T · dout (BLAS), for splitting between threads. */
void hl_dense_backward_w_rows (float *dw, const float *dout, const float *in,
                               guint B, guint i0, guint i1, guint I, guint O);

/* ---- thread team (hl-ops-pool.c) ----
 * n_threads - 1 persistent workers; hl_pool_run calls func (data, part, n)
 * once for each part 0 .. n-1 (n = threads) and returns when all are done.
 * Thread k (the caller is 0) runs part k, unless it is late: then another
 * thread claims it.  One caller at a time.  A NULL pool runs func (data, 0, 1). */
typedef struct _HlPool HlPool;
typedef void (*HlPoolFunc) (gpointer data, guint part, guint n_parts);
HlPool *hl_pool_new (guint n_threads);
void    hl_pool_run (HlPool *pool, HlPoolFunc func, gpointer data);
guint   hl_pool_size (const HlPool *pool);
/* Part `part` of n_parts of [0, n) in blocks of `align` elements (the last
 * part takes the remainder): [*start, *end), possibly empty. */
void    hl_pool_part_range (gsize n, gsize align, guint part, guint n_parts,
                            gsize *start, gsize *end);
void    hl_pool_free (HlPool *pool);

/* out (B×O) = f(in · w + b), keeping in · w + b in pre if not NULL (GELU backward needs it). */
void hl_dense_act_forward (float *out, float *pre, const float *in, const float *w, const float *b,
                           HlActivation act, guint B, guint I, guint O);

/* dst[i] = src[i] / 255 as float (IDX pixels to inputs). */
void hl_bytes_to_floats (float *dst, const guint8 *src, gsize n);

/* out = f(in), elementwise; out may equal in. */
void hl_activation_forward (float *out, const float *in, HlActivation act, gsize N);
/* In place on z (B×O, already in · W): z += b, keep the sum in pre (if not NULL), z = f(z).
 * One pass over the layer output instead of two. */
void hl_bias_activation_forward (float *z, float *pre, const float *b, HlActivation act,
                                 guint B, guint O);
/* Columns [c0, c1) of the B rows of z (B×O): z = f(b + z + share 0 + share 1 + …),
 * added in that order; share k is B×O at shares + k · share_stride; pre (if not NULL)
 * keeps the sum.  The last step of a layer split between threads. */
void hl_shares_bias_activation (float *z, float *pre, const float *b, const float *shares,
                                gsize share_stride, guint n_shares, HlActivation act,
                                guint B, guint O, guint c0, guint c1);
/* din = dout * f'(x).  GELU needs the input `in`; the others use the output `out`
 * (in may then be NULL).  din may equal dout. */
void hl_activation_backward (float *din, const float *dout, const float *in,
                             const float *out, HlActivation act, gsize N);

/* Inverted dropout: mask[i] = 0 with probability p, else 1 / (1 - p). */
void hl_dropout_mask (float *mask, HlRng *rng, float p, gsize N);
void hl_dropout_forward (float *out, const float *in, const float *mask, gsize N);
void hl_dropout_backward (float *din, const float *dout, const float *mask, gsize N);

/* Softmax cross-entropy, fused and stable (log-sum-exp).  Returns the mean loss
 * over the batch.  dlogits (B×C) = (softmax - onehot) / B if not NULL; it may
 * equal logits.  correct (if not NULL) counts rows whose argmax is the label. */
double hl_softmax_ce (float *dlogits, const float *logits, const guint32 *labels,
                      guint B, guint C, guint *correct);
/* The class a row of C logits predicts, as hl_softmax_ce counts it correct:
 * the first of equal maxima. */
guint  hl_argmax (const float *logits, guint C);
/* probs (B×C) = softmax (logits); probs may equal logits. */
void   hl_softmax (float *probs, const float *logits, guint B, guint C);
/* Mean squared error over all B×O values; dout = 2 (out - t) / (B O) if not NULL. */
double hl_mse (float *dout, const float *out, const float *targets, guint B, guint O);

/* 0.5 * l2 * sum w^2, and its gradient added to dw: dw += l2 * w. */
double hl_l2_penalty (const float *w, float l2, gsize N);
void   hl_l2_backward (float *dw, const float *w, float l2, gsize N);

/* Scalar tanh used by the kernels (rational approximation, a few ulp, vectorisable). */
float  hl_tanhf (float x);

G_END_DECLS
