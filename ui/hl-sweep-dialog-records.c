/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-dialog-records.c - the store's unfinished sweeps atop the sweep
 * dialog's setup page, so a sweep stopped in a dialog since closed (or cut
 * short by quitting, or by Ctrl+C in `hyperlab-cli sweep`) can go on from
 * the application: Continue opens its record on a thread (the runs of its
 * finished trials are read there) and shows it on the run page as Continue
 * after Stop does; Discard forgets the record and keeps the runs.  A record
 * that cannot be read is a row saying why, naming its file; one another
 * window or process trains says so and offers neither. */
#include <glib/gi18n.h>
#include "hl-sweep-dialog-private.h"

void
hl_record_row_free (gpointer p)
{
  HlRecordRow *r = p;

  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->name);
  g_free (r);
}

static HlRecordRow *
find_row (HlSweepDialog *self, const char *id)
{
  for (guint i = 0; self->record_rows != NULL && i < self->record_rows->len; i++)
    {
      HlRecordRow *r = self->record_rows->pdata[i];
      if (g_strcmp0 (r->id, id) == 0)
        return r;
    }
  return NULL;
}

/* "today 14:03", "yesterday 09:12", "3 Dec 14:03", "2025-12-03 14:03". */
static char *
format_when (gint64 usec)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) then = usec > 0 ? g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC) : NULL;
  g_autofree char *clock = NULL;
  g_autofree char *day = NULL;
  int days;

  if (then == NULL)
    return NULL;
  clock = g_date_time_format (then, "%H:%M");
  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (then);
  if (g_date_time_get_year (now) != g_date_time_get_year (then))
    return g_date_time_format (then, "%Y-%m-%d %H:%M");
  if (days == 0)
    return g_strdup_printf (_("today %s"), clock);
  if (days == 1)
    return g_strdup_printf (_("yesterday %s"), clock);
  day = g_date_time_format (then, "%e %b");
  return g_strdup_printf ("%s %s", g_strstrip (day), clock);
}

/* "7 of 12 trials done · 2 to resume · last trained today 14:03". */
static char *
describe (const HlSweepRecordInfo *info)
{
  g_autofree char *when = format_when (info->updated);
  g_autofree char *done = g_strdup_printf (g_dngettext (NULL, "%u of %u trial done", "%u of %u trials done",
                                                        info->total), info->done, info->total);

  /* trials stopped mid-training go on from their checkpoints */
  if (info->started > info->done)
    {
      char *more = g_strdup_printf (_("%s · %u to resume"), done, info->started - info->done);
      g_free (done);
      done = more;
    }

  if (info->running)
    return g_strdup_printf (_("%s · training in another window or program now"), done);
  if (when == NULL)
    return g_steal_pointer (&done);
  return g_strdup_printf (_("%s · last trained %s"), done, when);
}

static GtkWidget *
row_button (HlRecordRow *r, const char *label, const char *icon, const char *action, const char *tooltip)
{
  GtkWidget *button = icon != NULL ? gtk_button_new_from_icon_name (icon) : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (r->id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  if (icon != NULL)
    {
      gtk_widget_add_css_class (button, "flat");
      /* the icon alone names nothing to a screen reader */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  adw_action_row_add_suffix (r->row, button);
  return button;
}

static HlRecordRow *
record_row_new (HlSweepDialog *self, const HlSweepRecordInfo *info)
{
  HlRecordRow *r = g_new0 (HlRecordRow, 1);
  g_autofree char *subtitle = info->problem != NULL ? g_strdup (info->problem) : describe (info);

  r->id = g_strdup (info->id);
  r->damaged = info->problem != NULL;
  r->name = g_strdup (info->name != NULL ? info->name : info->id);
  r->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (r->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row),
                                 info->problem != NULL ? _("A sweep record that cannot be read") : r->name);
  adw_action_row_set_subtitle (r->row, subtitle);
  if (info->problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (r->row), "error");
  if (!info->running && info->problem == NULL)
    {
      /* not blue: Start, the page's own action, is */
      r->spinner = GTK_SPINNER (gtk_spinner_new ());
      gtk_widget_set_visible (GTK_WIDGET (r->spinner), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (r->spinner), _("Reading the sweep's record"));
      adw_action_row_add_suffix (r->row, GTK_WIDGET (r->spinner));
      r->continue_button = row_button (r, _("C_ontinue"), NULL, "sweep.continue-record",
                                       _("Go on with this sweep: its finished trials are kept, cancelled ones "
                                         "resume from their checkpoints, the others start"));
    }
  if (!info->running)
    r->discard_button = row_button (r, _("Discard"), "user-trash-symbolic", "sweep.discard-record",
                                    _("Forget this sweep: its runs stay on the Runs page, but it can no "
                                      "longer be continued"));
  adw_preferences_group_add (self->records_group, GTK_WIDGET (r->row));
  return r;
}

/* What the rows would show: unchanged, they are left alone (a button the
 * pointer is on does not vanish and come back at every focus change). */
static char *
listing_key (GPtrArray *infos)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < infos->len; i++)
    {
      const HlSweepRecordInfo *info = infos->pdata[i];
      g_string_append_printf (key, "%s %" G_GINT64_FORMAT " %u/%u %d %s\n", info->id, info->updated, info->done,
                              info->total, info->running, info->problem ? info->problem : "");
    }
  return g_string_free (key, FALSE);
}

static void
clear_rows (HlSweepDialog *self)
{
  for (guint i = 0; self->record_rows != NULL && i < self->record_rows->len; i++)
    adw_preferences_group_remove (self->records_group,
                                  GTK_WIDGET (((HlRecordRow *) self->record_rows->pdata[i])->row));
  g_clear_pointer (&self->record_rows, g_ptr_array_unref);
}

/* The store's records, read on the main thread: a few small files (20
 * records list in about a millisecond). */
void
hl_sweep_dialog_list_records (HlSweepDialog *self)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  if (self->store == NULL || self->started || self->opening != NULL || self->disposed)
    return;
  infos = hl_sweep_record_list (self->store, &error);
  if (infos == NULL)
    {
      /* the folder of records cannot be read: a row says so */
      HlSweepRecordInfo *info = g_new0 (HlSweepRecordInfo, 1);

      info->problem = g_strdup (error->message);
      infos = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_sweep_record_info_free);
      g_ptr_array_add (infos, info);
    }
  key = listing_key (infos);
  if (self->record_rows != NULL && g_strcmp0 (key, self->records_seen) == 0)
    return;
  g_free (self->records_seen);
  self->records_seen = g_steal_pointer (&key);
  clear_rows (self);
  self->record_rows = g_ptr_array_new_with_free_func (hl_record_row_free);
  for (guint i = 0; i < infos->len; i++)
    g_ptr_array_add (self->record_rows, record_row_new (self, infos->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->records_group), infos->len > 0);
}

/* A record that could not be opened or forgotten: its row says why. */
static void
show_row_problem (HlSweepDialog *self, const char *id, const char *message)
{
  HlRecordRow *r = find_row (self, id);

  if (r == NULL)
    return;
  adw_action_row_set_subtitle (r->row, message);
  gtk_widget_add_css_class (GTK_WIDGET (r->row), "error");
  if (r->continue_button != NULL)
    gtk_widget_set_sensitive (r->continue_button, FALSE);
}

/* ---- Continue ------------------------------------------------------------------- */

/* On a thread: hl_sweep_record_open reads the runs of every started trial
 * (a few milliseconds each: seconds for a big sweep).  The dialog's store
 * is used by nothing else meanwhile: no sweep of the dialog trains, the
 * listing waits for the opening to end, and so do Start and Continue. */
static void
open_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  HlSweepDialog *self = source;
  GError *error = NULL;
  HlSweep *sweep = hl_sweep_record_open (self->store, data, self->registry, &error);

  if (sweep != NULL)
    g_task_return_pointer (task, sweep, (GDestroyNotify) hl_sweep_free);
  else
    g_task_return_error (task, error);
}

/* Destroyed (closed), though not yet disposed: a task holds it. */
gboolean
hl_sweep_dialog_is_destroyed (HlSweepDialog *self)
{
  GListModel *tops = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (tops, i);
      if (w == (GObject *) self)
        return FALSE;
    }
  return TRUE;
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (source);
  HlRecordOpened done = (HlRecordOpened) data;
  g_autoptr (GError) error = NULL;
  g_autoptr (HlSweep) sweep = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *id = g_steal_pointer (&self->opening);

  /* closed meanwhile: nothing trains where no one sees it (the sweep, and
   * its lock, go; it stays listed to continue) */
  if (self->disposed || hl_sweep_dialog_is_destroyed (self))
    return;
  done (self, id, g_steal_pointer (&sweep), error);
}

void
hl_sweep_dialog_open_record (HlSweepDialog *self, const char *id, HlRecordOpened done)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, on_opened, (gpointer) done);

  g_return_if_fail (self->opening == NULL && self->store != NULL);
  self->opening = g_strdup (id);
  g_task_set_source_tag (task, hl_sweep_dialog_open_record);
  g_task_set_task_data (task, g_strdup (id), g_free);
  g_task_run_in_thread (task, open_in_thread);
}

/* While a record opens, nothing else on the setup page starts anything,
 * and its row's spinner stands in for its Continue (a big sweep's record
 * takes seconds: a page that only went grey looked stuck). */
static void
set_setup_busy (HlSweepDialog *self, const char *id, gboolean busy)
{
  HlRecordRow *r = find_row (self, id);

  gtk_widget_set_sensitive (GTK_WIDGET (self->setup_page), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.start",
                                 !busy && self->checked != NULL && !self->loading && !self->preparing);
  if (r == NULL || r->continue_button == NULL)
    return;
  gtk_widget_set_visible (r->continue_button, !busy);
  gtk_widget_set_visible (GTK_WIDGET (r->spinner), busy);
  gtk_spinner_set_spinning (r->spinner, busy);
}

static void
on_record_opened (HlSweepDialog *self, const char *id, HlSweep *sweep, const GError *error)
{
  set_setup_busy (self, id, FALSE);
  if (sweep == NULL)
    {
      show_row_problem (self, id, error->message);
      return;
    }
  g_clear_pointer (&self->sweep, hl_sweep_free);
  g_clear_error (&self->problem);
  self->sweep = sweep;
  hl_sweep_dialog_run_begin (self);
}

gboolean
hl_sweep_dialog_continue_record (HlSweepDialog *self, const char *id, GError **error)
{
  g_return_val_if_fail (HL_IS_SWEEP_DIALOG (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  if (self->started || self->opening != NULL || self->preparing)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A sweep has started already"));
      return FALSE;
    }
  if (self->loading)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The runs are still being read"));
      return FALSE;
    }
  if (self->store == NULL)
    {
      g_set_error_literal (error, HL_RUN_ERROR, HL_RUN_ERROR_IO, self->store_error);
      return FALSE;
    }
  set_setup_busy (self, id, TRUE);
  hl_sweep_dialog_open_record (self, id, on_record_opened);
  return TRUE;
}

static void
continue_record_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (widget);
  g_autoptr (GError) error = NULL;

  if (!hl_sweep_dialog_continue_record (self, g_variant_get_string (param, NULL), &error))
    show_row_problem (self, g_variant_get_string (param, NULL), error->message);
}

/* ---- Discard -------------------------------------------------------------------- */

gboolean
hl_sweep_dialog_discard_record (HlSweepDialog *self, const char *id, GError **error)
{
  g_return_val_if_fail (HL_IS_SWEEP_DIALOG (self), FALSE);
  if (self->store == NULL || self->opening != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A sweep is being opened"));
      return FALSE;
    }
  if (!hl_sweep_record_forget (self->store, id, error))
    return FALSE;
  hl_sweep_dialog_list_records (self);
  return TRUE;
}

static void
on_discard_response (AdwMessageDialog *dialog, const char *response, HlSweepDialog *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "hl-record-id");
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "discard") == 0 && !hl_sweep_dialog_discard_record (self, id, &error))
    show_row_problem (self, id, error->message);
}

static void
discard_record_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (widget);
  const char *id = g_variant_get_string (param, NULL);
  HlRecordRow *r = find_row (self, id);
  gboolean damaged = r != NULL && r->damaged;
  g_autofree char *heading = damaged ? g_strdup (_("Remove the Damaged Sweep Record?"))
                                     : g_strdup_printf (_("Discard “%s”?"), r != NULL ? r->name : id);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       damaged ? _("Its file is deleted; the runs of the sweep "
                                                                   "stay on the Runs page.")
                                                               : _("Its runs stay on the Runs page, but the sweep "
                                                                   "can no longer be continued.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "hl-record-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Back to the dialog (from another window, a terminal): what changed shows. */
static void
on_active_changed (HlSweepDialog *self, GParamSpec *pspec, gpointer data)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    hl_sweep_dialog_list_records (self);
}

void
hl_sweep_dialog_records_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "sweep.continue-record", "s", continue_record_activated);
  gtk_widget_class_install_action (widget_class, "sweep.discard-record", "s", discard_record_activated);
}

void
hl_sweep_dialog_records_init (HlSweepDialog *self)
{
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  hl_sweep_dialog_list_records (self);
}
