/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-model-group.c - the Model form group. */
#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-layer-row.h"
#include "hl-model-group.h"
#include "hl-format.h"

struct _HlModelGroup
{
  AdwPreferencesGroup parent_instance;

  /* template widgets */
  GtkWidget     *add_button;
  GtkLabel      *caption;
  GtkListBox    *layer_list;
  AdwComboRow   *init_row;

  /* borrowed */
  HlConfig      *config;

  /* owned */
  HlDatasetInfo  info;
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (HlModelGroup, hl_model_group, ADW_TYPE_PREFERENCES_GROUP)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void rebuild_layers (HlModelGroup *self, int expanded);

/* Whether the layers are within what the form shows and counts: a file
 * opened with its problems marked may hold any number of any size. */
static gboolean
model_within_limits (const HlConfig *config)
{
  const GArray *layers = config->model.layers;

  if (layers->len > HL_MAX_LAYERS)
    return FALSE;
  for (guint i = 0; i < layers->len; i++)
    if (g_array_index (layers, HlLayerConfig, i).units > HL_MAX_UNITS)
      return FALSE;
  return TRUE;
}

/* The caption under the title: the parameter count and shape, or while
 * the list of layers is marked (too many parameters, too many layers), its
 * problem in the error colour (as the group's description, it was not
 * marked at all: the list's mark showed nothing, and Train was refused
 * with no row marked; found by a review). */
static void
set_description (HlModelGroup *self, const char *text)
{
  hl_form_set_subtitle (GTK_WIDGET (self->layer_list), text);
}

static void
update_description (HlModelGroup *self)
{
  GArray *layers = self->config->model.layers;
  g_autoptr (GString) shape = g_string_new (NULL);
  g_autofree char *count = NULL, *text = NULL;

  /* a file's layers beyond the limits (10,000 of them, a billion units):
   * counted, the sum overflowed, and the shape ran to thousands of widths */
  if (!model_within_limits (self->config))
    {
      set_description (self, _("Parameter count known once the marked problems are fixed"));
      return;
    }
  if (!self->info.known)
    {
      set_description (self, _("Parameter count known once the dataset is loaded"));
      return;
    }
  /* No-break spaces: a line too narrow for the whole text breaks at the
   * "·", not inside the chain of widths. */
  g_string_append_printf (shape, "%u", self->info.n_features);
  for (guint i = 0; i < layers->len; i++)
    g_string_append_printf (shape, "\u00a0→\u00a0%u", g_array_index (layers, HlLayerConfig, i).units);
  g_string_append_printf (shape, "\u00a0→\u00a0%u", self->info.n_outputs);
  count = hl_format_count (hl_config_count_params (self->config, self->info.n_features,
                                                        self->info.n_outputs));
  /* TRANSLATORS: "1,219 trainable parameters · 2 → 16 → 16 → 3" */
  text = g_strdup_printf (_("%s trainable parameters · %s"), count, shape->str);
  set_description (self, text);
}

static void
emit_changed (HlModelGroup *self)
{
  update_description (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_layer_changed (HlLayerRow *row, HlModelGroup *self)
{
  guint i = hl_layer_row_get_index (row);

  if (i < self->config->model.layers->len)
    g_array_index (self->config->model.layers, HlLayerConfig, i) = *hl_layer_row_get_layer (row);
  emit_changed (self);
}

static void
on_layer_move (HlLayerRow *row, int delta, HlModelGroup *self)
{
  GArray *layers = self->config->model.layers;
  guint i = hl_layer_row_get_index (row);
  guint j = (guint) ((int) i + delta);
  HlLayerConfig tmp;

  if (j >= layers->len)
    return;
  tmp = g_array_index (layers, HlLayerConfig, i);
  g_array_index (layers, HlLayerConfig, i) = g_array_index (layers, HlLayerConfig, j);
  g_array_index (layers, HlLayerConfig, j) = tmp;
  rebuild_layers (self, adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)) ? (int) j : -1);
  /* the rows are new: focus goes with the layer moved (it fell to the first
   * row; found by a GUI review), so Move Up can be pressed again */
  {
    GtkListBoxRow *moved = gtk_list_box_get_row_at_index (self->layer_list, (int) j);
    if (moved != NULL)
      hl_layer_row_focus_move (HL_LAYER_ROW (moved), delta);
  }
  emit_changed (self);
}

static void
on_layer_remove (HlLayerRow *row, HlModelGroup *self)
{
  guint i = hl_layer_row_get_index (row);

  if (i < self->config->model.layers->len)
    g_array_remove_index (self->config->model.layers, i);
  rebuild_layers (self, -1);
  emit_changed (self);
}

static void
on_remove_extra (HlModelGroup *self)
{
  if (self->config->model.layers->len <= HL_MAX_LAYERS)
    return;
  g_array_set_size (self->config->model.layers, HL_MAX_LAYERS);
  rebuild_layers (self, -1);
  emit_changed (self);
}

/* The layers past HL_MAX_LAYERS in a file opened with its problems marked:
 * one row says how many and removes them (a row each froze the window at
 * 10,000 layers). */
static GtkWidget *
extra_layers_row (HlModelGroup *self, guint n)
{
  g_autofree char *title = g_strdup_printf (ngettext ("%u more hidden layer, not shown",
                                                      "%u more hidden layers, not shown", n), n);
  g_autofree char *tip = g_strdup_printf (_("Remove the hidden layers after the first %u"), HL_MAX_LAYERS);
  g_autofree char *limit = g_strdup_printf (_("Hyperlab builds at most %u hidden layers"), HL_MAX_LAYERS);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Remove"));
  GtkWidget *row;

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tip);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_remove_extra), self);
  row = hl_form_action_row_new (title, limit, button);
  gtk_widget_set_name (row, "extra-layers");
  /* the button alone: a click beside it dropped thousands of layers */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), NULL);
  gtk_widget_add_css_class (row, "error");   /* the problem itself, as a marked row */
  return row;
}

/* Rows are few: rebuilding keeps indices and config paths simple. */
static void
rebuild_layers (HlModelGroup *self, int expanded)
{
  GArray *layers = self->config->model.layers;
  GtkListBoxRow *child;
  guint shown = MIN (layers->len, HL_MAX_LAYERS);

  /* rows only: removing every child took the "No hidden layers" placeholder
   * too, and an empty list showed as a stray line (found by a GUI review) */
  while ((child = gtk_list_box_get_row_at_index (self->layer_list, 0)) != NULL)
    gtk_list_box_remove (self->layer_list, GTK_WIDGET (child));
  for (guint i = 0; i < shown; i++)
    {
      GtkWidget *row = hl_layer_row_new ();

      hl_layer_row_set_layer (HL_LAYER_ROW (row), i, shown,
                              &g_array_index (layers, HlLayerConfig, i));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), (int) i == expanded);
      g_signal_connect (row, "changed", G_CALLBACK (on_layer_changed), self);
      g_signal_connect (row, "move", G_CALLBACK (on_layer_move), self);
      g_signal_connect (row, "remove", G_CALLBACK (on_layer_remove), self);
      gtk_list_box_append (self->layer_list, row);
    }
  if (layers->len > shown)
    gtk_list_box_append (self->layer_list, extra_layers_row (self, layers->len - shown));
  gtk_widget_set_sensitive (self->add_button, layers->len < HL_MAX_LAYERS);
}

void
hl_model_group_add_layer (HlModelGroup *self)
{
  GArray *layers;
  HlLayerConfig last = { 16, HL_ACTIVATION_TANH, 0.0 };

  g_return_if_fail (HL_IS_MODEL_GROUP (self));
  layers = self->config->model.layers;
  if (layers->len >= HL_MAX_LAYERS)
    return;
  if (layers->len > 0)
    last = g_array_index (layers, HlLayerConfig, layers->len - 1);
  hl_config_add_layer (self->config, last.units, last.activation, last.dropout);
  rebuild_layers (self, (int) layers->len - 1);
  emit_changed (self);
}

static void
on_init_selected (HlModelGroup *self)
{
  guint sel = adw_combo_row_get_selected (self->init_row);

  if (self->updating || self->config == NULL || sel >= HL_N_INITS)
    return;
  self->config->model.init = (HlInit) sel;
  emit_changed (self);
}

static void
hl_model_group_class_init (HlModelGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hyperlab/Hyperlab/ui/hl-model-group.ui");
  gtk_widget_class_bind_template_child (widget_class, HlModelGroup, add_button);
  gtk_widget_class_bind_template_child (widget_class, HlModelGroup, caption);
  gtk_widget_class_bind_template_child (widget_class, HlModelGroup, layer_list);
  gtk_widget_class_bind_template_child (widget_class, HlModelGroup, init_row);
  gtk_widget_class_bind_template_callback (widget_class, hl_model_group_add_layer);
  gtk_widget_class_bind_template_callback (widget_class, on_init_selected);
}

static void
hl_model_group_init (HlModelGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hl_form_set_path (GTK_WIDGET (self->init_row), "model.init", FALSE);
  hl_form_set_label (self->add_button, _("Add hidden layer"));
  /* issues about the whole model (too many parameters, too many layers):
   * said in the caption above the list */
  hl_form_set_path (GTK_WIDGET (self->layer_list), "model.layers", FALSE);
  hl_form_set_message_label (GTK_WIDGET (self->layer_list), GTK_WIDGET (self->caption), _("Model"));
}

const char *
hl_model_group_get_caption (HlModelGroup *self)
{
  g_return_val_if_fail (HL_IS_MODEL_GROUP (self), NULL);
  return gtk_label_get_text (self->caption);
}

void
hl_model_group_set_config (HlModelGroup *self, HlConfig *config)
{
  g_return_if_fail (HL_IS_MODEL_GROUP (self));
  self->config = config;
  self->updating = TRUE;
  adw_combo_row_set_selected (self->init_row, config->model.init);
  self->updating = FALSE;
  rebuild_layers (self, -1);
  update_description (self);
}

void
hl_model_group_set_dataset_info (HlModelGroup *self, const HlDatasetInfo *info)
{
  g_return_if_fail (HL_IS_MODEL_GROUP (self));
  self->info = *info;
  if (self->config != NULL)
    update_description (self);
}
