/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui.c - the form widgets under Xvfb: every template instantiates, edits
 * change the config Train would use, invalid values are marked. */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include "hl-natural-bin.h"
#include "hyperlab.h"
#include "hl-ui.h"
#include "hl-boundary.h"
#include "hl-config-panel.h"
#include "hl-dataset-group.h"
#include "hl-form-util.h"
#include "hl-format.h"
#include "hl-layer-row.h"
#include "hl-model-group.h"
#include "hl-optimizer-group.h"
#include "hl-schedule-group.h"
#include "hl-scatter-preview.h"
#include "hl-training-group.h"
#include "hl-training-view.h"
#include "hl-training-view-private.h"
#include "test-gui-util.h"

/* What a user does: type into the field and leave it. */
static void
type_text (GtkSpinButton *spin, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_spin_button_update (spin);
}

static GType
type_from_data (gconstpointer data)
{
  return ((GType (*) (void)) data) ();
}

static void
test_template_instantiates (gconstpointer data)
{
  GType type = type_from_data (data);
  GtkWidget *widget = g_object_ref_sink (g_object_new (type, NULL));

  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (widget, type));
  /* a template builds children; a failed one leaves the widget empty */
  g_assert_nonnull (gtk_widget_get_first_child (widget));
  g_object_unref (widget);
}

/* The training-set size the captions use before the data load, from a
 * config opened with its problems marked: a split below 0 counted more
 * samples than there are, and past a guint's range the count overflowed. */
static void
test_train_samples_bad_split (void)
{
  g_autoptr (HlConfig) c = hl_config_new ();

  c->dataset.samples = 600;
  c->dataset.validation_split = -5;
  c->dataset.test_split = 0.1;
  g_assert_cmpuint (hl_dataset_info_train_samples (NULL, c), <=, 600);
  c->dataset.samples = 4000000000u;
  g_assert_cmpuint (hl_dataset_info_train_samples (NULL, c), <=, 4000000000u);
  g_assert_cmpuint (hl_dataset_info_steps_per_epoch (NULL, c), <=, 4000000000u / 32 + 1);
  c->dataset.validation_split = NAN;
  g_assert_cmpuint (hl_dataset_info_train_samples (NULL, c), ==, 0);
}

static void
test_help_overlay (void)
{
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/org/hyperlab/Hyperlab/gtk/help-overlay.ui");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

/* A panel in a window, showing a fresh default config. */
typedef struct {
  GtkWidget     *window;
  HlConfigPanel *panel;
} PanelFixture;

static void
panel_setup (PanelFixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) config = hl_config_new ();

  f->window = test_present_panel (config, hl_plugin_registry_get_default (), &f->panel);
}

static void
panel_teardown (PanelFixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static const HlConfig *
cfg (PanelFixture *f)
{
  return hl_config_panel_get_config (f->panel);
}

/* A config's values that the spins cannot hold or show in their usual
 * decimals stay exactly as given when other fields are edited, and leaving
 * a field does not round it (seed 1e10, threads 4, noise 0.125, dropout 0.98,
 * epochs 250000 and epsilon 1.234567e-7 came back clamped or rounded;
 * found by a GUI review). */
static void
test_untouched_values_kept (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  g_autoptr (HlConfig) c = hl_config_copy (cfg (f));
  GtkWidget *noise;
  double eps = 0;

  c->seed = 10000000000ull;
  c->training.threads = 4;
  c->training.epochs = 250000;
  c->dataset.noise = 0.125;
  c->dataset.validation_split = 0.125;
  g_array_index (c->model.layers, HlLayerConfig, 0).dropout = 0.98;
  g_free (c->optimizer.name);
  c->optimizer.name = g_strdup ("adam");
  hl_params_set (c->optimizer.params, "epsilon", 1.234567e-7);
  hl_config_panel_set_config (f->panel, c);

  noise = test_find_child (test_find_row (root, "dataset.noise"), GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (noise)), ==, "0.125");
  gtk_spin_button_update (GTK_SPIN_BUTTON (noise));   /* as on leaving the field */
  g_assert_cmpfloat (cfg (f)->dataset.noise, ==, 0.125);

  test_set_spin (root, "training.l2", 0.001);   /* an edit elsewhere */
  g_assert_cmpfloat (cfg (f)->training.l2, ==, 0.001);
  g_assert_cmpuint (cfg (f)->seed, ==, 10000000000ull);
  g_assert_cmpuint (cfg (f)->training.threads, ==, 4);
  g_assert_cmpuint (cfg (f)->training.epochs, ==, 250000);
  g_assert_cmpfloat (cfg (f)->dataset.noise, ==, 0.125);
  g_assert_cmpfloat (cfg (f)->dataset.validation_split, ==, 0.125);
  g_assert_cmpfloat (g_array_index (cfg (f)->model.layers, HlLayerConfig, 0).dropout, ==, 0.98);
  {
    /* a value the range clamps is shown as it is, not as the clamp (0.995
     * showed 0.99 and was saved as 0.995) */
    g_autoptr (HlConfig) d = hl_config_copy (cfg (f));
    GtkWidget *drop;

    g_array_index (d->model.layers, HlLayerConfig, 0).dropout = 0.995;
    hl_config_panel_set_config (f->panel, d);
    drop = test_find_child (test_find_row (root, "model.layers[0].dropout"), GTK_TYPE_SPIN_BUTTON);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (drop)), ==, "0.995");
    gtk_spin_button_update (GTK_SPIN_BUTTON (drop));
    g_assert_cmpfloat (g_array_index (cfg (f)->model.layers, HlLayerConfig, 0).dropout, ==, 0.995);
    hl_config_panel_set_config (f->panel, c);
  }
  g_assert_true (hl_params_lookup (cfg (f)->optimizer.params, "epsilon", &eps));
  g_assert_cmpfloat (eps, ==, 1.234567e-7);
  /* an edit of the field itself takes, also one back to the loaded value
   * (the seed stayed at the value typed before; found by a code review) */
  test_set_spin (root, "training.epochs", 12);
  g_assert_cmpuint (cfg (f)->training.epochs, ==, 12);
  test_set_spin (root, "seed", 7);
  g_assert_cmpuint (cfg (f)->seed, ==, 7);
  test_set_spin (root, "seed", 10000000000.0);
  g_assert_cmpuint (cfg (f)->seed, ==, 10000000000ull);

  /* a message with "<" shows as text (as markup it was dropped with a warning) */
  c->training.epochs = 2000000;
  hl_config_panel_set_config (f->panel, c);
  /* in the form's words: the row's title, not the config path (found by a
   * GUI review), and not twice under the title */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_find_row (root, "training.epochs"))), ==,
                   "must be <= 1000000 (got 2000000)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (test_find_row (root, "training.epochs")), ==,
                   "Epochs: must be <= 1000000 (got 2000000)");
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (test_find_row (root, "training.epochs"))));
}

static void
test_edits_change_config (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  GtkWidget *lr = test_find_row (root, "optimizer.learning_rate");
  guint layers = cfg (f)->model.layers->len;

  test_set_spin (root, "training.epochs", 7);
  g_assert_cmpuint (cfg (f)->training.epochs, ==, 7);
  test_set_spin (root, "training.batch_size", 32);
  g_assert_cmpuint (cfg (f)->training.batch_size, ==, 32);
  test_set_spin (root, "dataset.noise", 0.3);
  g_assert_cmpfloat_with_epsilon (cfg (f)->dataset.noise, 0.3, 1e-9);
  test_set_spin (root, "early_stopping.patience_steps", 350);
  g_assert_cmpuint (cfg (f)->early_stopping.patience_steps, ==, 350);
  test_set_spin (root, "seed", 1234);
  g_assert_cmpuint (cfg (f)->seed, ==, 1234);
  test_set_spin (root, "training.threads", 2);
  g_assert_cmpuint (cfg (f)->training.threads, ==, MIN (2, g_get_num_processors ()));

  g_assert_nonnull (lr);
  gtk_editable_set_text (GTK_EDITABLE (lr), "0.05");
  g_assert_cmpfloat_with_epsilon (cfg (f)->optimizer.learning_rate, 0.05, 1e-12);

  /* the layer editor: add one, change its units, move it up, remove it */
  hl_model_group_add_layer (HL_MODEL_GROUP (test_find_child (root, HL_TYPE_MODEL_GROUP)));
  g_assert_cmpuint (cfg (f)->model.layers->len, ==, layers + 1);
  {
    g_autofree char *path = g_strdup_printf ("model.layers[%u].units", layers);
    test_set_spin (root, path, 40);
    g_assert_cmpuint (g_array_index (cfg (f)->model.layers, HlLayerConfig, layers).units, ==, 40);
  }
  {
    g_autofree char *path = g_strdup_printf ("model.layers[%u]", layers);
    GtkWidget *row = test_find_row (root, path);
    g_assert_true (HL_IS_LAYER_ROW (row));
    g_signal_emit_by_name (row, "move", -1);
    g_assert_cmpuint (g_array_index (cfg (f)->model.layers, HlLayerConfig, layers - 1).units, ==, 40);
    row = test_find_row (root, "model.layers[0]");
    g_signal_emit_by_name (row, "remove");
    g_assert_cmpuint (cfg (f)->model.layers->len, ==, layers);
  }
}

/* A config file's whole number beyond its spin's range (the loader takes
 * any up to 2^32; the check marks it): shown and kept as given when another
 * field of its group is edited.  A batch size of 2,000,000 showed as
 * 1,000,000 and was saved so at the next edit in Training (found by a
 * review). */
static const struct {
  const char *json;
  const char *path;     /* the field, its row */
  const char *edit;     /* another field of the group, edited */
  guint64     value;
  gboolean    shown;    /* the spin's text is the value (not for a seed past 2^53) */
  gboolean    refused;  /* by the check: the row is marked */
} beyond_range[] = {
  { "\"training\": { \"batch_size\": 2000000 }", "training.batch_size", "training.l2", 2000000, TRUE, FALSE },
  { "\"training\": { \"batch_size\": 4000000000 }", "training.batch_size", "training.l2", 4000000000u, TRUE, FALSE },
  { "\"training\": { \"epochs\": 4000000 }", "training.epochs", "training.l2", 4000000, TRUE, TRUE },
  { "\"training\": { \"epochs\": 0 }", "training.epochs", "training.l2", 0, TRUE, TRUE },
  { "\"training\": { \"validate_every_steps\": 3000000 }", "training.validate_every_steps", "training.l2", 3000000, TRUE, FALSE },
  { "\"training\": { \"validate_every_steps\": 0 }", "training.validate_every_steps", "training.l2", 0, TRUE, TRUE },
  { "\"training\": { \"threads\": 100 }", "training.threads", "training.l2", 100, TRUE, TRUE },
  { "\"training\": { \"threads\": 0 }", "training.threads", "training.l2", 0, TRUE, TRUE },
  { "\"seed\": 9007199254740993", "seed", "training.l2", G_GUINT64_CONSTANT (9007199254740993), FALSE, FALSE },
  { "\"early_stopping\": { \"enabled\": true, \"patience_steps\": 20000000 }",
    "early_stopping.patience_steps", "early_stopping.min_delta", 20000000, TRUE, FALSE },
  { "\"early_stopping\": { \"enabled\": true, \"patience_steps\": 0 }",
    "early_stopping.patience_steps", "early_stopping.min_delta", 0, TRUE, TRUE },
  { "\"dataset\": { \"kind\": \"moons\", \"samples\": 20000000 }", "dataset.samples", "dataset.noise", 20000000, TRUE, TRUE },
  { "\"dataset\": { \"kind\": \"moons\", \"samples\": 5 }", "dataset.samples", "dataset.noise", 5, TRUE, TRUE },
  { "\"dataset\": { \"kind\": \"spiral\", \"classes\": 40 }", "dataset.classes", "dataset.noise", 40, TRUE, FALSE },
  { "\"dataset\": { \"kind\": \"spiral\", \"classes\": 1 }", "dataset.classes", "dataset.noise", 1, TRUE, TRUE },
  { "\"model\": { \"layers\": [ { \"units\": 100000 } ] }", "model.layers[0].units", "model.layers[0].dropout", 100000, TRUE, TRUE },
  { "\"model\": { \"layers\": [ { \"units\": 0 } ] }", "model.layers[0].units", "model.layers[0].dropout", 0, TRUE, TRUE },
  /* a batch beyond the working memory: the check's own limit, marked */
  { "\"dataset\": { \"kind\": \"csv\", \"path\": \"/nonexistent/d.csv\", \"target\": \"y\" },"
    " \"model\": { \"layers\": [ { \"units\": 1000 } ] }, \"training\": { \"batch_size\": 2000000 }",
    "training.batch_size", "training.l2", 2000000, TRUE, TRUE },
};

static guint64
config_uint (const HlConfig *c, const char *path)
{
  if (g_str_equal (path, "training.batch_size")) return c->training.batch_size;
  if (g_str_equal (path, "training.epochs")) return c->training.epochs;
  if (g_str_equal (path, "training.validate_every_steps")) return c->training.validate_every_steps;
  if (g_str_equal (path, "training.threads")) return c->training.threads;
  if (g_str_equal (path, "seed")) return c->seed;
  if (g_str_equal (path, "early_stopping.patience_steps")) return c->early_stopping.patience_steps;
  if (g_str_equal (path, "dataset.samples")) return c->dataset.samples;
  if (g_str_equal (path, "dataset.classes")) return c->dataset.classes;
  if (g_str_equal (path, "model.layers[0].units")) return g_array_index (c->model.layers, HlLayerConfig, 0).units;
  g_assert_not_reached ();
}

static void
test_beyond_range_kept (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);

  for (guint i = 0; i < G_N_ELEMENTS (beyond_range); i++)
    {
      g_autofree char *json = g_strdup_printf ("{ %s%s }", strstr (beyond_range[i].json, "\"dataset\"") != NULL
                                               ? "" : "\"dataset\": { \"kind\": \"moons\" }, ",
                                               beyond_range[i].json);
      g_autoptr (GError) error = NULL;
      g_autoptr (HlConfig) c = hl_config_from_data_with_overrides (json, -1, "beyond.hyperlab.json",
                                                                    NULL, FALSE, &error);
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, beyond_range[i].value);
      GtkWidget *spin;

      g_test_message ("%s", json);
      g_assert_no_error (error);
      g_assert_cmpuint (config_uint (c, beyond_range[i].path), ==, beyond_range[i].value);
      hl_config_panel_set_config (f->panel, c);
      spin = test_find_child (test_find_row (root, beyond_range[i].path), GTK_TYPE_SPIN_BUTTON);
      g_assert_nonnull (spin);
      if (beyond_range[i].shown)
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, text);
      /* ten digits of batch in a field sized for the range's seven: widened */
      if (g_str_equal (beyond_range[i].path, "training.batch_size") && strlen (text) > 7)
        g_assert_cmpint (gtk_editable_get_width_chars (GTK_EDITABLE (spin)), >=, (int) strlen (text));
      gtk_spin_button_update (GTK_SPIN_BUTTON (spin));   /* as on leaving the field */
      test_set_spin (root, beyond_range[i].edit, 0.25);
      g_assert_cmpuint (config_uint (cfg (f), beyond_range[i].path), ==, beyond_range[i].value);
      if (beyond_range[i].shown)
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, text);
      /* the check's verdict on it is the file's value's, not the clamp's */
      {
        g_autoptr (GPtrArray) issues = hl_config_check (c, hl_plugin_registry_get_default ());
        gboolean refused = FALSE;

        for (guint k = 0; k < issues->len; k++)
          refused |= g_str_equal (((HlConfigIssue *) issues->pdata[k])->path, beyond_range[i].path);
        g_assert_cmpint (refused, ==, beyond_range[i].refused);
        g_assert_cmpint (gtk_widget_has_css_class (test_find_row (root, beyond_range[i].path), "error"), ==, refused);
      }
      /* the value the range allows, typed, takes (typed at the clamp the
       * loaded value was shown at, it changed nothing and the loaded value
       * came back) */
      if (beyond_range[i].shown)
        {
          char clamp[32];

          g_snprintf (clamp, sizeof clamp, "%.0f", gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)));
          gtk_editable_set_text (GTK_EDITABLE (spin), clamp);
          gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
          g_assert_cmpuint (config_uint (cfg (f), beyond_range[i].path), ==,
                            (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)));
          g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, clamp);
        }
    }
}

static void
test_plugin_rows (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  HlPluginRegistry *reg = hl_plugin_registry_get_default ();
  const HlPluginDescriptor *desc = hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER,
                                                             cfg (f)->optimizer.name);
  GtkWidget *row;
  double value;

  g_assert_nonnull (desc);
  /* one generated row per hyperparameter */
  for (guint i = 0; i < desc->n_params; i++)
    {
      g_autofree char *path = g_strdup_printf ("optimizer.params.%s", desc->params[i].name);
      g_assert_nonnull (test_find_row (root, path));
    }
  if (desc->n_params == 0 || (desc->params[0].flags & HL_PARAM_FLAG_BOOLEAN))
    return;
  {
    g_autofree char *path = g_strdup_printf ("optimizer.params.%s", desc->params[0].name);
    double want = desc->params[0].min + 0.5 * (desc->params[0].max - desc->params[0].min);

    if (desc->params[0].flags & HL_PARAM_FLAG_INTEGER)
      want = round (want);
    row = test_find_row (root, path);
    test_set_spin (root, path, want);
    g_assert_true (hl_params_lookup (cfg (f)->optimizer.params, desc->params[0].name, &value));
    g_assert_cmpfloat_with_epsilon (value, want, fabs (want) * 1e-6 + 1e-9);
    g_assert_nonnull (row);
  }
}

/* No hidden layers shows "a linear model" (the rebuild removed the
 * placeholder with the rows: a stray line); moving a layer keeps the focus
 * on it (it fell to the first row). Both found by a GUI review. */
static void
test_layer_list_placeholder_and_focus (PanelFixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  GtkWidget *list = test_find_row (GTK_WIDGET (f->panel), "model.layers");
  GtkWidget *placeholder, *focus;
  GtkListBoxRow *row;

  g_array_set_size (c->model.layers, 0);
  hl_config_panel_set_config (f->panel, c);
  g_assert_nonnull (list);
  placeholder = test_find_label (list, "No hidden layers: a linear model");
  g_assert_nonnull (placeholder);
  g_assert_true (gtk_widget_get_child_visible (placeholder));

  hl_config_add_layer (c, 8, HL_ACTIVATION_RELU, 0);
  hl_config_add_layer (c, 4, HL_ACTIVATION_TANH, 0);
  hl_config_add_layer (c, 2, HL_ACTIVATION_TANH, 0);
  hl_config_panel_set_config (f->panel, c);
  g_assert_false (gtk_widget_get_child_visible (placeholder));
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2);
  g_signal_emit_by_name (row, "move", -1);
  g_assert_cmpuint (g_array_index (hl_config_panel_get_config (f->panel)->model.layers, HlLayerConfig, 1).units, ==, 2);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1)))
                 || focus == GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1)));
}

/* Moved down to the end (or up to the top), where its own Move button
 * turns off, the layer keeps the focus: its row, not the first. */
static void
test_layer_move_to_end_focus (PanelFixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  GtkWidget *list = test_find_row (GTK_WIDGET (f->panel), "model.layers");

  g_array_set_size (c->model.layers, 0);
  hl_config_add_layer (c, 8, HL_ACTIVATION_RELU, 0);
  hl_config_add_layer (c, 4, HL_ACTIVATION_TANH, 0);
  hl_config_add_layer (c, 2, HL_ACTIVATION_TANH, 0);
  hl_config_panel_set_config (f->panel, c);
  for (int k = 0; k < 2; k++)
    {
      int to = k == 0 ? 2 : 0;   /* the middle layer down to the end, then up to the top */
      GtkWidget *focus, *moved;

      g_signal_emit_by_name (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1), "move", to - 1);
      moved = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), to));
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_assert_nonnull (focus);
      g_assert_true (focus == moved || gtk_widget_is_ancestor (focus, moved));
    }
}

/* The early-stopping row names the form's controls, not JSON ("set
 * \"early_stopping\": {\"enabled\": false}"; found by a GUI review). */
static void
test_issue_in_form_words (PanelFixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  GtkWidget *row;
  g_autofree char *all = NULL;

  c->dataset.validation_split = 0;
  c->early_stopping.enabled = TRUE;
  hl_config_panel_set_config (f->panel, c);
  g_assert_false (hl_config_panel_get_valid (f->panel));
  row = test_find_row (GTK_WIDGET (f->panel), "early_stopping");   /* the expander (prefix path) */
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "turn Early Stopping off"));
  all = hl_config_panel_describe_issues (f->panel);
  g_assert_null (strstr (all, "{"));
}

static void
test_invalid_marks_row (PanelFixture *f, gconstpointer data)
{
  GtkWidget *lr = test_find_row (GTK_WIDGET (f->panel), "optimizer.learning_rate");

  g_assert_true (hl_config_panel_get_valid (f->panel));
  gtk_editable_set_text (GTK_EDITABLE (lr), "-1");
  g_assert_false (hl_config_panel_get_valid (f->panel));
  g_assert_true (gtk_widget_has_css_class (lr, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (lr));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (lr), "Learning Rate"));
  /* an entry row has no subtitle: the message is under it (it was only
   * in the tooltip, then in the title, cut) */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (lr)), ==, "Learning Rate");
  g_assert_nonnull (test_wait_readable_label (GTK_WIDGET (f->panel), "must be > 0 (got -1)", 5000));
  /* text that is not a number says so (it said "must be > 0 (got nan)") */
  gtk_editable_set_text (GTK_EDITABLE (lr), "1e-3x");
  g_assert_false (hl_config_panel_get_valid (f->panel));
  {
    const GPtrArray *issues = hl_config_panel_get_issues (f->panel);
    const HlConfigIssue *issue = g_ptr_array_index (issues, 0);

    g_assert_cmpuint (issues->len, ==, 1);
    g_assert_cmpstr (issue->path, ==, "optimizer.learning_rate");
    g_assert_error (issue->error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_TYPE);
  }
  g_assert_cmpstr (gtk_widget_get_tooltip_text (lr), ==,
                   "Learning Rate: must be a number (got “1e-3x”)");
  g_assert_nonnull (test_wait_readable_label (GTK_WIDGET (f->panel), "must be a number (got “1e-3x”)", 5000));
  /* and the schedule preview says why it is empty */
  g_assert_cmpstr (hl_schedule_group_get_caption (HL_SCHEDULE_GROUP (test_find_child (GTK_WIDGET (f->panel), HL_TYPE_SCHEDULE_GROUP))),
                   ==, "Preview available once the learning rate is valid");
  gtk_editable_set_text (GTK_EDITABLE (lr), "0.1");
  g_assert_true (hl_config_panel_get_valid (f->panel));
  g_assert_false (gtk_widget_has_css_class (lr, "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (lr)), ==, "Learning Rate");
  /* a preset replaces bad text */
  gtk_editable_set_text (GTK_EDITABLE (lr), "abc");
  g_assert_false (hl_config_panel_get_valid (f->panel));
  gtk_widget_activate_action (lr, "optimizer.lr-preset", "s", "0.01");
  g_assert_true (hl_config_panel_get_valid (f->panel));
  g_assert_cmpfloat (cfg (f)->optimizer.learning_rate, ==, 0.01);
}

static gboolean
info_known (gpointer data)
{
  PanelFixture *f = data;
  return hl_config_panel_get_dataset_info (f->panel)->known;
}

/* The dataset group has finished loading, with data or with an error. */
static gboolean
info_settled (gpointer data)
{
  PanelFixture *f = data;
  return !hl_config_panel_is_loading_dataset (f->panel);
}

/* Splits that sum too high mark both split rows (only the test split was
 * marked), and the dataset row is not marked again with the load error
 * that follows from them (found by a GUI review). */
static void
test_split_sum_marks_both (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  GtkWidget *val = test_find_row (root, "dataset.validation_split");
  GtkWidget *test = test_find_row (root, "dataset.test_split");
  GtkWidget *kind = test_find_row (root, "dataset.kind");

  g_assert_nonnull (val);
  g_assert_nonnull (test);
  g_assert_nonnull (kind);
  test_set_spin (root, "dataset.validation_split", 0.9);
  test_set_spin (root, "dataset.test_split", 0.5);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_false (hl_config_panel_get_valid (f->panel));
  g_assert_true (gtk_widget_has_css_class (val, "error"));
  g_assert_true (gtk_widget_has_css_class (test, "error"));
  g_assert_false (gtk_widget_has_css_class (kind, "error"));
  /* in the form's words (it said "dataset.test_split: validation_split +
   * test_split must leave…"; found by a GUI review) */
  {
    const char *sub = adw_action_row_get_subtitle (ADW_ACTION_ROW (test));
    g_autofree char *all = hl_config_panel_describe_issues (f->panel);

    g_test_message ("%s | %s", sub, all);
    g_assert_true (g_str_has_prefix (sub, "Validation Split + Test Split must leave"));
    /* the other split's row too, without "Test Split: " in front */
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (val)),
                                     "Validation Split + Test Split must leave"));
    g_assert_null (strstr (all, "dataset."));
    g_assert_null (strstr (all, "_split"));
    g_assert_true (g_str_has_prefix (all, "Test Split: Validation Split + Test Split must leave"));
  }
  /* and the dataset's own message under the preview */
  test_set_spin (root, "dataset.validation_split", 0.6);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  {
    const char *caption = hl_dataset_group_get_caption (HL_DATASET_GROUP (test_find_child (root, HL_TYPE_DATASET_GROUP)));

    g_test_message ("%s", caption);
    g_assert_nonnull (strstr (caption, "(Test Split 0.5, Validation Split 0.6)"));
    g_assert_true (g_str_has_prefix (caption, "600 samples are too few"));
  }
  test_set_spin (root, "dataset.validation_split", 0.1);
  test_set_spin (root, "dataset.test_split", 0.1);
  g_assert_true (test_wait_until (info_known, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_true (hl_config_panel_get_valid (f->panel));
  g_assert_false (gtk_widget_has_css_class (val, "error"));
  g_assert_false (gtk_widget_has_css_class (test, "error"));
}

/* A validation split of 0 marks its own row too where early stopping or a
 * schedule following the validation loss needs one (only their rows were
 * marked, and the split just set to 0 looked fine).  Under the split's row
 * the schedule's message keeps "Schedule: ", or "“plateau”" said nothing
 * there; Train still goes to the row the problem is about. */
static void
test_no_validation_marks_split (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  GtkWidget *val = test_find_row (root, "dataset.validation_split");
  GtkWidget *stopping = test_find_row (root, "early_stopping");
  GtkWidget *schedule = test_find_row (root, "schedule.name");
  g_autoptr (HlConfig) c = NULL;
  g_autofree char *reason = NULL;
  GtkWidget *focus;

  g_assert_nonnull (val);
  g_assert_nonnull (stopping);
  g_assert_nonnull (schedule);
  g_assert_true (cfg (f)->early_stopping.enabled);
  test_set_spin (root, "dataset.validation_split", 0);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_false (hl_config_panel_get_valid (f->panel));
  g_assert_true (gtk_widget_has_css_class (stopping, "error"));
  g_assert_true (gtk_widget_has_css_class (val, "error"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (val)),
                                   "Early stopping watches the validation loss, but the validation split is 0"));
  reason = hl_config_panel_focus_first_issue (f->panel);
  g_assert_nonnull (strstr (reason, "turn Early Stopping off"));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, stopping));

  /* a schedule that follows the validation loss, early stopping off */
  c = hl_config_copy (cfg (f));
  c->early_stopping.enabled = FALSE;
  g_free (c->schedule.name);
  c->schedule.name = g_strdup ("plateau");
  hl_config_panel_set_config (f->panel, c);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_false (gtk_widget_has_css_class (stopping, "error"));
  g_assert_true (gtk_widget_has_css_class (schedule, "error"));
  g_assert_true (gtk_widget_has_css_class (val, "error"));
  g_test_message ("%s | %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (schedule)),
                  adw_action_row_get_subtitle (ADW_ACTION_ROW (val)));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (schedule)),
                                   "“plateau” follows the validation loss, but Validation Split is 0"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (val)),
                                   "Schedule: “plateau” follows the validation loss, but Validation Split is 0"));

  /* a split above 0 takes both marks away */
  test_set_spin (root, "dataset.validation_split", 0.1);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_true (hl_config_panel_get_valid (f->panel));
  g_assert_false (gtk_widget_has_css_class (val, "error"));
  g_assert_false (gtk_widget_has_css_class (schedule, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (val)), ==, "Fraction held out to watch for overfitting");
}

/* A target column typed without Enter or ✓ is what Save and Train take (Save
 * wrote the old one); a target the file lacks is marked on the target row
 * (it went on the file row; both found by a GUI review). */
static void
test_csv_target_row (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  g_autoptr (HlConfig) c = hl_config_copy (cfg (f));
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "datasets", "classes-crlf.csv", NULL);
  GtkWidget *target = test_find_row (root, "dataset.target");

  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("csv");
  g_free (c->dataset.path);
  c->dataset.path = g_strdup (csv);
  g_free (c->dataset.target);
  c->dataset.target = g_strdup ("nope");
  hl_config_panel_set_config (f->panel, c);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_true (gtk_widget_has_css_class (target, "error"));
  g_assert_false (gtk_widget_has_css_class (test_find_row (root, "dataset.path"), "error"));

  gtk_editable_set_text (GTK_EDITABLE (target), "species");   /* typed, not applied */
  g_assert_cmpstr (hl_config_panel_get_config (f->panel)->dataset.target, ==, "species");
  g_assert_true (test_wait_until (info_known, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_false (gtk_widget_has_css_class (target, "error"));
}

static gboolean
window_width_is (gpointer data)
{
  GtkWidget *window = data;

  return gtk_widget_get_width (window) == GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "want-width"));
}

/* The window at width px wide, laid out. */
static void
resize_window (GtkWidget *window, int width)
{
  g_object_set_data (G_OBJECT (window), "want-width", GINT_TO_POINTER (width));
  g_assert_true (test_resize_window (window, width, 700, window_width_is, window, 20000));
  test_spin_loop (100);
  g_assert_true (test_wait_frames (window, 2, 10000));   /* what the new width queued, laid out */
}

/* A long message on an entry row is readable in full in the form, at a
 * desktop width and narrow: it was put in the row's title, cut to one line
 * with "…" (the wrong target column: the columns there are, at its end,
 * were only in the tooltip; found by a keyboard and i18n review). */
static void
test_entry_message_in_full (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  g_autoptr (HlConfig) c = hl_config_copy (cfg (f));
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "datasets", "classes-crlf.csv", NULL);
  GtkWidget *target = test_find_row (root, "dataset.target");
  const int widths[] = { 1024, 360 };

  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("csv");
  g_free (c->dataset.path);
  c->dataset.path = g_strdup (csv);
  g_free (c->dataset.target);
  c->dataset.target = g_strdup ("nope");
  hl_config_panel_set_config (f->panel, c);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_true (gtk_widget_has_css_class (target, "error"));
  g_test_message ("%s", gtk_widget_get_tooltip_text (target));
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      resize_window (f->window, widths[i]);
      /* the start of the message and its end (the columns the file has) */
      g_assert_nonnull (test_wait_readable_label (root, "no target column \"nope\"", 10000));
      g_assert_nonnull (test_wait_readable_label (root, "\"code\", \"other\", \"species\"", 10000));
    }
  /* under its own row without "(Target Column)" after "nope" */
  g_assert_nonnull (test_find_readable_label (root, "no target column \"nope\"; columns are \"code\""));
  /* the tooltip (read by the toast of Ctrl+Return) and the Train
   * button's words name the row */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (target), "\"nope\" (Target Column); columns are"));
  {
    g_autofree char *all = hl_config_panel_describe_issues (f->panel);

    g_assert_nonnull (strstr (all, "\"nope\" (Target Column); columns are"));
  }
  /* the title stays the row's own, and the message goes with the error */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (target)), ==, "Target Column");
  gtk_editable_set_text (GTK_EDITABLE (target), "species");
  g_signal_emit_by_name (target, "apply");
  g_assert_true (test_wait_until (info_known, f, 10000));
  hl_config_panel_revalidate (f->panel);
  test_spin_loop (100);
  g_assert_false (gtk_widget_has_css_class (target, "error"));
  g_assert_null (test_find_readable_label (root, "no target column"));
}

/* The focus after one Tab from the schedule's combo row (focused first). */
static GtkWidget *
tab_from_schedule (PanelFixture *f)
{
  GtkWidget *combo = test_find_row (GTK_WIDGET (f->panel), "schedule.name");

  g_assert_true (gtk_widget_grab_focus (combo));
  g_assert_true (gtk_widget_child_focus (f->window, GTK_DIR_TAB_FORWARD));
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

/* A schedule without settings (Constant) shows "No settings" but takes no
 * Tab stop: the row did nothing when reached (found by a keyboard
 * review).  One with settings still takes it. */
static void
test_no_settings_no_tab_stop (PanelFixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) c = hl_config_copy (cfg (f));
  GtkWidget *params = test_find_row (GTK_WIDGET (f->panel), "schedule.params");
  GtkWidget *focus;

  g_assert_nonnull (params);
  g_free (c->schedule.name);
  c->schedule.name = g_strdup ("constant");
  hl_config_panel_set_config (f->panel, c);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (params)), ==, "No settings");
  focus = tab_from_schedule (f);
  g_assert_nonnull (focus);
  g_assert_false (focus == params || gtk_widget_is_ancestor (focus, params));

  g_free (c->schedule.name);
  c->schedule.name = g_strdup ("cosine");
  hl_config_panel_set_config (f->panel, c);
  focus = tab_from_schedule (f);
  g_assert_true (focus == params || gtk_widget_is_ancestor (focus, params));
}

/* w and the scrolled window it is in, for the waits on a scroll's layout. */
typedef struct {
  GtkWidget *w, *scrolled;
} InScrolled;

/* w's bottom above the toast at the scrolled window's bottom (84 px). */
static gboolean
bottom_clear_of_toast (gpointer data)
{
  InScrolled *in = data;
  graphene_rect_t b;

  return gtk_widget_compute_bounds (in->w, in->scrolled, &b)
         && b.origin.y + b.size.height <= gtk_widget_get_height (in->scrolled) - 84;
}

/* w's top in the scrolled window's view. */
static gboolean
top_in_view (gpointer data)
{
  InScrolled *in = data;
  graphene_rect_t b;

  return gtk_widget_compute_bounds (in->w, in->scrolled, &b) && b.origin.y >= 0;
}

/* w partly out of view, or under the toast at the bottom. */
static gboolean
not_clear_in_view (gpointer data)
{
  InScrolled *in = data;
  graphene_rect_t b;

  return gtk_widget_compute_bounds (in->w, in->scrolled, &b)
         && (b.origin.y < 0 || b.origin.y + b.size.height > gtk_widget_get_height (in->scrolled) - 84);
}

/* The caption (w) in view and the first layer (scrolled's data "first")
 * clear of the toast. */
static gboolean
caption_and_layer_in_view (gpointer data)
{
  InScrolled *in = data;
  InScrolled first = { g_object_get_data (G_OBJECT (in->scrolled), "first"), in->scrolled };

  return top_in_view (in) && bottom_clear_of_toast (&first);
}

/* Train refused: the first row with a problem, in the form's order, gets
 * the focus (a spin's row: its spin), and its problem is given in the
 * form's words. */
static void
test_focus_first_issue (PanelFixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  GtkWidget *stopping = test_find_row (GTK_WIDGET (f->panel), "early_stopping");
  GtkWidget *epochs = test_find_row (GTK_WIDGET (f->panel), "training.epochs");
  g_autofree char *reason = NULL, *again = NULL;
  GtkWidget *focus;

  g_assert_null (hl_config_panel_focus_first_issue (f->panel));
  /* a laptop's form: Stopping, at the end, below the fold */
  resize_window (f->window, 460);
  c->dataset.validation_split = 0;
  c->early_stopping.enabled = TRUE;
  hl_config_panel_set_config (f->panel, c);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  test_spin_loop (300);   /* the form settled (the focus below is taken, not waited for) */
  g_assert_false (hl_config_panel_get_valid (f->panel));
  reason = hl_config_panel_focus_first_issue (f->panel);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "turn Early Stopping off"));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, stopping));
  /* scrolled up clear of the bottom, where the toast saying why Train was
   * refused stands (it covered the row it had focused) */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (stopping, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    graphene_rect_t b;
    InScrolled in = { stopping, scrolled };

    /* the new scroll laid out (which can take long on a loaded machine) */
    test_wait_until (bottom_clear_of_toast, &in, 10000);
    g_assert_true (gtk_widget_compute_bounds (stopping, scrolled, &b));
    g_test_message ("row %g..%g of %d; scrolled %g of %g", b.origin.y, b.origin.y + b.size.height,
                    gtk_widget_get_height (scrolled), gtk_adjustment_get_value (adj),
                    gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
    g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
    g_assert_cmpfloat (b.origin.y + b.size.height, <=, gtk_widget_get_height (scrolled) - 84);
  }

  /* a problem higher up comes first: Epochs, on its spin */
  c->training.epochs = 0;
  hl_config_panel_set_config (f->panel, c);
  again = hl_config_panel_focus_first_issue (f->panel);
  g_test_message ("%s", again);
  g_assert_true (g_str_has_prefix (again, "Epochs: "));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, epochs));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON));
}

/* A problem of the whole model (its path "model.layers": too many
 * parameters, too many layers) is said where the user looks: in the
 * Model group's caption, in the error colour, and Train's refusal focuses
 * the layers and scrolls the caption into view.  It only put an "error"
 * class and a tooltip on the list, which showed nothing: Train refused
 * with no row marked (found by a review). */
static void
test_model_issue_visible (PanelFixture *f, gconstpointer data)
{
  static const struct { guint n_layers, units; const char *message; } cases[] = {
    { 2, 16384, "268550147 parameters is more than a model may have (at most 67108864)" },
    { 40, 4, "40 hidden layers is more than Hyperlab builds (at most 32)" },
  };
  GtkWidget *group = test_find_child (GTK_WIDGET (f->panel), HL_TYPE_MODEL_GROUP);
  GtkWidget *list = test_find_row (GTK_WIDGET (f->panel), "model.layers");

  resize_window (f->window, 460);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HlConfig) c = hl_config_new ();
      g_autofree char *toast = NULL;
      GtkWidget *label, *focus, *scrolled;
      graphene_rect_t b;

      g_array_set_size (c->model.layers, 0);
      for (guint k = 0; k < cases[i].n_layers; k++)
        hl_config_add_layer (c, cases[i].units, HL_ACTIVATION_TANH, 0);
      hl_config_panel_set_config (f->panel, c);
      g_assert_true (test_wait_until (info_settled, f, 10000));
      g_assert_false (hl_config_panel_get_valid (f->panel));
      g_assert_cmpstr (hl_model_group_get_caption (HL_MODEL_GROUP (group)), ==, cases[i].message);
      label = test_wait_readable_label (group, cases[i].message, 10000);
      g_assert_nonnull (label);
      g_assert_true (gtk_widget_get_mapped (label));
      g_assert_true (gtk_widget_has_css_class (label, "error"));
      g_assert_false (gtk_widget_has_css_class (label, "dim-label"));

      /* Train refused: the layers focused, the caption in view, the reason
       * in the form's words */
      toast = g_strdup_printf ("Model: %s", cases[i].message);
      scrolled = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
      /* from the end of the form, where Stopping is, and from its top */
      for (guint from_top = 0; from_top < 2; from_top++)
        {
          GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
          GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
          g_autofree char *reason = NULL;
          InScrolled in_first = { first, scrolled }, in_label = { label, scrolled };

          g_object_set_data (G_OBJECT (scrolled), "first", first);
          gtk_adjustment_set_value (adj, from_top ? 0 : gtk_adjustment_get_upper (adj));
          test_wait_until (not_clear_in_view, &in_first, 10000);   /* laid out */
          g_assert_true (gtk_widget_compute_bounds (first, scrolled, &b));
          g_assert_true (b.origin.y < 0 || b.origin.y + b.size.height > gtk_widget_get_height (scrolled) - 84);
          reason = hl_config_panel_focus_first_issue (f->panel);
          g_assert_cmpstr (reason, ==, toast);
          focus = gtk_root_get_focus (GTK_ROOT (f->window));
          g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, list));
          test_wait_until (caption_and_layer_in_view, &in_label, 10000);   /* the scroll laid out */
          g_assert_true (gtk_widget_compute_bounds (label, scrolled, &b));
          g_assert_cmpfloat (b.origin.y, >=, 0);
          /* and the layer focused under it, clear of the toast at the bottom */
          g_assert_true (gtk_widget_compute_bounds (first, scrolled, &b));
          g_assert_cmpfloat (b.origin.y + b.size.height, <=, gtk_widget_get_height (scrolled) - 84);
        }
    }

  /* refused at once as a file opens (--train), before the new rows are
   * laid out and the dataset's preview is drawn above them: still in view
   * once they are (the form settled with the rows below the fold) */
  {
    g_autoptr (HlConfig) c = hl_config_new ();
    g_autoptr (HlConfig) plain = hl_config_new ();
    g_autofree char *reason = NULL;
    GtkWidget *label, *scrolled, *first;
    graphene_rect_t b;

    g_array_set_size (c->model.layers, 0);
    hl_config_add_layer (c, 16384, HL_ACTIVATION_TANH, 0);
    hl_config_add_layer (c, 16384, HL_ACTIVATION_TANH, 0);
    /* a dataset with no preview, then one whose preview comes later */
    g_free (plain->dataset.kind);
    plain->dataset.kind = g_strdup ("csv");
    plain->dataset.path = g_strdup ("/nonexistent/data.csv");
    g_free (plain->dataset.target);
    plain->dataset.target = g_strdup ("y");
    hl_config_panel_set_config (f->panel, plain);
    g_assert_true (test_wait_until (info_settled, f, 10000));
    test_spin_loop (50);
    g_free (c->dataset.kind);
    c->dataset.kind = g_strdup ("spiral");
    c->dataset.classes = 5;
    hl_config_panel_set_config (f->panel, c);
    reason = hl_config_panel_focus_first_issue (f->panel);
    g_assert_nonnull (reason);
    g_assert_true (test_wait_until (info_settled, f, 10000));
    test_spin_loop (300);   /* the rows and the preview laid out above: a scroll undone would show */
    label = test_wait_readable_label (group, "parameters is more than a model may have", 10000);
    g_assert_nonnull (label);
    scrolled = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
    first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
    {
      InScrolled in_label = { label, scrolled };

      g_object_set_data (G_OBJECT (scrolled), "first", first);
      test_wait_until (caption_and_layer_in_view, &in_label, 10000);   /* laid out */
    }
    g_assert_true (gtk_widget_compute_bounds (label, scrolled, &b));
    g_test_message ("caption at %g of %d", b.origin.y, gtk_widget_get_height (scrolled));
    g_assert_cmpfloat (b.origin.y, >=, 0);
    g_assert_true (gtk_widget_compute_bounds (first, scrolled, &b));
    g_assert_cmpfloat (b.origin.y + b.size.height, <=, gtk_widget_get_height (scrolled) - 84);
  }

  /* a billion units a layer: that layer's own mark; the count of the
   * whole model that follows from it (overflowed with more such layers:
   * "12553255963290448387 parameters") not said again */
  {
    g_autoptr (HlConfig) c = hl_config_new ();
    g_autofree char *all = NULL;

    g_array_index (c->model.layers, HlLayerConfig, 0).units = 1000000000;
    hl_config_panel_set_config (f->panel, c);
    g_assert_true (test_wait_until (info_settled, f, 10000));
    g_assert_false (hl_config_panel_get_valid (f->panel));
    g_assert_true (gtk_widget_has_css_class (test_find_row (GTK_WIDGET (f->panel), "model.layers[0].units"), "error"));
    g_assert_cmpstr (hl_model_group_get_caption (HL_MODEL_GROUP (group)), ==,
                     "Parameter count known once the marked problems are fixed");
    all = hl_config_panel_describe_issues (f->panel);
    g_assert_null (strstr (all, "parameters is more"));
  }

  /* fixed: the parameter count again, not in the error colour */
  {
    g_autoptr (HlConfig) c = hl_config_new ();
    GtkWidget *label;

    hl_config_panel_set_config (f->panel, c);
    g_assert_true (test_wait_until (info_known, f, 10000));
    g_assert_true (hl_config_panel_get_valid (f->panel));
    g_assert_nonnull (strstr (hl_model_group_get_caption (HL_MODEL_GROUP (group)), "trainable parameters"));
    label = test_wait_readable_label (group, "trainable parameters", 10000);
    g_assert_nonnull (label);
    g_assert_false (gtk_widget_has_css_class (label, "error"));
  }
}

/* Visible labels below w that show text. */
static guint
count_visible_labels (GtkWidget *w, const char *text)
{
  guint n = 0;

  if (!gtk_widget_get_visible (w))
    return 0;
  if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0)
    n++;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    n += count_visible_labels (c, text);
  return n;
}

/* A dataset that cannot be found says so once, on the Data row, not again
 * in the caption under the group (a three-line message twice). */
static void
test_load_error_said_once (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  g_autoptr (HlConfig) c = hl_config_copy (cfg (f));
  g_autoptr (GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("hl-ui-data-XXXXXX", &error);
  GtkWidget *kind = test_find_row (root, "dataset.kind");
  HlDatasetGroup *group = HL_DATASET_GROUP (test_find_child (root, HL_TYPE_DATASET_GROUP));

  g_assert_no_error (error);
  if (g_file_test ("/usr/share/datasets/mnist", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("MNIST is installed");
      return;
    }
  g_setenv ("HYPERLAB_DATA_DIRS", empty, TRUE);
  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("mnist");
  hl_config_panel_set_config (f->panel, c);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_nonnull (hl_dataset_group_get_error (group));
  g_assert_true (gtk_widget_has_css_class (kind, "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (kind)), "not found"));
  g_assert_cmpuint (count_visible_labels (root, adw_action_row_get_subtitle (ADW_ACTION_ROW (kind))), ==, 1);
  g_assert_cmpuint (count_visible_labels (root, hl_dataset_group_get_caption (group)), ==, 1);

  /* back to data that loads: the caption counts it again */
  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("spiral");
  hl_config_panel_set_config (f->panel, c);
  g_assert_true (test_wait_until (info_known, f, 10000));
  hl_config_panel_revalidate (f->panel);
  g_assert_nonnull (strstr (hl_dataset_group_get_caption (group), "samples"));
  g_assert_cmpuint (count_visible_labels (root, hl_dataset_group_get_caption (group)), ==, 1);
  g_unsetenv ("HYPERLAB_DATA_DIRS");
  g_rmdir (empty);
}

/* Retry ÷ 10 divides the schedule's rates, also those left at their
 * defaults, which a config does not list (a default one-cycle peak was not
 * divided; found by a code review). */
static void
test_divide_learning_rates (PanelFixture *f, gconstpointer data)
{
  g_autoptr (HlConfig) c = hl_config_copy (cfg (f));
  const HlPluginDescriptor *oc = hl_plugin_registry_lookup (hl_plugin_registry_get_default (),
                                                            HL_PLUGIN_KIND_SCHEDULE, "one-cycle");
  double max_default = NAN, max_lr = NAN;

  g_assert_nonnull (oc);
  for (guint i = 0; i < oc->n_params; i++)
    if (g_str_equal (oc->params[i].name, "max_lr"))
      max_default = oc->params[i].default_value;
  g_assert_true (isfinite (max_default));
  g_free (c->schedule.name);
  c->schedule.name = g_strdup ("one-cycle");
  g_assert_false (hl_params_lookup (c->schedule.params, "max_lr", NULL));
  c->optimizer.learning_rate = 0.05;
  hl_config_panel_set_config (f->panel, c);
  hl_config_panel_divide_learning_rates (f->panel, c, 10);
  g_assert_cmpfloat_with_epsilon (cfg (f)->optimizer.learning_rate, 0.005, 1e-15);
  g_assert_true (hl_params_lookup (cfg (f)->schedule.params, "max_lr", &max_lr));
  g_assert_cmpfloat_with_epsilon (max_lr, max_default / 10, 1e-15);
  /* the other parameters keep their values */
  g_assert_false (hl_params_lookup (cfg (f)->schedule.params, "pct_start", NULL));
}

/* The Data row shows the chosen kind without the menu's "…". */
static gboolean
data_row_says_csv_file (gpointer data)
{
  GtkWidget *row = test_find_row (GTK_WIDGET (((PanelFixture *) data)->panel), "dataset.kind");

  return count_visible_labels (row, "CSV File") == 1 && count_visible_labels (row, "CSV File…") == 0;
}

/* A CSV file picked in the form gets its target column and task guessed
 * from the file: without a "target" column it failed until the column was
 * typed in, and a regression target loaded as hundreds of classes (found by
 * a GUI review).  A target typed in afterwards is kept. */
static void
test_csv_pick_guesses (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  HlDatasetGroup *group = HL_DATASET_GROUP (test_find_child (root, HL_TYPE_DATASET_GROUP));
  g_autofree char *dir = g_dir_make_tmp ("hl-ui-XXXXXX", NULL);
  g_autofree char *iris = g_build_filename (dir, "iris.csv", NULL);
  g_autofree char *prices = g_build_filename (dir, "prices.csv", NULL);
  g_autoptr (GString) text = g_string_new ("sepal,petal,species\n");
  const HlDatasetInfo *info;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, "%.1f,%.1f,%s\n", 4.0 + i % 7 * 0.3, 1.0 + i % 5 * 0.7,
                            i % 3 == 0 ? "setosa" : i % 3 == 1 ? "versicolor" : "virginica");
  g_assert_true (g_file_set_contents (iris, text->str, -1, NULL));
  g_string_assign (text, "area,price\n");
  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, "%u,%.2f\n", 40 + i, 1000.5 * i + 50000.25);
  g_assert_true (g_file_set_contents (prices, text->str, -1, NULL));

  hl_dataset_group_pick_csv (group, iris);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  g_assert_null (hl_dataset_group_get_error (group));
  g_assert_true (test_wait_until (data_row_says_csv_file, f, 5000));
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (
                     ADW_COMBO_ROW (test_find_row (root, "dataset.kind"))))), ==, "CSV File…");
  g_assert_cmpstr (cfg (f)->dataset.target, ==, "species");
  g_assert_cmpint (cfg (f)->dataset.task, ==, HL_TASK_CLASSIFICATION);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (test_find_row (root, "dataset.target"))), ==,
                   "species");
  info = hl_config_panel_get_dataset_info (f->panel);
  g_assert_true (info->known);
  g_assert_cmpuint (info->n_classes, ==, 3);
  g_assert_true (hl_config_panel_get_valid (f->panel));

  hl_dataset_group_pick_csv (group, prices);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  g_assert_null (hl_dataset_group_get_error (group));
  g_assert_cmpstr (cfg (f)->dataset.target, ==, "price");
  g_assert_cmpint (cfg (f)->dataset.task, ==, HL_TASK_REGRESSION);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (test_find_row (root, "dataset.task"))),
                    ==, 1);
  g_assert_cmpint (hl_config_panel_get_dataset_info (f->panel)->task, ==, HL_TASK_REGRESSION);

  /* the user's choice wins: "area" typed in is kept over a later reload */
  gtk_editable_set_text (GTK_EDITABLE (test_find_row (root, "dataset.target")), "area");
  hl_dataset_group_apply_pending (group);
  test_set_spin (root, "dataset.validation_split", 0.2);
  g_assert_true (test_wait_until (info_settled, f, 10000));
  g_assert_cmpstr (cfg (f)->dataset.target, ==, "area");
  g_assert_cmpint (cfg (f)->dataset.task, ==, HL_TASK_REGRESSION);

  g_unlink (iris);
  g_unlink (prices);
  g_rmdir (dir);
}

static void
test_dataset_info_and_captions (PanelFixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->panel);
  HlTrainingGroup *tg = HL_TRAINING_GROUP (test_find_child (root, HL_TYPE_TRAINING_GROUP));
  HlScheduleGroup *sg = HL_SCHEDULE_GROUP (test_find_child (root, HL_TYPE_SCHEDULE_GROUP));
  const HlDatasetInfo *info;
  guint n = 0;

  /* counts grouped like the total; the split is 80/10/10 */
  test_set_spin (root, "dataset.samples", 1300);
  g_assert_true (test_wait_until (info_known, f, 10000));
  g_assert_nonnull (strstr (hl_dataset_group_get_caption (HL_DATASET_GROUP (test_find_child (root, HL_TYPE_DATASET_GROUP))),
                            "1,040 for training, 130 for validation, 130 for testing"));
  g_assert_nonnull (strstr (hl_dataset_group_get_caption (HL_DATASET_GROUP (test_find_child (root, HL_TYPE_DATASET_GROUP))),
                            "1,300 samples · 3 classes · 2 features"));
  test_set_spin (root, "dataset.samples", 400);
  g_assert_true (test_wait_until (info_known, f, 10000));
  info = hl_config_panel_get_dataset_info (f->panel);
  g_assert_cmpuint (info->n_features, ==, 2);
  g_assert_cmpuint (info->n_train + info->n_val + info->n_test, ==, 400);
  g_assert_cmpuint (hl_scatter_preview_get_n_points (HL_SCATTER_PREVIEW (hl_config_panel_get_preview (f->panel))), ==, info->n_train);

  {
    GtkSpinButton *spin = GTK_SPIN_BUTTON (test_find_child (test_find_row (root, "training.batch_size"),
                                                            GTK_TYPE_SPIN_BUTTON));
    test_set_spin (root, "training.batch_size", 1);
    g_assert_nonnull (strstr (hl_training_group_get_batch_caption (tg), "Stochastic"));
    /* "−" at 1 stays at 1 (it went to 0, "All") */
    gtk_spin_button_spin (spin, GTK_SPIN_STEP_BACKWARD, 1);
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, 1);
    type_text (spin, "all");
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, HL_BATCH_ALL);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "All");
    g_assert_nonnull (strstr (hl_training_group_get_batch_caption (tg), "Batch gradient"));
    g_assert_nonnull (strstr (hl_training_group_get_batch_caption (tg), "1 step per epoch"));
    /* "+" at "All" stays at "All" (it went to 1: stochastic gradient descent) */
    gtk_spin_button_spin (spin, GTK_SPIN_STEP_FORWARD, 1);
    gtk_spin_button_spin (spin, GTK_SPIN_PAGE_FORWARD, 32);
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, HL_BATCH_ALL);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "All");
    /* "−" at "All" gives a minibatch, the largest power of two below the
     * training set's size (it gave the size itself, the same full batch,
     * and "+" then one more: 540, 541); "+" up to the training set's size
     * gives "All" again, the top */
    {
      guint below = 1;

      while (below * 2 < info->n_train)
        below *= 2;
      g_assert_cmpuint (below, <, info->n_train);
      gtk_spin_button_spin (spin, GTK_SPIN_STEP_BACKWARD, 1);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, below);
      g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, below);
      g_assert_nonnull (strstr (hl_training_group_get_batch_caption (tg), "Mini-batch"));
      gtk_spin_button_spin (spin, GTK_SPIN_STEP_FORWARD, 1);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, below + 1);
      type_text (spin, "all");
      gtk_spin_button_spin (spin, GTK_SPIN_PAGE_BACKWARD, 32);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, below);
      /* one short of all of it, "+" is all of it (a click on "+" reads
       * the text first: its step was then taken as typed) */
      test_set_spin (root, "training.batch_size", info->n_train - 1);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, info->n_train - 1);
      gtk_spin_button_update (spin);
      gtk_spin_button_spin (spin, GTK_SPIN_STEP_FORWARD, 1);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, HL_BATCH_ALL);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "All");
      /* a page past it too */
      test_set_spin (root, "training.batch_size", info->n_train - 10);
      gtk_spin_button_spin (spin, GTK_SPIN_PAGE_FORWARD, 32);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, HL_BATCH_ALL);
      /* the training set's size typed is kept as typed; "−" from it, a
       * full batch too, gives the minibatch */
      test_set_spin (root, "training.batch_size", info->n_train);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, info->n_train);
      gtk_spin_button_update (spin);
      gtk_spin_button_spin (spin, GTK_SPIN_STEP_BACKWARD, 1);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, below);
      /* a preset is what it says, past the training set or not */
      gtk_widget_activate_action (GTK_WIDGET (tg), "training.batch-preset", "u", 256);
      g_assert_cmpuint (cfg (f)->training.batch_size, ==, 256);
    }
    /* typing the largest number is taken as typed */
    type_text (spin, "all");
    type_text (spin, "1000000");
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, 1000000);
    /* ... and a larger one, as a config may hold it (up to 2^32 - 1): it
     * was "All" from 1,000,001 up.  Past that it is clamped, as every
     * spin clamps a typed number, and stays a number: never "All". */
    type_text (spin, "1000001");
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, 1000001);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "1000001");
    type_text (spin, "2000000");
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, 2000000);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "2000000");
    g_assert_nonnull (strstr (hl_training_group_get_batch_caption (tg), "Batch gradient"));
    type_text (spin, "4294967295");
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, G_MAXUINT);
    type_text (spin, "32");
    type_text (spin, "5000000000");
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, G_MAXUINT);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "4294967295");
    test_set_spin (root, "training.batch_size", 32);
    g_assert_nonnull (strstr (hl_training_group_get_batch_caption (tg), "Mini-batch"));
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, 32);
    /* Text that is not a batch size keeps 32: it was read as 0, "All",
     * and trained full-batch (found by a GUI review); "0", as in a config, is "All". */
    type_text (spin, "abc");
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, 32);
    type_text (spin, "0");
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, HL_BATCH_ALL);
    /* the "All" preset, and a config with "all", show "All" */
    gtk_widget_activate_action (GTK_WIDGET (tg), "training.batch-preset", "u", 64);
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, 64);
    gtk_widget_activate_action (GTK_WIDGET (tg), "training.batch-preset", "u", 0);
    g_assert_cmpuint (cfg (f)->training.batch_size, ==, HL_BATCH_ALL);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "All");
    test_set_spin (root, "training.batch_size", 32);
  }

  /* the schedule preview covers the planned steps */
  test_set_spin (root, "training.epochs", 3);
  g_assert_nonnull (hl_schedule_group_get_preview (sg, &n));
  g_assert_cmpuint (n, >, 1);
  g_assert_cmpuint (n, <=, 3 * ((info->n_train + 31) / 32));
  {
    /* fewer steps than preview points: each step once, so a cosine falls
     * at every point (truncated positions took some steps twice: flat
     * notches in the curve; found by a GUI review) */
    g_autoptr (HlConfig) c = hl_config_copy (cfg (f));
    const double *rates;

    g_free (c->schedule.name);
    c->schedule.name = g_strdup ("cosine");
    c->training.epochs = 7;
    hl_config_panel_set_config (f->panel, c);
    g_assert_true (test_wait_until (info_known, f, 10000));
    rates = hl_schedule_group_get_preview (sg, &n);
    g_assert_cmpuint (n, ==, 7 * ((hl_config_panel_get_dataset_info (f->panel)->n_train + 31) / 32));
    for (guint i = 1; i < n; i++)
      g_assert_cmpfloat (rates[i], <, rates[i - 1]);
  }
  {
    /* a schedule that follows the validation loss is not previewed as the
     * rate it keeps without any ("Constant 1 over 1,500 steps" for
     * plateau; found by a GUI review) */
    g_autoptr (HlConfig) c = hl_config_copy (cfg (f));
    const char *caption;

    g_free (c->schedule.name);
    c->schedule.name = g_strdup ("plateau");
    c->optimizer.learning_rate = 0.01;
    c->training.validate_every_steps = 50;
    hl_config_panel_set_config (f->panel, c);
    g_assert_true (test_wait_until (info_known, f, 10000));
    hl_schedule_group_get_preview (sg, &n);
    g_assert_cmpuint (n, ==, 0);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (test_find_child (GTK_WIDGET (sg), GTK_TYPE_DRAWING_AREA))));
    caption = hl_schedule_group_get_caption (sg);
    g_assert_null (strstr (caption, "Constant"));
    g_assert_nonnull (strstr (caption, "depends on the validation loss"));
    g_assert_nonnull (strstr (caption, "and at each epoch end"));   /* validations come then too */
    g_assert_nonnull (strstr (caption, "starts at 0.01 "));
    g_assert_nonnull (strstr (caption, "every 50 steps"));
    /* and a schedule that can be drawn shows its curve again */
    g_free (c->schedule.name);
    c->schedule.name = g_strdup ("cosine");
    hl_config_panel_set_config (f->panel, c);
    g_assert_true (test_wait_until (info_known, f, 10000));
    hl_schedule_group_get_preview (sg, &n);
    g_assert_cmpuint (n, >, 1);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (test_find_child (GTK_WIDGET (sg), GTK_TYPE_DRAWING_AREA))));
  }
}

/* IDX files from the dialog go by their file names, not their folder's
 * ("latest" holds "test"; found by a GUI review). */
static void
test_idx_file_slots (void)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  const char *dir = "/data/latest/";
  const char *names[] = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                          "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
  g_autofree char *p0 = g_strconcat (dir, names[0], NULL), *p1 = g_strconcat (dir, names[1], NULL);
  g_autofree char *p2 = g_strconcat (dir, names[2], NULL), *p3 = g_strconcat (dir, names[3], NULL);

  hl_dataset_group_assign_idx_file (&c->dataset, p0);
  hl_dataset_group_assign_idx_file (&c->dataset, p1);
  hl_dataset_group_assign_idx_file (&c->dataset, p2);
  hl_dataset_group_assign_idx_file (&c->dataset, p3);
  g_assert_cmpstr (c->dataset.train_images, ==, p0);
  g_assert_cmpstr (c->dataset.train_labels, ==, p1);
  g_assert_cmpstr (c->dataset.test_images, ==, p2);
  g_assert_cmpstr (c->dataset.test_labels, ==, p3);
}

/* A run that put its best weights back says so, and the validation
 * accuracy beside its test accuracy is the best step's, not the discarded
 * last step's (found by a GUI review). */
static void
test_outcome_restored_figures (void)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  g_autoptr (HlRun) run = NULL;
  HlTrainingView *view = HL_TRAINING_VIEW (g_object_ref_sink (g_object_new (HL_TYPE_TRAINING_VIEW, NULL)));

  c->early_stopping.enabled = TRUE;
  c->early_stopping.restore_best = TRUE;
  run = hl_run_new (c);
  hl_metrics_append (&run->metrics, 10, 1, 0.1, 0.5, 0.40, 0.868);
  hl_metrics_append (&run->metrics, 20, 2, 0.1, 0.4, 0.45, 0.895);
  run->status = HL_RUN_STATUS_COMPLETED;
  run->summary.steps = 20;
  run->summary.best_step = 10;
  run->summary.best_val_loss = 0.40;
  run->summary.final_val_accuracy = 0.895;
  run->summary.test_accuracy = 0.80;
  hl_training_view_show_outcome (view, run);
  g_assert_cmpstr (hl_training_view_get_outcome (view), ==, "Completed (best weights from step 10)");
  /* the boundary is of those weights too (it named the last step) */
  g_assert_cmpstr (hl_training_view_get_boundary_caption (view), ==,
                   "Predicted class over the input plane, with the best weights (step 10)");
  g_assert_nonnull (strstr (hl_training_view_get_outcome_detail (view), "validation accuracy 86.80\u00a0%"));
  g_assert_nonnull (strstr (hl_training_view_get_outcome_detail (view), "test accuracy 80.00\u00a0%"));
  /* a no-break space: "%" wrapped onto a line of its own (found by a GUI review) */
  g_assert_null (strstr (hl_training_view_get_outcome_detail (view), " %"));
  /* without restoring, the last step's */
  run->config->early_stopping.restore_best = FALSE;
  hl_training_view_show_outcome (view, run);
  g_assert_cmpstr (hl_training_view_get_outcome (view), ==, "Completed");
  g_assert_nonnull (strstr (hl_training_view_get_outcome_detail (view), "validation accuracy 89.50\u00a0%"));
  g_object_unref (view);
}

/* An early-stopped run whose loss exploded (lr 1e6: 1.1 → 1e6) was shown
 * as a success with a green tick (found by a GUI review). */
static void
test_outcome_loss_exploded (void)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  g_autoptr (HlRun) run = hl_run_new (c);
  HlTrainingView *view = HL_TRAINING_VIEW (g_object_ref_sink (g_object_new (HL_TYPE_TRAINING_VIEW, NULL)));

  for (guint i = 0; i < 10; i++)
    hl_metrics_append (&run->metrics, 10 * (i + 1), i, 1e6, i == 0 ? 1.1 : 1e6, 1e6, 0.33);
  run->status = HL_RUN_STATUS_EARLY_STOPPED;
  run->summary.steps = 100;
  run->summary.best_step = 10;
  run->summary.final_train_loss = NAN;
  hl_training_view_show_outcome (view, run);
  g_assert_cmpstr (hl_training_view_get_outcome (view), ==, "Early stopped, but the loss exploded");
  g_assert_nonnull (strstr (hl_training_view_get_outcome_detail (view), "rose from 1.1 to 1e+06 (909,090×)"));
  g_object_unref (view);
}

/* A seed of a replicate group that was stopped at step 203: the legend
 * said "mean of 2 seeds" over every step, though past 203 the curve was
 * the other seed alone (found by a GUI review). */
static HlRun *
replicate (const char *group, guint64 last_step, HlRunStatus status)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  HlRun *run = hl_run_new (c);

  for (guint64 step = 10; step <= last_step; step += 10)
    hl_metrics_append (&run->metrics, step, step / 100.0, 0.1, 1.0 / step,
                       step % 100 == 0 ? 2.0 / step : NAN, step % 100 == 0 ? 0.5 : NAN);
  if (last_step % 10 != 0)   /* Stop records the step it stopped at */
    hl_metrics_append (&run->metrics, last_step, last_step / 100.0, 0.1, 1.0 / last_step, NAN, NAN);
  run->status = status;
  run->group = g_strdup (group);
  return run;
}

/* The label of the group mean series starting with prefix (a new string). */
static char *
series_label (HlTrainingView *view, const char *prefix)
{
  HlPlotOptions opts;
  HlPlotSeries *series;
  guint n = hl_plot_get_render_state (view->plot, &opts, &series);
  char *label = NULL;

  for (guint i = 0; i < n && label == NULL; i++)
    if (g_str_has_prefix (series[i].label, prefix) && strstr (series[i].label, "mean of") != NULL)
      label = g_strdup (series[i].label);
  g_free (series);
  return label;
}

static void
assert_series_label (HlTrainingView *view, const char *prefix, const char *want)
{
  g_autofree char *label = series_label (view, prefix);

  g_assert_cmpstr (label, ==, want);
}

static void
test_group_stopped_seed (void)
{
  HlTrainingView *view = HL_TRAINING_VIEW (g_object_ref_sink (g_object_new (HL_TYPE_TRAINING_VIEW, NULL)));
  g_autoptr (HlRun) first = replicate ("g1", 1300, HL_RUN_STATUS_COMPLETED);
  g_autoptr (HlRun) stopped = replicate ("g1", 203, HL_RUN_STATUS_CANCELLED);
  g_autoptr (HlRun) third = replicate ("g1", 1300, HL_RUN_STATUS_COMPLETED);

  hl_training_view_set_group (view, "g1");
  hl_training_view_group_finished (view, first);
  assert_series_label (view, "Training loss", "Training loss, mean of 1 seed");
  hl_training_view_group_finished (view, stopped);
  /* the step 203 Stop recorded has no partner in the other seed (it was
   * averaged with its step 210) */
  assert_series_label (view, "Training loss", "Training loss, mean of 2 seeds to step 200, then 1");
  assert_series_label (view, "Validation loss", "Validation loss, mean of 2 seeds to step 200, then 1");
  /* step 210 is the first seed alone */
  {
    HlPlotOptions opts;
    HlPlotSeries *series;
    guint n = hl_plot_get_render_state (view->plot, &opts, &series);

    g_assert_cmpuint (n, >, view->n_live);
    g_assert_cmpfloat (series[view->n_live].x[20], ==, 210);
    g_assert_cmpfloat (series[view->n_live].y[20], ==, 1.0 / 210);
    g_free (series);
  }
  hl_training_view_group_finished (view, third);
  assert_series_label (view, "Training loss", "Training loss, mean of 3 seeds to step 200, then 2");

  g_object_unref (view);
}

/* The batch-size presets name the method of each end and group the sizes
 * between: the first read a bare "1" beside "All (Batch Gradient
 * Descent)" (found by a GUI review). */
static void
test_batch_presets_named (void)
{
  HlTrainingGroup *tg = HL_TRAINING_GROUP (g_object_ref_sink (g_object_new (HL_TYPE_TRAINING_GROUP, NULL)));
  GtkMenuButton *button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (tg), HL_TYPE_TRAINING_GROUP,
                                                                          "batch_presets_button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  guint found = 0;

  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);
      g_autofree char *heading = NULL;

      g_assert_nonnull (section);
      g_menu_model_get_item_attribute (menu, s, G_MENU_ATTRIBUTE_LABEL, "s", &heading);
      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *label = NULL;
          guint32 size = 0;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_TARGET, "u", &size));
          if (size == 1)
            g_assert_cmpstr (label, ==, "1 (Stochastic Gradient Descent)");
          else if (size == 0)
            g_assert_cmpstr (label, ==, "All (Batch Gradient Descent)");
          else
            g_assert_cmpstr (heading, ==, "Mini-batch Gradient Descent");
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 6);
  g_object_unref (tg);
}

static void
test_log_scale_spin (void)
{
  GtkWidget *spin = g_object_ref_sink (hl_form_spin_new (1e-8, 1, 1, 6, "test"));

  hl_form_spin_set_log_scale (GTK_SPIN_BUTTON (spin), 1e-8, 1, 0.25);
  hl_form_spin_set_real (GTK_SPIN_BUTTON (spin), 1e-3);
  g_assert_cmpfloat_with_epsilon (hl_form_spin_get_real (GTK_SPIN_BUTTON (spin)), 1e-3, 1e-12);
  gtk_spin_button_spin (GTK_SPIN_BUTTON (spin), GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpfloat_with_epsilon (hl_form_spin_get_real (GTK_SPIN_BUTTON (spin)),
                                  1e-3 * pow (10, 0.25), 1e-9);
  /* four steps down make a factor of ten */
  for (int i = 0; i < 5; i++)
    gtk_spin_button_spin (GTK_SPIN_BUTTON (spin), GTK_SPIN_STEP_BACKWARD, 0);
  g_assert_cmpfloat_with_epsilon (hl_form_spin_get_real (GTK_SPIN_BUTTON (spin)), 1e-4, 1e-10);
  /* Text that is not a positive number keeps the value (it became 10^0,
   * clamped to the maximum; found by a review), a valid one is taken. */
  for (guint i = 0; i < 3; i++)
    {
      static const char *const bad[] = { "-3", "abc", "0" };
      type_text (GTK_SPIN_BUTTON (spin), bad[i]);
      g_assert_cmpfloat_with_epsilon (hl_form_spin_get_real (GTK_SPIN_BUTTON (spin)), 1e-4, 1e-10);
    }
  type_text (GTK_SPIN_BUTTON (spin), "0.02");
  g_assert_cmpfloat_with_epsilon (hl_form_spin_get_real (GTK_SPIN_BUTTON (spin)), 0.02, 1e-12);
  /* a config's value below the range, shown as it is; the minimum typed
   * takes (at the clamp it was shown at, it changed nothing: 1e-12 came
   * back) */
  hl_form_spin_set_real (GTK_SPIN_BUTTON (spin), 1e-12);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "1e-12");
  type_text (GTK_SPIN_BUTTON (spin), "1e-08");
  g_assert_cmpfloat_with_epsilon (hl_form_spin_get_real (GTK_SPIN_BUTTON (spin)), 1e-8, 1e-18);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), !=, "1e-12");
  g_object_unref (spin);
}

/* A typed or stepped value shows as compactly as a loaded one: a
 * Validation Split typed as 0 read "0.00", loaded "0.1" beside it. */
static void
test_plain_spin_text (void)
{
  GtkWidget *spin = g_object_ref_sink (hl_form_spin_new (0, 1, 0.05, 2, "split"));
  static const struct { const char *typed, *shown; } cases[] = {
    { "0", "0" }, { "0.25", "0.25" }, { "0.5", "0.5" }, { "1", "1" }, { "0.1", "0.1" },
  };

  hl_form_spin_set_real (GTK_SPIN_BUTTON (spin), 0.1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "0.1");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      type_text (GTK_SPIN_BUTTON (spin), cases[i].typed);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, cases[i].shown);
    }
  gtk_spin_button_spin (GTK_SPIN_BUTTON (spin), GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "0.15");
  gtk_spin_button_spin (GTK_SPIN_BUTTON (spin), GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "0.2");
  g_object_unref (spin);
}

/* A decimal comma is read where it cannot be a thousands separator: in
 * the learning rate "0,001" was "not a number", and in a spin it quietly
 * kept the old value (found typing values in the form). */
static void
test_decimal_comma (PanelFixture *f, gconstpointer data)
{
  static const struct { const char *text; gboolean ok; double value; } cases[] = {
    { "0,001", TRUE, 0.001 }, { " -0,5 ", TRUE, -0.5 }, { "1,5", TRUE, 1.5 },
    { "12,25", TRUE, 12.25 }, { "1,5e-3", TRUE, 1.5e-3 }, { "0.001", TRUE, 0.001 },
    { "1e-3", TRUE, 1e-3 }, { "1,000", FALSE, 0 }, { "10,000", FALSE, 0 },
    { "1,2,3", FALSE, 0 }, { "1.000,5", FALSE, 0 }, { "0,0x", FALSE, 0 }, { ",", FALSE, 0 },
    { "abc", FALSE, 0 },
  };
  GtkWidget *lr = test_find_row (GTK_WIDGET (f->panel), "optimizer.learning_rate");
  GtkWidget *plain = g_object_ref_sink (hl_form_spin_new (0, 1, 0.01, 2, "noise"));
  GtkWidget *log = g_object_ref_sink (hl_form_spin_new (1e-8, 1, 1, 6, "epsilon"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double v = -42;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (hl_form_parse_number (cases[i].text, &v), ==, cases[i].ok);
      g_assert_cmpfloat_with_epsilon (v, cases[i].ok ? cases[i].value : -42, 1e-15);
    }

  gtk_editable_set_text (GTK_EDITABLE (lr), "0,001");
  g_assert_true (hl_config_panel_get_valid (f->panel));
  g_assert_false (gtk_widget_has_css_class (lr, "error"));
  g_assert_cmpfloat (cfg (f)->optimizer.learning_rate, ==, 0.001);
  gtk_editable_set_text (GTK_EDITABLE (lr), "1,000");   /* a thousand, or one? */
  g_assert_false (hl_config_panel_get_valid (f->panel));
  g_assert_true (gtk_widget_has_css_class (lr, "error"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (plain), 0.1);
  type_text (GTK_SPIN_BUTTON (plain), "0,05");
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (plain)), 0.05, 1e-12);
  hl_form_spin_set_log_scale (GTK_SPIN_BUTTON (log), 1e-8, 1, 0.25);
  hl_form_spin_set_real (GTK_SPIN_BUTTON (log), 1e-3);
  type_text (GTK_SPIN_BUTTON (log), "0,02");
  g_assert_cmpfloat_with_epsilon (hl_form_spin_get_real (GTK_SPIN_BUTTON (log)), 0.02, 1e-12);
  type_text (GTK_SPIN_BUTTON (log), "1e-3x");   /* as a plain spin: kept */
  g_assert_cmpfloat_with_epsilon (hl_form_spin_get_real (GTK_SPIN_BUTTON (log)), 0.02, 1e-12);
  g_object_unref (plain);
  g_object_unref (log);
}

/* Spin buttons of the forms (made here or in templates) keep their value
 * when the text is not a number: "abc" in Samples became the minimum. */
static gboolean
emit_scroll (GtkWidget *spin, double dy)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (spin);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (c)
          && gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (c, "scroll", 0.0, dy, &handled);
          return handled;
        }
    }
  g_error ("no capture-phase scroll controller on the spin");
  return FALSE;
}

/* The wheel over a spin scrolls the form unless the spin is being edited
 * (scrolling down the form changed Beta 2 and Epsilon; found by a GUI
 * review). */
static void
test_spin_wheel_scrolls_form (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *spins[30];
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double before;

  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      spins[i] = hl_form_spin_new (0, 100, 1, 0, "n");
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spins[i]), 50);
      gtk_box_append (GTK_BOX (box), spins[i]);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 200);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 100 && gtk_adjustment_get_upper (adj) <= gtk_adjustment_get_page_size (adj); i++)
    test_spin_loop (50);   /* laid out */
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, gtk_adjustment_get_page_size (adj));
  before = gtk_adjustment_get_value (adj);
  g_assert_true (emit_scroll (spins[1], 1.0));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spins[1])), ==, 50);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, before);
  /* clicked into: the wheel is the spin's */
  gtk_widget_grab_focus (spins[2]);
  test_spin_loop (50);
  g_assert_false (emit_scroll (spins[2], 1.0));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_spin_bad_text (void)
{
  GtkWidget *made = g_object_ref_sink (hl_form_spin_new (10, 1000, 1, 0, "samples"));
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *plain = gtk_spin_button_new_with_range (10, 1000, 1);
  GtkWidget *spins[2] = { made, plain };

  gtk_box_append (GTK_BOX (box), plain);
  hl_form_spins_keep_on_bad_input (box);
  for (guint k = 0; k < 2; k++)
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (spins[k]);
      gtk_spin_button_set_value (spin, 600);
      type_text (spin, "abc");
      g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 600);
      type_text (spin, "12x");
      g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 600);
      type_text (spin, "250");
      g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 250);
      type_text (spin, "5000");   /* out of range: clamped */
      g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 1000);
    }
  g_object_unref (box);
  g_object_unref (made);
}

/* The boundary grid puts each cell's predicted class in place. */
static void
halfplane_predict (gpointer data, const float *x, guint n, float *out)
{
  for (guint i = 0; i < n; i++)
    {
      out[2 * i] = x[2 * i] < 0 ? 1.0f : 0.0f;
      out[2 * i + 1] = x[2 * i] < 0 ? 0.0f : 1.0f;
    }
}

/* A colour per class for as many classes as the form's toy sets make
 * (its Classes spin goes to 10): ten Gaussian blobs showed two pairs of
 * neighbouring blobs in one colour each. */
static void
test_scatter_class_colours (void)
{
  GtkWidget *group = g_object_ref_sink (g_object_new (HL_TYPE_DATASET_GROUP, NULL));
  GObject *spin = gtk_widget_get_template_child (group, HL_TYPE_DATASET_GROUP, "classes_spin");
  const guint n = (guint) gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)));

  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        double a[3], b[3];

        hl_scatter_class_color (i, &a[0], &a[1], &a[2]);
        hl_scatter_class_color (j, &b[0], &b[1], &b[2]);
        if (fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]) < 0.2)
          g_error ("classes %u and %u have nearly one colour", i, j);
      }
  g_object_unref (group);
}

static void
test_boundary_grid (void)
{
  guint8 cells[16 * 16];

  hl_boundary_compute (halfplane_predict, NULL, 2, 16, -1, 1, -1, 1, cells);
  for (guint j = 0; j < 16; j++)
    for (guint i = 0; i < 16; i++)
      g_assert_cmpuint (cells[j * 16 + i], ==, i < 8 ? 0 : 1);
}

/* One duration formatter for every view: sub-second runs keep digits. */
static void
test_format_duration (void)
{
  static const struct { double s; const char *text; } cases[] = {
    { 0.0, "< 1 ms" }, { 0.0004, "< 1 ms" }, { 0.009, "9 ms" }, { 0.85, "850 ms" },
    { 0.9996, "1.00 s" }, { 2.345, "2.35 s" }, { 42.04, "42.0 s" }, { 185, "3 min 05 s" },
    { 7800, "2 h 10 min" }, { -1, "—" }, { NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hl_format_duration (cases[i].s);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The form beside the curves asks for 470 px but gets by with its 340:
 * the natural width is the bin's, the minimum the child's. */
static void
test_natural_bin (void)
{
  GtkWidget *bin = g_object_ref_sink (hl_natural_bin_new ());
  GtkWidget *child = gtk_label_new ("a label whose natural width is its whole text on one line");
  int min = 0, nat = 0, child_min = 0, child_nat = 0;

  gtk_label_set_wrap (GTK_LABEL (child), TRUE);
  gtk_widget_set_size_request (child, 100, -1);
  hl_natural_bin_set_child (HL_NATURAL_BIN (bin), child);
  g_assert_true (gtk_widget_get_parent (child) == bin);
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
  g_assert_cmpint (child_nat, >, 120);
  /* -1: the child's own */
  gtk_widget_measure (bin, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, child_min);
  g_assert_cmpint (nat, ==, child_nat);
  hl_natural_bin_set_natural_width (HL_NATURAL_BIN (bin), 120);
  gtk_widget_measure (bin, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, child_min);
  g_assert_cmpint (nat, ==, 120);
  /* never below the minimum */
  hl_natural_bin_set_natural_width (HL_NATURAL_BIN (bin), 10);
  gtk_widget_measure (bin, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, min);
  /* heights are the child's */
  gtk_widget_measure (bin, GTK_ORIENTATION_VERTICAL, 120, &min, &nat, NULL, NULL);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, 120, &child_min, &child_nat, NULL, NULL);
  g_assert_cmpint (min, ==, child_min);
  g_assert_cmpint (nat, ==, child_nat);
  hl_natural_bin_set_child (HL_NATURAL_BIN (bin), NULL);
  g_assert_null (hl_natural_bin_get_child (HL_NATURAL_BIN (bin)));
  g_object_unref (bin);
}

/* As AdwBin: the bin expands when its child does (a value set on the bin
 * wins), and focus given to the bin goes to its child (grab_focus refused
 * before; Tab into the bin always reached the child). */
static void
test_natural_bin_expand_focus (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *before = gtk_button_new_with_label ("before");
  GtkWidget *bin = hl_natural_bin_new ();
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_vexpand (entry, TRUE);
  hl_natural_bin_set_child (HL_NATURAL_BIN (bin), entry);
  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), bin);
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_assert_true (gtk_widget_compute_expand (bin, GTK_ORIENTATION_VERTICAL));
  g_assert_false (gtk_widget_compute_expand (bin, GTK_ORIENTATION_HORIZONTAL));
  gtk_widget_set_vexpand (bin, FALSE);
  g_assert_false (gtk_widget_compute_expand (bin, GTK_ORIENTATION_VERTICAL));
  gtk_widget_set_vexpand_set (bin, FALSE);
  gtk_widget_set_hexpand (entry, TRUE);
  g_assert_true (gtk_widget_compute_expand (bin, GTK_ORIENTATION_VERTICAL));
  g_assert_true (gtk_widget_compute_expand (bin, GTK_ORIENTATION_HORIZONTAL));

  gtk_window_present (GTK_WINDOW (window));
  test_spin_loop (20);
  g_assert_true (gtk_widget_grab_focus (bin));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  g_assert_true (gtk_widget_grab_focus (before));
  g_assert_true (gtk_widget_child_focus (bin, GTK_DIR_TAB_FORWARD));
  g_assert_false (gtk_widget_has_focus (before));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  /* no focus stop of its own, even when made focusable */
  gtk_widget_set_focusable (bin, TRUE);
  gtk_widget_set_focusable (entry, FALSE);
  gtk_widget_set_can_focus (entry, FALSE);
  g_assert_true (gtk_widget_grab_focus (before));
  g_assert_false (gtk_widget_child_focus (bin, GTK_DIR_TAB_FORWARD));
  g_assert_false (gtk_widget_grab_focus (bin));
  g_assert_true (gtk_widget_has_focus (before));
  /* an empty bin takes no focus */
  hl_natural_bin_set_child (HL_NATURAL_BIN (bin), NULL);
  g_assert_false (gtk_widget_grab_focus (bin));
  g_assert_false (gtk_widget_child_focus (bin, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_has_focus (before));
  g_assert_false (gtk_widget_compute_expand (bin, GTK_ORIENTATION_VERTICAL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The time left is an estimate: whole seconds, not "about 7.97 s left". */
static void
test_format_time_left (void)
{
  static const struct { double s; const char *text; } cases[] = {
    { 0.0, "less than a second left" }, { 0.49, "less than a second left" },
    { 0.5, "about 1 s left" }, { 7.97, "about 8 s left" }, { 59.4, "about 59 s left" },
    { 59.6, "about 1 min 00 s left" }, { 185.2, "about 3 min 05 s left" },
    { 7800, "about 2 h 10 min left" }, { 1e300, "about 1193046 h 28 min left" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hl_format_time_left (cases[i].s);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_null (hl_format_time_left (-1));
  g_assert_null (hl_format_time_left (NAN));
  g_assert_null (hl_format_time_left (INFINITY));
}

/* One loss formatter for every view, in the axes' form: printf's "%.4g"
 * wrote "1.726e+09" in the tables and the hover "%.5g" another form. */
static void
test_format_loss (void)
{
  static const struct { double v; const char *text; } cases[] = {
    { 0.30281, "0.3028" }, { 1.0, "1" }, { 1725934000.0, "1.726e9" }, { 2.5e-6, "2.5e-6" },
    { 1e-10, "1e-10" }, { -3.5e12, "-3.5e12" }, { 123456.0, "1.235e5" }, { 1e100, "1e100" },
    { 0.0, "0" }, { NAN, "NaN" }, { INFINITY, "∞" }, { -INFINITY, "−∞" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hl_format_loss (cases[i].v);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  hl_ui_init ();

  g_test_add_data_func ("/ui/template/config-panel", hl_config_panel_get_type, test_template_instantiates);
  g_test_add_data_func ("/ui/template/dataset-group", hl_dataset_group_get_type, test_template_instantiates);
  g_test_add_data_func ("/ui/template/model-group", hl_model_group_get_type, test_template_instantiates);
  g_test_add_data_func ("/ui/template/layer-row", hl_layer_row_get_type, test_template_instantiates);
  g_test_add_data_func ("/ui/template/optimizer-group", hl_optimizer_group_get_type, test_template_instantiates);
  g_test_add_data_func ("/ui/template/schedule-group", hl_schedule_group_get_type, test_template_instantiates);
  g_test_add_data_func ("/ui/template/training-group", hl_training_group_get_type, test_template_instantiates);
  g_test_add_data_func ("/ui/template/training-view", hl_training_view_get_type, test_template_instantiates);
  g_test_add_func ("/ui/template/help-overlay", test_help_overlay);
  g_test_add_func ("/ui/dataset/train-samples-bad-split", test_train_samples_bad_split);
  g_test_add ("/ui/form/edits-change-config", PanelFixture, NULL, panel_setup,
              test_edits_change_config, panel_teardown);
  g_test_add ("/ui/form/untouched-values-kept", PanelFixture, NULL, panel_setup,
              test_untouched_values_kept, panel_teardown);
  g_test_add ("/ui/form/beyond-range-kept", PanelFixture, NULL, panel_setup,
              test_beyond_range_kept, panel_teardown);
  g_test_add ("/ui/form/plugin-rows", PanelFixture, NULL, panel_setup,
              test_plugin_rows, panel_teardown);
  g_test_add ("/ui/form/layer-list-placeholder-focus", PanelFixture, NULL, panel_setup,
              test_layer_list_placeholder_and_focus, panel_teardown);
  g_test_add ("/ui/form/layer-move-to-end-focus", PanelFixture, NULL, panel_setup,
              test_layer_move_to_end_focus, panel_teardown);
  g_test_add ("/ui/form/issue-in-form-words", PanelFixture, NULL, panel_setup,
              test_issue_in_form_words, panel_teardown);
  g_test_add ("/ui/form/invalid-marks-row", PanelFixture, NULL, panel_setup,
              test_invalid_marks_row, panel_teardown);
  g_test_add ("/ui/form/split-sum-marks-both", PanelFixture, NULL, panel_setup,
              test_split_sum_marks_both, panel_teardown);
  g_test_add ("/ui/form/no-validation-marks-split", PanelFixture, NULL, panel_setup,
              test_no_validation_marks_split, panel_teardown);
  g_test_add_func ("/ui/form/idx-file-slots", test_idx_file_slots);
  g_test_add_func ("/ui/training/outcome-restored-figures", test_outcome_restored_figures);
  g_test_add_func ("/ui/training/outcome-loss-exploded", test_outcome_loss_exploded);
  g_test_add_func ("/ui/training/group-stopped-seed", test_group_stopped_seed);
  g_test_add ("/ui/form/csv-target-row", PanelFixture, NULL, panel_setup,
              test_csv_target_row, panel_teardown);
  g_test_add ("/ui/form/entry-message-in-full", PanelFixture, NULL, panel_setup,
              test_entry_message_in_full, panel_teardown);
  g_test_add ("/ui/form/no-settings-no-tab-stop", PanelFixture, NULL, panel_setup,
              test_no_settings_no_tab_stop, panel_teardown);
  g_test_add ("/ui/form/focus-first-issue", PanelFixture, NULL, panel_setup,
              test_focus_first_issue, panel_teardown);
  g_test_add ("/ui/form/model-issue-visible", PanelFixture, NULL, panel_setup,
              test_model_issue_visible, panel_teardown);
  g_test_add ("/ui/form/load-error-said-once", PanelFixture, NULL, panel_setup,
              test_load_error_said_once, panel_teardown);
  g_test_add ("/ui/form/divide-learning-rates", PanelFixture, NULL, panel_setup,
              test_divide_learning_rates, panel_teardown);
  g_test_add ("/ui/form/dataset-info-captions", PanelFixture, NULL, panel_setup,
              test_dataset_info_and_captions, panel_teardown);
  g_test_add ("/ui/panel/csv-pick-guesses", PanelFixture, NULL, panel_setup,
              test_csv_pick_guesses, panel_teardown);
  g_test_add_func ("/ui/form/batch-presets-named", test_batch_presets_named);
  g_test_add_func ("/ui/form/log-scale-spin", test_log_scale_spin);
  g_test_add_func ("/ui/form/plain-spin-text", test_plain_spin_text);
  g_test_add_func ("/ui/form/spin-bad-text", test_spin_bad_text);
  g_test_add ("/ui/form/decimal-comma", PanelFixture, NULL, panel_setup,
              test_decimal_comma, panel_teardown);
  g_test_add_func ("/ui/form/spin-wheel-scrolls-form", test_spin_wheel_scrolls_form);
  g_test_add_func ("/ui/boundary/grid", test_boundary_grid);
  g_test_add_func ("/ui/scatter/class-colours", test_scatter_class_colours);
  g_test_add_func ("/ui/format/duration", test_format_duration);
  g_test_add_func ("/ui/format/time-left", test_format_time_left);
  g_test_add_func ("/ui/natural-bin", test_natural_bin);
  g_test_add_func ("/ui/natural-bin/expand-focus", test_natural_bin_expand_focus);
  g_test_add_func ("/ui/format/loss", test_format_loss);
  return g_test_run ();
}
