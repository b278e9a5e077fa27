/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-load.c - reading run records: format and version checks, and a
 * CORRUPT error naming the field for anything missing or inconsistent. */
#include <glib/gi18n-lib.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include "hl-run.h"
#include "hl-run-private.h"
#include "hl-config-private.h"

#define CORRUPT(...) (g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT, __VA_ARGS__), FALSE)

static const char *const metric_names[] = {
  "step", "epoch", "lr", "train_loss", "val_loss", "val_accuracy", NULL
};

static const char *
get_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

/* A member that is there but of another type: "NAME: expected WHAT (got
 * …)".  An id that was a number, a status or config that was an object or
 * array, said "NAME: missing" (found by a QA pass). */
static gboolean
wrong_type (JsonObject *o, const char *name, const char *what, GError **error)
{
  g_autofree char *got = hl_json_describe (json_object_get_member (o, name));

  return CORRUPT (_("%s: expected %s (got %s)"), name, _(what), got);
}

/* There, and not null. */
static gboolean
present (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && !JSON_NODE_HOLDS_NULL (n);
}

/* Numbers, or null for "no value". */
static double
get_double (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return hl_json_is_number (n) ? json_node_get_double (n) : NAN;
}

/* Negative and NaN give 0, too large the maximum: casting a double outside
 * the range of guint64 is undefined behaviour (a file may say 1e300). */
static guint64
to_uint64 (double v)
{
  if (!(v > 0))
    return 0;
  return v < 18446744073709551616.0 ? (guint64) v : G_MAXUINT64;
}

static guint64
get_uint64 (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return to_uint64 (hl_json_is_number (n) ? json_node_get_double (n) : 0);
}

static gboolean
get_time (JsonObject *o, const char *name, gboolean required, gint64 *out, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autoptr(GDateTime) dt = NULL;

  *out = 0;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return required ? CORRUPT (_("%s: missing"), name) : TRUE;
  if (get_string (o, name) == NULL
      || (dt = g_date_time_new_from_iso8601 (get_string (o, name), NULL)) == NULL)
    return CORRUPT (_("%s: expected an ISO 8601 time such as \"2026-11-26T20:15:02Z\""), name);
  *out = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  /* Times are written only when positive (0 is "unset"), so an earlier one
   * would not survive the next save. */
  if (*out <= 0)
    return CORRUPT (_("%s: \"%s\" is not after 1970-01-01"), name, get_string (o, name));
  return TRUE;
}

static gboolean
check_header (JsonObject *o, GError **error)
{
  const char *format = get_string (o, "format");
  JsonNode *v = json_object_get_member (o, "version");

  if (g_strcmp0 (format, HL_RUN_FORMAT) != 0)
    {
      if (format != NULL)
        /* TRANSLATORS: the format a file names, then the one a run record has */
        g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_FORMAT,
                     _("not a Hyperlab run record (format is \"%s\", expected \"%s\")"), format, HL_RUN_FORMAT);
      else
        g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_FORMAT,
                     _("not a Hyperlab run record (format is missing, expected \"%s\")"), HL_RUN_FORMAT);
      return FALSE;
    }
  if (!hl_json_is_number (v))
    return CORRUPT (_("version: missing or not a number"));
  if (floor (json_node_get_double (v)) != HL_RUN_VERSION)
    {
      g_autofree char *got = hl_format_double (json_node_get_double (v));
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_VERSION,
                   _("unsupported run record version %s (this Hyperlab reads version %d)"), got, HL_RUN_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_params (JsonObject *o, GArray *params)
{
  JsonObjectIter it;
  const char *name;
  JsonNode *n;

  json_object_iter_init (&it, o);
  while (json_object_iter_next (&it, &name, &n))
    {
      if (hl_json_is_number (n))
        hl_params_set (params, name, json_node_get_double (n));
      else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN)
        hl_params_set (params, name, json_node_get_boolean (n));
      else if (!JSON_NODE_HOLDS_NULL (n))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_plugin (JsonObject *plugins, const char *kind, HlRunPlugin *p, GError **error)
{
  JsonNode *n = json_object_get_member (plugins, kind);
  JsonObject *o;
  JsonNode *params;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return CORRUPT (_("plugins.%s: expected an object"), kind);
  o = json_node_get_object (n);
  g_free (p->id);
  p->id = g_strdup (get_string (o, "id"));
  p->version = g_strdup (get_string (o, "version"));
  params = json_object_get_member (o, "params");
  if (params && (!JSON_NODE_HOLDS_OBJECT (params) || !read_params (json_node_get_object (params), p->params)))
    return CORRUPT (_("plugins.%s.params: expected an object of numbers"), kind);
  return TRUE;
}

/* A count of test samples: a whole number from 0 to 2^53, the integers a
 * double (and so any JSON reader) holds exactly. */
static gboolean
read_count (JsonNode *e, guint64 *out)
{
  const gint64 max = G_GINT64_CONSTANT (1) << 53;
  double v;

  if (e != NULL && JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_INT64)
    {
      const gint64 i = json_node_get_int (e);

      /* compared as integers: 2^53 + 1 is 2^53 as a double */
      if (i < 0 || i > max)
        return FALSE;
      *out = (guint64) i;
      return TRUE;
    }
  if (!hl_json_is_number (e))
    return FALSE;
  v = json_node_get_double (e);
  if (!(v >= 0 && v <= (double) max && v == floor (v)))
    return FALSE;
  *out = (guint64) v;
  return TRUE;
}

static gboolean
read_confusion_rows (JsonArray *rows, HlConfusion *c, GError **error)
{
  const guint n = c->n_classes;

  if (json_array_get_length (rows) != n)
    return CORRUPT (_("summary.test_confusion.counts: %u rows for %u classes"),
                    json_array_get_length (rows), n);
  for (guint t = 0; t < n; t++)
    {
      JsonNode *r = json_array_get_element (rows, t);
      JsonArray *row;

      if (!JSON_NODE_HOLDS_ARRAY (r))
        return CORRUPT (_("summary.test_confusion.counts[%u]: expected an array of counts"), t);
      row = json_node_get_array (r);
      if (json_array_get_length (row) != n)
        return CORRUPT (_("summary.test_confusion.counts[%u]: %u counts for %u classes"), t,
                        json_array_get_length (row), n);
      for (guint p = 0; p < n; p++)
        if (!read_count (json_array_get_element (row, p), &c->counts[(gsize) t * n + p]))
          {
            g_autofree char *got = hl_json_describe (json_array_get_element (row, p));
            /* TRANSLATORS: a field path of a run record, then the value found */
            return CORRUPT (_("summary.test_confusion.counts[%u][%u]: expected a whole number "
                              "from 0 to 2^53 (got %s)"), t, p, got);
          }
    }
  return TRUE;
}

/* How far summary.test_accuracy may be from trace / total.  The engine
 * writes (double) correct / n, and the record keeps it with digits that
 * read back exactly, so the two are equal; 4 DBL_EPSILON (9e-16) also
 * lets pass a value a tool rewrote with 15 significant digits (off by at
 * most 5e-16 in [0.1, 1]), yet still tells trace from trace ± 1 for a
 * test set of up to 10^15 samples (a test set has fewer than 2^32). */
#define CONFUSION_ACCURACY_TOLERANCE (4 * DBL_EPSILON)

/* A matrix that disagrees with its own summary was edited by hand or
 * damaged: it would be shown as the model's mistakes, next to a test
 * accuracy that says otherwise.  Each check only where both sides exist
 * (records from before summary.classes was kept have no class count). */
static gboolean
check_confusion (const HlConfusion *c, const HlSummary *s, GError **error)
{
  const guint64 max = G_GUINT64_CONSTANT (1) << 53;
  guint64 total = 0;
  double expected;

  if (s->n_classes > 0 && s->n_classes != c->n_classes)
    /* TRANSLATORS: summary.test_confusion.classes and summary.classes are
     * field names of a run record; do not translate them */
    return CORRUPT (_("summary.test_confusion.classes: %u classes, but summary.classes says %u"),
                    c->n_classes, s->n_classes);
  /* each count is at most 2^53: the sum cannot overflow before it passes 2^53 */
  for (gsize i = 0; i < (gsize) c->n_classes * c->n_classes && total <= max; i++)
    total += c->counts[i];
  if (total == 0)
    return CORRUPT (_("summary.test_confusion.counts: all counts are 0 (a test pass counts "
                      "every test sample)"));
  if (total > max)
    return CORRUPT (_("summary.test_confusion.counts: more than 2^53 test samples in all"));
  if (!isfinite (s->test_accuracy))
    return TRUE;
  expected = (double) hl_confusion_correct (c) / (double) total;
  if (fabs (s->test_accuracy - expected) > CONFUSION_ACCURACY_TOLERANCE)
    {
      g_autofree char *correct = g_strdup_printf ("%" G_GUINT64_FORMAT, hl_confusion_correct (c));
      g_autofree char *all = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
      g_autofree char *got = hl_format_double (s->test_accuracy);
      g_autofree char *want = hl_format_double (expected);

      /* TRANSLATORS: the numbers of correct and of all test samples, then
       * two accuracies; the field names stay English */
      return CORRUPT (_("summary.test_confusion.counts: %s of %s test samples correct (accuracy %s), "
                        "but summary.test_accuracy is %s"), correct, all, want, got);
    }
  return TRUE;
}

/* Optional: {"classes": [names…], "counts": [[row], …]}; strict, as a
 * wrong matrix would be shown as a model's mistakes. */
static gboolean
read_confusion (JsonObject *summary, HlSummary *s, GError **error)
{
  JsonNode *n = json_object_get_member (summary, "test_confusion");
  JsonNode *classes, *counts;
  g_autoptr(HlConfusion) c = NULL;
  JsonArray *names;
  guint k;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return CORRUPT (_("summary.test_confusion: expected an object of classes and counts"));
  classes = json_object_get_member (json_node_get_object (n), "classes");
  counts = json_object_get_member (json_node_get_object (n), "counts");
  if (classes == NULL || !JSON_NODE_HOLDS_ARRAY (classes))
    return CORRUPT (_("summary.test_confusion.classes: missing (expected an array of class names)"));
  names = json_node_get_array (classes);
  k = json_array_get_length (names);
  if (k < 2 || k > HL_CONFUSION_MAX_CLASSES)
    return CORRUPT (_("summary.test_confusion.classes: expected 2 to %u classes (got %u)"),
                    HL_CONFUSION_MAX_CLASSES, k);
  c = hl_confusion_new (k, NULL);
  for (guint i = 0; i < k; i++)
    {
      JsonNode *e = json_array_get_element (names, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        return CORRUPT (_("summary.test_confusion.classes[%u]: expected a class name (a string)"), i);
      g_free (c->class_names[i]);
      c->class_names[i] = g_strdup (json_node_get_string (e));
    }
  if (counts == NULL || !JSON_NODE_HOLDS_ARRAY (counts))
    return CORRUPT (_("summary.test_confusion.counts: missing (expected an array of rows)"));
  if (!read_confusion_rows (json_node_get_array (counts), c, error)
      || !check_confusion (c, s, error))
    return FALSE;
  s->test_confusion = g_steal_pointer (&c);
  return TRUE;
}

static gboolean
read_summary (JsonObject *o, HlSummary *s, GError **error)
{
  JsonNode *over = json_object_get_member (o, "overfitting");

  s->best_val_loss = get_double (o, "best_val_loss");
  s->best_step = get_uint64 (o, "best_step");
  s->test_loss = get_double (o, "test_loss");
  s->test_accuracy = get_double (o, "test_accuracy");
  s->n_classes = (guint) MIN (get_uint64 (o, "classes"), G_MAXUINT);
  s->final_train_loss = get_double (o, "final_train_loss");
  s->final_val_loss = get_double (o, "final_val_loss");
  s->final_val_accuracy = get_double (o, "final_val_accuracy");
  s->steps = get_uint64 (o, "steps");
  s->epochs = get_double (o, "epochs");
  s->seconds = get_double (o, "seconds");
  s->samples_per_second = get_double (o, "samples_per_second");
  s->stop_reason = g_strdup (get_string (o, "stop_reason"));
  s->overfitting = over && JSON_NODE_HOLDS_VALUE (over)
                   && json_node_get_value_type (over) == G_TYPE_BOOLEAN && json_node_get_boolean (over);
  s->overfitting_step = get_uint64 (o, "overfitting_step");
  s->diverged_step = get_uint64 (o, "diverged_step");
  s->diverged_lr = get_double (o, "diverged_lr");
  s->n_parameters = get_uint64 (o, "n_parameters");
  return read_confusion (o, s, error);
}

static gboolean
read_metric (JsonArray *a, const char *name, GArray *out, GError **error)
{
  guint n = json_array_get_length (a);
  gboolean is_step = g_str_equal (name, "step");

  g_array_set_size (out, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);

      if (hl_json_is_number (e))
        {
          double v = json_node_get_double (e);

          /* a step is a count: -5 or 2.5 is a damaged file (-5 was read as 0) */
          if (is_step && !(v >= 0 && v == floor (v)))
            {
              g_autofree char *got = hl_json_describe (e);
              return CORRUPT (_("metrics.step[%u]: expected a whole number of steps (got %s)"), i, got);
            }
          if (is_step)
            g_array_index (out, guint64, i) = to_uint64 (v);
          else
            g_array_index (out, double, i) = v;
        }
      else if (JSON_NODE_HOLDS_NULL (e) && !is_step)
        g_array_index (out, double, i) = NAN;
      else
        return is_step ? CORRUPT (_("metrics.%s[%u]: expected a number"), name, i)
                       /* TRANSLATORS: metrics.%s[%u] is a field path of a run record */
                       : CORRUPT (_("metrics.%s[%u]: expected a number or null"), name, i);
    }
  return TRUE;
}

static gboolean
read_metrics (JsonObject *root, HlMetrics *m, GError **error)
{
  JsonNode *n = json_object_get_member (root, "metrics");
  JsonObject *o;
  guint len = 0;

  if (present (root, "metrics") && !JSON_NODE_HOLDS_OBJECT (n))
    return wrong_type (root, "metrics", N_("an object"), error);
  if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
    return CORRUPT (_("metrics: missing"));
  o = json_node_get_object (n);
  for (guint k = 0; metric_names[k]; k++)
    {
      JsonNode *a = json_object_get_member (o, metric_names[k]);

      if (a == NULL || !JSON_NODE_HOLDS_ARRAY (a))
        return CORRUPT (_("metrics.%s: missing (expected an array)"), metric_names[k]);
      if (k == 0)
        len = json_array_get_length (json_node_get_array (a));
      else if (json_array_get_length (json_node_get_array (a)) != len)
        return CORRUPT (_("metrics: arrays of unequal length (step has %u points, %s has %u)"),
                        len, metric_names[k], json_array_get_length (json_node_get_array (a)));
      if (!read_metric (json_node_get_array (a), metric_names[k],
                        hl_metrics_get (m, metric_names[k]), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_config (JsonObject *root, HlRun *run, GError **error)
{
  JsonNode *n = json_object_get_member (root, "config");
  g_autoptr(GError) local = NULL;

  if (present (root, "config") && !JSON_NODE_HOLDS_OBJECT (n))
    return wrong_type (root, "config", N_("an object"), error);
  if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
    return CORRUPT (_("config: missing"));
  run->config = hl_config_from_json (n, NULL, &local);
  if (run->config == NULL)
    return CORRUPT ("config: %s", local->message);   /* the config's own message */
  return TRUE;
}

/* Optional: "data_files": { "/abs/file.csv": "<sha-256 hex>", … }. */
static gboolean
read_data_files (JsonObject *root, HlRun *run, GError **error)
{
  JsonNode *n = json_object_get_member (root, "data_files");
  g_autoptr(GList) names = NULL;
  JsonObject *o;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return CORRUPT (_("data_files: expected an object of file digests"));
  o = json_node_get_object (n);
  names = json_object_get_members (o);
  for (GList *l = names; l; l = l->next)
    {
      JsonNode *v = json_object_get_member (o, l->data);

      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
        return CORRUPT (_("data_files: expected a digest (a string) for %s"), (const char *) l->data);
      if (run->data_files == NULL)
        run->data_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (run->data_files, g_strdup (l->data), g_strdup (json_node_get_string (v)));
    }
  return TRUE;
}

static gboolean
read_run (JsonObject *o, HlRun *run, gboolean metrics_done, GError **error)
{
  const char *id = get_string (o, "id");
  const char *status = get_string (o, "status");
  JsonNode *plugins = json_object_get_member (o, "plugins");
  JsonNode *summary = json_object_get_member (o, "summary");

  if (!check_header (o, error))
    return FALSE;
  if (id == NULL && present (o, "id"))
    return wrong_type (o, "id", N_("a string"), error);
  if (id == NULL || *id == '\0')
    return CORRUPT (_("id: missing"));
  run->id = g_strdup (id);
  if (status == NULL && present (o, "status"))
    return wrong_type (o, "status", N_("a string"), error);
  if (status == NULL)
    return CORRUPT (_("status: missing"));
  if (!hl_run_status_from_string (status, &run->status))
    return CORRUPT (_("status: unknown status \"%s\""), status);
  if (!get_time (o, "created", TRUE, &run->created, error)
      || !get_time (o, "finished", FALSE, &run->finished, error)
      || !get_time (o, "updated", FALSE, &run->updated, error)
      || !read_config (o, run, error))
    return FALSE;
  run->dataset_description = g_strdup (get_string (o, "dataset_description"));
  run->group = g_strdup (get_string (o, "group"));
  if (!read_data_files (o, run, error))
    return FALSE;
  if (plugins && JSON_NODE_HOLDS_OBJECT (plugins)
      && (!read_plugin (json_node_get_object (plugins), "optimizer", &run->optimizer, error)
          || !read_plugin (json_node_get_object (plugins), "schedule", &run->schedule, error)))
    return FALSE;
  if (summary && JSON_NODE_HOLDS_OBJECT (summary)
      && !read_summary (json_node_get_object (summary), &run->summary, error))
    return FALSE;
  return metrics_done || read_metrics (o, &run->metrics, error);
}

HlRun *
hl_run_from_json (JsonNode *root, const char *filename, GError **error)
{
  g_autoptr(HlRun) run = NULL;
  GError *local = NULL;

  g_return_val_if_fail (root != NULL, NULL);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_FORMAT, "%s%s%s",
                   filename ? filename : "", filename ? ": " : "", _("not a Hyperlab run record (not a JSON object)"));
      return NULL;
    }
  run = hl_run_new_empty ();
  if (!read_run (json_node_get_object (root), run, FALSE, &local))
    {
      hl_error_prefix_file (local, filename);
      g_propagate_error (error, local);
      return NULL;
    }
  run->path = g_strdup (filename);
  return g_steal_pointer (&run);
}

/* ---- fast path for the layout hl_run_to_data() writes ----
 * json-glib spends most of a load building nodes for thousands of metric
 * numbers; when the metrics close the file as we write them, read them with
 * strtod and give json-glib only the rest.  Anything unexpected falls back
 * to the full parser, which also produces the error messages. */

static const char *
skip_ws (const char *p)
{
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
    p++;
  return p;
}

static const char *
fast_array (const char *p, gboolean is_step, GArray *out)
{
  p = skip_ws (p);
  if (*p++ != '[')
    return NULL;
  for (p = skip_ws (p); *p != ']'; )
    {
      char *end;

      if (is_step)
        {
          guint64 v;

          /* strtoull reads "-5" as 2^64 - 5: signs go to the checked path */
          if (*p == '-' || *p == '+')
            return NULL;
          v = g_ascii_strtoull (p, &end, 10);
          g_array_append_val (out, v);
        }
      else if (strncmp (p, "null", 4) == 0)
        {
          double v = NAN;
          g_array_append_val (out, v);
          end = (char *) p + 4;
        }
      else
        {
          double v = g_ascii_strtod (p, &end);
          g_array_append_val (out, v);
        }
      if (end == p)
        return NULL;
      p = skip_ws (end);
      if (*p == ',')
        p = skip_ws (p + 1);
      else if (*p != ']')
        return NULL;
    }
  return p + 1;
}

/* Fills m from the trailing "metrics" object; returns where it starts. */
static const char *
fast_metrics (const char *text, gsize len, HlMetrics *m)
{
  static const char marker[] = "\n  \"metrics\": {";
  const char *start = g_strrstr_len (text, (gssize) len, marker);
  const char *p;

  if (start == NULL)
    return NULL;
  p = start + strlen (marker);
  for (guint k = 0; metric_names[k]; k++)
    {
      g_autofree char *key = g_strdup_printf ("\"%s\":", metric_names[k]);

      p = skip_ws (p);
      if (k > 0 && *p++ != ',')
        return NULL;
      p = skip_ws (p);
      if (strncmp (p, key, strlen (key)) != 0)
        return NULL;
      p = fast_array (p + strlen (key), k == 0, hl_metrics_get (m, metric_names[k]));
      if (p == NULL || hl_metrics_get (m, metric_names[k])->len != m->step->len)
        return NULL;
    }
  p = skip_ws (p);
  if (*p++ != '}')
    return NULL;
  p = skip_ws (p);
  if (*p++ != '}' || *skip_ws (p) != '\0')
    return NULL;
  return start;
}

static HlRun *
load_fast (const char *data, gsize len, const char *path)
{
  g_autoptr(HlRun) run = hl_run_new_empty ();
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) head = NULL;
  const char *start = fast_metrics (data, len, &run->metrics);

  if (start == NULL)
    return NULL;
  head = g_string_new_len (data, start - data);
  while (head->len > 0 && g_ascii_isspace (head->str[head->len - 1]))
    g_string_truncate (head, head->len - 1);
  if (head->len == 0 || head->str[head->len - 1] != ',')
    return NULL;
  head->str[head->len - 1] = '}';
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, head->str, (gssize) head->len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || !read_run (json_node_get_object (json_parser_get_root (parser)), run, TRUE, NULL))
    return NULL;
  run->path = g_strdup (path);
  return g_steal_pointer (&run);
}

HlRun *
hl_run_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  if (!hl_file_read (path, &data, &len, HL_RUN_ERROR, HL_RUN_ERROR_IO, error))
    return NULL;
  return hl_run_load_data (data, len, path, error);
}

HlRun *
hl_run_load_data (const char *data, gsize len, const char *path, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  HlRun *run;

  g_return_val_if_fail (data != NULL && data[len] == '\0', NULL);
  /* Text json-glib must not see: hl_json_parse says why. */
  if (hl_json_precheck (data, len, NULL, NULL, NULL) && (run = load_fast (data, len, path)) != NULL)
    return run;
  root = hl_json_parse (data, (gssize) len, path, HL_RUN_ERROR, HL_RUN_ERROR_PARSE, error);
  if (root == NULL)
    return NULL;
  return hl_run_from_json (root, path, error);
}
