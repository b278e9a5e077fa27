/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list.c - the runs table: a GtkColumnView over the store's listing
 * with sortable columns, a text filter and multi-selection.  The columns
 * are in hl-run-list-columns.c, what the buttons do in
 * hl-run-list-actions.c. */
#include <string.h>
#include <glib/gi18n.h>
#include "hl-run-list-private.h"
#include "hl-ui.h"

guint hl_run_list_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HlRunList, hl_run_list, GTK_TYPE_BOX)

/* The toolbar's layout: the filter field first, then the squeezer of
 * buttons, which gets all its natural width (every button) while the
 * field keeps its own natural width beside it, else the compact row's
 * width; the field gets the rest.  In a GtkBox a squeezer short of its
 * natural width showed the compact row beside a blank as wide as the
 * shortfall (up to 270 px in German). */
#define HL_TYPE_TOOLBAR_LAYOUT (hl_toolbar_layout_get_type ())
G_DECLARE_FINAL_TYPE (HlToolbarLayout, hl_toolbar_layout, HL, TOOLBAR_LAYOUT, GtkLayoutManager)

struct _HlToolbarLayout {
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (HlToolbarLayout, hl_toolbar_layout, GTK_TYPE_LAYOUT_MANAGER)

#define TOOLBAR_SPACING 6

static void
hl_toolbar_layout_measure (GtkLayoutManager *manager, GtkWidget *widget, GtkOrientation orientation,
                           int for_size, int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  int min = 0, nat = 0, shown = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (c))
        continue;
      gtk_widget_measure (c, orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          min += child_min;
          nat += child_nat;
        }
      else
        {
          min = MAX (min, child_min);
          nat = MAX (nat, child_nat);
        }
      shown++;
    }
  if (orientation == GTK_ORIENTATION_HORIZONTAL && shown > 1)
    {
      min += (shown - 1) * TOOLBAR_SPACING;
      nat += (shown - 1) * TOOLBAR_SPACING;
    }
  *minimum = min;
  *natural = nat;
  *minimum_baseline = *natural_baseline = -1;
}

static void
hl_toolbar_layout_allocate (GtkLayoutManager *manager, GtkWidget *widget, int width, int height, int baseline)
{
  GtkWidget *field = gtk_widget_get_first_child (widget);
  GtkWidget *buttons = gtk_widget_get_last_child (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int field_min = 0, field_nat = 0, buttons_min = 0, buttons_nat = 0, buttons_width, field_width;

  if (field == NULL || buttons == NULL || field == buttons)
    return;
  gtk_widget_measure (field, GTK_ORIENTATION_HORIZONTAL, -1, &field_min, &field_nat, NULL, NULL);
  gtk_widget_measure (buttons, GTK_ORIENTATION_HORIZONTAL, -1, &buttons_min, &buttons_nat, NULL, NULL);
  buttons_width = width - TOOLBAR_SPACING - field_nat >= buttons_nat ? buttons_nat : buttons_min;
  field_width = MAX (field_min, width - TOOLBAR_SPACING - buttons_width);
  gtk_widget_size_allocate (field, &(GtkAllocation) { rtl ? width - field_width : 0, 0, field_width, height }, -1);
  gtk_widget_size_allocate (buttons, &(GtkAllocation) { rtl ? 0 : width - buttons_width, 0, buttons_width, height },
                            -1);
}

static void
hl_toolbar_layout_class_init (HlToolbarLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->measure = hl_toolbar_layout_measure;
  layout_class->allocate = hl_toolbar_layout_allocate;
}

static void
hl_toolbar_layout_init (HlToolbarLayout *self)
{
}

/* The fields the filter looks in, the status as the Runs page words it
 * ("pruned" found no pruned trial: only "early stopped" was searched) and
 * as its id. */
static char *
search_text (const HlRunInfo *r)
{
  const char *fields[] = { r->name, r->id, r->dataset, r->optimizer, r->layers, r->group,
                           hl_run_status_to_string (r->status), hl_run_list_status_label (r) };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL)
      g_string_append_printf (text, "%s\n", fields[i]);   /* no match across fields */
  return g_utf8_casefold (text->str, -1);
}

static gboolean
item_matches (HlRunItem *item, const char *needle)
{
  if (hl_run_item_get_search_text (item) == NULL)
    hl_run_item_take_search_text (item, search_text (hl_run_item_get_info (item)));
  return strstr (hl_run_item_get_search_text (item), needle) != NULL;
}

static gboolean
filter_item (gpointer item, gpointer user_data)
{
  HlRunList *self = user_data;
  const HlRunInfo *info = hl_run_item_get_info (item);

  self->filter_calls++;
  if (g_hash_table_contains (self->pending, info->id))
    return FALSE;
  return self->filter_text == NULL || item_matches (item, self->filter_text);
}

static void update_empty (HlRunList *self);

void
hl_run_list_set_filter_text (HlRunList *self, const char *text)
{
  g_autofree char *old = g_steal_pointer (&self->filter_text);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_clear_pointer (&self->filter_shown, g_free);
  if (text != NULL && *text != '\0')
    {
      self->filter_text = g_utf8_casefold (text, -1);
      self->filter_shown = g_strdup (text);
    }
  /* a letter typed only narrows the rows shown, one erased only widens
   * them: GTK then asks about the rows shown (or hidden) only, not all
   * 3,000 per keystroke (found by a review) */
  if (g_strcmp0 (old, self->filter_text) == 0)
    ;   /* as before: asked again, all the rows again */
  else if (self->filter_text != NULL && (old == NULL || strstr (self->filter_text, old) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->filter_text == NULL || strstr (old, self->filter_text) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_empty (self);   /* the text changed, maybe not the rows */
}

/* Escape in the filter clears it (a GtkSearchEntry only reports it) */
static void
on_stop_search (GtkSearchEntry *entry, gpointer user_data)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

gboolean
hl_run_list_filter_wants_escape (HlRunList *self)
{
  GtkWidget *entry, *focus;
  GtkRoot *root;

  g_return_val_if_fail (HL_IS_RUN_LIST (self), FALSE);
  entry = GTK_WIDGET (self->search_entry);
  root = gtk_widget_get_root (entry);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry))
         && *gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0';
}

static void
on_search_changed (GtkSearchEntry *entry, HlRunList *self)
{
  hl_run_list_set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* As sets: sorting the list by another column changes no selection. */
static gboolean
same_ids (GPtrArray *a, GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return a == b;
  for (guint i = 0; i < a->len; i++)
    if (!g_ptr_array_find_with_equal_func (b, a->pdata[i], g_str_equal, NULL))
      return FALSE;
  return TRUE;
}

/* Said once per real change: a reload replaces every row and selects the
 * same runs again, which is no change to whoever follows the selection. */
static void
check_selection (HlRunList *self)
{
  g_autoptr(GPtrArray) ids = NULL;

  hl_run_list_update_actions (self);
  if (self->reloading || self->disposing)
    return;
  ids = hl_run_list_get_selected_ids (self);
  if (same_ids (ids, self->last_selected))
    return;
  g_clear_pointer (&self->last_selected, g_ptr_array_unref);
  self->last_selected = g_steal_pointer (&ids);
  g_signal_emit (self, hl_run_list_signals[SIGNAL_SELECTION_CHANGED], 0);
}

static void
on_selection_changed (GtkSelectionModel *model, guint position, guint n, HlRunList *self)
{
  check_selection (self);
}

/* An empty table says why: no runs yet, or none the filter matches (the
 * page showed bare column headings, also after every run was deleted). */
static void
update_empty (HlRunList *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0;

  guint kept = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), empty);
  if (!empty)
    return;
  if (self->loading)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_widget_set_size_request (spinner, 32, 32);
      adw_status_page_set_icon_name (self->empty_page, NULL);
      adw_status_page_set_title (self->empty_page, _("Loading Runs…"));
      adw_status_page_set_description (self->empty_page, NULL);
      adw_status_page_set_child (self->empty_page, spinner);
      return;
    }
  adw_status_page_set_child (self->empty_page, NULL);
  /* the runs there are, whatever the filter (those being deleted are gone) */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store_model)) && kept == 0; i++)
    {
      g_autoptr (HlRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->store_model), i);
      kept += !g_hash_table_contains (self->pending, hl_run_item_get_id (item));
    }
  /* with no run at all, a filter matching none is beside the point */
  if (self->filter_text != NULL && kept > 0)
    {
      /* the description is markup; the filter is what the user typed */
      g_autofree char *text = g_markup_printf_escaped (_("No run’s name, id, status, dataset, optimizer or layers "
                                                         "contains “%s”."), self->filter_shown);
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Matching Runs"));
      adw_status_page_set_description (self->empty_page, text);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "view-list-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Runs Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Every run you train or sweep is kept here, to compare and export."));
    }
}

static void
build_model (HlRunList *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  self->store_model = g_list_store_new (HL_TYPE_RUN_ITEM);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store_model)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          sorter ? g_object_ref (sorter) : NULL);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  /* a filter that hides the selected run changes the selection without
   * "selection-changed": the buttons stayed on and did nothing */
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (check_selection), self);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (update_empty), self);
  update_empty (self);
}

static void
hl_run_list_dispose (GObject *object)
{
  HlRunList *self = HL_RUN_LIST (object);

  hl_run_list_unwatch_store (self);

  self->disposing = TRUE;
  hl_run_list_clear_news (self);
  if (self->focus_tick != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->focus_tick);
  self->focus_tick = 0;
  if (self->load_cancel != NULL)
    g_cancellable_cancel (self->load_cancel);
  g_clear_object (&self->load_cancel);
  hl_run_list_commit_deletes (self);
  hl_run_list_free_batches (self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->store_model);
  G_OBJECT_CLASS (hl_run_list_parent_class)->dispose (object);
}

static void
hl_run_list_finalize (GObject *object)
{
  HlRunList *self = HL_RUN_LIST (object);

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->batches, g_ptr_array_unref);
  g_clear_pointer (&self->deleting, g_ptr_array_unref);
  g_clear_pointer (&self->import_problems, g_ptr_array_unref);
  g_clear_pointer (&self->last_selected, g_ptr_array_unref);
  g_clear_pointer (&self->unseen, g_hash_table_unref);
  g_free (self->filter_text);
  g_free (self->filter_shown);
  G_OBJECT_CLASS (hl_run_list_parent_class)->finalize (object);
}

static void
hl_run_list_class_init (HlRunListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_run_list_dispose;
  object_class->finalize = hl_run_list_finalize;

  hl_run_list_signals[SIGNAL_COMPARE] =
    g_signal_new ("compare", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  hl_run_list_signals[SIGNAL_EDIT_AS_NEW] =
    g_signal_new ("edit-as-new", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  hl_run_list_signals[SIGNAL_RESUME] =
    g_signal_new ("resume", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  hl_run_list_signals[SIGNAL_REPEAT] =
    g_signal_new ("repeat", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /* The listed runs changed: reloaded or refreshed (the ids of the runs
   * rewritten, renames and checkpoints: maybe none, when runs only came
   * or went), or some hidden by a delete (NULL: any);
   * hl_run_list_is_listed tells which are still there. */
  hl_run_list_signals[SIGNAL_RUNS_CHANGED] =
    g_signal_new ("runs-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);
  hl_run_list_signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/hyperlab/Hyperlab/ui/hl-run-list.ui");
  gtk_widget_class_bind_template_child (widget_class, HlRunList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HlRunList, problems_label);
  gtk_widget_class_bind_template_child (widget_class, HlRunList, remove_broken_button);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_remove_broken_clicked",
                                                G_CALLBACK (hl_run_list_on_remove_broken_clicked));
  gtk_widget_class_bind_template_child (widget_class, HlRunList, toolbar);
  gtk_widget_class_bind_template_child (widget_class, HlRunList, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HlRunList, scroller);
  gtk_widget_class_bind_template_child (widget_class, HlRunList, column_view);
  gtk_widget_class_bind_template_child (widget_class, HlRunList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HlRunList, new_runs_revealer);
  gtk_widget_class_bind_template_child (widget_class, HlRunList, new_runs_button);
  hl_run_list_install_actions (widget_class);
}

static void
hl_run_list_init (HlRunList *self)
{
  g_type_ensure (ADW_TYPE_TOAST_OVERLAY);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the toolbar stays a GtkBox (it unparents its children) with a layout
   * of its own; nothing sets the box's spacing or orientation later */
  gtk_widget_set_layout_manager (self->toolbar, g_object_new (HL_TYPE_TOOLBAR_LAYOUT, NULL));
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->batches = g_ptr_array_new ();
  self->deleting = g_ptr_array_new ();
  self->import_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_store_problem_free);
  hl_run_list_add_columns (self);
  build_model (self);
  hl_run_list_setup_news (self);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_stop_search), NULL);
  hl_run_list_setup_drop (self);
  hl_run_list_setup_ctrl_click (self);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HlRunList *self = HL_RUN_LIST (source);

  if (self->disposing)
    return;   /* the store may be gone too */
  hl_store_scan_finish (self->store, result);
  g_clear_object (&self->load_cancel);
  self->loading = FALSE;
  hl_run_list_reload (self);
  update_empty (self);   /* no rows came: no longer loading */
}

/* The first listing: at once, or from a worker when there are many files
 * to read. */
static void
load (HlRunList *self)
{
  g_autoptr(HlStoreScan) scan = hl_store_scan_begin (self->store);

  if (hl_store_scan_get_n_files (scan) < HL_STORE_SCAN_ON_WORKER)
    {
      hl_run_list_reload (self);
      return;
    }
  self->loading = TRUE;
  self->load_cancel = g_cancellable_new ();
  hl_store_scan_async (g_steal_pointer (&scan), self, self->load_cancel, NULL, NULL, on_read, NULL);
  update_empty (self);
  hl_run_list_update_actions (self);   /* nothing selected yet: the buttons off */
}

GtkWidget *
hl_run_list_new (HlStore *store)
{
  HlRunList *self = g_object_new (HL_TYPE_RUN_LIST, NULL);

  self->store = store;
  load (self);
  hl_run_list_watch_store (self);
  return GTK_WIDGET (self);
}

gboolean
hl_run_list_is_loading (HlRunList *self)
{
  g_return_val_if_fail (HL_IS_RUN_LIST (self), FALSE);
  return self->loading;
}

HlStore *
hl_run_list_get_store (HlRunList *self)
{
  return self->store;
}

GListModel *
hl_run_list_get_model (HlRunList *self)
{
  return G_LIST_MODEL (self->sorted);
}

/* Every row made again held the window for 0.4 s on a store of 3,000
 * runs (a new item for each run, every row on screen bound again), each
 * time the Runs page was shown or a delete settled: the rows whose run did
 * not change stay (found by a review). */
void
hl_run_list_reload (HlRunList *self)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;   /* the load lists the store when its worker is done */
  if (!hl_store_refresh (self->store, &error))
    hl_run_list_toast (self, error->message);
  hl_run_list_update_rows (self, changed);
  hl_run_list_show_problems (self);
  check_selection (self);   /* a run gone from the store leaves the selection */
  /* the runs rewritten, maybe none: an open comparison of 100 runs read
   * them all again, each time the Runs page was shown (0.3 s) */
  g_ptr_array_add (changed, NULL);
  g_signal_emit (self, hl_run_list_signals[SIGNAL_RUNS_CHANGED], 0, changed->pdata);
}

void
hl_run_list_check_selection (HlRunList *self)
{
  check_selection (self);
}

gboolean
hl_run_list_is_listed (HlRunList *self, const char *id)
{
  return !g_hash_table_contains (self->pending, id) && hl_store_lookup (self->store, id) != NULL;
}

GPtrArray *
hl_run_list_get_selected_ids (HlRunList *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GListModel *model;
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint pos;

  if (self->selection == NULL)
    return ids;
  model = G_LIST_MODEL (self->selection);
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &pos); ok;
       ok = gtk_bitset_iter_next (&iter, &pos))
    {
      g_autoptr(HlRunItem) item = g_list_model_get_item (model, pos);
      g_ptr_array_add (ids, g_strdup (hl_run_item_get_id (item)));
    }
  return ids;
}

void
hl_run_list_select_ids (HlRunList *self, const char *const *ids)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GtkBitset) set = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = gtk_bitset_new_range (0, n);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);

  /* a set: thousands of runs selected (Ctrl+A) against thousands listed
   * took a string comparison for each pair */
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_hash_table_add (wanted, (gpointer) ids[i]);
  for (guint i = 0; i < n && g_hash_table_size (wanted) > 0; i++)
    {
      g_autoptr(HlRunItem) item = g_list_model_get_item (model, i);
      if (g_hash_table_contains (wanted, hl_run_item_get_id (item)))
        gtk_bitset_add (set, i);
    }
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), set, mask);
  hl_run_list_update_actions (self);
}

char *
hl_run_list_selected_id (HlRunList *self)
{
  g_autoptr(GPtrArray) ids = hl_run_list_get_selected_ids (self);

  return ids->len == 1 ? g_strdup (ids->pdata[0]) : NULL;
}

void
hl_run_list_update_actions (HlRunList *self)
{
  g_autoptr(GPtrArray) ids = hl_run_list_get_selected_ids (self);
  const HlRunInfo *one = NULL;
  gboolean resumable = FALSE, alive;

  if (self->store != NULL && ids->len == 1)
    one = hl_store_lookup (self->store, ids->pdata[0]);
  if (one != NULL)
    resumable = one->status == HL_RUN_STATUS_INTERRUPTED || one->status == HL_RUN_STATUS_CANCELLED;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.compare", ids->len >= 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.edit-as-new", one != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.resume", resumable && !self->training);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.repeat", one != NULL && !self->training);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.rename", one != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.export-config", one != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.export-metrics", one != NULL);
  /* a run being trained cannot be deleted (the store refuses it: the row
   * came back after the undo toast, with only a console warning) */
  alive = FALSE;
  for (guint i = 0; self->store != NULL && i < ids->len && !alive; i++)
    alive = hl_store_is_run_alive (self->store, ids->pdata[i]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.delete", ids->len >= 1 && !alive);
}

/* The column view's own list: it scrolls to an item (GTK 4.8 has no
 * gtk_column_view_scroll_to). */
GtkWidget *
hl_run_list_list_view (HlRunList *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

/* A drawn row's height, or 0. */
static int
drawn_row_height (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int height;

      if (!gtk_widget_get_visible (child))
        continue;
      if (g_strcmp0 (gtk_widget_get_css_name (child), "row") == 0)
        {
          if ((height = gtk_widget_get_height (child)) > 0)
            return height;
        }
      else if ((height = drawn_row_height (child)) > 0)
        return height;
    }
  return 0;
}

int
hl_run_list_get_height_for_rows (HlRunList *self, guint rows)
{
  GtkWidget *list_view = hl_run_list_list_view (self);
  int header = 0, row = 0, nat = 0, chrome = 0;

  g_return_val_if_fail (HL_IS_RUN_LIST (self), 0);
  /* above the table: the toolbar and the problems (each with the box's spacing) */
  if (gtk_widget_get_height (GTK_WIDGET (self->scroller)) > 0)
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (GTK_WIDGET (self->scroller), GTK_WIDGET (self), &bounds))
        chrome = (int) bounds.origin.y;
    }
  else
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (child != GTK_WIDGET (self->toast_overlay) && gtk_widget_get_visible (child))
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &nat, NULL, NULL, NULL);
          chrome += nat + gtk_box_get_spacing (GTK_BOX (self));
        }
  /* the column headings: the column view's children but its list */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != list_view && gtk_widget_get_visible (child))
      {
        gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &nat, NULL, NULL);
        header += nat;
      }
  if (list_view != NULL)
    row = drawn_row_height (list_view);
  if (row <= 0)
    row = header > 0 ? header + 2 : 32;   /* a row of text is a little taller than its heading */
  return chrome + header + (int) rows * row;
}

static void
scroll_to (HlRunList *self, guint position)
{
  GtkWidget *list_view = hl_run_list_list_view (self);

  /* at the next layout: the row height worked out from the adjustment
   * counted the column headings too and left a row far down the list
   * just above the view (found by a QA pass) */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

void
hl_run_list_scroll_to_top (HlRunList *self)
{
  if (self->sorted != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    scroll_to (self, 0);
}

void
hl_run_list_reveal (HlRunList *self, const char *id)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  const guint n = g_list_model_get_n_items (model);

  g_return_if_fail (HL_IS_RUN_LIST (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HlRunItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (hl_run_item_get_id (item), id) == 0)
        {
          scroll_to (self, i);
          return;
        }
    }
}

/* How many rows the view shows whole, as laid out last (G_MAXUINT: not
 * laid out yet). */
static guint
rows_in_view (HlRunList *self)
{
  GtkWidget *list_view = hl_run_list_list_view (self);
  const int row = list_view != NULL ? drawn_row_height (list_view) : 0;
  const int height = list_view != NULL ? gtk_widget_get_height (list_view) : 0;

  return row > 0 && height > 0 ? (guint) MAX (height / row, 1) : G_MAXUINT;
}

/* Show Runs revealed the best trial alone: GTK keeps the view on the row
 * that was first, so with the trials' rows added above it while the page
 * was hidden, the best came to the top of the view and the newer trials,
 * selected too, stayed above it out of sight (5 of a sweep's 12 looked
 * unselected; found using the app). */
void
hl_run_list_reveal_selection (HlRunList *self, const char *id)
{
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  guint first, at;

  g_return_if_fail (HL_IS_RUN_LIST (self));
  selected = hl_run_list_get_selected_ids (self);
  first = hl_run_list_first_position (self, selected);
  g_ptr_array_add (one, (gpointer) id);
  at = id != NULL ? hl_run_list_first_position (self, one) : G_MAXUINT;
  if (first == G_MAXUINT)
    first = at;
  if (first == G_MAXUINT)
    return;
  /* the best below the selection's first row, further than a view shows */
  if (at != G_MAXUINT && at > first && at - first >= rows_in_view (self))
    first = at;
  scroll_to (self, first);
}

guint
hl_run_list_first_position (HlRunList *self, GPtrArray *ids)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  const guint n = g_list_model_get_n_items (model);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_hash_table_add (wanted, ids->pdata[i]);
  for (guint i = 0; i < n && g_hash_table_size (wanted) > 0; i++)
    {
      g_autoptr(HlRunItem) item = g_list_model_get_item (model, i);

      if (g_hash_table_contains (wanted, hl_run_item_get_id (item)))
        return i;
    }
  return G_MAXUINT;
}

gboolean
hl_run_list_owns_focus (HlRunList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (root == NULL || self->disposing)
    return FALSE;
  return focus == NULL || focus == GTK_WIDGET (self) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
}

/* The list item of a row of the column view (a cell's label is tagged). */
GtkListItem *
hl_run_list_row_item (GtkWidget *widget)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (widget), "hl-list-item");

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL && item == NULL;
       c = gtk_widget_get_next_sibling (c))
    item = hl_run_list_row_item (c);
  return item;
}

static gboolean
grab_row (HlRunList *self, guint position)
{
  GtkWidget *list_view = hl_run_list_list_view (self);

  for (GtkWidget *row = list_view ? gtk_widget_get_first_child (list_view) : NULL; row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkListItem *item;

      if (g_strcmp0 (gtk_widget_get_css_name (row), "row") != 0 || !gtk_widget_get_child_visible (row))
        continue;
      item = hl_run_list_row_item (row);
      if (item != NULL && gtk_list_item_get_position (item) == position)
        return gtk_widget_grab_focus (row);
    }
  return FALSE;
}

static gboolean
focus_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  HlRunList *self = user_data;

  /* a few frames: the row is there once the scroll is laid out */
  if (!grab_row (self, self->focus_position) && ++self->focus_tries < 10)
    return G_SOURCE_CONTINUE;
  self->focus_tick = 0;
  return G_SOURCE_REMOVE;
}

void
hl_run_list_focus_row (HlRunList *self, guint position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->focus_tick);
  self->focus_tick = 0;
  if (n == 0)
    {
      /* nothing to focus in the table: the list keeps the focus for Ctrl+Z */
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
      return;
    }
  position = MIN (position, n - 1);
  scroll_to (self, position);
  if (grab_row (self, position))
    return;
  /* the list view itself meanwhile: the keys stay with the list */
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  self->focus_position = position;
  self->focus_tries = 0;
  self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), focus_tick, self, NULL);
}

/* While a run trains, Resume and Repeat… are off: one run trains at a time
 * (they were enabled and then refused with a toast). */
void
hl_run_list_set_training (HlRunList *self, gboolean training)
{
  g_return_if_fail (HL_IS_RUN_LIST (self));
  self->training = training;
  hl_run_list_update_actions (self);
}

char *
hl_run_list_get_problems_text (HlRunList *self)
{
  GString *text = g_string_new (NULL);
  const GPtrArray *problems = self->store ? hl_store_get_problems (self->store) : NULL;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "",
                            ((HlStoreProblem *) problems->pdata[i])->error->message);
  for (guint i = 0; i < self->import_problems->len; i++)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "",
                            ((HlStoreProblem *) self->import_problems->pdata[i])->error->message);
  return g_string_free (text, FALSE);
}

void
hl_run_list_show_problems (HlRunList *self)
{
  g_autofree char *text = hl_run_list_get_problems_text (self);

  gtk_label_set_text (self->problems_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), *text != '\0');
  {
    /* a broken record was shown as text only: nothing but a shell removed it */
    g_autoptr(GPtrArray) ids = hl_run_list_broken_ids (self);

    gtk_widget_set_visible (GTK_WIDGET (self->remove_broken_button),
                            ids->len > 0 && self->removing_broken == 0);
  }
}

void
hl_run_list_toast (HlRunList *self, const char *message)
{
  /* escaped there (a toast's title is Pango markup: a message with "<"
   * or "&" was lost), and kept for tests; 5 s, AdwToast's default */
  hl_ui_toast (GTK_WIDGET (self->column_view), message, 5);
}
