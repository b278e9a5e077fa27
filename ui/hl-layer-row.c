/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-layer-row.c - one hidden layer in the model editor. */
#include <glib/gi18n.h>
#include "hyperlab.h"
#include "hl-form-util.h"
#include "hl-layer-row.h"

struct _HlLayerRow
{
  AdwExpanderRow  parent_instance;

  /* template widgets */
  GtkWidget      *up_button;
  GtkWidget      *down_button;
  GtkWidget      *remove_button;
  GtkWidget      *units_row;
  GtkSpinButton  *units_spin;
  AdwComboRow    *activation_row;
  GtkWidget      *dropout_row;
  GtkSpinButton  *dropout_spin;

  /* owned */
  HlLayerConfig   layer;
  guint           index;
  gboolean        updating;   /* set while the row shows a new layer: no signals */
};

G_DEFINE_FINAL_TYPE (HlLayerRow, hl_layer_row, ADW_TYPE_EXPANDER_ROW)

enum { CHANGED, MOVE, REMOVE, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
activation_label (HlActivation a)
{
  switch (a)
    {
    case HL_ACTIVATION_RELU: return _("ReLU");
    case HL_ACTIVATION_LEAKY_RELU: return _("Leaky ReLU");
    case HL_ACTIVATION_TANH: return _("tanh");
    case HL_ACTIVATION_SIGMOID: return _("Sigmoid");
    case HL_ACTIVATION_GELU: return _("GELU");
    case HL_ACTIVATION_LINEAR: return _("Linear");
    default: return "?";
    }
}

static void
update_titles (HlLayerRow *self)
{
  g_autofree char *title = g_strdup_printf (_("Hidden Layer %u"), self->index + 1);
  g_autofree char *subtitle = NULL;

  if (self->layer.dropout > 0)
    subtitle = g_strdup_printf (ngettext ("%u unit · %s · dropout %.2f",
                                          "%u units · %s · dropout %.2f", self->layer.units),
                                self->layer.units, activation_label (self->layer.activation),
                                self->layer.dropout);
  else
    subtitle = g_strdup_printf (ngettext ("%u unit · %s", "%u units · %s", self->layer.units),
                                self->layer.units, activation_label (self->layer.activation));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  hl_form_set_subtitle (GTK_WIDGET (self), subtitle);
}

static void
emit_changed (HlLayerRow *self)
{
  if (self->updating)
    return;
  update_titles (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_units_changed (HlLayerRow *self)
{
  self->layer.units = (guint) hl_form_spin_get_real (self->units_spin);
  emit_changed (self);
}

static void
on_activation_changed (HlLayerRow *self)
{
  guint sel = adw_combo_row_get_selected (self->activation_row);

  if (sel < HL_N_ACTIVATIONS)
    self->layer.activation = (HlActivation) sel;
  emit_changed (self);
}

static void
on_dropout_changed (HlLayerRow *self)
{
  self->layer.dropout = hl_form_spin_get_real (self->dropout_spin);
  emit_changed (self);
}

static void
on_up_clicked (HlLayerRow *self)
{
  g_signal_emit (self, signals[MOVE], 0, -1);
}

static void
on_down_clicked (HlLayerRow *self)
{
  g_signal_emit (self, signals[MOVE], 0, 1);
}

static void
on_remove_clicked (HlLayerRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
hl_layer_row_class_init (HlLayerRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MOVE] = g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hyperlab/Hyperlab/ui/hl-layer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HlLayerRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, HlLayerRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, HlLayerRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, HlLayerRow, units_row);
  gtk_widget_class_bind_template_child (widget_class, HlLayerRow, units_spin);
  gtk_widget_class_bind_template_child (widget_class, HlLayerRow, activation_row);
  gtk_widget_class_bind_template_child (widget_class, HlLayerRow, dropout_row);
  gtk_widget_class_bind_template_child (widget_class, HlLayerRow, dropout_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_units_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activation_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_dropout_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_up_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_down_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

static void
hl_layer_row_init (HlLayerRow *self)
{
  self->layer.units = 16;
  self->layer.activation = HL_ACTIVATION_TANH;
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  hl_form_spins_keep_on_bad_input (GTK_WIDGET (self));
  hl_form_set_label (GTK_WIDGET (self->units_spin), _("Units"));
  hl_form_set_label (GTK_WIDGET (self->dropout_spin), _("Dropout"));
  hl_form_set_label (self->up_button, _("Move Up"));
  hl_form_set_label (self->down_button, _("Move Down"));
  hl_form_set_label (self->remove_button, _("Remove Layer"));
  self->updating = FALSE;
}

GtkWidget *
hl_layer_row_new (void)
{
  return g_object_new (HL_TYPE_LAYER_ROW, NULL);
}

void
hl_layer_row_set_layer (HlLayerRow *self, guint index, guint n_layers, const HlLayerConfig *layer)
{
  g_autofree char *base = g_strdup_printf ("model.layers[%u]", index);
  g_autofree char *units = g_strconcat (base, ".units", NULL);
  g_autofree char *act = g_strconcat (base, ".activation", NULL);
  g_autofree char *drop = g_strconcat (base, ".dropout", NULL);

  g_return_if_fail (HL_IS_LAYER_ROW (self));
  self->updating = TRUE;
  self->index = index;
  self->layer = *layer;
  hl_form_spin_set_real (self->units_spin, layer->units);
  adw_combo_row_set_selected (self->activation_row, layer->activation);
  hl_form_spin_set_real (self->dropout_spin, layer->dropout);
  gtk_widget_set_sensitive (self->up_button, index > 0);
  gtk_widget_set_sensitive (self->down_button, index + 1 < n_layers);
  hl_form_set_path (GTK_WIDGET (self), base, TRUE);
  hl_form_set_path (self->units_row, units, FALSE);
  hl_form_set_path (GTK_WIDGET (self->activation_row), act, FALSE);
  hl_form_set_path (self->dropout_row, drop, FALSE);
  update_titles (self);
  self->updating = FALSE;
}

const HlLayerConfig *
hl_layer_row_get_layer (HlLayerRow *self)
{
  g_return_val_if_fail (HL_IS_LAYER_ROW (self), NULL);
  return &self->layer;
}

guint
hl_layer_row_get_index (HlLayerRow *self)
{
  g_return_val_if_fail (HL_IS_LAYER_ROW (self), 0);
  return self->index;
}

void
hl_layer_row_focus_move (HlLayerRow *self, int delta)
{
  GtkWidget *button = delta < 0 ? self->up_button : self->down_button;

  g_return_if_fail (HL_IS_LAYER_ROW (self));
  if (gtk_widget_get_sensitive (button) && gtk_widget_grab_focus (button))
    return;
  /* moved to the end (or the top), its Move button is off: the row's
   * first stop, its header.  Grabbing the expander row itself took no
   * focus, which stayed on the rebuilt list's first row or the form's
   * first control (found moving a layer down by keyboard). */
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}
