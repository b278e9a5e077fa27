/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-ui-form.c - the sweep dialog's setup form with many trials:
 * an edit counts the trials and checks only those that stand for all (each
 * keystroke built and checked 10,000 configs, a third of a second), a
 * grid past the limit is refused without building it, and the problems
 * only some trials have still keep Start shut (found at once, or when only
 * a mix the check does not build has them, by the check of every trial
 * once the edits settle, test-sweep-ui-check.c, or by Start before then).  Part of
 * test-sweep-ui. */
#include <string.h>
#include "hl-sweep-private.h"
#include "test-gui-util.h"
#include "test-store-util.h"
#include "test-sweep-ui.h"

/* "1, 2, …, n" */
static char *
numbers_to (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "%s%u", i > 1 ? ", " : "", i);
  return g_string_free (text, FALSE);
}

/* Configs built while the name is typed, one keystroke each. */
static guint
configs_per_keystroke (HlSweepDialog *d)
{
  const guint before = hl_sweep_n_configs_built ();
  const gint64 start = g_get_monotonic_time ();
  const char *word = "lr";

  for (guint i = 0; word[i] != '\0'; i++)
    {
      int at = (int) strlen (gtk_editable_get_text (GTK_EDITABLE (d->name_row)));
      gtk_editable_insert_text (GTK_EDITABLE (d->name_row), word + i, 1, &at);
    }
  g_test_message ("%.1f ms a keystroke", (g_get_monotonic_time () - start) / 1000.0 / strlen (word));
  return (hl_sweep_n_configs_built () - before) / strlen (word);
}

/* 50 rates × 200 batch sizes: 10,000 trials counted, a few hundred checked
 * per edit (each of the 250 values once and the largest mix). */
static void
test_big_grid_cheap (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  HlVary *batch = vary (d, "training.batch_size");
  g_autofree char *sizes = numbers_to (200);
  g_autofree char *bad = g_strconcat (sizes, ", 7x", NULL);
  guint built;

  grid_of_learning_rates (d, 50, 1, FALSE);
  adw_expander_row_set_enable_expansion (batch->row, TRUE);
  gtk_editable_set_text (batch->values, sizes);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 10000);
  /* the rest are checked on a worker once the edits settle */
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "10000 trials, checking each…");
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
  g_assert_true (test_wait_until (checked_all, d, 20000));
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "10000 trials");
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
  built = configs_per_keystroke (d);
  g_test_message ("%u configs built a keystroke", built);
  g_assert_cmpuint (built, <=, 300);
  /* a bad value is still said as it is typed, naming the row */
  gtk_editable_set_text (batch->values, bad);
  g_assert_cmpstr (hl_sweep_dialog_get_error (d), ==, "Batch Size: “7x” is not a whole number from 1 or “all”");
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  gtk_editable_set_text (batch->values, sizes);
  g_assert_null (hl_sweep_dialog_get_error (d));
}

/* Only the trials of two wide layers have too many parameters (a few of
 * 6,400): the form says so, naming a trial that has them, and Start stays
 * shut. */
static void
test_big_layers_refused (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  HlVary *batch = vary (d, "training.batch_size");
  HlVary *units0 = vary (d, "model.layers[0].units");
  HlVary *units1 = vary (d, "model.layers[1].units");
  g_autofree char *sizes = numbers_to (100);
  g_autoptr (GError) error = NULL;

  grid_of_learning_rates (d, 4, 1, FALSE);
  adw_expander_row_set_enable_expansion (batch->row, TRUE);
  gtk_editable_set_text (batch->values, sizes);
  adw_expander_row_set_enable_expansion (units0->row, TRUE);
  adw_expander_row_set_enable_expansion (units1->row, TRUE);
  type_number (units0->low, 16);
  type_number (units0->high, 32);
  type_number (units1->low, 16);
  type_number (units1->high, HL_MAX_UNITS);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 6400);
  /* 16384 × 16384 weights between the two layers */
  type_number (units0->high, HL_MAX_UNITS);
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 0);
  g_assert_nonnull (hl_sweep_dialog_get_error (d));
  g_test_message ("%s", hl_sweep_dialog_get_error (d));
  /* in the rows' words, not the engine's ("sweep: trial #6400 (model.layers[0].units=16384, …") */
  g_assert_true (g_str_has_prefix (hl_sweep_dialog_get_error (d), "Trial "));
  g_assert_nonnull (strstr (hl_sweep_dialog_get_error (d), "layer 1 units 16384, layer 2 units 16384): model.layers: "));
  g_assert_nonnull (strstr (hl_sweep_dialog_get_error (d), "parameters is more than a model may have"));
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  g_assert_false (hl_sweep_dialog_start (d, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT);
  g_assert_false (hl_sweep_dialog_get_running (d));
}

/* 300 random trials are checked by their values' extremes; the one mix
 * of two wide layers those miss (seed 145: trial 5) is found when Start
 * builds every trial: Start stops, the form says why and stays shut until
 * the next edit. */
static void
test_random_mix_refused_at_start (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  HlVary *units0 = vary (d, "model.layers[0].units");
  HlVary *units1 = vary (d, "model.layers[1].units");
  g_autoptr (GError) error = NULL;

  adw_combo_row_set_selected (d->method_row, 0);
  type_number (d->budget_spin, 300);
  type_number (d->seed_spin, 145);
  adw_expander_row_set_enable_expansion (units0->row, TRUE);
  adw_expander_row_set_enable_expansion (units1->row, TRUE);
  type_number (units0->high, HL_MAX_UNITS);
  type_number (units1->high, HL_MAX_UNITS);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 300);
  /* Start before every trial is checked builds them all itself */
  g_assert_true (hl_sweep_dialog_checking_all (d));
  g_assert_false (hl_sweep_dialog_start (d, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT);
  g_assert_false (hl_sweep_dialog_get_running (d));
  g_assert_null (hl_sweep_dialog_get_sweep (d));
  g_assert_cmpstr (hl_sweep_dialog_get_error (d), ==, error->message);
  g_assert_true (g_str_has_prefix (error->message, "Trial 5 (lr "));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  g_assert_cmpstr (gtk_label_get_text (d->error_label), ==, error->message);
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "Cannot start");
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  /* narrower layers: it can start */
  type_number (units1->high, 1024);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
}

/* 50 points of five ranges (312,500,000 trials): refused with the number
 * and what to do, nothing built. */
static void
test_huge_grid_refused (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  const char *const paths[] = { "model.layers[0].units", "model.layers[1].units", "model.layers[0].dropout",
                                "model.layers[1].dropout" };
  guint before;

  grid_of_learning_rates (d, 2, 1, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    adw_expander_row_set_enable_expansion (vary (d, paths[i])->row, TRUE);
  type_number (vary (d, "model.layers[0].units")->high, 1000);
  type_number (vary (d, "model.layers[1].units")->high, 1000);
  before = hl_sweep_n_configs_built ();
  type_number (d->points_spin, 50);
  g_assert_cmpuint (hl_sweep_n_configs_built (), ==, before);
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 0);
  /* in the form's words, not the engine's ("space: the grid has 312500000 points, …") */
  g_assert_cmpstr (hl_sweep_dialog_get_error (d), ==,
                   "The grid has 312500000 trials, more than the 10000 a sweep may have: take fewer points "
                   "per range or vary fewer settings");
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
}

/* The worker reading the store's runs, held until the test lets it go. */
typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean entered;
  gboolean on_main;
  gboolean released;
} Held;

static void
hold_read (gpointer data)
{
  Held *h = data;

  g_mutex_lock (&h->lock);
  h->entered = TRUE;
  h->on_main = g_main_context_is_owner (g_main_context_default ());
  g_cond_broadcast (&h->cond);
  while (!h->released)
    g_cond_wait (&h->cond, &h->lock);
  g_mutex_unlock (&h->lock);
}

static void
let_read (Held *h)
{
  g_mutex_lock (&h->lock);
  h->released = TRUE;
  g_cond_broadcast (&h->cond);
  g_mutex_unlock (&h->lock);
}

static gboolean
dialog_loaded (gpointer data)
{
  return !HL_SWEEP_DIALOG (data)->loading;
}

/* Runs "spiral sweep #i" the store's index does not know, written straight
 * into dir. */
static void
write_sweep_runs (const char *dir, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("old-sweep-%04u", i);
      g_autofree char *name = g_strdup_printf ("spiral sweep #%u", i + 1);
      g_autofree char *file = g_strconcat (id, ".run.json", NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr (HlRun) run = hl_test_make_run (id, name, HL_RUN_STATUS_COMPLETED, 5);
      gsize length = 0;
      g_autofree char *text = hl_run_to_data (run, &length);

      g_assert_true (g_file_set_contents (path, text, (gssize) length, NULL));
    }
}

/* A store in dir (emptied first) of 100 such runs, and a dialog opened on
 * it: its worker is held by the read hook, so it is still reading. */
static HlSweepDialog *
open_while_reading (Fixture *f, const char *dir, HlStore **store, Held *h)
{
  g_autoptr (GError) error = NULL;
  HlSweepDialog *d;

  hl_test_rm_rf (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_sweep_runs (dir, 100);
  g_clear_pointer (store, hl_store_free);
  *store = hl_store_new (dir, &error);
  g_assert_no_error (error);
  h->entered = h->released = FALSE;
  d = HL_SWEEP_DIALOG (g_object_ref_sink (hl_sweep_dialog_new (NULL, f->dialog->base, *store,
                                                               f->dialog->registry)));
  g_assert_true (d->loading);
  return d;
}

/* Opening the dialog on a store of many runs its index does not know read
 * them on the main thread (half a second for 3,000, found by a review):
 * they are read on a worker, the dialog says so and Start and Continue
 * wait; then the default name counts them as before (a name typed
 * meanwhile stays).  Closing while they are read is safe. */
static void
test_runs_read_on_worker (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-sweep-read-XXXXXX", NULL);
  g_autoptr (HlStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) reading = NULL;
  HlSweepDialog *d;
  gpointer gone = NULL;
  Held h = { 0 };

  g_mutex_init (&h.lock);
  g_cond_init (&h.cond);
  hl_sweep_dialog_set_read_hook (hold_read, &h);
  /* back while the worker is held: the runs are not read yet */
  d = open_while_reading (f, dir, &store, &h);
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "Reading the runs…");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (d->records_group)));
  g_assert_false (hl_sweep_dialog_start (d, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (hl_sweep_dialog_continue_record (d, "nope", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  let_read (&h);
  g_assert_true (test_wait_until (dialog_loaded, d, 20000));
  g_assert_true (h.entered);
  g_assert_false (h.on_main);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (d->name_row)), ==, "spiral sweep 2");
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "12 trials");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (d->records_group)));
  g_assert_true (hl_sweep_dialog_get_n_trials (d) == 12);
  gtk_window_destroy (GTK_WINDOW (d));
  g_object_unref (d);

  /* a name typed while the runs are read stays */
  d = open_while_reading (f, dir, &store, &h);
  gtk_editable_set_text (GTK_EDITABLE (d->name_row), "mine");
  let_read (&h);
  g_assert_true (test_wait_until (dialog_loaded, d, 20000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (d->name_row)), ==, "mine");
  gtk_window_destroy (GTK_WINDOW (d));
  g_object_unref (d);

  /* closed while the worker reads: it is cancelled, and its end leaves
   * the gone dialog alone */
  d = open_while_reading (f, dir, &store, &h);
  gone = d;
  reading = g_object_ref (d->load_cancel);
  g_object_add_weak_pointer (G_OBJECT (d), &gone);
  gtk_window_destroy (GTK_WINDOW (d));
  g_assert_true (g_cancellable_is_cancelled (reading));
  g_object_unref (d);   /* the task holds it until the worker ends */
  g_assert_nonnull (gone);
  let_read (&h);
  g_assert_true (test_wait_until (is_gone, &gone, 20000));
  g_assert_true (h.entered);
  hl_sweep_dialog_set_read_hook (NULL, NULL);
  g_mutex_clear (&h.lock);
  g_cond_clear (&h.cond);
  hl_test_rm_rf (dir);
}

static gboolean
not_preparing (gpointer data)
{
  return !HL_SWEEP_DIALOG (data)->preparing;
}

/* Start of 1,000 trials or more builds them on a worker (10,000 took 0.43 s
 * on the main thread, found by a review): Start returns at once, the form
 * is shut and says so; then the run page, or the problem a trial has, as
 * when built at once.  Closing meanwhile is safe. */
static HlSweepDialog *
big_grid_dialog (Fixture *f, HlStore *store)
{
  HlSweepDialog *d = HL_SWEEP_DIALOG (g_object_ref_sink (hl_sweep_dialog_new (NULL, f->dialog->base, store,
                                                                              f->dialog->registry)));
  g_autofree char *sizes = numbers_to (20);

  grid_of_learning_rates (d, 50, 1, FALSE);
  adw_expander_row_set_enable_expansion (vary (d, "training.batch_size")->row, TRUE);
  gtk_editable_set_text (vary (d, "training.batch_size")->values, sizes);
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 1000);
  return d;
}

static void
test_big_start_on_worker (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-sweep-build-XXXXXX", NULL);
  GPtrArray *records, *runs;
  guint n_records, n_runs, built;
  g_autoptr (HlStore) store = NULL;
  g_autoptr (GError) error = NULL;
  HlSweepDialog *d;
  gpointer gone = NULL;
  Held h = { 0 };

  g_mutex_init (&h.lock);
  g_cond_init (&h.cond);
  store = hl_store_new (dir, &error);
  g_assert_no_error (error);
  hl_sweep_dialog_set_build_hook (hold_read, &h);
  d = big_grid_dialog (f, store);
  g_assert_true (hl_sweep_dialog_start (d, &error));
  g_assert_no_error (error);
  /* back while the worker is held: nothing built yet */
  g_assert_true (d->preparing);
  g_assert_false (hl_sweep_dialog_get_running (d));
  g_assert_null (hl_sweep_dialog_get_sweep (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "Preparing the trials…");
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (d->setup_page)));
  g_assert_false (hl_sweep_dialog_start (d, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  let_read (&h);
  g_assert_true (test_wait_until (not_preparing, d, 20000));
  g_assert_true (h.entered);
  g_assert_false (h.on_main);
  g_assert_true (hl_sweep_dialog_get_running (d));
  g_assert_nonnull (hl_sweep_dialog_get_sweep (d));
  g_assert_cmpuint (hl_sweep_dialog_get_sweep (d)->trials->len, ==, 1000);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (d->stack), ==, "run");
  hl_sweep_dialog_stop (d);
  g_assert_true (test_wait_until (not_running, d, 60000));
  gtk_window_destroy (GTK_WINDOW (d));
  g_object_unref (d);

  /* a trial's problem found by the worker: the form says it, shut until the next edit */
  {
    HlVary *units0, *units1;

    d = HL_SWEEP_DIALOG (g_object_ref_sink (hl_sweep_dialog_new (NULL, f->dialog->base, store,
                                                                 f->dialog->registry)));
    units0 = vary (d, "model.layers[0].units");
    units1 = vary (d, "model.layers[1].units");
    adw_combo_row_set_selected (d->method_row, 0);
    /* the mix of test_random_mix_refused_at_start, built on the worker */
    hl_sweep_dialog_build_on_worker = 300;
    type_number (d->budget_spin, 300);
    type_number (d->seed_spin, 145);
    adw_expander_row_set_enable_expansion (units0->row, TRUE);
    adw_expander_row_set_enable_expansion (units1->row, TRUE);
    type_number (units0->high, HL_MAX_UNITS);
    type_number (units1->high, HL_MAX_UNITS);
    g_assert_null (hl_sweep_dialog_get_error (d));
    h.entered = h.released = FALSE;
    g_assert_true (hl_sweep_dialog_start (d, NULL));
    g_assert_true (d->preparing);
    let_read (&h);
    g_assert_true (test_wait_until (not_preparing, d, 20000));
    g_assert_false (hl_sweep_dialog_get_running (d));
    g_assert_null (hl_sweep_dialog_get_sweep (d));
    g_assert_nonnull (hl_sweep_dialog_get_error (d));
    g_assert_true (g_str_has_prefix (hl_sweep_dialog_get_error (d), "Trial 5 (lr "));
    hl_sweep_dialog_build_on_worker = 1000;
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
    g_assert_cmpstr (gtk_label_get_text (d->error_label), ==, hl_sweep_dialog_get_error (d));
    g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "Cannot start");
    g_assert_false (gtk_widget_is_sensitive (d->start_button));
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (d->setup_page)));
    gtk_window_destroy (GTK_WINDOW (d));
    g_object_unref (d);
  }

  /* closed while the worker builds: it stops building (it built all 1,000
   * trials for no one), and its end leaves the gone dialog alone (no sweep
   * starts, no record is made) */
  records = hl_sweep_record_list (store, NULL);
  n_records = records->len;
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_true (hl_store_refresh (store, NULL));
  runs = hl_store_list (store);
  n_runs = runs->len;
  g_clear_pointer (&runs, g_ptr_array_unref);
  d = big_grid_dialog (f, store);
  h.entered = h.released = FALSE;
  g_assert_true (hl_sweep_dialog_start (d, NULL));
  g_assert_true (d->preparing);
  gone = d;
  g_object_add_weak_pointer (G_OBJECT (d), &gone);
  gtk_window_destroy (GTK_WINDOW (d));
  g_assert_false (is_shown (d));
  g_object_unref (d);   /* the task holds it until the worker ends */
  g_assert_nonnull (gone);
  built = hl_sweep_n_configs_built ();
  let_read (&h);
  g_assert_true (test_wait_until (is_gone, &gone, 20000));
  g_assert_true (h.entered);
  g_assert_cmpuint (hl_sweep_n_configs_built () - built, ==, 0);
  records = hl_sweep_record_list (store, NULL);
  g_assert_cmpuint (records->len, ==, n_records);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_true (hl_store_refresh (store, NULL));
  runs = hl_store_list (store);
  g_assert_cmpuint (runs->len, ==, n_runs);
  g_clear_pointer (&runs, g_ptr_array_unref);
  hl_sweep_dialog_set_build_hook (NULL, NULL);
  g_mutex_clear (&h.lock);
  g_cond_clear (&h.cond);
  g_clear_pointer (&store, hl_store_free);
  hl_test_rm_rf (dir);
}

void
test_sweep_ui_form_add (void)
{
  g_test_add ("/sweep-ui/form/big-grid-cheap", Fixture, NULL, setup_quick, test_big_grid_cheap, teardown);
  g_test_add ("/sweep-ui/form/big-layers-refused", Fixture, NULL, setup_quick, test_big_layers_refused, teardown);
  g_test_add ("/sweep-ui/form/random-mix-refused-at-start", Fixture, NULL, setup_quick,
              test_random_mix_refused_at_start, teardown);
  g_test_add ("/sweep-ui/form/runs-read-on-worker", Fixture, NULL, setup_quick, test_runs_read_on_worker, teardown);
  g_test_add ("/sweep-ui/form/big-start-on-worker", Fixture, NULL, setup_quick, test_big_start_on_worker, teardown);
  g_test_add ("/sweep-ui/form/huge-grid-refused", Fixture, NULL, setup_quick, test_huge_grid_refused, teardown);
}
