/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-compare-table.c - the comparison table's content, without widgets
 * (counts are written with the application's formatter). */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-compare-table.h"
#include "hl-format.h"

struct _HlCompareTable {
  GPtrArray   *runs;      /* HlRun, borrowed */
  GPtrArray   *paths;     /* char *, owned, order of first appearance */
  GHashTable  *known;     /* path set */
  GPtrArray   *values;    /* per run: GHashTable path -> value string */
};

/* The figures people compare first come first. */
static const HlCompareResult results[] = {
  { "best_val_loss",      N_("Best val. loss"), -1 },
  { "test_accuracy",      N_("Test accuracy"), +1 },
  { "test_loss",          N_("Test loss"), -1 },
  /* how long a run took says nothing of how good it is: the shortest was
   * marked best, a 2 ms run whose learning rate of 3 went badly */
  { "steps",              N_("Steps"), 0 },
  { "seconds",            N_("Duration"), 0 },
  { "final_train_loss",   N_("Final train loss"), -1 },
  { "final_val_accuracy", N_("Final val. accuracy"), +1 },
};
enum { R_BEST_VAL, R_TEST_ACC, R_TEST_LOSS, R_STEPS, R_SECONDS, R_FINAL_TRAIN, R_FINAL_VAL_ACC };

/* Top-level fields that name or version the file rather than the training. */
static const char *const skipped[] = { "format", "version", "name", NULL };

static char *
scalar_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:  return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN: return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:   return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    /* the digits that read back exactly, with a "." in any locale: "%g"
     * made learning rates differing in the 7th digit look equal */
    case G_TYPE_DOUBLE:  return hl_format_double (json_node_get_double (node));
    default:             return json_to_string (node, FALSE);
    }
}

/* "16 tanh, 16 tanh (dropout 0.2)": one readable cell for the layer list. */
static char *
layers_string (JsonArray *layers)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      JsonNode *node = json_array_get_element (layers, i);
      JsonObject *layer;
      double dropout;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      layer = json_node_get_object (node);
      g_string_append_printf (s, "%s%" G_GINT64_FORMAT " %s", i ? ", " : "",
                              json_object_get_int_member_with_default (layer, "units", 0),
                              json_object_get_string_member_with_default (layer, "activation", "?"));
      dropout = json_object_get_double_member_with_default (layer, "dropout", 0.0);
      if (dropout > 0)
        {
          /* as every other number of the table: all its digits, a "." in
           * any locale ("%g" showed 0.1234567 and 0.1234568 alike, and the
           * layers as no difference) */
          g_autofree char *text = hl_format_double (dropout);
          g_string_append_printf (s, " (dropout %s)", text);
        }
    }
  return g_string_free (s, FALSE);
}

/* Where a path first met in a later run goes: after the last path under
 * its closest parent ("optimizer.params.weight_decay" after Adam's
 * "optimizer.params.amsgrad", "schedule.params.gamma" after
 * "schedule.name"), so the columns keep the config's order; they trailed
 * after "early_stopping", away from the fields they belong with. */
static guint
insert_position (GPtrArray *paths, const char *path)
{
  g_autofree char *parent = g_strdup (path);
  char *dot;

  while ((dot = strrchr (parent, '.')) != NULL)
    {
      dot[1] = '\0';   /* "optimizer.params." */
      for (guint i = paths->len; i-- > 0;)
        if (g_str_has_prefix (paths->pdata[i], parent))
          return i + 1;
      *dot = '\0';
    }
  return paths->len;
}

static void
add_value (HlCompareTable *self, GHashTable *values, const char *path, char *value)
{
  if (!g_hash_table_contains (self->known, path))
    {
      char *copy = g_strdup (path);
      g_ptr_array_insert (self->paths, (int) insert_position (self->paths, path), copy);
      g_hash_table_add (self->known, copy);
    }
  g_hash_table_replace (values, g_strdup (path), value);
}

static void
flatten (HlCompareTable *self, GHashTable *values, const char *prefix, JsonNode *node)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  if (g_strcmp0 (prefix, "model.layers") == 0 && JSON_NODE_HOLDS_ARRAY (node))
    {
      add_value (self, values, prefix, layers_string (json_node_get_array (node)));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      add_value (self, values, prefix,
                 JSON_NODE_HOLDS_ARRAY (node) ? json_to_string (node, FALSE) : scalar_string (node));
      return;
    }
  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *path = NULL;

      if (*prefix == '\0' && g_strv_contains (skipped, name))
        continue;
      path = *prefix ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
      flatten (self, values, path, json_object_get_member (obj, name));
    }
}

/* The parameters a plugin trained with, in its descriptor's order: the
 * config's value, else the default.  A file that wrote Adam's beta1 and one
 * that left it out showed 0.9 against "—", as if they differed.  A
 * parameter the plugin does not have stays out, so it reads "—" (not
 * applicable) next to another plugin's. */
static void
fill_params (GArray **params, HlPluginRegistry *registry, HlPluginKind kind, const char *id)
{
  const HlPluginDescriptor *desc = registry ? hl_plugin_registry_lookup (registry, kind, id) : NULL;
  GArray *used;

  if (desc == NULL)
    return;   /* unknown plugin: only what the file says */
  used = hl_params_new ();
  for (guint i = 0; i < desc->n_params; i++)
    hl_params_set (used, desc->params[i].name,
                   hl_params_get (*params, desc->params[i].name, desc->params[i].default_value));
  for (guint i = 0; *params != NULL && i < (*params)->len; i++)
    {
      const HlParam *p = &g_array_index (*params, HlParam, i);
      if (hl_plugin_find_param (desc, p->name) == NULL)
        hl_params_set (used, p->name, p->value);
    }
  g_clear_pointer (params, g_array_unref);
  *params = used;
}

static JsonNode *
config_as_used (const HlConfig *config, HlPluginRegistry *registry)
{
  g_autoptr(HlConfig) copy = hl_config_copy (config);

  fill_params (&copy->optimizer.params, registry, HL_PLUGIN_KIND_OPTIMIZER, copy->optimizer.name);
  fill_params (&copy->schedule.params, registry, HL_PLUGIN_KIND_SCHEDULE, copy->schedule.name);
  return hl_config_to_json (copy);
}

HlCompareTable *
hl_compare_table_new (GPtrArray *runs, HlPluginRegistry *registry)
{
  HlCompareTable *self = g_new0 (HlCompareTable, 1);

  self->runs = g_ptr_array_ref (runs);
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->known = g_hash_table_new (g_str_hash, g_str_equal);
  self->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; i < runs->len; i++)
    {
      const HlRun *run = runs->pdata[i];
      GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(JsonNode) root = run->config ? config_as_used (run->config, registry) : NULL;

      if (root != NULL)
        flatten (self, values, "", root);
      g_ptr_array_add (self->values, values);
    }
  return self;
}

void
hl_compare_table_free (HlCompareTable *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->values);
  g_hash_table_unref (self->known);
  g_ptr_array_unref (self->paths);
  g_ptr_array_unref (self->runs);
  g_free (self);
}

const char *
hl_compare_table_get_value (HlCompareTable *self, guint run, const char *path)
{
  const char *value;

  g_return_val_if_fail (run < self->values->len, "—");
  value = g_hash_table_lookup (self->values->pdata[run], path);
  return value ? value : "—";
}

static gboolean
path_differs (HlCompareTable *self, const char *path)
{
  for (guint i = 1; i < self->values->len; i++)
    if (strcmp (hl_compare_table_get_value (self, i, path), hl_compare_table_get_value (self, 0, path)) != 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
hl_compare_table_get_paths (HlCompareTable *self, gboolean only_differences)
{
  GPtrArray *paths = g_ptr_array_new ();

  for (guint i = 0; i < self->paths->len; i++)
    if (!only_differences || path_differs (self, self->paths->pdata[i]))
      g_ptr_array_add (paths, self->paths->pdata[i]);
  return paths;
}

guint
hl_compare_results_n (void)
{
  return G_N_ELEMENTS (results);
}

const HlCompareResult *
hl_compare_results_get (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (results), NULL);
  return &results[index];
}

double
hl_compare_result_value (const HlRun *run, guint result)
{
  const HlSummary *s = &run->summary;

  switch (result)
    {
    case R_BEST_VAL:      return s->best_val_loss;
    case R_TEST_ACC:      return s->test_accuracy;
    case R_TEST_LOSS:     return s->test_loss;
    case R_STEPS:         return (double) s->steps;
    case R_SECONDS:       return s->seconds;
    case R_FINAL_TRAIN:   return s->final_train_loss;
    case R_FINAL_VAL_ACC: return s->final_val_accuracy;
    default: return NAN;
    }
}

char *
hl_compare_result_format (const HlRun *run, guint result)
{
  double v = hl_compare_result_value (run, result);

  if (!isfinite (v))
    return g_strdup ("—");
  /* "1,300" as the training view and the forms write counts (it was "1300") */
  if (result == R_STEPS)
    return hl_format_count ((guint64) v);
  if (result == R_SECONDS)
    return hl_format_duration (v);
  /* accuracies as percentages, as the training view and the CLI show them */
  if (result == R_TEST_ACC || result == R_FINAL_VAL_ACC)
    return hl_format_percent (v);
  /* significant digits: losses of 5e-6 and 1.5e-6 both read 0.0000, and
   * the one marked best looked picked at random */
  return hl_format_loss (v);
}

const char *
hl_compare_run_status_label (const HlRun *run)
{
  /* the Runs page's words (hl-run-list-columns.c) */
  if (hl_run_was_pruned (run->status, run->summary.stop_reason))
    return _("Pruned");
  return hl_run_status_to_label (run->status);
}

/* Whether the runs' losses are in the same units: trained on one dataset
 * (kind and file) with the same target column. */
static gboolean
same_data (HlCompareTable *self)
{
  const HlDatasetConfig *first = NULL;

  for (guint i = 0; i < self->runs->len; i++)
    {
      const HlRun *run = self->runs->pdata[i];
      const HlDatasetConfig *d = run->config != NULL ? &run->config->dataset : NULL;

      if (d == NULL)
        return FALSE;
      if (first == NULL)
        first = d;
      else if (g_strcmp0 (d->kind, first->kind) != 0 || g_strcmp0 (d->path, first->path) != 0
               || g_strcmp0 (d->target, first->target) != 0
               || g_strcmp0 (d->train_images, first->train_images) != 0)
        return FALSE;
    }
  return TRUE;
}

int
hl_compare_table_best_run (HlCompareTable *self, guint result)
{
  int best = -1;
  double best_value = NAN;

  if (result >= G_N_ELEMENTS (results) || results[result].better == 0)
    return -1;
  /* a regression's loss is in its target's units: a fit of values near
   * 1e-6 was marked best beside house prices (found by a QA pass) */
  if (results[result].better < 0 && !same_data (self))
    return -1;
  for (guint i = 0; i < self->runs->len; i++)
    {
      double v = hl_compare_result_value (self->runs->pdata[i], result);
      if (!isfinite (v))
        continue;
      if (best < 0 || (results[result].better < 0 ? v < best_value : v > best_value))
        {
          best = (int) i;
          best_value = v;
        }
    }
  return best;
}

static void
append_csv_field (GString *out, const char *field, gboolean first)
{
  if (!first)
    g_string_append_c (out, ',');
  hl_csv_append_field (out, field);
}

char *
hl_compare_table_to_csv (HlCompareTable *self, GPtrArray *paths)
{
  GString *out = g_string_new (NULL);

  append_csv_field (out, "id", TRUE);
  append_csv_field (out, "name", FALSE);
  append_csv_field (out, "status", FALSE);
  append_csv_field (out, "pruned", FALSE);
  for (guint p = 0; p < paths->len; p++)
    append_csv_field (out, paths->pdata[p], FALSE);
  for (guint r = 0; r < G_N_ELEMENTS (results); r++)
    append_csv_field (out, results[r].key, FALSE);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < self->runs->len; i++)
    {
      const HlRun *run = self->runs->pdata[i];
      append_csv_field (out, run->id, TRUE);
      append_csv_field (out, run->config && run->config->name ? run->config->name : "", FALSE);
      /* the id, not the words: a pruned trial is early_stopped, with
       * pruned true, as `runs --json` writes it */
      append_csv_field (out, hl_run_status_to_string (run->status), FALSE);
      append_csv_field (out, hl_run_was_pruned (run->status, run->summary.stop_reason) ? "true" : "false",
                        FALSE);
      for (guint p = 0; p < paths->len; p++)
        {
          /* a missing value is an empty cell, not the table's dash */
          const char *value = hl_compare_table_get_value (self, i, paths->pdata[p]);
          append_csv_field (out, g_str_equal (value, "—") ? "" : value, FALSE);
        }
      for (guint r = 0; r < G_N_ELEMENTS (results); r++)
        {
          double v = hl_compare_result_value (run, r);
          g_autofree char *num = isfinite (v) ? hl_format_double (v) : g_strdup ("");
          append_csv_field (out, num, FALSE);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
