/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-vary.c - the sweep dialog's "Vary" rows: one switchable row per
 * setting a sweep can try (a log, integer or plain range, or a list of
 * values), each turned into its entry of the sweep's "space". */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-sweep-dialog-private.h"

#define LOG_STEP 0.25

static void
vary_free (gpointer p)
{
  HlVary *v = p;

  g_free (v->path);
  g_free (v->title);
  g_free (v->brief);
  g_free (v);
}

gboolean
hl_vary_enabled (const HlVary *vary)
{
  return adw_expander_row_get_enable_expansion (vary->row);
}

static GtkSpinButton *
add_spin_row (HlVary *v, const char *title, double lo, double hi, double step, guint digits,
              double value, GCallback changed, gpointer data)
{
  g_autofree char *label = g_strdup_printf ("%s: %s", v->title, title);
  GtkWidget *spin = hl_form_spin_new (lo, hi, step, digits, label);
  GtkWidget *row;

  if (v->kind == HL_VARY_LOG)
    hl_form_spin_set_log_scale (GTK_SPIN_BUTTON (spin), lo, hi, LOG_STEP);
  else if (v->kind == HL_VARY_UNIFORM)
    hl_form_spin_set_compact (GTK_SPIN_BUTTON (spin));
  hl_form_spin_set_real (GTK_SPIN_BUTTON (spin), value);
  g_signal_connect_swapped (spin, "value-changed", changed, data);
  row = hl_form_action_row_new (title, NULL, spin);
  hl_form_set_label (spin, label);
  adw_expander_row_add_row (v->row, row);
  return GTK_SPIN_BUTTON (spin);
}

/* now: the form's value, as the row's subtitle says it. */
static HlVary *
vary_new (GPtrArray *varies, AdwPreferencesGroup *group, const char *path, const char *title,
          const char *brief, HlVaryKind kind, const char *now, GCallback changed, gpointer data)
{
  HlVary *v = g_new0 (HlVary, 1);
  g_autofree char *subtitle = g_strdup_printf (_("Now %s"), now);

  v->path = g_strdup (path);
  v->title = g_strdup (title);
  v->brief = g_strdup (brief);
  v->kind = kind;
  v->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (v->row), title);
  adw_expander_row_set_subtitle (v->row, subtitle);
  adw_expander_row_set_show_enable_switch (v->row, TRUE);
  adw_expander_row_set_enable_expansion (v->row, FALSE);
  hl_form_set_path (GTK_WIDGET (v->row), path, FALSE);
  g_signal_connect_swapped (v->row, "notify::enable-expansion", changed, data);
  adw_preferences_group_add (group, GTK_WIDGET (v->row));
  g_ptr_array_add (varies, v);
  return v;
}

static void
add_range (GPtrArray *varies, AdwPreferencesGroup *group, const char *path, const char *title,
           const char *brief, HlVaryKind kind, double now, double lo, double hi,
           GCallback changed, gpointer data)
{
  g_autofree char *shown = hl_format_double (now);
  HlVary *v = vary_new (varies, group, path, title, brief, kind, shown, changed, data);
  /* the spins' limits: what a config may hold, widened to show the defaults */
  double min = kind == HL_VARY_LOG ? MIN (1e-10, lo) : 0;
  double max = kind == HL_VARY_LOG ? MAX (100, hi) : kind == HL_VARY_INT ? HL_MAX_UNITS : 0.95;
  double step = kind == HL_VARY_INT ? 1 : 0.05;
  guint digits = kind == HL_VARY_INT ? 0 : 2;

  if (kind == HL_VARY_INT)
    min = 1;
  v->low = add_spin_row (v, _("Low"), min, max, step, digits, lo, changed, data);
  v->high = add_spin_row (v, _("High"), min, max, step, digits, hi, changed, data);
}

static void
add_values (GPtrArray *varies, AdwPreferencesGroup *group, const char *path, const char *title,
            const char *brief, const char *now, const char *values, const char *values_title,
            GCallback changed, gpointer data)
{
  HlVary *v = vary_new (varies, group, path, title, brief, HL_VARY_VALUES, now, changed, data);
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), values_title);
  gtk_editable_set_text (GTK_EDITABLE (entry), values);
  g_signal_connect_swapped (entry, "changed", changed, data);
  adw_expander_row_add_row (v->row, entry);
  v->values = GTK_EDITABLE (entry);
}

GPtrArray *
hl_vary_rows_new (AdwPreferencesGroup *group, const HlConfig *base, GCallback changed, gpointer data)
{
  GPtrArray *varies = g_ptr_array_new_with_free_func (vary_free);
  double lr = base->optimizer.learning_rate, l2 = base->training.l2;
  g_autofree char *batch = base->training.batch_size == HL_BATCH_ALL
                           ? g_strdup (_("all")) : g_strdup_printf ("%u", base->training.batch_size);

  /* a form with problems opens the dialog too (to continue an unfinished
   * sweep): a rate of 0 made a log range of 0 .. 0 */
  const gboolean lr_ok = lr > 0 && lr < G_MAXFLOAT;

  add_range (varies, group, "optimizer.learning_rate", _("Learning Rate"), _("lr"), HL_VARY_LOG,
             lr, lr_ok ? lr / 10 : 1e-3, lr_ok ? lr * 10 : 1e-1, changed, data);
  add_values (varies, group, "training.batch_size", _("Batch Size"), _("batch"), batch,
              "16, 32, 64, 128", _("Sizes (whole numbers or “all”)"), changed, data);
  for (guint i = 0; i < base->model.layers->len; i++)
    {
      const HlLayerConfig *l = &g_array_index (base->model.layers, HlLayerConfig, i);
      g_autofree char *path = g_strdup_printf ("model.layers[%u].units", i);
      g_autofree char *title = g_strdup_printf (_("Units of Layer %u"), i + 1);
      g_autofree char *brief = g_strdup_printf (_("layer %u units"), i + 1);

      add_range (varies, group, path, title, brief, HL_VARY_INT, l->units,
                 MAX (1u, l->units / 2), MIN (HL_MAX_UNITS, l->units * 2), changed, data);
    }
  for (guint i = 0; i < base->model.layers->len; i++)
    {
      const HlLayerConfig *l = &g_array_index (base->model.layers, HlLayerConfig, i);
      g_autofree char *path = g_strdup_printf ("model.layers[%u].dropout", i);
      g_autofree char *title = g_strdup_printf (_("Dropout of Layer %u"), i + 1);
      g_autofree char *brief = g_strdup_printf (_("layer %u dropout"), i + 1);

      add_range (varies, group, path, title, brief, HL_VARY_UNIFORM, l->dropout, 0, 0.5, changed, data);
    }
  add_range (varies, group, "training.l2", _("L2 Penalty"), _("L2"), HL_VARY_LOG, l2,
             l2 > 0 ? l2 / 10 : 1e-5, l2 > 0 ? l2 * 10 : 1e-2, changed, data);
  return varies;
}

/* "16, 32 all" as JSON values: whole numbers from 1, or "all". */
static JsonNode *
values_to_json (const HlVary *v, char **error)
{
  g_auto (GStrv) words = g_regex_split_simple ("[\\s,;]+", gtk_editable_get_text (v->values), 0, 0);
  g_autoptr (JsonArray) list = json_array_new ();
  JsonNode *node;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint64 n;

      if (*words[i] == '\0')
        continue;
      if (g_ascii_strcasecmp (words[i], "all") == 0)
        json_array_add_string_element (list, "all");
      else if (g_ascii_string_to_unsigned (words[i], 10, 1, G_MAXINT32, &n, NULL))
        json_array_add_int_element (list, (gint64) n);
      else
        {
          *error = g_strdup_printf (_("%s: “%s” is not a whole number from 1 or “all”"), v->title, words[i]);
          return NULL;
        }
    }
  if (json_array_get_length (list) == 0)
    {
      *error = g_strdup_printf (_("%s: list at least one value"), v->title);
      return NULL;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, json_object_new ());
  json_object_set_array_member (json_node_get_object (node), "values", json_array_ref (list));
  return node;
}

JsonNode *
hl_vary_to_json (const HlVary *v, guint points, char **error)
{
  static const char *const kinds[] = { "log_uniform", "int_uniform", "uniform" };
  JsonArray *range;
  JsonObject *o;
  JsonNode *node;

  if (v->kind == HL_VARY_VALUES)
    return values_to_json (v, error);
  range = json_array_new ();
  if (v->kind == HL_VARY_INT)
    {
      json_array_add_int_element (range, (gint64) gtk_spin_button_get_value (v->low));
      json_array_add_int_element (range, (gint64) gtk_spin_button_get_value (v->high));
    }
  else
    {
      json_array_add_double_element (range, hl_form_spin_get_real (v->low));
      json_array_add_double_element (range, hl_form_spin_get_real (v->high));
    }
  o = json_object_new ();
  json_object_set_array_member (o, kinds[v->kind], range);
  if (points > 0)
    json_object_set_int_member (o, "points", points);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  return node;
}

static const HlVary *
find_vary (GPtrArray *varies, const char *path, gsize len)
{
  for (guint i = 0; i < varies->len; i++)
    {
      const HlVary *v = varies->pdata[i];
      if (strlen (v->path) == len && strncmp (v->path, path, len) == 0)
        return v;
    }
  return NULL;
}

char *
hl_vary_describe (GPtrArray *varies, char **sets)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      const char *eq = strchr (sets[i], '=');
      const HlVary *v = eq ? find_vary (varies, sets[i], (gsize) (eq - sets[i])) : NULL;
      g_autofree char *value = g_strdup (eq ? eq + 1 : "");

      /* a string value is written as JSON: "all" in quotes */
      if (value[0] == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
        {
          memmove (value, value + 1, strlen (value) - 2);
          value[strlen (value) - 2] = '\0';
        }
      if (i > 0)
        g_string_append (text, ", ");
      if (v != NULL)
        g_string_append_printf (text, "%s %s", v->brief, value);
      else
        g_string_append (text, sets[i]);
    }
  return g_string_free (text, FALSE);
}

/* An engine message about "space.<path>…" with the row's title (the
 * path is the sweep file's, in any language). */
static char *
reword_field (GPtrArray *varies, const char *message)
{
  const char *colon = strstr (message, ": ");

  if (!g_str_has_prefix (message, "space."))
    return g_strdup (message);
  for (guint i = 0; colon != NULL && i < varies->len; i++)
    {
      const HlVary *v = varies->pdata[i];
      const char *rest = message + strlen ("space.");

      if (g_str_has_prefix (rest, v->path) && (rest[strlen (v->path)] == '.' || rest[strlen (v->path)] == ':'))
        return g_strdup_printf ("%s: %s", v->title, colon + 2);
    }
  return g_strdup (message);
}

GError *
hl_vary_reword (GPtrArray *varies, const GError *error, const HlSweepProblem *problem)
{
  g_autofree char *text = NULL;

  if (problem != NULL && problem->n_trials > 0)
    text = g_strdup_printf (_("The grid has %.0f trials, more than the %d a sweep may have: take fewer points "
                              "per range or vary fewer settings"), problem->n_trials, HL_SWEEP_MAX_TRIALS);
  else if (problem != NULL && problem->trial > 0)
    {
      /* "Trial 3 (layer 1 units 9043, …): rest", as the rows name what it set */
      g_autofree char *described = hl_vary_describe (varies, problem->sets);

      text = g_strdup_printf (_("Trial %u (%s): %s"), problem->trial, described, problem->reason);
    }
  else
    text = reword_field (varies, error->message);
  return g_error_new_literal (error->domain, error->code, text);
}
