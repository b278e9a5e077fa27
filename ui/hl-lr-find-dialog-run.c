/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find-dialog-run.c - the range test of the dialog on a thread of
 * its own: each step crosses to the UI through a progress mailbox (as a
 * training run's points do) that a tick callback drains once a frame into
 * the growing curve and the progress bar; Stop keeps the steps taken. */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-format.h"
#include "hl-lr-find-dialog-private.h"

typedef struct {
  HlConfig          *config;
  HlPluginRegistry  *registry;
  HlProgressMailbox *mailbox;
  double             from, to;
  guint              steps;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  hl_config_free (job->config);
  hl_progress_mailbox_unref (job->mailbox);
  g_free (job);
}

/* On the test's thread, every step: a few numbers under the mailbox's
 * lock.  The point's training loss is the smoothed loss, the curve drawn. */
static void
post_step (const HlLrFindProgress *p, gpointer data)
{
  HlProgressMailbox *mailbox = data;
  const HlProgress progress = { .step = p->step, .total_steps = p->steps, .lr = p->lr,
                                .train_loss = p->loss, .val_loss = NAN, .val_accuracy = NAN,
                                .elapsed = p->elapsed, .eta = NAN };
  const HlMetricPoint point = { p->step, NAN, p->lr, p->smoothed, NAN, NAN };

  hl_progress_mailbox_post_progress (mailbox, &progress);
  hl_progress_mailbox_post_point (mailbox, &point);
}

/* A thread of its own, not a pool thread: its priority is lowered as a
 * background run's, which an unprivileged process cannot raise again. */
static gpointer
worker (gpointer data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  HlLrFindResult *r;

  hl_thread_lower_priority ();
  r = hl_lr_find_full (job->config, job->registry, job->from, job->to, job->steps,
                       HL_LR_FIND_KEEP_PARTIAL, post_step, job->mailbox,
                       g_task_get_cancellable (task), &error);
  if (r != NULL)
    g_task_return_pointer (task, r, (GDestroyNotify) hl_lr_find_result_free);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
  return NULL;
}

/* "Step 73 of 200 · rate 1.2e-3 · 4 s", or the data loading before the
 * first step; written when a figure in it changed. */
static void
show_live_status (HlLrFindDialog *self, gboolean stepped)
{
  const guint seconds = (guint) ((g_get_monotonic_time () - self->started_us) / G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  if (!stepped && seconds == self->shown_seconds)
    return;
  self->shown_seconds = seconds;
  if (self->live_step == 0)
    text = g_strdup_printf (_("Loading the data… %u s"), seconds);
  else
    {
      g_autofree char *rate = hl_format_rate (self->live_lr);
      text = g_strdup_printf (_("Step %u of %u · rate %s · %u s"), self->live_step, self->run_steps,
                              rate, seconds);
    }
  hl_lr_find_dialog_set_status (self, text);
}

/* Once a frame: the steps taken since the last, onto the curve. */
static gboolean
on_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  HlLrFindDialog *self = HL_LR_FIND_DIALOG (widget);
  HlProgressDrain d;
  gboolean stepped = FALSE;

  if (self->mailbox != NULL && hl_progress_mailbox_drain (self->mailbox, &d))
    {
      for (guint i = 0; i < d.points->len; i++)
        {
          const HlMetricPoint *pt = &g_array_index (d.points, HlMetricPoint, i);
          hl_lr_find_plot_append (self->plot, pt->lr, pt->train_loss);
        }
      if (d.points->len > 0)
        gtk_widget_set_visible (self->plot_frame, TRUE);
      if (d.has_progress && d.progress.step > self->live_step)
        {
          self->live_step = (guint) d.progress.step;
          self->live_lr = d.progress.lr;
          gtk_progress_bar_set_fraction (self->progress_bar, (double) self->live_step / self->run_steps);
          stepped = TRUE;
        }
    }
  hl_progress_drain_clear (&d);
  show_live_status (self, stepped);
  return G_SOURCE_CONTINUE;
}

void
hl_lr_find_dialog_end_live (HlLrFindDialog *self)
{
  if (self->frame_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->frame_id);
  self->frame_id = 0;
  g_clear_pointer (&self->mailbox, hl_progress_mailbox_unref);
}

static void
set_running (HlLrFindDialog *self, gboolean running)
{
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  hl_lr_find_dialog_end_live (self);
  if (running)
    {
      self->mailbox = hl_progress_mailbox_new ();
      self->live_step = 0;
      self->shown_seconds = G_MAXUINT;
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      self->frame_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_frame, NULL, NULL);
      show_live_status (self, FALSE);
    }
  hl_lr_find_dialog_running_changed (self);
}

/* Start or Stop pressed from the keyboard hides as the test starts or
 * ends: the focus goes to the button in its place (Stop; at the end Use,
 * else Run Again).  It went out of the window: Return did nothing and Tab
 * started over at Cancel (found driving the dialog by keyboard). */
static gboolean
button_has_focus (HlLrFindDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (focus == self->start_button || focus == self->stop_button);
}

static void
on_done (GObject *source, GAsyncResult *res, gpointer data)
{
  HlLrFindDialog *self = HL_LR_FIND_DIALOG (source);
  g_autoptr (GError) error = NULL;
  HlLrFindResult *r = g_task_propagate_pointer (G_TASK (res), &error);
  gboolean refocus;

  g_clear_object (&self->cancellable);
  if (self->disposed)
    {
      g_clear_pointer (&r, hl_lr_find_result_free);
      return;
    }
  refocus = button_has_focus (self);
  /* the result holds every step, also those still in the mailbox */
  set_running (self, FALSE);
  self->result = r;
  if (r != NULL)
    hl_lr_find_dialog_show_result (self);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    hl_lr_find_dialog_set_status (self, _("Stopped before the first step; no result"));
  else
    hl_lr_find_dialog_show_error (self, error->message);
  hl_lr_find_dialog_update_actions (self);
  if (refocus)
    gtk_widget_grab_focus (gtk_widget_get_visible (self->use_button) ? self->use_button : self->start_button);
}

gboolean
hl_lr_find_dialog_start (HlLrFindDialog *self, GError **error)
{
  Job *job;
  GTask *task;

  g_return_val_if_fail (HL_IS_LR_FIND_DIALOG (self), FALSE);
  if (self->cancellable != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The test is running already"));
      return FALSE;
    }
  gtk_spin_button_update (self->from_spin);
  gtk_spin_button_update (self->to_spin);
  gtk_spin_button_update (self->steps_spin);
  job = g_new0 (Job, 1);
  if (!hl_lr_find_dialog_read_range (self, &job->from, &job->to, &job->steps, error))
    {
      g_free (job);
      return FALSE;
    }
  job->config = hl_config_copy (self->config);
  job->registry = self->registry;
  self->run_from = job->from, self->run_to = job->to, self->run_steps = job->steps;
  hl_lr_find_dialog_clear_outcome (self);
  hl_lr_find_plot_start (self->plot, job->from, job->to);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
  self->cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();
  {
    gboolean refocus = button_has_focus (self);

    set_running (self, TRUE);
    if (refocus)
      gtk_widget_grab_focus (self->stop_button);
  }
  job->mailbox = hl_progress_mailbox_ref (self->mailbox);
  task = g_task_new (self, self->cancellable, on_done, NULL);
  g_task_set_source_tag (task, hl_lr_find_dialog_start);
  /* a stopped test returns the steps it took: the task would turn that
   * into G_IO_ERROR_CANCELLED */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, job_free);
  g_thread_unref (g_thread_new ("hl-lr-find", worker, task));
  return TRUE;
}

void
hl_lr_find_dialog_stop (HlLrFindDialog *self)
{
  g_return_if_fail (HL_IS_LR_FIND_DIALOG (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
hl_lr_find_dialog_get_running (HlLrFindDialog *self)
{
  g_return_val_if_fail (HL_IS_LR_FIND_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}
