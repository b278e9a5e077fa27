/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-dataset-private.h - internals shared by the dataset loaders and the splitter.
 *
 * Loaders (toy, CSV, IDX) produce HlRows: N samples of F features as floats
 * or bytes, with class labels or regression targets.  hl-dataset.c shuffles
 * them in place from the seed and exposes train / val / test as contiguous
 * views, so no big array is ever duplicated.
 */
#pragma once

#include "hl-dataset.h"

G_BEGIN_DECLS

/* Protects the machine: a dataset never needs more than this many bytes of
 * features (Fashion-MNIST train is 47 MB). */
#define HL_DATASET_MAX_BYTES   (G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024)
#define HL_DATASET_MAX_SAMPLES 10000000u
#define HL_DATASET_MAX_CLASSES 1024u

typedef struct {
  guint    n;         /* N */
  float   *x;         /* N × F, or NULL */
  guint8  *x_u8;      /* N × F, or NULL */
  guint32 *labels;    /* N, or NULL */
  float   *targets;   /* N × n_outputs, or NULL */
} HlRows;

/* What a loader hands to the splitter. */
typedef struct {
  HlTask   task;
  guint    n_features;
  guint    n_outputs;
  guint    n_classes;
  HlRows   pool;          /* train + val (+ test unless has_test) */
  HlRows   test;          /* own test set (IDX), n == 0 otherwise */
  gboolean has_test;
  gboolean standardise;   /* CSV: z-score features (and regression targets)
                           * with train statistics */
  double   target_shift;  /* regression targets are stored less this (CSV) */
  char   **class_names;   /* n_classes + NULL (CSV: the labels), or NULL for "0", "1", … */
} HlDatasetParts;

void hl_rows_clear (HlRows *rows);
void hl_dataset_parts_clear (HlDatasetParts *parts);

/* Loaders; each fills @parts or returns FALSE with HL_DATASET_ERROR. */
gboolean hl_dataset_toy_generate (const HlDatasetConfig *dc, HlRng *rng,
                                  HlDatasetParts *parts, GCancellable *cancellable,
                                  GError **error);
gboolean hl_dataset_csv_load (const char *path, const char *target, HlTask task,
                              HlDatasetParts *parts, GCancellable *cancellable,
                              GError **error);
/* n_classes 0: derived from the training labels (max + 1). */
gboolean hl_dataset_idx_load (const char *train_images, const char *train_labels,
                              const char *test_images, const char *test_labels,
                              guint n_classes, HlDatasetParts *parts,
                              GCancellable *cancellable, GError **error);
/* fashion-mnist / mnist: locate the folder, then hl_dataset_idx_load. */
gboolean hl_dataset_idx_load_named (const char *name, HlDatasetParts *parts,
                                    GCancellable *cancellable, GError **error);

G_END_DECLS
