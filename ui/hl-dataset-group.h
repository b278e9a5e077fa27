/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-dataset-group.h - the Dataset form group: kind, files, toy-set
 * parameters, splits, a scatter preview and the sample/class/feature counts.
 * The dataset is loaded off the main thread (GTask) whenever it changes. */
#pragma once

#include <adwaita.h>
#include "hyperlab.h"

G_BEGIN_DECLS

/* What the loaded dataset looks like; known FALSE while loading or failed. */
typedef struct {
  gboolean known;
  guint    n_train, n_val, n_test;
  guint    n_features, n_outputs, n_classes;
  HlTask   task;
} HlDatasetInfo;

#define HL_TYPE_DATASET_GROUP (hl_dataset_group_get_type ())
G_DECLARE_FINAL_TYPE (HlDatasetGroup, hl_dataset_group, HL, DATASET_GROUP, AdwPreferencesGroup)

/* config is borrowed and edited in place; the widgets are refreshed from it. */
void hl_dataset_group_set_config (HlDatasetGroup *self, HlConfig *config);
/* Call after any config change: reloads the dataset (debounced) when a field
 * that affects it (including the seed) changed. */
void hl_dataset_group_config_changed (HlDatasetGroup *self);

const HlDatasetInfo *hl_dataset_group_get_info (HlDatasetGroup *self);
/* The last load error (borrowed) or NULL. */
const GError *hl_dataset_group_get_error (HlDatasetGroup *self);
/* The form shows the load error on one of its rows: the caption under the
 * group does not say it again. */
void          hl_dataset_group_set_error_on_row (HlDatasetGroup *self, gboolean on_row);
/* Puts an IDX file chosen in the file dialog into the slot its file name
 * says (train or t10k/test, images or labels). */
void          hl_dataset_group_assign_idx_file (HlDatasetConfig *d, const char *path);
/* A CSV file picked (the file dialog's answer): shown as the dataset, with
 * the target column and task guessed from the file unless the form's target
 * is one of its columns (the task is still guessed); a target or task typed
 * in before the load ends wins. */
void          hl_dataset_group_pick_csv (HlDatasetGroup *self, const char *path);
/* Takes edits not applied yet (the target column typed without Enter or ✓),
 * so that what is saved or trained is what the form shows. */
void          hl_dataset_group_apply_pending (HlDatasetGroup *self);
/* The counts under the preview (samples, classes, features, the split). */
const char   *hl_dataset_group_get_caption (HlDatasetGroup *self);
gboolean      hl_dataset_group_is_loading (HlDatasetGroup *self);
/* The scatter preview of the loaded data (borrowed). */
GtkWidget    *hl_dataset_group_get_preview (HlDatasetGroup *self);

/* Signals: "changed" (user edit), "info-changed" (a load finished or failed). */

G_END_DECLS

G_BEGIN_DECLS
/* Optimizer steps per epoch for the config's batch size; when the dataset is
 * not loaded yet, estimated from the toy-set sample count (0 if unknown). */
guint64 hl_dataset_info_steps_per_epoch (const HlDatasetInfo *info, const HlConfig *config);
/* Training samples (or the estimate above). */
guint   hl_dataset_info_train_samples (const HlDatasetInfo *info, const HlConfig *config);
G_END_DECLS
