/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-dataset.h - datasets split into train / validation / test.
 *
 * Shapes: N samples, F features.  Features are float32 row-major (N × F), or
 * uint8 (IDX images, N × F) scaled by 1/255 when a batch is gathered.
 */
#pragma once

#include <gio/gio.h>
#include "hl-types.h"
#include "hl-config.h"
#include "hl-rng.h"

G_BEGIN_DECLS

typedef struct {
  guint          n;
  const float   *x;        /* N × F float features, or NULL */
  const guint8  *x_u8;     /* N × F bytes (scaled 1/255), or NULL */
  const guint32 *labels;   /* N class indices (classification), else NULL */
  const float   *targets;  /* N × n_outputs (regression), else NULL */
} HlSplit;

typedef struct {
  HlTask   task;
  guint    n_features;     /* F */
  guint    n_outputs;      /* classes, or regression targets (1) */
  guint    n_classes;      /* 0 for regression */
  /* n_classes names in class order, NULL-terminated; NULL for regression.
   * Fashion-MNIST's ten official names ("T-shirt/top", …), a CSV's label
   * strings, "0", "1", … for the others (digits, toy sets).  Owned by the
   * dataset. */
  char   **class_names;
  char    *description;    /* "spiral: 3 classes, 2 features, 600 samples (…)", translated */
  HlSplit  train;
  HlSplit  val;            /* n == 0 when validation_split == 0 */
  HlSplit  test;           /* n == 0 when there is none */
  /* Regression targets as the model learns them: z-scored with the training
   * split's mean and (population) standard deviation when the data ask for
   * it (CSV), so the output layer fits numbers near 1 whatever the target's
   * units; hl_dataset_standardise_targets() applies it to a gathered batch.
   * Losses are reported in the target's own units (× target_sd²) and
   * predictions are target_mean + target_sd × output.  0 and 1 otherwise.
   * The splits keep the targets as read, less target_shift. */
  double   target_mean;
  double   target_sd;
  /* The splits' targets are stored less this (a CSV column's mean), so
   * that float keeps their spread: target = stored + target_shift.  0
   * otherwise. */
  double   target_shift;
  /* private storage follows in the implementation */
} HlDataset;

/* Load or generate what cfg->dataset describes (paths resolved via
 * hl_config_resolve_path; fashion-mnist/mnist via $HYPERLAB_DATA_DIRS, then
 * /usr/share/datasets/<name>).  The split is drawn from cfg->seed.
 * Errors: HL_DATASET_ERROR, naming the file and line or field. */
HlDataset *hl_dataset_load (const HlConfig *cfg, GCancellable *cancellable, GError **error);
void       hl_dataset_free (HlDataset *self);

/* Copy B samples idx[0..B) of a split into x_out (B × F, float) and y_out
 * (B labels) or t_out (B × n_outputs targets); the unused one may be NULL. */
void hl_split_gather (const HlSplit *split, guint n_features, guint n_outputs,
                      const guint32 *idx, guint B,
                      float *x_out, guint32 *y_out, float *t_out);

/* Features [c0, c1) of the same B samples into columns [c0, c1) of x_out
 * (B × F): for threads that each read their own block of inputs. */
void hl_split_gather_features (const HlSplit *split, guint n_features, const guint32 *idx,
                               guint B, float *x_out, guint c0, guint c1);

/* z-scores B × n_outputs gathered targets in place (see target_sd). */
void hl_dataset_standardise_targets (const HlDataset *self, float *t, guint B);

/* For a CSV file just picked: the target column and task it most likely
 * has, from its header and first rows (at most 1 MiB read).  The column
 * named `prefer` if there is one, else one named target, label, class, y,
 * species or outcome (any case), else the last; regression when that
 * column's values are numbers and not all whole, or whole numbers of many
 * values (over 100, or over 20 and most of them different).  A guess: the full load
 * checks everything.  HL_DATASET_ERROR on an unreadable or empty file. */
gboolean hl_dataset_csv_guess (const char *path, const char *prefer, char **target,
                               HlTask *task, GCancellable *cancellable, GError **error);

/* Whether kind names an IDX family ("fashion-mnist", "mnist"). */
gboolean hl_dataset_is_idx_family (const char *kind);
/* Training samples a pool of n gives after the splits (no test split when
 * the data has its own test set, has_test) and dataset.limit; 0 when the
 * splits leave none. */
guint    hl_dataset_train_count (const HlDatasetConfig *dc, guint n, gboolean has_test);
/* Locate the directory holding a named IDX family ("fashion-mnist"); NULL if absent. */
char *hl_dataset_find_named (const char *name);

/* Low-level readers, exposed for tests.  hl_idx_read() accepts unsigned-byte
 * IDX files (plain or gzip) of 1 to HL_IDX_MAX_DIMS dimensions; @dims must
 * hold HL_IDX_MAX_DIMS entries; *data is g_free'd by the caller. */
#define HL_IDX_MAX_DIMS 4
gboolean hl_idx_read (const char *path, guint8 **data, guint32 *dims, guint *n_dims,
                      GCancellable *cancellable, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlDataset, hl_dataset_free)

G_END_DECLS
