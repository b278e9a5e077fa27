/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep.c - sweep files: parsing and the trials they expand to.
 * (Field checks: hl-sweep-fields.c; running: hl-sweep-run.c; pruning:
 * hl-sweep-prune.c; ranking and results: hl-sweep-results.c; the record
 * that continues a sweep: hl-sweep-record*.c.) */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include "hl-sweep.h"
#include "hl-config-private.h"
#include "hl-error.h"
#include "hl-sweep-private.h"

static void
trial_free (gpointer p)
{
  HlSweepTrial *t = p;

  g_strfreev (t->sets);
  g_free (t->label);
  g_clear_pointer (&t->config, hl_config_free);
  g_free (t->run_id);
  g_free (t->stop_reason);
  g_free (t->error);
  g_free (t);
}

void
hl_sweep_free (HlSweep *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->path);
  g_free (self->pruning_state);
  g_clear_pointer (&self->trials, g_ptr_array_unref);
  g_free (self->spec);
  g_free (self->base_dir);
  g_free (self->file);
  g_free (self->base_file);
  g_strfreev (self->sets);
  g_free (self->id);
  g_free (self->record_dir);
  g_free (self->slurm_job);
  g_clear_pointer (&self->record_lock, hl_store_unlock);
  g_free (self);
}

/* ---- parsing -------------------------------------------------------------- */

static gboolean
read_choice (HlSweepCtx *cx, JsonObject *o, const char *where, const char *name,
             const char *const *choices, int *v)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autofree char *field = g_strconcat (where, *where ? "." : "", name, NULL);
  g_autofree char *list = g_strjoinv ("”, “", (char **) choices);
  const char *s;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return hl_sweep_type_fail (cx, field, n, N_("a string"));
  s = json_node_get_string (n);
  for (int i = 0; choices[i] != NULL; i++)
    if (g_str_equal (s, choices[i]))
      {
        *v = i;
        return TRUE;
      }
  return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s: must be one of “%s” (got “%s”)"), field, list, s);
}

static gboolean
parse_header (HlSweepCtx *cx, JsonObject *o)
{
  JsonNode *f = json_object_get_member (o, "format");
  JsonNode *v = json_object_get_member (o, "version");

  if (f == NULL || !JSON_NODE_HOLDS_VALUE (f) || json_node_get_value_type (f) != G_TYPE_STRING
      || !g_str_equal (json_node_get_string (f), HL_SWEEP_FORMAT))
    {
      g_autofree char *got = f ? hl_json_describe (f) : g_strdup (_("nothing"));
      return hl_sweep_fail (cx, HL_SWEEP_ERROR_FORMAT, _("format: not a Hyperlab sweep (expected \"%s\", got %s)"),
                   HL_SWEEP_FORMAT, got);
    }
  if (v == NULL)
    return TRUE;
  if (!hl_json_is_number (v))
    return hl_sweep_type_fail (cx, "version", v, N_("a version number"));
  if (floor (json_node_get_double (v)) != HL_SWEEP_VERSION)
    return hl_sweep_fail (cx, HL_SWEEP_ERROR_VERSION,
                 _("version: unsupported sweep version %g (this Hyperlab reads version %d)"),
                 json_node_get_double (v), HL_SWEEP_VERSION);
  return TRUE;
}

/* The base config's JSON (a new tree) and the file it came from, which
 * relative dataset paths resolve against. */
static JsonNode *
load_base (HlSweepCtx *cx, JsonNode *n, char **base_file)
{
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  gsize len;

  if (n == NULL)
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_MISSING,
            _("base: missing (the config every trial starts from: a file name or a config object)"));
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (n))
    {
      *base_file = g_strdup (cx->file);
      return json_node_copy (n);
    }
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
      || *json_node_get_string (n) == '\0')
    {
      hl_sweep_type_fail (cx, "base", n, N_("a config file name or a config object"));
      return NULL;
    }
  if (g_path_is_absolute (json_node_get_string (n)) || cx->file == NULL)
    path = g_strdup (json_node_get_string (n));
  else
    {
      g_autofree char *dir = g_path_get_dirname (cx->file);
      path = g_build_filename (dir, json_node_get_string (n), NULL);
    }
  if (!hl_file_read (path, &data, &len, HL_CONFIG_ERROR, HL_CONFIG_ERROR_IO, cx->error))
    {
      g_prefix_error (cx->error, "%s: base: ", cx->file ? cx->file : _("sweep"));
      return NULL;
    }
  *base_file = g_steal_pointer (&path);
  return hl_json_parse (data, (gssize) len, *base_file, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE,
                        cx->error);
}

/* n as text to read back into copies that share nothing with it
 * (json_node_copy shares an object's members: setting a trial's values in
 * one changed the base for the next). */
static char *
copyable_text (JsonNode *n)
{
  GString *text = g_string_new (NULL);

  /* not json_to_string: json-glib 1.6 writes 1e-08 as "1e-08.0" */
  hl_json_write_node (text, n, -1);
  return g_string_free (text, FALSE);
}

static JsonNode *
deep_copy (JsonNode *n)
{
  g_autofree char *text = copyable_text (n);

  return json_from_string (text, NULL);
}

/* n copied member by member, sharing nothing with it: as its text read
 * back, for less (reading the base's text back for each trial was some
 * 10 of the 36 µs of CPU a config took the form's check of 1,000 listed
 * batch sizes). */
static JsonNode *
copy_tree (JsonNode *n)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonObject *from = json_node_get_object (n), *to = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (from);   /* in their order */

      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (to, l->data, copy_tree (json_object_get_member (from, l->data)));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, to);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *from = json_node_get_array (n), *to = json_array_sized_new (json_array_get_length (from));

      for (guint i = 0; i < json_array_get_length (from); i++)
        json_array_add_element (to, copy_tree (json_array_get_element (from, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, to);
      return copy;
    }
  return json_node_copy (n);   /* a value or null: nothing shared */
}

/* Whether the base alone fails as a trial did: then the base is to blame,
 * not what the trial set (a typo in the base file was reported as trial
 * #1's, without the file's name). */
static gboolean
base_fails_alike (const char *base, HlPluginRegistry *registry, const GError *trial_error)
{
  g_autoptr(JsonNode) root = json_from_string (base, NULL);
  g_autoptr(GError) local = NULL;
  g_autoptr(HlConfig) c = hl_config_parse_json (root, NULL, TRUE, &local);

  if (c != NULL)
    hl_config_validate (c, registry, &local);
  return local != NULL && local->domain == trial_error->domain && local->code == trial_error->code
         && g_str_equal (local->message, trial_error->message);
}

static gint configs_built;

guint
hl_sweep_n_configs_built (void)
{
  return (guint) g_atomic_int_get (&configs_built);
}

/* Each trial's config: the base with its sets, checked (with the registry:
 * its plugins too).  A problem names the trial and what it set, or the
 * base when the base alone has it. */
static gboolean
build_configs (HlSweepCtx *cx, HlSweep *self, JsonNode *base, const char *base_file, const char *base_dir,
               HlPluginRegistry *registry)
{
  /* written once and read back (as the record keeps it), then copied for
   * each trial (each the base's own copy) */
  g_autofree char *base_text = copyable_text (base);
  g_autoptr(JsonNode) base_read = json_from_string (base_text, NULL);

  for (guint k = 0; k < self->trials->len; k++)
    {
      HlSweepTrial *t = self->trials->pdata[k];
      g_autoptr(JsonNode) root = copy_tree (base_read);
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) issues = NULL;
      const HlConfigIssue *issue = NULL;
      g_autofree char *name = NULL;
      g_autofree char *short_label = NULL;
      HlConfig *c = NULL;

      if (g_cancellable_set_error_if_cancelled (cx->cancellable, cx->error))
        return FALSE;
      g_atomic_int_inc (&configs_built);
      for (guint i = 0; t->sets[i] != NULL && local == NULL; i++)
        hl_config_json_set (root, t->sets[i], &local);
      if (local == NULL)
        c = hl_config_parse_json (root, NULL, FALSE, &local);
      if (c != NULL)
        {
          issues = hl_config_check (c, registry);
          if (issues->len > 0)
            {
              issue = issues->pdata[0];
              local = g_error_copy (issue->error);
              g_clear_pointer (&c, hl_config_free);
            }
        }
      if (c == NULL)
        {
          /* TRANSLATORS: stands for the sweep file in a message about a sweep that has none */
          g_autofree char *shown = cx->file ? g_filename_display_name (cx->file) : g_strdup (_("sweep"));
          const char *msg = g_str_has_prefix (local->message, "--set ") ? local->message + 6 : local->message;
          g_autofree char *field = g_strndup (msg, strcspn (msg, ": "));
          /* the field of the trial's sets or of a --set that is the
           * problem's or makes it (dataset.validation_split=0 under early
           * stopping was blamed on the base, which had it right) */
          const char *by_trial = issue != NULL ? hl_config_issue_set_field (issue, (const char *const *) t->sets)
                                               : NULL;
          const char *by_set = issue != NULL ? hl_config_issue_set_field (issue, cx->sets) : NULL;

          if (by_set != NULL && by_trial == NULL)
            g_propagate_error (cx->error, hl_config_issue_to_error (issue, NULL, cx->sets));
          /* a value a --set override gave, unless the trial set it again */
          else if (issue == NULL && hl_config_path_is_set (field, cx->sets)
                   && !hl_config_path_is_set (field, (const char *const *) t->sets))
            g_set_error (cx->error, local->domain, local->code, "--set %s", msg);
          else if (base_fails_alike (base_text, registry, local))
            {
              /* a base of its own file is named; one inside the sweep is "base" */
              g_autofree char *file = base_file != NULL && g_strcmp0 (base_file, cx->file) != 0
                                      ? g_filename_display_name (base_file) : NULL;
              if (file != NULL)
                /* TRANSLATORS: sweep file, its base config's file, the problem ("base": a field name) */
                g_set_error (cx->error, local->domain, local->code, _("%s: base (%s): %s"), shown, file, msg);
              else
                /* TRANSLATORS: sweep file, its base config's problem ("base": a field name) */
                g_set_error (cx->error, local->domain, local->code, _("%s: base: %s"), shown, msg);
            }
          else
            {
              if (cx->problem != NULL)
                {
                  cx->problem->trial = t->index;
                  cx->problem->sets = g_strdupv (t->sets);
                  cx->problem->reason = g_strdup (msg);
                }
              if (by_trial != NULL && by_trial != issue->path)
                /* TRANSLATORS: sweep file, the space entry whose value makes the problem
                 * ("dataset.validation_split"), trial number, what it set, the problem
                 * ("space": a field name) */
                g_set_error (cx->error, local->domain, local->code, _("%s: space: %s: trial #%u (%s): %s"),
                             shown, by_trial, t->index, t->label, msg);
              else
                /* TRANSLATORS: sweep file, trial number, what it set ("lr=0.01, …"), the problem */
                g_set_error (cx->error, local->domain, local->code, _("%s: trial #%u (%s): %s"), shown,
                             t->index, t->label, msg);
            }
          return FALSE;
        }
      g_clear_pointer (&c->base_dir, g_free);
      c->base_dir = g_strdup (base_dir);
      short_label = hl_sweep_trial_short_label (t);
      name = g_strdup_printf ("%s #%u · %s", self->name, t->index, short_label);
      g_free (c->name);
      c->name = g_steal_pointer (&name);
      t->config = c;
    }
  return TRUE;
}

static gboolean
parse_pruning (HlSweepCtx *cx, HlSweep *self, JsonNode *n)
{
  static const char *const known[] = { "method", "min_steps", "min_epochs", "reduction_factor", NULL };
  static const char *const methods[] = { "none", "successive_halving", NULL };
  JsonObject *o;
  int method = 1;
  guint64 min_steps = 0, eta = self->reduction_factor;
  JsonNode *epochs;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return hl_sweep_type_fail (cx, "pruning", n, N_("an object such as {\"method\": \"successive_halving\"}"));
  o = json_node_get_object (n);
  if (!hl_sweep_check_fields (cx, o, "pruning", known)
      || !read_choice (cx, o, "pruning", "method", methods, &method)
      || !hl_sweep_read_uint (cx, o, "pruning", "min_steps", 1, G_MAXUINT32, &min_steps)
      || !hl_sweep_read_uint (cx, o, "pruning", "reduction_factor", 2, 100, &eta))
    return FALSE;
  self->pruning = method == 1;
  self->reduction_factor = (guint) eta;
  if (json_object_has_member (o, "min_steps"))
    {
      self->pruning_min = (double) min_steps;
      self->pruning_epochs = FALSE;
    }
  epochs = json_object_get_member (o, "min_epochs");
  if (epochs != NULL)
    {
      if (json_object_has_member (o, "min_steps"))
        return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("pruning: give min_steps or min_epochs, not both"));
      if (!hl_json_is_number (epochs))
        return hl_sweep_type_fail (cx, "pruning.min_epochs", epochs, N_("a number of epochs (e.g. 0.5)"));
      if (!(json_node_get_double (epochs) > 0 && json_node_get_double (epochs) <= 1e6))
        return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("pruning.min_epochs: must be above 0 (got %g)"),
                     json_node_get_double (epochs));
      self->pruning_min = json_node_get_double (epochs);
      self->pruning_epochs = TRUE;
    }
  return TRUE;
}

double
hl_sweep_default_min_epochs (guint epochs, guint reduction_factor)
{
  char buf[32];

  /* the first of four rungs, the last at the end: epochs / η³, in 2
   * significant digits ("3.7", not 3.7037037) */
  g_snprintf (buf, sizeof buf, "%.2g", epochs / pow (MAX (reduction_factor, 2u), 3));
  return MAX (g_ascii_strtod (buf, NULL), 0.01);
}

/* Any trial's data are numbers to fit (sine, a CSV regression). */
static gboolean
is_regression (const HlSweep *self)
{
  for (guint k = 0; k < self->trials->len; k++)
    if (hl_config_is_regression (((HlSweepTrial *) self->trials->pdata[k])->config))
      return TRUE;
  return FALSE;
}

/* The spec to keep in the sweep's record: the sweep's object with its base
 * inlined (root's "base" is replaced: root is ours). */
static char *
spec_text (JsonObject *o, JsonNode *base)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (o, "base", deep_copy (base));
  json_node_set_object (node, o);
  return copyable_text (node);
}

/* Where the base's relative data paths resolve: the record's word, the
 * config's own, or its file's folder. */
static char *
base_dir_of (const HlSweepCtx *cx, const HlConfig *base_config, const char *base_file)
{
  g_autofree char *abs = NULL;

  if (cx->record)
    return g_strdup (cx->base_dir);
  if (base_config != NULL)
    return g_strdup (base_config->base_dir);
  if (base_file == NULL)
    return NULL;
  abs = g_canonicalize_filename (base_file, NULL);
  return g_path_get_dirname (abs);
}

/* With base_config, the file's "base" is not read (it must not be there). */
static HlSweep *
parse (HlSweepCtx *cx, JsonNode *root, const HlConfig *base_config, HlPluginRegistry *registry)
{
  static const char *const known[] = { "format", "version", "name", "base", "space", "method",
                                       "budget", "seed", "metric", "pruning", "parallel", NULL };
  static const char *const methods[] = { "grid", "random", NULL };
  static const char *const metrics[] = { "val_loss", "val_accuracy", NULL };
  g_autoptr(HlSweep) self = g_new0 (HlSweep, 1);
  g_autoptr(GPtrArray) dims = g_ptr_array_new_with_free_func (hl_sweep_dim_free);
  g_autoptr(JsonNode) base = NULL;
  g_autofree char *base_file = NULL;
  JsonObject *o;
  JsonNode *space, *name;
  int method = -1, metric = HL_SWEEP_METRIC_VAL_LOSS;
  guint64 budget = 0, seed = 0, parallel = 0;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_PARSE, _("expected a JSON object at the top level"));
      return NULL;
    }
  o = json_node_get_object (root);
  self->path = g_strdup (cx->file);
  self->trials = g_ptr_array_new_with_free_func (trial_free);
  self->pruning_min = 0;   /* unset: from the trials' epochs once they are built */
  self->pruning_epochs = TRUE;
  self->reduction_factor = 3;
  self->pruning = TRUE;
  if (base_config != NULL)
    {
      if (json_object_has_member (o, "base"))
        {
          hl_sweep_fail (cx, HL_SWEEP_ERROR_UNKNOWN_FIELD, _("base: the sweep's base config is given apart"));
          return NULL;
        }
      if (!json_object_has_member (o, "format"))
        json_object_set_string_member (o, "format", HL_SWEEP_FORMAT);
    }
  if (!parse_header (cx, o) || !hl_sweep_check_fields (cx, o, "", known)
      || !read_choice (cx, o, "", "method", methods, &method)
      || !read_choice (cx, o, "", "metric", metrics, &metric)
      || !hl_sweep_read_uint (cx, o, "", "budget", 1, HL_SWEEP_MAX_TRIALS, &budget)
      || !hl_sweep_read_uint (cx, o, "", "seed", 0, G_MAXINT64, &seed)
      || !hl_sweep_read_uint (cx, o, "", "parallel", 1, 256, &parallel)
      || !parse_pruning (cx, self, json_object_get_member (o, "pruning")))
    return NULL;
  self->metric = (HlSweepMetric) metric;
  self->budget = (guint) budget;
  self->seed = seed;
  self->parallel = (guint) parallel;
  name = json_object_get_member (o, "name");
  if (name != NULL && (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING))
    {
      hl_sweep_type_fail (cx, "name", name, N_("a string"));
      return NULL;
    }
  if (name != NULL && *json_node_get_string (name) != '\0')
    self->name = g_strdup (json_node_get_string (name));
  else if (cx->file != NULL)
    {
      g_autofree char *b = g_path_get_basename (cx->file);
      char *dot = strstr (b, ".sweep.json");
      if (dot == NULL)
        dot = strrchr (b, '.');
      if (dot != NULL && dot != b)
        *dot = '\0';
      self->name = g_filename_display_name (b);
    }
  else
    self->name = g_strdup ("sweep");

  space = json_object_get_member (o, "space");
  if (space == NULL)
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_MISSING, _("space: missing (the config paths to vary, e.g. "
              "\"space\": {\"optimizer.learning_rate\": {\"log_uniform\": [1e-4, 0.1]}})"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (space))
    {
      hl_sweep_type_fail (cx, "space", space, N_("an object with at least one config path"));
      return NULL;
    }
  /* an empty one was a type error too: "expected an object with at least
   * one config path (got an object)" (found by a QA pass) */
  if (json_object_get_size (json_node_get_object (space)) == 0)
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_MISSING, _("space: empty: name at least one config path to vary, "
              "e.g. \"space\": {\"optimizer.learning_rate\": {\"log_uniform\": [1e-4, 0.1]}}"));
      return NULL;
    }
  {
    g_autoptr(GList) paths = json_object_get_members (json_node_get_object (space));
    /* no method: a grid when every entry lists its points, else random */
    if (method < 0)
      {
        method = HL_SWEEP_GRID;
        for (GList *l = paths; l != NULL; l = l->next)
          {
            JsonNode *n = json_object_get_member (json_node_get_object (space), l->data);
            if (JSON_NODE_HOLDS_OBJECT (n) && !json_object_has_member (json_node_get_object (n), "values")
                && !json_object_has_member (json_node_get_object (n), "points"))
              method = HL_SWEEP_RANDOM;
          }
      }
    self->method = (HlSweepMethod) method;
    for (GList *l = paths; l != NULL; l = l->next)
      {
        HlSweepDim *d = hl_sweep_parse_dim (cx, l->data, json_object_get_member (json_node_get_object (space), l->data),
                            self->method == HL_SWEEP_GRID);
        if (d == NULL)
          return NULL;
        /* "lr" and "lr " are one field to --set: the later value won, the
         * label showed both */
        for (guint i = 0; i < dims->len; i++)
          {
            g_autofree char *a = g_strstrip (g_strdup (((HlSweepDim *) dims->pdata[i])->path));
            g_autofree char *b = g_strstrip (g_strdup (d->path));

            if (g_str_equal (a, b))
              {
                hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("space: “%s” is given twice"), b);
                hl_sweep_dim_free (d);
                return NULL;
              }
          }
        g_ptr_array_add (dims, d);
      }
  }
  base = base_config != NULL ? hl_config_to_json (base_config)
                             : load_base (cx, json_object_get_member (o, "base"), &base_file);
  if (base == NULL)
    return NULL;
  self->spec = spec_text (o, base);
  self->base_dir = base_dir_of (cx, base_config, base_file);
  /* a record's spec has its base inlined: its files are the record's word */
  if (!cx->record && cx->file != NULL)
    self->file = g_canonicalize_filename (cx->file, NULL);
  if (!cx->record && base_file != NULL && g_strcmp0 (base_file, cx->file) != 0)
    self->base_file = g_canonicalize_filename (base_file, NULL);
  self->sets = g_strdupv ((char **) cx->sets);
  /* --set overrides of the base, before the trials set theirs */
  for (guint i = 0; cx->sets != NULL && cx->sets[i] != NULL; i++)
    if (!hl_config_json_set (base, cx->sets[i], cx->error))
      return NULL;
  if (!(cx->checks_only ? hl_sweep_expand_checks : hl_sweep_expand) (cx, self, dims,
                                                                    json_object_has_member (o, "budget"))
      || !build_configs (cx, self, base, base_file, self->base_dir, registry))
    return NULL;
  if (self->pruning_min == 0)
    {
      guint epochs = 1;
      for (guint k = 0; k < self->trials->len; k++)
        epochs = MAX (epochs, ((HlSweepTrial *) self->trials->pdata[k])->config->training.epochs);
      self->pruning_min = hl_sweep_default_min_epochs (epochs, self->reduction_factor);
    }
  if (self->metric == HL_SWEEP_METRIC_VAL_ACCURACY && is_regression (self))
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("metric: “val_accuracy” needs a classification dataset; "
              "use “val_loss”"));
      return NULL;
    }
  for (guint k = 0; k < self->trials->len; k++)
    {
      const HlSweepTrial *t = self->trials->pdata[k];
      if (t->config->dataset.validation_split <= 0.0)
        {
          const char *msg = _("dataset.validation_split is 0: trials are compared on validation data, "
                              "so keep some (e.g. 0.2)");
          g_autofree char *shown = cx->file ? g_filename_display_name (cx->file) : g_strdup (_("sweep"));

          /* the 0 a space entry or a --set gave is blamed on it, not on
           * the sweep file, as a trial's config problems are */
          if (hl_config_path_is_set ("dataset.validation_split", (const char *const *) t->sets))
            g_set_error (cx->error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_RANGE, _("%s: space: %s: trial #%u (%s): %s"),
                         shown, "dataset.validation_split", t->index, t->label, msg);
          else if (hl_config_path_is_set ("dataset.validation_split", cx->sets))
            g_set_error (cx->error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_RANGE, "--set %s", msg);
          /* else the base's 0, named as build_configs names the base's
           * problems (it was blamed on the sweep file); a base given apart
           * (the app's config) is not named */
          else if (base_config != NULL)
            hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, "%s", msg);
          else if (base_file != NULL && g_strcmp0 (base_file, cx->file) != 0)
            {
              g_autofree char *file = g_filename_display_name (base_file);
              g_set_error (cx->error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_RANGE, _("%s: base (%s): %s"), shown, file,
                           msg);
            }
          else
            g_set_error (cx->error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_RANGE, _("%s: base: %s"), shown, msg);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

static HlSweep *
from_data (const char *data, gssize length, const char *filename, const char *const *sets,
           HlPluginRegistry *registry, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  HlSweepCtx cx = { filename, error, sets, FALSE, NULL };

  root = hl_json_parse (data, length, filename, HL_SWEEP_ERROR, HL_SWEEP_ERROR_PARSE, error);
  if (root == NULL)
    return NULL;
  return parse (&cx, root, NULL, registry);
}

HlSweep *
hl_sweep_from_spec (JsonNode *spec, const char *file, const char *base_dir, const char *const *sets,
                    gboolean keep_repeats, HlPluginRegistry *registry, GError **error)
{
  g_autoptr(JsonNode) root = deep_copy (spec);
  HlSweepCtx cx = { file, error, sets, TRUE, base_dir };

  cx.keep_repeats = keep_repeats;
  return parse (&cx, root, NULL, registry);
}

HlSweep *
hl_sweep_from_data (const char *data, gssize length, const char *filename,
                    HlPluginRegistry *registry, GError **error)
{
  return from_data (data, length, filename, NULL, registry, error);
}

void
hl_sweep_problem_clear (HlSweepProblem *problem)
{
  g_return_if_fail (problem != NULL);
  g_clear_pointer (&problem->sets, g_strfreev);
  g_clear_pointer (&problem->reason, g_free);
  problem->n_trials = 0;
  problem->trial = 0;
}

HlSweep *
hl_sweep_new_for_config (const HlConfig *base, JsonNode *spec, HlPluginRegistry *registry,
                         GError **error)
{
  return hl_sweep_new_for_config_cancellable (base, spec, registry, NULL, NULL, error);
}

HlSweep *
hl_sweep_new_for_config_cancellable (const HlConfig *base, JsonNode *spec, HlPluginRegistry *registry,
                                     GCancellable *cancellable, HlSweepProblem *problem, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  HlSweepCtx cx = { NULL, error, NULL, FALSE, NULL, FALSE, cancellable, problem };

  g_return_val_if_fail (base != NULL && spec != NULL, NULL);
  root = deep_copy (spec);   /* the caller's spec stays as it was (parse adds "format") */
  return parse (&cx, root, base, registry);
}

HlSweep *
hl_sweep_check_for_config (const HlConfig *base, JsonNode *spec, HlPluginRegistry *registry,
                           HlSweepProblem *problem, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  HlSweepCtx cx = { NULL, error, NULL, FALSE, NULL, TRUE, NULL, problem };

  g_return_val_if_fail (base != NULL && spec != NULL, NULL);
  root = deep_copy (spec);
  return parse (&cx, root, base, registry);
}

HlSweep *
hl_sweep_load_with_overrides (const char *path, const char *const *sets, HlPluginRegistry *registry,
                              GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  if (!hl_file_read (path, &data, &len, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, error))
    return NULL;
  return from_data (data, (gssize) len, path, sets, registry, error);
}

HlSweep *
hl_sweep_load (const char *path, HlPluginRegistry *registry, GError **error)
{
  return hl_sweep_load_with_overrides (path, NULL, registry, error);
}
