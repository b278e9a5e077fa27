/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-dialog.c - the sweep dialog and its setup page: what to vary and
 * how to search, checked on every edit so the trial count and any problem
 * show at once (the trials are counted, and only those that stand for all
 * built: 10,000 trials' configs took a third of a second a keystroke, and
 * every trial is checked on a worker once the edits settle,
 * hl-sweep-dialog-check.c); the whole sweep is built at Start (unless that
 * check built it), on a worker from 1,000 trials (the run
 * page is hl-sweep-dialog-run.c; the store's unfinished sweeps atop the
 * setup, hl-sweep-dialog-records.c). */
#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-sweep-dialog-private.h"

G_DEFINE_FINAL_TYPE (HlSweepDialog, hl_sweep_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_RUNNING, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { TRIAL_SAVED, FINISHED, SHOW_RUNS, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { METHOD_RANDOM, METHOD_GRID };

/* ---- the setup ----------------------------------------------------------- */

static char *
sweep_name (HlSweepDialog *self)
{
  char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  if (*name != '\0')
    return name;
  g_free (name);
  return g_strdup (self->default_name);
}

/* The space of the switched-on rows, or NULL with *error. */
static JsonNode *
build_space (HlSweepDialog *self, guint points, char **error)
{
  g_autoptr (JsonObject) space = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < self->varies->len; i++)
    {
      const HlVary *v = self->varies->pdata[i];
      JsonNode *entry;

      if (!hl_vary_enabled (v))
        continue;
      if ((entry = hl_vary_to_json (v, points, error)) == NULL)
        return NULL;
      json_object_set_member (space, v->path, entry);
    }
  if (json_object_get_size (space) == 0)
    {
      *error = g_strdup (_("Switch on at least one setting to vary."));
      return NULL;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, space);
  return node;
}

/* The sweep file's object (without "base") for the setup, or NULL with *error. */
static JsonNode *
build_spec (HlSweepDialog *self, char **error)
{
  gboolean grid = adw_combo_row_get_selected (self->method_row) == METHOD_GRID;
  JsonNode *space = build_space (self, grid ? (guint) gtk_spin_button_get_value (self->points_spin) : 0,
                                 error);
  g_autofree char *name = sweep_name (self);
  JsonObject *o, *pruning;
  JsonNode *spec;

  if (space == NULL)
    return NULL;
  o = json_object_new ();
  json_object_set_string_member (o, "name", name);
  json_object_set_member (o, "space", space);
  json_object_set_string_member (o, "method", grid ? "grid" : "random");
  if (!grid)
    {
      json_object_set_int_member (o, "budget", (gint64) gtk_spin_button_get_value (self->budget_spin));
      json_object_set_int_member (o, "seed", (gint64) gtk_spin_button_get_value (self->seed_spin));
    }
  json_object_set_string_member (o, "metric",
                                 adw_combo_row_get_selected (self->metric_row) == 1 ? "val_accuracy" : "val_loss");
  pruning = json_object_new ();
  if (adw_expander_row_get_enable_expansion (self->pruning_row))
    {
      json_object_set_string_member (pruning, "method", "successive_halving");
      json_object_set_double_member (pruning, "min_epochs", gtk_spin_button_get_value (self->min_epochs_spin));
      json_object_set_int_member (pruning, "reduction_factor", adw_combo_row_get_selected (self->reduction_row) + 2);
    }
  else
    json_object_set_string_member (pruning, "method", "none");
  json_object_set_object_member (o, "pruning", pruning);
  json_object_set_int_member (o, "parallel", (gint64) gtk_spin_button_get_value (self->parallel_spin));
  spec = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (spec, o);
  return spec;
}

/* What early stopping will do, on its row while folded. */
static void
describe_pruning (HlSweepDialog *self)
{
  double first = gtk_spin_button_get_value (self->min_epochs_spin);
  guint eta = adw_combo_row_get_selected (self->reduction_row) + 2;
  g_autofree char *epochs = g_strdup_printf (g_dngettext (NULL, "%g epoch", "%g epochs", first == 1 ? 1 : 2),
                                             first);
  g_autofree char *text = NULL;

  if (adw_expander_row_get_enable_expansion (self->pruning_row))
    text = g_strdup_printf (_("First after %s, then at %u×, %u×…: the best 1/%u go on"),
                            epochs, eta, eta * eta, eta);
  adw_expander_row_set_subtitle (self->pruning_row, text ? text : _("Every trial trains to its end"));
}

static void
show_setup_state (HlSweepDialog *self)
{
  guint n = self->checked != NULL ? self->checked->budget : 0;
  g_autofree char *count = g_strdup_printf (g_dngettext (NULL, "%u trial", "%u trials", n), n);

  g_autofree char *checking = g_strdup_printf (g_dngettext (NULL, "%u trial, checking it…",
                                                            "%u trials, checking each…", n), n);

  gtk_label_set_text (self->count_label, self->loading ? _("Reading the runs…")
                                         : self->preparing ? _("Preparing the trials…")
                                         : self->checked == NULL ? _("Cannot start")
                                         : hl_sweep_dialog_checking_all (self) ? checking : count);
  adw_window_title_set_subtitle (self->setup_title, self->checked != NULL ? count : NULL);
  gtk_label_set_text (self->error_label, self->problem != NULL ? self->problem->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.start",
                                 self->checked != NULL && !self->started && self->opening == NULL &&
                                 !self->loading && !self->preparing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->records_group), !self->loading);
  describe_pruning (self);
}

/* The row a problem names ("Learning Rate: low must be below high") in red. */
static void
mark_rows (HlSweepDialog *self)
{
  for (guint i = 0; i < self->varies->len; i++)
    {
      const HlVary *v = self->varies->pdata[i];
      g_autofree char *prefix = g_strconcat (v->title, ":", NULL);

      if (self->problem != NULL && g_str_has_prefix (self->problem->message, prefix))
        gtk_widget_add_css_class (GTK_WIDGET (v->row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (v->row), "error");
    }
}

/* An engine's problem with the setup, in the form's words (problem: its
 * parts, or NULL). */
static void
set_problem (HlSweepDialog *self, const GError *error, const HlSweepProblem *problem)
{
  g_clear_error (&self->problem);
  self->problem = hl_vary_reword (self->varies, error, problem);
}

/* Check the form's sweep (its trials counted, those that stand for all
 * built and checked), or say the problem in the form's words. */
static void
refresh (HlSweepDialog *self)
{
  g_autofree char *why = NULL;
  g_autoptr (JsonNode) spec = NULL;
  g_autoptr (GError) error = NULL;
  HlSweepProblem problem = { 0 };

  if (self->started || self->preparing || self->varies == NULL)
    return;
  g_clear_pointer (&self->checked, hl_sweep_free);
  g_clear_error (&self->problem);
  spec = build_spec (self, &why);
  if (spec != NULL && self->form_problem == NULL)
    self->checked = hl_sweep_check_for_config (self->base, spec, self->registry, &problem, &error);
  if (self->form_problem != NULL)
    {
      /* the form's own problems first: a trial of it would fail as Train does */
      self->problem = g_error_new (HL_CONFIG_ERROR, HL_CONFIG_ERROR_INCONSISTENT,
                                   _("A new sweep needs the form fixed first:\n%s"), self->form_problem);
    }
  else if (self->store == NULL)
    self->problem = g_error_new_literal (HL_RUN_ERROR, HL_RUN_ERROR_IO, self->store_error);
  else if (why != NULL)
    self->problem = g_error_new_literal (HL_SWEEP_ERROR, HL_SWEEP_ERROR_RANGE, why);
  else if (error != NULL)
    set_problem (self, error, &problem);
  hl_sweep_problem_clear (&problem);
  if (self->checked != NULL && self->problem == NULL && self->checked->trials->len < self->checked->budget)
    {
      /* the trials checked stand for others: all are checked on a worker */
      const GError *found = hl_sweep_dialog_check_all (self, spec);

      if (found != NULL)
        {
          self->problem = g_error_copy (found);   /* in the form's words already */
          g_clear_pointer (&self->checked, hl_sweep_free);
        }
    }
  else
    hl_sweep_dialog_check_all_stop (self);
  mark_rows (self);
  show_setup_state (self);
}

void
hl_sweep_dialog_refresh (HlSweepDialog *self)
{
  refresh (self);
}

void
hl_sweep_dialog_set_form_problem (HlSweepDialog *self, const char *reason)
{
  g_return_if_fail (HL_IS_SWEEP_DIALOG (self));
  if (g_strcmp0 (reason, self->form_problem) == 0)
    return;
  g_free (self->form_problem);
  self->form_problem = g_strdup (reason);
  /* what a new sweep would take is shut; Unfinished Sweeps stays open */
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), reason == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->vary_group), reason == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_group), reason == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pruning_row), reason == NULL);
  refresh (self);
  /* the focus on what the dialog is open for: else it fell on the first
   * thing left that takes it, the problem's selectable text, all selected */
  for (guint i = 0; reason != NULL && self->record_rows != NULL && i < self->record_rows->len; i++)
    {
      const HlRecordRow *r = self->record_rows->pdata[i];

      if (r->continue_button != NULL && gtk_widget_grab_focus (r->continue_button))
        break;
    }
}

static void refuse_sweep (HlSweepDialog *self, const GError *local, const HlSweepProblem *problem,
                          GError **error);

/* The whole sweep of the checked setup: every trial built and checked (a
 * mix of values none of the checked trials had can still be wrong). */
static gboolean
build_sweep (HlSweepDialog *self, GError **error)
{
  g_autofree char *why = NULL;
  g_autoptr (JsonNode) spec = build_spec (self, &why);
  g_autoptr (GError) local = NULL;
  HlSweepProblem problem = { 0 };

  g_return_val_if_fail (spec != NULL, FALSE);
  g_clear_pointer (&self->sweep, hl_sweep_free);
  self->sweep = hl_sweep_new_for_config_cancellable (self->base, spec, self->registry, NULL, &problem, &local);
  if (self->sweep == NULL)
    refuse_sweep (self, local, &problem, error);
  hl_sweep_problem_clear (&problem);
  return self->sweep != NULL;
}

/* A trial of the whole sweep is wrong: the form says so, shut until the
 * next edit. */
static void
refuse_sweep (HlSweepDialog *self, const GError *local, const HlSweepProblem *problem, GError **error)
{
  set_problem (self, local, problem);
  g_clear_pointer (&self->checked, hl_sweep_free);
  mark_rows (self);
  show_setup_state (self);
  g_propagate_error (error, g_error_copy (self->problem));
}

/* Random asks for a number of trials and a seed, a grid for points. */
static void
on_method_changed (HlSweepDialog *self)
{
  gboolean grid = adw_combo_row_get_selected (self->method_row) == METHOD_GRID;

  gtk_widget_set_visible (GTK_WIDGET (self->budget_row), !grid);
  gtk_widget_set_visible (GTK_WIDGET (self->seed_row), !grid);
  gtk_widget_set_visible (GTK_WIDGET (self->points_row), grid);
  refresh (self);
}

static GtkSpinButton *
add_spin (HlSweepDialog *self, AdwActionRow *row, double lo, double hi, double step, guint digits,
          double value)
{
  GtkWidget *spin = hl_form_spin_new (lo, hi, step, digits,
                                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  adw_action_row_add_suffix (row, spin);
  adw_action_row_set_activatable_widget (row, spin);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (refresh), self);
  return GTK_SPIN_BUTTON (spin);
}

/* "spiral sweep", or "spiral sweep 2" when the store has runs of the first:
 * the trials' names start with it, so each sweep's runs are told apart. */
static char *
unique_name (const HlConfig *base, HlStore *store)
{
  g_autoptr (GPtrArray) runs = store != NULL ? hl_store_list (store) : NULL;
  /* the data, not the config's name: the trials' names start with it and
   * must differ within the run table's Name column */
  const char *what = base->dataset.kind;

  for (guint k = 1;; k++)
    {
      g_autofree char *name = k == 1 ? g_strdup_printf (_("%s sweep"), what)
                                     : g_strdup_printf (_("%s sweep %u"), what, k);
      g_autofree char *prefix = g_strconcat (name, " #", NULL);
      gboolean taken = FALSE;

      for (guint i = 0; runs != NULL && i < runs->len && !taken; i++)
        taken = g_str_has_prefix (((HlRunInfo *) runs->pdata[i])->name, prefix);
      if (!taken)
        return g_steal_pointer (&name);
    }
}

static void
build_setup (HlSweepDialog *self)
{
  guint cpus = MAX (1u, g_get_num_processors ());
  g_autoptr (GtkStringList) metrics = gtk_string_list_new (NULL);

  self->default_name = unique_name (self->base, self->store);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->default_name);
  self->varies = hl_vary_rows_new (self->vary_group, self->base, G_CALLBACK (refresh), self);
  self->budget_spin = add_spin (self, self->budget_row, 1, HL_SWEEP_MAX_TRIALS, 1, 0, 12);
  self->seed_spin = add_spin (self, self->seed_row, 0, G_MAXINT32, 1, 0, 1);
  self->points_spin = add_spin (self, self->points_row, 2, 50, 1, 0, 3);
  /* as the engine's default (hl_sweep_default_parallel): trials of several
   * threads each share the processors, not fight over them */
  self->parallel_spin = add_spin (self, self->parallel_row, 1, cpus, 1, 0,
                                  MAX (1u, cpus / MAX (1u, self->base->training.threads)));
  /* as the engine's default: four rungs, the last at the end (a first check
   * after 1 epoch stopped good rates of a 100-epoch spiral on their noise) */
  self->min_epochs_spin = add_spin (self, self->min_epochs_row, 0.01, 1000, 0.5, 2,
                                    hl_sweep_default_min_epochs (self->base->training.epochs, 3));
  {
    g_autofree char *max = g_strdup_printf (g_dngettext (NULL, "This computer has %u processor",
                                                         "This computer has %u processors", cpus), cpus);
    g_autofree char *each = g_strdup_printf (_("%s; each trial trains on %u threads"), max,
                                             self->base->training.threads);
    adw_action_row_set_subtitle (self->parallel_row, self->base->training.threads > 1 ? each : max);
  }
  gtk_string_list_append (metrics, _("Validation Loss"));
  if (!hl_config_is_regression (self->base))
    gtk_string_list_append (metrics, _("Validation Accuracy"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->metric_row), _("A regression is compared on its loss"));
  adw_combo_row_set_model (self->metric_row, G_LIST_MODEL (metrics));
  g_signal_connect_swapped (self->method_row, "notify::selected", G_CALLBACK (on_method_changed), self);
  g_signal_connect_swapped (self->metric_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->reduction_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->pruning_row, "notify::enable-expansion", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (refresh), self);
  /* the learning rate is what a sweep tries first */
  adw_expander_row_set_enable_expansion (((HlVary *) self->varies->pdata[0])->row, TRUE);
  on_method_changed (self);
}

/* ---- API ------------------------------------------------------------------ */

guint
hl_sweep_dialog_get_n_trials (HlSweepDialog *self)
{
  g_return_val_if_fail (HL_IS_SWEEP_DIALOG (self), 0);
  if (self->started)
    return self->sweep->trials->len;
  return self->checked != NULL ? self->checked->budget : 0;
}

const char *
hl_sweep_dialog_get_error (HlSweepDialog *self)
{
  g_return_val_if_fail (HL_IS_SWEEP_DIALOG (self), NULL);
  return self->problem != NULL ? self->problem->message : NULL;
}

gboolean
hl_sweep_dialog_get_running (HlSweepDialog *self)
{
  g_return_val_if_fail (HL_IS_SWEEP_DIALOG (self), FALSE);
  return self->running;
}

const HlSweep *
hl_sweep_dialog_get_sweep (HlSweepDialog *self)
{
  g_return_val_if_fail (HL_IS_SWEEP_DIALOG (self), NULL);
  return self->started ? self->sweep : NULL;
}

/* A number typed but not yet entered counts (each spin that takes one
 * refreshes the setup). */
static void
commit_typed (HlSweepDialog *self)
{
  GtkSpinButton *spins[] = { self->budget_spin, self->seed_spin, self->points_spin,
                             self->parallel_spin, self->min_epochs_spin };

  for (guint i = 0; i < self->varies->len; i++)
    {
      const HlVary *v = self->varies->pdata[i];
      if (v->low != NULL)
        {
          gtk_spin_button_update (v->low);
          gtk_spin_button_update (v->high);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    gtk_spin_button_update (spins[i]);
}

/* The whole sweep built: its record, so that Continue (or `hyperlab-cli
 * sweep --resume`) can go on after Stop, and on to the run page. */
static gboolean
begin_built (HlSweepDialog *self, GError **error)
{
  if (!hl_sweep_record_create (self->sweep, self->store, error))
    return FALSE;
  hl_sweep_dialog_run_begin (self);
  return TRUE;
}

/* Trials from which Start builds them on a worker (1,000 take some 40 ms). */
guint hl_sweep_dialog_build_on_worker = 1000;

static HlSweepDialogReadHook build_hook;
static gpointer build_hook_data;

void
hl_sweep_dialog_set_build_hook (HlSweepDialogReadHook hook, gpointer user_data)
{
  build_hook = hook;
  build_hook_data = user_data;
}

HlSweepBuildJob *
hl_sweep_build_job_new (HlSweepDialog *self, JsonNode *spec)
{
  HlSweepBuildJob *job = g_new0 (HlSweepBuildJob, 1);

  job->base = hl_config_copy (self->base);
  job->spec = spec;
  job->registry = self->registry;
  return job;
}

void
hl_sweep_build_job_free (gpointer data)
{
  HlSweepBuildJob *job = data;

  hl_config_free (job->base);
  json_node_unref (job->spec);
  hl_sweep_problem_clear (&job->problem);
  g_free (job);
}

void
hl_sweep_build_job_run (GTask *task, HlSweepBuildJob *job, GCancellable *cancellable)
{
  GError *error = NULL;
  HlSweep *sweep = hl_sweep_new_for_config_cancellable (job->base, job->spec, job->registry, cancellable,
                                                        &job->problem, &error);

  if (sweep != NULL)
    g_task_return_pointer (task, sweep, (GDestroyNotify) hl_sweep_free);
  else
    g_task_return_error (task, error);
}

static void
build_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  if (build_hook != NULL)
    build_hook (build_hook_data);
  /* closed meanwhile: the trials are not built to the end for no one */
  hl_sweep_build_job_run (task, task_data, cancellable);
}

void
hl_sweep_dialog_built (HlSweepDialog *self, HlSweep *sweep, const GError *error, const HlSweepProblem *problem)
{
  g_autoptr (GError) local = NULL;
  const GError *said = error;

  self->preparing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->setup_page), TRUE);
  if (sweep == NULL)
    refuse_sweep (self, error, problem, NULL);
  else
    {
      g_clear_pointer (&self->sweep, hl_sweep_free);
      self->sweep = sweep;
      if (!begin_built (self, &local))
        show_setup_state (self);
      said = local;
    }
  if (said != NULL)
    {
      gtk_label_set_text (self->error_label, self->problem != NULL ? self->problem->message : said->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

/* Built (or refused): on as a sweep built at once; closed meanwhile, the
 * sweep is dropped with the task. */
static void
on_built (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (source);
  const HlSweepBuildJob *b = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  HlSweep *sweep;

  if (self->disposed || hl_sweep_dialog_is_destroyed (self))
    return;   /* closed meanwhile: nothing trains where no one sees it */
  g_clear_object (&self->build_cancel);
  sweep = g_task_propagate_pointer (G_TASK (result), &error);
  hl_sweep_dialog_built (self, sweep, error, &b->problem);
}

/* The form shut while a worker builds the trials, and saying so. */
static void
shut_while_preparing (HlSweepDialog *self)
{
  self->preparing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->setup_page), FALSE);
  show_setup_state (self);
}

static void
build_on_worker (HlSweepDialog *self)
{
  g_autofree char *why = NULL;
  JsonNode *spec = build_spec (self, &why);
  HlSweepBuildJob *b;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (spec != NULL);
  b = hl_sweep_build_job_new (self, spec);
  shut_while_preparing (self);
  g_clear_object (&self->build_cancel);
  self->build_cancel = g_cancellable_new ();
  task = g_task_new (self, self->build_cancel, on_built, NULL);
  g_task_set_source_tag (task, build_on_worker);
  g_task_set_task_data (task, b, hl_sweep_build_job_free);
  g_task_run_in_thread (task, build_in_thread);
}

gboolean
hl_sweep_dialog_start (HlSweepDialog *self, GError **error)
{
  HlSweep *all;

  g_return_val_if_fail (HL_IS_SWEEP_DIALOG (self), FALSE);
  if (self->started || self->opening != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The sweep has started already"));
      return FALSE;
    }
  if (self->loading)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The runs are still being read"));
      return FALSE;
    }
  if (self->preparing)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The sweep is being prepared"));
      return FALSE;
    }
  commit_typed (self);
  refresh (self);
  if (self->checked == NULL)
    {
      g_propagate_error (error, g_error_copy (self->problem));
      return FALSE;
    }
  /* every trial checked after the last edit: that sweep starts; being
   * checked on the worker, it starts once built; the check still to
   * begin, the sweep is built as below (which checks every trial) */
  if (hl_sweep_dialog_check_all_for_start (self))
    {
      shut_while_preparing (self);
      return TRUE;
    }
  if ((all = hl_sweep_dialog_take_all (self)) != NULL)
    {
      g_clear_pointer (&self->sweep, hl_sweep_free);
      self->sweep = all;
      return begin_built (self, error);
    }
  if (self->checked->budget >= hl_sweep_dialog_build_on_worker)
    {
      build_on_worker (self);
      return TRUE;
    }
  if (!build_sweep (self, error))
    return FALSE;
  return begin_built (self, error);
}

void
hl_sweep_dialog_emit_trial_saved (HlSweepDialog *self, const char *id)
{
  g_signal_emit (self, signals[TRIAL_SAVED], 0, id);
}

void
hl_sweep_dialog_emit_finished (HlSweepDialog *self)
{
  g_signal_emit (self, signals[FINISHED], 0);
}

void
hl_sweep_dialog_notify_running (HlSweepDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

static void
start_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (widget);
  g_autoptr (GError) error = NULL;

  if (!hl_sweep_dialog_start (self, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

static void
stop_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  hl_sweep_dialog_stop (HL_SWEEP_DIALOG (widget));
}

static void
continue_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (widget);
  g_autoptr (GError) error = NULL;

  if (!hl_sweep_dialog_continue (self, &error))
    hl_sweep_dialog_show_continue_error (self, error);
}

/* The runs of the trials that trained, the best first. */
static void
show_runs_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (widget);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) ranking = NULL;

  if (self->running || self->sweep == NULL)
    return;
  ranking = hl_sweep_ranking (self->sweep);
  for (guint i = 0; i < ranking->len; i++)
    {
      const HlSweepTrial *t = ranking->pdata[i];
      if (t->run_id != NULL && t->error == NULL)
        g_ptr_array_add (ids, t->run_id);
    }
  g_signal_emit (self, signals[SHOW_RUNS], 0, ids);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- GObject ---------------------------------------------------------------- */

/* Closing while trials train asks first; they are never dropped unsaved. */
static gboolean
hl_sweep_dialog_close_request (GtkWindow *window)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (window);

  if (!self->running)
    return GTK_WINDOW_CLASS (hl_sweep_dialog_parent_class)->close_request (window);
  if (self->stopping)
    self->close_when_done = TRUE;
  else
    hl_sweep_dialog_confirm_stop (self);
  return TRUE;
}

static void
hl_sweep_dialog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Destroyed while the sweep runs (its window closed, the application
 * quitting): the sweep is cancelled and finishes saving its trials; the
 * task holds the object until then, and nothing touches the widgets. */
static void
hl_sweep_dialog_dispose (GObject *object)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->load_cancel != NULL)
    g_cancellable_cancel (self->load_cancel);
  hl_sweep_dialog_check_all_stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_SWEEP_DIALOG);
  G_OBJECT_CLASS (hl_sweep_dialog_parent_class)->dispose (object);
}

static void
hl_sweep_dialog_finalize (GObject *object)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (object);

  g_clear_pointer (&self->varies, g_ptr_array_unref);
  g_clear_pointer (&self->sweep, hl_sweep_free);
  g_clear_pointer (&self->checked, hl_sweep_free);
  hl_sweep_dialog_check_all_stop (self);
  g_clear_pointer (&self->base, hl_config_free);
  g_clear_pointer (&self->store, hl_store_free);
  g_clear_pointer (&self->store_error, g_free);
  g_clear_pointer (&self->default_name, g_free);
  g_clear_error (&self->problem);
  g_clear_pointer (&self->form_problem, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancel);
  g_clear_object (&self->build_cancel);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_object (&self->trials);
  g_clear_pointer (&self->record_rows, g_ptr_array_unref);
  g_clear_pointer (&self->records_seen, g_free);
  g_clear_pointer (&self->opening, g_free);
  g_clear_pointer (&self->mailbox, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mailbox_lock);
  G_OBJECT_CLASS (hl_sweep_dialog_parent_class)->finalize (object);
}

static void
hl_sweep_dialog_class_init (HlSweepDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = hl_sweep_dialog_get_property;
  object_class->dispose = hl_sweep_dialog_dispose;
  object_class->finalize = hl_sweep_dialog_finalize;
  window_class->close_request = hl_sweep_dialog_close_request;
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[TRIAL_SAVED] = g_signal_new ("trial-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SHOW_RUNS] = g_signal_new ("show-runs", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/hyperlab/Hyperlab/ui/hl-sweep-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HlSweepDialog, name)
  BIND (stack); BIND (setup_title); BIND (run_title); BIND (setup_page); BIND (name_row);
  BIND (vary_group); BIND (search_group); BIND (method_row); BIND (budget_row); BIND (seed_row); BIND (points_row);
  BIND (metric_row); BIND (parallel_row); BIND (pruning_row); BIND (min_epochs_row);
  BIND (reduction_row); BIND (count_label); BIND (error_label); BIND (start_button);
  BIND (stop_button); BIND (close_button); BIND (runs_button); BIND (continue_button);
  BIND (continue_spinner); BIND (progress_bar); BIND (status_label);
  BIND (best_label); BIND (trial_list); BIND (records_group);
#undef BIND
  gtk_widget_class_install_action (widget_class, "sweep.start", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "sweep.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "sweep.continue", NULL, continue_activated);
  gtk_widget_class_install_action (widget_class, "sweep.show-runs", NULL, show_runs_activated);
  hl_sweep_dialog_records_class_init (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* Closed: what workers do only for the form stops (Start's build of the
 * trials, the check of every trial, the read of the store's runs went on
 * to the end for no one).  Not in dispose: their tasks hold the dialog
 * until they end.  A running sweep is not among them: closing asks first. */
static void
on_toplevels_changed (HlSweepDialog *self)
{
  if (!hl_sweep_dialog_is_destroyed (self))
    return;
  if (self->build_cancel != NULL)
    g_cancellable_cancel (self->build_cancel);
  if (self->load_cancel != NULL)
    g_cancellable_cancel (self->load_cancel);
  hl_sweep_dialog_check_all_stop (self);
}

static void
hl_sweep_dialog_init (HlSweepDialog *self)
{
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
  g_type_ensure (ADW_TYPE_EXPANDER_ROW);
  g_type_ensure (ADW_TYPE_COMBO_ROW);
  g_type_ensure (ADW_TYPE_WINDOW_TITLE);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_mutex_init (&self->mailbox_lock);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.stop", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.continue", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sweep.show-runs", FALSE);
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (on_toplevels_changed),
                           self, G_CONNECT_SWAPPED);
}

/* ---- the store's runs, for the default name --------------------------------- */

static HlSweepDialogReadHook read_hook;
static gpointer read_hook_data;

void
hl_sweep_dialog_set_read_hook (HlSweepDialogReadHook hook, gpointer user_data)
{
  read_hook = hook;
  read_hook_data = user_data;
}

/* The runs read: the store lists them (quick now), and the default name
 * counts them; a name the user typed meanwhile stays. */
static void
on_runs_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HlSweepDialog *self = HL_SWEEP_DIALOG (source);
  g_autofree char *old = NULL;

  if (self->disposed || hl_sweep_dialog_is_destroyed (self))
    return;   /* closed meanwhile: the store goes with the dialog */
  hl_store_scan_finish (self->store, result);
  hl_store_refresh (self->store, NULL);
  g_clear_object (&self->load_cancel);
  self->loading = FALSE;
  old = g_steal_pointer (&self->default_name);
  self->default_name = unique_name (self->base, self->store);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), old) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->default_name);   /* refreshes */
  refresh (self);
}

/* The listing is for the default name (one that cannot be read leaves it
 * plain): at once, or from a worker when many files are to be read. */
static void
load_runs (HlSweepDialog *self)
{
  g_autoptr (HlStoreScan) scan = hl_store_scan_begin (self->store);

  if (hl_store_scan_get_n_files (scan) < HL_STORE_SCAN_ON_WORKER)
    {
      hl_store_refresh (self->store, NULL);
      return;
    }
  self->loading = TRUE;
  self->load_cancel = g_cancellable_new ();
  /* as the Runs page reads them */
  hl_store_scan_async (g_steal_pointer (&scan), self, self->load_cancel,
                       read_hook, read_hook_data, on_runs_read, NULL);
}

/* Gone with its window.  Not destroy-with-parent: GTK then keeps the
 * parent's pointer, and this object outlives its window while the sweep
 * saves its trials (its dispose then touched the finalized window). */
static void
on_parent_destroyed (HlSweepDialog *self)
{
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

GtkWidget *
hl_sweep_dialog_new (GtkWindow *parent, const HlConfig *base, HlStore *store, HlPluginRegistry *registry)
{
  HlSweepDialog *self;

  g_return_val_if_fail (base != NULL && store != NULL, NULL);
  self = g_object_new (HL_TYPE_SWEEP_DIALOG, "transient-for", parent, NULL);
  self->base = hl_config_copy (base);
  {
    g_autoptr (GError) error = NULL;

    self->store = hl_store_new (hl_store_get_dir (store), &error);
    if (self->store == NULL)
      self->store_error = g_strdup (error->message);   /* Start says it */
  }
  self->registry = registry;
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (on_parent_destroyed), self, G_CONNECT_SWAPPED);
  if (self->store != NULL)
    load_runs (self);
  build_setup (self);
  /* sweeps stopped before, to continue instead */
  hl_sweep_dialog_records_init (self);
  return GTK_WIDGET (self);
}
