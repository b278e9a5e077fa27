/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list-watch.c - the run list follows the store's folder: a record
 * rewritten (a live run's checkpoint, every 10 s) updates its row in place,
 * a run saved or deleted elsewhere gets or loses its row; the other rows
 * stay as they are. */
#include <math.h>
#include "hl-run-list-private.h"

static gboolean
same_double (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

/* Everything a row shows or filters on, its tooltip included: a record
 * rewritten with another date (it moves) or learning rate kept its row as
 * it was. */
static gboolean
same_info (const HlRunInfo *a, const HlRunInfo *b)
{
  return a->status == b->status && a->steps == b->steps && a->created == b->created
         && a->batch_size == b->batch_size && a->pruned == b->pruned && g_strcmp0 (a->name, b->name) == 0
         && g_strcmp0 (a->path, b->path) == 0 && g_strcmp0 (a->dataset, b->dataset) == 0
         && g_strcmp0 (a->optimizer, b->optimizer) == 0 && g_strcmp0 (a->layers, b->layers) == 0
         && g_strcmp0 (a->group, b->group) == 0 && same_double (a->learning_rate, b->learning_rate)
         && same_double (a->seconds, b->seconds) && same_double (a->best_val_loss, b->best_val_loss)
         && same_double (a->test_accuracy, b->test_accuracy) && same_double (a->test_loss, b->test_loss);
}

/* The store's listing as items: a row's own item for a run whose record
 * did not change (kept: its row stays as it is), a new one for a run that
 * came or changed (the ids of those that changed go into changed, of
 * those that came into came, borrowed from list). */
static GPtrArray *
listing_items (HlRunList *self, GPtrArray *list, GHashTable *kept, GPtrArray *changed, GPtrArray *came)
{
  GListModel *model = G_LIST_MODEL (self->store_model);
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *items = g_ptr_array_new_full (list->len, g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      HlRunItem *item = g_list_model_get_item (model, i);

      g_hash_table_insert (rows, (gpointer) hl_run_item_get_id (item), item);
      g_object_unref (item);   /* the model keeps it */
    }
  for (guint i = 0; i < list->len; i++)
    {
      const HlRunInfo *info = list->pdata[i];
      HlRunItem *row = g_hash_table_lookup (rows, info->id);

      if (row != NULL && same_info (info, hl_run_item_get_info (row)))
        {
          g_hash_table_add (kept, row);
          g_ptr_array_add (items, g_object_ref (row));
          continue;
        }
      if (row != NULL)
        g_ptr_array_add (changed, g_strdup (info->id));
      else
        g_ptr_array_add (came, info->id);
      g_ptr_array_add (items, hl_run_item_new (info));
    }
  return items;
}

/* The rows become items with one splice per stretch of rows that differ
 * (the kept rows are in the same order in both: the store lists newest
 * first).  A sweep's burst of new runs is one change at the top: a row
 * inserted at a time made the column view bind every row on screen again
 * at each one, a name tooltip (an X round trip) each time, 13 s of main
 * loop for 200 runs over 3,000 (found by a review).  A kept row out of
 * order (not expected: its date and id did not change) leaves one splice
 * of the rest. */
static void
splice_items (HlRunList *self, GPtrArray *items, GHashTable *kept)
{
  GListModel *model = G_LIST_MODEL (self->store_model);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint i = 0, j = 0, at = 0;

  for (guint k = 0; k < g_list_model_get_n_items (model); k++)
    g_ptr_array_add (rows, g_list_model_get_item (model, k));
  while (i < rows->len || j < items->len)
    {
      guint i0 = i, j0 = j;

      if (i < rows->len && j < items->len && rows->pdata[i] == items->pdata[j])
        {
          i++, j++, at++;
          continue;
        }
      while (i < rows->len && !g_hash_table_contains (kept, rows->pdata[i]))
        i++;
      while (j < items->len && !g_hash_table_contains (kept, items->pdata[j]))
        j++;
      if (i == i0 && j == j0)
        {
          /* a kept row out of order: the rest at once */
          g_list_store_splice (self->store_model, at, rows->len - i, items->pdata + j, items->len - j);
          return;
        }
      g_list_store_splice (self->store_model, at, i - i0, items->pdata + j0, j - j0);
      at += j - j0;
    }
}

gboolean
hl_run_list_update_rows (HlRunList *self, GPtrArray *changed)
{
  GListModel *model = G_LIST_MODEL (self->store_model);
  g_autoptr(GPtrArray) selected = hl_run_list_get_selected_ids (self);
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) list = hl_store_list (self->store);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) came = g_ptr_array_new ();
  g_autofree char *first = NULL;
  guint n_changed = changed->len;
  gboolean moved, top;

  items = listing_items (self, list, kept, changed, came);
  n_changed = changed->len - n_changed;
  /* a run came or went: not every listed run is a kept or changed row */
  moved = g_hash_table_size (kept) + n_changed != g_list_model_get_n_items (model)
          || g_hash_table_size (kept) + n_changed != items->len;
  if (n_changed == 0 && !moved)
    return FALSE;
  first = hl_run_list_view_top (self, &top);
  self->reloading = TRUE;
  splice_items (self, items, kept);
  /* the selection model keeps the kept rows' selection; a replaced row's
   * is given back */
  g_ptr_array_add (selected, NULL);
  if (n_changed > 0)
    hl_run_list_select_ids (self, (const char *const *) selected->pdata);
  self->reloading = FALSE;
  hl_run_list_show_news (self, top, first, came);
  return moved;
}

/* A live run's row follows its checkpoints, a run saved elsewhere comes,
 * one deleted elsewhere goes. */
static void
refresh_rows (HlRunList *self)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean moved;

  if (self->loading)
    return;   /* the load lists the store when its worker is done */
  if (!hl_store_refresh (self->store, &error))
    {
      hl_run_list_toast (self, error->message);
      return;
    }
  moved = hl_run_list_update_rows (self, changed);
  hl_run_list_show_problems (self);   /* a broken record may have come alone */
  if (moved)
    hl_run_list_check_selection (self);   /* a run gone leaves the selection */
  if (changed->len == 0 && !moved)
    return;
  /* which ones: a comparison reloads only for a run it shows (and closes
   * or shrinks for one that went) */
  g_ptr_array_add (changed, NULL);
  g_signal_emit (self, hl_run_list_signals[SIGNAL_RUNS_CHANGED], 0, changed->pdata);
}

void
hl_run_list_refresh (HlRunList *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  refresh_rows (self);
}

static gboolean
on_refresh_timeout (gpointer data)
{
  HlRunList *self = data;

  self->refresh_id = 0;
  refresh_rows (self);
  return G_SOURCE_REMOVE;
}

static gboolean
is_record (GFile *file)
{
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  /* every name the store reads: `run -o STORE/x.json` too (only *.run.json
   * was watched; found by a review) */
  return hl_store_is_record_name (name);
}

/* A run record rewritten: a live run's checkpoint (every 10 s, from this
 * window or hyperlab-cli), a run saved or deleted elsewhere.  One refresh
 * a moment later for a burst of events (a save is a write and a rename). */
static void
on_store_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                  HlRunList *self)
{
  if (self->refresh_id != 0 || (!is_record (file) && !is_record (other)))
    return;
  self->refresh_id = g_timeout_add (300, on_refresh_timeout, self);
}

void
hl_run_list_watch_store (HlRunList *self)
{
  g_autoptr(GFile) dir = g_file_new_for_path (hl_store_get_dir (self->store));
  g_autoptr(GError) error = NULL;

  self->monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      /* the list still refreshes whenever the page is shown */
      g_debug ("not watching %s: %s", hl_store_get_dir (self->store), error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_store_changed), self);
}

void
hl_run_list_unwatch_store (HlRunList *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->monitor == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
}
