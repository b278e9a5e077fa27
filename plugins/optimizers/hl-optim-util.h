/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hl-optim-util.h - shared by the shipped optimizer modules: the one-block
 * state layout and the attributes that build hot loops for wider vectors.
 *
 * Every module implements begin_step (per-step scalars, into the instance,
 * and the step counter) and step_range (the elementwise loop over a range,
 * reading those scalars only; the lr it is passed is begin_step's, which
 * was already taken), and step() is begin_step + step_range over
 * [0, n): one code path.  The loops are elementwise and ranges start at
 * multiples of 16 floats (64 bytes), so every element takes the same vector
 * lane position and the same arithmetic whichever range it falls in. */
#pragma once

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "hl-plugin.h"
#include "../hl-builtin-i18n.h"

/* Hot loops get AVX-512 and AVX2 clones beside the baseline SSE2 one; the
 * loader picks one per machine (ifunc), so results are reproducible on one
 * machine.  The loops are written branch-free with restrict pointers so gcc
 * vectorises them (the module is built with -fno-math-errno so sqrtf is an
 * instruction, not a libm call). */
/* Not under the sanitizers: ifunc resolvers run before their runtimes. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__ELF__) \
    && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define HL_HOT __attribute__ ((target_clones ("avx512f", "avx2", "default")))
#else
#define HL_HOT
#endif

/* All mutable state of an optimizer instance lives in one block:
 *   [HlOptimHeader, padded to 64 bytes][n_arrays × n floats]
 * so the host can copy it out (checkpoint) and back (resume) as bytes.
 * The block starts on a 64-byte line, so the first array lines up with the
 * parameters and gradients (the host's blocks are aligned so too): from
 * malloc it started 16 bytes into a line, and every 64-byte vector of it
 * spanned two lines: Adam's update of 235,146 parameters took 52.5 us
 * instead of 49 (7 %; about 3 ms of a 0.33 s Fashion-MNIST epoch).  The
 * arrays after it stay where the saved layout puts them (aligned only when
 * n is a multiple of 16), so checkpoints written before still resume. */
typedef struct {
  guint64 t;        /* steps taken */
  guint64 n;        /* parameters the arrays are sized for */
} HlOptimHeader;

#define HL_OPTIM_HEADER_BYTES 64

typedef struct {
  HlOptimHeader *header;   /* start of the block */
  gsize          bytes;
} HlOptimState;

/* Allocate the block, zeroed; FALSE with error if n is absurdly large. */
static inline gboolean
hl_optim_state_init (HlOptimState *s, gsize n, guint n_arrays, GError **error)
{
  s->header = NULL;
  if (n_arrays == 0 || n <= (G_MAXSIZE - HL_OPTIM_HEADER_BYTES) / (n_arrays * sizeof (float)))
    {
      gpointer block = NULL;

      s->bytes = HL_OPTIM_HEADER_BYTES + (gsize) n_arrays * n * sizeof (float);
      if (posix_memalign (&block, 64, s->bytes) == 0)
        s->header = memset (block, 0, s->bytes);
    }
  if (s->header == NULL)
    {
      g_set_error (error, g_quark_from_static_string ("hl-optimizer"), 0,
                   "cannot allocate optimizer state for %" G_GSIZE_FORMAT " parameters", n);
      return FALSE;
    }
  s->header->n = n;
  return TRUE;
}

/* Array i (0-based) of the block. */
static inline float *
hl_optim_state_array (const HlOptimState *s, guint i)
{
  return (float *) ((char *) s->header + HL_OPTIM_HEADER_BYTES) + (gsize) i * s->header->n;
}

static inline gpointer
hl_optim_state_data (const HlOptimState *s, gsize *n_bytes)
{
  *n_bytes = s->bytes;
  return s->header;
}

static inline void
hl_optim_state_clear (HlOptimState *s)
{
  g_clear_pointer (&s->header, free);   /* posix_memalign's */
}

