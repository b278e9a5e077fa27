/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-ui-records.c - unfinished sweeps in the sweep dialog: a sweep
 * stopped in a dialog since closed is listed atop a new dialog's setup
 * page, Continue finishes it (its finished trial shown with its outcome,
 * kept and not retrained, the record then gone), Discard forgets the
 * record and keeps the runs, and records that cannot be read, or that
 * another process trains, are rows saying so without stopping the others
 * from listing.  Part of test-sweep-ui (its store and helpers). */
#include <string.h>
#include <glib/gstdio.h>
#include "test-gui-util.h"
#include "test-store-util.h"
#include "test-sweep-ui.h"

static HlRecordRow *
record_row (HlSweepDialog *d, const char *id)
{
  for (guint i = 0; d->record_rows != NULL && i < d->record_rows->len; i++)
    {
      HlRecordRow *r = d->record_rows->pdata[i];
      if (g_str_equal (r->id, id))
        return r;
    }
  return NULL;
}

static gboolean
trial_done (gpointer data)
{
  HlSweepDialog *d = data;
  const HlTrialNote *n = d->notes != NULL ? d->notes->pdata[0] : NULL;

  return n != NULL && n->state == HL_SWEEP_TRIAL_DONE;
}

static gboolean
started (gpointer data)
{
  return ((HlSweepDialog *) data)->started;
}

/* The window's dialog let go (its last idle has run): Sweep… opens a new one. */
static gboolean
dialog_gone (gpointer window)
{
  return ((HlWindow *) window)->sweep_dialog == NULL;
}

static gboolean
opened (gpointer data)
{
  return ((HlSweepDialog *) data)->opening == NULL;
}

/* Trains 2 trials one at a time, stopped once the first has completed
 * (the second held at its start meanwhile, so that it is certainly not
 * done, however late the dialog says the first is); the dialog then
 * closed.  The sweep's id, its first trial's run id. */
static void
stop_after_first (Fixture *f, char **id, char **first_run)
{
  HlSweepDialog *d = f->dialog;
  const HlSweep *sweep;
  const HlSweepTrial *first;

  grid_of_learning_rates (d, 2, 1, FALSE);
  hold_trials_after_first ();
  g_assert_true (hl_sweep_dialog_start (d, NULL));
  g_assert_true (test_wait_until (trial_done, d, 20000));
  hl_sweep_dialog_stop (d);
  let_trials_go ();
  g_assert_true (test_wait_until (not_running, d, 20000));
  sweep = hl_sweep_dialog_get_sweep (d);
  first = sweep->trials->pdata[0];
  g_assert_cmpint (first->run_status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_false (hl_sweep_is_finished (sweep));
  *id = g_strdup (sweep->id);
  *first_run = g_strdup (first->run_id);
  gtk_window_destroy (GTK_WINDOW (d));
  g_clear_object (&f->dialog);
  g_assert_true (test_wait_until (dialog_gone, f->window, 5000));
}

/* Stopped, the dialog closed: a new dialog lists the sweep, and its
 * Continue trains what is left, from the record, on the run page. */
static void
test_records_continue (Fixture *f, gconstpointer data)
{
  HlStore *store = hl_application_get_store (app);
  g_autofree char *id = NULL, *first_run = NULL, *first_path = NULL, *before = NULL, *after = NULL;
  g_autofree char *record_dir = NULL, *prefix = NULL;
  g_autoptr (GPtrArray) selected = NULL;
  HlSweepDialog *d;
  HlRecordRow *r;
  HlSweepTrialItem *first;
  const HlSweep *sweep;

  stop_after_first (f, &id, &first_run);
  first_path = hl_store_path_for (store, first_run);
  g_assert_true (g_file_get_contents (first_path, &before, NULL, NULL));
  record_dir = g_build_filename (hl_store_get_dir (store), ".sweeps", id, NULL);
  g_assert_true (g_file_test (record_dir, G_FILE_TEST_IS_DIR));

  d = f->dialog = open_dialog (f->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->records_group)));
  r = record_row (d, id);
  g_assert_nonnull (r);
  if (r == NULL)
    return;
  prefix = g_strconcat (r->name, " #", NULL);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (r->row), "1 of 2 trials done · "));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (r->row), " · last trained "));
  g_assert_nonnull (r->continue_button);
  g_assert_nonnull (r->discard_button);

  /* the form's own sweep, being checked whole, is forgotten once the record's starts */
  adw_combo_row_set_selected (d->method_row, 0);
  type_number (d->budget_spin, 300);
  g_assert_true (hl_sweep_dialog_checking_all (d));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.continue-record", "s", id));
  /* its record is read on a thread: the row says so meanwhile */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (r->spinner)));
  g_assert_true (gtk_spinner_get_spinning (r->spinner));
  g_assert_false (gtk_widget_get_visible (r->continue_button));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (d->setup_page)));
  g_assert_true (test_wait_until (started, d, 20000));
  g_assert_false (hl_sweep_dialog_checking_all (d));
  g_assert_null (d->all_spec);
  /* the run page, its finished trial as it ended (not waiting), the best */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (d->stack), ==, "run");
  g_assert_cmpstr (adw_window_title_get_title (d->run_title), ==, hl_sweep_dialog_get_sweep (d)->name);
  first = trial_at (d, 0);
  g_assert_true (g_str_has_prefix (row_state (d, 0), "Completed · 5000 epochs"));
  g_assert_cmpstr (first->score, !=, "");
  g_assert_true (first->best);
  g_assert_true (g_str_has_prefix (row_state (d, 1), "Waiting"));

  g_assert_true (test_wait_until (not_running, d, 20000));
  sweep = hl_sweep_dialog_get_sweep (d);
  for (guint i = 0; i < sweep->trials->len; i++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[i];
      g_assert_cmpint (t->run_status, ==, HL_RUN_STATUS_COMPLETED);
      g_assert_true (g_str_has_prefix (row_state (d, i), "Completed"));
    }
  g_assert_cmpstr (gtk_label_get_text (d->status_label), ==, "All 2 trials done");
  /* the finished trial was kept, not trained again */
  g_assert_cmpstr (((HlSweepTrial *) sweep->trials->pdata[0])->run_id, ==, first_run);
  g_assert_true (g_file_get_contents (first_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_store_runs (prefix, HL_RUN_STATUS_COMPLETED), ==, 2);
  g_assert_false (g_file_test (record_dir, G_FILE_TEST_EXISTS));
  g_assert_false (gtk_widget_get_visible (d->continue_button));
  /* Show Runs selects all of the sweep's runs */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.show-runs", NULL));
  selected = hl_run_list_get_selected_ids (f->window->run_list);
  g_assert_cmpuint (selected->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (selected, first_run, g_str_equal, NULL));
}

static gboolean
sweep_finished_here (gpointer data)
{
  HlSweepDialog *d = data;

  return d->started && !hl_sweep_dialog_get_running (d);
}

/* A sweep stopped unfinished, then the form made invalid: Sweep… still
 * opens the dialog (it was off, and the dialog the only way in the window
 * to Continue), the setup refuses a new sweep saying the form's problem,
 * and the record's Continue trains what is left. */
static void
test_records_continue_with_form_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL, *first_run = NULL;
  g_autoptr (HlConfig) bad = NULL;
  g_autoptr (GError) error = NULL;
  const HlSweep *sweep;
  HlSweepDialog *d;
  HlRecordRow *r;

  stop_after_first (f, &id, &first_run);
  bad = hl_config_copy (hl_window_get_config (f->window));
  bad->optimizer.learning_rate = 0;
  hl_window_set_config (f->window, bad);
  g_assert_false (hl_config_panel_get_valid (f->window->config_panel));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "train"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "sweep"));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (f->window->sweep_button),
                                   "Continue an unfinished sweep. A new one needs these fixed first:\n"));
  d = f->dialog = open_dialog (f->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->records_group)));
  r = record_row (d, id);
  g_assert_nonnull (r);
  if (r == NULL)
    return;
  g_assert_nonnull (r->continue_button);
  g_assert_true (gtk_widget_is_sensitive (r->continue_button));
  /* a new sweep of the form: refused, saying why */
  g_assert_true (g_str_has_prefix (hl_sweep_dialog_get_error (d), "A new sweep needs the form fixed first:\n"));
  g_assert_nonnull (strstr (hl_sweep_dialog_get_error (d), "Learning Rate"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  g_assert_cmpstr (gtk_label_get_text (d->error_label), ==, hl_sweep_dialog_get_error (d));
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (d->vary_group)));
  g_assert_false (hl_sweep_dialog_start (d, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_INCONSISTENT);
  /* the unfinished one goes on */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.continue-record", "s", id));
  g_assert_true (test_wait_until (sweep_finished_here, d, 30000));
  sweep = hl_sweep_dialog_get_sweep (d);
  g_assert_nonnull (sweep);
  g_assert_cmpstr (sweep->id, ==, id);
  g_assert_true (hl_sweep_is_finished (sweep));
  for (guint i = 0; i < sweep->trials->len; i++)
    g_assert_cmpint (((HlSweepTrial *) sweep->trials->pdata[i])->run_status, ==, HL_RUN_STATUS_COMPLETED);
}

/* Discard asks, then forgets the record; the runs stay. */
static void
test_records_discard (Fixture *f, gconstpointer data)
{
  HlStore *store = hl_application_get_store (app);
  g_autofree char *id = NULL, *first_run = NULL, *record_dir = NULL;
  AdwMessageDialog *question;
  HlSweepDialog *d;

  stop_after_first (f, &id, &first_run);
  record_dir = g_build_filename (hl_store_get_dir (store), ".sweeps", id, NULL);
  d = f->dialog = open_dialog (f->window);
  g_assert_nonnull (record_row (d, id));
  /* asked; Cancel keeps it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.discard-record", "s", id));
  question = find_question (GTK_WINDOW (d));
  g_assert_nonnull (question);
  if (question == NULL)
    return;
  adw_message_dialog_response (question, "cancel");
  g_assert_true (g_file_test (record_dir, G_FILE_TEST_IS_DIR));
  g_assert_nonnull (record_row (d, id));
  test_spin_loop (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.discard-record", "s", id));
  question = find_question (GTK_WINDOW (d));
  g_assert_nonnull (question);
  if (question == NULL)
    return;
  adw_message_dialog_response (question, "discard");
  g_assert_false (g_file_test (record_dir, G_FILE_TEST_EXISTS));
  g_assert_null (record_row (d, id));
  g_assert_true (hl_store_refresh (store, NULL));
  g_assert_nonnull (hl_store_lookup (store, first_run));   /* its runs stay */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (d->stack), ==, "setup");
}

/* Closed while Continue opens the record: nothing trains unseen (the
 * sweep stays to continue, and is not held). */
static void
test_records_closed_while_opening (Fixture *f, gconstpointer data)
{
  HlStore *store = hl_application_get_store (app);
  g_autofree char *id = NULL, *first_run = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HlSweep) again = NULL;
  HlSweepDialog *d;

  stop_after_first (f, &id, &first_run);
  d = f->dialog = open_dialog (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.continue-record", "s", id));
  g_assert_nonnull (d->opening);
  gtk_window_destroy (GTK_WINDOW (d));
  g_assert_true (test_wait_until (opened, d, 20000));
  test_spin_loop (20);
  g_assert_false (d->started);
  g_assert_false (hl_sweep_dialog_get_running (d));
  g_assert_null (d->notes);
  again = hl_sweep_record_open (store, id, hl_application_get_registry (app), &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_clear_pointer (&again, hl_sweep_free);
  g_assert_true (hl_sweep_record_forget (store, id, NULL));
}

/* A record of the store's .sweeps/<id>/ with these contents (its folder). */
static char *
write_record (const char *id, const char *json)
{
  HlStore *store = hl_application_get_store (app);
  char *dir = g_build_filename (hl_store_get_dir (store), ".sweeps", id, NULL);
  g_autofree char *path = g_build_filename (dir, "sweep.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return dir;
}

static char *
listable_record (const char *id, const char *name)
{
  g_autofree char *json = g_strdup_printf ("{\"format\": \"hyperlab-sweep-record\", \"version\": 1, \"id\": \"%s\", "
                                           "\"name\": \"%s\", \"created\": 1, \"updated\": 1, "
                                           "\"trials\": [{\"trial\": 1, \"label\": \"x=1\"}]}", id, name);
  return write_record (id, json);
}

/* A damaged record and a newer one are rows naming their file, the
 * others still listed; one whose sweep trains elsewhere offers nothing. */
static void
test_records_problems (Fixture *f, gconstpointer data)
{
  const char *corrupt_id = "20200101-000000-0001", *newer_id = "20200101-000000-0002";
  const char *busy_id = "20200101-000000-0003", *trial_busy_id = "20200101-000000-0004";
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  HlSweepDialog *d = f->dialog;
  HlStoreLock *lock, *run_lock;
  AdwMessageDialog *question;
  HlRecordRow *r;
  gint64 t0;

  g_ptr_array_add (dirs, write_record (corrupt_id, "{ \"format\": \"hyperlab-sweep-record\", "));
  g_ptr_array_add (dirs, write_record (newer_id, "{\"format\": \"hyperlab-sweep-record\", \"version\": 99, "
                                                 "\"trials\": []}"));
  g_ptr_array_add (dirs, listable_record (busy_id, "busy sweep"));
  lock = hl_store_lock_run_in (dirs->pdata[2], "sweep", &error);
  g_assert_no_error (error);
  /* a trial of it resumed on its own (`hyperlab-cli resume RUN`) */
  g_ptr_array_add (dirs, write_record (trial_busy_id, "{\"format\": \"hyperlab-sweep-record\", \"version\": 1, "
                                                      "\"name\": \"resumed trial\", \"trials\": [{\"trial\": 1, "
                                                      "\"label\": \"x=1\", \"run\": \"20200103-000000-0009\", "
                                                      "\"status\": \"cancelled\"}]}"));
  run_lock = hl_store_lock_run (hl_application_get_store (app), "20200103-000000-0009", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("20200102-000000-%04u", i);
      g_ptr_array_add (dirs, listable_record (id, "fine sweep"));
    }
  /* listed on the main thread: small files, quickly */
  t0 = g_get_monotonic_time ();
  g_clear_pointer (&d->records_seen, g_free);
  hl_sweep_dialog_list_records (d);
  g_test_message ("24 records listed, their rows made, in %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 500000);
  /* as when the dialog comes back to the front: read again, rows kept */
  t0 = g_get_monotonic_time ();
  hl_sweep_dialog_list_records (d);
  g_test_message ("listed again in %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);

  r = record_row (d, corrupt_id);
  g_assert_nonnull (r);
  if (r != NULL)
    {
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (r->row)), ==,
                       "A sweep record that cannot be read");
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (r->row), corrupt_id));
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (r->row), "sweep.json"));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (r->row), "error"));
      g_assert_null (r->continue_button);
      g_assert_nonnull (r->discard_button);
    }
  r = record_row (d, newer_id);
  g_assert_nonnull (r);
  if (r != NULL)
    {
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (r->row), "is newer than this Hyperlab knows"));
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (r->row), newer_id));
      g_assert_null (r->continue_button);
    }
  r = record_row (d, busy_id);
  g_assert_nonnull (r);
  if (r != NULL)
    {
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (r->row), "training in another window or program"));
      g_assert_null (r->continue_button);
      g_assert_null (r->discard_button);
    }
  r = record_row (d, trial_busy_id);
  g_assert_nonnull (r);
  if (r != NULL)
    {
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (r->row), "training in another window or program"));
      g_assert_null (r->continue_button);
    }
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("20200102-000000-%04u", i);
      r = record_row (d, id);
      g_assert_nonnull (r);
      if (r != NULL)
        g_assert_nonnull (r->continue_button);
    }
  /* one that lists but cannot be opened (no spec): its row says why, and
   * the dialog stays on its setup */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.continue-record", "s", "20200102-000000-0000"));
  g_assert_true (test_wait_until (opened, d, 5000));
  r = record_row (d, "20200102-000000-0000");
  g_assert_nonnull (r);
  if (r != NULL)
    {
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (r->row), "spec"));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (r->row), "error"));
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (r->spinner)));
      g_assert_true (gtk_widget_get_visible (r->continue_button));
      g_assert_false (gtk_widget_is_sensitive (r->continue_button));
    }
  g_assert_false (d->started);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (d->stack), ==, "setup");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (d->setup_page)));
  /* the damaged one removed (asked, said as such); the others stay listed */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.discard-record", "s", corrupt_id));
  question = find_question (GTK_WINDOW (d));
  g_assert_nonnull (question);
  if (question != NULL)
    {
      g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Remove the Damaged Sweep Record?");
      adw_message_dialog_response (question, "discard");
    }
  g_assert_false (g_file_test (dirs->pdata[0], G_FILE_TEST_EXISTS));
  g_assert_null (record_row (d, corrupt_id));
  g_assert_nonnull (record_row (d, newer_id));

  hl_store_unlock (lock);
  hl_store_unlock (run_lock);
  for (guint i = 0; i < dirs->len; i++)
    hl_test_rm_rf (dirs->pdata[i]);
}

void
test_sweep_ui_records_add (void)
{
  /* 5000 epochs: a trial trains for about a second, long enough to stop
   * the second after the first completed */
  g_test_add ("/sweep-ui/records/continue", Fixture, GUINT_TO_POINTER (5000), setup_quick,
              test_records_continue, teardown);
  g_test_add ("/sweep-ui/records/discard", Fixture, GUINT_TO_POINTER (5000), setup_quick,
              test_records_discard, teardown);
  g_test_add ("/sweep-ui/records/continue-with-form-errors", Fixture, GUINT_TO_POINTER (5000), setup_quick,
              test_records_continue_with_form_errors, teardown);
  g_test_add ("/sweep-ui/records/closed-while-opening", Fixture, GUINT_TO_POINTER (5000), setup_quick,
              test_records_closed_while_opening, teardown);
  g_test_add ("/sweep-ui/records/problems", Fixture, NULL, setup_quick, test_records_problems, teardown);
}
