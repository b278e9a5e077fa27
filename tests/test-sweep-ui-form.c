/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-ui-form.c - the sweep dialog's setup form with many trials:
 * an edit counts the trials and checks only those that stand for all (each
 * keystroke built and checked 10,000 configs, a third of a second), a
 * grid past the limit is refused without building it, and the problems
 * only some trials have still keep Start shut (found at once, or by Start
 * when only a mix the check does not build has them).  Part of
 * test-sweep-ui. */
#include <string.h>
#include "hl-sweep-private.h"
#include "test-gui-util.h"
#include "test-sweep-ui.h"

/* As a person types a number and leaves the field. */
static void
type_number (GtkSpinButton *spin, double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (text, sizeof text, value);
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_spin_button_update (spin);
}

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

void
test_sweep_ui_form_add (void)
{
  g_test_add ("/sweep-ui/form/big-grid-cheap", Fixture, NULL, setup_quick, test_big_grid_cheap, teardown);
  g_test_add ("/sweep-ui/form/big-layers-refused", Fixture, NULL, setup_quick, test_big_layers_refused, teardown);
  g_test_add ("/sweep-ui/form/random-mix-refused-at-start", Fixture, NULL, setup_quick,
              test_random_mix_refused_at_start, teardown);
  g_test_add ("/sweep-ui/form/huge-grid-refused", Fixture, NULL, setup_quick, test_huge_grid_refused, teardown);
}
