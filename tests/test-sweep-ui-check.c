/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-ui-check.c - the sweep dialog's check of every trial on a
 * worker once the edits settle (above 256 trials an edit checks only
 * those that stand for all): a mix they miss is shown before Start, a
 * check an edit overtook is dropped, Start meanwhile waits for it, and
 * closing the dialog meanwhile is safe.  Part of test-sweep-ui. */
#include <string.h>
#include "hl-sweep-private.h"
#include "test-gui-util.h"
#include "test-sweep-ui.h"

gboolean
checked_all (gpointer dialog)
{
  return !hl_sweep_dialog_checking_all (dialog);
}

gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The workers that check every trial, the first held (after it has built
 * them) until the test lets it go; those after it run freely. */
typedef struct {
  GMutex   lock;
  GCond    cond;
  guint    entered;
  gboolean released;
  gboolean first_done;   /* the first has gone on */
} Gate;

static void
hold_first (gpointer data)
{
  Gate *g = data;
  guint n;

  g_mutex_lock (&g->lock);
  n = ++g->entered;
  g_cond_broadcast (&g->cond);
  g_main_context_wakeup (NULL);   /* the test waits in its iteration (it sat there until a timeout) */
  while (n == 1 && !g->released)
    g_cond_wait (&g->cond, &g->lock);
  if (n == 1)
    g->first_done = TRUE;
  g_mutex_unlock (&g->lock);
}

static gboolean
gate_entered (gpointer data)
{
  Gate *g = data;
  gboolean entered;

  g_mutex_lock (&g->lock);
  entered = g->entered > 0;
  g_mutex_unlock (&g->lock);
  return entered;
}

static gboolean
gate_first_done (gpointer data)
{
  Gate *g = data;
  gboolean done;

  g_mutex_lock (&g->lock);
  done = g->first_done;
  g_mutex_unlock (&g->lock);
  return done;
}

static void
gate_open (Gate *g)
{
  g_mutex_lock (&g->lock);
  g->released = TRUE;
  g_cond_broadcast (&g->cond);
  g_mutex_unlock (&g->lock);
}

/* The setup of test_random_mix_refused_at_start: 300 random trials of two
 * layers up to the widest, one of which (trial 5) has both too wide. */
static void
random_wide_layers (HlSweepDialog *d)
{
  HlVary *units0 = vary (d, "model.layers[0].units");
  HlVary *units1 = vary (d, "model.layers[1].units");

  adw_combo_row_set_selected (d->method_row, 0);
  type_number (d->budget_spin, 300);
  type_number (d->seed_spin, 145);
  adw_expander_row_set_enable_expansion (units0->row, TRUE);
  adw_expander_row_set_enable_expansion (units1->row, TRUE);
  type_number (units0->high, HL_MAX_UNITS);
  type_number (units1->high, HL_MAX_UNITS);
}

/* The mix the stand-ins miss is found before Start once the edits settle
 * (every trial checked on a worker; it was only refused by Start): the
 * form says it as it says any problem and Start is shut.  Meanwhile the
 * form says it is checking and Start may go (it builds every trial
 * itself); once all are checked good, Start builds nothing again. */
static void
test_random_mix_found_before_start (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  g_autoptr (GError) error = NULL;
  guint before;

  random_wide_layers (d);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "300 trials, checking each…");
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
  g_assert_true (test_wait_until (checked_all, d, 20000));
  g_assert_nonnull (hl_sweep_dialog_get_error (d));
  g_test_message ("%s", hl_sweep_dialog_get_error (d));
  g_assert_true (g_str_has_prefix (hl_sweep_dialog_get_error (d), "Trial 5 (lr "));
  g_assert_nonnull (strstr (hl_sweep_dialog_get_error (d), "parameters is more than a model may have"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  g_assert_cmpstr (gtk_label_get_text (d->error_label), ==, hl_sweep_dialog_get_error (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "Cannot start");
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  g_assert_false (hl_sweep_dialog_start (d, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT);
  g_clear_error (&error);
  /* a change: checking again, and the verdict stays while nothing changes */
  type_number (vary (d, "model.layers[1].units")->high, 1024);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "300 trials, checking each…");
  g_assert_true (test_wait_until (checked_all, d, 20000));
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "300 trials");
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
  before = hl_sweep_n_configs_built ();
  g_assert_true (hl_sweep_dialog_start (d, &error));
  g_assert_no_error (error);
  /* the checked sweep starts: only the edit's own check was built again */
  g_assert_cmpuint (hl_sweep_n_configs_built () - before, <, 300);
  g_assert_cmpuint (hl_sweep_dialog_get_sweep (d)->trials->len, ==, 300);
  hl_sweep_dialog_stop (d);
  g_assert_true (test_wait_until (not_running, d, 60000));
}

/* A check an edit overtook is dropped, even when its result (here: trial
 * 5's problem) was in hand before the edit: the newer check's verdict
 * stands. */
static void
test_stale_check_dropped (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  Gate g = { 0 };

  g_mutex_init (&g.lock);
  g_cond_init (&g.cond);
  hl_sweep_dialog_set_check_hook (hold_first, &g);
  random_wide_layers (d);
  g_assert_true (test_wait_until (gate_entered, &g, 20000));   /* trial 5 found, held */
  type_number (vary (d, "model.layers[1].units")->high, 1024);
  g_assert_true (test_wait_until (checked_all, d, 20000));
  g_assert_cmpuint (g.entered, ==, 2);
  g_assert_null (hl_sweep_dialog_get_error (d));
  gate_open (&g);
  g_assert_true (test_wait_until (gate_first_done, &g, 20000));
  test_spin_loop (300);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "300 trials");
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
  hl_sweep_dialog_set_check_hook (NULL, NULL);
  g_mutex_clear (&g.lock);
  g_cond_clear (&g.cond);
}

static gboolean
not_preparing (gpointer dialog)
{
  return !HL_SWEEP_DIALOG (dialog)->preparing;
}

/* Start while every trial is being checked waits for that check (it
 * cancelled it and built every trial again): its sweep starts, or the
 * problem it found is said as any other. */
static void
test_start_waits_for_check (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  g_autoptr (GError) error = NULL;
  Gate g = { 0 };
  guint before;

  g_mutex_init (&g.lock);
  g_cond_init (&g.cond);
  hl_sweep_dialog_set_check_hook (hold_first, &g);
  random_wide_layers (d);
  type_number (vary (d, "model.layers[1].units")->high, 1024);
  g_assert_true (test_wait_until (gate_entered, &g, 20000));   /* all 300 built, held */
  before = hl_sweep_n_configs_built ();
  g_assert_true (hl_sweep_dialog_start (d, &error));
  g_assert_no_error (error);
  g_test_message ("%u configs built by Start", hl_sweep_n_configs_built () - before);
  g_assert_cmpuint (hl_sweep_n_configs_built () - before, <, 300);
  g_assert_true (d->preparing);
  g_assert_null (hl_sweep_dialog_get_sweep (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "Preparing the trials…");
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  gate_open (&g);
  g_assert_true (test_wait_until (not_preparing, d, 20000));
  g_assert_cmpuint (hl_sweep_n_configs_built () - before, <, 300);
  g_assert_true (hl_sweep_dialog_get_running (d));
  g_assert_cmpuint (hl_sweep_dialog_get_sweep (d)->trials->len, ==, 300);
  g_assert_cmpuint (g.entered, ==, 1);
  hl_sweep_dialog_stop (d);
  g_assert_true (test_wait_until (not_running, d, 60000));
  hl_sweep_dialog_set_check_hook (NULL, NULL);
  g_mutex_clear (&g.lock);
  g_cond_clear (&g.cond);
}

/* The same when the check finds trial 5 too wide. */
static void
test_start_waits_for_refusal (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  g_autoptr (GError) error = NULL;
  Gate g = { 0 };

  g_mutex_init (&g.lock);
  g_cond_init (&g.cond);
  hl_sweep_dialog_set_check_hook (hold_first, &g);
  random_wide_layers (d);
  g_assert_true (test_wait_until (gate_entered, &g, 20000));
  g_assert_true (hl_sweep_dialog_start (d, &error));
  g_assert_no_error (error);
  g_assert_true (d->preparing);
  gate_open (&g);
  g_assert_true (test_wait_until (not_preparing, d, 20000));
  g_assert_false (hl_sweep_dialog_get_running (d));
  g_assert_null (hl_sweep_dialog_get_sweep (d));
  g_assert_true (g_str_has_prefix (hl_sweep_dialog_get_error (d), "Trial 5 (lr "));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  g_assert_cmpstr (gtk_label_get_text (d->error_label), ==, hl_sweep_dialog_get_error (d));
  g_assert_cmpstr (gtk_label_get_text (d->count_label), ==, "Cannot start");
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (d->setup_page)));
  /* narrower layers: it can start */
  type_number (vary (d, "model.layers[1].units")->high, 1024);
  g_assert_null (hl_sweep_dialog_get_error (d));
  g_assert_true (test_wait_until (checked_all, d, 20000));
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
  hl_sweep_dialog_set_check_hook (NULL, NULL);
  g_mutex_clear (&g.lock);
  g_cond_clear (&g.cond);
}

static HlSweepDialog *
shown_dialog (Fixture *f)
{
  HlSweepDialog *d = HL_SWEEP_DIALOG (g_object_ref_sink (hl_sweep_dialog_new (NULL, f->dialog->base,
                                                                              f->dialog->store,
                                                                              f->dialog->registry)));

  gtk_window_present (GTK_WINDOW (d));
  return d;
}

/* Closed before every trial is checked: before the check began (its
 * delay then fired on the freed dialog), nothing is checked; while it
 * runs, it is cancelled, its end leaves the gone dialog alone, which goes
 * once it has ended. */
static void
test_close_while_checking (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = shown_dialog (f);
  g_autoptr (GCancellable) check = NULL;
  gpointer gone = d;
  Gate g = { 0 };

  g_mutex_init (&g.lock);
  g_cond_init (&g.cond);
  hl_sweep_dialog_set_check_hook (hold_first, &g);
  random_wide_layers (d);
  g_assert_true (hl_sweep_dialog_checking_all (d));
  g_object_add_weak_pointer (G_OBJECT (d), &gone);
  gtk_window_destroy (GTK_WINDOW (d));
  g_object_unref (d);
  g_assert_null (gone);
  test_spin_loop (hl_sweep_dialog_check_delay_ms * 2);
  g_assert_cmpuint (g.entered, ==, 0);

  d = gone = shown_dialog (f);
  random_wide_layers (d);
  g_assert_true (test_wait_until (gate_entered, &g, 20000));
  check = g_object_ref (d->all_cancel);
  g_object_add_weak_pointer (G_OBJECT (d), &gone);
  gtk_window_destroy (GTK_WINDOW (d));
  /* cancelled at once (it went on building every trial for no one) */
  g_assert_true (g_cancellable_is_cancelled (check));
  g_object_unref (d);   /* the task holds it until the worker ends */
  g_assert_nonnull (gone);
  gate_open (&g);
  g_assert_true (test_wait_until (is_gone, &gone, 20000));
  g_assert_cmpuint (g.entered, ==, 1);
  hl_sweep_dialog_set_check_hook (NULL, NULL);
  g_mutex_clear (&g.lock);
  g_cond_clear (&g.cond);
}

void
test_sweep_ui_check_add (void)
{
  g_test_add ("/sweep-ui/check/random-mix-found-before-start", Fixture, NULL, setup_quick,
              test_random_mix_found_before_start, teardown);
  g_test_add ("/sweep-ui/check/stale-check-dropped", Fixture, NULL, setup_quick, test_stale_check_dropped,
              teardown);
  g_test_add ("/sweep-ui/check/start-waits-for-check", Fixture, NULL, setup_quick, test_start_waits_for_check,
              teardown);
  g_test_add ("/sweep-ui/check/start-waits-for-refusal", Fixture, NULL, setup_quick,
              test_start_waits_for_refusal, teardown);
  g_test_add ("/sweep-ui/check/close-while-checking", Fixture, NULL, setup_quick, test_close_while_checking,
              teardown);
}
