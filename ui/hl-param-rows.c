/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-param-rows.c - form rows generated from a plugin's HlParamSpec list. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hyperlab.h"
#include "hl-form-util.h"
#include "hl-param-rows.h"

/* Quarter decades: four clicks move a value by a factor of ten. */
#define LOG_STEP 0.25

typedef struct {
  char              *name;
  HlParamChangedFunc changed;
  gpointer           user_data;
} ParamBinding;

static void
param_binding_free (gpointer data)
{
  ParamBinding *b = data;

  g_free (b->name);
  g_free (b);
}

const char *
hl_param_spec_label (const HlPluginDescriptor *desc, const HlParamSpec *spec)
{
  return hl_plugin_translate (desc, spec->label ? spec->label : spec->name);
}

const char *
hl_plugin_label (const HlPluginDescriptor *desc)
{
  return hl_plugin_translate (desc, desc->label ? desc->label : desc->id);
}

static void
on_spin_changed (GtkSpinButton *spin, ParamBinding *b)
{
  b->changed (b->name, hl_form_spin_get_real (spin), b->user_data);
}

static void
on_switch_active (GtkSwitch *sw, GParamSpec *pspec, ParamBinding *b)
{
  b->changed (b->name, gtk_switch_get_active (sw) ? 1.0 : 0.0, b->user_data);
}

/* A linear step of about 1/100 of the range, rounded to a power of ten. */
static void
linear_step (const HlParamSpec *spec, double *step, guint *digits)
{
  double range = spec->max - spec->min;
  double p = range > 0 && isfinite (range) ? floor (log10 (range / 100.0)) : -2;

  p = CLAMP (p, -6, 6);
  *step = pow (10.0, p);
  *digits = p < 0 ? (guint) -p : 0;
}

static GtkWidget *
build_value_widget (const HlPluginDescriptor *desc, const HlParamSpec *spec, double value,
                    ParamBinding *b)
{
  const char *label = hl_param_spec_label (desc, spec);
  GtkWidget *w;

  if (spec->flags & HL_PARAM_FLAG_BOOLEAN)
    {
      w = gtk_switch_new ();
      gtk_widget_set_valign (w, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (w), value != 0);
      g_signal_connect (w, "notify::active", G_CALLBACK (on_switch_active), b);
      hl_form_set_label (w, label);
      return w;
    }
  if (spec->flags & HL_PARAM_FLAG_INTEGER)
    w = hl_form_spin_new (spec->min, spec->max, 1, 0, label);
  else if ((spec->flags & HL_PARAM_FLAG_LOG_SCALE) && spec->min > 0)
    {
      w = hl_form_spin_new (spec->min, spec->max, 1, 6, label);
      hl_form_spin_set_log_scale (GTK_SPIN_BUTTON (w), spec->min, spec->max, LOG_STEP);
    }
  else
    {
      double step;
      guint digits;

      linear_step (spec, &step, &digits);
      w = hl_form_spin_new (spec->min, spec->max, step, digits, label);
      hl_form_spin_set_compact (GTK_SPIN_BUTTON (w));
    }
  gtk_editable_set_width_chars (GTK_EDITABLE (w), 9);
  hl_form_spin_set_real (GTK_SPIN_BUTTON (w), value);
  g_signal_connect (w, "value-changed", G_CALLBACK (on_spin_changed), b);
  return w;
}

GPtrArray *
hl_param_rows_build (const HlPluginDescriptor *desc,
                     const GArray             *values,
                     const char               *path_prefix,
                     HlParamChangedFunc        changed,
                     gpointer                  user_data)
{
  GPtrArray *rows = g_ptr_array_new ();

  g_return_val_if_fail (desc != NULL, rows);
  for (guint i = 0; i < desc->n_params; i++)
    {
      const HlParamSpec *spec = &desc->params[i];
      double value = values ? hl_params_get (values, spec->name, spec->default_value)
                            : spec->default_value;
      ParamBinding *b = g_new0 (ParamBinding, 1);
      g_autofree char *path = g_strdup_printf ("%s.%s", path_prefix, spec->name);
      GtkWidget *w, *row;

      b->name = g_strdup (spec->name);
      b->changed = changed;
      b->user_data = user_data;
      w = build_value_widget (desc, spec, value, b);
      row = hl_form_action_row_new (hl_param_spec_label (desc, spec),
                                    hl_plugin_translate (desc, spec->description), w);
      g_object_set_data_full (G_OBJECT (row), "hl-param-binding", b, param_binding_free);
      hl_form_set_path (row, path, FALSE);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* ---- plugin picker ------------------------------------------------------ */

struct _HlPluginPicker
{
  /* borrowed */
  AdwComboRow      *combo;
  AdwExpanderRow   *expander;
  HlPluginRegistry *registry;
  char            **name;
  GArray           *params;

  /* owned */
  HlPluginKind      kind;
  char             *path_prefix;
  GPtrArray        *ids;        /* plugin ids in combo order */
  GPtrArray        *rows;       /* rows now inside the expander */
  gulong            handler;
  gboolean          updating;
  void            (*changed) (gpointer user_data);
  gpointer          user_data;
};

static void
on_param_changed (const char *name, double value, gpointer user_data)
{
  HlPluginPicker *self = user_data;

  if (self->params == NULL)
    return;
  hl_params_set (self->params, name, value);
  self->changed (self->user_data);
}

static void
rebuild_rows (HlPluginPicker *self)
{
  const HlPluginDescriptor *desc = hl_plugin_picker_get_descriptor (self);
  g_autofree char *prefix = g_strdup_printf ("%s.params", self->path_prefix);

  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_remove (self->expander, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (desc == NULL || desc->n_params == 0)
    {
      hl_form_set_subtitle (GTK_WIDGET (self->expander),
                            desc ? _("No settings") : _("Plugin not available"));
      adw_expander_row_set_enable_expansion (self->expander, FALSE);
      /* words only: a Tab stop here did nothing (found by a keyboard review) */
      gtk_widget_set_can_focus (GTK_WIDGET (self->expander), FALSE);
      return;
    }
  g_ptr_array_extend_and_steal (self->rows,
                                hl_param_rows_build (desc, self->params, prefix,
                                                     on_param_changed, self));
  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_add_row (self->expander, g_ptr_array_index (self->rows, i));
  hl_form_set_subtitle (GTK_WIDGET (self->expander),
                        hl_plugin_translate (desc, desc->description));
  adw_expander_row_set_enable_expansion (self->expander, TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (self->expander), TRUE);
}

static void
on_combo_selected (AdwComboRow *combo, GParamSpec *pspec, HlPluginPicker *self)
{
  guint sel = adw_combo_row_get_selected (combo);

  if (self->updating || self->name == NULL || sel >= self->ids->len)
    return;
  if (g_strcmp0 (*self->name, g_ptr_array_index (self->ids, sel)) == 0)
    return;
  g_free (*self->name);
  *self->name = g_strdup (g_ptr_array_index (self->ids, sel));
  hl_params_clear (self->params);   /* the old plugin's settings mean nothing here */
  rebuild_rows (self);
  self->changed (self->user_data);
}

HlPluginPicker *
hl_plugin_picker_new (AdwComboRow *combo, AdwExpanderRow *expander, HlPluginKind kind,
                      const char *path_prefix, void (*changed) (gpointer), gpointer user_data)
{
  HlPluginPicker *self = g_new0 (HlPluginPicker, 1);
  g_autofree char *name_path = g_strdup_printf ("%s.name", path_prefix);
  g_autofree char *params_path = g_strdup_printf ("%s.params", path_prefix);

  self->combo = combo;
  self->expander = expander;
  self->kind = kind;
  self->path_prefix = g_strdup (path_prefix);
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_ptr_array_new ();
  self->changed = changed;
  self->user_data = user_data;
  self->handler = g_signal_connect (combo, "notify::selected", G_CALLBACK (on_combo_selected), self);
  hl_form_set_path (GTK_WIDGET (combo), name_path, FALSE);
  hl_form_set_path (GTK_WIDGET (expander), params_path, TRUE);
  return self;
}

void
hl_plugin_picker_free (HlPluginPicker *self)
{
  if (self == NULL)
    return;
  g_clear_signal_handler (&self->handler, self->combo);
  g_ptr_array_unref (self->ids);
  g_ptr_array_unref (self->rows);
  g_free (self->path_prefix);
  g_free (self);
}

/* One plugin as the combo lists it. */
typedef struct {
  const HlPluginDescriptor *desc;
  char                     *key;   /* collation key of the label shown */
} ComboEntry;

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const ComboEntry *x = a, *y = b;
  int c = strcmp (x->key, y->key);

  /* two plugins may share a label: the id keeps the order stable */
  return c != 0 ? c : strcmp (x->desc->id, y->desc->id);
}

/* The registry's plugins in the order the user reads them: by the label
 * shown, in the user's language and collation (by id, "momentum" put
 * "SGD with momentum" between AdamW and Nesterov).  Only the order shown
 * changes: configs keep the id. */
static GArray *
sorted_entries (HlPluginPicker *self)
{
  g_autoptr (GPtrArray) list = hl_plugin_registry_list (self->registry, self->kind);
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (ComboEntry));

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      ComboEntry e = { g_ptr_array_index (list, i), NULL };

      e.key = g_utf8_collate_key (hl_plugin_label (e.desc), -1);
      g_array_append_val (entries, e);
    }
  g_array_sort (entries, compare_entries);
  return entries;
}

static void
fill_combo (HlPluginPicker *self)
{
  GArray *entries = sorted_entries (self);
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  gboolean found = FALSE;
  guint selected = 0;

  g_ptr_array_set_size (self->ids, 0);
  for (guint i = 0; i < entries->len; i++)
    {
      ComboEntry *e = &g_array_index (entries, ComboEntry, i);

      g_ptr_array_add (self->ids, g_strdup (e->desc->id));
      gtk_string_list_append (model, hl_plugin_label (e->desc));
      if (self->name && g_strcmp0 (*self->name, e->desc->id) == 0)
        selected = i, found = TRUE;
      g_free (e->key);
    }
  g_array_unref (entries);
  if (!found && self->name && *self->name)
    {
      /* keep a missing plugin visible so the validator's message has a row */
      g_autofree char *label = g_strdup_printf (_("%s (not installed)"), *self->name);

      selected = self->ids->len;
      g_ptr_array_add (self->ids, g_strdup (*self->name));
      gtk_string_list_append (model, label);
    }
  self->updating = TRUE;
  adw_combo_row_set_model (self->combo, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->combo, selected);
  self->updating = FALSE;
}

void
hl_plugin_picker_set_registry (HlPluginPicker *self, HlPluginRegistry *registry)
{
  self->registry = registry;
  if (self->name != NULL)
    hl_plugin_picker_bind (self, self->name, self->params);
}

void
hl_plugin_picker_bind (HlPluginPicker *self, char **name, GArray *params)
{
  self->name = name;
  self->params = params;
  if (self->registry == NULL)
    return;
  fill_combo (self);
  rebuild_rows (self);
}

const HlPluginDescriptor *
hl_plugin_picker_get_descriptor (HlPluginPicker *self)
{
  if (self->registry == NULL || self->name == NULL || *self->name == NULL)
    return NULL;
  return hl_plugin_registry_lookup (self->registry, self->kind, *self->name);
}
