/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-window-sweep.c - "Sweep…": the sweep dialog on the form's config, the
 * trials' runs on the Runs page, and no trial lost when the window closes. */
#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-sweep-dialog.h"
#include "hl-window-private.h"

/* How often the Runs page catches up while a sweep's trials are saved. */
#define TRIALS_REFRESH_MS 250

static gboolean
refresh_for_trials (gpointer data)
{
  HlWindow *self = data;

  self->sweep_refresh_id = 0;
  if (self->run_list != NULL)
    hl_run_list_refresh (self->run_list);
  return G_SOURCE_REMOVE;
}

/* A trial's run, saved by the sweep's own store: only its row changes (a
 * whole reload at each trial held a big store's window), at most 4 times a
 * second.  A refresh at each trial rescans the store: trials of a second
 * or less, on a store of a thousand runs, held the window for 0.3-0.6 s at
 * a time. */
static void
on_trial_saved (HlWindow *self, const char *id)
{
  if (self->sweep_refresh_id == 0)
    self->sweep_refresh_id = g_timeout_add (TRIALS_REFRESH_MS, refresh_for_trials, self);
}

/* The Runs page with the sweep's runs selected, ready to compare. */
static void
on_show_runs (HlSweepDialog *dialog, GPtrArray *ids, HlWindow *self)
{
  g_autoptr (GPtrArray) strv = g_ptr_array_new ();

  hl_window_show_page (self, "runs");
  if (self->run_list == NULL)
    return;
  g_clear_handle_id (&self->sweep_refresh_id, g_source_remove);
  hl_run_list_refresh (self->run_list);
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (strv, ids->pdata[i]);
  g_ptr_array_add (strv, NULL);
  hl_run_list_select_ids (self->run_list, (const char *const *) strv->pdata);
  if (ids->len > 0)
    hl_run_list_reveal_selection (self->run_list, ids->pdata[0]);   /* the best */
}

/* Said in the window too: the dialog may have closed as it stopped. */
static void
on_sweep_finished (HlSweepDialog *dialog, HlWindow *self)
{
  const HlSweep *sweep = hl_sweep_dialog_get_sweep (dialog);
  guint saved = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; sweep != NULL && i < sweep->trials->len; i++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[i];
      saved += t->run_id != NULL && t->error == NULL;
    }
  text = g_strdup_printf (g_dngettext (NULL, "Sweep “%s” ended: %u run saved",
                                       "Sweep “%s” ended: %u runs saved", saved),
                          sweep != NULL ? sweep->name : "", saved);
  hl_window_show_toast (self, text);
  g_clear_handle_id (&self->sweep_refresh_id, g_source_remove);
  if (self->run_list != NULL)
    hl_run_list_refresh (self->run_list);
}

gboolean
hl_window_sweep_running (HlWindow *self)
{
  return self->sweep_dialog != NULL && hl_sweep_dialog_get_running (HL_SWEEP_DIALOG (self->sweep_dialog));
}

/* The window closes (or the application quits) while a sweep runs: the
 * sweep is cancelled and the process kept until every trial's record is
 * saved, as for an ordinary run. */
void
hl_window_sweep_stop_for_close (HlWindow *self, GApplication *app)
{
  if (!hl_window_sweep_running (self))
    return;
  if (app != NULL)
    {
      g_application_hold (app);
      g_signal_connect_swapped (self->sweep_dialog, "finished", G_CALLBACK (g_application_release), app);
    }
  hl_sweep_dialog_stop (HL_SWEEP_DIALOG (self->sweep_dialog));
}

/* Whether the store has a sweep that Continue could go on with (one that
 * trains elsewhere, or a damaged record, cannot).  A few small files. */
static gboolean
has_unfinished_sweeps (HlWindow *self)
{
  g_autoptr (GPtrArray) infos = hl_sweep_record_list (self->store, NULL);

  for (guint i = 0; infos != NULL && i < infos->len; i++)
    {
      const HlSweepRecordInfo *info = infos->pdata[i];
      if (!info->running && info->problem == NULL)
        return TRUE;
    }
  return FALSE;
}

static void
sweep_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HlWindow *self = user_data;
  g_autofree char *issues = NULL;
  GtkWidget *dialog;

  if (self->sweep_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->sweep_dialog));
      return;
    }
  /* the number just typed, not yet entered: the dialog opened on the one
   * before it (found by a keyboard review) */
  hl_form_commit_focused_spin (GTK_WIDGET (self));
  if (self->store == NULL)
    {
      hl_window_show_toast (self, _("Runs are not kept: a sweep needs the run store"));
      return;
    }
  /* the form's problems refuse a new sweep, as they refuse Train (the form
   * shown, its first problem focused and said); with an unfinished sweep
   * to continue, the dialog opens for it, its setup shut and saying why */
  issues = hl_config_panel_get_valid (self->config_panel) ? NULL
           : hl_config_panel_describe_issues (self->config_panel);
  if (issues != NULL && !has_unfinished_sweeps (self))
    {
      if (!hl_window_train_blocked (self))
        {
          g_autofree char *text = g_strdup_printf (_("Fix these first:\n%s"), issues);
          hl_window_show_toast (self, text);
        }
      return;
    }
  dialog = hl_sweep_dialog_new (GTK_WINDOW (self), hl_window_get_config (self), self->store, self->registry);
  if (issues != NULL)
    hl_sweep_dialog_set_form_problem (HL_SWEEP_DIALOG (dialog), issues);
  self->sweep_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->sweep_dialog);
  g_signal_connect_object (dialog, "trial-saved", G_CALLBACK (on_trial_saved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "show-runs", G_CALLBACK (on_show_runs), self, 0);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (on_sweep_finished), self, 0);
  g_signal_connect_object (dialog, "notify::running", G_CALLBACK (hl_window_actions_update), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Destroyed without a close (the application going away): its sweep
 * stops; the dialog finishes saving the trials on its own. */
void
hl_window_sweep_dispose (HlWindow *self)
{
  g_clear_handle_id (&self->sweep_refresh_id, g_source_remove);
  if (hl_window_sweep_running (self))
    hl_sweep_dialog_stop (HL_SWEEP_DIALOG (self->sweep_dialog));
  if (self->sweep_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->sweep_dialog), (gpointer *) &self->sweep_dialog);
  self->sweep_dialog = NULL;
}

static const GActionEntry entries[] = {
  { .name = "sweep", .activate = sweep_activated },
};

void
hl_window_sweep_init (HlWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}
