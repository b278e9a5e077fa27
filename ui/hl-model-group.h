/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-model-group.h - the Model form group: hidden-layer list editor, weight
 * initialisation and the parameter count. */
#pragma once

#include <adwaita.h>
#include "hl-dataset-group.h"

G_BEGIN_DECLS

#define HL_TYPE_MODEL_GROUP (hl_model_group_get_type ())
G_DECLARE_FINAL_TYPE (HlModelGroup, hl_model_group, HL, MODEL_GROUP, AdwPreferencesGroup)

void hl_model_group_set_config (HlModelGroup *self, HlConfig *config);   /* borrowed */
void hl_model_group_set_dataset_info (HlModelGroup *self, const HlDatasetInfo *info);
/* Append a hidden layer like the last one (what the Add button does). */
void hl_model_group_add_layer (HlModelGroup *self);
/* The caption under the title, as shown: the parameter count and shape,
 * or the problem of the whole model (too many parameters). */
const char *hl_model_group_get_caption (HlModelGroup *self);
/* Signal "changed": the user edited the model. */

G_END_DECLS
