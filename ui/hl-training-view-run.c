/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-training-view-run.c - the training session of HlTrainingView: starts or
 * resumes a trainer on a worker, computes the final decision boundary off
 * the main thread, saves the finished run to the store on a worker. */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-boundary.h"
#include "hl-form-util.h"
#include "hl-training-view-private.h"
#include "hl-ui.h"

/* The training data for the boundary view when the form's preview was not
 * ready: read once the worker has loaded the dataset (a progress report or
 * the run's end has come through the mailbox since), which it never
 * changes afterwards. */
void
hl_training_view_take_dataset_points (HlTrainingView *self)
{
  const HlDataset *ds = hl_trainer_get_dataset (self->trainer);
  g_autofree float *xy = NULL;
  guint n = 0, step;

  if (hl_scatter_preview_get_n_points (self->boundary) > 0 || ds == NULL
      || ds->train.x == NULL)
    return;
  if (ds->n_features == 1 && ds->task == HL_TASK_REGRESSION && ds->train.targets != NULL)
    {
      /* (x, target) for the fitted curve */
      step = MAX (1, ds->train.n / 2000);
      xy = g_new (float, 2 * (ds->train.n / step + 1));
      for (guint i = 0; i < ds->train.n; i += step, n++)
        {
          xy[2 * n] = ds->train.x[i];
          xy[2 * n + 1] = (float) (ds->train.targets[i] + ds->target_shift);
        }
      hl_scatter_preview_set_graph (self->boundary, TRUE);
      hl_scatter_preview_set_points (self->boundary, xy, NULL, n, 0);
      return;
    }
  if (ds->n_features != 2 || ds->train.labels == NULL)
    return;
  step = MAX (1, ds->train.n / 2000);
  xy = g_new (float, 2 * (ds->train.n / step + 1));
  {
    g_autofree guint32 *labels = g_new (guint32, ds->train.n / step + 1);

    for (guint i = 0; i < ds->train.n; i += step, n++)
      {
        xy[2 * n] = ds->train.x[2 * i];
        xy[2 * n + 1] = ds->train.x[2 * i + 1];
        labels[n] = ds->train.labels[i];
      }
    hl_scatter_preview_set_points (self->boundary, xy, labels, n, ds->n_classes);
  }
}

static void
end_session (HlTrainingView *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_pointer (&self->lock, hl_store_unlock);
  g_clear_pointer (&self->trainer, hl_trainer_free);
  g_clear_pointer (&self->boundary_state, hl_boundary_state_free);
  g_clear_pointer (&self->mailbox, hl_progress_mailbox_unref);
  g_clear_object (&self->cancellable);
  /* "if Hyperlab closes before it ends, the run is lost" no longer holds
   * once it ended, and it hid the toast that said whether the run was
   * saved (found by a QA pass) */
  if (self->checkpoint_toast != NULL)
    adw_toast_dismiss (self->checkpoint_toast);
  g_clear_object (&self->checkpoint_toast);
  gtk_inscription_set_text (self->eta_label, "");
  hl_training_view_set_running (self, FALSE);
}

/* A finished run on its way to the store, or whose record could not be
 * written: its own copy (a newer run replaces last_run), and the lock
 * that tells others it is alive (kept while it is unsaved: nobody removes
 * or resumes it meanwhile). */
typedef struct
{
  HlRun       *run;
  HlStoreLock *lock;
  GError      *error;   /* why the last save failed */
} HlUnsavedRun;

static void
unsaved_run_free (gpointer data)
{
  HlUnsavedRun *u = data;

  hl_run_free (u->run);
  g_clear_pointer (&u->lock, hl_store_unlock);
  g_clear_error (&u->error);
  g_free (u);
}

/* Saving serialises thousands of points: never on the main thread. */
static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  HlStore *store = g_object_get_data (G_OBJECT (task), "hl-store");
  HlUnsavedRun *u = task_data;
  GError *error = NULL;

  /* files only: the store's listing is the main thread's (on_run_saved) */
  if (hl_store_write (store, u->run, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_unsaved_toast_dismissed (AdwToast *toast, HlTrainingView *self)
{
  if (self->unsaved_toast == toast)
    g_clear_object (&self->unsaved_toast);
}

/* The toast goes by itself: dismissing it here again, inside its own
 * button's signal, showed the next toast twice (libadwaita 1.2 aborts) */
static void
on_try_again_clicked (HlTrainingView *self)
{
  g_clear_object (&self->unsaved_toast);
  hl_training_view_save_again (self);
}

/* What to do, by the cause, in the user's words: a path and the system's
 * words were cut off at the toast's edge.  The technical message stays
 * reachable on a second line (and in its tooltip). */
static void
show_unsaved_toast (HlTrainingView *self, const GError *error)
{
  guint n = self->unsaved->len;
  g_autofree char *head = NULL, *text = NULL, *escaped = NULL, *markup = NULL;
  AdwToast *toast;
  const char *advice;
  GtkWidget *title;

  switch (hl_error_save_cause (error))
    {
    case HL_SAVE_CAUSE_NO_ROOM:
      advice = _("the disk is full. Make room, then press Try Again.");
      break;
    case HL_SAVE_CAUSE_NOT_WRITABLE:
      advice = _("the run store folder is not writable. Make it writable, then press Try Again.");
      break;
    case HL_SAVE_CAUSE_OTHER:
    default:
      advice = _("its record could not be written. Fix the cause below, then press Try Again.");
      break;
    }
  if (n == 1)
    head = g_strdup (_("The run was not saved"));
  else
    /* TRANSLATORS: followed by ": " and what to do */
    head = g_strdup_printf (g_dngettext (NULL, "%u run was not saved", "%u runs were not saved", n), n);
  /* TRANSLATORS: "The run was not saved" and what to do ("the disk is full. …") */
  text = g_strdup_printf (_("%s: %s"), head, advice);
  if (self->unsaved_toast != NULL)   /* one toast for all, saying the latest cause */
    adw_toast_dismiss (self->unsaved_toast);
  g_clear_object (&self->unsaved_toast);
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);   /* stays until dismissed */
  markup = g_markup_printf_escaped ("%s\n<small>%s</small>", text, error->message);
  title = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (title), markup);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 100);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_tooltip_text (title, error->message);
  adw_toast_set_custom_title (toast, title);
  adw_toast_set_button_label (toast, _("_Try Again"));
  /* before a toast already up (a stopped run's checkpoint that failed
   * too): the one that says what to do comes first */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_try_again_clicked), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_unsaved_toast_dismissed), self, 0);
  self->unsaved_toast = g_object_ref (toast);
  if (!hl_ui_add_toast_recorded (GTK_WIDGET (self), toast, text))
    g_clear_object (&self->unsaved_toast);
}

static void
on_run_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HlTrainingView) self = user_data;
  g_autoptr (GError) error = NULL;
  HlUnsavedRun *u = g_task_get_task_data (G_TASK (result));   /* ours now */
  GApplication *app = g_object_get_data (G_OBJECT (result), "hl-app");
  gboolean again = g_object_get_data (G_OBJECT (result), "hl-again") != NULL;

  if (again)
    self->saving_again--;
  if (app != NULL)
    g_application_release (app);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Could not save run %s: %s", u->run->id, error->message);
      if (self->disposed)
        {
          /* the window is gone (it asked before closing): nobody to tell */
          unsaved_run_free (u);
          return;
        }
      /* the run is kept, its own copy, until it is saved or let go: the
       * next run no longer drops it (it lived only in last_run) */
      g_clear_error (&u->error);
      u->error = g_steal_pointer (&error);
      if (self->unsaved == NULL)
        self->unsaved = g_ptr_array_new_with_free_func (unsaved_run_free);
      g_ptr_array_add (self->unsaved, u);
      if (self->saving_again == 0)   /* once every try is back */
        show_unsaved_toast (self, u->error);
      hl_training_view_emit_unsaved_changed (self);
      return;
    }
  if (self->store != NULL)
    hl_store_note_saved (self->store, u->run);
  hl_training_view_emit_run_saved (self, u->run->id);
  unsaved_run_free (u);
  if (again && !self->disposed)
    {
      if (self->saving_again == 0 && (self->unsaved == NULL || self->unsaved->len == 0))
        hl_ui_toast (GTK_WIDGET (self), _("Run saved"), 3);
      hl_training_view_emit_unsaved_changed (self);
    }
}

static void
save_on_worker (HlTrainingView *self, HlUnsavedRun *u, gboolean again)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, on_run_saved, g_object_ref (self));
  GApplication *app = g_application_get_default ();

  g_task_set_source_tag (task, save_on_worker);
  g_object_set_data (G_OBJECT (task), "hl-store", self->store);
  /* on_run_saved takes it: kept when the save fails */
  g_task_set_task_data (task, u, NULL);
  if (again)
    {
      g_object_set_data (G_OBJECT (task), "hl-again", GINT_TO_POINTER (1));
      self->saving_again++;
    }
  /* Closing the window right after a run must not end the process (and free
   * the store) before its record is on disk. */
  if (app != NULL)
    {
      g_application_hold (app);
      g_object_set_data_full (G_OBJECT (task), "hl-app", g_object_ref (app), g_object_unref);
    }
  g_task_run_in_thread (task, save_thread);
}

static void
save_run (HlTrainingView *self, const HlRun *run)
{
  HlUnsavedRun *u = g_new0 (HlUnsavedRun, 1);

  u->run = hl_run_copy (run);
  /* The run's lock goes with its last write, not before: released as the
   * save began, `runs rm` could delete the record that the rename then
   * brought back, or `resume` start a second writer (found by a QA pass). */
  u->lock = g_steal_pointer (&self->lock);
  save_on_worker (self, u, FALSE);
}

guint
hl_training_view_get_n_unsaved (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), 0);
  return (self->unsaved != NULL ? self->unsaved->len : 0) + self->saving_again;
}

gboolean
hl_training_view_is_saving_again (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), FALSE);
  return self->saving_again > 0;
}

void
hl_training_view_save_again (HlTrainingView *self)
{
  g_return_if_fail (HL_IS_TRAINING_VIEW (self));
  if (self->store == NULL || self->unsaved == NULL)
    return;
  if (self->unsaved_toast != NULL)
    adw_toast_dismiss (self->unsaved_toast);
  while (self->unsaved->len > 0)
    save_on_worker (self, g_ptr_array_steal_index (self->unsaved, 0), TRUE);
}

void
hl_training_view_forget_unsaved (HlTrainingView *self)
{
  g_return_if_fail (HL_IS_TRAINING_VIEW (self));
  if (self->unsaved_toast != NULL)
    adw_toast_dismiss (self->unsaved_toast);
  g_clear_object (&self->unsaved_toast);
  if (self->unsaved != NULL)
    g_ptr_array_set_size (self->unsaved, 0);
  hl_training_view_emit_unsaved_changed (self);
}

void
hl_training_view_free_unsaved (HlTrainingView *self)
{
  g_clear_object (&self->unsaved_toast);
  g_clear_pointer (&self->unsaved, g_ptr_array_unref);
}

static void
finish_run (HlTrainingView *self)
{
  HlRun *run = g_steal_pointer (&self->pending_run);

  if (self->disposed)
    {
      /* the window closed mid-run: keep the run, touch no widget; nobody
       * waits on the main loop any more, so save right here */
      if (self->store != NULL && !hl_store_save (self->store, run, NULL))
        g_warning ("Could not save run %s", run->id);
      g_clear_pointer (&self->last_run, hl_run_free);
      self->last_run = run;
      g_clear_pointer (&self->lock, hl_store_unlock);
      g_clear_pointer (&self->trainer, hl_trainer_free);
      hl_training_view_set_running (self, FALSE);
      hl_training_view_emit_finished (self, run);
      return;
    }

  self->labels_updated = 0;
  hl_training_view_drain (self);   /* the last points and the final boundary */
  if (self->resumed != NULL)       /* resumed, and not one new point since */
    hl_training_view_plot_resumed (self, G_MAXUINT64);
  /* the points the run adds as it ends (the finite steps before a
   * divergence, the steps before a stop) come with no progress report: a
   * run that diverged at step 6 showed "no data" */
  for (guint i = hl_plot_get_series_len (self->plot, SERIES_TRAIN); i < hl_metrics_len (&run->metrics); i++)
    hl_training_view_append (self, (double) g_array_index (run->metrics.step, guint64, i),
                             g_array_index (run->metrics.epoch, double, i),
                             g_array_index (run->metrics.train_loss, double, i),
                             g_array_index (run->metrics.val_loss, double, i),
                             g_array_index (run->metrics.val_accuracy, double, i));
  if (hl_scatter_preview_has_boundary (self->boundary))
    hl_training_view_take_dataset_points (self);
  if (self->store != NULL)
    save_run (self, run);
  g_clear_pointer (&self->last_run, hl_run_free);
  self->last_run = run;
  if (run->status == HL_RUN_STATUS_COMPLETED)
    gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  hl_training_view_group_finished (self, run);
  hl_training_view_show_outcome (self, run);
  end_session (self);
  hl_training_view_emit_finished (self, run);
}

/* The hook posts at most ten grids a second: draw the final model's. */
static void
final_boundary_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  HlTrainingView *self = task_data;

  g_task_return_boolean (task, hl_boundary_post (self->trainer, self->mailbox,
                                                 self->pending_run->summary.steps));
}

static void
on_final_boundary (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HlTrainingView) self = user_data;

  finish_run (self);
}

static void
on_run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HlTrainingView) self = user_data;
  g_autoptr (GError) error = NULL;
  HlRun *run = hl_trainer_run_finish (self->trainer, result, &error);
  g_autoptr (GTask) task = NULL;

  /* a write that failed as the run ended (a cancelled run's checkpoint:
   * it cannot be resumed) */
  if (!self->disposed && run != NULL)
    hl_training_view_warn_checkpoint (self, run);

  if (run == NULL && self->disposed)
    {
      g_clear_pointer (&self->lock, hl_store_unlock);
      g_clear_pointer (&self->trainer, hl_trainer_free);
      hl_training_view_set_running (self, FALSE);
      hl_training_view_emit_finished (self, NULL);
      return;
    }
  if (run == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stop while the dataset loaded: not a failure (it said "Could not
       * train: Operation was cancelled" in red) */
      hl_training_view_drain (self);
      gtk_inscription_set_text (self->detail_label, "");   /* not "Loading the dataset…" */
      hl_training_view_set_outcome (self, "process-stop-symbolic", "warning",
                                    _("Stopped before training began"),
                                    _("The dataset was still loading: nothing was trained or kept."),
                                    FALSE);
      end_session (self);
      hl_training_view_emit_finished (self, NULL);
      return;
    }
  if (run == NULL && self->resuming)
    {
      /* A resume refused here (the run's data changed since, or no longer
       * load) is the same refusal as one said before it started (its
       * config edited): the window says both in one dialog.  It was a red
       * card on a page the run never began on.  Nothing was trained, so
       * the page is as before any run. */
      hl_training_view_drain (self);
      end_session (self);
      gtk_widget_set_visible (self->empty_cover, TRUE);
      hl_training_view_emit_resume_refused (self, error);
      hl_training_view_emit_finished (self, NULL);
      return;
    }
  if (run == NULL)
    {
      /* the line under the bar said "Loading the dataset…" beside the
       * card's refusal (found by a QA pass) */
      hl_training_view_drain (self);
      gtk_inscription_set_text (self->detail_label, "");
      hl_training_view_set_outcome (self, "dialog-error-symbolic", "error", _("Could not train"),
                                    error ? error->message : "", FALSE);
      end_session (self);
      hl_training_view_emit_finished (self, NULL);
      return;
    }
  self->pending_run = run;
  /* Stop must answer at once; a diverged model draws NaN (its last good
   * picture stays: the final one replaced it with a blank; found by a review) */
  if (run->status == HL_RUN_STATUS_CANCELLED || run->status == HL_RUN_STATUS_DIVERGED || self->disposed)
    {
      finish_run (self);
      return;
    }
  task = g_task_new (NULL, NULL, on_final_boundary, g_object_ref (self));
  g_task_set_source_tag (task, on_run_done);
  g_task_set_task_data (task, self, NULL);
  g_task_run_in_thread (task, final_boundary_thread);
}

/* Takes the trainer and a lock: a resumed run's, or claimed for a new run
 * in the store (which then gets its record there). */
static void
start_trainer (HlTrainingView *self, HlTrainer *trainer, HlStoreLock *lock, HlStoreLock *claimed,
               HlScatterPreview *points, gboolean resumed)
{
  HlRun *run = hl_trainer_get_run (trainer);

  self->trainer = trainer;
  /* a resumed run's lock, or the one that claimed a new run's id (both tell
   * others it is alive) */
  self->lock = lock != NULL ? lock : claimed;
  self->resuming = resumed;
  self->mailbox = hl_progress_mailbox_new ();
  self->cancellable = g_cancellable_new ();
  hl_trainer_set_progress_func (self->trainer, hl_progress_mailbox_progress_func, self->mailbox);
  self->boundary_state = hl_boundary_state_new (self->mailbox);
  hl_trainer_set_hook (self->trainer, HL_BOUNDARY_EVERY_STEPS, hl_boundary_hook, self->boundary_state);
  if (run != NULL && self->group != NULL)
    {
      g_free (run->group);
      run->group = g_strdup (self->group);
    }
  if (claimed != NULL)
    {
      g_autofree char *path = hl_store_path_for (self->store, run->id);

      /* a crash mid-run leaves a checkpoint that the store shows as interrupted */
      hl_trainer_set_checkpoint (self->trainer, path, self->checkpoint_seconds);
    }
  if (run != NULL && run->config != NULL)
    {
      const HlDatasetConfig *d = &run->config->dataset;
      gboolean regression = hl_config_is_regression (run->config);

      self->n_live = d->validation_split <= 0 ? SERIES_VAL : regression ? SERIES_ACC : SERIES_ACC + 1;
      self->loss_task = regression;
    }
  g_clear_pointer (&self->live_seed, g_free);
  if (run != NULL && run->config != NULL && self->group != NULL)
    self->live_seed = g_strdup_printf ("%" G_GUINT64_FORMAT, run->config->seed);
  hl_training_view_reset_view (self, points);
  g_clear_pointer (&self->resumed, hl_run_free);
  if (resumed && run != NULL && hl_metrics_len (&run->metrics) > 0)
    self->resumed = hl_run_copy (run);   /* trimmed to the checkpoint already */
  hl_training_view_set_running (self, TRUE);
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), hl_training_view_on_tick, NULL, NULL);
  /* Training yields the cores to drawing: the window never stutters. */
  hl_trainer_set_background (self->trainer, TRUE);
  hl_trainer_run_async (self->trainer, self->cancellable, on_run_done, g_object_ref (self));
}

gboolean
hl_training_view_start (HlTrainingView *self, const HlConfig *config,
                        HlScatterPreview *points, GError **error)
{
  HlTrainer *trainer;

  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);
  trainer = hl_trainer_new (config, self->registry, error);
  if (trainer == NULL)
    return FALSE;
  /* A store that takes no new run (read-only, full) is said before training:
   * it was a g_warning, and the run trained without a record (found by a
   * review) */
  if (self->store != NULL && hl_trainer_get_run (trainer) != NULL)
    {
      HlStoreLock *claimed = hl_store_claim_new_id (self->store, hl_trainer_get_run (trainer), error);

      if (claimed == NULL)
        {
          g_prefix_error (error, _("Cannot keep the run: "));
          hl_trainer_free (trainer);
          return FALSE;
        }
      start_trainer (self, trainer, NULL, claimed, points, FALSE);
      return TRUE;
    }
  start_trainer (self, trainer, NULL, NULL, points, FALSE);
  return TRUE;
}

gboolean
hl_training_view_resume (HlTrainingView *self, const char *id, GError **error)
{
  HlStoreLock *lock = NULL;
  HlTrainer *trainer;

  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);
  if (self->store == NULL)
    {
      g_set_error_literal (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND, _("Runs are not kept: no run store"));
      return FALSE;
    }
  trainer = hl_store_resume_trainer (self->store, id, self->registry, &lock, error);
  if (trainer == NULL)
    return FALSE;
  start_trainer (self, trainer, lock, NULL, NULL, TRUE);
  return TRUE;
}

void
hl_training_view_set_group (HlTrainingView *self, const char *group)
{
  g_return_if_fail (HL_IS_TRAINING_VIEW (self));
  if (group == NULL && self->group != NULL)
    {
      g_clear_pointer (&self->group, g_free);
      hl_training_view_group_done (self);
      return;
    }
  if (g_strcmp0 (group, self->group) != 0)
    g_clear_pointer (&self->group_runs, g_ptr_array_unref);
  g_free (self->group);
  self->group = g_strdup (group);
}

void
hl_training_view_stop (HlTrainingView *self)
{
  g_return_if_fail (HL_IS_TRAINING_VIEW (self));
  if (!self->running)
    return;
  g_cancellable_cancel (self->cancellable);
  gtk_label_set_text (self->status_label, _("Stopping…"));
}

