/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-ui.c - the sweep dialog under Xvfb, opened from the window's
 * action on a small spiral: the trial count follows the form, a bad range
 * says why and disables Start, a sweep trains to its end into the store
 * (rows in their end states, the best marked, its runs on the Runs page),
 * Stop and closing the window or the dialog leave no trial training and
 * the started ones saved as cancelled, Continue goes on with the sweep
 * after Stop (and a sweep left unfinished is continued from a new dialog:
 * test-sweep-ui-records.c).  A store of its own. */
#include <math.h>
#include <string.h>
#include "hyperlab.h"
#include "hl-ui.h"
#include "hl-form-util.h"
#include "hl-application.h"
#include "hl-window-private.h"
#include "hl-sweep-dialog-private.h"
#include "test-gui-util.h"
#include "test-store-util.h"
#include "test-sweep-ui.h"

HlApplication *app;

static gboolean
sweep_enabled (gpointer data)
{
  return g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (data), "sweep"));
}

static gboolean
no_dialog (gpointer window)
{
  return ((HlWindow *) window)->sweep_dialog == NULL;
}

/* A spiral that trains in a blink, or for long (epochs). */
static void
set_spiral (HlWindow *window, guint epochs)
{
  g_autoptr (HlConfig) config = hl_config_new ();

  g_free (config->dataset.kind);
  config->dataset.kind = g_strdup ("spiral");
  config->dataset.samples = 200;
  config->dataset.validation_split = 0.2;
  config->training.epochs = epochs;
  config->training.batch_size = 16;
  config->optimizer.learning_rate = 0.05;
  config->early_stopping.enabled = FALSE;
  hl_window_set_config (window, config);
}

/* The dialog as the action opens it (asserted there). */
HlSweepDialog *
open_dialog (HlWindow *window)
{
  g_assert_true (test_wait_until (sweep_enabled, window, 5000));
  g_action_group_activate_action (G_ACTION_GROUP (window), "sweep", NULL);
  g_assert_nonnull (window->sweep_dialog);
  return g_object_ref (HL_SWEEP_DIALOG (window->sweep_dialog));
}

void
setup_quick (Fixture *f, gconstpointer data)
{
  f->window = hl_window_new (app);
  gtk_window_present (GTK_WINDOW (f->window));
  set_spiral (f->window, GPOINTER_TO_UINT (data) ? GPOINTER_TO_UINT (data) : 3);
  f->dialog = open_dialog (f->window);
}

/* Still a window of the display (not yet destroyed). */
gboolean
is_shown (gpointer window)
{
  GListModel *tops = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (tops, i);
      if (w == window)
        return TRUE;
    }
  return FALSE;
}

void
teardown (Fixture *f, gconstpointer data)
{
  if (f->dialog != NULL && hl_sweep_dialog_get_running (f->dialog))
    {
      hl_sweep_dialog_stop (f->dialog);
      while (hl_sweep_dialog_get_running (f->dialog))
        g_main_context_iteration (NULL, TRUE);
    }
  if (f->dialog != NULL && is_shown (f->dialog))
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->dialog);
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
}

HlVary *
vary (HlSweepDialog *d, const char *path)
{
  for (guint i = 0; i < d->varies->len; i++)
    if (g_str_equal (((HlVary *) d->varies->pdata[i])->path, path))
      return d->varies->pdata[i];
  g_assert_not_reached ();
}

/* As a person types a number and leaves the field. */
void
type_number (GtkSpinButton *spin, double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (text, sizeof text, value);
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_spin_button_update (spin);
}

/* The learning rate on a grid of `points`, n trials at once, pruning as said. */
void
grid_of_learning_rates (HlSweepDialog *d, guint points, guint parallel, gboolean pruning)
{
  adw_expander_row_set_enable_expansion (vary (d, "optimizer.learning_rate")->row, TRUE);
  adw_combo_row_set_selected (d->method_row, 1);
  type_number (d->points_spin, points);
  type_number (d->parallel_spin, parallel);
  adw_expander_row_set_enable_expansion (d->pruning_row, pruning);
}

static gboolean
start_sensitive (HlSweepDialog *d)
{
  return gtk_widget_is_sensitive (d->start_button);
}

static void
test_count (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  HlVary *batch = vary (d, "training.batch_size");

  grid_of_learning_rates (d, 2, 1, TRUE);
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "2 trials");
  g_assert_cmpstr (adw_window_title_get_subtitle (d->setup_title), ==, "2 trials");
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_true (start_sensitive (d));
  /* × two batch sizes */
  adw_expander_row_set_enable_expansion (batch->row, TRUE);
  gtk_editable_set_text (batch->values, "16, all");
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 4);
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "4 trials");
  /* random: the number of trials asked for */
  adw_combo_row_set_selected (d->method_row, 0);
  type_number (d->budget_spin, 5);
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 5);
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "5 trials");
  /* the sweep starts from the form's config: its other settings as they are */
  g_assert_cmpuint (((HlSweepTrial *) d->checked->trials->pdata[0])->config->dataset.samples, ==, 200);
}

static void
test_invalid_range (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  HlVary *lr = vary (d, "optimizer.learning_rate");
  g_autoptr (GError) error = NULL;

  grid_of_learning_rates (d, 2, 1, TRUE);
  g_assert_true (start_sensitive (d));
  type_number (lr->low, 1);
  type_number (lr->high, 0.1);
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 0);
  g_assert_nonnull (hl_sweep_dialog_get_error (d));
  g_assert_nonnull (strstr (hl_sweep_dialog_get_error (d), "Learning Rate: low must be below high"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  g_assert_cmpstr (gtk_label_get_text (d->error_label), ==, hl_sweep_dialog_get_error (d));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (lr->row), "error"));
  g_assert_false (start_sensitive (d));
  g_assert_false (hl_sweep_dialog_start (d, &error));
  g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_RANGE);
  g_assert_false (hl_sweep_dialog_get_running (d));
  /* fixed, it can start again */
  type_number (lr->low, 0.01);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (lr->row), "error"));
  g_assert_true (start_sensitive (d));
  /* a batch size that is not one */
  adw_expander_row_set_enable_expansion (vary (d, "training.batch_size")->row, TRUE);
  gtk_editable_set_text (vary (d, "training.batch_size")->values, "16, x");
  g_assert_nonnull (hl_sweep_dialog_get_error (d));
  g_assert_nonnull (strstr (hl_sweep_dialog_get_error (d), "Batch Size: “x”"));
  g_assert_false (start_sensitive (d));
  /* nothing to vary */
  adw_expander_row_set_enable_expansion (vary (d, "training.batch_size")->row, FALSE);
  adw_expander_row_set_enable_expansion (lr->row, FALSE);
  g_assert_nonnull (hl_sweep_dialog_get_error (d));
  g_assert_false (start_sensitive (d));
}

/* The form's errors refuse a sweep as they refuse Train: with no
 * unfinished sweep to continue, Sweep… opens no dialog; the form's
 * problem is said (test-sweep-ui-records.c: with one, the dialog opens
 * for it). */
static void
test_form_errors_refuse (Fixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) bad = hl_config_copy (hl_window_get_config (f->window));
  g_autoptr (GPtrArray) records = NULL;

  g_assert_true (sweep_enabled (f->window));
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->dialog);
  g_assert_true (test_wait_until (no_dialog, f->window, 5000));
  /* none to continue (earlier tests may have left some) */
  records = hl_sweep_record_list (hl_application_get_store (app), NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    hl_sweep_record_forget (hl_application_get_store (app), ((HlSweepRecordInfo *) records->pdata[i])->id, NULL);
  bad->optimizer.learning_rate = 0;
  hl_window_set_config (f->window, bad);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "train"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "sweep", NULL);
  g_assert_null (f->window->sweep_dialog);
  g_assert_nonnull (g_object_get_data (G_OBJECT (f->window), "hl-train-blocked-toast"));
}

gboolean
not_running (gpointer data)
{
  return !hl_sweep_dialog_get_running (data);
}

HlSweepTrialItem *
trial_at (HlSweepDialog *d, guint i)
{
  g_autoptr (HlSweepTrialItem) item = g_list_model_get_item (G_LIST_MODEL (d->trials), i);

  return item;   /* (the dialog's store holds it) */
}

const char *
row_state (HlSweepDialog *d, guint i)
{
  return trial_at (d, i)->subtitle;
}

/* The star of a trial's row (the row's own icon is an image too). */
static GtkWidget *
find_star (GtkWidget *w)
{
  if (GTK_IS_IMAGE (w) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (w)), "starred-symbolic") == 0)
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_star (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The rows the trial list shows (AdwActionRow), in order. */
void
collect_rows (GtkWidget *w, GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (w))
    {
      g_ptr_array_add (rows, w);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

/* The trial list's two rows, the best one first (the list ranks them once
 * the sweep has ended). */
static gboolean
best_row_first (gpointer data)
{
  HlSweepDialog *d = data;
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (d->trial_list), rows);
  return rows->len == 2 && gtk_widget_has_css_class (rows->pdata[0], "hl-best-trial");
}

guint
count_store_runs (const char *prefix, HlRunStatus status)
{
  HlStore *store = hl_application_get_store (app);
  g_autoptr (GPtrArray) runs = NULL;
  guint n = 0;

  g_assert_true (hl_store_refresh (store, NULL));
  runs = hl_store_list (store);
  for (guint i = 0; i < runs->len; i++)
    {
      const HlRunInfo *info = runs->pdata[i];
      n += g_str_has_prefix (info->name, prefix) && info->status == status;
    }
  return n;
}

static void
test_run_to_end (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (d->name_row));
  g_autofree char *prefix = g_strconcat (name, " #", NULL);
  g_autoptr (GPtrArray) selected = NULL;
  guint stars = 0;

  /* the trials are saved from the sweep's threads into a store of the
   * dialog's own, the same folder: the window's store is its main
   * thread's (it was shared, its listing rebuilt on both at once) */
  g_assert_true (d->store != f->window->store);
  g_assert_cmpstr (hl_store_get_dir (d->store), ==, hl_store_get_dir (f->window->store));
  grid_of_learning_rates (d, 2, 2, FALSE);
  adw_combo_row_set_selected (d->metric_row, 1);   /* validation accuracy: in per cent */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.start", NULL));
  g_assert_true (hl_sweep_dialog_get_running (d));
  g_assert_false (sweep_enabled (f->window));   /* one sweep at a time */
  g_assert_true (test_wait_until (not_running, d, 60000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (d->trials)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      HlSweepTrialItem *t = trial_at (d, i);
      g_assert_true (g_str_has_prefix (row_state (d, i), "Completed · 3 epochs"));
      g_assert_false (t->training);
      g_assert_true (g_str_has_suffix (t->score, "\u00a0%"));
      stars += t->best;
    }
  g_assert_cmpuint (stars, ==, 1);
  /* as the list shows them: best first, once the sweep has ended (the
   * ranked rows bound) */
  test_wait_until (best_row_first, d, 10000);
  {
    g_autoptr (GPtrArray) rows = g_ptr_array_new ();
    g_autoptr (GPtrArray) ranking = hl_sweep_ranking (d->sweep);
    GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (d->trial_list));
    guint shown_stars = 0;

    g_test_message ("best: trial #%u", ((HlSweepTrial *) ranking->pdata[0])->index);
    collect_rows (GTK_WIDGET (d->trial_list), rows);
    g_assert_cmpuint (rows->len, ==, 2);
    for (guint i = 0; i < rows->len; i++)
      {
        AdwActionRow *row = rows->pdata[i];
        g_autoptr (HlSweepTrialItem) t = g_list_model_get_item (shown, i);

        g_assert_cmpuint (t->index, ==, ((HlSweepTrial *) ranking->pdata[i])->index);
        g_assert_true (t->best == (i == 0));
        GtkWidget *star = find_star (GTK_WIDGET (row));

        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, t->title);
        g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, t->subtitle);
        g_assert_nonnull (test_find_label (GTK_WIDGET (row), t->score));
        g_assert_nonnull (star);
        shown_stars += gtk_widget_get_visible (star);
        g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "hl-best-trial") == t->best);
      }
    g_assert_cmpuint (shown_stars, ==, 1);
  }
  g_assert_true (g_str_has_prefix (gtk_label_get_text (d->best_label), "Best: #"));
  g_assert_nonnull (strstr (gtk_label_get_text (d->best_label), "validation accuracy"));
  g_assert_cmpstr (gtk_label_get_text (d->status_label), ==, "All 2 trials done");
  g_assert_cmpuint (count_store_runs (prefix, HL_RUN_STATUS_COMPLETED), ==, 2);
  g_assert_true (sweep_enabled (f->window));
  /* Show Runs: the Runs page, listing and selecting the two */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.show-runs", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "runs");
  selected = hl_run_list_get_selected_ids (f->window->run_list);
  g_assert_cmpuint (selected->len, ==, 2);
  for (guint i = 0; i < selected->len; i++)
    g_assert_true (hl_run_list_is_listed (f->window->run_list, selected->pdata[i]));
  g_assert_false (is_shown (d));   /* and the dialog closed */
}

gboolean
some_training (gpointer data)
{
  HlSweepDialog *d = data;

  for (guint i = 0; d->notes != NULL && i < d->notes->len; i++)
    if (((HlTrialNote *) d->notes->pdata[i])->state == HL_SWEEP_TRIAL_RUNNING)
      return TRUE;
  return FALSE;
}

static struct {
  GMutex   lock;
  GCond    cond;
  gboolean holding;
} trial_gate;

/* The start hook, on the sweep's worker. */
static void
hold_after_first (guint trial, gpointer data)
{
  const gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  (void) data;
  if (trial < 2)
    return;
  g_mutex_lock (&trial_gate.lock);
  /* (a failed test that never lets go does not hang the others) */
  while (trial_gate.holding && g_cond_wait_until (&trial_gate.cond, &trial_gate.lock, deadline))
    ;
  g_mutex_unlock (&trial_gate.lock);
}

void
hold_trials_after_first (void)
{
  g_mutex_lock (&trial_gate.lock);
  trial_gate.holding = TRUE;
  g_mutex_unlock (&trial_gate.lock);
}

void
let_trials_go (void)
{
  g_mutex_lock (&trial_gate.lock);
  trial_gate.holding = FALSE;
  g_cond_broadcast (&trial_gate.cond);
  g_mutex_unlock (&trial_gate.lock);
}

/* After a stop: nothing says "training", each started trial is saved as
 * cancelled, the others never ran. */
static void
assert_stopped (HlSweepDialog *d, gboolean rows)
{
  const HlSweep *sweep = hl_sweep_dialog_get_sweep (d);
  HlStore *store = hl_application_get_store (app);
  guint cancelled = 0;

  g_assert_true (hl_store_refresh (store, NULL));
  for (guint i = 0; i < sweep->trials->len; i++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[i];

      g_assert_cmpint (t->state, !=, HL_SWEEP_TRIAL_RUNNING);
      g_assert_cmpint (t->state, !=, HL_SWEEP_TRIAL_PENDING);
      if (t->state == HL_SWEEP_TRIAL_DONE)
        {
          const HlRunInfo *info = hl_store_lookup (store, t->run_id);

          g_assert_cmpint (t->run_status, ==, HL_RUN_STATUS_CANCELLED);
          g_assert_nonnull (info);
          if (info != NULL)
            g_assert_cmpint (info->status, ==, HL_RUN_STATUS_CANCELLED);
          g_assert_false (hl_store_is_run_alive (store, t->run_id));
          cancelled++;
          if (rows)
            g_assert_true (g_str_has_prefix (row_state (d, i), "Cancelled after"));
        }
      else
        {
          g_assert_cmpint (t->state, ==, HL_SWEEP_TRIAL_SKIPPED);
          if (rows)
            g_assert_cmpstr (row_state (d, i), ==, "Not run");
        }
      if (rows)
        g_assert_false (trial_at (d, i)->training);
    }
  g_assert_cmpuint (cancelled, >=, 1);
  g_assert_cmpuint (cancelled, <=, 2);
}

static void
start_long_sweep (HlSweepDialog *d)
{
  grid_of_learning_rates (d, 4, 2, FALSE);
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 4);
  g_assert_true (hl_sweep_dialog_start (d, NULL));
  g_assert_true (test_wait_until (some_training, d, 20000));
}

static void
test_stop (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  gint64 t0;

  start_long_sweep (d);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.stop", NULL));
  t0 = g_get_monotonic_time ();
  g_assert_true (test_wait_until (not_running, d, 20000));
  g_test_message ("stopped in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  assert_stopped (d, TRUE);
  /* the cancelled trials are not done: they resume (it said "2 of 4 done") */
  {
    const HlSweep *sweep = hl_sweep_dialog_get_sweep (d);
    guint cancelled = 0, skipped = 0;
    g_autofree char *want = NULL;
    GtkWidget *status;

    for (guint i = 0; i < sweep->trials->len; i++)
      {
        const HlSweepTrial *t = sweep->trials->pdata[i];
        cancelled += t->state == HL_SWEEP_TRIAL_DONE;
        skipped += t->state == HL_SWEEP_TRIAL_SKIPPED;
      }
    want = skipped > 0 ? g_strdup_printf ("Stopped · 0 of 4 done, %u to resume, %u not run", cancelled, skipped)
                       : g_strdup_printf ("Stopped · 0 of 4 done, %u to resume", cancelled);
    /* all of it readable at the dialog's default width: in the header's
     * subtitle, beside Close, Show Runs and Continue, it was cut to
     * "…, 2 to resume, 2 no…" */
    status = test_wait_readable_label (GTK_WIDGET (d), want, 10000);
    g_assert_nonnull (status);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, want);
  }
  g_assert_true (is_shown (d));   /* Stop keeps the dialog, with its results */
}

gboolean
is_running (gpointer dialog)
{
  return hl_sweep_dialog_get_running (dialog);
}

/* Stop, then Continue: the same sweep goes on from its record (the
 * cancelled trial in its own run, from its checkpoint; the others
 * started), every trial completes, no run twice, and the record is gone. */
static void
test_continue (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (d->name_row));
  g_autofree char *prefix = g_strconcat (name, " #", NULL);
  g_autofree char *record_dir = NULL, *id = NULL;
  g_autoptr (GPtrArray) cancelled = g_ptr_array_new_with_free_func (g_free);
  const HlSweep *sweep;

  grid_of_learning_rates (d, 2, 1, FALSE);
  /* the second trial held at its start: the sweep is stopped unfinished
   * (be the first trial training or done when the dialog says it trains) */
  hold_trials_after_first ();
  g_assert_true (hl_sweep_dialog_start (d, NULL));
  g_assert_true (test_wait_until (some_training, d, 20000));
  g_assert_false (gtk_widget_get_visible (d->continue_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.stop", NULL));
  let_trials_go ();
  g_assert_true (test_wait_until (not_running, d, 20000));
  sweep = hl_sweep_dialog_get_sweep (d);
  record_dir = g_strdup (sweep->record_dir);
  id = g_strdup (sweep->id);
  g_assert_nonnull (record_dir);
  for (guint i = 0; i < sweep->trials->len; i++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[i];
      if (t->state == HL_SWEEP_TRIAL_DONE && t->run_status == HL_RUN_STATUS_CANCELLED)
        g_ptr_array_add (cancelled, g_strdup (t->run_id));
    }
  /* (a trial stopped while its data loaded has no run to go on with) */
  g_assert_cmpuint (cancelled->len, <=, 1);
  g_assert_true (gtk_widget_get_visible (d->continue_button));
  g_assert_true (g_file_test (record_dir, G_FILE_TEST_IS_DIR));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.continue", NULL));
  /* its record is read on a thread (it reads every started trial's run):
   * meanwhile the dialog is busy, not frozen */
  g_assert_cmpstr (d->opening, ==, id);
  g_assert_false (hl_sweep_dialog_get_running (d));
  g_assert_false (gtk_widget_get_visible (d->continue_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->continue_spinner)));
  g_assert_true (gtk_spinner_get_spinning (d->continue_spinner));
  g_assert_cmpstr (gtk_label_get_text (d->best_label), ==, "Reading the sweep's record to continue it…");
  g_assert_false (gtk_widget_is_sensitive (d->continue_button));
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (hl_sweep_dialog_continue (d, &error));   /* once is enough */
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  }
  g_assert_true (test_wait_until (is_running, d, 20000));
  g_assert_null (d->opening);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d->continue_spinner)));
  g_assert_false (gtk_widget_get_visible (d->continue_button));
  g_assert_true (gtk_widget_get_visible (d->stop_button));
  g_assert_true (test_wait_until (not_running, d, 60000));
  sweep = hl_sweep_dialog_get_sweep (d);
  for (guint i = 0; i < sweep->trials->len; i++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[i];
      g_assert_cmpint (t->run_status, ==, HL_RUN_STATUS_COMPLETED);
      g_assert_true (g_str_has_prefix (row_state (d, i), "Completed"));
    }
  /* the stopped trial went on in its own run */
  for (guint i = 0; i < cancelled->len; i++)
    g_assert_true (g_str_equal (cancelled->pdata[i], ((HlSweepTrial *) sweep->trials->pdata[0])->run_id)
                   || g_str_equal (cancelled->pdata[i], ((HlSweepTrial *) sweep->trials->pdata[1])->run_id));
  g_assert_cmpuint (count_store_runs (prefix, HL_RUN_STATUS_COMPLETED), ==, 2);
  g_assert_cmpuint (count_store_runs (prefix, HL_RUN_STATUS_CANCELLED), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (d->status_label), ==, "All 2 trials done");
  g_assert_false (gtk_widget_get_visible (d->continue_button));
  g_assert_false (g_file_test (record_dir, G_FILE_TEST_EXISTS));
}

AdwMessageDialog *
find_question (GtkWindow *parent)
{
  GListModel *tops = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (tops, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (GTK_WINDOW (w)) == parent
          && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
not_shown (gpointer window)
{
  return !is_shown (window);
}

/* Closing the dialog while trials train asks; "Keep Running" keeps them,
 * "Stop Sweep" stops them and closes the dialog once they are saved. */
static void
test_close_asks (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  AdwMessageDialog *question;

  start_long_sweep (d);
  gtk_window_close (GTK_WINDOW (d));
  question = find_question (GTK_WINDOW (d));
  g_assert_nonnull (question);
  if (question == NULL)
    return;
  adw_message_dialog_response (question, "keep");
  test_spin_loop (50);   /* (the answer's effects, if any, shown: it keeps running) */
  g_assert_true (hl_sweep_dialog_get_running (d));
  g_assert_true (is_shown (d));
  gtk_window_close (GTK_WINDOW (d));
  question = find_question (GTK_WINDOW (d));
  g_assert_nonnull (question);
  if (question == NULL)
    return;
  adw_message_dialog_response (question, "stop");
  g_assert_true (test_wait_until (not_running, d, 20000));
  g_assert_true (test_wait_until (not_shown, d, 10000));
  assert_stopped (d, FALSE);
}

/* Closed before any trial has started: the question does not say "0
 * trials are training"; and once the sweep has ended while it was asked,
 * "Stop Sweep" closes the dialog (it stayed open, the answer lost). */
static void
test_close_asks_at_start (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  AdwMessageDialog *question;

  grid_of_learning_rates (d, 2, 1, FALSE);
  g_assert_true (hl_sweep_dialog_start (d, NULL));
  /* (no trial has started before the main loop runs) */
  gtk_window_close (GTK_WINDOW (d));
  question = find_question (GTK_WINDOW (d));
  g_assert_nonnull (question);
  if (question == NULL)
    return;
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==, "2 waiting will not run.");
  g_assert_true (test_wait_until (not_running, d, 20000));   /* 3 epochs: it ends */
  g_assert_true (is_shown (d));
  adw_message_dialog_response (question, "stop");
  g_assert_true (test_wait_until (not_shown, d, 10000));
}

/* Closing the window (quitting) while a sweep runs cancels it and keeps
 * the application until the trials' records are saved. */
static void
test_quit_saves (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;

  start_long_sweep (d);
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  g_assert_false (is_shown (d));
  g_assert_true (hl_sweep_dialog_get_running (d));   /* not dropped: ends as it saves */
  /* the application is held, and let go when the sweep has finished */
  g_assert_cmpuint (g_signal_handler_find (d, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                           g_application_release, app), !=, 0);
  g_assert_true (test_wait_until (not_running, d, 20000));
  assert_stopped (d, FALSE);
}

int
main (int argc, char *argv[])
{
  g_autofree char *store = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  store = g_dir_make_tmp ("hl-sweep-ui-store-XXXXXX", NULL);
  g_assert_nonnull (store);
  g_setenv ("HYPERLAB_STORE", store, TRUE);
  hl_ui_init ();
  app = hl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  hl_sweep_dialog_set_start_hook (hold_after_first, NULL);   /* holds only when asked */

  g_test_add ("/sweep-ui/count", Fixture, NULL, setup_quick, test_count, teardown);
  g_test_add ("/sweep-ui/invalid-range", Fixture, NULL, setup_quick, test_invalid_range, teardown);
  g_test_add ("/sweep-ui/form-errors-refuse", Fixture, NULL, setup_quick, test_form_errors_refuse, teardown);
  g_test_add ("/sweep-ui/run-to-end", Fixture, NULL, setup_quick, test_run_to_end, teardown);
  g_test_add ("/sweep-ui/stop", Fixture, GUINT_TO_POINTER (100000), setup_quick, test_stop, teardown);
  g_test_add ("/sweep-ui/continue", Fixture, GUINT_TO_POINTER (5000), setup_quick, test_continue, teardown);
  g_test_add ("/sweep-ui/close-asks", Fixture, GUINT_TO_POINTER (100000), setup_quick, test_close_asks, teardown);
  g_test_add ("/sweep-ui/close-asks-at-start", Fixture, NULL, setup_quick, test_close_asks_at_start, teardown);
  g_test_add ("/sweep-ui/quit-saves", Fixture, GUINT_TO_POINTER (100000), setup_quick, test_quit_saves, teardown);
  test_sweep_ui_more_add ();
  test_sweep_ui_form_add ();
  test_sweep_ui_check_add ();
  test_sweep_ui_records_add ();
  ret = g_test_run ();
  g_object_unref (app);
  hl_test_rm_rf (store);
  return ret;
}
