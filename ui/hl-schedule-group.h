/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-schedule-group.h - the learning-rate schedule form group: plugin, rows
 * generated from its descriptor and a live preview of the rate over the
 * planned steps. */
#pragma once

#include <adwaita.h>
#include "hl-dataset-group.h"

G_BEGIN_DECLS

#define HL_TYPE_SCHEDULE_GROUP (hl_schedule_group_get_type ())
G_DECLARE_FINAL_TYPE (HlScheduleGroup, hl_schedule_group, HL, SCHEDULE_GROUP, AdwPreferencesGroup)

void hl_schedule_group_set_registry (HlScheduleGroup *self, HlPluginRegistry *registry);
void hl_schedule_group_set_config (HlScheduleGroup *self, HlConfig *config);   /* borrowed */
/* Recompute the preview (after any config or dataset change). */
void hl_schedule_group_update_preview (HlScheduleGroup *self, const HlDatasetInfo *info);
/* The previewed rates (borrowed, n values over the planned steps), for tests. */
const double *hl_schedule_group_get_preview (HlScheduleGroup *self, guint *n);
/* The line under the preview: its range, or why there is none. */
const char   *hl_schedule_group_get_caption (HlScheduleGroup *self);
/* Signal "changed". */

G_END_DECLS
