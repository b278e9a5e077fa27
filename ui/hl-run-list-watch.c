/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list-watch.c - the run list follows the store's folder: a record
 * rewritten (a live run's checkpoint, every 10 s) updates its row in place;
 * a run saved or deleted elsewhere reloads the list. */
#include <math.h>
#include "hl-run-list-private.h"

static gboolean
same_double (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static gboolean
same_info (const HlRunInfo *a, const HlRunInfo *b)
{
  return a->status == b->status && a->steps == b->steps && g_strcmp0 (a->name, b->name) == 0
         && same_double (a->seconds, b->seconds) && same_double (a->best_val_loss, b->best_val_loss)
         && same_double (a->test_accuracy, b->test_accuracy) && same_double (a->test_loss, b->test_loss);
}

/* Only the rows whose record changed are replaced (a live run's, every
 * checkpoint): the selection, focus and scrolling stay.  A run that came
 * or went reloads the whole list. */
/* The rows brought up to date in place: a run that changed is replaced, one
 * that went is removed, one that came is inserted where the store lists it
 * (newest first).  Rebuilding every row when a run came held the window for
 * 150-500 ms on a store of a few hundred runs, at each new run (found by a
 * QA pass). */
static void
refresh_rows (HlRunList *self)
{
  GListModel *model = G_LIST_MODEL (self->store_model);
  g_autoptr(GPtrArray) selected = hl_run_list_get_selected_ids (self);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean moved = FALSE;

  if (!hl_store_refresh (self->store, &error))
    {
      hl_run_list_toast (self, error->message);
      return;
    }
  list = hl_store_list (self->store);
  self->reloading = TRUE;
  for (guint i = g_list_model_get_n_items (model); i-- > 0;)
    {
      g_autoptr(HlRunItem) item = g_list_model_get_item (model, i);
      const HlRunInfo *info = hl_store_lookup (self->store, hl_run_item_get_id (item));
      g_autoptr(HlRunItem) fresh = NULL;

      if (info == NULL)
        {
          g_list_store_remove (self->store_model, i);
          moved = TRUE;
          continue;
        }
      g_hash_table_add (shown, (gpointer) info->id);
      if (same_info (info, hl_run_item_get_info (item)))
        continue;
      fresh = hl_run_item_new (info);
      g_list_store_splice (self->store_model, i, 1, (gpointer *) &fresh, 1);
      g_ptr_array_add (changed, g_strdup (info->id));
    }
  /* the rows left are in the store's order: a new one goes at its index */
  for (guint i = 0; i < list->len; i++)
    {
      const HlRunInfo *info = list->pdata[i];
      g_autoptr(HlRunItem) fresh = NULL;

      if (g_hash_table_contains (shown, info->id))
        continue;
      fresh = hl_run_item_new (info);
      g_list_store_insert (self->store_model, MIN (i, g_list_model_get_n_items (model)), fresh);
      moved = TRUE;
    }
  g_ptr_array_add (selected, NULL);
  if (changed->len > 0 || moved)
    hl_run_list_select_ids (self, (const char *const *) selected->pdata);
  self->reloading = FALSE;
  if (moved)
    {
      hl_run_list_show_problems (self);
      hl_run_list_check_selection (self);   /* a run gone leaves the selection */
    }
  if (changed->len > 0 || moved)
    {
      /* which ones: a comparison reloads only for a run it shows (and
       * closes or shrinks for one that went) */
      g_ptr_array_add (changed, NULL);
      g_signal_emit (self, hl_run_list_signals[SIGNAL_RUNS_CHANGED], 0, changed->pdata);
    }
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
