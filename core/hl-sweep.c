/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep.c - sweep files: parsing and the trials they expand to.
 * (Running: hl-sweep-run.c; pruning: hl-sweep-prune.c; ranking and
 * results: hl-sweep-results.c.) */
#include <math.h>
#include <string.h>
#include "hl-sweep.h"
#include "hl-config-private.h"
#include "hl-error.h"
#include "hl-rng.h"

typedef enum { SPACE_VALUES, SPACE_UNIFORM, SPACE_LOG_UNIFORM, SPACE_INT_UNIFORM } SpaceKind;

typedef struct {
  char      *path;       /* config path */
  SpaceKind  kind;
  GPtrArray *values;     /* JsonNode: SPACE_VALUES, and a range's grid points */
  double     lo, hi;
} Dim;

static void
dim_free (gpointer p)
{
  Dim *d = p;

  g_free (d->path);
  g_clear_pointer (&d->values, g_ptr_array_unref);
  g_free (d);
}

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
  g_free (self);
}

/* ---- parsing -------------------------------------------------------------- */

typedef struct {
  const char *file;      /* for messages, or NULL */
  GError    **error;
} Ctx;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Ctx *cx, HlSweepError code, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (cx->file != NULL)
    {
      g_autofree char *shown = g_filename_display_name (cx->file);
      g_set_error (cx->error, HL_SWEEP_ERROR, code, "%s: %s", shown, msg);
    }
  else
    g_set_error_literal (cx->error, HL_SWEEP_ERROR, code, msg);
  return FALSE;
}

static gboolean
type_fail (Ctx *cx, const char *field, JsonNode *got, const char *want)
{
  g_autofree char *shown = hl_json_describe (got);

  return fail (cx, HL_SWEEP_ERROR_TYPE, "%s: expected %s (got %s)", field, want, shown);
}

static gboolean
check_fields (Ctx *cx, JsonObject *o, const char *where, const char *const *known)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *close;

      if (g_strv_contains (known, name))
        continue;
      close = hl_closest_string (name, known);
      return fail (cx, HL_SWEEP_ERROR_UNKNOWN_FIELD, "%s%s%s: unknown field%s%s%s", where,
                   *where ? "." : "", name, close ? " (did you mean “" : "", close ? close : "",
                   close ? "”?)" : "");
    }
  return TRUE;
}

/* A whole number in [min, max] at o.name (absent: *v unchanged). */
static gboolean
read_uint (Ctx *cx, JsonObject *o, const char *where, const char *name, guint64 min,
           guint64 max, guint64 *v)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autofree char *field = g_strconcat (where, *where ? "." : "", name, NULL);
  double d;

  if (n == NULL)
    return TRUE;
  if (!hl_json_is_number (n))
    return type_fail (cx, field, n, "a whole number");
  d = json_node_get_double (n);
  if (d != floor (d) || !isfinite (d))
    return type_fail (cx, field, n, "a whole number");
  if (d < (double) min || d > (double) max)
    return fail (cx, HL_SWEEP_ERROR_RANGE, "%s: must be between %" G_GUINT64_FORMAT " and %"
                 G_GUINT64_FORMAT " (got %.17g)", field, min, max, d);
  *v = (guint64) d;
  return TRUE;
}

static gboolean
read_choice (Ctx *cx, JsonObject *o, const char *where, const char *name,
             const char *const *choices, int *v)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autofree char *field = g_strconcat (where, *where ? "." : "", name, NULL);
  g_autofree char *list = g_strjoinv ("”, “", (char **) choices);
  const char *s;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return type_fail (cx, field, n, "a string");
  s = json_node_get_string (n);
  for (int i = 0; choices[i] != NULL; i++)
    if (g_str_equal (s, choices[i]))
      {
        *v = i;
        return TRUE;
      }
  return fail (cx, HL_SWEEP_ERROR_RANGE, "%s: must be one of “%s” (got “%s”)", field, list, s);
}

static gboolean
parse_header (Ctx *cx, JsonObject *o)
{
  JsonNode *f = json_object_get_member (o, "format");
  JsonNode *v = json_object_get_member (o, "version");

  if (f == NULL || !JSON_NODE_HOLDS_VALUE (f) || json_node_get_value_type (f) != G_TYPE_STRING
      || !g_str_equal (json_node_get_string (f), HL_SWEEP_FORMAT))
    {
      g_autofree char *got = f ? hl_json_describe (f) : g_strdup ("nothing");
      return fail (cx, HL_SWEEP_ERROR_FORMAT, "format: not a Hyperlab sweep (expected \"%s\", got %s)",
                   HL_SWEEP_FORMAT, got);
    }
  if (v == NULL)
    return TRUE;
  if (!hl_json_is_number (v))
    return type_fail (cx, "version", v, "a version number");
  if (floor (json_node_get_double (v)) != HL_SWEEP_VERSION)
    return fail (cx, HL_SWEEP_ERROR_VERSION,
                 "version: unsupported sweep version %g (this Hyperlab reads version %d)",
                 json_node_get_double (v), HL_SWEEP_VERSION);
  return TRUE;
}

/* The base config's JSON (a new tree) and the file it came from, which
 * relative dataset paths resolve against. */
static JsonNode *
load_base (Ctx *cx, JsonNode *n, char **base_file)
{
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  gsize len;

  if (n == NULL)
    {
      fail (cx, HL_SWEEP_ERROR_MISSING,
            "base: missing (the config every trial starts from: a file name or a config object)");
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
      type_fail (cx, "base", n, "a config file name or a config object");
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
      g_prefix_error (cx->error, "%s: base: ", cx->file ? cx->file : "sweep");
      return NULL;
    }
  *base_file = g_steal_pointer (&path);
  return hl_json_parse (data, (gssize) len, *base_file, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE,
                        cx->error);
}

/* [lo, hi] of a range: two finite numbers, lo < hi (log: lo > 0). */
static gboolean
read_range (Ctx *cx, const char *field, JsonNode *n, SpaceKind kind, double *lo, double *hi)
{
  JsonArray *a;

  if (!JSON_NODE_HOLDS_ARRAY (n) || json_array_get_length (a = json_node_get_array (n)) != 2
      || !hl_json_is_number (json_array_get_element (a, 0)) || !hl_json_is_number (json_array_get_element (a, 1)))
    return type_fail (cx, field, n, "[low, high], two numbers");
  *lo = json_array_get_double_element (a, 0);
  *hi = json_array_get_double_element (a, 1);
  if (!(*lo < *hi))
    return fail (cx, HL_SWEEP_ERROR_RANGE, "%s: low must be below high (got [%g, %g])", field, *lo, *hi);
  if (kind == SPACE_LOG_UNIFORM && *lo <= 0)
    return fail (cx, HL_SWEEP_ERROR_RANGE, "%s: a log-uniform range must be above 0 (got [%g, %g])",
                 field, *lo, *hi);
  if (kind == SPACE_INT_UNIFORM && (*lo != floor (*lo) || *hi != floor (*hi)))
    return fail (cx, HL_SWEEP_ERROR_RANGE, "%s: an integer range needs whole numbers (got [%g, %g])",
                 field, *lo, *hi);
  /* beyond 2^53 whole numbers are not all doubles, and the trials' values
   * become 64-bit integers */
  if (kind == SPACE_INT_UNIFORM && (fabs (*lo) > 9007199254740992.0 || fabs (*hi) > 9007199254740992.0))
    return fail (cx, HL_SWEEP_ERROR_RANGE, "%s: an integer range must lie within ±9007199254740992 "
                 "(got [%g, %g])", field, *lo, *hi);
  return TRUE;
}

static JsonNode *
number_node (double v, gboolean integer)
{
  JsonNode *n = json_node_alloc ();

  if (integer)
    json_node_init_int (n, (gint64) v);
  else
    json_node_init_double (n, v);
  return n;
}

/* Point k of `points` across a range: evenly spaced (geometric for
 * log_uniform), ends included; one point is the middle. */
static double
grid_point (const Dim *d, guint k, guint points)
{
  const double f = points == 1 ? 0.5 : (double) k / (points - 1);

  if (d->kind == SPACE_LOG_UNIFORM)
    return exp (log (d->lo) + f * (log (d->hi) - log (d->lo)));
  return d->lo + f * (d->hi - d->lo);
}

/* The point rounded to `digits` significant digits, kept in the range. */
static double
round_point (const Dim *d, double v, int digits)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%.*g", digits, v);
  return CLAMP (g_ascii_strtod (buf, NULL), d->lo, d->hi);
}

/* The `points` values of a range for a grid, without repeats.  Integer
 * ranges round to whole numbers; the others to 4 significant digits (a
 * label reads "0.00316", not 0.0031622776601683794), or as many more as
 * keep the points apart ([0.1, 0.10001] gave four trials of 0.1), and
 * inside the range (0.99999 gave a dropout of 1). */
static void
grid_points (Dim *d, guint points)
{
  int digits = 4;

  if (d->kind != SPACE_INT_UNIFORM)
    for (; digits < 17; digits++)
      {
        gboolean apart = TRUE;

        for (guint k = 1; k < points && apart; k++)
          apart = round_point (d, grid_point (d, k - 1, points), digits)
                  < round_point (d, grid_point (d, k, points), digits);
        if (apart)
          break;
      }
  d->values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint k = 0; k < points; k++)
    {
      const double v = d->kind == SPACE_INT_UNIFORM ? round (grid_point (d, k, points))
                                                    : round_point (d, grid_point (d, k, points), digits);
      JsonNode *last = d->values->len > 0 ? d->values->pdata[d->values->len - 1] : NULL;

      if (last != NULL && (d->kind == SPACE_INT_UNIFORM ? json_node_get_int (last) == (gint64) v
                                                        : json_node_get_double (last) >= v))
        continue;
      g_ptr_array_add (d->values, number_node (v, d->kind == SPACE_INT_UNIFORM));
    }
}

static Dim *
parse_dim (Ctx *cx, const char *path, JsonNode *n, gboolean grid)
{
  static const char *const kinds[] = { "values", "uniform", "log_uniform", "int_uniform", NULL };
  static const char *const known[] = { "values", "uniform", "log_uniform", "int_uniform", "points", NULL };
  g_autofree char *where = g_strdup_printf ("space.%s", path);
  Dim *d;
  JsonObject *o;
  int kind = -1;
  guint64 points = 0;

  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      type_fail (cx, where, n, "an object such as {\"values\": [...]} or {\"log_uniform\": [low, high]}");
      return NULL;
    }
  o = json_node_get_object (n);
  if (!check_fields (cx, o, where, known))
    return NULL;
  for (int i = 0; kinds[i] != NULL; i++)
    if (json_object_has_member (o, kinds[i]))
      {
        if (kind >= 0)
          {
            fail (cx, HL_SWEEP_ERROR_RANGE, "%s: give one of “%s” and “%s”, not both", where,
                  kinds[kind], kinds[i]);
            return NULL;
          }
        kind = i;
      }
  if (kind < 0)
    {
      fail (cx, HL_SWEEP_ERROR_MISSING,
            "%s: says nothing to try (give \"values\": [...], \"uniform\", \"log_uniform\" or "
            "\"int_uniform\": [low, high])", where);
      return NULL;
    }
  d = g_new0 (Dim, 1);
  d->path = g_strdup (path);
  d->kind = (SpaceKind) kind;
  if (d->kind == SPACE_VALUES)
    {
      JsonNode *v = json_object_get_member (o, "values");
      g_autofree char *field = g_strconcat (where, ".values", NULL);
      JsonArray *a;

      if (!JSON_NODE_HOLDS_ARRAY (v) || json_array_get_length (a = json_node_get_array (v)) == 0)
        {
          type_fail (cx, field, v, "a list of one or more values");
          dim_free (d);
          return NULL;
        }
      if (json_object_has_member (o, "points"))
        {
          fail (cx, HL_SWEEP_ERROR_RANGE, "%s.points: only for a range (the values are the points)", where);
          dim_free (d);
          return NULL;
        }
      d->values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      for (guint i = 0; i < json_array_get_length (a); i++)
        g_ptr_array_add (d->values, json_node_copy (json_array_get_element (a, i)));
      return d;
    }
  {
    g_autofree char *field = g_strconcat (where, ".", kinds[kind], NULL);
    if (!read_range (cx, field, json_object_get_member (o, kinds[kind]), d->kind, &d->lo, &d->hi)
        || !read_uint (cx, o, where, "points", 1, 1000, &points))
      {
        dim_free (d);
        return NULL;
      }
  }
  if (grid && points == 0)
    {
      fail (cx, HL_SWEEP_ERROR_MISSING,
            "%s.points: a grid needs the number of points to take from the range "
            "(e.g. \"points\": 4), or give \"values\"", where);
      dim_free (d);
      return NULL;
    }
  /* a random draw picks one of hi - lo + 1 values with a 32-bit count */
  if (!grid && d->kind == SPACE_INT_UNIFORM && d->hi - d->lo >= (double) G_MAXUINT32)
    {
      fail (cx, HL_SWEEP_ERROR_RANGE, "%s.int_uniform: a random integer range may hold at most "
            "%u values (got [%.17g, %.17g])", where, G_MAXUINT32, d->lo, d->hi);
      dim_free (d);
      return NULL;
    }
  if (!grid && points > 0)
    {
      fail (cx, HL_SWEEP_ERROR_RANGE, "%s.points: only for \"method\": \"grid\" (random trials "
            "draw from the whole range)", where);
      dim_free (d);
      return NULL;
    }
  if (grid)
    grid_points (d, (guint) points);
  return d;
}

/* A value drawn for a random trial (a new node). */
static JsonNode *
draw (const Dim *d, HlRng *rng)
{
  double u = hl_rng_uniform (rng), v;
  char buf[32];

  switch (d->kind)
    {
    case SPACE_VALUES:
      return json_node_copy (d->values->pdata[hl_rng_below (rng, d->values->len)]);
    case SPACE_INT_UNIFORM:
      return number_node (d->lo + hl_rng_below (rng, (guint32) (d->hi - d->lo + 1)), TRUE);
    case SPACE_LOG_UNIFORM:
      v = exp (log (d->lo) + u * (log (d->hi) - log (d->lo)));
      break;
    case SPACE_UNIFORM:
    default:
      v = d->lo + u * (d->hi - d->lo);
      break;
    }
  /* 4 significant digits, kept inside the range */
  g_snprintf (buf, sizeof buf, "%.4g", v);
  v = CLAMP (g_ascii_strtod (buf, NULL), d->lo, d->hi);
  return number_node (v, FALSE);
}

static char *
node_text (JsonNode *n)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (hl_json_is_number (n) && json_node_get_value_type (n) == G_TYPE_DOUBLE)
    hl_string_append_double (s, json_node_get_double (n));
  else
    hl_json_write_node (s, n, -1);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_trial (HlSweep *self, GPtrArray *dims, JsonNode **values)
{
  HlSweepTrial *t = g_new0 (HlSweepTrial, 1);
  GString *label = g_string_new (NULL);

  t->index = self->trials->len + 1;
  t->sets = g_new0 (char *, dims->len + 1);
  for (guint i = 0; i < dims->len; i++)
    {
      const Dim *d = dims->pdata[i];
      g_autofree char *text = node_text (values[i]);

      t->sets[i] = g_strdup_printf ("%s=%s", d->path, text);
      g_string_append_printf (label, "%s%s=%s", i ? ", " : "", d->path, text);
    }
  t->label = g_string_free (label, FALSE);
  t->score = NAN;
  t->test_accuracy = NAN;
  g_ptr_array_add (self->trials, t);
}

static gboolean
expand (Ctx *cx, HlSweep *self, GPtrArray *dims, gboolean budget_given)
{
  g_autofree JsonNode **values = g_new0 (JsonNode *, MAX (dims->len, 1));

  if (self->method == HL_SWEEP_GRID)
    {
      g_autofree guint *at = g_new0 (guint, MAX (dims->len, 1));
      double total = 1;

      for (guint i = 0; i < dims->len; i++)
        total *= ((Dim *) dims->pdata[i])->values->len;
      if (total > HL_SWEEP_MAX_TRIALS)
        return fail (cx, HL_SWEEP_ERROR_RANGE, "space: the grid has %.0f points, more than the %d "
                     "trials a sweep may have", total, HL_SWEEP_MAX_TRIALS);
      if (budget_given && total > self->budget)
        return fail (cx, HL_SWEEP_ERROR_RANGE, "budget: the grid has %.0f points, more than the "
                     "budget of %u trials (raise the budget, take fewer points, or use "
                     "\"method\": \"random\")", total, self->budget);
      self->budget = (guint) total;
      /* the last dimension varies fastest */
      for (guint n = 0; n < (guint) total; n++)
        {
          for (guint i = 0; i < dims->len; i++)
            values[i] = ((Dim *) dims->pdata[i])->values->pdata[at[i]];
          add_trial (self, dims, values);
          for (guint i = dims->len; i-- > 0;)
            {
              if (++at[i] < ((Dim *) dims->pdata[i])->values->len)
                break;
              at[i] = 0;
            }
        }
      return TRUE;
    }
  {
    HlRng rng;

    if (!budget_given)
      return fail (cx, HL_SWEEP_ERROR_MISSING,
                   "budget: random search needs the number of trials (e.g. \"budget\": 20)");
    hl_rng_seed (&rng, self->seed);
    for (guint n = 0; n < self->budget; n++)
      {
        for (guint i = 0; i < dims->len; i++)
          values[i] = draw (dims->pdata[i], &rng);
        add_trial (self, dims, values);
        for (guint i = 0; i < dims->len; i++)
          json_node_unref (values[i]);
      }
  }
  return TRUE;
}

/* A copy that shares nothing with n (json_node_copy shares an object's
 * members: setting a trial's values in one changed the base for the next). */
static JsonNode *
deep_copy (JsonNode *n)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* not json_to_string: json-glib 1.6 writes 1e-08 as "1e-08.0" */
  hl_json_write_node (text, n, -1);
  return json_from_string (text->str, NULL);
}

/* Whether the base alone fails as a trial did: then the base is to blame,
 * not what the trial set (a typo in the base file was reported as trial
 * #1's, without the file's name). */
static gboolean
base_fails_alike (JsonNode *base, HlPluginRegistry *registry, const GError *trial_error)
{
  g_autoptr(JsonNode) root = deep_copy (base);
  g_autoptr(GError) local = NULL;
  g_autoptr(HlConfig) c = hl_config_parse_json (root, NULL, TRUE, &local);

  if (c != NULL)
    hl_config_validate (c, registry, &local);
  return local != NULL && local->domain == trial_error->domain && local->code == trial_error->code
         && g_str_equal (local->message, trial_error->message);
}

/* Each trial's config: the base with its sets, checked (with the registry:
 * its plugins too).  A problem names the trial and what it set, or the
 * base when the base alone has it. */
static gboolean
build_configs (Ctx *cx, HlSweep *self, JsonNode *base, const char *base_file, const char *base_dir,
               HlPluginRegistry *registry)
{
  for (guint k = 0; k < self->trials->len; k++)
    {
      HlSweepTrial *t = self->trials->pdata[k];
      g_autoptr(JsonNode) root = deep_copy (base);
      g_autoptr(GError) local = NULL;
      g_autofree char *name = NULL;
      HlConfig *c = NULL;

      for (guint i = 0; t->sets[i] != NULL && local == NULL; i++)
        hl_config_json_set (root, t->sets[i], &local);
      if (local == NULL)
        c = hl_config_parse_json (root, NULL, TRUE, &local);
      if (c != NULL && !hl_config_validate (c, registry, &local))
        g_clear_pointer (&c, hl_config_free);
      if (c == NULL)
        {
          g_autofree char *shown = cx->file ? g_filename_display_name (cx->file) : g_strdup ("sweep");
          const char *msg = g_str_has_prefix (local->message, "--set ") ? local->message + 6 : local->message;

          if (base_fails_alike (base, registry, local))
            {
              /* a base of its own file is named; one inside the sweep is "base" */
              g_autofree char *file = base_file != NULL && g_strcmp0 (base_file, cx->file) != 0
                                      ? g_filename_display_name (base_file) : NULL;
              g_set_error (cx->error, local->domain, local->code, "%s: base%s%s%s: %s", shown,
                           file ? " (" : "", file ? file : "", file ? ")" : "", msg);
            }
          else
            g_set_error (cx->error, local->domain, local->code, "%s: trial #%u (%s): %s", shown,
                         t->index, t->label, msg);
          return FALSE;
        }
      g_clear_pointer (&c->base_dir, g_free);
      if (base_dir != NULL)
        c->base_dir = g_strdup (base_dir);
      else if (base_file != NULL)
        {
          g_autofree char *abs = g_canonicalize_filename (base_file, NULL);
          c->base_dir = g_path_get_dirname (abs);
        }
      name = g_strdup_printf ("%s #%u · %s", self->name, t->index, t->label);
      g_free (c->name);
      c->name = g_steal_pointer (&name);
      t->config = c;
    }
  return TRUE;
}

static gboolean
parse_pruning (Ctx *cx, HlSweep *self, JsonNode *n)
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
    return type_fail (cx, "pruning", n, "an object such as {\"method\": \"successive_halving\"}");
  o = json_node_get_object (n);
  if (!check_fields (cx, o, "pruning", known)
      || !read_choice (cx, o, "pruning", "method", methods, &method)
      || !read_uint (cx, o, "pruning", "min_steps", 1, G_MAXUINT32, &min_steps)
      || !read_uint (cx, o, "pruning", "reduction_factor", 2, 100, &eta))
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
        return fail (cx, HL_SWEEP_ERROR_RANGE, "pruning: give min_steps or min_epochs, not both");
      if (!hl_json_is_number (epochs))
        return type_fail (cx, "pruning.min_epochs", epochs, "a number of epochs (e.g. 0.5)");
      if (!(json_node_get_double (epochs) > 0 && json_node_get_double (epochs) <= 1e6))
        return fail (cx, HL_SWEEP_ERROR_RANGE, "pruning.min_epochs: must be above 0 (got %g)",
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
    {
      const HlDatasetConfig *d = &((HlSweepTrial *) self->trials->pdata[k])->config->dataset;
      if (g_strcmp0 (d->kind, "sine") == 0
          || (g_strcmp0 (d->kind, "csv") == 0 && d->task == HL_TASK_REGRESSION))
        return TRUE;
    }
  return FALSE;
}

/* With base_config, the file's "base" is not read (it must not be there). */
static HlSweep *
parse (Ctx *cx, JsonNode *root, const HlConfig *base_config, HlPluginRegistry *registry)
{
  static const char *const known[] = { "format", "version", "name", "base", "space", "method",
                                       "budget", "seed", "metric", "pruning", "parallel", NULL };
  static const char *const methods[] = { "grid", "random", NULL };
  static const char *const metrics[] = { "val_loss", "val_accuracy", NULL };
  g_autoptr(HlSweep) self = g_new0 (HlSweep, 1);
  g_autoptr(GPtrArray) dims = g_ptr_array_new_with_free_func (dim_free);
  g_autoptr(JsonNode) base = NULL;
  g_autofree char *base_file = NULL;
  JsonObject *o;
  JsonNode *space, *name;
  int method = -1, metric = HL_SWEEP_METRIC_VAL_LOSS;
  guint64 budget = 0, seed = 0, parallel = 0;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (cx, HL_SWEEP_ERROR_PARSE, "expected a JSON object at the top level");
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
          fail (cx, HL_SWEEP_ERROR_UNKNOWN_FIELD, "base: the sweep's base config is given apart");
          return NULL;
        }
      if (!json_object_has_member (o, "format"))
        json_object_set_string_member (o, "format", HL_SWEEP_FORMAT);
    }
  if (!parse_header (cx, o) || !check_fields (cx, o, "", known)
      || !read_choice (cx, o, "", "method", methods, &method)
      || !read_choice (cx, o, "", "metric", metrics, &metric)
      || !read_uint (cx, o, "", "budget", 1, HL_SWEEP_MAX_TRIALS, &budget)
      || !read_uint (cx, o, "", "seed", 0, G_MAXINT64, &seed)
      || !read_uint (cx, o, "", "parallel", 1, 256, &parallel)
      || !parse_pruning (cx, self, json_object_get_member (o, "pruning")))
    return NULL;
  self->metric = (HlSweepMetric) metric;
  self->budget = (guint) budget;
  self->seed = seed;
  self->parallel = (guint) parallel;
  name = json_object_get_member (o, "name");
  if (name != NULL && (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING))
    {
      type_fail (cx, "name", name, "a string");
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
      fail (cx, HL_SWEEP_ERROR_MISSING, "space: missing (the config paths to vary, e.g. "
            "\"space\": {\"optimizer.learning_rate\": {\"log_uniform\": [1e-4, 0.1]}})");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (space) || json_object_get_size (json_node_get_object (space)) == 0)
    {
      type_fail (cx, "space", space, "an object with at least one config path");
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
        Dim *d = parse_dim (cx, l->data, json_object_get_member (json_node_get_object (space), l->data),
                            self->method == HL_SWEEP_GRID);
        if (d == NULL)
          return NULL;
        /* "lr" and "lr " are one field to --set: the later value won, the
         * label showed both */
        for (guint i = 0; i < dims->len; i++)
          {
            g_autofree char *a = g_strstrip (g_strdup (((Dim *) dims->pdata[i])->path));
            g_autofree char *b = g_strstrip (g_strdup (d->path));

            if (g_str_equal (a, b))
              {
                fail (cx, HL_SWEEP_ERROR_RANGE, "space: “%s” is given twice", b);
                dim_free (d);
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
  if (!expand (cx, self, dims, json_object_has_member (o, "budget"))
      || !build_configs (cx, self, base, base_file, base_config ? base_config->base_dir : NULL, registry))
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
      fail (cx, HL_SWEEP_ERROR_RANGE, "metric: “val_accuracy” needs a classification dataset; "
            "use “val_loss”");
      return NULL;
    }
  for (guint k = 0; k < self->trials->len; k++)
    {
      const HlConfig *c = ((HlSweepTrial *) self->trials->pdata[k])->config;
      if (c->dataset.validation_split <= 0.0)
        {
          fail (cx, HL_SWEEP_ERROR_RANGE, "dataset.validation_split is 0: trials are compared "
                "on validation data, so keep some (e.g. 0.2)");
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

HlSweep *
hl_sweep_from_data (const char *data, gssize length, const char *filename,
                    HlPluginRegistry *registry, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  Ctx cx = { filename, error };

  root = hl_json_parse (data, length, filename, HL_SWEEP_ERROR, HL_SWEEP_ERROR_PARSE, error);
  if (root == NULL)
    return NULL;
  return parse (&cx, root, NULL, registry);
}

HlSweep *
hl_sweep_new_for_config (const HlConfig *base, JsonNode *spec, HlPluginRegistry *registry,
                         GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  Ctx cx = { NULL, error };

  g_return_val_if_fail (base != NULL && spec != NULL, NULL);
  root = deep_copy (spec);   /* the caller's spec stays as it was (parse adds "format") */
  return parse (&cx, root, base, registry);
}

HlSweep *
hl_sweep_load (const char *path, HlPluginRegistry *registry, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  if (!hl_file_read (path, &data, &len, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, error))
    return NULL;
  return hl_sweep_from_data (data, (gssize) len, path, registry, error);
}
