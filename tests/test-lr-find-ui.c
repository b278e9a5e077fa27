/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lr-find-ui.c - "Find…" beside the form's learning rate under Xvfb:
 * the range test of a small spiral runs to its end and says its rates,
 * "Use" puts the steepest in the form (and the config Train takes), Stop
 * and Cancel leave the form as it was, the button is off while the form
 * has other errors, data that cannot be read and a config the engine
 * refuses are said in words, a bad range stops Start; the curve grows
 * while the test runs and Stop keeps it; Use sets a one-cycle schedule's
 * peak rather than the base rate it ignores; the rates' form and the
 * curve's cut. */
#include <math.h>
#include <string.h>
#include "hyperlab.h"
#include "hl-ui.h"
#include "hl-config-panel.h"
#include "hl-format.h"
#include "hl-form-util.h"
#include "hl-lr-find-dialog-private.h"
#include "hl-lr-find-plot.h"
#include "test-gui-util.h"

#define TIMEOUT_MS 60000

typedef struct {
  GtkWidget     *window;
  HlConfigPanel *panel;
  GtkWidget     *find;     /* the "Find…" button */
} Fixture;

/* A spiral that trains a step in a blink. */
static HlConfig *
spiral (void)
{
  HlConfig *config = hl_config_new ();

  g_free (config->dataset.kind);
  config->dataset.kind = g_strdup ("spiral");
  config->dataset.samples = 200;
  config->dataset.validation_split = 0.2;
  config->training.epochs = 3;
  config->training.batch_size = 16;
  config->optimizer.learning_rate = 0.05;
  return config;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) config = spiral ();

  f->window = test_present_panel (config, hl_plugin_registry_get_default (), &f->panel);
  f->find = test_find_actionable (GTK_WIDGET (f->panel), "optimizer.find-lr");
  g_assert_nonnull (f->find);
}

/* As a click does (gtk_widget_activate clicks a quarter of a second later). */
static void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

/* The dialog shown now, or NULL. */
static HlLrFindDialog *
shown_dialog (void)
{
  GtkWindow *w = test_find_toplevel (HL_TYPE_LR_FIND_DIALOG);

  return w != NULL ? HL_LR_FIND_DIALOG (w) : NULL;
}

static gboolean
not_running (gpointer dialog)
{
  return !hl_lr_find_dialog_get_running (dialog);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  HlLrFindDialog *d = shown_dialog ();

  if (d != NULL)
    {
      g_object_ref (d);
      hl_lr_find_dialog_stop (d);
      g_assert_true (test_wait_until (not_running, d, TIMEOUT_MS));
      gtk_window_destroy (GTK_WINDOW (d));
      g_object_unref (d);
    }
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* "Find…" pressed as a user does; the dialog it opened (a reference of
 * the caller's). */
static HlLrFindDialog *
open_dialog (Fixture *f)
{
  g_assert_true (gtk_widget_is_sensitive (f->find));
  g_assert_null (shown_dialog ());
  click (f->find);
  g_assert_nonnull (shown_dialog ());
  return g_object_ref (shown_dialog ());
}

static void
run_to_end (HlLrFindDialog *d, guint steps)
{
  gtk_spin_button_set_value (d->steps_spin, steps);
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
  click (d->start_button);
  g_assert_true (hl_lr_find_dialog_get_running (d));
  g_assert_true (test_wait_until (not_running, d, TIMEOUT_MS));
}

static double
form_lr (Fixture *f)
{
  return hl_config_panel_get_config (f->panel)->optimizer.learning_rate;
}

static const char *
lr_row_text (Fixture *f)
{
  return gtk_editable_get_text (GTK_EDITABLE (test_find_row (GTK_WIDGET (f->panel), "optimizer.learning_rate")));
}

static void
test_run_and_use (Fixture *f, gconstpointer data)
{
  g_autoptr (HlLrFindDialog) d = open_dialog (f);
  g_autofree char *rate = NULL, *steepest = NULL, *use = NULL;
  char shown[G_ASCII_DTOSTR_BUF_SIZE];
  const char *lowest;
  double lr;

  run_to_end (d, 100);
  g_assert_nonnull (hl_lr_find_dialog_get_result (d));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  lr = hl_lr_find_dialog_get_suggestion (d);
  g_assert_true (isfinite (lr) && lr > 1e-6 && lr < 1);
  /* two significant digits of the steepest rate */
  g_assert_cmpfloat_with_epsilon (lr, hl_lr_find_dialog_get_result (d)->steepest_lr, lr * 0.051);
  rate = hl_format_rate (lr);
  steepest = g_strdup_printf ("● Steepest fall at %s: a good rate to start from", rate);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->steepest_label)));
  g_assert_cmpstr (gtk_label_get_text (d->steepest_label), ==, steepest);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->lowest_label)));
  lowest = gtk_label_get_text (d->lowest_label);
  g_assert_true (g_str_has_prefix (lowest, "● Lowest loss at "));
  g_assert_true (strstr (lowest, "stay below a tenth of it") != NULL || strstr (lowest, "still falling") != NULL ||
                 strstr (lowest, "too little to be sure it turned up") != NULL);
  g_assert_true (gtk_widget_get_visible (d->plot_frame));
  g_assert_cmpuint (hl_lr_find_plot_get_n_drawn (d->plot), >, 10);
  use = g_strdup_printf ("_Use %s", rate);
  g_assert_true (gtk_widget_get_visible (d->use_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (d->use_button)), ==, use);

  /* Use: the form, and the config Train takes, have the rate; the dialog closed */
  click (d->use_button);
  g_assert_null (shown_dialog ());
  g_assert_cmpfloat (form_lr (f), ==, lr);
  g_ascii_formatd (shown, sizeof shown, "%g", lr);
  g_assert_cmpstr (lr_row_text (f), ==, shown);
  g_assert_true (hl_config_panel_get_valid (f->panel));
}

static gboolean
is_shown (gpointer dialog)
{
  return shown_dialog () == dialog;
}

/* A test of seconds started from the form: the most steps, of 1000 points
 * each, at rates too small to blow up (the dialog: the caller's ref). */
static HlLrFindDialog *
start_long_test (Fixture *f)
{
  g_autoptr (HlConfig) heavy = spiral ();
  HlLrFindDialog *d;

  heavy->dataset.samples = 2000;
  heavy->training.batch_size = 1000;
  hl_config_panel_set_config (f->panel, heavy);
  d = open_dialog (f);
  hl_form_spin_set_real (d->from_spin, 1e-9);
  hl_form_spin_set_real (d->to_spin, 1e-7);
  gtk_spin_button_set_value (d->steps_spin, HL_LR_FIND_MAX_STEPS);
  click (d->start_button);
  return d;
}

/* Stop cancels a test under way, nothing to use; Cancel then, and Cancel
 * after a test that ran to its end, leave the form's rate as it was.  The
 * one stopped takes seconds: the most steps, of 1000 points each, at rates
 * too small to blow up (the small spiral's ran them in 0.3 s). */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr (HlLrFindDialog) d = NULL;
  g_autoptr (HlLrFindDialog) again = NULL;
  gint64 t0;

  d = start_long_test (f);
  test_spin_loop (300);
  g_assert_true (hl_lr_find_dialog_get_running (d));
  g_assert_true (gtk_widget_get_visible (d->stop_button));
  g_assert_false (gtk_widget_get_visible (d->start_button));
  t0 = g_get_monotonic_time ();
  click (d->stop_button);
  g_assert_true (test_wait_until (not_running, d, 10000));
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 10 * G_USEC_PER_SEC);
  /* the steps taken stay (/lr-find-ui/live-and-stop); Cancel takes none */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
  click (d->close_button);
  g_assert_false (test_wait_until (is_shown, d, 0));
  g_assert_cmpfloat (form_lr (f), ==, 0.05);
  g_assert_cmpstr (lr_row_text (f), ==, "0.05");

  again = open_dialog (f);
  run_to_end (again, 50);
  g_assert_true (isfinite (hl_lr_find_dialog_get_suggestion (again)));
  click (again->close_button);
  g_assert_null (shown_dialog ());
  g_assert_cmpfloat (form_lr (f), ==, 0.05);
  g_assert_cmpstr (lr_row_text (f), ==, "0.05");
}

typedef struct {
  HlLrFindDialog *d;
  guint           points;
} Live;

/* Points on the curve while the test still runs, or the test over. */
static gboolean
points_or_done (gpointer data)
{
  Live *live = data;

  return hl_lr_find_plot_get_n_points (live->d->plot) >= live->points || !hl_lr_find_dialog_get_running (live->d);
}

/* The curve grows while the test runs, with the progress bar and the step
 * in the status; Stop keeps the steps taken (every one drawn: rates this
 * small move the loss too little to cut the curve) and says so, and that
 * the loss had not turned up yet: no rate to use. */
static void
test_live_and_stop (Fixture *f, gconstpointer data)
{
  g_autoptr (HlLrFindDialog) d = NULL;
  const HlLrFindResult *r;
  Live live;
  guint seen;
  const char *status;

  d = start_long_test (f);
  live = (Live) { d, 20 };
  g_assert_true (test_wait_until (points_or_done, &live, 10000));
  g_assert_true (hl_lr_find_dialog_get_running (d));
  seen = hl_lr_find_plot_get_n_points (d->plot);
  g_assert_cmpuint (seen, >=, 20);
  g_assert_cmpuint (hl_lr_find_plot_get_n_drawn (d->plot), ==, seen);
  g_assert_true (gtk_widget_get_visible (d->plot_frame));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->progress_bar)));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (d->progress_bar), >, 0.0);
  /* part-way (how far depends on the machine: 1 % was passed in a CI run) */
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (d->progress_bar), <, 0.5);
  status = adw_preferences_group_get_description (d->result_group);
  g_test_message ("running: %s", status);
  g_assert_true (g_str_has_prefix (status, "Step "));
  g_assert_nonnull (strstr (status, " of 100000 · rate "));
  g_assert_null (hl_lr_find_dialog_get_result (d));

  click (d->stop_button);
  g_assert_true (test_wait_until (not_running, d, 10000));
  r = hl_lr_find_dialog_get_result (d);
  g_assert_nonnull (r);
  g_assert_true (r->cancelled);
  g_assert_cmpuint (r->lr->len, >=, seen);
  g_assert_cmpuint (r->lr->len, <, HL_LR_FIND_MAX_STEPS);
  g_assert_cmpuint (hl_lr_find_plot_get_n_points (d->plot), ==, r->lr->len);
  g_assert_true (gtk_widget_get_visible (d->plot_frame));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d->progress_bar)));
  status = adw_preferences_group_get_description (d->result_group);
  g_test_message ("stopped: %s", status);
  g_assert_true (g_str_has_prefix (status, "Stopped by you after "));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->lowest_label)));
  /* rates this small never turn the loss up: too soon for a rate to use */
  g_assert_false (hl_lr_find_result_turned (r));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (d->lowest_label), "● Lowest loss so far at "));
  g_assert_cmpstr (gtk_label_get_text (d->steepest_label), ==,
                   "● Stopped before the loss turned up: too soon to suggest a rate");
  g_assert_false (isfinite (hl_lr_find_dialog_get_suggestion (d)));
  g_assert_false (gtk_widget_get_visible (d->use_button));
}

/* A result of these smoothed losses, one a decade from 1e-5 to 1 (the
 * dialog takes it, as a test that ran would leave it). */
static void
show_curve (HlLrFindDialog *d, const double smoothed[6], gboolean cancelled)
{
  HlLrFindResult *r = g_new0 (HlLrFindResult, 1);

  r->lr = g_array_new (FALSE, FALSE, sizeof (double));
  r->loss = g_array_new (FALSE, FALSE, sizeof (double));
  r->smoothed = g_array_new (FALSE, FALSE, sizeof (double));
  r->min_loss = INFINITY;
  for (guint i = 0; i < 6; i++)
    {
      const double lr = pow (10.0, (double) i - 5.0);

      g_array_append_val (r->lr, lr);
      g_array_append_val (r->loss, smoothed[i]);
      g_array_append_val (r->smoothed, smoothed[i]);
      if (smoothed[i] < r->min_loss)
        r->min_loss = smoothed[i], r->min_loss_lr = lr;
    }
  r->steepest_lr = 1e-3;
  r->cancelled = cancelled;
  hl_lr_find_dialog_clear_outcome (d);
  d->result = r;
  d->run_from = 1e-5;
  d->run_to = 1.0;
  d->run_steps = 6;
  hl_lr_find_dialog_show_result (d);
}

/* A loss lowest before the highest rate and a little (7 %) above that at
 * it was said to be "still falling at the highest rates", as on the
 * command line (found by a QA pass); one lowest at the end still is. */
static void
test_rose_a_little (Fixture *f, gconstpointer data)
{
  g_autoptr (HlLrFindDialog) d = open_dialog (f);
  const double rose[6] = { 0.7, 0.69, 0.6, 0.5, 0.4, 0.428 };
  const double falling[6] = { 0.7, 0.69, 0.6, 0.5, 0.45, 0.44 };

  show_curve (d, rose, FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->lowest_label)));
  g_assert_cmpstr (gtk_label_get_text (d->lowest_label), ==,
                   "● Lowest loss at 0.1: the loss then rose by 7 % up to the highest rate, too little "
                   "to be sure it turned up; raise the Highest Rate to see where it does");
  show_curve (d, rose, TRUE);
  g_assert_cmpstr (gtk_label_get_text (d->lowest_label), ==,
                   "● Lowest loss so far at 0.1: the loss then rose by 7 % before the test stopped, too "
                   "little to be sure it turned up");
  show_curve (d, falling, FALSE);
  g_assert_cmpstr (gtk_label_get_text (d->lowest_label), ==,
                   "● Lowest loss at 1: the loss was still falling at the highest rates; raise the "
                   "Highest Rate to see where it turns");
}

/* A one-cycle schedule sets its rates from its own peak, max_lr, and
 * ignores the base rate: Use puts the rate there, says so, and leaves the
 * base rate; a warm-up's peak is the base rate, which Use sets. */
static void
test_use_sets_peak (Fixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) cycle = spiral ();
  g_autoptr (HlConfig) warm = spiral ();
  g_autofree char *rate = NULL, *label = NULL;
  double lr;

  g_free (cycle->schedule.name);
  cycle->schedule.name = g_strdup ("one-cycle");
  hl_params_set (cycle->schedule.params, "max_lr", 0.2);
  hl_config_panel_set_config (f->panel, cycle);
  {
    g_autoptr (HlLrFindDialog) d = open_dialog (f);

    g_assert_cmpstr (hl_lr_find_dialog_get_use_path (d), ==, "schedule.params.max_lr");
    run_to_end (d, 100);
    lr = hl_lr_find_dialog_get_suggestion (d);
    g_assert_true (isfinite (lr) && lr != 0.2);
    rate = hl_format_rate (lr);
    label = g_strdup_printf ("_Use %s as Peak rate", rate);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (d->use_button)), ==, label);
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (d->use_button), "does not use the base learning rate"));
    click (d->use_button);
    g_assert_null (shown_dialog ());
  }
  g_assert_cmpfloat (hl_params_get (hl_config_panel_get_config (f->panel)->schedule.params, "max_lr", NAN), ==, lr);
  g_assert_cmpfloat (form_lr (f), ==, 0.05);
  g_assert_cmpstr (lr_row_text (f), ==, "0.05");
  g_assert_true (hl_config_panel_get_valid (f->panel));

  g_free (warm->schedule.name);
  warm->schedule.name = g_strdup ("warmup-cosine");
  hl_config_panel_set_config (f->panel, warm);
  {
    g_autoptr (HlLrFindDialog) d = open_dialog (f);

    g_assert_cmpstr (hl_lr_find_dialog_get_use_path (d), ==, "optimizer.learning_rate");
    run_to_end (d, 100);
    lr = hl_lr_find_dialog_get_suggestion (d);
    g_assert_true (isfinite (lr));
    click (d->use_button);
  }
  g_assert_cmpfloat (form_lr (f), ==, lr);
  g_assert_false (hl_params_lookup (hl_config_panel_get_config (f->panel)->schedule.params, "max_lr", NULL));
}

/* Off with a tooltip that says why while the form has an error; on again
 * once it is fixed.  A learning rate the form cannot use does not stop
 * it: a rate to put there is what it finds. */
static void
test_off_with_errors (Fixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) bad = spiral ();
  g_autoptr (HlConfig) good = spiral ();
  const char *tip;

  bad->dataset.validation_split = 0.6;
  bad->dataset.test_split = 0.6;
  hl_config_panel_set_config (f->panel, bad);
  g_assert_false (hl_config_panel_get_valid (f->panel));
  g_assert_false (gtk_widget_is_sensitive (f->find));
  tip = gtk_widget_get_tooltip_text (f->find);
  g_assert_true (g_str_has_prefix (tip, "Fix these first:\n"));
  g_assert_nonnull (strstr (tip, "Split"));
  click (f->find);
  g_assert_null (shown_dialog ());

  hl_config_panel_set_config (f->panel, good);
  g_assert_true (gtk_widget_is_sensitive (f->find));
  tip = gtk_widget_get_tooltip_text (f->find);
  g_assert_false (g_str_has_prefix (tip, "Fix these first"));

  gtk_editable_set_text (GTK_EDITABLE (test_find_row (GTK_WIDGET (f->panel), "optimizer.learning_rate")), "fast");
  g_assert_false (hl_config_panel_get_valid (f->panel));
  g_assert_true (gtk_widget_is_sensitive (f->find));
  {
    g_autoptr (HlLrFindDialog) d = open_dialog (f);
    run_to_end (d, 50);
    g_assert_nonnull (hl_lr_find_dialog_get_result (d));
  }
}

/* What went wrong, in words, and the dialog still there to try again. */
static void
test_errors_in_words (Fixture *f, gconstpointer data)
{
  static const struct { const char *what, *says; } cases[] = {
    { "csv", "/nonexistent/hl-lr-find-test.csv" },
    { "optimizer", "hl-no-such-optimizer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HlConfig) config = spiral ();
      HlLrFindDialog *d;
      const char *text;

      if (g_str_equal (cases[i].what, "csv"))
        {
          g_free (config->dataset.kind);
          config->dataset.kind = g_strdup ("csv");
          config->dataset.path = g_strdup (cases[i].says);
        }
      else
        {
          g_free (config->optimizer.name);
          config->optimizer.name = g_strdup (cases[i].says);
        }
      d = HL_LR_FIND_DIALOG (hl_lr_find_dialog_new (GTK_WINDOW (f->window), config,
                                                    hl_plugin_registry_get_default ()));
      gtk_window_present (GTK_WINDOW (d));
      run_to_end (d, 50);
      g_assert_null (hl_lr_find_dialog_get_result (d));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
      text = gtk_label_get_text (d->error_label);
      g_test_message ("%s: %s", cases[i].what, text);
      g_assert_true (g_str_has_prefix (text, "The test could not run: "));
      g_assert_nonnull (strstr (text, cases[i].says));
      g_assert_false (gtk_widget_get_visible (d->use_button));
      g_assert_true (gtk_widget_is_sensitive (d->start_button));
      gtk_window_destroy (GTK_WINDOW (d));
    }
}

/* A highest rate not above the lowest: Start is off and the row says why. */
static void
test_bad_range (Fixture *f, gconstpointer data)
{
  g_autoptr (HlLrFindDialog) d = open_dialog (f);
  g_autoptr (GError) error = NULL;

  hl_form_spin_set_real (d->from_spin, 1.0);
  hl_form_spin_set_real (d->to_spin, 1e-3);
  gtk_spin_button_set_value (d->to_spin, -3);   /* log10: as the user steps it */
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (d->to_row), "error"));
  g_assert_false (hl_lr_find_dialog_start (d, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
  g_assert_false (hl_lr_find_dialog_get_running (d));
  gtk_spin_button_set_value (d->to_spin, 0.0);   /* 1e0: still not above 1 */
  g_assert_false (gtk_widget_is_sensitive (d->start_button));
  gtk_spin_button_set_value (d->to_spin, 1.0);   /* 10 */
  g_assert_true (gtk_widget_is_sensitive (d->start_button));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (d->to_row), "error"));
}

static void
test_format_rate (void)
{
  static const struct { double lr; const char *text; } cases[] = {
    { 5.41e-4, "5.4e-4" }, { 9.02e-4, "9e-4" }, { 0.0143, "0.014" }, { 0.333, "0.33" },
    { 1.0, "1" }, { 0.00999, "1e-2" }, { 1e-6, "1e-6" }, { 1.86, "1.9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hl_format_rate (cases[i].lr);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The curve ends a quarter of its fall above its start once past the
 * minimum: a blow-up to 1e6 squashed the fall flat. */
static void
test_plot_cut (void)
{
  GtkWidget *plot = g_object_ref_sink (hl_lr_find_plot_new ());
  HlLrFindResult r = { 0 };
  static const double smoothed[] = { 2.0, 1.8, 1.2, 0.8, 0.5, 0.6, 1.0, 2.2, 2.6, 1e6 };

  r.lr = g_array_new (FALSE, FALSE, sizeof (double));
  r.loss = g_array_new (FALSE, FALSE, sizeof (double));
  r.smoothed = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < G_N_ELEMENTS (smoothed); i++)
    {
      double lr = pow (10.0, -5.0 + i * 0.5);
      g_array_append_val (r.lr, lr);
      g_array_append_val (r.loss, smoothed[i]);
      g_array_append_val (r.smoothed, smoothed[i]);
    }
  r.min_loss = 0.5;
  r.min_loss_lr = g_array_index (r.lr, double, 4);
  r.steepest_lr = g_array_index (r.lr, double, 2);
  r.blew_up = TRUE;
  hl_lr_find_plot_set_result (HL_LR_FIND_PLOT (plot), &r);
  /* 2.0 + (2.0 - 0.5) / 4 = 2.375: 2.2 is drawn, 2.6 is not */
  g_assert_cmpuint (hl_lr_find_plot_get_n_drawn (HL_LR_FIND_PLOT (plot)), ==, 8);
  hl_lr_find_plot_set_result (HL_LR_FIND_PLOT (plot), NULL);
  g_assert_cmpuint (hl_lr_find_plot_get_n_drawn (HL_LR_FIND_PLOT (plot)), ==, 0);
  g_array_unref (r.lr);
  g_array_unref (r.loss);
  g_array_unref (r.smoothed);
  g_object_unref (plot);
}

/* A batch size typed and not yet entered is the one the test uses when
 * Find… is pressed from the keyboard (Alt+F leaves the focus in the field,
 * which reads its text on Return or on losing the focus). */
static void
test_typed_value_counts (Fixture *f, gconstpointer data)
{
  GtkWidget *row = test_find_row (GTK_WIDGET (f->panel), "training.batch_size");
  GtkWidget *spin = test_find_child (row, GTK_TYPE_SPIN_BUTTON);
  g_autoptr (HlLrFindDialog) d = NULL;

  g_assert_nonnull (spin);
  g_assert_true (gtk_widget_grab_focus (spin));
  gtk_editable_set_text (GTK_EDITABLE (spin), "8");
  d = open_dialog (f);
  g_assert_cmpuint (d->config->training.batch_size, ==, 8);
  g_assert_cmpuint (hl_config_panel_get_config (f->panel)->training.batch_size, ==, 8);
}

/* Return in the focused field, as its key binding does it ("activate" of
 * the spin's text; no X keys: tests running beside this one move the
 * pointer). */
static void
press_return (HlLrFindDialog *d)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (d));

  g_assert_true (GTK_IS_TEXT (focus));
  g_signal_emit_by_name (focus, "activate");
}

static gboolean
is_running (gpointer dialog)
{
  return hl_lr_find_dialog_get_running (dialog);
}

/* Return in a field of the range starts the test with the value typed
 * there, as the dialog's default button (HIG): it only read the value,
 * and Start was a Tab or a click away (found by a keyboard review).
 * After a result, it runs again with the new range rather than taking
 * the old result; with a bad range it starts nothing. */
static void
test_return_starts (Fixture *f, gconstpointer data)
{
  g_autoptr (HlLrFindDialog) d = open_dialog (f);

  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (d)) == d->start_button);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (d->steps_spin)));
  gtk_editable_set_text (GTK_EDITABLE (d->steps_spin), "60");   /* typed */
  press_return (d);
  g_assert_true (test_wait_until (is_running, d, 3000) || hl_lr_find_dialog_get_result (d) != NULL);
  g_assert_true (test_wait_until (not_running, d, TIMEOUT_MS));
  g_assert_cmpuint (d->run_steps, ==, 60);
  g_assert_nonnull (hl_lr_find_dialog_get_result (d));
  /* the suggested button is the default one now */
  g_assert_true (gtk_widget_get_visible (d->use_button));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (d)) == d->use_button);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (d)) == d->use_button);   /* as after Start */

  /* a new range, Return: run again, not Use */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (d->steps_spin)));
  gtk_editable_set_text (GTK_EDITABLE (d->steps_spin), "70");
  press_return (d);
  g_assert_true (test_wait_until (is_running, d, 3000) || d->run_steps == 70);
  g_assert_true (test_wait_until (not_running, d, TIMEOUT_MS));
  g_assert_true (shown_dialog () == d);
  g_assert_cmpuint (d->run_steps, ==, 70);

  /* a range that cannot run: Return says why, starts nothing */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (d->to_spin)));
  gtk_editable_set_text (GTK_EDITABLE (d->to_spin), "1e-8");
  press_return (d);
  test_spin_loop (300);
  g_assert_false (hl_lr_find_dialog_get_running (d));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (d->to_row), "error"));
  g_assert_cmpuint (d->run_steps, ==, 70);
}

static GtkWidget *
focus_of (HlLrFindDialog *d)
{
  return gtk_root_get_focus (GTK_ROOT (d));
}

/* Start pressed from the keyboard hides as the test runs, and Stop as it
 * ends: the focus goes to the button in its place, Stop, then Use (else
 * Run Again).  It went nowhere, so Return did nothing and Tab started over
 * at Cancel (found driving the dialog by keyboard). */
static void
test_focus_follows_buttons (Fixture *f, gconstpointer data)
{
  g_autoptr (HlLrFindDialog) d = open_dialog (f);

  for (guint i = 0; i < 2; i++)   /* Start, then Run Again */
    {
      gtk_spin_button_set_value (d->steps_spin, 100);
      g_assert_true (gtk_widget_grab_focus (d->start_button));
      click (d->start_button);
      g_assert_true (hl_lr_find_dialog_get_running (d));
      g_assert_true (focus_of (d) == d->stop_button);
      g_assert_true (test_wait_until (not_running, d, TIMEOUT_MS));
      g_assert_true (gtk_widget_get_visible (d->use_button));
      g_assert_true (focus_of (d) == d->use_button);
    }

  /* Stop pressed: no rate to use yet (see /lr-find-ui/live-and-stop), so Run Again */
  hl_form_spin_set_real (d->from_spin, 1e-9);
  hl_form_spin_set_real (d->to_spin, 1e-7);
  gtk_spin_button_set_value (d->steps_spin, HL_LR_FIND_MAX_STEPS);
  g_assert_true (gtk_widget_grab_focus (d->start_button));
  click (d->start_button);
  g_assert_true (focus_of (d) == d->stop_button);
  click (d->stop_button);
  g_assert_true (test_wait_until (not_running, d, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (d->use_button));
  g_assert_true (focus_of (d) == d->start_button);
}

/* Large text (144 dpi): the plot draws 1.5 times larger, so it asks for
 * 1.5 times its height request; at 260 px its y label was cut. */
static int
plot_height_at (const char *css)
{
  GtkWidget *plot = g_object_ref_sink (hl_lr_find_plot_new ());
  GtkCssProvider *provider = gtk_css_provider_new ();
  int height;

  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  gtk_widget_set_size_request (plot, -1, 260);
  gtk_widget_measure (plot, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
  g_object_unref (provider);
  g_object_unref (plot);
  return height;
}

static void
test_plot_large_text (void)
{
  g_assert_cmpint (plot_height_at ("* { -gtk-dpi: 96; }"), ==, 260);
  g_assert_cmpint (plot_height_at ("* { -gtk-dpi: 144; }"), ==, 390);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  hl_ui_init ();
  g_test_add ("/lr-find-ui/run-and-use", Fixture, NULL, setup, test_run_and_use, teardown);
  g_test_add ("/lr-find-ui/focus-follows-buttons", Fixture, NULL, setup, test_focus_follows_buttons, teardown);
  g_test_add ("/lr-find-ui/typed-value-counts", Fixture, NULL, setup, test_typed_value_counts, teardown);
  g_test_add ("/lr-find-ui/return-starts", Fixture, NULL, setup, test_return_starts, teardown);
  g_test_add ("/lr-find-ui/cancel", Fixture, NULL, setup, test_cancel, teardown);
  g_test_add ("/lr-find-ui/live-and-stop", Fixture, NULL, setup, test_live_and_stop, teardown);
  g_test_add ("/lr-find-ui/rose-a-little", Fixture, NULL, setup, test_rose_a_little, teardown);
  g_test_add ("/lr-find-ui/use-sets-peak", Fixture, NULL, setup, test_use_sets_peak, teardown);
  g_test_add ("/lr-find-ui/off-with-errors", Fixture, NULL, setup, test_off_with_errors, teardown);
  g_test_add ("/lr-find-ui/errors-in-words", Fixture, NULL, setup, test_errors_in_words, teardown);
  g_test_add ("/lr-find-ui/bad-range", Fixture, NULL, setup, test_bad_range, teardown);
  g_test_add_func ("/lr-find-ui/format-rate", test_format_rate);
  g_test_add_func ("/lr-find-ui/plot-cut", test_plot_cut);
  g_test_add_func ("/lr-find-ui/plot-large-text", test_plot_large_text);
  return g_test_run ();
}
