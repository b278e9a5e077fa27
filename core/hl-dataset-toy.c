/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-dataset-toy.c - seeded 2-D toy classification sets and the sine regression.
 *
 * Every set lives roughly in [-1.5, 1.5]²; `noise` is the standard deviation
 * of Gaussian jitter added to each coordinate (for `spiral` scaled by the
 * radius; for `gaussians` it is the spread of each blob; for `sine` the
 * jitter of the target).  Samples are
 * emitted class by class; the splitter shuffles them.
 */
#include <glib/gi18n-lib.h>
#include <math.h>

#include "hl-dataset-private.h"
#include "hl-error.h"

#define TOY_DEFAULT_CLASSES 3u
#define TOY_MAX_CLASSES     100u

/* Writes the noise-free point for sample u ∈ (0, 1) of class k of K; returns
 * the factor the jitter is scaled by there. */
typedef double (*ToyPointFunc) (HlRng *rng, guint k, guint K, double u, double *px, double *py);

/* Arm k of K: radius grows with u while the angle winds 4 rad; arms are
 * rotated copies so every class is equally hard.  The jitter grows with the
 * radius: near the centre, where the arms meet, a constant one would make
 * the classes overlap (as in the classic CS231n spiral, noisy in angle). */
static double
toy_spiral (HlRng *rng, guint k, guint K, double u, double *px, double *py)
{
  double t = 2.0 * G_PI * k / K + 4.0 * u;

  *px = u * sin (t);
  *py = u * cos (t);
  return u;
}

/* Class 0 on the unit circle, class 1 on the circle of radius 0.5. */
static double
toy_circles (HlRng *rng, guint k, guint K, double u, double *px, double *py)
{
  double r = k == 0 ? 1.0 : 0.5;
  double t = 2.0 * G_PI * hl_rng_uniform (rng);

  *px = r * cos (t);
  *py = r * sin (t);
  return 1.0;
}

/* Uniform in a quadrant pair: class 0 where x·y > 0, class 1 where x·y < 0;
 * kept 0.1 off the axes (as TensorFlow Playground does) so that the default
 * noise does not turn the near-axis points into label noise. */
static double
toy_xor (HlRng *rng, guint k, guint K, double u, double *px, double *py)
{
  double x = 0.1 + hl_rng_uniform (rng);
  double y = 0.1 + hl_rng_uniform (rng);
  gboolean flip = hl_rng_uniform (rng) < 0.5;

  x = flip ? -x : x;
  y = (k == 0) == flip ? -y : y;
  *px = x;
  *py = y;
  return 1.0;
}

/* Blob centres evenly spaced on the unit circle. */
static double
toy_gaussians (HlRng *rng, guint k, guint K, double u, double *px, double *py)
{
  double t = 2.0 * G_PI * k / K;

  *px = cos (t);
  *py = sin (t);
  return 1.0;
}

/* Two interleaving half circles (as scikit-learn's make_moons), centred. */
static double
toy_moons (HlRng *rng, guint k, guint K, double u, double *px, double *py)
{
  double t = G_PI * hl_rng_uniform (rng);

  if (k == 0)
    {
      *px = cos (t) - 0.5;
      *py = sin (t) - 0.25;
    }
  else
    {
      *px = 0.5 - cos (t);
      *py = 0.25 - sin (t);
    }
  return 1.0;
}

static const struct {
  const char   *kind;
  ToyPointFunc  func;
  guint         fixed_classes;  /* 0: from dataset.classes */
} toy_kinds[] = {
  { "spiral",    toy_spiral,    0 },
  { "circles",   toy_circles,   2 },
  { "xor",       toy_xor,       2 },
  { "gaussians", toy_gaussians, 0 },
  { "moons",     toy_moons,     2 },
};

static gboolean
toy_check (const HlDatasetConfig *dc, guint n_classes, GError **error)
{
  if (!isfinite (dc->noise) || dc->noise < 0)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_INVALID,
                   _("dataset.noise: must be a finite number >= 0 (got %g)"), dc->noise);
      return FALSE;
    }
  if (n_classes < 2 || n_classes > TOY_MAX_CLASSES)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_INVALID,
                   _("dataset.classes: must be between 2 and %u (got %u)"),
                   TOY_MAX_CLASSES, n_classes);
      return FALSE;
    }
  if (dc->samples > HL_DATASET_MAX_SAMPLES)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_LIMIT,
                   _("dataset.samples: at most %u samples can be generated (got %u)"),
                   HL_DATASET_MAX_SAMPLES, dc->samples);
      return FALSE;
    }
  if (dc->samples < n_classes)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_INVALID,
                   _("dataset.samples: need at least one sample per class, %u (got %u)"),
                   n_classes, dc->samples);
      return FALSE;
    }
  return TRUE;
}

/* Every this many samples a generator looks at the cancellable: ten
 * million took seconds, and Ctrl+C waited for them (found by a QA pass). */
#define TOY_CANCEL_EVERY 65536u

static gboolean
toy_cancelled (guint i, GCancellable *cancellable, GError **error)
{
  return i % TOY_CANCEL_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
toy_fill (ToyPointFunc func, guint K, double noise, HlRng *rng, HlRows *rows,
          GCancellable *cancellable, GError **error)
{
  guint n = rows->n;
  guint i = 0;

  for (guint k = 0; k < K; k++)
    {
      /* The first n % K classes get one extra sample. */
      guint m = n / K + (k < n % K ? 1 : 0);

      for (guint j = 0; j < m; j++, i++)
        {
          double u = (j + 0.5) / m;
          double x, y;
          double sd;

          if (toy_cancelled (i, cancellable, error))
            return FALSE;
          sd = noise * func (rng, k, K, u, &x, &y);

          rows->x[2 * i] = (float) (x + sd * hl_rng_normal (rng));
          rows->x[2 * i + 1] = (float) (y + sd * hl_rng_normal (rng));
          rows->labels[i] = k;
        }
    }
  return TRUE;
}

static gboolean
toy_sine (double noise, HlRng *rng, HlRows *rows, GCancellable *cancellable, GError **error)
{
  for (guint i = 0; i < rows->n; i++)
    {
      double x;

      if (toy_cancelled (i, cancellable, error))
        return FALSE;
      x = G_PI * (2.0 * hl_rng_uniform (rng) - 1.0);

      rows->x[i] = (float) x;
      rows->targets[i] = (float) (sin (x) + noise * hl_rng_normal (rng));
    }
  return TRUE;
}

gboolean
hl_dataset_toy_generate (const HlDatasetConfig *dc, HlRng *rng, HlDatasetParts *parts,
                         GCancellable *cancellable, GError **error)
{
  guint n = dc->samples;

  if (g_strcmp0 (dc->kind, "sine") == 0)
    {
      if (!toy_check (dc, 2, error))
        return FALSE;
      parts->task = HL_TASK_REGRESSION;
      parts->n_features = 1;
      parts->n_outputs = 1;
      parts->n_classes = 0;
      parts->pool.n = n;
      parts->pool.x = g_new (float, n);
      parts->pool.targets = g_new (float, n);
      return toy_sine (dc->noise, rng, &parts->pool, cancellable, error);
    }

  for (guint t = 0; t < G_N_ELEMENTS (toy_kinds); t++)
    {
      guint K;

      if (g_strcmp0 (dc->kind, toy_kinds[t].kind) != 0)
        continue;
      K = toy_kinds[t].fixed_classes;
      if (K == 0)
        K = dc->classes ? dc->classes : TOY_DEFAULT_CLASSES;
      if (!toy_check (dc, K, error))
        return FALSE;
      parts->task = HL_TASK_CLASSIFICATION;
      parts->n_features = 2;
      parts->n_outputs = K;
      parts->n_classes = K;
      parts->pool.n = n;
      parts->pool.x = g_new (float, (gsize) n * 2);
      parts->pool.labels = g_new (guint32, n);
      return toy_fill (toy_kinds[t].func, K, dc->noise, rng, &parts->pool, cancellable, error);
    }

  g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_INVALID,
               _("dataset.kind: not a generated dataset (got \"%s\")"),
               dc->kind ? dc->kind : "(null)");
  return FALSE;
}
