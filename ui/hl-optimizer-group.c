/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-optimizer-group.c - the Optimizer form group. */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-param-rows.h"
#include "hl-optimizer-group.h"

struct _HlOptimizerGroup
{
  AdwPreferencesGroup parent_instance;

  /* template widgets */
  AdwEntryRow    *lr_row;
  GtkWidget      *lr_find_button;
  GtkWidget      *lr_presets_button;
  AdwComboRow    *optimizer_row;
  AdwExpanderRow *params_row;

  /* borrowed */
  HlConfig       *config;

  /* owned */
  HlPluginPicker *picker;
  char           *bad_lr_text;   /* the text when it is not a number */
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (HlOptimizerGroup, hl_optimizer_group, ADW_TYPE_PREFERENCES_GROUP)

enum { CHANGED, FIND_LEARNING_RATE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
emit_changed (gpointer user_data)
{
  g_signal_emit (user_data, signals[CHANGED], 0);
}

static void
show_learning_rate (HlOptimizerGroup *self, double lr)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  self->updating = TRUE;
  g_ascii_formatd (buf, sizeof buf, "%g", lr);
  gtk_editable_set_text (GTK_EDITABLE (self->lr_row), buf);
  self->updating = FALSE;
}

/* Text that is not a number becomes NAN, which the validator reports with
 * its usual message on this row.  Read as the spins beside it read theirs
 * ("0,001" too). */
static void
on_lr_changed (HlOptimizerGroup *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->lr_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  double v = NAN;

  if (self->updating || self->config == NULL)
    return;
  g_clear_pointer (&self->bad_lr_text, g_free);
  if (!hl_form_parse_number (trimmed, &v))
    {
      v = NAN;
      self->bad_lr_text = g_strdup (text);
    }
  self->config->optimizer.learning_rate = v;
  emit_changed (self);
}

const char *
hl_optimizer_group_get_bad_lr_text (HlOptimizerGroup *self)
{
  g_return_val_if_fail (HL_IS_OPTIMIZER_GROUP (self), NULL);
  return self->bad_lr_text;
}

void
hl_optimizer_group_set_learning_rate (HlOptimizerGroup *self, double lr)
{
  g_return_if_fail (HL_IS_OPTIMIZER_GROUP (self));
  show_learning_rate (self, lr);
  g_clear_pointer (&self->bad_lr_text, g_free);
  if (self->config == NULL)
    return;
  self->config->optimizer.learning_rate = lr;
  emit_changed (self);
}

static void
lr_preset_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  hl_optimizer_group_set_learning_rate (HL_OPTIMIZER_GROUP (widget),
                                        g_ascii_strtod (g_variant_get_string (param, NULL), NULL));
}

static void
find_lr_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_signal_emit (widget, signals[FIND_LEARNING_RATE], 0);
}

void
hl_optimizer_group_set_find_blocked (HlOptimizerGroup *self, const char *why)
{
  g_return_if_fail (HL_IS_OPTIMIZER_GROUP (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "optimizer.find-lr", why == NULL);
  gtk_widget_set_tooltip_text (self->lr_find_button,
                               why != NULL ? why : _("Find a good rate: a short test run with the rate rising "
                                                     "step by step, watching the loss"));
}

static void
hl_optimizer_group_dispose (GObject *object)
{
  HlOptimizerGroup *self = HL_OPTIMIZER_GROUP (object);

  g_clear_pointer (&self->picker, hl_plugin_picker_free);
  g_clear_pointer (&self->bad_lr_text, g_free);
  G_OBJECT_CLASS (hl_optimizer_group_parent_class)->dispose (object);
}

static void
hl_optimizer_group_class_init (HlOptimizerGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_optimizer_group_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FIND_LEARNING_RATE] = g_signal_new ("find-learning-rate", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hyperlab/Hyperlab/ui/hl-optimizer-group.ui");
  gtk_widget_class_bind_template_child (widget_class, HlOptimizerGroup, lr_row);
  gtk_widget_class_bind_template_child (widget_class, HlOptimizerGroup, lr_find_button);
  gtk_widget_class_bind_template_child (widget_class, HlOptimizerGroup, lr_presets_button);
  gtk_widget_class_bind_template_child (widget_class, HlOptimizerGroup, optimizer_row);
  gtk_widget_class_bind_template_child (widget_class, HlOptimizerGroup, params_row);
  gtk_widget_class_bind_template_callback (widget_class, on_lr_changed);
  /* the presets carry their value as a string so "0.0001" stays exact */
  gtk_widget_class_install_action (widget_class, "optimizer.lr-preset", "s", lr_preset_activated);
  gtk_widget_class_install_action (widget_class, "optimizer.find-lr", NULL, find_lr_activated);
}

static void
hl_optimizer_group_init (HlOptimizerGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->picker = hl_plugin_picker_new (self->optimizer_row, self->params_row,
                                       HL_PLUGIN_KIND_OPTIMIZER, "optimizer", emit_changed, self);
  hl_form_set_path (GTK_WIDGET (self->lr_row), "optimizer.learning_rate", FALSE);
  hl_form_set_label (self->lr_presets_button, _("Learning rate presets"));
  hl_form_set_label (self->lr_find_button, _("Find a learning rate"));
  hl_optimizer_group_set_find_blocked (self, NULL);
}

void
hl_optimizer_group_set_registry (HlOptimizerGroup *self, HlPluginRegistry *registry)
{
  g_return_if_fail (HL_IS_OPTIMIZER_GROUP (self));
  hl_plugin_picker_set_registry (self->picker, registry);
}

void
hl_optimizer_group_set_config (HlOptimizerGroup *self, HlConfig *config)
{
  g_return_if_fail (HL_IS_OPTIMIZER_GROUP (self));
  self->config = config;
  g_clear_pointer (&self->bad_lr_text, g_free);
  show_learning_rate (self, config->optimizer.learning_rate);
  hl_plugin_picker_bind (self->picker, &config->optimizer.name, config->optimizer.params);
}
