/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-rng.c - xoshiro256** seeded through splitmix64: fast, reproducible on every platform. */
#include <math.h>
#include "hl-rng.h"

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
hl_rng_seed (HlRng *rng, guint64 seed)
{
  guint64 x = seed;

  g_return_if_fail (rng != NULL);
  /* splitmix64 never yields four zero words, the one state xoshiro must avoid. */
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

guint64
hl_rng_next (HlRng *rng)
{
  guint64 *s = rng->s;
  const guint64 result = rotl (s[1] * 5, 7) * 9;
  const guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
hl_rng_uniform (HlRng *rng)
{
  /* The top 53 bits fill a double's mantissa exactly. */
  return (double) (hl_rng_next (rng) >> 11) * 0x1.0p-53;
}

double
hl_rng_normal (HlRng *rng)
{
  /* Box-Muller; the second value is dropped so the state stays four words. */
  double u1 = 1.0 - hl_rng_uniform (rng);   /* (0, 1]: log is finite */
  double u2 = hl_rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

guint32
hl_rng_below (HlRng *rng, guint32 n)
{
  /* Lemire's multiply-shift with rejection: unbiased, usually one draw. */
  guint64 m;
  guint32 low;

  g_return_val_if_fail (n > 0, 0);
  m = (hl_rng_next (rng) >> 32) * (guint64) n;
  low = (guint32) m;
  if (low < n)
    {
      guint32 threshold = (guint32) (-n) % n;
      while (low < threshold)
        {
          m = (hl_rng_next (rng) >> 32) * (guint64) n;
          low = (guint32) m;
        }
    }
  return (guint32) (m >> 32);
}

void
hl_rng_shuffle (HlRng *rng, guint32 *a, gsize n)
{
  /* Fisher-Yates, from the end. */
  for (gsize i = n; i > 1; i--)
    {
      guint32 j = hl_rng_below (rng, (guint32) i);
      guint32 t = a[i - 1];
      a[i - 1] = a[j];
      a[j] = t;
    }
}

void
hl_rng_split (HlRng *rng, HlRng *out)
{
  hl_rng_seed (out, hl_rng_next (rng));
}
