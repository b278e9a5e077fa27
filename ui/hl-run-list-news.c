/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list-news.c - runs that come while the list is shown (a sweep's
 * trials, hyperlab-cli writing into the store): a list at its top stays
 * there and shows them; a list scrolled down stays where the user reads,
 * and a button over it says how many came above and takes the user up
 * to them. */
#include <glib/gi18n.h>
#include "hl-run-list-private.h"

static gboolean
at_top (HlRunList *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  return adj == NULL || gtk_adjustment_get_value (adj) - gtk_adjustment_get_lower (adj) < 1.0;
}

/* The row whose middle is the first in view, as laid out last (NULL:
 * none is laid out). */
static GtkListItem *
first_in_view (HlRunList *self)
{
  GtkWidget *list_view = hl_run_list_list_view (self);
  int height = list_view != NULL ? gtk_widget_get_height (list_view) : 0;
  GtkListItem *first = NULL;

  for (GtkWidget *row = list_view ? gtk_widget_get_first_child (list_view) : NULL; row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkListItem *item;
      graphene_rect_t b;
      float middle;

      if (g_strcmp0 (gtk_widget_get_css_name (row), "row") != 0 || !gtk_widget_get_child_visible (row)
          || !gtk_widget_compute_bounds (row, list_view, &b))
        continue;
      middle = b.origin.y + b.size.height / 2;
      item = hl_run_list_row_item (row);
      if (middle >= 0 && middle < height && item != NULL && gtk_list_item_get_item (item) != NULL
          && (first == NULL || gtk_list_item_get_position (item) < gtk_list_item_get_position (first)))
        first = item;
    }
  return first;
}

char *
hl_run_list_view_top (HlRunList *self, gboolean *top)
{
  GtkListItem *first = first_in_view (self);

  *top = at_top (self);
  return first != NULL ? g_strdup (hl_run_item_get_id (gtk_list_item_get_item (first))) : NULL;
}

/* In self->unseen, the value of a run that came while the filter hid it:
 * it is not counted then; once the filter shows it above the view (the
 * filter cleared, the user scrolled down) it came unseen all the same and
 * is counted (value NULL), shown in or below the view it is seen.  The
 * button counted the runs shown only, and clearing the filter lost the
 * ones it had hidden. */
#define HIDDEN GINT_TO_POINTER (1)
#define SEEN   GINT_TO_POINTER (2)   /* in recount only */

static void
show_hint (HlRunList *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->unseen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += value != HIDDEN;
  if (n > 0)
    {
      GtkWidget *content = gtk_button_get_child (self->new_runs_button);
      g_autofree char *text = g_strdup_printf (ngettext ("%u new run", "%u new runs", n), n);

      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), text);
    }
  gtk_revealer_set_reveal_child (self->new_runs_revealer, n > 0);
}

/* Keeps the runs that came and are still above the view (those scrolled
 * into view are seen), and those the filter hides (HIDDEN) while the
 * store has them. */
static void
recount (HlRunList *self)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  g_autoptr(GHashTable) kept = NULL;
  GHashTableIter iter;
  gpointer value;
  guint end = 0, found = 0, n = g_list_model_get_n_items (model);

  if (!at_top (self))
    {
      GtkListItem *first = first_in_view (self);

      if (first == NULL)
        return;   /* not laid out: as they were */
      end = MIN (gtk_list_item_get_position (first), n);
    }
  kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* shown: above the view, or seen */
  for (guint i = 0; i < n && found < g_hash_table_size (self->unseen); i++)
    {
      g_autoptr(HlRunItem) item = g_list_model_get_item (model, i);
      const char *item_id = hl_run_item_get_id (item);

      if (!g_hash_table_contains (self->unseen, item_id))
        continue;
      found++;
      g_hash_table_insert (kept, g_strdup (item_id), i < end ? NULL : SEEN);
    }
  /* not shown: hidden by the filter, kept while the store has them */
  if (found < g_hash_table_size (self->unseen))
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store_model)); i++)
      {
        g_autoptr(HlRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->store_model), i);
        const char *item_id = hl_run_item_get_id (item);

        if (g_hash_table_contains (self->unseen, item_id) && !g_hash_table_contains (kept, item_id))
          g_hash_table_insert (kept, g_strdup (item_id), HIDDEN);
      }
  g_hash_table_iter_init (&iter, kept);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == SEEN)
      g_hash_table_iter_remove (&iter);
  g_hash_table_unref (self->unseen);
  self->unseen = g_steal_pointer (&kept);
  show_hint (self);
}

/* Counts at the frame after the next: the rows are laid out for the
 * scroll or change by then (at the next one they are not yet). */
static gboolean
recount_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  HlRunList *self = user_data;

  if (++self->unseen_frames < 2)
    return G_SOURCE_CONTINUE;
  self->unseen_tick = 0;
  recount (self);
  return G_SOURCE_REMOVE;
}

static void
queue_recount (HlRunList *self)
{
  if (g_hash_table_size (self->unseen) == 0 || self->disposing)
    return;
  self->unseen_frames = 0;
  if (self->unseen_tick == 0)
    self->unseen_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), recount_tick, self, NULL);
}

static void
add_hidden (gpointer key, gpointer value, gpointer unseen)
{
  g_hash_table_insert (unseen, g_strdup (key), HIDDEN);
}

void
hl_run_list_show_news (HlRunList *self, gboolean top, const char *first, GPtrArray *came)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) firsts = g_ptr_array_new ();
  guint end;

  /* those the filter hides: counted once it shows them above the view */
  for (guint i = 0; i < came->len; i++)
    g_hash_table_add (ids, came->pdata[i]);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HlRunItem) item = g_list_model_get_item (model, i);

      g_hash_table_remove (ids, hl_run_item_get_id (item));
    }
  g_hash_table_foreach (ids, add_hidden, self->unseen);
  g_hash_table_remove_all (ids);
  if (top)
    {
      /* GTK keeps the view on the row that was first, the new rows above
       * it out of sight */
      hl_run_list_scroll_to_top (self);
      return;
    }
  if (first == NULL || came->len == 0)
    return;
  g_ptr_array_add (firsts, (gpointer) first);
  end = hl_run_list_first_position (self, firsts);
  if (end == G_MAXUINT)
    return;   /* it went: which came above the view is not known */
  for (guint i = 0; i < came->len; i++)
    g_hash_table_add (ids, came->pdata[i]);
  for (guint i = 0; i < end; i++)
    {
      g_autoptr(HlRunItem) item = g_list_model_get_item (model, i);

      if (g_hash_table_contains (ids, hl_run_item_get_id (item)))
        g_hash_table_add (self->unseen, g_strdup (hl_run_item_get_id (item)));
    }
  show_hint (self);
  queue_recount (self);
}

/* Up to the topmost of them: the others are below it, in view too when
 * they came together. */
static void
on_new_runs_clicked (HlRunList *self)
{
  GListModel *model = G_LIST_MODEL (self->sorted);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HlRunItem) item = g_list_model_get_item (model, i);

      if (g_hash_table_contains (self->unseen, hl_run_item_get_id (item)))
        {
          hl_run_list_reveal (self, hl_run_item_get_id (item));
          break;
        }
    }
  g_hash_table_remove_all (self->unseen);
  show_hint (self);
}

void
hl_run_list_setup_news (HlRunList *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  self->unseen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (queue_recount), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (queue_recount), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->new_runs_button, "clicked", G_CALLBACK (on_new_runs_clicked), self);
}

void
hl_run_list_clear_news (HlRunList *self)
{
  if (self->unseen_tick != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->unseen_tick);
  self->unseen_tick = 0;
}
