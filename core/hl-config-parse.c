/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-parse.c - JSON -> HlConfig: known fields, types, versions.
 * Ranges and consistency are checked afterwards by hl-config-check.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include "hl-config.h"
#include "hl-config-private.h"
#include "hl-run.h"
#include "hl-sweep.h"

#define ERR(code, ...) g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_##code, __VA_ARGS__)

static char *
join (const char *path, const char *name)
{
  return *path ? g_strdup_printf ("%s.%s", path, name) : g_strdup (name);
}

static gboolean
check_fields (JsonObject *o, const char *path, const char *const *known, GError **error)
{
  JsonObjectIter it;
  const char *name;

  json_object_iter_init (&it, o);
  while (json_object_iter_next (&it, &name, NULL))
    {
      const char *hint;
      g_autofree char *p = NULL;
      g_autofree char *list = NULL;

      if (g_strv_contains (known, name))
        continue;
      p = join (path, name);
      hint = hl_closest_string (name, known);
      if (hint)
        /* TRANSLATORS: a field path, then the closest known field name */
        ERR (UNKNOWN_FIELD, _("%s: unknown field; did you mean “%s”?"), p, hint);
      else
        {
          list = g_strjoinv (", ", (char **) known);
          /* TRANSLATORS: a field path, then the known field names */
          ERR (UNKNOWN_FIELD, _("%s: unknown field (known fields: %s)"), p, list);
        }
      return FALSE;
    }
  return TRUE;
}

static gboolean
type_error (JsonNode *node, const char *path, const char *name, const char *expected, GError **error)
{
  g_autofree char *p = join (path, name);
  g_autofree char *got = hl_json_describe (node);

  /* TRANSLATORS: a field path, what it takes (such as "a number"), then the value given */
  ERR (TYPE, _("%s: expected %s (got %s)"), p, _(expected), got);
  return FALSE;
}

/* Whole numbers may be written 64 or 64.0 or 6.4e1. */
static gboolean
node_get_integer (JsonNode *n, double *out)
{
  double v;

  if (!hl_json_is_number (n))
    return FALSE;
  v = json_node_get_value_type (n) == G_TYPE_INT64 ? (double) json_node_get_int (n)
                                                   : json_node_get_double (n);
  if (v != floor (v) || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* A value the struct cannot hold (a negative count): the parse fails with
 * local, or, where later collects problems (hyperlab-cli validate), local
 * joins them and the parse goes on, so that the other problems are listed
 * too (it stopped at the first such value; found by a QA pass). */
static gboolean
unstorable (GPtrArray *later, const char *path, const char *name, GError *local, GError **error)
{
  g_autofree char *p = join (path, name);

  if (later == NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  hl_config_issue_add_error (later, p, local);
  return TRUE;
}

/* min is the field's least valid value, said for a negative one ("must be
 * >= 0" stood over a later "must be >= 10" for dataset.samples); values
 * from 0 to below it are storable and left to hl-config-check.c, which
 * reports them with every other problem.  An unstorable value collected in
 * later leaves the field at least min (its default, or min itself). */
static gboolean
read_uint (JsonObject *o, const char *path, const char *name, guint min, guint *out, GPtrArray *later,
           GError **error)
{
  JsonNode *n = json_object_get_member (o, name);
  GError *local = NULL;
  double v;

  if (n == NULL)
    return TRUE;
  if (!node_get_integer (n, &v))
    return type_error (n, path, name, min > 0 ? N_("a positive integer") : N_("a non-negative integer"), error);
  if (v >= 0 && v <= G_MAXUINT)
    {
      *out = (guint) v;
      return TRUE;
    }
  {
    g_autofree char *p = join (path, name);

    if (v < 0)
      /* TRANSLATORS: a field path, then the least value and the value given */
      local = g_error_new (HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE, _("%s: must be >= %u (got %.0f)"), p, min, v);
    else
      /* TRANSLATORS: a field path, then the value given and the largest allowed */
      local = g_error_new (HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT, _("%s: too large (got %.0f; at most %u)"),
                           p, v, G_MAXUINT);
  }
  *out = MAX (*out, min);
  return unstorable (later, path, name, local, error);
}

static gboolean
read_double (JsonObject *o, const char *path, const char *name, double *out, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL)
    return TRUE;
  if (!hl_json_is_number (n))
    return type_error (n, path, name, N_("a number"), error);
  *out = json_node_get_double (n);
  return TRUE;
}

static gboolean
read_bool (JsonObject *o, const char *path, const char *name, gboolean *out, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return type_error (n, path, name, N_("true or false"), error);
  *out = json_node_get_boolean (n);
  return TRUE;
}

/* Strings may be null (= unset) where the field is optional. */
static gboolean
read_string (JsonObject *o, const char *path, const char *name, char **out, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (n))
    {
      g_clear_pointer (out, g_free);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return type_error (n, path, name, N_("a string"), error);
  g_free (*out);
  *out = g_strdup (json_node_get_string (n));
  return TRUE;
}

/* An optional sub-object; *out stays NULL when absent. */
static gboolean
read_object (JsonObject *o, const char *path, const char *name, JsonObject **out, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);

  *out = NULL;
  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return type_error (n, path, name, N_("an object"), error);
  *out = json_node_get_object (n);
  return TRUE;
}

static gboolean
unknown_value (const char *path, const char *what, const char *value,
               const char *const *known, GError **error)
{
  const char *hint = hl_closest_string (value, known);
  g_autofree char *list = g_strjoinv (", ", (char **) known);

  if (hint)
    /* TRANSLATORS: a field path, what it names (such as "activation"), the value given, the closest known one */
    ERR (RANGE, _("%s: unknown %s “%s”; did you mean “%s”?"), path, _(what), value, hint);
  else
    /* TRANSLATORS: a field path, what it names (such as "activation"), the value given, the known values */
    ERR (RANGE, _("%s: unknown %s “%s” (expected one of %s)"), path, _(what), value, list);
  return FALSE;
}

static gboolean
read_enum_string (JsonObject *o, const char *path, const char *name, const char **out, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);

  *out = NULL;
  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return type_error (n, path, name, N_("a string"), error);
  *out = json_node_get_string (n);
  return TRUE;
}

static gboolean
parse_params (JsonObject *o, const char *path, GArray *params, GError **error)
{
  JsonObject *p;
  JsonObjectIter it;
  const char *name;
  JsonNode *n;
  g_autofree char *ppath = join (path, "params");

  if (!read_object (o, path, "params", &p, error))
    return FALSE;
  if (p == NULL)
    return TRUE;
  hl_params_clear (params);
  json_object_iter_init (&it, p);
  while (json_object_iter_next (&it, &name, &n))
    {
      GType t = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;

      if (t == G_TYPE_BOOLEAN)   /* boolean hyperparameters (amsgrad) travel as 0/1 */
        hl_params_set (params, name, json_node_get_boolean (n) ? 1.0 : 0.0);
      else if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE)
        hl_params_set (params, name, json_node_get_double (n));
      else
        return type_error (n, ppath, name, N_("a number"), error);
    }
  return TRUE;
}

static gboolean
parse_dataset (JsonObject *o, HlDatasetConfig *d, GPtrArray *later, GError **error)
{
  static const char *const known[] = {
    "kind", "samples", "noise", "classes", "path", "target", "task", "train_images",
    "train_labels", "test_images", "test_labels", "validation_split", "test_split",
    "limit", NULL
  };
  static const char *const tasks[] = { "classification", "regression", NULL };
  const char *task = NULL;

  if (!check_fields (o, "dataset", known, error))
    return FALSE;
  if (!json_object_has_member (o, "kind"))
    {
      ERR (MISSING, _("dataset.kind: missing (for example \"spiral\", \"csv\" or \"fashion-mnist\")"));
      return FALSE;
    }
  if (!read_string (o, "dataset", "kind", &d->kind, error)
      || !read_uint (o, "dataset", "samples", HL_MIN_SAMPLES, &d->samples, later, error)
      || !read_double (o, "dataset", "noise", &d->noise, error)
      || !read_uint (o, "dataset", "classes", HL_MIN_CLASSES, &d->classes, later, error)
      || !read_string (o, "dataset", "path", &d->path, error)
      || !read_string (o, "dataset", "target", &d->target, error)
      || !read_enum_string (o, "dataset", "task", &task, error)
      || !read_string (o, "dataset", "train_images", &d->train_images, error)
      || !read_string (o, "dataset", "train_labels", &d->train_labels, error)
      || !read_string (o, "dataset", "test_images", &d->test_images, error)
      || !read_string (o, "dataset", "test_labels", &d->test_labels, error)
      || !read_double (o, "dataset", "validation_split", &d->validation_split, error)
      || !read_double (o, "dataset", "test_split", &d->test_split, error)
      || !read_uint (o, "dataset", "limit", 0, &d->limit, later, error))
    return FALSE;
  if (task && !hl_task_from_string (task, &d->task))
    return unknown_value ("dataset.task", N_("task"), task, tasks, error);
  return TRUE;
}

static gboolean
parse_layer (JsonNode *n, guint i, HlLayerConfig *l, GPtrArray *later, GError **error)
{
  static const char *const known[] = { "units", "activation", "dropout", NULL };
  g_autofree char *path = g_strdup_printf ("model.layers[%u]", i);
  g_autofree char *apath = g_strdup_printf ("model.layers[%u].activation", i);
  const char *act = NULL;
  JsonObject *o;

  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      g_autofree char *got = hl_json_describe (n);
      /* TRANSLATORS: a field path, then the value given */
      ERR (TYPE, _("%s: expected an object like {\"units\": 16, \"activation\": \"relu\"} (got %s)"), path, got);
      return FALSE;
    }
  o = json_node_get_object (n);
  *l = (HlLayerConfig) { 0, HL_ACTIVATION_RELU, 0.0 };
  if (!check_fields (o, path, known, error))
    return FALSE;
  if (!json_object_has_member (o, "units"))
    {
      /* TRANSLATORS: %s.units is a field path */
      ERR (MISSING, _("%s.units: missing"), path);
      return FALSE;
    }
  if (!read_uint (o, path, "units", 1, &l->units, later, error)
      || !read_enum_string (o, path, "activation", &act, error)
      || !read_double (o, path, "dropout", &l->dropout, error))
    return FALSE;
  if (act && !hl_activation_from_string (act, &l->activation))
    return unknown_value (apath, N_("activation"), act, hl_activation_names (), error);
  return TRUE;
}

static gboolean
parse_model (JsonObject *o, HlModelConfig *m, GPtrArray *later, GError **error)
{
  static const char *const known[] = { "layers", "init", NULL };
  JsonNode *layers = json_object_get_member (o, "layers");
  const char *init = NULL;

  if (!check_fields (o, "model", known, error)
      || !read_enum_string (o, "model", "init", &init, error))
    return FALSE;
  if (init && !hl_init_from_string (init, &m->init))
    return unknown_value ("model.init", N_("initialisation"), init, hl_init_names (), error);
  if (layers == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (layers))
    return type_error (layers, "model", "layers", N_("an array of layers"), error);
  g_array_set_size (m->layers, 0);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (layers)); i++)
    {
      HlLayerConfig l;

      if (!parse_layer (json_array_get_element (json_node_get_array (layers), i), i, &l, later, error))
        return FALSE;
      g_array_append_val (m->layers, l);
    }
  return TRUE;
}

static gboolean
parse_optimizer (JsonObject *o, HlOptimizerConfig *opt, GPtrArray *later, GError **error)
{
  (void) later;
  static const char *const known[] = { "name", "learning_rate", "params", NULL };

  return check_fields (o, "optimizer", known, error)
      && read_string (o, "optimizer", "name", &opt->name, error)
      && read_double (o, "optimizer", "learning_rate", &opt->learning_rate, error)
      && parse_params (o, "optimizer", opt->params, error);
}

static gboolean
parse_schedule (JsonObject *o, HlScheduleConfig *s, GPtrArray *later, GError **error)
{
  (void) later;
  static const char *const known[] = { "name", "params", NULL };

  return check_fields (o, "schedule", known, error)
      && read_string (o, "schedule", "name", &s->name, error)
      && parse_params (o, "schedule", s->params, error);
}

static gboolean
parse_batch_size (JsonObject *o, guint *out, GPtrArray *later, GError **error)
{
  JsonNode *n = json_object_get_member (o, "batch_size");
  double v;

  if (n == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
      && g_str_equal (json_node_get_string (n), "all"))
    {
      *out = HL_BATCH_ALL;
      return TRUE;
    }
  if (!node_get_integer (n, &v))
    return type_error (n, "training", "batch_size", N_("a positive integer or \"all\""), error);
  if (v < 1)
    return unstorable (later, "training", "batch_size",
                       g_error_new (HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE,
                                    _("training.batch_size: must be >= 1 or \"all\" (got %.0f)"), v),
                       error);
  /* Larger than any training set means all of it: beyond what a guint
   * holds, recorded as "all" (it was saved as 4294967295, a number nobody
   * gave; found by a QA pass). */
  *out = v > G_MAXUINT ? HL_BATCH_ALL : (guint) v;
  return TRUE;
}

static gboolean
parse_training (JsonObject *o, HlTrainingConfig *t, GPtrArray *later, GError **error)
{
  static const char *const known[] = {
    "batch_size", "epochs", "l2", "validate_every_steps", "threads", "log_every_steps", NULL
  };

  return check_fields (o, "training", known, error)
      && parse_batch_size (o, &t->batch_size, later, error)
      && read_uint (o, "training", "epochs", 1, &t->epochs, later, error)
      && read_double (o, "training", "l2", &t->l2, error)
      && read_uint (o, "training", "validate_every_steps", 1, &t->validate_every_steps, later, error)
      && read_uint (o, "training", "threads", 1, &t->threads, later, error)
      && read_uint (o, "training", "log_every_steps", 0, &t->log_every_steps, later, error);
}

static gboolean
parse_early_stopping (JsonObject *o, HlEarlyStoppingConfig *e, GPtrArray *later, GError **error)
{
  static const char *const known[] = {
    "enabled", "monitor", "patience_steps", "min_delta", "stop_on_nan", "restore_best", NULL
  };

  return check_fields (o, "early_stopping", known, error)
      && read_bool (o, "early_stopping", "enabled", &e->enabled, error)
      && read_string (o, "early_stopping", "monitor", &e->monitor, error)
      /* at least 1 while early stopping is on (read above) */
      && read_uint (o, "early_stopping", "patience_steps", e->enabled ? 1 : 0, &e->patience_steps, later, error)
      && read_double (o, "early_stopping", "min_delta", &e->min_delta, error)
      && read_bool (o, "early_stopping", "stop_on_nan", &e->stop_on_nan, error)
      && read_bool (o, "early_stopping", "restore_best", &e->restore_best, error);
}

static gboolean
parse_header (JsonObject *o, GError **error)
{
  JsonNode *f = json_object_get_member (o, "format");
  JsonNode *v = json_object_get_member (o, "version");
  double major = HL_CONFIG_VERSION;

  if (f && !(JSON_NODE_HOLDS_VALUE (f) && json_node_get_value_type (f) == G_TYPE_STRING
             && g_str_equal (json_node_get_string (f), HL_CONFIG_FORMAT)))
    {
      g_autofree char *got = hl_json_describe (f);
      const char *format = JSON_NODE_HOLDS_VALUE (f) && json_node_get_value_type (f) == G_TYPE_STRING
                           ? json_node_get_string (f) : NULL;

      /* the other files a user may give for one, said with where their
       * config is ("hyperlab-cli run RUN.json" only said "not a Hyperlab
       * config"; found by a QA pass) */
      if (g_strcmp0 (format, HL_RUN_FORMAT) == 0)
        ERR (FORMAT, _("format: a Hyperlab run record, not a config: hyperlab-cli export-config (or "
                       "Edit as New on the Runs page) gives its config"));
      else if (g_strcmp0 (format, HL_SWEEP_FORMAT) == 0)
        ERR (FORMAT, _("format: a Hyperlab sweep, not a config: hyperlab-cli sweep (or Sweep… in the "
                       "application) runs it"));
      else
        /* TRANSLATORS: "format" is a field name; then the expected format and the value given */
        ERR (FORMAT, _("format: not a Hyperlab config (expected \"%s\", got %s)"), HL_CONFIG_FORMAT, got);
      return FALSE;
    }
  if (v == NULL)
    return TRUE;
  /* Minor revisions ("1.1") stay readable; only the major number decides. */
  if (hl_json_is_number (v))
    major = floor (json_node_get_double (v));
  else if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
    major = floor (g_ascii_strtod (json_node_get_string (v), NULL));
  else
    return type_error (v, "", "version", N_("a version number (1, or a minor revision such as 1.1)"), error);
  if (major != HL_CONFIG_VERSION)
    {
      g_autofree char *got = hl_json_describe (v);
      /* TRANSLATORS: "version" is a field name */
      ERR (VERSION, _("version: unsupported config version %s (this Hyperlab reads version %d)"),
           got, HL_CONFIG_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_seed (JsonObject *o, guint64 *seed, GPtrArray *later, GError **error)
{
  JsonNode *n = json_object_get_member (o, "seed");
  double v;

  if (n == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64
      && json_node_get_int (n) >= 0)
    {
      *seed = (guint64) json_node_get_int (n);
      return TRUE;
    }
  if (!node_get_integer (n, &v))
    return type_error (n, "", "seed", N_("a non-negative integer"), error);
  if (v < 0 || v > 9007199254740992.0)
    {
      GError *local = NULL;

      type_error (n, "", "seed", N_("a non-negative integer"), &local);
      return unstorable (later, "", "seed", local, error);
    }
  *seed = (guint64) v;
  return TRUE;
}

typedef gboolean (*SectionParser) (JsonObject *o, gpointer section, GPtrArray *later, GError **error);

static gboolean
parse_section (JsonObject *root, const char *name, SectionParser parse, gpointer section, GPtrArray *later,
               GError **error)
{
  JsonObject *o;

  if (!read_object (root, "", name, &o, error))
    return FALSE;
  return o == NULL || parse (o, section, later, error);
}

static gboolean
parse_root (JsonObject *root, HlConfig *c, GPtrArray *later, GError **error)
{
  static const char *const known[] = {
    "format", "version", "name", "seed", "dataset", "model", "optimizer", "schedule",
    "training", "early_stopping", NULL
  };

  if (!parse_header (root, error) || !check_fields (root, "", known, error))
    return FALSE;
  if (!json_object_has_member (root, "dataset"))
    {
      ERR (MISSING, _("dataset: missing (every config names its dataset, e.g. \"dataset\": {\"kind\": \"spiral\"})"));
      return FALSE;
    }
  return read_string (root, "", "name", &c->name, error)
      && parse_seed (root, &c->seed, later, error)
      && parse_section (root, "dataset", (SectionParser) parse_dataset, &c->dataset, later, error)
      && parse_section (root, "model", (SectionParser) parse_model, &c->model, later, error)
      && parse_section (root, "optimizer", (SectionParser) parse_optimizer, &c->optimizer, later, error)
      && parse_section (root, "schedule", (SectionParser) parse_schedule, &c->schedule, later, error)
      && parse_section (root, "training", (SectionParser) parse_training, &c->training, later, error)
      && parse_section (root, "early_stopping", (SectionParser) parse_early_stopping,
                        &c->early_stopping, later, error);
}

static char *
base_dir_for (const char *filename)
{
  g_autofree char *abs = NULL;

  if (filename == NULL)
    return NULL;
  abs = g_canonicalize_filename (filename, NULL);
  return g_path_get_dirname (abs);
}

/* "FILE: field: …", or "--set field: …" when the field's value came from
 * a --set (it blamed the file for a value given on the command line). */
void
hl_config_prefix_source (GError *error, const char *filename, const char *const *assignments)
{
  const char *colon = error != NULL ? strstr (error->message, ": ") : NULL;
  g_autofree char *field = colon != NULL ? g_strndup (error->message, colon - error->message) : NULL;

  if (field != NULL && hl_config_path_is_set (field, assignments))
    {
      char *msg = g_strdup_printf ("--set %s", error->message);
      g_free (error->message);
      error->message = msg;
      return;
    }
  hl_error_prefix_file (error, filename);
}

HlConfig *
hl_config_parse_json (JsonNode *root, const char *filename, gboolean check, GError **error)
{
  return hl_config_parse_json_sets (root, filename, NULL, check, error);
}

static HlConfig *
parse_json (JsonNode *root, const char *filename, const char *const *assignments, gboolean check,
            GPtrArray *later, GError **error)
{
  g_autoptr(HlConfig) c = NULL;
  GError *local = NULL;

  g_return_val_if_fail (root != NULL, NULL);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE,
                   "%s%s%s", filename ? filename : "", filename ? ": " : "",
                   _("expected a JSON object at the top level"));
      return NULL;
    }
  c = hl_config_new ();
  if (!parse_root (json_node_get_object (root), c, later, &local))
    {
      hl_config_prefix_source (local, filename, assignments);
      g_propagate_error (error, local);
      return NULL;
    }
  c->base_dir = base_dir_for (filename);
  /* Plugins are checked later against a registry; everything else now. */
  if (check && !hl_config_validate_sourced (c, NULL, filename, assignments, error))
    return NULL;
  return g_steal_pointer (&c);
}

HlConfig *
hl_config_parse_json_sets (JsonNode *root, const char *filename, const char *const *assignments,
                           gboolean check, GError **error)
{
  return parse_json (root, filename, assignments, check, NULL, error);
}

HlConfig *
hl_config_parse_json_listing (JsonNode *root, const char *filename, const char *const *assignments,
                              GPtrArray *issues, GError **error)
{
  g_return_val_if_fail (issues != NULL, NULL);
  return parse_json (root, filename, assignments, FALSE, issues, error);
}

HlConfig *
hl_config_from_json (JsonNode *root, const char *filename, GError **error)
{
  return hl_config_parse_json (root, filename, TRUE, error);
}
