/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-dialog-check.c - every trial of the sweep dialog's setup
 * checked on a worker once the edits settle: an edit checks only the
 * trials that stand for all when there are more than a few hundred, and a
 * mix of values they miss (two wide layers in 2 of 300 random trials) was
 * only refused at Start.  The newest edit wins: a check an edit overtook
 * is cancelled and its result, if it comes anyway, dropped.  Start while
 * it runs waits for its sweep (it cancelled it and built every trial
 * again). */
#include "hl-sweep-dialog-private.h"

/* How long the form must rest before every trial is checked (typing a
 * number restarts it, so no worker builds the sweep of each keystroke). */
guint hl_sweep_dialog_check_delay_ms = 300;

static HlSweepDialogReadHook check_hook;
static gpointer check_hook_data;

void
hl_sweep_dialog_set_check_hook (HlSweepDialogReadHook hook, gpointer user_data)
{
  check_hook = hook;
  check_hook_data = user_data;
}

static void
check_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  hl_sweep_build_job_run (task, task_data, cancellable);
  /* (after the work, before the task completes, which is when this
   * function returns: the test holds a result an edit then overtakes) */
  if (check_hook != NULL)
    check_hook (check_hook_data);
}

/* The check's verdict, kept for its spec; the form refreshed says it.
 * Closed meanwhile, or overtaken by an edit: dropped with the task. */
static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (source);
  const HlSweepBuildJob *c = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  HlSweep *sweep;

  if (self->disposed || hl_sweep_dialog_is_destroyed (self) || c->generation != self->all_generation)
    return;
  sweep = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_object (&self->all_cancel);
  if (sweep == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->all_for_start)
    {
      hl_sweep_dialog_check_all_stop (self);   /* forgotten: its sweep is Start's */
      hl_sweep_dialog_built (self, sweep, error, &c->problem);
      return;
    }
  self->all = sweep;
  if (error != NULL)
    self->all_error = hl_vary_reword (self->varies, error, &c->problem);
  hl_sweep_dialog_refresh (self);
}

static gboolean
check_now (gpointer data)
{
  HlSweepDialog *self = data;
  HlSweepBuildJob *c = hl_sweep_build_job_new (self, g_steal_pointer (&self->all_spec_node));
  g_autoptr (GTask) task = NULL;

  self->all_timeout = 0;
  c->generation = self->all_generation;
  self->all_cancel = g_cancellable_new ();
  task = g_task_new (self, self->all_cancel, on_checked, NULL);
  g_task_set_source_tag (task, check_now);
  g_task_set_task_data (task, c, hl_sweep_build_job_free);
  /* the generation decides what is stale, also for a result that was
   * already in hand when the edit came */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, check_in_thread);
  return G_SOURCE_REMOVE;
}

void
hl_sweep_dialog_check_all_stop (HlSweepDialog *self)
{
  self->all_for_start = FALSE;
  self->all_generation++;
  g_clear_handle_id (&self->all_timeout, g_source_remove);
  if (self->all_cancel != NULL)
    g_cancellable_cancel (self->all_cancel);
  g_clear_object (&self->all_cancel);
  g_clear_pointer (&self->all_spec, g_free);
  g_clear_pointer (&self->all_spec_node, json_node_unref);
  g_clear_pointer (&self->all, hl_sweep_free);
  g_clear_error (&self->all_error);
}

const GError *
hl_sweep_dialog_check_all (HlSweepDialog *self, JsonNode *spec)
{
  g_autofree char *text = json_to_string (spec, FALSE);

  if (g_strcmp0 (text, self->all_spec) == 0)
    return self->all_error;   /* checked, or being checked */
  hl_sweep_dialog_check_all_stop (self);
  self->all_spec = g_steal_pointer (&text);
  self->all_spec_node = json_node_ref (spec);
  self->all_timeout = g_timeout_add (hl_sweep_dialog_check_delay_ms, check_now, self);
  return NULL;
}

gboolean
hl_sweep_dialog_checking_all (HlSweepDialog *self)
{
  return self->all_spec != NULL && self->all == NULL && self->all_error == NULL;
}

gboolean
hl_sweep_dialog_check_all_for_start (HlSweepDialog *self)
{
  /* (its verdict in hand, all_cancel is cleared) */
  if (self->all_cancel == NULL)
    return FALSE;
  self->all_for_start = TRUE;
  return TRUE;
}

HlSweep *
hl_sweep_dialog_take_all (HlSweepDialog *self)
{
  HlSweep *sweep = g_steal_pointer (&self->all);

  hl_sweep_dialog_check_all_stop (self);
  return sweep;
}
