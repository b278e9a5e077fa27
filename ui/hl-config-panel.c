/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-panel.c - the configuration side: groups editing one HlConfig. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-lr-find-dialog.h"
#include "hl-model-group.h"
#include "hl-optimizer-group.h"
#include "hl-schedule-group.h"
#include "hl-training-group.h"
#include "hl-config-panel.h"

struct _HlConfigPanel
{
  AdwPreferencesPage parent_instance;

  /* template widgets */
  HlDatasetGroup   *dataset_group;
  HlModelGroup     *model_group;
  HlOptimizerGroup *optimizer_group;
  HlScheduleGroup  *schedule_group;
  HlTrainingGroup  *training_group;
  GtkWidget        *file_group;
  GtkLabel         *file_label;

  /* borrowed */
  HlPluginRegistry *registry;

  /* owned */
  HlConfig         *config;
  GPtrArray        *issues;     /* HlConfigIssue */
  gboolean          valid;
};

G_DEFINE_FINAL_TYPE (HlConfigPanel, hl_config_panel, ADW_TYPE_PREFERENCES_PAGE)

enum { PROP_0, PROP_VALID, N_PROPS };
static GParamSpec *properties[N_PROPS];
enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_valid (HlConfigPanel *self, gboolean valid)
{
  if (self->valid == valid)
    return;
  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
issue_free (gpointer data)
{
  HlConfigIssue *issue = data;

  g_free (issue->path);
  g_free (issue->also);
  g_clear_error (&issue->error);
  g_free (issue);
}

/* Splits or a sample count already in error (leaving too little to train
 * on) also make the dataset fail to load: its row is not marked again with
 * that consequence.  Other problems (a missing file beside a bad noise) are
 * shown both. */
static gboolean
has_dataset_issue (GPtrArray *issues)
{
  static const char *const causes[] = { "dataset.validation_split", "dataset.test_split",
                                        "dataset.samples", NULL };

  for (guint i = 0; i < issues->len; i++)
    if (g_strv_contains (causes, ((HlConfigIssue *) issues->pdata[i])->path))
      return TRUE;
  return FALSE;
}

/* A layer beyond the unit limit (a file's billion units) has its own mark;
 * the check's parameter count of the whole model that follows from it
 * overflowed ("12553255963290448387 parameters is more than a model may
 * have", in the Model group's caption): not said again.  With at most
 * HL_MAX_LAYERS layers, the only issue at "model.layers" is that count. */
static void
drop_overflowed_count (const HlConfig *config, GPtrArray *issues)
{
  const GArray *layers = config->model.layers;
  gboolean beyond = FALSE;

  if (layers->len > HL_MAX_LAYERS)
    return;
  for (guint i = 0; i < layers->len; i++)
    beyond |= g_array_index (layers, HlLayerConfig, i).units > HL_MAX_UNITS;
  for (guint i = issues->len; beyond && i > 0; i--)
    if (g_strcmp0 (((HlConfigIssue *) issues->pdata[i - 1])->path, "model.layers") == 0)
      g_ptr_array_remove_index (issues, i - 1);
}

/* One line per issue, but for those at skip_path (may be NULL); NULL when
 * none is left. */
static char *
describe_issues_but (HlConfigPanel *self, const char *skip_path)
{
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint i = 0; self->issues != NULL && i < self->issues->len; i++)
    {
      const HlConfigIssue *issue = g_ptr_array_index (self->issues, i);
      g_autofree char *text = NULL;

      if (skip_path != NULL && g_strcmp0 (issue->path, skip_path) == 0)
        continue;
      text = hl_form_issue_text_in (GTK_WIDGET (self), issue);
      g_string_append_printf (s, "%s%s", s->len > 0 ? "\n" : "", text);
    }
  return s->len > 0 ? g_strdup (s->str) : NULL;
}

/* "Find…" runs whatever the form's learning rate says (the test sets its
 * own rates, and a rate to put there is what it finds): the other issues
 * block it, said as on Train's tooltip. */
static void
update_find (HlConfigPanel *self)
{
  g_autofree char *issues = describe_issues_but (self, "optimizer.learning_rate");
  g_autofree char *why = issues != NULL ? g_strdup_printf (_("Fix these first:\n%s"), issues) : NULL;

  hl_optimizer_group_set_find_blocked (self->optimizer_group, why);
}

static void on_group_changed (HlConfigPanel *self);

/* The rate into the field the dialog names: the base rate, or a
 * schedule's own peak (one-cycle's max_lr), which its row then shows. */
static void
on_lr_found (HlConfigPanel *self, double lr, const char *path)
{
  const char *param = g_str_has_prefix (path, "schedule.params.") ? path + strlen ("schedule.params.") : NULL;

  if (param == NULL)
    {
      hl_optimizer_group_set_learning_rate (self->optimizer_group, lr);
      return;
    }
  hl_params_set (self->config->schedule.params, param, lr);
  hl_schedule_group_set_config (self->schedule_group, self->config);
  on_group_changed (self);
}

/* The test of the config Train would use; a rate the form cannot use yet
 * is replaced, the test never trains with it. */
static void
on_find_learning_rate (HlConfigPanel *self)
{
  const HlConfig *config;
  g_autoptr (HlConfig) probe = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->registry == NULL)
    return;
  hl_form_commit_focused_spin (GTK_WIDGET (self));   /* Alt+F from a spin just typed into */
  config = hl_config_panel_get_config (self);
  if (!(config->optimizer.learning_rate > 0) || !isfinite (config->optimizer.learning_rate))
    {
      probe = hl_config_copy (config);
      probe->optimizer.learning_rate = 1e-3;
      config = probe;
    }
  dialog = hl_lr_find_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, config, self->registry);
  g_signal_connect_object (dialog, "use", G_CALLBACK (on_lr_found), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
hl_config_panel_revalidate (HlConfigPanel *self)
{
  const GError *load_error;
  const char *bad_lr;
  gboolean on_row;

  g_return_if_fail (HL_IS_CONFIG_PANEL (self));
  g_clear_pointer (&self->issues, hl_config_issues_free);
  self->issues = hl_config_check (self->config, self->registry);
  if (self->issues == NULL)
    self->issues = g_ptr_array_new_with_free_func (issue_free);
  drop_overflowed_count (self->config, self->issues);
  /* text in the learning-rate field that is not a number: say so, rather
   * than "must be > 0 (got nan)" */
  bad_lr = hl_optimizer_group_get_bad_lr_text (self->optimizer_group);
  if (bad_lr != NULL)
    {
      HlConfigIssue *issue = g_new0 (HlConfigIssue, 1);

      for (guint i = self->issues->len; i > 0; i--)
        if (g_strcmp0 (((HlConfigIssue *) self->issues->pdata[i - 1])->path, "optimizer.learning_rate") == 0)
          g_ptr_array_remove_index (self->issues, i - 1);
      issue->path = g_strdup ("optimizer.learning_rate");
      issue->error = g_error_new (HL_CONFIG_ERROR, HL_CONFIG_ERROR_TYPE,
                                  _("optimizer.learning_rate: must be a number (got “%s”)"), bad_lr);
      g_ptr_array_insert (self->issues, 0, issue);
    }
  /* a dataset that fails to load is a problem of the dataset rows too */
  load_error = hl_dataset_group_get_error (self->dataset_group);
  on_row = FALSE;
  if (load_error != NULL && !has_dataset_issue (self->issues))
    {
      HlConfigIssue *issue = g_new0 (HlConfigIssue, 1);
      gboolean file = g_strcmp0 (self->config->dataset.kind, "csv") == 0;
      /* the last one: a file path before it may hold "(dataset." too */
      const char *named = g_strrstr (load_error->message, "(dataset.");
      const char *end = named != NULL ? strchr (named, ')') : NULL;

      /* on the row the message names ("no target column … (dataset.target)"
       * went on the file row) */
      if (end != NULL)
        issue->path = g_strndup (named + 1, end - named - 1);
      else
        issue->path = g_strdup (file ? "dataset.path" : "dataset.kind");
      issue->error = g_error_copy (load_error);
      g_ptr_array_add (self->issues, issue);
      on_row = hl_form_has_row_for (GTK_WIDGET (self->dataset_group), issue->path);
    }
  hl_form_mark_issues (GTK_WIDGET (self), self->issues);
  /* said once: on its row, or under the group when no row takes it */
  hl_dataset_group_set_error_on_row (self->dataset_group, on_row);
  set_valid (self, self->issues->len == 0);
  update_find (self);
}

static void
forward_info (HlConfigPanel *self)
{
  const HlDatasetInfo *info = hl_dataset_group_get_info (self->dataset_group);

  hl_model_group_set_dataset_info (self->model_group, info);
  hl_training_group_set_dataset_info (self->training_group, info);
  hl_schedule_group_update_preview (self->schedule_group, info);
}

static void
on_group_changed (HlConfigPanel *self)
{
  hl_dataset_group_config_changed (self->dataset_group);
  /* batch size, epochs and the learning rate all move the schedule preview */
  forward_info (self);
  hl_config_panel_revalidate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_dataset_info (HlConfigPanel *self)
{
  forward_info (self);
  hl_config_panel_revalidate (self);
}

static void
hl_config_panel_finalize (GObject *object)
{
  HlConfigPanel *self = HL_CONFIG_PANEL (object);

  g_clear_pointer (&self->issues, hl_config_issues_free);
  g_clear_pointer (&self->config, hl_config_free);
  G_OBJECT_CLASS (hl_config_panel_parent_class)->finalize (object);
}

static void
hl_config_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HL_TYPE_CONFIG_PANEL);
  G_OBJECT_CLASS (hl_config_panel_parent_class)->dispose (object);
}

static void
hl_config_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HlConfigPanel *self = HL_CONFIG_PANEL (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_config_panel_class_init (HlConfigPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_config_panel_dispose;
  object_class->finalize = hl_config_panel_finalize;
  object_class->get_property = hl_config_panel_get_property;
  properties[PROP_VALID] = g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                 | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HL_TYPE_DATASET_GROUP);
  g_type_ensure (HL_TYPE_MODEL_GROUP);
  g_type_ensure (HL_TYPE_OPTIMIZER_GROUP);
  g_type_ensure (HL_TYPE_SCHEDULE_GROUP);
  g_type_ensure (HL_TYPE_TRAINING_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hyperlab/Hyperlab/ui/hl-config-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, HlConfigPanel, dataset_group);
  gtk_widget_class_bind_template_child (widget_class, HlConfigPanel, model_group);
  gtk_widget_class_bind_template_child (widget_class, HlConfigPanel, optimizer_group);
  gtk_widget_class_bind_template_child (widget_class, HlConfigPanel, file_group);
  gtk_widget_class_bind_template_child (widget_class, HlConfigPanel, file_label);
  gtk_widget_class_bind_template_child (widget_class, HlConfigPanel, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, HlConfigPanel, training_group);
  gtk_widget_class_bind_template_callback (widget_class, on_group_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_dataset_info);
  gtk_widget_class_bind_template_callback (widget_class, on_find_learning_rate);
}

static void
hl_config_panel_init (HlConfigPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hl_config_panel_new (void)
{
  return g_object_new (HL_TYPE_CONFIG_PANEL, NULL);
}

void
hl_config_panel_set_registry (HlConfigPanel *self, HlPluginRegistry *registry)
{
  g_return_if_fail (HL_IS_CONFIG_PANEL (self));
  self->registry = registry;
  hl_optimizer_group_set_registry (self->optimizer_group, registry);
  hl_schedule_group_set_registry (self->schedule_group, registry);
  if (self->config != NULL)
    {
      forward_info (self);
      hl_config_panel_revalidate (self);
    }
}

void
hl_config_panel_set_config (HlConfigPanel *self, const HlConfig *config)
{
  HlConfig *old;

  g_return_if_fail (HL_IS_CONFIG_PANEL (self));
  g_return_if_fail (config != NULL);
  /* the groups borrow the config: swap only after they point at the new one */
  old = g_steal_pointer (&self->config);
  self->config = hl_config_copy (config);
  hl_dataset_group_set_config (self->dataset_group, self->config);
  hl_model_group_set_config (self->model_group, self->config);
  hl_optimizer_group_set_config (self->optimizer_group, self->config);
  hl_schedule_group_set_config (self->schedule_group, self->config);
  hl_training_group_set_config (self->training_group, self->config);
  g_clear_pointer (&old, hl_config_free);
  forward_info (self);
  hl_config_panel_revalidate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

const HlConfig *
hl_config_panel_get_config (HlConfigPanel *self)
{
  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), NULL);
  /* Ctrl+S saved "target" while the row showed "species" typed without Enter */
  hl_dataset_group_apply_pending (self->dataset_group);
  return self->config;
}

gboolean
hl_config_panel_get_valid (HlConfigPanel *self)
{
  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), FALSE);
  return self->valid;
}

const GPtrArray *
hl_config_panel_get_issues (HlConfigPanel *self)
{
  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), NULL);
  return self->issues;
}

char *
hl_config_panel_describe_issues (HlConfigPanel *self)
{
  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), NULL);
  return describe_issues_but (self, NULL);
}

char *
hl_config_panel_focus_first_issue (HlConfigPanel *self)
{
  GtkWidget *row;

  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), NULL);
  row = hl_form_focus_first_mark (GTK_WIDGET (self));
  if (row != NULL && gtk_widget_get_tooltip_text (row) != NULL)
    return g_strdup (gtk_widget_get_tooltip_text (row));   /* the issue as the row words it */
  if (self->issues != NULL && self->issues->len > 0)
    return hl_form_issue_text_in (GTK_WIDGET (self), g_ptr_array_index (self->issues, 0));
  return NULL;
}

const HlDatasetInfo *
hl_config_panel_get_dataset_info (HlConfigPanel *self)
{
  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), NULL);
  return hl_dataset_group_get_info (self->dataset_group);
}

gboolean
hl_config_panel_is_loading_dataset (HlConfigPanel *self)
{
  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), FALSE);
  return hl_dataset_group_is_loading (self->dataset_group);
}

GtkWidget *
hl_config_panel_get_preview (HlConfigPanel *self)
{
  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), NULL);
  return hl_dataset_group_get_preview (self->dataset_group);
}

void
hl_config_panel_set_file (HlConfigPanel *self, GFile *file)
{
  g_autofree char *name = NULL, *text = NULL, *path = NULL;

  g_return_if_fail (HL_IS_CONFIG_PANEL (self));
  gtk_widget_set_visible (self->file_group, file != NULL);
  if (file == NULL)
    return;
  name = g_file_get_basename (file);
  path = g_file_get_parse_name (file);
  text = g_strdup_printf (_("Config file: %s"), name);
  gtk_label_set_text (self->file_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), path);
}

void
hl_config_panel_set_file_edited (HlConfigPanel *self, gboolean edited)
{
  g_autofree char *name = NULL, *text = NULL;
  const char *shown;

  g_return_if_fail (HL_IS_CONFIG_PANEL (self));
  shown = gtk_label_get_text (self->file_label);
  if (!gtk_widget_get_visible (self->file_group) || shown == NULL)
    return;
  /* "Config file: NAME" with or without the mark; the name is the tooltip's base */
  name = g_path_get_basename (gtk_widget_get_tooltip_text (GTK_WIDGET (self->file_label)));
  text = edited ? g_strdup_printf (_("Config file: %s (edited, not saved)"), name)
                : g_strdup_printf (_("Config file: %s"), name);
  gtk_label_set_text (self->file_label, text);
}

const char *
hl_config_panel_get_file_text (HlConfigPanel *self)
{
  g_return_val_if_fail (HL_IS_CONFIG_PANEL (self), NULL);
  return gtk_widget_get_visible (self->file_group) ? gtk_label_get_text (self->file_label) : NULL;
}

void
hl_config_panel_set_learning_rate (HlConfigPanel *self, double lr)
{
  g_return_if_fail (HL_IS_CONFIG_PANEL (self));
  hl_optimizer_group_set_learning_rate (self->optimizer_group, lr);
}

/* A schedule parameter that is itself a learning rate: "lr", "max_lr",
 * "min_lr" (the convention the plugin README states). */
static gboolean
is_rate_param (const char *name)
{
  return g_str_equal (name, "lr") || g_str_has_suffix (name, "_lr");
}

void
hl_config_panel_divide_learning_rates (HlConfigPanel *self, const HlConfig *from, double factor)
{
  g_return_if_fail (HL_IS_CONFIG_PANEL (self));
  g_return_if_fail (factor > 0);
  /* the schedule's own rates too: one-cycle's peak ignores the base rate,
   * so a retry with only that divided diverged exactly as before */
  if (g_strcmp0 (from->schedule.name, self->config->schedule.name) == 0)
    {
      const HlPluginDescriptor *desc = self->registry != NULL && from->schedule.name != NULL
        ? hl_plugin_registry_lookup (self->registry, HL_PLUGIN_KIND_SCHEDULE, from->schedule.name) : NULL;

      /* every rate the schedule has, also one left at its default (which a
       * config does not list: a default one-cycle peak was not divided) */
      for (guint i = 0; desc != NULL && i < desc->n_params; i++)
        {
          const HlParamSpec *spec = &desc->params[i];

          if (is_rate_param (spec->name))
            hl_params_set (self->config->schedule.params, spec->name,
                           hl_params_get (from->schedule.params, spec->name, spec->default_value) / factor);
        }
      hl_schedule_group_set_config (self->schedule_group, self->config);
    }
  hl_optimizer_group_set_learning_rate (self->optimizer_group, from->optimizer.learning_rate / factor);
}
