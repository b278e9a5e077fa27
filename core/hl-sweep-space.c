/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-space.c - a sweep's "space": its entries (values, uniform,
 * log_uniform, int_uniform ranges; a grid's points) and the trials they
 * expand to, every combination or random draws. */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include "hl-sweep-private.h"
#include "hl-config-private.h"
#include "hl-rng.h"

void
hl_sweep_dim_free (gpointer p)
{
  HlSweepDim *d = p;

  g_free (d->path);
  g_clear_pointer (&d->values, g_ptr_array_unref);
  g_free (d);
}

/* [lo, hi] of a range: two finite numbers, lo < hi (log: lo > 0). */
static gboolean
read_range (HlSweepCtx *cx, const char *field, JsonNode *n, HlSweepSpaceKind kind, double *lo, double *hi)
{
  JsonArray *a;

  if (!JSON_NODE_HOLDS_ARRAY (n) || json_array_get_length (a = json_node_get_array (n)) != 2
      || !hl_json_is_number (json_array_get_element (a, 0)) || !hl_json_is_number (json_array_get_element (a, 1)))
    return hl_sweep_type_fail (cx, field, n, N_("[low, high], two numbers"));
  *lo = json_array_get_double_element (a, 0);
  *hi = json_array_get_double_element (a, 1);
  /* 1e999 reads as infinity: its grid points and draws were NaN, blamed on
   * the trial's config */
  if (!isfinite (*lo) || !isfinite (*hi))
    return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s: expected two finite numbers (got [%g, %g])"), field,
                          *lo, *hi);
  if (!(*lo < *hi))
    return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s: low must be below high (got [%g, %g])"), field, *lo, *hi);
  if (kind == SPACE_LOG_UNIFORM && *lo <= 0)
    return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s: a log-uniform range must be above 0 (got [%g, %g])"),
                 field, *lo, *hi);
  if (kind == SPACE_INT_UNIFORM && (*lo != floor (*lo) || *hi != floor (*hi)))
    return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s: an integer range needs whole numbers (got [%g, %g])"),
                 field, *lo, *hi);
  /* beyond 2^53 whole numbers are not all doubles, and the trials' values
   * become 64-bit integers */
  if (kind == SPACE_INT_UNIFORM && (fabs (*lo) > 9007199254740992.0 || fabs (*hi) > 9007199254740992.0))
    return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s: an integer range must lie within ±9007199254740992 "
                   "(got [%g, %g])"), field, *lo, *hi);
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
grid_point (const HlSweepDim *d, guint k, guint points)
{
  const double f = points == 1 ? 0.5 : (double) k / (points - 1);

  if (d->kind == SPACE_LOG_UNIFORM)
    return exp (log (d->lo) + f * (log (d->hi) - log (d->lo)));
  return d->lo + f * (d->hi - d->lo);
}

/* The point rounded to `digits` significant digits, kept in the range. */
static double
round_point (const HlSweepDim *d, double v, int digits)
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
grid_points (HlSweepDim *d, guint points)
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

/* Whether values holds v already: numbers by value (8 and 8.0 are one),
 * anything else as JSON. */
static gboolean
values_hold (GPtrArray *values, JsonNode *v)
{
  for (guint i = 0; i < values->len; i++)
    {
      JsonNode *w = values->pdata[i];

      if (hl_json_is_number (v) && hl_json_is_number (w)
          ? json_node_get_double (v) == json_node_get_double (w)
          : json_node_equal (v, w))
        return TRUE;
    }
  return FALSE;
}

HlSweepDim *
hl_sweep_parse_dim (HlSweepCtx *cx, const char *path, JsonNode *n, gboolean grid)
{
  static const char *const kinds[] = { "values", "uniform", "log_uniform", "int_uniform", NULL };
  static const char *const known[] = { "values", "uniform", "log_uniform", "int_uniform", "points", NULL };
  g_autofree char *where = g_strdup_printf ("space.%s", path);
  HlSweepDim *d;
  JsonObject *o;
  int kind = -1;
  guint64 points = 0;

  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      hl_sweep_type_fail (cx, where, n, N_("an object such as {\"values\": [...]} or {\"log_uniform\": [low, high]}"));
      return NULL;
    }
  o = json_node_get_object (n);
  if (!hl_sweep_check_fields (cx, o, where, known))
    return NULL;
  for (int i = 0; kinds[i] != NULL; i++)
    if (json_object_has_member (o, kinds[i]))
      {
        if (kind >= 0)
          {
            hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s: give one of “%s” and “%s”, not both"), where,
                  kinds[kind], kinds[i]);
            return NULL;
          }
        kind = i;
      }
  if (kind < 0)
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_MISSING,
            _("%s: says nothing to try (give \"values\": [...], \"uniform\", \"log_uniform\" or "
              "\"int_uniform\": [low, high])"), where);
      return NULL;
    }
  d = g_new0 (HlSweepDim, 1);
  d->path = g_strdup (path);
  d->kind = (HlSweepSpaceKind) kind;
  if (d->kind == SPACE_VALUES)
    {
      JsonNode *v = json_object_get_member (o, "values");
      g_autofree char *field = g_strconcat (where, ".values", NULL);
      JsonArray *a;

      if (!JSON_NODE_HOLDS_ARRAY (v) || json_array_get_length (a = json_node_get_array (v)) == 0)
        {
          if (JSON_NODE_HOLDS_ARRAY (v))   /* not "(got an array)" */
            hl_sweep_fail (cx, HL_SWEEP_ERROR_TYPE, _("%s: expected a list of one or more values (got an empty list)"),
                           field);
          else
            hl_sweep_type_fail (cx, field, v, N_("a list of one or more values"));
          hl_sweep_dim_free (d);
          return NULL;
        }
      if (json_object_has_member (o, "points"))
        {
          hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s.points: only for a range (the values are the points)"), where);
          hl_sweep_dim_free (d);
          return NULL;
        }
      d->values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *value = json_array_get_element (a, i);

          /* a grid tries each value once, as it does a range's points:
           * "8, 8, all" trained every setting with 8 twice, the same
           * seed giving the same run (found by a QA pass).  A random
           * draw keeps the list as given, and so does a record's grid
           * made before (its trials are the repeats'). */
          if (grid && !cx->keep_repeats && values_hold (d->values, value))
            continue;
          g_ptr_array_add (d->values, json_node_copy (value));
        }
      return d;
    }
  {
    g_autofree char *field = g_strconcat (where, ".", kinds[kind], NULL);
    if (!read_range (cx, field, json_object_get_member (o, kinds[kind]), d->kind, &d->lo, &d->hi)
        || !hl_sweep_read_uint (cx, o, where, "points", 1, 1000, &points))
      {
        hl_sweep_dim_free (d);
        return NULL;
      }
  }
  if (grid && points == 0)
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_MISSING,
            _("%s.points: a grid needs the number of points to take from the range "
              "(e.g. \"points\": 4), or give \"values\""), where);
      hl_sweep_dim_free (d);
      return NULL;
    }
  /* a random draw picks one of hi - lo + 1 values with a 32-bit count */
  if (!grid && d->kind == SPACE_INT_UNIFORM && d->hi - d->lo >= (double) G_MAXUINT32)
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s.int_uniform: a random integer range may hold at most "
              "%u values (got [%.17g, %.17g])"), where, G_MAXUINT32, d->lo, d->hi);
      hl_sweep_dim_free (d);
      return NULL;
    }
  if (!grid && points > 0)
    {
      hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s.points: only for \"method\": \"grid\" (random trials "
              "draw from the whole range)"), where);
      hl_sweep_dim_free (d);
      return NULL;
    }
  if (grid)
    grid_points (d, (guint) points);
  return d;
}

/* A value drawn for a random trial (a new node). */
static JsonNode *
draw (const HlSweepDim *d, HlRng *rng)
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

/* A config path as a trial's run name says it: "lr=0.01, batch=32" reads
 * in the Runs table and a plot's legend, where
 * "optimizer.learning_rate=0.01, training.batch_size=32" was cut off
 * before its values. */
static char *
short_path (const char *path)
{
  static const struct { const char *path, *name; } names[] = {
    { "optimizer.learning_rate", "lr" },
    { "training.batch_size", "batch" },
  };
  static const char *const prefixes[] = {
    "optimizer.params.", "schedule.params.", "training.", "model.", "dataset.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (path, names[i].path) == 0)
      return g_strdup (names[i].name);
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (path, prefixes[i]) && path[strlen (prefixes[i])] != '\0')
      return g_strdup (path + strlen (prefixes[i]));
  return g_strdup (path);
}

char *
hl_sweep_trial_short_label (const HlSweepTrial *t)
{
  const guint n = t->sets != NULL ? g_strv_length (t->sets) : 0;
  g_autoptr(GPtrArray) shorts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean clash = FALSE;
  GString *label = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *eq = strchr (t->sets[i], '=');
      g_autofree char *path = eq != NULL ? g_strndup (t->sets[i], eq - t->sets[i]) : g_strdup (t->sets[i]);
      char *shortened = short_path (path);

      g_ptr_array_add (shorts, shortened);
      /* two fields of one name (a momentum of the optimizer's and the
       * schedule's): the whole paths say which */
      clash |= !g_hash_table_add (seen, shortened);
    }
  for (guint i = 0; i < n; i++)
    {
      const char *eq = strchr (t->sets[i], '=');

      if (clash || eq == NULL)
        g_string_append_printf (label, "%s%s", i ? ", " : "", t->sets[i]);
      else
        g_string_append_printf (label, "%s%s%s", i ? ", " : "", (const char *) shorts->pdata[i], eq);
    }
  return g_string_free (label, FALSE);
}

/* Trial `index` (from 1) setting values[i] at each dim's path. */
static void
add_trial (HlSweep *self, GPtrArray *dims, JsonNode **values, guint index)
{
  HlSweepTrial *t = g_new0 (HlSweepTrial, 1);
  GString *label = g_string_new (NULL);

  t->index = index;
  t->sets = g_new0 (char *, dims->len + 1);
  for (guint i = 0; i < dims->len; i++)
    {
      const HlSweepDim *d = dims->pdata[i];
      g_autofree char *text = node_text (values[i]);

      t->sets[i] = g_strdup_printf ("%s=%s", d->path, text);
      g_string_append_printf (label, "%s%s=%s", i ? ", " : "", d->path, text);
    }
  t->label = g_string_free (label, FALSE);
  t->score = NAN;
  t->test_accuracy = NAN;
  g_ptr_array_add (self->trials, t);
}

/* The number of a grid's trials, counted, not built (self->budget), or
 * FALSE with the error when there are too many. */
static gboolean
grid_total (HlSweepCtx *cx, HlSweep *self, GPtrArray *dims, gboolean budget_given)
{
  double total = 1;

  for (guint i = 0; i < dims->len; i++)
    total *= ((HlSweepDim *) dims->pdata[i])->values->len;
  if (total > HL_SWEEP_MAX_TRIALS)
    {
      if (cx->problem != NULL)
        cx->problem->n_trials = total;
      /* TRANSLATORS: "space" and "points" are the sweep file's field names */
      return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("space: the grid has %.0f points, more than the %d "
                            "trials a sweep may have"), total, HL_SWEEP_MAX_TRIALS);
    }
  if (budget_given && total > self->budget)
    return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("budget: the grid has %.0f points, more than the "
                   "budget of %u trials (raise the budget, take fewer points, or use "
                   "\"method\": \"random\")"), total, self->budget);
  self->budget = (guint) total;
  return TRUE;
}

gboolean
hl_sweep_expand (HlSweepCtx *cx, HlSweep *self, GPtrArray *dims, gboolean budget_given)
{
  g_autofree JsonNode **values = g_new0 (JsonNode *, MAX (dims->len, 1));

  if (self->method == HL_SWEEP_GRID)
    {
      g_autofree guint *at = g_new0 (guint, MAX (dims->len, 1));
      guint total;

      if (!grid_total (cx, self, dims, budget_given))
        return FALSE;
      total = self->budget;
      /* the last dimension varies fastest */
      for (guint n = 0; n < total; n++)
        {
          for (guint i = 0; i < dims->len; i++)
            values[i] = ((HlSweepDim *) dims->pdata[i])->values->pdata[at[i]];
          add_trial (self, dims, values, n + 1);
          for (guint i = dims->len; i-- > 0;)
            {
              if (++at[i] < ((HlSweepDim *) dims->pdata[i])->values->len)
                break;
              at[i] = 0;
            }
        }
      return TRUE;
    }
  {
    HlRng rng;

    if (!budget_given)
      return hl_sweep_fail (cx, HL_SWEEP_ERROR_MISSING,
                   _("budget: random search needs the number of trials (e.g. \"budget\": 20)"));
    hl_rng_seed (&rng, self->seed);
    for (guint n = 0; n < self->budget; n++)
      {
        for (guint i = 0; i < dims->len; i++)
          values[i] = draw (dims->pdata[i], &rng);
        add_trial (self, dims, values, n + 1);
        for (guint i = 0; i < dims->len; i++)
          json_node_unref (values[i]);
      }
  }
  return TRUE;
}


/* ---- the trials that stand for all (a form's check on each edit) --------- */

/* Up to this many trials are all checked (a few milliseconds). */
#define CHECK_ALL 256
/* At most this many trials with the largest numbers (one per mix of the
 * words such as "all" the lists hold). */
#define MAX_CORNERS 64

static gboolean
node_number (JsonNode *n, double *v)
{
  if (!hl_json_is_number (n))
    return FALSE;
  *v = json_node_get_double (n);
  return TRUE;
}

static int
compare_uint (gconstpointer a, gconstpointer b)
{
  const guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* A grid trial's index (from 0; the last dimension varies fastest) and back. */
static guint
grid_index (GPtrArray *dims, const guint *at)
{
  guint index = 0;

  for (guint i = 0; i < dims->len; i++)
    index = index * ((HlSweepDim *) dims->pdata[i])->values->len + at[i];
  return index;
}

static void
grid_at (GPtrArray *dims, guint index, guint *at)
{
  for (guint i = dims->len; i-- > 0;)
    {
      const guint len = ((HlSweepDim *) dims->pdata[i])->values->len;

      at[i] = index % len;
      index /= len;
    }
}

/* The places of dim's largest number and of each value that is no number. */
static GArray *
corner_places (const HlSweepDim *d)
{
  GArray *places = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean any = FALSE;
  guint best = 0;
  double top = 0, v;

  for (guint j = 0; j < d->values->len; j++)
    if (!node_number (d->values->pdata[j], &v))
      g_array_append_val (places, j);
    else if (!any || v > top)
      {
        any = TRUE;
        top = v;
        best = j;
      }
  if (any)
    g_array_prepend_val (places, best);
  return places;
}

/* Each value of each dimension (the others at their first), and the trials
 * with the largest number of every dimension: every limit of a config is
 * either one field's or grows with its numbers (units, batch size). */
static void
grid_checks (HlSweep *self, GPtrArray *dims)
{
  g_autoptr (GHashTable) chosen = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) corners = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree guint *at = g_new0 (guint, MAX (dims->len, 1));
  g_autofree guint *pick = g_new0 (guint, MAX (dims->len, 1));
  g_autofree JsonNode **values = g_new0 (JsonNode *, MAX (dims->len, 1));
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < dims->len; i++)
    for (guint j = 0; j < ((HlSweepDim *) dims->pdata[i])->values->len; j++)
      {
        memset (at, 0, dims->len * sizeof *at);
        at[i] = j;
        g_hash_table_add (chosen, GUINT_TO_POINTER (grid_index (dims, at) + 1));
      }
  for (guint i = 0; i < dims->len; i++)
    g_ptr_array_add (corners, corner_places (dims->pdata[i]));
  for (guint n = 0; n < MAX_CORNERS; n++)
    {
      guint i;

      for (i = 0; i < dims->len; i++)
        at[i] = g_array_index ((GArray *) corners->pdata[i], guint, pick[i]);
      g_hash_table_add (chosen, GUINT_TO_POINTER (grid_index (dims, at) + 1));
      for (i = dims->len; i-- > 0;)
        {
          if (++pick[i] < ((GArray *) corners->pdata[i])->len)
            break;
          pick[i] = 0;
        }
      if (i == G_MAXUINT)
        break;
    }
  g_hash_table_iter_init (&iter, chosen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const guint index = GPOINTER_TO_UINT (key);
      g_array_append_val (order, index);
    }
  g_array_sort (order, compare_uint);
  for (guint k = 0; k < order->len; k++)
    {
      const guint index = g_array_index (order, guint, k);

      grid_at (dims, index - 1, at);
      for (guint i = 0; i < dims->len; i++)
        values[i] = ((HlSweepDim *) dims->pdata[i])->values->pdata[at[i]];
      add_trial (self, dims, values, index);
    }
}

/* Random trials: the draws are made (cheap), the trials built only for
 * each dimension's smallest and largest number and each other value a
 * list gives (a list's each value: 2.5 between 2 and 3 is no batch size).
 * A limit only a mix of large numbers breaks is found when the sweep is
 * built at Start. */
static void
random_checks (HlSweep *self, GPtrArray *dims)
{
  g_autoptr (GHashTable) chosen = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autofree JsonNode **values = g_new0 (JsonNode *, MAX (dims->len, 1));
  g_autofree double *low = g_new0 (double, MAX (dims->len, 1));
  g_autofree double *high = g_new0 (double, MAX (dims->len, 1));
  g_autofree guint *low_at = g_new0 (guint, MAX (dims->len, 1));
  g_autofree guint *high_at = g_new0 (guint, MAX (dims->len, 1));
  HlRng rng;

  for (guint i = 0; i < dims->len; i++)
    g_ptr_array_add (seen, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
  hl_rng_seed (&rng, self->seed);
  for (guint n = 1; n <= self->budget; n++)
    for (guint i = 0; i < dims->len; i++)
      {
        const HlSweepDim *d = dims->pdata[i];
        g_autoptr (JsonNode) value = draw (d, &rng);
        double v;

        if (d->kind == SPACE_VALUES || !node_number (value, &v))
          {
            char *text = node_text (value);

            if (g_hash_table_add (seen->pdata[i], text))
              g_hash_table_add (chosen, GUINT_TO_POINTER (n));
            continue;
          }
        if (low_at[i] == 0 || v < low[i])
          low[i] = v, low_at[i] = n;
        if (high_at[i] == 0 || v > high[i])
          high[i] = v, high_at[i] = n;
      }
  for (guint i = 0; i < dims->len; i++)
    if (low_at[i] != 0)
      {
        g_hash_table_add (chosen, GUINT_TO_POINTER (low_at[i]));
        g_hash_table_add (chosen, GUINT_TO_POINTER (high_at[i]));
      }
  /* again, keeping those */
  hl_rng_seed (&rng, self->seed);
  for (guint n = 1; n <= self->budget; n++)
    {
      for (guint i = 0; i < dims->len; i++)
        values[i] = draw (dims->pdata[i], &rng);
      if (g_hash_table_contains (chosen, GUINT_TO_POINTER (n)))
        add_trial (self, dims, values, n);
      for (guint i = 0; i < dims->len; i++)
        json_node_unref (values[i]);
    }
}

gboolean
hl_sweep_expand_checks (HlSweepCtx *cx, HlSweep *self, GPtrArray *dims, gboolean budget_given)
{
  if (self->method == HL_SWEEP_GRID && !grid_total (cx, self, dims, budget_given))
    return FALSE;
  /* a few trials are all checked, quickly: the same first wrong trial as
   * the whole sweep's, and a random sweep's mixes too */
  if (self->budget <= CHECK_ALL || (self->method == HL_SWEEP_RANDOM && !budget_given))
    return hl_sweep_expand (cx, self, dims, budget_given);
  if (self->method == HL_SWEEP_GRID)
    grid_checks (self, dims);
  else
    random_checks (self, dims);
  return TRUE;
}
