/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-item.c - a listed run as a GObject, for list models. */
#include "hl-run-item.h"

struct _HlRunItem {
  GObject    parent_instance;
  HlRunInfo *info;   /* owned copy */
  char      *search_text;   /* owned, casefolded; NULL until the filter asks */
};

G_DEFINE_FINAL_TYPE (HlRunItem, hl_run_item, G_TYPE_OBJECT)

static void
hl_run_item_finalize (GObject *object)
{
  HlRunItem *self = HL_RUN_ITEM (object);

  g_clear_pointer (&self->info, hl_run_info_free);
  g_clear_pointer (&self->search_text, g_free);
  G_OBJECT_CLASS (hl_run_item_parent_class)->finalize (object);
}

static void
hl_run_item_class_init (HlRunItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hl_run_item_finalize;
}

static void
hl_run_item_init (HlRunItem *self)
{
}

HlRunItem *
hl_run_item_new (const HlRunInfo *info)
{
  HlRunItem *self = g_object_new (HL_TYPE_RUN_ITEM, NULL);

  self->info = hl_run_info_copy (info);
  return self;
}

const HlRunInfo *
hl_run_item_get_info (HlRunItem *self)
{
  g_return_val_if_fail (HL_IS_RUN_ITEM (self), NULL);
  return self->info;
}

const char *
hl_run_item_get_id (HlRunItem *self)
{
  g_return_val_if_fail (HL_IS_RUN_ITEM (self), NULL);
  return self->info->id;
}

const char *
hl_run_item_get_search_text (HlRunItem *self)
{
  g_return_val_if_fail (HL_IS_RUN_ITEM (self), NULL);
  return self->search_text;
}

void
hl_run_item_take_search_text (HlRunItem *self, char *text)
{
  g_return_if_fail (HL_IS_RUN_ITEM (self));
  g_free (self->search_text);
  self->search_text = text;
}
