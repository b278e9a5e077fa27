/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list-actions.c - what the run list's buttons do: compare, edit as
 * new, resume, repeat, rename, delete with undo, open and drop run files,
 * export a run's config and metrics. */
#include <glib/gi18n.h>
#include "hl-export-folder.h"
#include "hl-form-util.h"
#include "hl-format.h"
#include "hl-run-list-private.h"
#include "hl-ui.h"

/* One delete toast: the runs it hides and whether they came back.  Once
 * the toast goes without "Undo", a worker removes the files (3,000 runs
 * held the window for 0.5-3 s); the rows stay hidden meanwhile. */
typedef struct {
  HlRunList       *self;    /* NULL once the list is gone or the batch is over */
  GPtrArray       *ids;
  GPtrArray       *selected;   /* ids selected when the delete was asked for */
  gboolean         settled;
  AdwToast        *toast;      /* until settled: dismissed then, whatever settled it */
  HlStoreDeletion *deletion;   /* while the worker removes the files */
  GMutex           lock;
  GCond            cond;
  gboolean         removed;    /* the worker is done (under lock) */
} HlDeleteBatch;

static void
batch_clear (gpointer data)
{
  HlDeleteBatch *batch = data;

  g_ptr_array_unref (batch->ids);
  g_clear_pointer (&batch->selected, g_ptr_array_unref);
  g_clear_object (&batch->toast);
  hl_store_deletion_free (batch->deletion);
  g_mutex_clear (&batch->lock);
  g_cond_clear (&batch->cond);
}

static void
batch_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, batch_clear);
}

/* The batch's runs are deleted (errors: why some were not) or back. */
static void
batch_end (HlDeleteBatch *batch, GPtrArray *errors)
{
  HlRunList *self = batch->self;
  gboolean back = errors == NULL || errors->len > 0;   /* runs shown again */

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      const GError *error = errors->pdata[i];

      if (self->disposing)
        g_warning ("%s", error->message);
      else if (i == 0)
        hl_run_list_toast (self, error->message);   /* it was only a console warning */
      else
        g_warning ("%s", error->message);   /* one toast, not one per run */
    }
  for (guint i = 0; i < batch->ids->len; i++)
    g_hash_table_remove (self->pending, batch->ids->pdata[i]);
  g_ptr_array_remove (self->batches, batch);
  g_ptr_array_remove (self->deleting, batch);
  batch->self = NULL;
  /* the rows of deleted runs go from the list model too: left there, a
   * filter change showed them again though their files were gone */
  if (!self->disposing)
    hl_run_list_reload (self);   /* says runs-changed */
  /* the reload keeps the rows of runs that stayed: those the batch hid
   * are filtered again */
  if (!self->disposing && back)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
  /* an undo brings the selection back too, with what was selected since:
   * the runs came back unselected (found by a review) */
  if (!self->disposing && errors == NULL && batch->selected != NULL)
    {
      g_autoptr(GPtrArray) select = hl_run_list_get_selected_ids (self);

      for (guint i = 0; i < batch->selected->len; i++)
        g_ptr_array_add (select, g_strdup (batch->selected->pdata[i]));
      g_ptr_array_add (select, NULL);
      hl_run_list_select_ids (self, (const char *const *) select->pdata);
    }
  /* and the keyboard focus, on the first run back: it was on the toast's
   * Undo button, which went, so Delete did nothing until a click on a row
   * (found by a review) */
  if (!self->disposing && errors == NULL && hl_run_list_owns_focus (self))
    {
      guint first = hl_run_list_first_position (self, batch->ids);

      if (first != G_MAXUINT)
        hl_run_list_focus_row (self, first);
    }
  batch_unref (batch);   /* the list's reference */
}

/* The worker's files are gone: the listing follows, on the list's thread. */
static void
batch_finish_deletion (HlDeleteBatch *batch)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  hl_store_deletion_end (batch->self->store, batch->deletion, errors);
  batch_end (batch, errors);
}

static void
delete_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  HlDeleteBatch *batch = task_data;

  hl_store_deletion_run (batch->deletion);
  g_mutex_lock (&batch->lock);
  batch->removed = TRUE;
  g_cond_broadcast (&batch->cond);
  g_mutex_unlock (&batch->lock);
  g_task_return_boolean (task, TRUE);
}

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HlDeleteBatch *batch = g_task_get_task_data (G_TASK (result));

  /* else the list went first and waited for the worker (dispose) */
  if (batch->self != NULL)
    batch_finish_deletion (batch);
}

/* Waits for the worker of each batch being deleted (the list goes). */
static void
wait_for_deletions (HlRunList *self)
{
  while (self->deleting != NULL && self->deleting->len > 0)
    {
      HlDeleteBatch *batch = self->deleting->pdata[0];

      g_mutex_lock (&batch->lock);
      while (!batch->removed)
        g_cond_wait (&batch->cond, &batch->lock);
      g_mutex_unlock (&batch->lock);
      batch_finish_deletion (batch);
    }
}

static void
batch_settle (HlDeleteBatch *batch, gboolean undo)
{
  HlRunList *self = batch->self;
  const char *const *ids;

  if (batch->settled || self == NULL)
    return;
  batch->settled = TRUE;
  /* settled otherwise than by the toast going (Undo asked for elsewhere,
   * the list committing its deletes as the window closes): the toast went
   * on offering an Undo that did nothing (found by a review).  Its
   * "dismissed" finds the batch settled. */
  if (batch->toast != NULL)
    {
      g_autoptr(AdwToast) toast = g_steal_pointer (&batch->toast);

      /* as the list goes, its overlay goes with the toast; while the
       * toast slides in, it goes after (hl_ui_add_toast) */
      if (!self->disposing)
        adw_toast_dismiss (toast);
    }
  if (undo)
    {
      batch_end (batch, NULL);
      return;
    }
  ids = (const char *const *) batch->ids->pdata;
  /* all at once: one at a time listed the store's folder for each */
  batch->deletion = hl_store_deletion_begin (self->store, ids, batch->ids->len);
  g_ptr_array_remove (self->batches, batch);
  g_ptr_array_add (self->deleting, batch);
  if (self->disposing)
    {
      /* the application may be quitting: no worker left behind */
      hl_store_deletion_run (batch->deletion);
      batch->removed = TRUE;
      batch_finish_deletion (batch);
    }
  else
    {
      GTask *task = g_task_new (NULL, NULL, on_deleted, NULL);

      g_task_set_source_tag (task, batch_settle);
      g_task_set_task_data (task, g_atomic_rc_box_acquire (batch), batch_unref);
      g_task_run_in_thread (task, delete_in_thread);
      g_object_unref (task);
    }
}

static void
on_toast_undo (AdwToast *toast, HlDeleteBatch *batch)
{
  batch_settle (batch, TRUE);
}

static void
on_toast_dismissed (AdwToast *toast, HlDeleteBatch *batch)
{
  batch_settle (batch, FALSE);
}

void
hl_run_list_delete (HlRunList *self, GPtrArray *ids)
{
  HlDeleteBatch *batch;
  AdwToast *toast;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  gboolean refocus;
  guint first;

  if (ids == NULL || ids->len == 0)
    return;
  /* the focused row may go: the focus moves to the row after the first
   * deleted (it was lost, and Delete did nothing until a click) */
  refocus = hl_run_list_owns_focus (self);
  first = hl_run_list_first_position (self, ids);
  batch = g_atomic_rc_box_new0 (HlDeleteBatch);
  batch->self = self;
  g_mutex_init (&batch->lock);
  g_cond_init (&batch->cond);
  batch->ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ids->len; i++)
    {
      g_ptr_array_add (batch->ids, g_strdup (ids->pdata[i]));
      g_hash_table_add (self->pending, g_strdup (ids->pdata[i]));
    }
  batch->selected = hl_run_list_get_selected_ids (self);
  g_ptr_array_add (self->batches, batch);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);
  g_signal_emit (self, hl_run_list_signals[SIGNAL_RUNS_CHANGED], 0, NULL);
  if (refocus && first != G_MAXUINT)
    hl_run_list_focus_row (self, first);

  /* digits grouped as everywhere else in the app ("3200 runs deleted") */
  count = hl_format_count (ids->len);
  /* TRANSLATORS: %s is a count with its digits grouped ("3,200") */
  title = g_strdup_printf (ngettext ("%s run deleted", "%s runs deleted", ids->len), count);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_toast_undo),
                         g_atomic_rc_box_acquire (batch), (GClosureNotify) (void (*)(void)) batch_unref, 0);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (on_toast_dismissed),
                         g_atomic_rc_box_acquire (batch), (GClosureNotify) (void (*)(void)) batch_unref, 0);
  batch->toast = g_object_ref (toast);   /* the closures hold the batch: freed when settled */
  /* Undo clicked at once crashed while the toast slid in: held until past it */
  hl_ui_add_toast (self->toast_overlay, toast);
  hl_run_list_update_actions (self);
}

void
hl_run_list_undo_delete (HlRunList *self)
{
  if (self->batches->len > 0)
    batch_settle (g_ptr_array_index (self->batches, self->batches->len - 1), TRUE);
}

void
hl_run_list_commit_deletes (HlRunList *self)
{
  while (self->batches != NULL && self->batches->len > 0)
    batch_settle (g_ptr_array_index (self->batches, 0), FALSE);
  if (self->disposing)
    wait_for_deletions (self);
}

gboolean
hl_run_list_is_deleting (HlRunList *self)
{
  return (self->deleting != NULL && self->deleting->len > 0) || self->removing_broken > 0;
}

void
hl_run_list_free_batches (HlRunList *self)
{
  /* Anything still pending was committed by hl_run_list_commit_deletes,
   * and the workers waited for. */
  if (self->batches != NULL)
    g_ptr_array_set_size (self->batches, 0);
  if (self->deleting != NULL)
    g_ptr_array_set_size (self->deleting, 0);
}

/* ---- simple actions ---- */

static void
action_compare (GtkWidget *widget, const char *name, GVariant *param)
{
  HlRunList *self = HL_RUN_LIST (widget);
  g_autoptr(GPtrArray) ids = hl_run_list_get_selected_ids (self);

  if (ids->len >= 2)
    g_signal_emit (self, hl_run_list_signals[SIGNAL_COMPARE], 0, ids);
}

static void
action_edit_as_new (GtkWidget *widget, const char *name, GVariant *param)
{
  HlRunList *self = HL_RUN_LIST (widget);
  g_autofree char *id = hl_run_list_selected_id (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) run = NULL;
  g_autoptr(HlConfig) config = NULL;
  const char *old;

  if (id == NULL)
    return;
  if ((run = hl_store_load (self->store, id, &error)) == NULL)
    {
      hl_run_list_toast (self, error->message);
      return;
    }
  config = hl_config_copy (run->config);
  old = config->name && *config->name ? config->name : run->id;
  {
    char *name_new = g_strdup_printf (_("%s (edited)"), old);
    g_free (config->name);
    config->name = name_new;
  }
  g_signal_emit (self, hl_run_list_signals[SIGNAL_EDIT_AS_NEW], 0, config);
}

static void
action_resume (GtkWidget *widget, const char *name, GVariant *param)
{
  HlRunList *self = HL_RUN_LIST (widget);
  g_autofree char *id = hl_run_list_selected_id (self);
  const HlRunInfo *info = id ? hl_store_lookup (self->store, id) : NULL;

  if (info != NULL && (info->status == HL_RUN_STATUS_INTERRUPTED || info->status == HL_RUN_STATUS_CANCELLED))
    g_signal_emit (self, hl_run_list_signals[SIGNAL_RESUME], 0, id);
}

static void
action_delete (GtkWidget *widget, const char *name, GVariant *param)
{
  HlRunList *self = HL_RUN_LIST (widget);
  g_autoptr(GPtrArray) ids = hl_run_list_get_selected_ids (self);

  hl_run_list_delete (self, ids);
}

/* ---- dialogs ---- */

static GtkWindow *
parent_window (HlRunList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* A blank name is refused: the run would show its id, which reads as if
 * the rename had failed. */
static char *
rename_text (GtkEditable *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}

static void
on_rename_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *name = rename_text (entry);

  adw_message_dialog_set_response_enabled (dialog, "rename", *name != '\0');
}

/* Return renames at once.  Through the default button it waited for the
 * button's 250 ms press animation, and the dialog, still up, swallowed the
 * next click on a row (F2 and Delete then went to the renamed run). */
static void
on_rename_activate (GtkEditable *entry, AdwMessageDialog *dialog)
{
  if (!adw_message_dialog_get_response_enabled (dialog, "rename"))
    return;
  /* libadwaita 1.2 only emits it: closing is ours (destroy, not close,
   * which would say "cancel" too) */
  adw_message_dialog_response (dialog, "rename");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
on_rename_response (AdwMessageDialog *dialog, const char *response, HlRunList *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  const char *id = g_object_get_data (G_OBJECT (dialog), "run-id");
  g_autofree char *name = rename_text (entry);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || *name == '\0')
    return;
  if (!hl_store_rename (self->store, id, name, &error))
    hl_run_list_toast (self, error->message);
  hl_run_list_reload (self);
}

static void
action_rename (GtkWidget *widget, const char *name, GVariant *param)
{
  HlRunList *self = HL_RUN_LIST (widget);
  g_autofree char *id = hl_run_list_selected_id (self);
  const HlRunInfo *info = id ? hl_store_lookup (self->store, id) : NULL;
  GtkWidget *dialog, *entry;

  if (info == NULL)
    return;
  dialog = adw_message_dialog_new (parent_window (self), _("Rename Run"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), info->name);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "run-id", g_strdup (id), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_rename_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_rename_activate), dialog);
  on_rename_changed (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_repeat_response (AdwMessageDialog *dialog, const char *response, HlRunList *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "spin");
  const char *id = g_object_get_data (G_OBJECT (dialog), "run-id");

  if (g_strcmp0 (response, "repeat") == 0)
    g_signal_emit (self, hl_run_list_signals[SIGNAL_REPEAT], 0, id,
                   (guint) gtk_spin_button_get_value_as_int (spin));
}

static void
action_repeat (GtkWidget *widget, const char *name, GVariant *param)
{
  HlRunList *self = HL_RUN_LIST (widget);
  g_autofree char *id = hl_run_list_selected_id (self);
  GtkWidget *dialog, *spin, *row, *list;

  if (id == NULL)
    return;
  dialog = adw_message_dialog_new (parent_window (self), _("Repeat with Several Seeds"),
                                   _("Trains this config again once per seed and shows the group "
                                     "as a mean curve with its min–max band."));
  spin = hl_form_spin_new (2, 50, 1, 0, _("Number of seeds"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  /* a row that says what the number is (a bare box, only screen readers
   * were told) */
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Number of Seeds"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("One run per seed, counting up from this run's seed"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  /* the focus starts in the number, ready to type, as before the row */
  gtk_widget_set_focusable (row, FALSE);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "repeat", _("_Train"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "repeat", ADW_RESPONSE_SUGGESTED);
  /* Enter in the seed count trains (it did nothing) */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "repeat");
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (spin))), TRUE);
  g_object_set_data (G_OBJECT (dialog), "spin", spin);
  g_object_set_data_full (G_OBJECT (dialog), "run-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_repeat_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- files: open, drop, export ---- */

guint
hl_run_list_import (HlRunList *self, GPtrArray *paths)
{
  guint count = 0;

  g_ptr_array_set_size (self->import_problems, 0);
  for (guint i = 0; i < paths->len; i++)
    count += hl_store_import (self->store, paths->pdata[i], self->import_problems);
  hl_run_list_reload (self);
  if (self->import_problems->len > 0)
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%u run imported, %u file skipped",
                                                        "%u runs imported, %u files skipped",
                                                        self->import_problems->len),
                                              count, self->import_problems->len);
      hl_run_list_toast (self, msg);
    }
  else
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%u run imported", "%u runs imported", count), count);
      hl_run_list_toast (self, msg);
    }
  return count;
}

static void
import_files (HlRunList *self, GListModel *files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);
      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  hl_run_list_import (self, paths);
}

static void
on_open_response (GtkNativeDialog *native, int response, HlRunList *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      import_files (self, files);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
open_chooser (HlRunList *self, GtkFileChooserAction action, const char *title)
{
  GtkFileChooserNative *native = gtk_file_chooser_native_new (title, parent_window (self), action,
                                                              _("_Open"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
      gtk_file_filter_set_name (filter, _("Hyperlab runs"));
      gtk_file_filter_add_pattern (filter, "*.json");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  g_object_unref (filter);
  g_signal_connect (native, "response", G_CALLBACK (on_open_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
action_open_files (GtkWidget *widget, const char *name, GVariant *param)
{
  open_chooser (HL_RUN_LIST (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Open Run Files"));
}

static void
action_open_folder (GtkWidget *widget, const char *name, GVariant *param)
{
  open_chooser (HL_RUN_LIST (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("Open Run Folder"));
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, HlRunList *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GListStore) list = g_list_store_new (G_TYPE_FILE);

  for (GSList *l = files; l != NULL; l = l->next)
    g_list_store_append (list, l->data);
  import_files (self, G_LIST_MODEL (list));
  return TRUE;
}

void
hl_run_list_setup_drop (HlRunList *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
on_export_response (GtkNativeDialog *native, int response, HlRunList *self)
{
  gboolean metrics = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "metrics"));
  const char *id = g_object_get_data (G_OBJECT (native), "run-id");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean ok = metrics ? hl_store_export_metrics (self->store, id, path, &error)
                            : hl_store_export_config (self->store, id, path, &error);
      if (ok)
        hl_export_folder_remember (file);
      hl_run_list_toast (self, ok ? _("Exported") : error->message);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
export_run (HlRunList *self, gboolean metrics)
{
  g_autofree char *id = hl_run_list_selected_id (self);
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *native;

  if (id == NULL)
    return;
  suggested = g_strconcat (id, metrics ? ".csv" : ".hyperlab.json", NULL);
  native = hl_export_chooser_new (metrics ? _("Export Metrics") : _("Export Config"),
                                  parent_window (self), suggested);
  g_object_set_data (G_OBJECT (native), "metrics", GINT_TO_POINTER (metrics));
  g_object_set_data_full (G_OBJECT (native), "run-id", g_steal_pointer (&id), g_free);
  g_signal_connect (native, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
action_export_config (GtkWidget *widget, const char *name, GVariant *param)
{
  export_run (HL_RUN_LIST (widget), FALSE);
}

static void
action_export_metrics (GtkWidget *widget, const char *name, GVariant *param)
{
  export_run (HL_RUN_LIST (widget), TRUE);
}

GPtrArray *
hl_run_list_load_runs (HlRunList *self, GPtrArray *ids)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_free);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      HlRun *run = hl_store_load (self->store, ids->pdata[i], &error);
      if (run != NULL)
        g_ptr_array_add (runs, run);
      else
        hl_run_list_toast (self, error->message);
    }
  return runs;
}

void
hl_run_list_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "runs.compare", NULL, action_compare);
  gtk_widget_class_install_action (widget_class, "runs.edit-as-new", NULL, action_edit_as_new);
  gtk_widget_class_install_action (widget_class, "runs.resume", NULL, action_resume);
  gtk_widget_class_install_action (widget_class, "runs.repeat", NULL, action_repeat);
  gtk_widget_class_install_action (widget_class, "runs.rename", NULL, action_rename);
  gtk_widget_class_install_action (widget_class, "runs.delete", NULL, action_delete);
  gtk_widget_class_install_action (widget_class, "runs.open-files", NULL, action_open_files);
  gtk_widget_class_install_action (widget_class, "runs.open-folder", NULL, action_open_folder);
  gtk_widget_class_install_action (widget_class, "runs.export-config", NULL, action_export_config);
  gtk_widget_class_install_action (widget_class, "runs.export-metrics", NULL, action_export_metrics);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "runs.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "runs.rename", NULL);
}

/* Broken records: the Runs page showed them as a red line only, and
 * nothing but a shell could remove them (`runs rm ID` could).  The line's
 * "Remove Broken Records…" asks first, as there is no undo for a file
 * that is not a run, then a worker removes the files through the same
 * core deletion as Delete (which refuses a link or a file that reads as
 * another run). */

GPtrArray *
hl_run_list_broken_ids (HlRunList *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  const GPtrArray *problems = self->store != NULL ? hl_store_get_problems (self->store) : NULL;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      char *id = hl_store_broken_record_id (self->store, ((HlStoreProblem *) problems->pdata[i])->path);

      if (id != NULL)
        g_ptr_array_add (ids, id);
    }
  return ids;
}

static void
remove_broken_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  hl_store_deletion_run (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
on_broken_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HlRunList *self = HL_RUN_LIST (source);
  HlStoreDeletion *deletion = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  self->removing_broken--;
  /* the list went meanwhile: its store may be gone too (the files are) */
  if (self->disposing || self->store == NULL)
    return;
  hl_store_deletion_end (self->store, deletion, errors);
  for (guint i = 0; i < errors->len; i++)
    hl_run_list_toast (self, ((GError *) errors->pdata[i])->message);
  hl_run_list_reload (self);   /* the line goes with the files */
}

static void
on_remove_broken_response (AdwMessageDialog *dialog, const char *response, HlRunList *self)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (dialog), "hl-broken-ids");
  GTask *task;

  if (g_strcmp0 (response, "remove") != 0 || self->disposing || self->store == NULL)
    return;
  task = g_task_new (self, NULL, on_broken_removed, NULL);
  g_task_set_task_data (task, hl_store_deletion_begin (self->store, (const char *const *) ids->pdata, ids->len),
                        (GDestroyNotify) hl_store_deletion_free);
  self->removing_broken++;
  gtk_widget_set_visible (GTK_WIDGET (self->remove_broken_button), FALSE);
  g_task_run_in_thread (task, remove_broken_in_thread);
  g_object_unref (task);
}

void
hl_run_list_on_remove_broken_clicked (HlRunList *self)
{
  g_autoptr(GPtrArray) ids = hl_run_list_broken_ids (self);
  g_autoptr(GString) files = g_string_new (NULL);
  g_autofree char *heading = NULL, *body = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (ids->len == 0)
    return;
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (files, "%s%s.run.json", i > 0 ? "\n" : "", (const char *) ids->pdata[i]);
  heading = ids->len == 1 ? g_strdup (_("Remove the Broken Record?"))
                          : g_strdup_printf (ngettext ("Remove %u Broken Record?", "Remove %u Broken Records?",
                                                       ids->len), ids->len);
  /* TRANSLATORS: %s is a list of file names, one per line */
  body = g_strdup_printf (ngettext ("This file cannot be read as a run and is deleted from the run "
                                    "store:\n%s\nThis cannot be undone.",
                                    "These files cannot be read as runs and are deleted from the run "
                                    "store:\n%s\nThis cannot be undone.", ids->len), files->str);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "hl-broken-ids", g_steal_pointer (&ids),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_broken_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
