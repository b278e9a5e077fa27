/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-optimizer-group.h - the Optimizer form group: learning rate (entry and
 * presets) and the optimizer plugin with rows generated from its descriptor. */
#pragma once

#include <adwaita.h>
#include "hyperlab.h"

G_BEGIN_DECLS

#define HL_TYPE_OPTIMIZER_GROUP (hl_optimizer_group_get_type ())
G_DECLARE_FINAL_TYPE (HlOptimizerGroup, hl_optimizer_group, HL, OPTIMIZER_GROUP, AdwPreferencesGroup)

/* The registry is borrowed and must outlive the group. */
void hl_optimizer_group_set_registry (HlOptimizerGroup *self, HlPluginRegistry *registry);
void hl_optimizer_group_set_config (HlOptimizerGroup *self, HlConfig *config);   /* borrowed */
/* Set the learning rate as the presets menu does (also updates the entry). */
void hl_optimizer_group_set_learning_rate (HlOptimizerGroup *self, double lr);
/* The learning rate's text when it is not a number (the config then holds
 * NaN), else NULL. */
const char *hl_optimizer_group_get_bad_lr_text (HlOptimizerGroup *self);
/* Whether "Find…" (the learning-rate range test) can run: why not, as
 * its tooltip, or NULL when it can. */
void hl_optimizer_group_set_find_blocked (HlOptimizerGroup *self, const char *why);
/* Signal "changed".  Signal "find-learning-rate": "Find…" was pressed. */

G_END_DECLS
