/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-rng.h - seeded, reproducible random numbers (xoshiro256**, splitmix64 seeding). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
} HlRng;

void    hl_rng_seed (HlRng *rng, guint64 seed);
guint64 hl_rng_next (HlRng *rng);
double  hl_rng_uniform (HlRng *rng);                 /* [0, 1) */
double  hl_rng_normal (HlRng *rng);                  /* N(0, 1) */
guint32 hl_rng_below (HlRng *rng, guint32 n);        /* [0, n), unbiased */
void    hl_rng_shuffle (HlRng *rng, guint32 *a, gsize n);
/* An independent stream derived from this one (e.g. dropout vs. shuffling). */
void    hl_rng_split (HlRng *rng, HlRng *out);

G_END_DECLS
