/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-item.h - a listed run as a GObject, for list models. */
#pragma once

#include <glib-object.h>
#include "hl-store.h"

G_BEGIN_DECLS

#define HL_TYPE_RUN_ITEM (hl_run_item_get_type ())
G_DECLARE_FINAL_TYPE (HlRunItem, hl_run_item, HL, RUN_ITEM, GObject)

/* Copies info. */
HlRunItem       *hl_run_item_new (const HlRunInfo *info);
const HlRunInfo *hl_run_item_get_info (HlRunItem *self);
const char      *hl_run_item_get_id (HlRunItem *self);
/* What the runs filter searches, casefolded, kept with the item: it was
 * casefolded field by field for every run at each filter change (150 ms
 * for 3,000 runs).  NULL until taken. */
const char      *hl_run_item_get_search_text (HlRunItem *self);
void             hl_run_item_take_search_text (HlRunItem *self, char *text);

G_END_DECLS
