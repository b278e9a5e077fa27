/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-dialog-run.c - the sweep dialog's run page: the trials train on
 * the engine's workers (below the UI's priority); what a worker says of a
 * trial is copied into a mailbox that one idle at a time drains into the
 * trials' list (HlSweepTrialItem, shown by a GtkListView), the progress
 * and the best so far. */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-format.h"
#include "hl-sweep-dialog-private.h"

/* ---- notes: a trial's outcome, copied -------------------------------------- */

static HlTrialNote *
note_new (const HlSweepTrial *t)
{
  HlTrialNote *n = g_new0 (HlTrialNote, 1);

  n->index = t->index;
  n->state = t->state;
  n->run_status = t->run_status;
  n->pruned = t->pruned;
  n->score = t->score;
  n->epochs = t->epochs;
  n->seconds = t->seconds;
  n->run_id = g_strdup (t->run_id);
  n->error = g_strdup (t->error);
  n->at_epoch = -1.0;
  n->latest = NAN;
  return n;
}

void
hl_trial_note_free (gpointer p)
{
  HlTrialNote *n = p;

  if (n == NULL)
    return;
  g_free (n->run_id);
  g_free (n->error);
  g_free (n);
}

/* ---- how a trial reads ------------------------------------------------------ */

/* A loss as the run table writes it, an accuracy as a percentage. */
static char *
format_score (const HlSweep *sweep, double v)
{
  if (sweep->metric == HL_SWEEP_METRIC_VAL_ACCURACY)
    return hl_format_percent (v);
  /* no score (diverged, no validation yet) is not a loss of NaN */
  return isfinite (v) ? hl_format_loss (v) : g_strdup ("—");
}

static const char *
metric_name (const HlSweep *sweep)
{
  return sweep->metric == HL_SWEEP_METRIC_VAL_ACCURACY ? _("validation accuracy") : _("validation loss");
}

/* "1 epoch", "2.5 epochs", "100 epochs". */
static char *
format_epochs (double epochs)
{
  g_autofree char *n = epochs >= 100 ? g_strdup_printf ("%.0f", epochs) : g_strdup_printf ("%.3g", epochs);

  return g_strdup_printf (g_dngettext (NULL, "%s epoch", "%s epochs", epochs == 1 ? 1 : 2), n);
}

static char *
done_text (const HlTrialNote *n)
{
  g_autofree char *epochs = format_epochs (n->epochs);
  g_autofree char *time = hl_format_duration (n->seconds);

  switch (n->run_status)
    {
    case HL_RUN_STATUS_COMPLETED:
      return g_strdup_printf (_("Completed · %s · %s"), epochs, time);
    case HL_RUN_STATUS_EARLY_STOPPED:
      return n->pruned ? g_strdup_printf (_("Pruned after %s: behind the others"), epochs)
                       : g_strdup_printf (_("Early stopped after %s · %s"), epochs, time);
    case HL_RUN_STATUS_CANCELLED:
      return g_strdup_printf (_("Cancelled after %s · can be resumed"), epochs);
    case HL_RUN_STATUS_DIVERGED:
      return g_strdup_printf (_("Diverged after %s"), epochs);
    default:
      return g_strdup (hl_run_status_to_label (n->run_status));
    }
}

static char *
state_text (const HlSweep *sweep, const HlTrialNote *n)
{
  switch (n->state)
    {
    case HL_SWEEP_TRIAL_PENDING:
      /* a trial stopped mid-training (continued) goes on from its checkpoint */
      return g_strdup (n->run_id != NULL ? _("Waiting · to resume where it stopped") : _("Waiting"));
    case HL_SWEEP_TRIAL_RUNNING:
      if (n->at_epoch >= 0)
        {
          g_autofree char *at = g_strdup_printf ("%.1f", n->at_epoch);
          g_autofree char *latest = isfinite (n->latest) ? format_score (sweep, n->latest) : NULL;

          /* "Training · epoch 3.2 of 10 · validation loss 0.4121" */
          return latest != NULL
                 ? g_strdup_printf (_("Training · epoch %s of %u · %s %s"), at, n->of_epochs,
                                    metric_name (sweep), latest)
                 : g_strdup_printf (_("Training · epoch %s of %u"), at, n->of_epochs);
        }
      return g_strdup (_("Training…"));
    case HL_SWEEP_TRIAL_FAILED:
      return g_strdup_printf (_("Failed: %s"), n->error ? n->error : _("could not start"));
    case HL_SWEEP_TRIAL_SKIPPED:
      return g_strdup (_("Not run"));
    case HL_SWEEP_TRIAL_DONE:
    default:
      {
        g_autofree char *text = done_text (n);
        if (n->error != NULL)   /* trained, but its record could not be written */
          return g_strdup_printf (_("%s · not saved: %s"), text, n->error);
        return g_steal_pointer (&text);
      }
    }
}

static gboolean
note_has_ended (const HlTrialNote *n)
{
  return n->state != HL_SWEEP_TRIAL_PENDING && n->state != HL_SWEEP_TRIAL_RUNNING;
}

/* ---- rows ------------------------------------------------------------------------ */

static HlSweepTrialItem *
trial_item_new (HlSweepDialog *self, const HlSweepTrial *t)
{
  g_autofree char *title = hl_vary_describe (self->varies, t->sets);

  /* "#N" as wide as the widest number: the titles line up past #9 */
  return hl_sweep_trial_item_new (t->index, 2 + g_snprintf (NULL, 0, "%u", self->sweep->trials->len), title,
                                  t->label, self->sweep->metric == HL_SWEEP_METRIC_VAL_ACCURACY
                                            ? _("Best validation accuracy") : _("Best validation loss"));
}

static HlSweepTrialItem *
trial_item (HlSweepDialog *self, guint index)
{
  /* (the store holds it) */
  g_autoptr (HlSweepTrialItem) item = g_list_model_get_item (G_LIST_MODEL (self->trials), index - 1);

  return item;
}

static void
update_row (HlSweepDialog *self, const HlTrialNote *n)
{
  g_autofree char *state = state_text (self->sweep, n);
  g_autofree char *score = n->state == HL_SWEEP_TRIAL_DONE ? format_score (self->sweep, n->score) : NULL;

  /* (a failed trial tried again at Continue is no longer red) */
  hl_sweep_trial_item_set_state (trial_item (self, n->index), state, score ? score : "",
                                 n->state == HL_SWEEP_TRIAL_RUNNING, n->state == HL_SWEEP_TRIAL_FAILED);
}

/* The best trial so far by the sweep's metric: its row marked, and said above. */
static void
update_best (HlSweepDialog *self)
{
  const HlTrialNote *best = NULL;
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->best_label), "error");   /* Continue's */
  for (guint i = 0; i < self->notes->len; i++)
    {
      const HlTrialNote *n = self->notes->pdata[i];
      if (n->state == HL_SWEEP_TRIAL_DONE && (best == NULL || hl_sweep_better (self->sweep, n->score, best->score)))
        best = isfinite (n->score) ? n : best;
    }
  if (self->best != 0 && (best == NULL || best->index != self->best))
    hl_sweep_trial_item_set_best (trial_item (self, self->best), FALSE);
  self->best = best != NULL ? best->index : 0;
  if (best != NULL)
    {
      g_autofree char *score = format_score (self->sweep, best->score);
      const HlSweepTrial *t = self->sweep->trials->pdata[best->index - 1];
      g_autofree char *settings = hl_vary_describe (self->varies, t->sets);

      hl_sweep_trial_item_set_best (trial_item (self, best->index), TRUE);
      text = g_strdup_printf (self->running ? _("Best so far: #%u (%s), %s %s")
                                            : _("Best: #%u (%s), %s %s"),
                              best->index, settings, metric_name (self->sweep), score);
      /* a trial Stop cut short may lead: say it had not finished */
      if (best->run_status == HL_RUN_STATUS_CANCELLED)
        {
          char *more = g_strdup_printf (_("%s (cancelled before the end of its training)"), text);
          g_free (text);
          text = more;
        }
    }
  else if (self->running)
    text = g_strdup_printf (_("Trials are compared on their %s as they finish."), metric_name (self->sweep));
  else
    text = g_strdup_printf (_("No trial finished with a %s."), metric_name (self->sweep));
  gtk_label_set_text (self->best_label, text);
}

static void
update_progress (HlSweepDialog *self)
{
  guint n = self->notes->len, done = 0, training = 0, not_run = 0, to_resume = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      const HlTrialNote *note = self->notes->pdata[i];
      /* stopped mid-training: not done, it goes on with Continue (the
       * title said "2 of 12 done" where the list of unfinished sweeps
       * says "0 of 12 trials done · 2 to resume") */
      const gboolean stopped = note->state == HL_SWEEP_TRIAL_DONE && note->run_status == HL_RUN_STATUS_CANCELLED;

      done += note_has_ended (note) && note->state != HL_SWEEP_TRIAL_SKIPPED && !stopped;
      to_resume += stopped;
      not_run += note->state == HL_SWEEP_TRIAL_SKIPPED;
      training += note->state == HL_SWEEP_TRIAL_RUNNING;
    }
  if (self->running && self->stopping)
    text = g_strdup_printf (_("Stopping · %u of %u done"), done, n);
  else if (self->running)
    text = g_strdup_printf (g_dngettext (NULL, "%u of %u done · %u training", "%u of %u done · %u training",
                                         training), done, n, training);
  else if (self->stopping)
    /* "12 of 12 done" counted the trials that never started */
    {
      /* whole sentences, for translators' word order */
      if (to_resume > 0 && not_run > 0)
        text = g_strdup_printf (_("Stopped · %u of %u done, %u to resume, %u not run"), done, n, to_resume,
                                not_run);
      else if (to_resume > 0)
        text = g_strdup_printf (_("Stopped · %u of %u done, %u to resume"), done, n, to_resume);
      else if (not_run > 0)
        text = g_strdup_printf (_("Stopped · %u of %u done, %u not run"), done, n, not_run);
      else
        text = g_strdup_printf (_("Stopped · %u of %u done"), done, n);
    }
  else
    text = g_strdup_printf (g_dngettext (NULL, "%u trial done", "All %u trials done", n), n);
  /* on its own line: the header's subtitle was cut beside Close, Show Runs
   * and Continue */
  gtk_label_set_text (self->status_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, n > 0 ? (double) (done + to_resume + not_run) / n : 1);
  update_best (self);
}

/* ---- the mailbox ------------------------------------------------------------------ */

/* Whatever the workers said since the last drain, into the rows. */
static void
drain_mailbox (HlSweepDialog *self)
{
  g_autoptr (GPtrArray) notes = NULL;

  g_mutex_lock (&self->mailbox_lock);
  notes = g_steal_pointer (&self->mailbox);
  self->mailbox = g_ptr_array_new_with_free_func (hl_trial_note_free);
  self->drain_pending = FALSE;
  g_mutex_unlock (&self->mailbox_lock);
  for (guint i = 0; i < notes->len; i++)
    {
      HlTrialNote *n = notes->pdata[i];

      if (n->state == HL_SWEEP_TRIAL_DONE && n->run_id != NULL && n->error == NULL)
        hl_sweep_dialog_emit_trial_saved (self, n->run_id);
      if (self->disposed)
        continue;
      hl_trial_note_free (self->notes->pdata[n->index - 1]);
      self->notes->pdata[n->index - 1] = g_steal_pointer (&notes->pdata[i]);
      update_row (self, n);
    }
  if (!self->disposed)
    update_progress (self);
}

static gboolean
drain_idle (gpointer data)
{
  drain_mailbox (data);
  return G_SOURCE_REMOVE;
}

/* Into the mailbox, and an idle to drain it unless one is due. */
static void
post_note (HlSweepDialog *self, HlTrialNote *note)
{
  gboolean schedule;

  g_mutex_lock (&self->mailbox_lock);
  g_ptr_array_add (self->mailbox, note);
  schedule = !self->drain_pending;
  self->drain_pending = TRUE;
  g_mutex_unlock (&self->mailbox_lock);
  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, drain_idle, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

static HlSweepDialogStartHook start_hook;
static gpointer start_hook_data;

void
hl_sweep_dialog_set_start_hook (HlSweepDialogStartHook hook, gpointer user_data)
{
  start_hook = hook;
  start_hook_data = user_data;
}

/* On a worker thread, under the sweep's lock: a trial started (running) or
 * ended (run NULL when it ended without one).  Nothing here touches a widget. */
static void
on_trial (HlSweep *sweep, HlSweepTrial *trial, const HlRun *run, gpointer data)
{
  (void) sweep;
  (void) run;
  post_note (data, note_new (trial));
  if (start_hook != NULL && trial->state == HL_SWEEP_TRIAL_RUNNING)
    start_hook (trial->index, start_hook_data);
}

/* On a trial's training thread, a few times a second: where it is. */
static void
on_trial_progress (HlSweep *sweep, HlSweepTrial *trial, const HlProgress *p, gpointer data)
{
  HlTrialNote *n = g_new0 (HlTrialNote, 1);

  n->index = trial->index;
  n->state = HL_SWEEP_TRIAL_RUNNING;
  n->score = NAN;
  n->at_epoch = p->steps_per_epoch > 0 ? (double) p->step / (double) p->steps_per_epoch : 0.0;
  n->of_epochs = p->epochs;
  n->latest = sweep->metric == HL_SWEEP_METRIC_VAL_ACCURACY ? p->val_accuracy : p->val_loss;
  post_note (data, n);
}

/* ---- start, stop, end ---------------------------------------------------------- */

/* The rows by trial number while the sweep trains, best first once it has
 * ended (as hyperlab-cli ranks them): the trials of a big sweep worth a
 * look are at the top, not scattered down the list. */
static void
show_trials_in_order (HlSweepDialog *self, gboolean ranked)
{
  g_autoptr (GListModel) shown = NULL;
  g_autoptr (GtkNoSelection) model = NULL;
  GtkAdjustment *adj;

  if (ranked)
    {
      g_autoptr (GPtrArray) order = hl_sweep_ranking (self->sweep);
      g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
      GListStore *store = g_list_store_new (HL_TYPE_SWEEP_TRIAL_ITEM);

      for (guint i = 0; i < order->len; i++)
        g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->trials),
                                                       ((const HlSweepTrial *) order->pdata[i])->index - 1));
      g_list_store_splice (store, 0, 0, items->pdata, items->len);
      shown = G_LIST_MODEL (store);
    }
  else
    shown = g_object_ref (G_LIST_MODEL (self->trials));
  model = gtk_no_selection_new (g_steal_pointer (&shown));
  gtk_list_view_set_model (self->trial_list, GTK_SELECTION_MODEL (model));
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->trial_list));
  if (adj != NULL)
    gtk_adjustment_set_value (adj, 0);
}

static void
show_ended (HlSweepDialog *self)
{
  gboolean any_run = FALSE;
  const gboolean can_continue = self->sweep->id != NULL && !hl_sweep_is_finished (self->sweep);

  for (guint i = 0; i < self->sweep->trials->len; i++)
    {
      const HlSweepTrial *t = self->sweep->trials->pdata[i];

      any_run |= t->run_id != NULL && t->error == NULL;
      hl_trial_note_free (self->notes->pdata[i]);
      self->notes->pdata[i] = note_new (t);
      update_row (self, self->notes->pdata[i]);
    }
  update_progress (self);
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_visible (self->close_button, TRUE);
  gtk_widget_set_visible (self->runs_button, TRUE);
  /* stopped with trials left: its record is kept to go on from */
  gtk_widget_set_visible (self->continue_button, can_continue);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.continue", can_continue);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.stop", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.show-runs", any_run);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->runs_button);
}

static void
on_sweep_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (HlSweepDialog) self = data;

  hl_sweep_run_finish (self->sweep, result, NULL);
  drain_mailbox (self);
  self->running = FALSE;
  if (!self->disposed)
    {
      show_trials_in_order (self, TRUE);
      show_ended (self);
    }
  hl_sweep_dialog_notify_running (self);
  hl_sweep_dialog_emit_finished (self);
  if (self->close_when_done && !self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* The trials as the sweep has them now, and the sweep on its way: at
 * Start, and again at Continue. */
static void
run_sweep (HlSweepDialog *self)
{
  HlSweep *sweep = self->sweep;

  self->running = TRUE;
  self->stopping = FALSE;
  sweep->background = TRUE;   /* the trials train below the UI's priority */
  sweep->progress = on_trial_progress;
  sweep->progress_data = self;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_trials_in_order (self, FALSE);
  for (guint i = 0; i < sweep->trials->len; i++)
    {
      hl_trial_note_free (self->notes->pdata[i]);
      self->notes->pdata[i] = note_new (sweep->trials->pdata[i]);
      update_row (self, self->notes->pdata[i]);
    }
  gtk_widget_set_visible (self->stop_button, TRUE);
  gtk_button_set_label (GTK_BUTTON (self->stop_button), _("_Stop"));
  gtk_widget_set_visible (self->close_button, FALSE);
  gtk_widget_set_visible (self->runs_button, FALSE);
  gtk_widget_set_visible (self->continue_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.continue", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.stop", TRUE);
  update_progress (self);
  hl_sweep_dialog_notify_running (self);
  hl_sweep_run_async (sweep, self->store, self->registry, 0, on_trial, self, self->cancellable,
                      on_sweep_done, g_object_ref (self));
}

void
hl_sweep_dialog_run_begin (HlSweepDialog *self)
{
  HlSweep *sweep = self->sweep;

  self->started = TRUE;
  /* (a sweep continued from the records while the form's was checked) */
  hl_sweep_dialog_check_all_stop (self);
  self->context = g_main_context_ref_thread_default ();
  self->mailbox = g_ptr_array_new_with_free_func (hl_trial_note_free);
  self->notes = g_ptr_array_new_with_free_func (hl_trial_note_free);
  self->trials = g_list_store_new (HL_TYPE_SWEEP_TRIAL_ITEM);
  {
    g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < sweep->trials->len; i++)
      {
        g_ptr_array_add (self->notes, NULL);
        g_ptr_array_add (items, trial_item_new (self, sweep->trials->pdata[i]));
      }
    /* in one go: one items-changed for thousands of trials */
    g_list_store_splice (self->trials, 0, 0, items->pdata, items->len);
  }
  {
    g_autoptr (GtkListItemFactory) factory = hl_sweep_trial_item_factory_new ();

    gtk_list_view_set_factory (self->trial_list, factory);
  }
  adw_window_title_set_title (self->run_title, sweep->name);
  gtk_stack_set_visible_child_name (self->stack, "run");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.start", FALSE);
  run_sweep (self);
}

void
hl_sweep_dialog_show_continue_error (HlSweepDialog *self, const GError *error)
{
  g_autofree char *text = g_strdup_printf (_("Cannot continue the sweep: %s"), error->message);

  gtk_label_set_text (self->best_label, text);
  gtk_widget_add_css_class (GTK_WIDGET (self->best_label), "error");
}

/* While Continue reads the record, a spinner in its place; the trials'
 * rows stay as they are. */
static void
show_continuing (HlSweepDialog *self, gboolean continuing)
{
  gtk_widget_set_visible (self->continue_button, !continuing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.continue", !continuing);
  gtk_widget_set_visible (GTK_WIDGET (self->continue_spinner), continuing);
  gtk_spinner_set_spinning (self->continue_spinner, continuing);
  if (continuing)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->best_label), "error");
      gtk_label_set_text (self->best_label, _("Reading the sweep's record to continue it…"));
    }
}

static void
on_continue_opened (HlSweepDialog *self, const char *id, HlSweep *sweep, const GError *error)
{
  show_continuing (self, FALSE);
  if (sweep == NULL)
    {
      /* (another process continued it meanwhile, its record was removed…) */
      hl_sweep_dialog_show_continue_error (self, error);
      return;
    }
  hl_sweep_free (self->sweep);
  self->sweep = sweep;
  self->close_when_done = FALSE;
  run_sweep (self);
}

gboolean
hl_sweep_dialog_continue (HlSweepDialog *self, GError **error)
{
  g_return_val_if_fail (HL_IS_SWEEP_DIALOG (self), FALSE);
  if (!self->started || self->running)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The sweep is running"));
      return FALSE;
    }
  if (self->opening != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A sweep is being opened"));
      return FALSE;
    }
  if (self->sweep->id == NULL || hl_sweep_is_finished (self->sweep))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Every trial has finished"));
      return FALSE;
    }
  /* the same path as `hyperlab-cli sweep --resume`, from the record: it
   * reads the run of every trial that started, off the main thread */
  show_continuing (self, TRUE);
  hl_sweep_dialog_open_record (self, self->sweep->id, on_continue_opened);
  return TRUE;
}

void
hl_sweep_dialog_stop (HlSweepDialog *self)
{
  g_return_if_fail (HL_IS_SWEEP_DIALOG (self));
  if (!self->running || self->stopping)
    return;
  self->stopping = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->disposed)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.stop", FALSE);
  gtk_button_set_label (GTK_BUTTON (self->stop_button), _("Stopping…"));
  update_progress (self);
}

static void
on_confirm_response (AdwMessageDialog *dialog, const char *response, HlSweepDialog *self)
{
  if (g_strcmp0 (response, "stop") != 0)
    return;
  /* it ended while the question was up: closed, as asked (it stayed) */
  if (!self->running)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  self->close_when_done = TRUE;
  hl_sweep_dialog_stop (self);
}

void
hl_sweep_dialog_confirm_stop (HlSweepDialog *self)
{
  guint training = 0, waiting = 0;
  g_autofree char *training_text = NULL, *waiting_text = NULL, *body = NULL;
  AdwMessageDialog *dialog;

  for (guint i = 0; i < self->notes->len; i++)
    {
      const HlTrialNote *n = self->notes->pdata[i];
      training += n->state == HL_SWEEP_TRIAL_RUNNING;
      waiting += n->state == HL_SWEEP_TRIAL_PENDING;
    }
  training_text = g_strdup_printf (g_dngettext (NULL, "%u trial is training: it is saved as cancelled and can "
                                                 "be resumed from the Runs page.",
                                                 "%u trials are training: they are saved as cancelled and "
                                                 "can be resumed from the Runs page.", training), training);
  waiting_text = g_strdup_printf (g_dngettext (NULL, "%u waiting will not run.", "%u waiting will not run.",
                                               waiting), waiting);
  /* not "0 trials are training: they are saved as cancelled" before the first started */
  if (training == 0)
    body = g_strdup (waiting_text);
  else
    body = g_strconcat (training_text, waiting > 0 ? " " : NULL, waiting_text, NULL);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Stop the Sweep?"), body));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Running"), "stop", _("_Stop Sweep"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
