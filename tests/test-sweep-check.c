/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-check.c - hl_sweep_check_for_config, the sweep form's check
 * on each edit: the trials counted, not built, and the same verdict as
 * building every trial (hl_sweep_new_for_config) for problems of one
 * value and of the largest mix, also in parts (HlSweepProblem: the
 * trial, what it set, or the grid's size).  Part of test-sweep. */
#include <string.h>
#include "hyperlab.h"
#include "hl-sweep-private.h"
#include "test-sweep.h"

typedef struct {
  const char *name;
  const char *space;        /* "RATES": 100 learning rates */
  const char *rest;         /* method, budget */
  guint       samples;      /* of the spiral; 0: as hl_config_new */
  guint       n_trials;     /* 0: refused */
  gboolean    config_error;   /* HL_CONFIG_ERROR, else HL_SWEEP_ERROR */
  int         code;
  const char *says;         /* in the message */
  guint       max_built;    /* configs the check builds at most */
  guint       trial;        /* refused for this trial's config (HlSweepProblem), 0: any */
  double      too_many;     /* refused for a grid of this many trials, 0: not */
} Case;

/* "[0.001, 0.002, …]": n rates */
static char *
rates (guint n)
{
  GString *text = g_string_new ("[");

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "%s%u.0e-4", i > 1 ? ", " : "", i);
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static JsonNode *
spec_of (const Case *c)
{
  g_autofree char *lr = rates (100);
  g_auto (GStrv) parts = g_strsplit (c->space, "RATES", -1);
  g_autofree char *space = g_strjoinv (lr, parts);
  g_autofree char *text = g_strdup_printf ("{\"space\": %s, %s \"pruning\": {\"method\": \"none\"}}", space, c->rest);
  JsonNode *spec = json_from_string (text, NULL);

  g_assert_nonnull (spec);
  return spec;
}

static GQuark
domain_of (const Case *c)
{
  return c->config_error ? HL_CONFIG_ERROR : HL_SWEEP_ERROR;
}

/* The failure in parts says what the message says: the grid's number of
 * trials, or the trial, what it set and its config's problem. */
static void
check_problem (const Case *c, const HlSweepProblem *problem, const GError *error)
{
  g_autofree char *trial = NULL;

  if (error == NULL)
    {
      g_assert_cmpuint (problem->trial, ==, 0);
      g_assert_null (problem->reason);
      return;
    }
  g_assert_cmpfloat (problem->n_trials, ==, c->too_many);
  if (!c->config_error)
    {
      g_assert_cmpuint (problem->trial, ==, 0);
      g_assert_null (problem->sets);
      return;
    }
  g_assert_cmpuint (problem->trial, >, 0);
  if (c->trial > 0)
    g_assert_cmpuint (problem->trial, ==, c->trial);
  g_assert_nonnull (problem->sets);
  g_assert_nonnull (problem->sets[0]);
  trial = g_strdup_printf ("trial #%u (%s", problem->trial, problem->sets[0]);
  g_assert_nonnull (strstr (error->message, trial));
  g_assert_nonnull (problem->reason);
  g_assert_nonnull (strstr (problem->reason, c->says));
  g_assert_true (g_str_has_suffix (error->message, problem->reason));
}

static void
test_check (gconstpointer data)
{
  const Case *c = data;
  g_autoptr (HlConfig) base = hl_config_new ();
  g_autoptr (JsonNode) spec = spec_of (c);
  g_autoptr (GError) error = NULL, full_error = NULL;
  g_autoptr (HlSweep) checked = NULL, full = NULL;
  HlSweepProblem problem = { 0 }, full_problem = { 0 };
  guint before;

  if (c->samples > 0)
    base->dataset.samples = c->samples;
  before = hl_sweep_n_configs_built ();
  checked = hl_sweep_check_for_config (base, spec, hl_plugin_registry_get_default (), &problem, &error);
  g_test_message ("%s: %u configs built", c->name, hl_sweep_n_configs_built () - before);
  g_assert_cmpuint (hl_sweep_n_configs_built () - before, <=, c->max_built);
  full = hl_sweep_new_for_config_cancellable (base, spec, hl_plugin_registry_get_default (), NULL,
                                              &full_problem, &full_error);
  check_problem (c, &problem, error);
  check_problem (c, &full_problem, full_error);
  hl_sweep_problem_clear (&problem);
  hl_sweep_problem_clear (&full_problem);
  if (c->n_trials > 0)
    {
      g_assert_no_error (error);
      g_assert_no_error (full_error);
      g_assert_cmpuint (checked->budget, ==, c->n_trials);
      g_assert_cmpuint (full->trials->len, ==, c->n_trials);
      /* the trials it built are the sweep's, numbered alike */
      for (guint k = 0; k < checked->trials->len; k++)
        {
          const HlSweepTrial *t = checked->trials->pdata[k];
          const HlSweepTrial *same = full->trials->pdata[t->index - 1];

          g_assert_cmpstr (t->label, ==, same->label);
          g_assert_cmpstr (t->config->name, ==, same->config->name);
        }
      return;
    }
  g_assert_null (checked);
  g_test_message ("%s", error->message);
  g_assert_error (error, domain_of (c), c->code);
  g_assert_nonnull (strstr (error->message, c->says));
  if (full != NULL)   /* refused before any trial was built: the full build is not tried */
    g_assert_not_reached ();
  g_assert_error (full_error, domain_of (c), c->code);
  g_assert_nonnull (strstr (full_error->message, c->says));
}

static const Case cases[] = {
  { "grid-10000", "{\"optimizer.learning_rate\": {\"values\": RATES}, \"training.batch_size\": {\"int_uniform\": "
    "[1, 100], \"points\": 100}}", "\"method\": \"grid\",", 0, 10000, 0, 0, NULL, 201 },
  { "random-10000", "{\"optimizer.learning_rate\": {\"log_uniform\": [1e-4, 1]}, \"training.batch_size\": "
    "{\"values\": [8, 16, \"all\"]}, \"model.layers[0].units\": {\"int_uniform\": [4, 64]}}",
    "\"method\": \"random\", \"budget\": 10000, \"seed\": 3,", 0, 10000, 0, 0, NULL, 7 },
  /* 10^9 trials: refused by their number, none built */
  { "grid-huge", "{\"optimizer.learning_rate\": {\"log_uniform\": [1e-4, 1], \"points\": 1000}, "
    "\"model.layers[0].units\": {\"int_uniform\": [1, 1000], \"points\": 1000}, "
    "\"model.layers[1].units\": {\"int_uniform\": [1, 1000], \"points\": 1000}}", "\"method\": \"grid\",", 0, 0,
    FALSE, HL_SWEEP_ERROR_RANGE, "space: the grid has 1000000000 points", 0, 0, 1e9 },
  /* one value wrong for the field, among 100 × 4 */
  { "grid-bad-value", "{\"optimizer.learning_rate\": {\"values\": RATES}, \"training.batch_size\": {\"values\": "
    "[16, 32, 2.5, 64]}}", "", 0, 0, TRUE, HL_CONFIG_ERROR_TYPE, "training.batch_size", 104 },
  { "grid-bad-dropout", "{\"optimizer.learning_rate\": {\"values\": RATES}, \"model.layers[1].dropout\": {\"values\": "
    "[0, 0.5, 1]}}", "", 0, 0, TRUE, HL_CONFIG_ERROR_RANGE, "model.layers[1].dropout: must be < 1", 104 },
  /* only the mix of two wide layers has too many parameters */
  { "grid-params", "{\"optimizer.learning_rate\": {\"values\": RATES}, \"model.layers[0].units\": {\"values\": "
    "[16, 16384]}, \"model.layers[1].units\": {\"values\": [16, 16384]}}", "", 0, 0, TRUE,
    HL_CONFIG_ERROR_LIMIT, "parameters is more than a model may have", 106 },
  /* only the largest batch with the widest layer needs too much memory;
   * "all" is the largest batch of all */
  { "grid-workspace", "{\"optimizer.learning_rate\": {\"values\": RATES}, \"training.batch_size\": {\"values\": "
    "[16, \"all\", 32]}, \"model.layers[0].units\": {\"values\": [16, 16384]}}", "", 1000000, 0, TRUE,
    HL_CONFIG_ERROR_LIMIT, "training.batch_size: a batch of 800000 samples", 108 },
  /* a few random trials are all checked: one of them mixes two wide layers */
  { "random-params", "{\"optimizer.learning_rate\": {\"log_uniform\": [1e-4, 1]}, \"model.layers[0].units\": "
    "{\"values\": [16, 16384]}, \"model.layers[1].units\": {\"values\": [16, 16384]}}",
    "\"method\": \"random\", \"budget\": 12, \"seed\": 4,", 0, 0, TRUE, HL_CONFIG_ERROR_LIMIT,
    "more than a model may have", 12, 5 },
  { "grid-wide-ok", "{\"optimizer.learning_rate\": {\"values\": RATES}, \"model.layers[0].units\": {\"values\": "
    "[16, 16384]}, \"model.layers[1].units\": {\"values\": [16, 2048]}}", "", 0, 400, 0, 0, NULL, 106 },
};

/* A cancelled build of every trial (the form's worker, overtaken by an
 * edit) stops before building a trial, saying it was cancelled. */
static void
test_cancelled (void)
{
  static const Case c = { "random-300", "{\"optimizer.learning_rate\": {\"log_uniform\": [1e-4, 1]}}",
                          "\"method\": \"random\", \"budget\": 300, \"seed\": 3,", 0, 300, 0, 0, NULL, 0 };
  g_autoptr (HlConfig) base = hl_config_new ();
  g_autoptr (JsonNode) spec = spec_of (&c);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HlSweep) sweep = NULL;
  guint before = hl_sweep_n_configs_built ();

  g_cancellable_cancel (cancellable);
  sweep = hl_sweep_new_for_config_cancellable (base, spec, hl_plugin_registry_get_default (), cancellable, NULL,
                                               &error);
  g_assert_null (sweep);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (hl_sweep_n_configs_built (), ==, before);
  g_clear_error (&error);
  /* not cancelled: as hl_sweep_new_for_config */
  sweep = hl_sweep_new_for_config_cancellable (base, spec, hl_plugin_registry_get_default (), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sweep->trials->len, ==, 300);
}

void
test_sweep_check_add_tests (void)
{
  g_test_add_func ("/sweep/check/cancelled", test_cancelled);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sweep/check/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_check);
    }
}
