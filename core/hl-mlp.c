/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-mlp.c - MLP construction, initialisation, forward, loss and backward. */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <cblas.h>
#undef I   /* from <complex.h> via OpenBLAS */
#include "hl-error.h"
#include "hl-mlp.h"
#include "hl-ops.h"

#define ALIGN_FLOATS 16   /* 64-byte alignment for every buffer */

/* Inputs with at most this fraction of nonzeros take the sparse kernels
 * (images: about half the pixels are 0; ReLU outputs: about half).  Above it
 * BLAS wins: its dense inner loop runs near peak with no index overhead. */
#define SPARSE_MAX_DENSITY 0.6
/* Narrower outputs leave too few FMAs per nonzero to pay for the index work. */
#define SPARSE_MIN_OUT     16
/* W^T is a second copy of the weights: only for layers up to 16 MiB, so the
 * copy never decides whether a big model fits the workspace limit. */
#define SPARSE_DIN_MAX_WEIGHTS (G_GUINT64_CONSTANT (4) << 20)

/* Whether layer (I → O) keeps nonzero masks of its input. */
static gboolean
sparse_capable (guint I, guint O)
{
  return O >= SPARSE_MIN_OUT && (I > HL_SMALL_DIM || O > HL_SMALL_DIM);
}

/* Whether layer l (I → O) keeps W^T and a dz pattern for din = dz · W^T: its
 * ReLU zeroes about half of dz, so din is cheaper as a sparse forward of dz
 * through W^T (O → I) than as a GEMM.  The first layer needs no din. */
static gboolean
sparse_din_capable (guint l, HlActivation act, guint I, guint O)
{
  return l > 0 && act == HL_ACTIVATION_RELU && sparse_capable (I, O) && sparse_capable (O, I)
         && (guint64) I * O <= SPARSE_DIN_MAX_WEIGHTS;
}

/* 64-bit words of masks for one layer and max_batch rows (input and, with
 * sparse din, dz patterns). */
static guint64
mask_words (guint l, HlActivation act, guint I, guint O, guint max_batch)
{
  guint64 n = 0;

  if (sparse_capable (I, O))
    n += (guint64) max_batch * HL_NZ_WORDS (I) + (guint64) I * HL_NZ_WORDS (max_batch);
  if (sparse_din_capable (l, act, I, O))
    n += (guint64) max_batch * HL_NZ_WORDS (O) + (guint64) O * HL_NZ_WORDS (max_batch);
  return n;
}

static guint64
round_up (guint64 n)
{
  return (n + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
}

static const HlLayerConfig *
hidden_layer (const HlModelConfig *model, guint l)
{
  return &g_array_index (model->layers, HlLayerConfig, l);
}

static guint
n_hidden (const HlModelConfig *model)
{
  return model->layers != NULL ? model->layers->len : 0;
}

/* Output width of layer l (hidden layers, then the output layer). */
static guint
layer_width (const HlModelConfig *model, guint n_outputs, guint l)
{
  return l < n_hidden (model) ? hidden_layer (model, l)->units : n_outputs;
}

/* Floats of workspace for one layer's buffers (rows = max_batch). */
static guint64
layer_workspace (HlActivation act, double dropout, guint width, guint max_batch)
{
  guint64 one = round_up ((guint64) width * max_batch);
  guint64 n = one;

  if (act == HL_ACTIVATION_GELU)
    n += one;
  if (dropout > 0.0)
    n += 2 * one;
  return n;
}

gboolean
hl_mlp_workspace_bytes (const HlModelConfig *model, guint n_inputs, guint n_outputs,
                        guint max_batch, guint64 *bytes)
{
  guint n_layers = n_hidden (model) + 1;
  guint64 floats = 0, masks = 0;
  guint max_width = 0, prev = n_inputs;

  /* Widths are <= HL_MAX_UNITS (2^14) and rows < 2^32, so each product fits
   * in 2^46 and a sum over HL_MAX_LAYERS + 1 layers cannot overflow. */
  if (n_layers > HL_MAX_LAYERS + 1 || n_outputs > HL_MAX_UNITS)
    return FALSE;
  for (guint l = 0; l < n_layers; l++)
    {
      guint w = layer_width (model, n_outputs, l);
      gboolean hidden = l + 1 < n_layers;
      HlActivation act;
      if (w > HL_MAX_UNITS)
        return FALSE;
      act = hidden ? hidden_layer (model, l)->activation : HL_ACTIVATION_LINEAR;
      floats += layer_workspace (act, hidden ? hidden_layer (model, l)->dropout : 0.0, w, max_batch);
      max_width = MAX (max_width, w);
      masks += mask_words (l, act, prev, w, max_batch);
      if (sparse_din_capable (l, act, prev, w))
        floats += round_up ((guint64) prev * w);
      prev = w;
    }
  floats += 2 * round_up ((guint64) max_width * max_batch);
  *bytes = floats * sizeof (float) + 64 + masks * sizeof (guint64);
  return TRUE;
}

static gboolean
check_limits (const HlModelConfig *model, guint n_inputs, guint n_outputs, guint max_batch,
              guint64 *n_params, GError **error)
{
  guint n_layers = n_hidden (model) + 1;
  guint64 params = 0, ws = 0;
  guint prev = n_inputs;

  if (n_hidden (model) > HL_MAX_LAYERS)
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT,
                   _("model.layers: must have at most %d hidden layers (got %u)"), HL_MAX_LAYERS, n_hidden (model));
      return FALSE;
    }
  for (guint l = 0; l < n_layers; l++)
    {
      guint w = layer_width (model, n_outputs, l);
      if (w == 0 || w > HL_MAX_UNITS)
        {
          if (l + 1 < n_layers)
            g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT,
                         /* TRANSLATORS: model.layers[%u].units is a field path */
                         _("model.layers[%u].units: must be between 1 and %d (got %u)"), l, HL_MAX_UNITS, w);
          else
            g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT,
                         _("dataset: %u outputs are outside the supported 1 to %d"), w, HL_MAX_UNITS);
          return FALSE;
        }
      /* prev < 2^32 and w <= 2^14: no overflow; the running sum is checked each layer. */
      params += (guint64) prev * w + w;
      if (params > HL_MAX_PARAMS)
        {
          g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT,
                       _("model: must have at most %llu parameters (got more at "
                         "layer %u: %u inputs × %u units); use fewer units"),
                       (unsigned long long) HL_MAX_PARAMS, l, prev, w);
          return FALSE;
        }
      prev = w;
    }
  if (max_batch == 0 || !hl_mlp_workspace_bytes (model, n_inputs, n_outputs, max_batch, &ws)
      || ws > HL_MAX_WORKSPACE_BYTES)
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT,
                   _("training.batch_size: a batch of %u samples needs %llu MiB of activations, "
                     "more than the limit of %llu MiB"),
                   max_batch, (unsigned long long) (ws >> 20), (unsigned long long) (HL_MAX_WORKSPACE_BYTES >> 20));
      return FALSE;
    }
  *n_params = params;
  return TRUE;
}

static float *
aligned (gpointer raw)
{
  return (float *) (((guintptr) raw + 63) & ~(guintptr) 63);
}

static gpointer
try_alloc (guint64 bytes, const char *what, GError **error)
{
  gpointer p = g_try_malloc0 ((gsize) bytes);

  if (p == NULL)
    g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT,
                 /* TRANSLATORS: what (a field path), then a size */
                 _("%s: could not allocate %llu MiB"), what, (unsigned long long) (bytes >> 20));
  return p;
}

/* Point each layer's tensors into the parameter and gradient blocks. */
static void
lay_out_params (HlMlp *self)
{
  gsize off = 0;

  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      L->offset = off;
      L->w = self->params + off;
      L->dw = self->grads + off;
      off += (gsize) L->n_in * L->n_out;
      L->b = self->params + off;
      L->db = self->grads + off;
      off += L->n_out;
    }
  g_assert (off == self->n_params);
}

static void
lay_out_workspace (HlMlp *self, float *ws)
{
  gsize one;

  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      one = round_up ((guint64) L->n_out * self->max_batch);
      L->out = ws;
      ws += one;
      if (L->act == HL_ACTIVATION_GELU)
        {
          L->pre = ws;
          ws += one;
        }
      if (L->dropout > 0.0f)
        {
          L->mask = ws;
          L->dropped = ws + one;
          ws += 2 * one;
        }
    }
  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      if (!sparse_din_capable (l, L->act, L->n_in, L->n_out))
        continue;
      L->wt = ws;
      ws += round_up ((guint64) L->n_in * L->n_out);
    }
  one = round_up ((guint64) self->max_width * self->max_batch);
  self->delta[0] = ws;
  self->delta[1] = ws + one;
}

static gboolean
lay_out_masks (HlMlp *self, GError **error)
{
  guint64 words = 0;
  guint64 *m;

  for (guint l = 0; l < self->n_layers; l++)
    words += mask_words (l, self->layers[l].act, self->layers[l].n_in, self->layers[l].n_out,
                         self->max_batch);
  if (words == 0)
    return TRUE;
  self->mask_block = try_alloc (words * sizeof (guint64), "training.batch_size", error);
  if (self->mask_block == NULL)
    return FALSE;
  m = self->mask_block;
  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      if (!sparse_capable (L->n_in, L->n_out))
        continue;
      L->nz_rows = m;
      m += (gsize) self->max_batch * HL_NZ_WORDS (L->n_in);
      L->nz_cols = m;
      m += (gsize) L->n_in * HL_NZ_WORDS (self->max_batch);
      if (!sparse_din_capable (l, L->act, L->n_in, L->n_out))
        continue;
      L->dz_rows = m;
      m += (gsize) self->max_batch * HL_NZ_WORDS (L->n_out);
      L->dz_cols = m;
      m += (gsize) L->n_out * HL_NZ_WORDS (self->max_batch);
    }
  return TRUE;
}

gboolean
hl_mlp_check_shape (const HlModelConfig *model, guint n_inputs, guint n_outputs, guint max_batch,
                    GError **error)
{
  guint64 n_params;

  if (n_inputs == 0)
    {
      g_set_error (error, HL_TRAIN_ERROR, HL_TRAIN_ERROR_SETUP, _("dataset: no input features"));
      return FALSE;
    }
  return check_limits (model, n_inputs, n_outputs, max_batch, &n_params, error);
}

HlMlp *
hl_mlp_new (const HlModelConfig *model, HlTask task, guint n_inputs,
            guint n_outputs, guint max_batch, GError **error)
{
  guint64 n_params = 0, ws_bytes = 0;
  HlMlp *self;
  guint prev = n_inputs;

  g_return_val_if_fail (model != NULL, NULL);
  if (n_inputs == 0)
    {
      g_set_error (error, HL_TRAIN_ERROR, HL_TRAIN_ERROR_SETUP, _("dataset: no input features"));
      return NULL;
    }
  if (!check_limits (model, n_inputs, n_outputs, max_batch, &n_params, error))
    return NULL;
  hl_mlp_workspace_bytes (model, n_inputs, n_outputs, max_batch, &ws_bytes);

  self = g_new0 (HlMlp, 1);
  self->task = task;
  self->n_inputs = n_inputs;
  self->n_outputs = n_outputs;
  self->n_layers = n_hidden (model) + 1;
  self->max_batch = max_batch;
  self->n_params = (gsize) n_params;
  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      gboolean hidden = l + 1 < self->n_layers;
      L->n_in = prev;
      L->n_out = layer_width (model, n_outputs, l);
      L->act = hidden ? hidden_layer (model, l)->activation : HL_ACTIVATION_LINEAR;
      L->dropout = hidden ? (float) hidden_layer (model, l)->dropout : 0.0f;
      self->max_width = MAX (self->max_width, L->n_out);
      prev = L->n_out;
    }

  /* Parameters and gradients share one allocation: two aligned halves. */
  self->param_block = try_alloc (2 * round_up (n_params) * sizeof (float) + 64, "model", error);
  if (self->param_block == NULL)
    goto fail;
  self->params = aligned (self->param_block);
  self->grads = self->params + round_up (n_params);
  self->workspace_block = try_alloc (ws_bytes, "training.batch_size", error);
  if (self->workspace_block == NULL)
    goto fail;
  lay_out_params (self);
  lay_out_workspace (self, aligned (self->workspace_block));
  if (!lay_out_masks (self, error))
    goto fail;
  return self;

fail:
  hl_mlp_free (self);
  return NULL;
}

static void split_free (struct _HlMlpSplit *sp);

void
hl_mlp_free (HlMlp *self)
{
  if (self == NULL)
    return;
  g_free (self->param_block);
  g_free (self->workspace_block);
  g_free (self->mask_block);
  hl_pool_free (self->pool);
  split_free (self->split);
  g_free (self);
}

void
hl_mlp_init (HlMlp *self, HlInit init, HlRng *rng)
{
  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      const gsize n = (gsize) L->n_in * L->n_out;
      double he_std = sqrt (2.0 / L->n_in);
      double glorot = sqrt (6.0 / ((double) L->n_in + L->n_out));

      for (gsize i = 0; i < n; i++)
        switch (init)
          {
          case HL_INIT_HE:
            L->w[i] = (float) (he_std * hl_rng_normal (rng));
            break;
          case HL_INIT_XAVIER:
            L->w[i] = (float) (glorot * (2.0 * hl_rng_uniform (rng) - 1.0));
            break;
          case HL_INIT_UNIFORM:
          case HL_N_INITS:
          default:
            L->w[i] = (float) (0.05 * (2.0 * hl_rng_uniform (rng) - 1.0));
            break;
          }
      memset (L->b, 0, L->n_out * sizeof (float));
    }
}

/* What layer l read in the last forward. */
static const float *
layer_input (const HlMlp *self, const float *x, guint l)
{
  const HlMlpLayer *P;

  if (l == 0)
    return x;
  P = &self->layers[l - 1];
  return self->train_mode && P->dropout > 0.0f ? P->dropped : P->out;
}

/* Rows [*r0, *r1) of B that part `part` of n takes. */
static void
slice (guint B, guint part, guint n, guint *r0, guint *r1)
{
  gsize start, end;

  hl_pool_part_range (B, 1, part, n, &start, &end);
  *r0 = (guint) start;
  *r1 = (guint) end;
}

typedef struct {
  HlMlpLayer  *L;
  const float *in;
  const float *dout;
  float       *din;
  guint        B;
  gboolean     sparse_din;   /* din through L->wt and L->dz_rows */
} LayerJob;

/* With a thread team (one part per thread), a wide sparse layer is split by
 * columns, one block of >= 128 per thread (multiples of 16): each thread
 * then reads only its share of w, where splitting rows made every thread
 * stream all of w.  FALSE when the layer is split by rows instead. */
static gboolean
column_slice (guint O, guint part, guint n, guint *o0, guint *o1)
{
  const guint v = O / 16;

  if (n < 2 || O < 128 * n)
    return FALSE;
  *o0 = v * part / n * 16;
  *o1 = part + 1 < n ? v * (part + 1) / n * 16 : O;
  return TRUE;
}

/* Forward of a column block (all rows) of a sparse layer. */
static void
forward_columns (const LayerJob *j, guint o0, guint o1)
{
  HlMlpLayer *L = j->L;
  const guint O = L->n_out;

  if (o1 <= o0)
    return;
  hl_sparse_forward_block (L->out, j->in, L->nz_rows, L->w, L->b, 0, j->B, o0, o1, L->n_in, O);
  for (guint r = 0; r < j->B; r++)
    {
      float *row = L->out + (gsize) r * O + o0;
      if (L->pre != NULL)
        memcpy (L->pre + (gsize) r * O + o0, row, (o1 - o0) * sizeof (float));
      hl_activation_forward (row, row, L->act, o1 - o0);
    }
}

/* Forward of rows (or columns) of a batch: out = f(in · w + b). */
static void
forward_part (gpointer data, guint part, guint n)
{
  const LayerJob *j = data;
  HlMlpLayer *L = j->L;
  const guint O = L->n_out, I = L->n_in;
  guint r0, r1, o0, o1;

  if (L->sparse_in && column_slice (O, part, n, &o0, &o1))
    {
      forward_columns (j, o0, o1);
      return;
    }
  slice (j->B, part, n, &r0, &r1);
  if (r1 == r0)
    return;
  if (!L->sparse_in)
    {
      hl_dense_act_forward (L->out + (gsize) r0 * O, L->pre ? L->pre + (gsize) r0 * O : NULL,
                            j->in + (gsize) r0 * I, L->w, L->b, L->act, r1 - r0, I, O);
      return;
    }
  hl_sparse_forward_rows (L->out, j->in, L->nz_rows, L->w, L->b, r0, r1, I, O);
  hl_bias_activation_forward (L->out + (gsize) r0 * O, L->pre ? L->pre + (gsize) r0 * O : NULL,
                              NULL, L->act, r1 - r0, O);
}

/* [i0, i1) of n parts of I in blocks of 16 (the last part takes the rest), so
 * column blocks of din keep the sparse kernel's fast path. */
static void
slice16 (guint I, guint part, guint n, guint *i0, guint *i1)
{
  gsize start, end;

  hl_pool_part_range (I, 16, part, n, &start, &end);
  *i0 = (guint) start;
  *i1 = (guint) end;
}

/* Backward of a big layer: rows [i0, i1) of dW and, when din is sparse, the
 * same rows of w transposed into columns [i0, i1) of W^T and then columns
 * [i0, i1) of din = dz · W^T.  A part thus needs no other part's W^T: no
 * serial transpose before the job, no W^T lines moving between cores.  A
 * dense din is split by rows. */
static void
backward_part (gpointer data, guint part, guint n)
{
  const LayerJob *j = data;
  HlMlpLayer *L = j->L;
  const guint O = L->n_out, I = L->n_in;
  guint i0, i1, r0, r1;

  slice16 (I, part, n, &i0, &i1);
  if (i1 > i0 && L->sparse_in)
    hl_sparse_backward_w_rows (L->dw, j->dout, j->in, L->nz_cols, j->B, i0, i1, I, O);
  else if (i1 > i0)
    hl_dense_backward_w_rows (L->dw, j->dout, j->in, j->B, i0, i1, I, O);
  if (j->din != NULL && j->sparse_din)
    {
      if (i1 == i0)
        return;
      hl_transpose_rows (L->wt, L->w, I, O, i0, i1);
      hl_sparse_forward_block (j->din, j->dout, L->dz_rows, L->wt, NULL, 0, j->B, i0, i1, O, I);
      return;
    }
  slice (j->B, part, n, &r0, &r1);
  if (j->din != NULL && r1 > r0)
    hl_dense_backward_din (j->din + (gsize) r0 * I, j->dout + (gsize) r0 * O, L->w,
                           r1 - r0, I, O);
}

/* Pattern of dz; TRUE when it is sparse enough for the sparse din (W^T is
 * made by the backward parts).  Zero terms of dz are skipped: exact for
 * finite weights (see hl-ops.h). */
static gboolean
sparse_din_prepare (HlMlpLayer *L, const float *dz, guint B)
{
  const gsize nnz = hl_nz_masks (L->dz_rows, L->dz_cols, dz, B, L->n_out);

  return nnz <= SPARSE_MAX_DENSITY * B * L->n_out;
}

/* Whether the layer is worth splitting between threads. */
static HlPool *
pool_for (const HlMlp *self, const HlMlpLayer *L, guint B)
{
  return self->pool != NULL && B >= 8 && L->nz_rows != NULL ? self->pool : NULL;
}

/* ---- rows of W owned by threads --------------------------------------------
 * With n threads, thread k owns rows [cut[k], cut[k + 1]) of W in each layer
 * wide enough (its inputs; cuts at multiples of 64, the mask words): it
 * computes those rows' share of in · W in the forward, their dW and the
 * matching columns of din in the backward, and the optimizer's update of
 * them (hl_mlp_part_ranges).  Between two such layers, thread k also adds up
 * the shares of columns [cut[k], cut[k + 1]) of the first layer's output,
 * which are the inputs its rows of the next layer read; and in the backward
 * it takes those columns of din through the activation.  So W, dW and the
 * optimizer's state never move between cores, and only activations of a
 * batch (tens of KB) do.  On a VM whose two CPUs exchanged cache lines at
 * 10-20 GB/s, moving the weights between cores every step had made two
 * threads slower than one. */

typedef struct {
  gboolean on;
  guint    cut[HL_MAX_THREADS + 1];
  float   *partial;           /* parts 1 .. n-1: max_batch × O each (part 0 writes out) */
  guint64 *rows;              /* parts 0 .. n-1: max_batch × HL_NZ_WORDS (I) row masks each */
  gboolean sparse[HL_MAX_THREADS];   /* the part's last forward share skipped zeros */
  gsize    dz_nnz[HL_MAX_THREADS];   /* nonzeros of the part's columns of dz (sparse din) */
} SplitLayer;

struct _HlMlpSplit {
  guint      n;
  gboolean   active;          /* the last forward split the layers (B >= 8) */
  SplitLayer layer[HL_MAX_LAYERS + 1];
  gpointer   block;
};

/* Extra memory the shares may take; beyond it the layers are not split. */
#define SPLIT_MAX_BYTES (G_GUINT64_CONSTANT (512) << 20)

static void
split_free (struct _HlMlpSplit *sp)
{
  if (sp == NULL)
    return;
  g_free (sp->block);
  g_free (sp);
}

static struct _HlMlpSplit *
split_new (const HlMlp *self, guint n)
{
  struct _HlMlpSplit *sp = g_new0 (struct _HlMlpSplit, 1);
  guint64 floats = 0, words = 0;
  gboolean any = FALSE;
  float *f;
  guint64 *w;

  sp->n = n;
  for (guint l = 0; l < self->n_layers; l++)
    {
      const HlMlpLayer *L = &self->layers[l];
      SplitLayer *S = &sp->layer[l];
      if (L->nz_rows == NULL || L->n_in < 64 * n)
        continue;
      S->on = any = TRUE;
      for (guint k = 0; k < n; k++)
        S->cut[k] = (guint) ((guint64) L->n_in * k / n / 64 * 64);
      S->cut[n] = L->n_in;
      floats += round_up ((guint64) (n - 1) * self->max_batch * L->n_out);
      words += (guint64) n * self->max_batch * HL_NZ_WORDS (L->n_in);
    }
  if (!any || floats * sizeof (float) + words * sizeof (guint64) > SPLIT_MAX_BYTES)
    goto none;
  sp->block = g_try_malloc (floats * sizeof (float) + words * sizeof (guint64) + 64);
  if (sp->block == NULL)
    goto none;
  f = aligned (sp->block);
  w = (guint64 *) (f + floats);
  for (guint l = 0; l < self->n_layers; l++)
    {
      const HlMlpLayer *L = &self->layers[l];
      SplitLayer *S = &sp->layer[l];
      if (!S->on)
        continue;
      S->partial = f;
      f += round_up ((guint64) (n - 1) * self->max_batch * L->n_out);
      S->rows = w;
      w += (gsize) n * self->max_batch * HL_NZ_WORDS (L->n_in);
    }
  return sp;

none:
  split_free (sp);
  return NULL;
}

static inline gboolean
split_on (const HlMlp *self, guint l)
{
  return self->split != NULL && self->split->active && self->split->layer[l].on;
}

/* Columns [c0, c1) of layer l's output, all B rows: bias + the parts'
 * shares (in part order), then the activation. */
static void
split_finish (HlMlp *self, guint l, guint c0, guint c1, guint B)
{
  HlMlpLayer *L = &self->layers[l];
  const SplitLayer *S = &self->split->layer[l];
  const guint O = L->n_out, n = self->split->n;

  if (c1 > c0)
    hl_shares_bias_activation (L->out, L->pre, L->b, S->partial, (gsize) self->max_batch * O,
                               n - 1, L->act, B, O, c0, c1);
}

typedef struct {
  HlMlp       *self;
  guint        l;
  const float *in;
  const float *dout;
  float       *din;
  guint        B;
  gboolean     finish_prev;   /* forward: finish layer l - 1's columns first */
  gboolean     sparse_din;
  gboolean     prev_masks;    /* backward: also the dz pattern of layer l - 1 */
  const HlMlpUpdate *update;  /* backward: then update the part's rows of W */
} SplitJob;

static void
split_forward_part (gpointer data, guint part, guint n)
{
  const SplitJob *j = data;
  HlMlp *self = j->self;
  HlMlpLayer *L = &self->layers[j->l];
  SplitLayer *S = &self->split->layer[j->l];
  const guint I = L->n_in, O = L->n_out, i0 = S->cut[part], i1 = S->cut[part + 1];
  guint64 *rows = S->rows + (gsize) part * self->max_batch * HL_NZ_WORDS (I);
  float *dst = part == 0 ? L->out : S->partial + (gsize) (part - 1) * self->max_batch * O;
  gsize nnz;

  g_assert (n == self->split->n);
  if (j->finish_prev)
    split_finish (self, j->l - 1, i0, i1, j->B);
  nnz = hl_nz_masks_range (rows, L->nz_cols, j->in, j->B, I, i0, i1);
  S->sparse[part] = nnz <= SPARSE_MAX_DENSITY * j->B * (i1 - i0);
  if (S->sparse[part])
    hl_sparse_forward_part (dst, j->in, rows, L->w, NULL, 0, j->B, 0, O, i0, i1, I, O);
  else
    hl_dense_forward_part (dst, j->in, L->w, j->B, I, O, i0, i1);
}

/* With a fused update: the L2 term and the optimizer's update of rows
 * [i0, i1) of L's W, whose gradient is complete. */
static void
split_update_rows (HlMlp *self, HlMlpLayer *L, const HlMlpUpdate *u, guint i0, guint i1)
{
  const gsize a = (gsize) i0 * L->n_out, e = (gsize) i1 * L->n_out;

  if (u == NULL || e == a)
    return;
  if (u->l2 != 0.0f)
    hl_l2_backward (L->dw + a, L->w + a, u->l2, e - a);
  u->func (L->offset + a, L->offset + e, u->data);
}

/* Rows [i0, i1) of dW and, below the first layer, columns [i0, i1) of din
 * taken through layer l - 1's dropout and activation, with their db and
 * (for a sparse din there) their dz pattern. */
static void
split_backward_part (gpointer data, guint part, guint n)
{
  const SplitJob *j = data;
  HlMlp *self = j->self;
  HlMlpLayer *L = &self->layers[j->l];
  SplitLayer *S = &self->split->layer[j->l];
  const guint I = L->n_in, O = L->n_out, i0 = S->cut[part], i1 = S->cut[part + 1], B = j->B;
  HlMlpLayer *P;

  if (S->sparse[part])
    hl_sparse_backward_w_rows (L->dw, j->dout, j->in, L->nz_cols, B, i0, i1, I, O);
  else
    hl_dense_backward_w_rows (L->dw, j->dout, j->in, B, i0, i1, I, O);
  if (j->din == NULL || i1 == i0)
    {
      split_update_rows (self, L, j->update, i0, i1);
      return;
    }
  if (j->sparse_din)
    {
      hl_transpose_rows (L->wt, L->w, I, O, i0, i1);
      hl_sparse_forward_block (j->din, j->dout, L->dz_rows, L->wt, NULL, 0, B, i0, i1, O, I);
    }
  else
    hl_dense_backward_din_cols (j->din, j->dout, L->w, B, I, O, i0, i1);
  P = &self->layers[j->l - 1];
  for (guint r = 0; r < B; r++)
    {
      const gsize at = (gsize) r * I + i0;
      float *seg = j->din + at;
      if (self->train_mode && P->dropout > 0.0f)
        hl_dropout_backward (seg, seg, P->mask + at, i1 - i0);
      hl_activation_backward (seg, seg, P->pre != NULL ? P->pre + at : NULL, P->out + at,
                              P->act, i1 - i0);
    }
  hl_bias_backward_cols (P->db, j->din, B, I, i0, i1);
  if (j->prev_masks)
    self->split->layer[j->l - 1].dz_nnz[part] = hl_nz_masks_range (P->dz_rows, P->dz_cols,
                                                                   j->din, B, I, i0, i1);
  /* din has read the part's rows of W (or their W^T): they may change now */
  split_update_rows (self, L, j->update, i0, i1);
}

void
hl_mlp_part_ranges (const HlMlp *self, guint part, guint n, HlMlpRangeFunc func, gpointer data)
{
  gsize start = 0;   /* rounded start of the current piece */
  guint owner = 0;

  if (self->split == NULL || self->split->n != n)
    {
      gsize s, e;
      hl_pool_part_range (self->n_params, 16, part, n, &s, &e);
      if (e > s)
        func (s, e, data);
      return;
    }
  /* The pieces in order: a split layer's rows by owner, then its bias (a
   * few floats, to part 0); the other layers to part 0.  Boundaries round
   * down to multiples of 16, so a few parameters may go to a neighbour:
   * that costs only their lines a move between cores. */
#define PIECE(begin, who)                                     \
  G_STMT_START {                                              \
    const gsize next_ = (begin) & ~(gsize) 15;                \
    if (next_ > start && owner == part)                       \
      func (start, next_, data);                              \
    if (next_ > start)                                        \
      start = next_;                                          \
    owner = (who);                                            \
  } G_STMT_END
  for (guint l = 0; l < self->n_layers; l++)
    {
      const HlMlpLayer *L = &self->layers[l];
      const SplitLayer *S = &self->split->layer[l];
      if (S->on)
        for (guint k = 0; k < n; k++)
          PIECE (L->offset + (gsize) S->cut[k] * L->n_out, k);
      else
        PIECE (L->offset, 0);
      PIECE (L->offset + (gsize) L->n_in * L->n_out, 0);
    }
#undef PIECE
  if (self->n_params > start && owner == part)
    func (start, self->n_params, data);
}

gboolean
hl_mlp_input_range (const HlMlp *self, guint part, guint n, guint *c0, guint *c1)
{
  if (self->split == NULL || self->split->n != n || !self->split->layer[0].on)
    return FALSE;
  *c0 = self->split->layer[0].cut[part];
  *c1 = self->split->layer[0].cut[part + 1];
  return TRUE;
}

gboolean
hl_mlp_layer_is_split (const HlMlp *self, guint l)
{
  return self->split != NULL && l < self->n_layers && self->split->layer[l].on;
}

void
hl_mlp_set_threads (HlMlp *self, guint n_threads)
{
  g_clear_pointer (&self->pool, hl_pool_free);
  g_clear_pointer (&self->split, split_free);
  if (n_threads > 1)
    {
      self->pool = hl_pool_new (n_threads);
      self->split = split_new (self, n_threads);
    }
}

/* Sparse kernels when the input has few enough nonzeros, else dense. */
static void
layer_forward (HlMlp *self, HlMlpLayer *L, const float *in, guint B)
{
  LayerJob job = { L, in, NULL, NULL, B, FALSE };

  L->sparse_in = FALSE;
  if (L->nz_rows != NULL)
    {
      const gsize nnz = hl_nz_masks (L->nz_rows, L->nz_cols, in, B, L->n_in);
      L->sparse_in = nnz <= SPARSE_MAX_DENSITY * B * L->n_in;
    }
  hl_pool_run (pool_for (self, L, B), forward_part, &job);
}

const float *
hl_mlp_forward (HlMlp *self, const float *x, guint B, HlRng *dropout_rng)
{
  gboolean pending = FALSE;   /* layer l - 1's shares are not added up yet */

  g_return_val_if_fail (B <= self->max_batch, NULL);
  self->train_mode = dropout_rng != NULL;
  if (self->split != NULL)
    self->split->active = B >= 8;
  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      const gsize n = (gsize) B * L->n_out;

      if (split_on (self, l))
        {
          SplitJob job = { self, l, layer_input (self, x, l), NULL, NULL, B, pending, FALSE, FALSE };
          const SplitLayer *S = &self->split->layer[l];
          hl_pool_run (self->pool, split_forward_part, &job);
          L->sparse_in = FALSE;
          for (guint k = 0; k < self->split->n; k++)
            L->sparse_in |= S->sparse[k];
          /* The next layer's parts add up their own columns, unless a
           * dropout mask (drawn in order) comes between. */
          pending = l + 1 < self->n_layers && split_on (self, l + 1)
                    && !(self->train_mode && L->dropout > 0.0f);
          if (!pending)
            split_finish (self, l, 0, L->n_out, B);
        }
      else
        layer_forward (self, L, layer_input (self, x, l), B);
      if (self->train_mode && L->dropout > 0.0f)
        {
          hl_dropout_mask (L->mask, dropout_rng, L->dropout, n);
          hl_dropout_forward (L->dropped, L->out, L->mask, n);
        }
    }
  return self->layers[self->n_layers - 1].out;
}

double
hl_mlp_loss (HlMlp *self, const guint32 *labels, const float *targets, guint B,
             gboolean want_grad, guint *correct)
{
  const float *out = self->layers[self->n_layers - 1].out;
  float *d = want_grad ? self->delta[0] : NULL;

  if (self->task == HL_TASK_CLASSIFICATION)
    return hl_softmax_ce (d, out, labels, B, self->n_outputs, correct);
  if (correct != NULL)
    *correct = 0;
  return hl_mse (d, out, targets, B, self->n_outputs);
}

/* Layer l split between the threads; dz_by_parts: the job of layer l + 1
 * made dz, its db and its pattern. */
static void
split_backward (HlMlp *self, const float *x, guint l, float *dz, float *din, guint B,
                gboolean dz_by_parts, const HlMlpUpdate *update)
{
  HlMlpLayer *L = &self->layers[l];
  SplitLayer *S = &self->split->layer[l];
  SplitJob job = { self, l, layer_input (self, x, l), dz, din, B, FALSE, FALSE, FALSE, update };

  if (din != NULL && L->wt != NULL && dz_by_parts)
    {
      gsize nnz = 0;
      for (guint k = 0; k < self->split->n; k++)
        nnz += S->dz_nnz[k];
      job.sparse_din = nnz <= SPARSE_MAX_DENSITY * B * L->n_out;
    }
  else if (din != NULL && L->wt != NULL)
    job.sparse_din = sparse_din_prepare (L, dz, B);
  if (!dz_by_parts)
    hl_dense_bias_backward (L->db, dz, B, L->n_out);
  L->sparse_din = job.sparse_din;
  job.prev_masks = l > 0 && split_on (self, l - 1) && self->layers[l - 1].wt != NULL;
  hl_pool_run (self->pool, split_backward_part, &job);
}

static void backward (HlMlp *self, const float *x, guint B, const HlMlpUpdate *update);

void
hl_mlp_backward (HlMlp *self, const float *x, guint B)
{
  backward (self, x, B, NULL);
}

gboolean
hl_mlp_can_fuse_update (const HlMlp *self)
{
  gboolean any = FALSE;

  if (self->split == NULL)
    return FALSE;
  for (guint l = 0; l < self->n_layers; l++)
    {
      const HlMlpLayer *L = &self->layers[l];
      if (!self->split->layer[l].on)
        continue;
      /* the rows' ranges must keep the step_range contract as they are */
      if (L->offset % 16 != 0 || ((gsize) L->n_in * L->n_out) % 16 != 0)
        return FALSE;
      any = TRUE;
    }
  return any;
}

void
hl_mlp_backward_update (HlMlp *self, const float *x, guint B, const HlMlpUpdate *update)
{
  gsize rest = 0;

  g_return_if_fail (update != NULL);
  if (!hl_mlp_can_fuse_update (self) || !self->split->active)
    {
      hl_mlp_backward (self, x, B);
      hl_mlp_add_l2_grad (self, update->l2);
      update->func (0, self->n_params, update->data);
      return;
    }
  backward (self, x, B, update);
  /* The rest, on this thread: the layers that are not split (their L2 term)
   * and every bias, between the split layers' weights. */
  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      const gsize nw = (gsize) L->n_in * L->n_out;
      if (!self->split->layer[l].on)
        {
          if (update->l2 != 0.0f)
            hl_l2_backward (L->dw, L->w, update->l2, nw);
          continue;
        }
      if (L->offset > rest)
        update->func (rest, L->offset, update->data);
      rest = L->offset + nw;
    }
  if (self->n_params > rest)
    update->func (rest, self->n_params, update->data);
}

static void
backward (HlMlp *self, const float *x, guint B, const HlMlpUpdate *update)
{
  guint cur = 0;
  gboolean dz_by_parts = FALSE;

  for (guint l = self->n_layers; l-- > 0;)
    {
      HlMlpLayer *L = &self->layers[l];
      float *dz = self->delta[cur];
      float *din = l > 0 ? self->delta[cur ^ 1] : NULL;

      if (split_on (self, l))
        {
          split_backward (self, x, l, dz, din, B, dz_by_parts, update);
          dz_by_parts = TRUE;   /* and din went through layer l - 1's activation */
          cur ^= 1;
          continue;
        }
      dz_by_parts = FALSE;
      if (L->nz_rows != NULL)
        {
          LayerJob job = { L, layer_input (self, x, l), dz, din, B, FALSE };
          hl_dense_bias_backward (L->db, dz, B, L->n_out);
          if (din != NULL && L->wt != NULL)
            job.sparse_din = sparse_din_prepare (L, dz, B);
          L->sparse_din = job.sparse_din;
          hl_pool_run (pool_for (self, L, B), backward_part, &job);
        }
      else
        hl_dense_backward (din, L->dw, L->db, dz, layer_input (self, x, l), L->w,
                           B, L->n_in, L->n_out);
      if (l > 0)
        {
          /* Through the previous layer's dropout and activation, in place. */
          HlMlpLayer *P = &self->layers[l - 1];
          const gsize n = (gsize) B * P->n_out;
          if (self->train_mode && P->dropout > 0.0f)
            hl_dropout_backward (din, din, P->mask, n);
          hl_activation_backward (din, din, P->pre, P->out, P->act, n);
          cur ^= 1;
        }
    }
}

void
hl_mlp_add_l2_grad (HlMlp *self, float l2)
{
  if (l2 == 0.0f)
    return;
  for (guint l = 0; l < self->n_layers; l++)
    {
      HlMlpLayer *L = &self->layers[l];
      hl_l2_backward (L->dw, L->w, l2, (gsize) L->n_in * L->n_out);
    }
}

double
hl_mlp_l2_penalty (const HlMlp *self, float l2)
{
  double s = 0.0;

  for (guint l = 0; l < self->n_layers; l++)
    {
      const HlMlpLayer *L = &self->layers[l];
      s += hl_l2_penalty (L->w, l2, (gsize) L->n_in * L->n_out);
    }
  return s;
}

void
hl_mlp_predict (HlMlp *self, const float *x, guint n, float *out)
{
  for (guint start = 0; start < n; start += self->max_batch)
    {
      guint B = MIN (self->max_batch, n - start);
      const float *y = hl_mlp_forward (self, x + (gsize) start * self->n_inputs, B, NULL);
      float *o = out + (gsize) start * self->n_outputs;

      if (self->task == HL_TASK_CLASSIFICATION)
        hl_softmax (o, y, B, self->n_outputs);
      else
        memcpy (o, y, (gsize) B * self->n_outputs * sizeof (float));
    }
}
