/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-results.c - a sweep's trials ranked by their scores, and their
 * outcomes as JSON (the results file, and a trial's entry that carries its
 * outcome from a SLURM array task back to the command that follows them). */
#include <math.h>
#include <string.h>
#include "hl-sweep.h"
#include "hl-config-private.h"
#include "hl-error.h"

/* ---- scores ------------------------------------------------------------------ */

gboolean
hl_sweep_better (const HlSweep *self, double a, double b)
{
  if (isnan (a))
    return FALSE;
  if (isnan (b))
    return TRUE;
  return self->metric == HL_SWEEP_METRIC_VAL_ACCURACY ? a > b : a < b;
}

static const HlSweep *ranking_sweep;   /* g_ptr_array_sort has no user data in GLib 2.74 */
G_LOCK_DEFINE_STATIC (ranking);

static int
rank_cmp (gconstpointer pa, gconstpointer pb)
{
  const HlSweepTrial *a = *(HlSweepTrial *const *) pa, *b = *(HlSweepTrial *const *) pb;

  if (hl_sweep_better (ranking_sweep, a->score, b->score))
    return -1;
  if (hl_sweep_better (ranking_sweep, b->score, a->score))
    return 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

GPtrArray *
hl_sweep_ranking (const HlSweep *self)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint k = 0; k < self->trials->len; k++)
    g_ptr_array_add (out, self->trials->pdata[k]);
  G_LOCK (ranking);
  ranking_sweep = self;
  g_ptr_array_sort (out, rank_cmp);
  ranking_sweep = NULL;
  G_UNLOCK (ranking);
  return out;
}

/* ---- results ------------------------------------------------------------------ */

static const char *
trial_state_name (HlSweepTrialState s)
{
  switch (s)
    {
    case HL_SWEEP_TRIAL_PENDING: return "pending";
    case HL_SWEEP_TRIAL_RUNNING: return "running";
    case HL_SWEEP_TRIAL_DONE:    return "done";
    case HL_SWEEP_TRIAL_FAILED:  return "failed";
    case HL_SWEEP_TRIAL_SKIPPED:
    default:                     return "skipped";
    }
}

/* One trial's entry of the results (the builder is inside an array or a member). */
static void
build_trial (JsonBuilder *b, const HlSweepTrial *t)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "trial");
  json_builder_add_int_value (b, t->index);
  json_builder_set_member_name (b, "set");
  json_builder_begin_object (b);
  for (guint i = 0; t->sets[i] != NULL; i++)
    {
      const char *eq = strchr (t->sets[i], '=');
      g_autofree char *path = g_strndup (t->sets[i], eq - t->sets[i]);
      JsonNode *v = json_from_string (eq + 1, NULL);

      json_builder_set_member_name (b, path);
      if (v != NULL)
        json_builder_add_value (b, v);
      else
        json_builder_add_string_value (b, eq + 1);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, trial_state_name (t->state));
  if (t->run_id != NULL)
    {
      json_builder_set_member_name (b, "run");
      json_builder_add_string_value (b, t->run_id);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, hl_run_status_to_string (t->run_status));
      json_builder_set_member_name (b, "pruned");
      json_builder_add_boolean_value (b, t->pruned);
      json_builder_set_member_name (b, "steps");
      json_builder_add_int_value (b, (gint64) t->steps);
      json_builder_set_member_name (b, "epochs");
      json_builder_add_double_value (b, t->epochs);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, t->seconds);
    }
  json_builder_set_member_name (b, "score");
  if (isfinite (t->score))
    json_builder_add_double_value (b, t->score);
  else
    json_builder_add_null_value (b);
  if (t->stop_reason != NULL)
    {
      json_builder_set_member_name (b, "stop_reason");
      json_builder_add_string_value (b, t->stop_reason);
    }
  if (t->error != NULL)
    {
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, t->error);
    }
  json_builder_end_object (b);
}

JsonNode *
hl_sweep_trial_to_json (const HlSweepTrial *trial)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  build_trial (b, trial);
  return json_builder_get_root (b);
}

gboolean
hl_sweep_trial_take_outcome (HlSweepTrial *t, JsonNode *node)
{
  static const HlSweepTrialState states[] = { HL_SWEEP_TRIAL_PENDING, HL_SWEEP_TRIAL_RUNNING,
                                              HL_SWEEP_TRIAL_DONE, HL_SWEEP_TRIAL_FAILED,
                                              HL_SWEEP_TRIAL_SKIPPED };
  JsonObject *o = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *state = o != NULL ? hl_json_get_string (o, "state") : NULL;
  const char *status = o != NULL ? hl_json_get_string (o, "status") : NULL;
  JsonNode *score = o != NULL ? json_object_get_member (o, "score") : NULL;
  gboolean known = FALSE;

  if (o == NULL || hl_json_get_int (o, "trial", 0) != t->index || state == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (state, trial_state_name (states[i])))
      {
        t->state = states[i];
        known = TRUE;
      }
  if (!known)
    return FALSE;
  g_free (t->run_id);
  t->run_id = g_strdup (hl_json_get_string (o, "run"));
  if (status == NULL || !hl_run_status_from_string (status, &t->run_status))
    t->run_status = HL_RUN_STATUS_FAILED;
  t->pruned = hl_json_get_boolean (o, "pruned", FALSE);
  t->steps = (guint64) MAX (0, hl_json_get_int (o, "steps", 0));
  t->epochs = json_object_has_member (o, "epochs") && hl_json_is_number (json_object_get_member (o, "epochs"))
              ? json_object_get_double_member (o, "epochs") : 0.0;
  t->seconds = json_object_has_member (o, "seconds") && hl_json_is_number (json_object_get_member (o, "seconds"))
               ? json_object_get_double_member (o, "seconds") : 0.0;
  t->score = hl_json_is_number (score) ? json_node_get_double (score) : NAN;
  g_free (t->stop_reason);
  t->stop_reason = g_strdup (hl_json_get_string (o, "stop_reason"));
  g_free (t->error);
  t->error = g_strdup (hl_json_get_string (o, "error"));
  return TRUE;
}

JsonNode *
hl_sweep_results_to_json (const HlSweep *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) ranked = hl_sweep_ranking (self);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "hyperlab-sweep-result");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name);
  json_builder_set_member_name (b, "metric");
  json_builder_add_string_value (b, self->metric == HL_SWEEP_METRIC_VAL_LOSS ? "val_loss" : "val_accuracy");
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, self->method == HL_SWEEP_GRID ? "grid" : "random");
  json_builder_set_member_name (b, "trials");
  json_builder_begin_array (b);
  for (guint k = 0; k < ranked->len; k++)
    build_trial (b, ranked->pdata[k]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
hl_sweep_save_results (const HlSweep *self, const char *path, GError **error)
{
  g_autoptr(JsonNode) root = hl_sweep_results_to_json (self);
  g_autofree char *data = hl_json_to_data (root, TRUE, NULL);

  return hl_file_save_atomic (path, data, strlen (data), HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, error);
}
