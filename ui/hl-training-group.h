/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-training-group.h - the Training and Early Stopping form groups:
 * minibatch size (with presets and a caption naming the method), epochs,
 * seed, L2, validation interval, early stopping and the NaN stop. */
#pragma once

#include <adwaita.h>
#include "hl-dataset-group.h"

G_BEGIN_DECLS

#define HL_TYPE_TRAINING_GROUP (hl_training_group_get_type ())
G_DECLARE_FINAL_TYPE (HlTrainingGroup, hl_training_group, HL, TRAINING_GROUP, GtkBox)

void hl_training_group_set_config (HlTrainingGroup *self, HlConfig *config);   /* borrowed */
void hl_training_group_set_dataset_info (HlTrainingGroup *self, const HlDatasetInfo *info);
/* What the batch-size caption says now (borrowed), for tests. */
const char *hl_training_group_get_batch_caption (HlTrainingGroup *self);
/* Signal "changed". */

G_END_DECLS
