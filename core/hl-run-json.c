/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-json.c - run records as JSON (*.run.json) and metrics as CSV.
 * Metric arrays are written straight into a GString: a store holds
 * thousands of runs of thousands of points. */
#include <math.h>
#include <string.h>
#include "hl-run.h"
#include "hl-run-private.h"
#include "hl-config-private.h"

static const char *const metric_names[] = {
  "step", "epoch", "lr", "train_loss", "val_loss", "val_accuracy", NULL
};

/* ---- writing ---- */

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) full = NULL;

  if (dt == NULL)
    return NULL;
  full = g_date_time_add (dt, usec % G_USEC_PER_SEC);
  return g_date_time_format (full, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
set_time (JsonObject *o, const char *name, gint64 usec)
{
  g_autofree char *s = usec > 0 ? format_time (usec) : NULL;

  if (s)
    json_object_set_string_member (o, name, s);
  else
    json_object_set_null_member (o, name);
}

static JsonObject *
plugin_to_object (const HlRunPlugin *p)
{
  JsonObject *o = json_object_new ();

  hl_json_set_string (o, "id", p->id);
  hl_json_set_string (o, "version", p->version);
  json_object_set_object_member (o, "params", hl_json_params_object (p->params));
  return o;
}

/* {"classes": [names…], "counts": [[row], …]}, a row per true class. */
static JsonObject *
confusion_to_object (const HlConfusion *c)
{
  JsonObject *o = json_object_new ();
  JsonArray *classes = json_array_sized_new (c->n_classes);
  JsonArray *counts = json_array_sized_new (c->n_classes);

  for (guint t = 0; t < c->n_classes; t++)
    {
      JsonArray *row = json_array_sized_new (c->n_classes);

      json_array_add_string_element (classes, c->class_names[t]);
      for (guint p = 0; p < c->n_classes; p++)
        json_array_add_int_element (row, (gint64) c->counts[(gsize) t * c->n_classes + p]);
      json_array_add_array_element (counts, row);
    }
  json_object_set_array_member (o, "classes", classes);
  json_object_set_array_member (o, "counts", counts);
  return o;
}

static JsonObject *
summary_to_object (const HlSummary *s)
{
  JsonObject *o = json_object_new ();

  hl_json_set_double (o, "best_val_loss", s->best_val_loss);
  json_object_set_int_member (o, "best_step", (gint64) s->best_step);
  hl_json_set_double (o, "test_loss", s->test_loss);
  hl_json_set_double (o, "test_accuracy", s->test_accuracy);
  hl_json_set_double (o, "final_train_loss", s->final_train_loss);
  hl_json_set_double (o, "final_val_loss", s->final_val_loss);
  hl_json_set_double (o, "final_val_accuracy", s->final_val_accuracy);
  json_object_set_int_member (o, "steps", (gint64) s->steps);
  hl_json_set_double (o, "epochs", s->epochs);
  hl_json_set_double (o, "seconds", s->seconds);
  hl_json_set_double (o, "samples_per_second", s->samples_per_second);
  hl_json_set_string (o, "stop_reason", s->stop_reason);
  json_object_set_boolean_member (o, "overfitting", s->overfitting);
  json_object_set_int_member (o, "overfitting_step", (gint64) s->overfitting_step);
  json_object_set_int_member (o, "diverged_step", (gint64) s->diverged_step);
  hl_json_set_double (o, "diverged_lr", s->diverged_lr);
  json_object_set_int_member (o, "n_parameters", (gint64) s->n_parameters);
  if (s->n_classes > 0)
    json_object_set_int_member (o, "classes", (gint64) s->n_classes);
  if (s->test_confusion != NULL)
    json_object_set_object_member (o, "test_confusion", confusion_to_object (s->test_confusion));
  return o;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Sorted by file, so that one run is always written the same way. */
static JsonObject *
data_files_to_object (GHashTable *files)
{
  JsonObject *o = json_object_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    json_object_set_string_member (o, names->pdata[i], g_hash_table_lookup (files, names->pdata[i]));
  return o;
}

/* Everything but the metrics. */
static JsonObject *
header_to_object (const HlRun *self)
{
  JsonObject *o = json_object_new ();
  JsonObject *plugins = json_object_new ();

  json_object_set_string_member (o, "format", HL_RUN_FORMAT);
  json_object_set_int_member (o, "version", HL_RUN_VERSION);
  hl_json_set_string (o, "id", self->id);
  hl_json_set_string (o, "name", self->config ? self->config->name : NULL);
  json_object_set_string_member (o, "status", hl_run_status_to_string (self->status));
  set_time (o, "created", self->created);
  set_time (o, "finished", self->finished);
  set_time (o, "updated", self->updated);
  hl_json_set_string (o, "dataset_description", self->dataset_description);
  hl_json_set_string (o, "group", self->group);
  if (self->data_files != NULL && g_hash_table_size (self->data_files) > 0)
    json_object_set_object_member (o, "data_files", data_files_to_object (self->data_files));
  if (self->config)
    json_object_set_member (o, "config", hl_config_to_json (self->config));
  json_object_set_object_member (plugins, "optimizer", plugin_to_object (&self->optimizer));
  json_object_set_object_member (plugins, "schedule", plugin_to_object (&self->schedule));
  json_object_set_object_member (o, "plugins", plugins);
  json_object_set_object_member (o, "summary", summary_to_object (&self->summary));
  return o;
}

static JsonArray *
doubles_to_array (const GArray *a)
{
  JsonArray *arr = json_array_sized_new (a->len);

  for (guint i = 0; i < a->len; i++)
    {
      double v = g_array_index (a, double, i);

      if (isfinite (v))
        json_array_add_double_element (arr, v);
      else
        json_array_add_null_element (arr);
    }
  return arr;
}

JsonNode *
hl_run_to_json (const HlRun *self)
{
  JsonObject *o, *m;
  JsonArray *steps;
  JsonNode *root;

  g_return_val_if_fail (self != NULL, NULL);
  o = header_to_object (self);
  m = json_object_new ();
  steps = json_array_sized_new (self->metrics.step->len);
  for (guint i = 0; i < self->metrics.step->len; i++)
    json_array_add_int_element (steps, (gint64) g_array_index (self->metrics.step, guint64, i));
  json_object_set_array_member (m, "step", steps);
  for (guint k = 1; metric_names[k]; k++)
    json_object_set_array_member (m, metric_names[k],
                                  doubles_to_array (hl_metrics_get (&self->metrics, metric_names[k])));
  json_object_set_object_member (o, "metrics", m);
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, o);
  return root;
}

static void
write_metrics (GString *out, const HlMetrics *m)
{
  g_string_append (out, "  \"metrics\": {\n    \"step\": [");
  for (guint i = 0; i < m->step->len; i++)
    {
      char buf[24];
      int n = g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, g_array_index (m->step, guint64, i));

      if (i)
        g_string_append_len (out, ", ", 2);
      g_string_append_len (out, buf, n);
    }
  g_string_append (out, "]");
  for (guint k = 1; metric_names[k]; k++)
    {
      const GArray *a = hl_metrics_get (m, metric_names[k]);

      g_string_append_printf (out, ",\n    \"%s\": [", metric_names[k]);
      for (guint i = 0; i < a->len; i++)
        {
          double v = g_array_index (a, double, i);

          if (i)
            g_string_append (out, ", ");
          if (isfinite (v))
            hl_string_append_double (out, v);
          else
            g_string_append (out, "null");
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "\n  }");
}

char *
hl_run_to_data (const HlRun *self, gsize *length)
{
  g_autoptr(JsonObject) o = NULL;
  GString *out;
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  o = header_to_object (self);
  out = g_string_sized_new (4096 + hl_metrics_len (&self->metrics) * 6 * 20);
  g_string_append_c (out, '{');
  names = json_object_get_members (o);   /* insertion order */
  for (GList *l = names; l; l = l->next)
    {
      g_string_append (out, "\n  ");
      hl_json_write_string (out, l->data);
      g_string_append (out, ": ");
      hl_json_write_node (out, json_object_get_member (o, l->data), 1);
      g_string_append_c (out, ',');
    }
  g_string_append_c (out, '\n');
  write_metrics (out, &self->metrics);
  g_string_append (out, "\n}\n");
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
hl_run_save (HlRun *self, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  self->updated = g_get_real_time ();
  data = hl_run_to_data (self, &len);
  if (!hl_file_save_atomic (path, data, len, HL_RUN_ERROR, HL_RUN_ERROR_IO, error))
    return FALSE;
  if (g_strcmp0 (self->path, path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  return TRUE;
}

/* ---- CSV ---- */

/* The digits the run record has (shortest that read back exactly), so the
 * CSV and the record never disagree; an empty cell for no value. */
static void
csv_double (GString *out, double v)
{
  g_string_append_c (out, ',');
  if (isfinite (v))
    hl_string_append_double (out, v);
}

char *
hl_run_metrics_to_csv (const HlRun *self)
{
  const HlMetrics *m;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  m = &self->metrics;
  out = g_string_new ("step,epoch,lr,train_loss,val_loss,val_accuracy\n");
  for (guint i = 0; i < hl_metrics_len (m); i++)
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_array_index (m->step, guint64, i));
      csv_double (out, g_array_index (m->epoch, double, i));
      csv_double (out, g_array_index (m->lr, double, i));
      csv_double (out, g_array_index (m->train_loss, double, i));
      csv_double (out, g_array_index (m->val_loss, double, i));
      csv_double (out, g_array_index (m->val_accuracy, double, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
