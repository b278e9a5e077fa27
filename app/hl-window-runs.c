/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-window-runs.c - the Runs page: the run list of the store above a
 * comparison of the selected runs. */
#include <glib/gi18n.h>
#include "hl-run-list.h"
#include "hl-compare-view.h"
#include "hl-window-private.h"

/* Rows the run list keeps in view above an open comparison. */
#define RUN_ROWS_IN_VIEW 3

/* The run list's height above an open comparison while the user has not
 * moved the handle (0: moved), kept on the paned. */
#define AUTO_POSITION "hl-auto-position"

static void
set_auto_position (GtkPaned *paned, int position)
{
  g_object_set_data (G_OBJECT (paned), AUTO_POSITION, GINT_TO_POINTER (position));
}

static int
get_auto_position (GtkPaned *paned)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (paned), AUTO_POSITION));
}

/* A position other than ours that the window's size did not force (the
 * paned keeps the handle between its min- and max-position): the user
 * moved the handle. */
static void
on_runs_position (GtkPaned *paned, GParamSpec *pspec, gpointer data)
{
  int position = gtk_paned_get_position (paned), want = get_auto_position (paned);
  int min = 0, max = 0;

  g_object_get (paned, "min-position", &min, "max-position", &max, NULL);
  if (want > 0 && position != want && position != min && position != max)
    set_auto_position (paned, 0);
}

static gboolean
restore_auto_position (gpointer data)
{
  GtkPaned *paned = data;
  int want = get_auto_position (paned);

  g_object_set_data (G_OBJECT (paned), "hl-auto-restore", NULL);
  if (want > 0 && gtk_paned_get_position (paned) != want)
    gtk_paned_set_position (paned, want);
  return G_SOURCE_REMOVE;
}

/* The window's height changed: the list takes its rows again (a shorter
 * window may have cut it).  After the layout: set in it, the position
 * took the place of the one the paned had just limited to its height. */
static void
on_runs_max_position (GtkPaned *paned, GParamSpec *pspec, gpointer data)
{
  if (get_auto_position (paned) > 0 && gtk_paned_get_position (paned) != get_auto_position (paned)
      && g_object_get_data (G_OBJECT (paned), "hl-auto-restore") == NULL)
    {
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_auto_position, g_object_ref (paned), g_object_unref);
      g_object_set_data (G_OBJECT (paned), "hl-auto-restore", GINT_TO_POINTER (1));
    }
}

static void
on_compare (HlRunList *list, GPtrArray *ids, HlWindow *self)
{
  g_autoptr (GError) error = NULL;

  hl_compare_view_start_over (self->compare_view);
  if (!hl_compare_view_show_ids (self->compare_view, self->store, ids, &error))
    {
      hl_window_show_toast (self, error->message);
      return;
    }
  if (!gtk_widget_get_visible (GTK_WIDGET (self->compare_view)))
    {
      /* The list keeps a few rows (it scrolls), the comparison gets the
       * rest, at any window size: a taller window gives the height gained
       * to the comparison, and a shorter one that cut the list takes it
       * back from it, until the user moves the handle; a moved handle
       * stays until the comparison is closed.  The list kept a
       * fixed 210 px, with the plot at its minimum in a 1280x720 window
       * (found by a GUI pass).  Two runs listed leave no empty row. */
      guint n = g_list_model_get_n_items (hl_run_list_get_model (self->run_list));
      int height = hl_run_list_get_height_for_rows (self->run_list, CLAMP (n, 2, RUN_ROWS_IN_VIEW));

      set_auto_position (self->runs_paned, height);
      gtk_paned_set_position (self->runs_paned, height);
      gtk_widget_set_visible (GTK_WIDGET (self->compare_view), TRUE);
    }
}

/* The comparison follows the list: a run deleted (or hidden by a pending
 * delete) leaves it, a renamed one shows its new name, a live one its new
 * steps; under two runs left it closes.  It showed and exported deleted
 * runs (found by a GUI review).  changed: the runs rewritten in place, or
 * NULL for any; a checkpoint of a run not compared reloads nothing (every
 * compared run was read from disk again, and the plot and table rebuilt,
 * at each checkpoint of any live run; found by a review). */
static void
on_runs_changed (HlRunList *list, const char *const *changed, HlWindow *self)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  gboolean reload = changed == NULL;
  GPtrArray *shown;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->compare_view)))
    return;
  shown = hl_compare_view_get_runs (self->compare_view);
  for (guint i = 0; shown != NULL && i < shown->len; i++)
    {
      const HlRun *run = shown->pdata[i];
      if (hl_run_list_is_listed (list, run->id))
        g_ptr_array_add (ids, g_strdup (run->id));
      if (changed != NULL && g_strv_contains (changed, run->id))
        reload = TRUE;
    }
  if (!reload && shown != NULL && ids->len == shown->len)
    return;
  if (ids->len < 2 || !hl_compare_view_show_ids (self->compare_view, self->store, ids, &error))
    hl_compare_view_close (self->compare_view);
}

/* Escape closes an open comparison from anywhere on the Runs page: it was
 * bound to the comparison alone, so right after Compare (the focus still
 * on the button) it did nothing (found by a review).  The filter field
 * keeps it while it has a filter to clear. */
static gboolean
on_escape (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  HlWindow *self = user_data;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->compare_view))
      || hl_run_list_filter_wants_escape (self->run_list))
    return FALSE;
  hl_compare_view_close (self->compare_view);
  return TRUE;
}

static void
add_escape (HlWindow *self, GtkWidget *page)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* before the focused widget: a search entry takes every Escape */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (on_escape, self, NULL)));
  gtk_widget_add_controller (page, controller);
}

/* An open comparison follows the selection: the runs selected now, or
 * closed under two.  It kept the runs of the last Compare, also ones the
 * filter hid, with no way to close it (found by a GUI review). */
static void
on_selection_changed (HlRunList *list, HlWindow *self)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GError) error = NULL;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->compare_view)))
    return;
  ids = hl_run_list_get_selected_ids (list);
  if (ids->len < 2)
    hl_compare_view_close (self->compare_view);
  else if (!hl_compare_view_shows_ids (self->compare_view, ids)
           && !hl_compare_view_show_ids (self->compare_view, self->store, ids, &error))
    {
      hl_window_show_toast (self, error->message);
      hl_compare_view_close (self->compare_view);
    }
}

static void
on_edit_as_new (HlRunList *list, HlConfig *config, HlWindow *self)
{
  hl_window_set_config (self, config);
  hl_window_show_page (self, "train");
}

/* A resume refused, whether at once (its config edited, its checkpoint
 * missing) or by the worker as the run's data loaded (the data changed
 * since): one dialog over the Runs page, where Resume was pressed.  Why
 * takes a sentence or two: a toast showed the run file's path, cut off
 * before the reason, and was gone in 4 s (found by a QA pass); the
 * worker's refusal was a red card on the Experiment page instead. */
static void
refuse_resume (HlWindow *self, const GError *error)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self), _("Cannot Resume Run"), error != NULL ? error->message : NULL));

  hl_window_show_page (self, "runs");
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_resume (HlRunList *list, const char *id, HlWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (!hl_training_view_resume (self->training_view, id, &error))
    {
      refuse_resume (self, error);
      return;
    }
  hl_window_show_page (self, "train");
}

static void
on_resume_refused (HlTrainingView *view, const GError *error, HlWindow *self)
{
  refuse_resume (self, error);
}

/* Seed replicates train one after another; the store groups them. */
static void
train_next_replicate (HlWindow *self)
{
  g_autoptr (GError) error = NULL;
  HlConfig *config;

  if (self->replicates == NULL || self->replicates->len == 0)
    {
      g_clear_pointer (&self->replicates, g_ptr_array_unref);
      hl_training_view_set_group (self->training_view, NULL);
      return;
    }
  config = g_ptr_array_steal_index (self->replicates, 0);
  if (!hl_training_view_start (self->training_view, config, NULL, &error))
    {
      hl_window_show_toast (self, error->message);
      g_clear_pointer (&self->replicates, g_ptr_array_unref);
      hl_training_view_set_group (self->training_view, NULL);
    }
  hl_config_free (config);
}

static void
on_repeat (HlRunList *list, const char *id, guint n, HlWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HlRun) run = NULL;
  g_autofree char *group = NULL;
  GPtrArray *configs;

  if (hl_training_view_get_running (self->training_view))
    {
      hl_window_show_toast (self, _("A run is already in progress"));
      return;
    }
  run = hl_store_load (self->store, id, &error);
  if (run == NULL)
    {
      hl_window_show_toast (self, error->message);
      return;
    }
  configs = hl_store_replicate_configs (run->config, n, &group);
  g_ptr_array_set_free_func (configs, (GDestroyNotify) hl_config_free);
  g_clear_pointer (&self->replicates, g_ptr_array_unref);
  self->replicates = configs;
  hl_training_view_set_group (self->training_view, group);
  hl_window_show_page (self, "train");
  train_next_replicate (self);
}

static void
on_run_finished (HlWindow *self, HlRun *run)
{
  if (self->replicates == NULL)
    return;
  if (run == NULL || run->status == HL_RUN_STATUS_CANCELLED)
    g_ptr_array_set_size (self->replicates, 0);   /* Stop ends the whole series */
  train_next_replicate (self);
}

static void
on_running_changed (HlWindow *self)
{
  hl_run_list_set_training (self->run_list, hl_training_view_get_running (self->training_view));
}

static void
on_run_saved (HlWindow *self, const char *id)
{
  if (self->run_list == NULL)
    return;
  hl_run_list_reload (self->run_list);
  hl_run_list_reveal (self->run_list, id);
}

/* The live run's checkpoint and newly saved runs show up whenever the
 * page is opened (listing is fast: summaries come from the index). */
static void
on_page_changed (HlWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (self->run_list != NULL && g_strcmp0 (page, "runs") == 0)
    hl_run_list_reload (self->run_list);
}

void
hl_window_runs_init (HlWindow *self)
{
  GtkWidget *paned;

  if (self->store == NULL)
    return;   /* the placeholder says runs are not kept */
  self->run_list = HL_RUN_LIST (hl_run_list_new (self->store));
  self->compare_view = HL_COMPARE_VIEW (hl_compare_view_new ());
  hl_compare_view_set_registry (self->compare_view, self->registry);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_view), FALSE);
  /* list above, comparison below; the user drags the handle between them */
  paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  self->runs_paned = GTK_PANED (paned);
  gtk_paned_set_wide_handle (GTK_PANED (paned), TRUE);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->run_list));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->compare_view));
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  /* a taller window gives the comparison (its plot) the height gained */
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->run_list), -1, 120);
  g_signal_connect (paned, "notify::position", G_CALLBACK (on_runs_position), NULL);
  g_signal_connect (paned, "notify::max-position", G_CALLBACK (on_runs_max_position), NULL);
  adw_bin_set_child (self->runs_bin, paned);
  add_escape (self, paned);
  g_signal_connect_object (self->run_list, "compare", G_CALLBACK (on_compare), self, 0);
  g_signal_connect_object (self->run_list, "runs-changed", G_CALLBACK (on_runs_changed), self, 0);
  g_signal_connect_object (self->run_list, "selection-changed", G_CALLBACK (on_selection_changed), self, 0);
  g_signal_connect_object (self->run_list, "edit-as-new", G_CALLBACK (on_edit_as_new), self, 0);
  g_signal_connect_object (self->run_list, "resume", G_CALLBACK (on_resume), self, 0);
  g_signal_connect_object (self->training_view, "resume-refused", G_CALLBACK (on_resume_refused), self, 0);
  g_signal_connect_object (self->run_list, "repeat", G_CALLBACK (on_repeat), self, 0);
  g_signal_connect_object (self->training_view, "finished",
                           G_CALLBACK (on_run_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->training_view, "notify::running",
                           G_CALLBACK (on_running_changed), self, G_CONNECT_SWAPPED);
  on_running_changed (self);
  g_signal_connect_object (self->training_view, "run-saved",
                           G_CALLBACK (on_run_saved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (on_page_changed), self, G_CONNECT_SWAPPED);
}
