/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-write.c - HlConfig -> JSON: the complete resolved config. */
#include <math.h>
#include "hl-config.h"
#include "hl-config-private.h"

/* Kind-specific fields are written for their kind (defaults included); a
 * field of another kind only when set, so nothing is lost on a round trip. */
static void
dataset_optional_string (JsonObject *o, const char *name, const char *value, gboolean relevant)
{
  if (relevant || value)
    hl_json_set_string (o, name, value);
}

static JsonObject *
dataset_to_object (const HlDatasetConfig *d)
{
  JsonObject *o = json_object_new ();
  gboolean toy = hl_dataset_kind_is_toy (d->kind);
  gboolean csv = g_strcmp0 (d->kind, "csv") == 0;
  gboolean idx = g_strcmp0 (d->kind, "idx") == 0;
  gboolean multi = g_strcmp0 (d->kind, "spiral") == 0 || g_strcmp0 (d->kind, "gaussians") == 0;

  hl_json_set_string (o, "kind", d->kind);
  if (toy || d->samples != 600)
    json_object_set_int_member (o, "samples", d->samples);
  if (toy || d->noise != 0.1)
    json_object_set_double_member (o, "noise", d->noise);
  if (multi || d->classes != 3)
    json_object_set_int_member (o, "classes", d->classes);
  dataset_optional_string (o, "path", d->path, csv);
  if (csv || g_strcmp0 (d->target, "target") != 0)
    hl_json_set_string (o, "target", d->target);
  if (csv || d->task != HL_TASK_CLASSIFICATION)
    json_object_set_string_member (o, "task", hl_task_to_string (d->task));
  dataset_optional_string (o, "train_images", d->train_images, idx);
  dataset_optional_string (o, "train_labels", d->train_labels, idx);
  dataset_optional_string (o, "test_images", d->test_images, idx);
  dataset_optional_string (o, "test_labels", d->test_labels, idx);
  json_object_set_double_member (o, "validation_split", d->validation_split);
  json_object_set_double_member (o, "test_split", d->test_split);
  json_object_set_int_member (o, "limit", d->limit);
  return o;
}

static JsonObject *
model_to_object (const HlModelConfig *m)
{
  JsonObject *o = json_object_new ();
  JsonArray *layers = json_array_new ();

  for (guint i = 0; i < m->layers->len; i++)
    {
      const HlLayerConfig *l = &g_array_index (m->layers, HlLayerConfig, i);
      JsonObject *lo = json_object_new ();

      json_object_set_int_member (lo, "units", l->units);
      json_object_set_string_member (lo, "activation", hl_activation_to_string (l->activation));
      json_object_set_double_member (lo, "dropout", l->dropout);
      json_array_add_object_element (layers, lo);
    }
  json_object_set_array_member (o, "layers", layers);
  json_object_set_string_member (o, "init", hl_init_to_string (m->init));
  return o;
}

static JsonObject *
training_to_object (const HlTrainingConfig *t)
{
  JsonObject *o = json_object_new ();

  if (t->batch_size == HL_BATCH_ALL)
    json_object_set_string_member (o, "batch_size", "all");
  else
    json_object_set_int_member (o, "batch_size", t->batch_size);
  json_object_set_int_member (o, "epochs", t->epochs);
  json_object_set_double_member (o, "l2", t->l2);
  json_object_set_int_member (o, "validate_every_steps", t->validate_every_steps);
  json_object_set_int_member (o, "threads", t->threads);
  json_object_set_int_member (o, "log_every_steps", t->log_every_steps);
  return o;
}

static JsonObject *
early_stopping_to_object (const HlEarlyStoppingConfig *e)
{
  JsonObject *o = json_object_new ();

  json_object_set_boolean_member (o, "enabled", e->enabled);
  hl_json_set_string (o, "monitor", e->monitor);
  json_object_set_int_member (o, "patience_steps", e->patience_steps);
  json_object_set_double_member (o, "min_delta", e->min_delta);
  json_object_set_boolean_member (o, "stop_on_nan", e->stop_on_nan);
  json_object_set_boolean_member (o, "restore_best", e->restore_best);
  return o;
}

JsonNode *
hl_config_to_json (const HlConfig *self)
{
  JsonObject *o, *opt, *sched;
  JsonNode *root;

  g_return_val_if_fail (self != NULL, NULL);
  o = json_object_new ();
  json_object_set_string_member (o, "format", HL_CONFIG_FORMAT);
  json_object_set_int_member (o, "version", HL_CONFIG_VERSION);
  hl_json_set_string (o, "name", self->name);
  /* JSON integers are signed 64-bit; validation keeps seeds below 2^63. */
  json_object_set_int_member (o, "seed", (gint64) self->seed);
  json_object_set_object_member (o, "dataset", dataset_to_object (&self->dataset));
  json_object_set_object_member (o, "model", model_to_object (&self->model));

  opt = json_object_new ();
  hl_json_set_string (opt, "name", self->optimizer.name);
  json_object_set_double_member (opt, "learning_rate", self->optimizer.learning_rate);
  json_object_set_object_member (opt, "params", hl_json_params_object (self->optimizer.params));
  json_object_set_object_member (o, "optimizer", opt);

  sched = json_object_new ();
  hl_json_set_string (sched, "name", self->schedule.name);
  json_object_set_object_member (sched, "params", hl_json_params_object (self->schedule.params));
  json_object_set_object_member (o, "schedule", sched);

  json_object_set_object_member (o, "training", training_to_object (&self->training));
  json_object_set_object_member (o, "early_stopping", early_stopping_to_object (&self->early_stopping));

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, o);
  return root;
}

char *
hl_config_to_data (const HlConfig *self, gsize *length)
{
  g_autoptr(JsonNode) root = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  root = hl_config_to_json (self);
  out = g_string_sized_new (1024);
  hl_json_write_node (out, root, 0);
  g_string_append_c (out, '\n');
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
hl_config_save (const HlConfig *self, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  data = hl_config_to_data (self, &len);
  if (!hl_file_save_atomic (path, data, len, HL_CONFIG_ERROR, HL_CONFIG_ERROR_IO, error))
    return FALSE;
  return TRUE;
}
