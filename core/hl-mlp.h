/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-mlp.h - the multi-layer perceptron: one parameter block, one gradient block.
 *
 * Parameters are laid out W0, b0, W1, b1, ... in one float array (W_l is
 * I_l × O_l, row-major) so an optimizer sees one flat vector; the gradient
 * block has the same layout.  All activations and deltas live in one
 * workspace sized for max_batch rows: nothing is allocated per step.
 */
#pragma once

#include <glib.h>
#include "hl-config.h"
#include "hl-rng.h"
#include "hl-types.h"
#include "hl-ops.h"

G_BEGIN_DECLS

typedef struct {
  guint         n_in, n_out;   /* I, O */
  HlActivation  act;           /* linear for the output layer */
  float         dropout;       /* probability of dropping a unit, 0 = none */
  float        *w, *b;         /* into params: I × O, O */
  float        *dw, *db;       /* into grads */
  gsize         offset;        /* of w within params (b follows w) */
  /* workspace, max_batch rows each */
  float        *out;           /* B × O: f(z) */
  float        *pre;           /* B × O: z (GELU only, else NULL) */
  float        *mask;          /* B × O: inverted-dropout mask (dropout only) */
  float        *dropped;       /* B × O: out * mask, the next layer's input (dropout only) */
  /* nonzero pattern of the input (hl_nz_masks), for layers wide enough to
   * gain from skipping zeros; NULL otherwise */
  guint64      *nz_rows, *nz_cols;
  gboolean      sparse_in;     /* the last forward took the sparse path */
  /* ReLU layers after the first: din = dz · W^T is run as a sparse forward of
   * dz (zero wherever the ReLU is off) through W^T; NULL when not eligible */
  float        *wt;            /* O × I, refreshed by each backward that uses it */
  guint64      *dz_rows, *dz_cols;   /* nonzero pattern of dz (B × O) */
  gboolean      sparse_din;    /* the last backward took that path */
} HlMlpLayer;

typedef struct {
  HlTask      task;
  guint       n_inputs;        /* F */
  guint       n_outputs;       /* classes or regression targets */
  guint       n_layers;        /* hidden layers + output layer */
  guint       max_batch;
  guint       max_width;       /* widest layer output */
  HlMlpLayer  layers[HL_MAX_LAYERS + 1];
  gsize       n_params;
  float      *params;          /* n_params */
  float      *grads;           /* n_params */
  float      *delta[2];        /* max_batch × max_width each, ping-pong in backward */
  gboolean    train_mode;      /* whether the last forward used dropout */
  gpointer    param_block, workspace_block;   /* raw allocations (aligned inside) */
  guint64    *mask_block;      /* the layers' nz_rows / nz_cols */
  HlPool     *pool;            /* threads splitting the big layers, or NULL */
  struct _HlMlpSplit *split;   /* which thread owns which rows (hl-mlp.c), or NULL */
} HlMlp;

/* Bytes of workspace the model needs for max_batch rows; FALSE on overflow. */
gboolean hl_mlp_workspace_bytes (const HlModelConfig *model, guint n_inputs, guint n_outputs,
                                 guint max_batch, guint64 *bytes);

/* Build the model (parameters zero until hl_mlp_init).  Sizes beyond the
 * HL_MAX_* limits fail with HL_CONFIG_ERROR_LIMIT, as does memory that cannot
 * be allocated. */
/* The limits hl_mlp_new checks (layers, units, parameters, workspace), alone. */
gboolean hl_mlp_check_shape (const HlModelConfig *model, guint n_inputs, guint n_outputs,
                             guint max_batch, GError **error);
HlMlp *hl_mlp_new (const HlModelConfig *model, HlTask task, guint n_inputs,
                   guint n_outputs, guint max_batch, GError **error);
void   hl_mlp_free (HlMlp *self);

/* Weights from init (he, xavier, uniform) drawn from rng; biases zero. */
void   hl_mlp_init (HlMlp *self, HlInit init, HlRng *rng);

/* Split the big layers' kernels between n_threads threads (persistent, made
 * here); the caller keeps BLAS itself at 1 thread.  Default: 1 thread.
 * Thread k owns a block of rows of each big layer's W (its inputs): it
 * computes their gradient and, through hl_mlp_part_ranges, their update,
 * so weights, gradients and optimizer state stay in its core's cache; the
 * forward adds the threads' shares of in · W.  Results with n_threads > 1
 * are reproducible bit for bit for that count and equal the 1-thread ones
 * up to rounding (the sums run in another order). */
void   hl_mlp_set_threads (HlMlp *self, guint n_threads);

/* Whether layer l's rows are owned by the threads (wide enough: at least 64
 * inputs per thread, and a layer that keeps input masks); batches of fewer
 * than 8 rows are not split all the same. */
gboolean hl_mlp_layer_is_split (const HlMlp *self, guint l);

/* The inputs [*c0, *c1) that thread `part` of n reads in the first layer,
 * when that layer is split; FALSE otherwise.  A batch gathered by those
 * columns stays in the cache of the thread that reads it. */
gboolean hl_mlp_input_range (const HlMlp *self, guint part, guint n, guint *c0, guint *c1);

/* Part `part` of n of the parameter block, as one or more ranges [start,
 * end) (multiples of 16 but for end == n_params): the rows of each big
 * layer that thread `part` of the model's n threads owns, the biases and
 * small layers going to part 0.  The parts tile the block; an optimizer
 * split this way finds its parameters in its own core's cache. */
typedef void (*HlMlpRangeFunc) (gsize start, gsize end, gpointer data);
void   hl_mlp_part_ranges (const HlMlp *self, guint part, guint n, HlMlpRangeFunc func,
                           gpointer data);

/* Forward B ≤ max_batch rows of x (B × F).  With dropout_rng, training mode
 * (dropout masks drawn from it); NULL = evaluation.  Returns the output block
 * (B × n_outputs: logits or regression values), valid until the next call. */
const float *hl_mlp_forward (HlMlp *self, const float *x, guint B, HlRng *dropout_rng);

/* Loss of the last forward: softmax cross-entropy (labels) or MSE (targets).
 * With want_grad, also the output delta that hl_mlp_backward starts from.
 * correct (may be NULL) counts right argmax predictions (classification). */
double hl_mlp_loss (HlMlp *self, const guint32 *labels, const float *targets, guint B,
                    gboolean want_grad, guint *correct);

/* Gradients of the last forward + loss (want_grad) into self->grads, overwritten. */
void   hl_mlp_backward (HlMlp *self, const float *x, guint B);

/* hl_mlp_backward, hl_mlp_add_l2_grad (l2) and an update of every
 * parameter: func (start, end, data) is called once for each range of a
 * tiling of [0, n_params), each keeping the step_range contract (multiples
 * of 16 but for the end).  When the model's threads own rows of W
 * (hl_mlp_can_fuse_update), each thread updates its rows as soon as their
 * gradient is done, while they are still in its cache, and from several
 * threads at once; this thread updates the rest at the end.  The
 * parameters come out as with the three calls in a row. */
typedef struct {
  HlMlpRangeFunc func;
  gpointer       data;
  float          l2;
} HlMlpUpdate;
gboolean hl_mlp_can_fuse_update (const HlMlp *self);
void   hl_mlp_backward_update (HlMlp *self, const float *x, guint B, const HlMlpUpdate *update);

/* dW += l2 * W for every weight matrix (biases untouched). */
void   hl_mlp_add_l2_grad (HlMlp *self, float l2);
/* 0.5 * l2 * sum of squared weights. */
double hl_mlp_l2_penalty (const HlMlp *self, float l2);

/* out (n × n_outputs): class probabilities or regression outputs, in chunks of max_batch. */
void   hl_mlp_predict (HlMlp *self, const float *x, guint n, float *out);

G_END_DECLS
