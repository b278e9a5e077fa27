/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep.c - sweep files (bad ones by error code, grid and random
 * expansion), the successive-halving pruner against hand-worked decisions,
 * and sweeps trained into a store: pruned trials, cancellation, failure. */
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "hl-sweep-private.h"
#include "test-store-util.h"
#include "test-sweep.h"

static char *tmp_dir;

const char *
test_sweep_tmp_dir (void)
{
  return tmp_dir;
}

HlStore *
test_sweep_store_in (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  HlStore *store;

  hl_test_rm_rf (dir);
  store = hl_store_new (dir, &error);
  g_assert_no_error (error);
  return store;
}

static char *
write_file (const char *name, const char *text)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A small spiral: trials of a few hundred steps, validated every 10. */
#define BASE_CONFIG \
  "{ \"format\": \"hyperlab-config\", \"version\": 1, \"name\": \"base\", \"seed\": 7," \
  "  \"dataset\": { \"kind\": \"spiral\", \"samples\": 300, \"validation_split\": 0.2, \"test_split\": 0.1 }," \
  "  \"model\": { \"layers\": [ { \"units\": 12, \"activation\": \"tanh\" } ] }," \
  "  \"optimizer\": { \"name\": \"sgd\", \"learning_rate\": 0.3 }," \
  "  \"training\": { \"batch_size\": 20, \"epochs\": 20, \"validate_every_steps\": 10 }," \
  "  \"early_stopping\": { \"enabled\": false } }"

static HlSweep *
load_text (const char *text, GError **error)
{
  g_autofree char *base = write_file ("base.hyperlab.json", BASE_CONFIG);
  g_autofree char *path = write_file ("t.sweep.json", text);

  return hl_sweep_load (path, hl_plugin_registry_get_default (), error);
}

HlSweep *
test_sweep_load (const char *text, GError **error)
{
  return load_text (text, error);
}

/* ---- bad files ---------------------------------------------------------------- */

#define HEAD "{\"format\": \"hyperlab-sweep\", \"version\": 1, \"base\": \"base.hyperlab.json\", "
#define LR_SPACE "\"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, 0.3]}}"

static void
test_bad_files (void)
{
  static const struct {
    const char *text;
    const char *domain;   /* "sweep" or "config" */
    int         code;
    const char *says;     /* in the message */
  } cases[] = {
    { "", "sweep", HL_SWEEP_ERROR_PARSE, "t.sweep.json" },
    { "{\"format\": \"hyperlab-sweep\", ", "sweep", HL_SWEEP_ERROR_PARSE, "t.sweep.json" },
    { "[1, 2]", "sweep", HL_SWEEP_ERROR_PARSE, "JSON object" },
    { "{\"format\": \"hyperlab-config\"}", "sweep", HL_SWEEP_ERROR_FORMAT, "format:" },
    { "{\"format\": \"hyperlab-sweep\", \"version\": 2}", "sweep", HL_SWEEP_ERROR_VERSION, "version 2" },
    { HEAD LR_SPACE ", \"budgte\": 3}", "sweep", HL_SWEEP_ERROR_UNKNOWN_FIELD, "did you mean “budget”" },
    { HEAD "\"spce\": {}}", "sweep", HL_SWEEP_ERROR_UNKNOWN_FIELD, "did you mean “space”" },
    { HEAD "\"method\": \"grid\"}", "sweep", HL_SWEEP_ERROR_MISSING, "space: missing" },
    /* it said "expected an object with at least one config path (got an object)" */
    { HEAD "\"space\": {}}", "sweep", HL_SWEEP_ERROR_MISSING,
      "t.sweep.json: space: empty: name at least one config path to vary, e.g. \"space\": {\"optimizer.learning_rate\"" },
    { HEAD "\"space\": [\"optimizer.learning_rate\"]}", "sweep", HL_SWEEP_ERROR_TYPE,
      "space: expected an object with at least one config path (got an array)" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": 0.1}}", "sweep", HL_SWEEP_ERROR_TYPE,
      "space.optimizer.learning_rate: expected an object" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {}}}", "sweep", HL_SWEEP_ERROR_MISSING,
      "space.optimizer.learning_rate: says nothing to try" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"values\": []}}}", "sweep", HL_SWEEP_ERROR_TYPE,
      "space.optimizer.learning_rate.values: expected a list of one or more values (got an empty list)" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"values\": 0.1}}}", "sweep", HL_SWEEP_ERROR_TYPE,
      "space.optimizer.learning_rate.values: expected a list of one or more values (got 0.1)" },
    /* 1e999 reads as infinity */
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"uniform\": [0.1, 1e999], \"points\": 2}}}", "sweep",
      HL_SWEEP_ERROR_RANGE, "space.optimizer.learning_rate.uniform: expected two finite numbers (got [0.1, inf])" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"log_uniform\": [-1e999, 1]}}, \"budget\": 2}", "sweep",
      HL_SWEEP_ERROR_RANGE, "space.optimizer.learning_rate.log_uniform: expected two finite numbers" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"log_uniform\": [0, 1]}}, \"budget\": 2}", "sweep",
      HL_SWEEP_ERROR_RANGE, "must be above 0" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"uniform\": [0.5, 0.1]}}, \"budget\": 2}", "sweep",
      HL_SWEEP_ERROR_RANGE, "low must be below high" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"uniform\": [0.1]}}, \"budget\": 2}", "sweep",
      HL_SWEEP_ERROR_TYPE, "[low, high]" },
    { HEAD "\"space\": {\"model.layers[0].units\": {\"int_uniform\": [2.5, 8]}}, \"budget\": 2}", "sweep",
      HL_SWEEP_ERROR_RANGE, "whole numbers" },
    /* huge integer ranges: no 32-bit draw can span them, no 64-bit integer holds them */
    { HEAD "\"space\": {\"model.layers[0].units\": {\"int_uniform\": [1, 1e300]}}, \"budget\": 2}", "sweep",
      HL_SWEEP_ERROR_RANGE, "space.model.layers[0].units.int_uniform: an integer range must lie within" },
    { HEAD "\"space\": {\"model.layers[0].units\": {\"int_uniform\": [1, 1e300], \"points\": 3}}, \"method\": \"grid\"}",
      "sweep", HL_SWEEP_ERROR_RANGE, "an integer range must lie within" },
    { HEAD "\"space\": {\"model.layers[0].units\": {\"int_uniform\": [1, 5e9]}}, \"budget\": 2}", "sweep",
      HL_SWEEP_ERROR_RANGE, "space.model.layers[0].units.int_uniform: a random integer range may hold at most" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"uniform\": [0.1, 0.5], \"values\": [1]}}, \"budget\": 2}",
      "sweep", HL_SWEEP_ERROR_RANGE, "not both" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"log_uniform\": [0.01, 1]}}, \"method\": \"grid\"}",
      "sweep", HL_SWEEP_ERROR_MISSING, "points" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"log_uniform\": [0.01, 1], \"points\": 3}}, \"budget\": 3, \"method\": \"random\"}",
      "sweep", HL_SWEEP_ERROR_RANGE, "only for \"method\": \"grid\"" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"log_uniform\": [0.01, 1]}}}", "sweep",
      HL_SWEEP_ERROR_MISSING, "budget: random search needs" },
    { HEAD LR_SPACE ", \"method\": \"grid\", \"budget\": 1}", "sweep", HL_SWEEP_ERROR_RANGE,
      "the grid has 2 points, more than the budget of 1" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"uniform\": [0.1, 1], \"points\": 1000},"
      " \"training.batch_size\": {\"int_uniform\": [1, 100], \"points\": 100}}, \"method\": \"grid\"}",
      "sweep", HL_SWEEP_ERROR_RANGE, "more than the 10000 trials" },
    { HEAD LR_SPACE ", \"budget\": 0}", "sweep", HL_SWEEP_ERROR_RANGE, "budget: must be between 1" },
    { HEAD LR_SPACE ", \"budget\": 2.5}", "sweep", HL_SWEEP_ERROR_TYPE, "budget: expected a whole number" },
    { HEAD LR_SPACE ", \"method\": \"bayes\"}", "sweep", HL_SWEEP_ERROR_RANGE, "method: must be one of" },
    { HEAD LR_SPACE ", \"metric\": \"val_acc\"}", "sweep", HL_SWEEP_ERROR_RANGE, "metric: must be one of" },
    { HEAD LR_SPACE ", \"pruning\": {\"reduction_factor\": 1}}", "sweep", HL_SWEEP_ERROR_RANGE,
      "pruning.reduction_factor" },
    { HEAD LR_SPACE ", \"pruning\": {\"min_step\": 5}}", "sweep", HL_SWEEP_ERROR_UNKNOWN_FIELD,
      "did you mean “min_steps”" },
    { HEAD LR_SPACE ", \"pruning\": {\"min_steps\": 5, \"min_epochs\": 1}}", "sweep", HL_SWEEP_ERROR_RANGE,
      "min_steps or min_epochs, not both" },
    { HEAD LR_SPACE ", \"pruning\": {\"min_epochs\": 0}}", "sweep", HL_SWEEP_ERROR_RANGE,
      "pruning.min_epochs: must be above 0" },
    { HEAD LR_SPACE ", \"pruning\": {\"min_epochs\": \"half\"}}", "sweep", HL_SWEEP_ERROR_TYPE,
      "pruning.min_epochs: expected a number" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"values\": [0.1]},"
      " \"optimizer.learning_rate \": {\"values\": [0.3]}}}", "sweep", HL_SWEEP_ERROR_RANGE,
      "“optimizer.learning_rate” is given twice" },
    { HEAD LR_SPACE ", \"parallel\": 0}", "sweep", HL_SWEEP_ERROR_RANGE, "parallel" },
    { "{\"format\": \"hyperlab-sweep\", " LR_SPACE "}", "sweep", HL_SWEEP_ERROR_MISSING, "base: missing" },
    { "{\"format\": \"hyperlab-sweep\", \"base\": 3, " LR_SPACE "}", "sweep", HL_SWEEP_ERROR_TYPE, "base:" },
    /* the base and the trials' configs keep the config's own errors */
    { "{\"format\": \"hyperlab-sweep\", \"base\": \"missing.hyperlab.json\", " LR_SPACE "}", "config",
      HL_CONFIG_ERROR_IO, "missing.hyperlab.json" },
    { HEAD "\"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, -1]}}}", "config",
      HL_CONFIG_ERROR_RANGE, "trial #2 (optimizer.learning_rate=-1): optimizer.learning_rate" },
    { HEAD "\"space\": {\"optimizer.learning_rat\": {\"values\": [0.1]}}}", "config",
      HL_CONFIG_ERROR_UNKNOWN_FIELD, "learning_rate" },
    { HEAD "\"space\": {\"optimizer.name\": {\"values\": [\"adam\", \"adamm\"]}}}", "config",
      HL_CONFIG_ERROR_PLUGIN, "trial #2" },
    /* a problem of the base alone is the base's, not the first trial's */
    { "{\"format\": \"hyperlab-sweep\", \"base\": {\"dataset\": {\"kind\": \"spiral\"},"
      " \"optimizer\": {\"learning_rate\": -1}}, \"space\": {\"training.epochs\": {\"values\": [1, 2]}}}",
      "config", HL_CONFIG_ERROR_RANGE, "t.sweep.json: base: optimizer.learning_rate: must be > 0 (got -1)" },
    { "{\"format\": \"hyperlab-sweep\", \"base\": {\"dataset\": {\"kind\": \"spiral\"},"
      " \"optimizer\": {\"learning_rate\": -1}}, \"space\": {\"optimizer.learning_rate\": {\"values\": [1, -2]}}}",
      "config", HL_CONFIG_ERROR_RANGE, "trial #2 (optimizer.learning_rate=-2): optimizer.learning_rate: must be > 0 (got -2)" },
    { "{\"format\": \"hyperlab-sweep\", \"base\": \"typo.hyperlab.json\", " LR_SPACE "}", "config",
      HL_CONFIG_ERROR_UNKNOWN_FIELD, "t.sweep.json: base (" },
    { HEAD "\"space\": {\"dataset.validation_split\": {\"values\": [0.2, 0]}}}", "sweep",
      HL_SWEEP_ERROR_RANGE, "validation data" },
  };

  g_free (write_file ("typo.hyperlab.json", "{\"format\": \"hyperlab-config\", \"dataset\": "
                      "{\"kind\": \"spiral\"}, \"modle\": {}}"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HlSweep) sweep = load_text (cases[i].text, &error);
      GQuark domain = g_str_equal (cases[i].domain, "sweep") ? HL_SWEEP_ERROR : HL_CONFIG_ERROR;

      if (sweep != NULL || !g_error_matches (error, domain, cases[i].code)
          || strstr (error->message, cases[i].says) == NULL)
        g_error ("case %u (%s): expected %s error %d saying “%s”, got %s", i, cases[i].text,
                 cases[i].domain, cases[i].code, cases[i].says, error ? error->message : "no error");
    }
}

static void
test_regression_accuracy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = NULL;
  g_autofree char *path = write_file ("sine.sweep.json",
    "{\"format\": \"hyperlab-sweep\", \"metric\": \"val_accuracy\","
    " \"base\": {\"format\": \"hyperlab-config\", \"dataset\": {\"kind\": \"sine\"}},"
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1]}}}");

  sweep = hl_sweep_load (path, NULL, &error);
  g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "classification"));
}

/* The shipped sweeps load, against the installed plugins. */
static void
test_examples (void)
{
  const char *dir = g_getenv ("HYPERLAB_EXAMPLES");
  const char *names[] = { "spiral-lr-batch.sweep.json", "fashion-mnist-lr.sweep.json" };

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(HlSweep) sweep = hl_sweep_load (path, hl_plugin_registry_get_default (), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (sweep->trials->len, >, 1);
      g_assert_true (sweep->pruning);
    }
}

/* --set overrides of the base: every trial takes them, a trial's own
 * setting of a field wins, and a bad value is the --set's. */
static void
test_overrides (void)
{
  g_autofree char *base = write_file ("base.hyperlab.json", BASE_CONFIG);
  g_autofree char *path = write_file ("o.sweep.json", HEAD LR_SPACE "}");
  const char *const good[] = { "training.epochs=3", "optimizer.learning_rate=0.5", NULL };
  const char *const bad_value[] = { "training.epochs=0", NULL };
  const char *const bad_path[] = { "training.epoks=3", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = hl_sweep_load_with_overrides (path, good, hl_plugin_registry_get_default (), &error);
  HlSweep *none;

  g_assert_no_error (error);
  g_assert_cmpuint (sweep->trials->len, ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      const HlConfig *c = ((HlSweepTrial *) sweep->trials->pdata[k])->config;
      g_assert_cmpuint (c->training.epochs, ==, 3);
      g_assert_cmpfloat (c->optimizer.learning_rate, ==, k == 0 ? 0.1 : 0.3);
    }
  none = hl_sweep_load_with_overrides (path, bad_value, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
  g_assert_true (g_str_has_prefix (error->message, "--set training.epochs: "));
  g_clear_error (&error);
  none = hl_sweep_load_with_overrides (path, bad_path, NULL, &error);
  g_assert_null (none);
  g_assert_true (error != NULL && error->domain == HL_CONFIG_ERROR);
  g_assert_nonnull (strstr (error->message, "epoks"));
}

/* ---- expansion ----------------------------------------------------------------- */

static void
test_grid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = load_text (HEAD "\"name\": \"g\", \"method\": \"grid\", \"space\": {"
    "\"optimizer.learning_rate\": {\"log_uniform\": [0.001, 0.1], \"points\": 3},"
    "\"model.layers[0].units\": {\"int_uniform\": [1, 3], \"points\": 5}}}", &error);
  static const double lr[] = { 0.001, 0.01, 0.1 };
  g_autofree char *expected_dir = g_canonicalize_filename (tmp_dir, NULL);

  g_assert_no_error (error);
  g_assert_cmpint (sweep->method, ==, HL_SWEEP_GRID);
  /* 5 points of [1, 3] rounded are 1, 2, 3 (no repeats): 3 × 3 trials */
  g_assert_cmpuint (sweep->trials->len, ==, 9);
  g_assert_cmpuint (sweep->budget, ==, 9);
  for (guint k = 0; k < 9; k++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[k];
      const HlLayerConfig *layer = &g_array_index (t->config->model.layers, HlLayerConfig, 0);
      g_autofree char *label = g_strdup_printf ("optimizer.learning_rate=%g, model.layers[0].units=%u",
                                                lr[k / 3], k % 3 + 1);
      /* the run's name says it shorter: "optimizer.learning_rate=0.001,
       * model.layers[0].units=…" was cut off before its values */
      g_autofree char *name = g_strdup_printf ("g #%u · lr=%g, layers[0].units=%u", k + 1,
                                               lr[k / 3], k % 3 + 1);

      g_assert_cmpuint (t->index, ==, k + 1);
      g_assert_cmpfloat (t->config->optimizer.learning_rate, ==, lr[k / 3]);
      g_assert_cmpuint (layer->units, ==, k % 3 + 1);
      g_assert_cmpstr (t->label, ==, label);
      g_assert_cmpstr (t->config->name, ==, name);
      g_assert_cmpint (t->state, ==, HL_SWEEP_TRIAL_PENDING);
      /* the rest is the base's, and relative data paths resolve beside it */
      g_assert_cmpuint (t->config->seed, ==, 7);
      g_assert_cmpuint (t->config->training.batch_size, ==, 20);
      g_assert_cmpstr (t->config->base_dir, ==, expected_dir);
    }
}

/* A value listed twice is tried once in a grid (the Sweep dialog's
 * "8, 8, all" trained three pairs of identical trials), 8 and 8.0 being
 * one value; a random draw keeps the list as given. */
static void
test_grid_repeats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) grid = load_text (HEAD "\"method\": \"grid\", \"space\": {"
    "\"training.batch_size\": {\"values\": [8, 8, \"all\", 8.0, \"all\", 16]},"
    "\"optimizer.learning_rate\": {\"values\": [0.1, 0.1]}}}", &error);
  g_autoptr(HlSweep) random = NULL;
  static const guint batches[] = { 8, HL_BATCH_ALL, 16 };

  g_assert_no_error (error);
  g_assert_cmpuint (grid->trials->len, ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      const HlSweepTrial *t = grid->trials->pdata[k];

      g_assert_cmpuint (t->config->training.batch_size, ==, batches[k]);
      g_assert_cmpfloat (t->config->optimizer.learning_rate, ==, 0.1);
    }
  random = load_text (HEAD "\"method\": \"random\", \"budget\": 4, \"space\": {"
    "\"training.batch_size\": {\"values\": [8, 8, 16]}}}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (random->trials->len, ==, 4);
}

/* A grid's points of a narrow range are as many distinct values, and the
 * points of a range stay inside it however its ends round. */
static void
test_grid_rounding (void)
{
  static const double narrow[] = { 0.1, 0.100003, 0.100007, 0.10001 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = load_text (HEAD "\"method\": \"grid\", \"space\": {"
    "\"optimizer.learning_rate\": {\"uniform\": [0.1, 0.10001], \"points\": 4}}}", &error);
  g_autoptr(HlSweep) edge = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sweep->trials->len, ==, 4);
  for (guint k = 0; k < 4; k++)
    g_assert_cmpfloat (((HlSweepTrial *) sweep->trials->pdata[k])->config->optimizer.learning_rate, ==,
                       narrow[k]);
  /* 0.99999 to 4 digits is 1, a dropout no layer takes */
  edge = load_text (HEAD "\"method\": \"grid\", \"space\": {"
    "\"model.layers[0].dropout\": {\"uniform\": [0, 0.99999], \"points\": 3}}}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edge->trials->len, ==, 3);
  g_assert_cmpfloat (g_array_index (((HlSweepTrial *) edge->trials->pdata[2])->config->model.layers,
                                    HlLayerConfig, 0).dropout, ==, 0.99999);
}

static void
test_random (void)
{
  const char *text = HEAD "\"budget\": 40, \"seed\": 5, \"space\": {"
    "\"optimizer.learning_rate\": {\"log_uniform\": [0.0001, 0.1]},"
    "\"model.layers[0].dropout\": {\"uniform\": [0, 0.5]},"
    "\"model.layers[0].units\": {\"int_uniform\": [4, 6]},"
    "\"training.batch_size\": {\"values\": [8, \"all\"]}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) a = load_text (text, &error);
  g_autoptr(HlSweep) b = load_text (text, &error);
  g_autofree char *other_text = g_strdup (text);
  g_autoptr(HlSweep) c = NULL;
  gboolean seen_units[7] = { FALSE }, seen_all = FALSE, seen_8 = FALSE, differs = FALSE;
  double lo = 1, hi = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (a->trials->len, ==, 40);
  for (guint k = 0; k < 40; k++)
    {
      const HlSweepTrial *ta = a->trials->pdata[k], *tb = b->trials->pdata[k];
      const HlConfig *ca = ta->config;
      const HlLayerConfig *layer = &g_array_index (ca->model.layers, HlLayerConfig, 0);

      /* the same seed draws the same trials */
      g_assert_cmpstr (ta->label, ==, tb->label);
      g_assert_cmpfloat (ca->optimizer.learning_rate, >=, 0.0001);
      g_assert_cmpfloat (ca->optimizer.learning_rate, <=, 0.1);
      lo = MIN (lo, ca->optimizer.learning_rate);
      hi = MAX (hi, ca->optimizer.learning_rate);
      g_assert_cmpfloat (layer->dropout, >=, 0.0);
      g_assert_cmpfloat (layer->dropout, <=, 0.5);
      g_assert_cmpuint (layer->units, >=, 4);
      g_assert_cmpuint (layer->units, <=, 6);
      seen_units[layer->units] = TRUE;
      seen_all |= ca->training.batch_size == 0 || ca->training.batch_size > 1000;
      seen_8 |= ca->training.batch_size == 8;
    }
  /* log-uniform over three decades: 40 draws reach both ends' decades */
  g_assert_cmpfloat (lo, <, 0.001);
  g_assert_cmpfloat (hi, >, 0.01);
  g_assert_true (seen_units[4] && seen_units[5] && seen_units[6]);
  g_assert_true (seen_all && seen_8);

  memcpy (strstr (other_text, "\"seed\": 5"), "\"seed\": 6", 9);
  c = load_text (other_text, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 40; k++)
    differs |= g_strcmp0 (((HlSweepTrial *) a->trials->pdata[k])->label,
                          ((HlSweepTrial *) c->trials->pdata[k])->label) != 0;
  g_assert_true (differs);
}

/* Trials at once: one per CPU, or per training.threads CPUs, unless the
 * file says. */
static void
test_default_parallel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) one = load_text (HEAD LR_SPACE "}", &error);
  g_autoptr(HlSweep) two = load_text (HEAD "\"space\": {\"optimizer.learning_rate\": {\"values\": [0.1]},"
                                      " \"training.threads\": {\"values\": [1, 2]}}}", &error);
  g_autoptr(HlSweep) said = load_text (HEAD LR_SPACE ", \"parallel\": 3}", &error);
  const guint cpus = g_get_num_processors ();

  g_assert_no_error (error);
  g_assert_cmpuint (hl_sweep_default_parallel (one), ==, cpus);
  g_assert_cmpuint (hl_sweep_default_parallel (two), ==, MAX (1u, cpus / 2));
  g_assert_cmpuint (hl_sweep_default_parallel (said), ==, 3);
}

/* A sweep that names no first rung: the trials' longest epochs / η³. */
static void
test_default_first_rung (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) a = load_text (HEAD LR_SPACE "}", &error);
  g_autoptr(HlSweep) b = load_text (HEAD "\"space\": {\"training.epochs\": {\"values\": [4, 40]}},"
                                    " \"pruning\": {\"reduction_factor\": 2}}", &error);
  g_autoptr(HlSweep) steps = load_text (HEAD LR_SPACE ", \"pruning\": {\"min_steps\": 7}}", &error);

  g_assert_no_error (error);
  g_assert_true (a->pruning && a->pruning_epochs);
  g_assert_cmpfloat (a->pruning_min, ==, 0.74);         /* 20 / 27 */
  g_assert_true (b->pruning_epochs);
  g_assert_cmpfloat (b->pruning_min, ==, 5.0);          /* 40 / 8 */
  g_assert_false (steps->pruning_epochs);
  g_assert_cmpfloat (steps->pruning_min, ==, 7.0);
  g_assert_cmpfloat (hl_sweep_default_min_epochs (100, 3), ==, 3.7);
  g_assert_cmpfloat (hl_sweep_default_min_epochs (1, 3), ==, 0.037);
}

/* ---- pruner ----------------------------------------------------------------- */

static void
test_pruner (void)
{
  HlSweepPruner *p = hl_sweep_pruner_new (10, FALSE, 3, FALSE);
  g_autofree char *why = NULL;

  /* rung 0 at step 10: fewer than η = 3 values, nothing to halve */
  g_assert_true (hl_sweep_pruner_report (p, 1, 5, 0.8, NULL));   /* before the rung: no record */
  g_assert_true (hl_sweep_pruner_report (p, 1, 10, 0.5, NULL));
  g_assert_true (hl_sweep_pruner_report (p, 2, 10, 0.7, NULL));
  /* 3 values: the best 3 / 3 = 1 goes on; 0.9 is third */
  g_assert_false (hl_sweep_pruner_report (p, 3, 10, 0.9, &why));
  g_assert_cmpstr (why, ==, "pruned by successive halving: at step 10 it ranked 3 of the 3 trials "
                            "that got there (the best 1 go on)");
  /* 0.4 beats every value so far */
  g_assert_true (hl_sweep_pruner_report (p, 4, 12, 0.4, NULL));
  /* 5 values: the best 1 goes on; 0.6 is third */
  g_assert_false (hl_sweep_pruner_report (p, 5, 10, 0.6, NULL));
  /* a trial past its rung reports again only at the next one (30) */
  g_assert_true (hl_sweep_pruner_report (p, 1, 20, 99.0, NULL));
  g_assert_true (hl_sweep_pruner_report (p, 1, 30, 0.45, NULL));
  g_assert_true (hl_sweep_pruner_report (p, 4, 30, 0.44, NULL));
  /* reaching rungs 0, 1 and 2 (steps 10, 30, 90) at once records all three:
   * rung 0 has 6 values (the best 2 go on: 0.445 is second), rung 1 has
   * 3 (the best 1: 0.445 is second, after 0.44) */
  g_clear_pointer (&why, g_free);
  g_assert_false (hl_sweep_pruner_report (p, 6, 95, 0.445, &why));
  g_assert_nonnull (strstr (why, "at step 30 it ranked 2 of the 3"));
  /* no value yet (NaN) is the worst */
  g_assert_true (hl_sweep_pruner_report (p, 7, 90, NAN, NULL) == FALSE);
  hl_sweep_pruner_free (p);

  /* higher is better for accuracy */
  p = hl_sweep_pruner_new (1, FALSE, 2, TRUE);
  g_assert_true (hl_sweep_pruner_report (p, 1, 1, 0.5, NULL));
  g_assert_true (hl_sweep_pruner_report (p, 2, 1, 0.9, NULL));    /* 2 values: best 1 → 0.9 is it */
  g_assert_false (hl_sweep_pruner_report (p, 3, 1, 0.6, NULL));   /* 3 values: best 1 → 0.6 second */
  g_assert_true (hl_sweep_pruner_report (p, 4, 1, 0.8, NULL));    /* 4 values: best 2 → 0.8 second */
  hl_sweep_pruner_free (p);
}

/* Rungs in epochs: 0.25, 0.5, 1 for η = 2; an epoch count a hair short of
 * a rung (step / steps_per_epoch) reaches it. */
static void
test_pruner_epochs (void)
{
  HlSweepPruner *p = hl_sweep_pruner_new (0.25, TRUE, 2, FALSE);
  g_autofree char *why = NULL;

  g_assert_true (hl_sweep_pruner_report (p, 1, 0.2, 0.1, NULL));             /* before the rung */
  g_assert_true (hl_sweep_pruner_report (p, 1, 0.25 - 1e-12, 0.5, NULL));    /* rung 0: 1 value */
  g_assert_false (hl_sweep_pruner_report (p, 2, 0.3, 0.6, &why));            /* 2 values, best 1 */
  g_assert_cmpstr (why, ==, "pruned by successive halving: after 0.25 epochs it ranked 2 of the 2 "
                            "trials that got there (the best 1 go on)");
  g_assert_true (hl_sweep_pruner_report (p, 1, 0.5, 0.5, NULL));             /* rung 1: 1 value */
  g_assert_true (hl_sweep_pruner_report (p, 3, 0.26, 0.3, NULL));            /* rung 0: best of 3 */
  g_clear_pointer (&why, g_free);
  g_assert_false (hl_sweep_pruner_report (p, 3, 1.0, 0.55, &why));           /* rung 1: 2nd of 2 */
  g_assert_nonnull (strstr (why, "after 0.5 epochs"));
  hl_sweep_pruner_free (p);
}

/* Two pruners sharing one file decide as one (two processes of a sweep):
 * the third value at a rung is compared with the two the others recorded. */
static void
test_pruner_shared (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "rungs.json", NULL);
  g_autoptr(GError) error = NULL;
  HlSweepPruner *a = hl_sweep_pruner_new_shared (path, 10, FALSE, 3, FALSE, &error);
  HlSweepPruner *b = hl_sweep_pruner_new_shared (path, 10, FALSE, 3, FALSE, &error);
  HlSweepPruner *bad;
  g_autofree char *why = NULL;
  g_autofree char *state = NULL;

  g_assert_no_error (error);
  g_assert_true (hl_sweep_pruner_report (a, 1, 10, 0.5, NULL));
  g_assert_true (hl_sweep_pruner_report (b, 2, 10, 0.7, NULL));
  g_assert_false (hl_sweep_pruner_report (a, 3, 10, 0.9, &why));
  g_assert_nonnull (strstr (why, "ranked 3 of the 3"));
  /* trial 1 goes on at the next rung (30) in b, where a recorded its first */
  g_assert_true (hl_sweep_pruner_report (b, 1, 30, 0.4, NULL));
  g_assert_true (g_file_get_contents (path, &state, NULL, NULL));
  g_assert_cmpstr (strstr (state, "\"rungs\": [[0.5, 0.7, 0.9], [0.4]]"), ==, state + 1);
  hl_sweep_pruner_free (a);
  hl_sweep_pruner_free (b);

  bad = hl_sweep_pruner_new_shared ("/nonexistent/dir/rungs.json", 10, FALSE, 3, FALSE, &error);
  g_assert_null (bad);
  g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO);
}

/* A process killed while it wrote the shared state (a kill -9 of a sweep:
 * the state is written at every validation) left rungs.json empty, so the
 * resumed sweep forgot every rung and let trials train to the end that the
 * uninterrupted sweep pruned.  The state written before the kill stays. */
static char *
killed_state_path (GPid parent)
{
  g_autofree char *name = g_strdup_printf ("hl-rungs-killed-%d.json", (int) parent);
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
exit_now (const char *path)
{
  (void) path;
  _exit (0);
}

static void
test_pruner_shared_killed (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  HlSweepPruner *p;

  if (g_test_subprocess ())
    {
      path = killed_state_path (getppid ());
      p = hl_sweep_pruner_new_shared (path, 10, FALSE, 3, FALSE, &error);
      g_assert_no_error (error);
      hl_sweep_pruner_set_write_hook (exit_now);
      hl_sweep_pruner_report (p, 3, 10, 0.9, NULL);
      g_assert_not_reached ();
    }
  path = killed_state_path (getpid ());
  g_unlink (path);
  p = hl_sweep_pruner_new_shared (path, 10, FALSE, 3, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (hl_sweep_pruner_report (p, 1, 10, 0.5, NULL));
  g_assert_true (hl_sweep_pruner_report (p, 2, 10, 0.7, NULL));
  hl_sweep_pruner_free (p);
  /* killed as it recorded trial 3 */
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  /* resumed: trial 3 is judged against 1 and 2 and stopped, as it would
   * have been */
  p = hl_sweep_pruner_new_shared (path, 10, FALSE, 3, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (hl_sweep_pruner_report (p, 3, 10, 0.9, &why));
  g_assert_nonnull (strstr (why, "ranked 3 of the 3"));
  hl_sweep_pruner_free (p);
  g_unlink (path);
}

/* ---- running ----------------------------------------------------------------- */

typedef struct {
  guint started, ended;
  GCancellable *cancel_on_start;
} Seen;

static void
on_trial (HlSweep *sweep, HlSweepTrial *t, const HlRun *run, gpointer data)
{
  Seen *seen = data;

  (void) sweep;
  if (t->state == HL_SWEEP_TRIAL_RUNNING)
    {
      g_assert_null (run);
      seen->started++;
      if (seen->cancel_on_start != NULL)
        g_cancellable_cancel (seen->cancel_on_start);
      return;
    }
  seen->ended++;
}

static HlStore *
new_store (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  HlStore *store = hl_store_new (dir, &error);

  g_assert_no_error (error);
  return store;
}

/* One at a time, so the pruner's decisions are known: trials 1 and 2 pass
 * the first rung (fewer than η = 3 there), trial 3's rate of 1e-5 leaves
 * its loss where it began, the worst of three: stopped at step 20. */
static void
test_run_prunes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = load_text (HEAD "\"name\": \"p\", \"method\": \"grid\","
    "\"pruning\": {\"min_steps\": 20, \"reduction_factor\": 3},"
    "\"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1, 0.00001]}}}", &error);
  g_autoptr(HlStore) store = new_store ("prune-store");
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(JsonNode) json = NULL;
  Seen seen = { 0 };
  HlSweepTrial *t;

  g_assert_no_error (error);
  hl_sweep_run (sweep, store, hl_plugin_registry_get_default (), 1, on_trial, &seen, NULL);
  g_assert_cmpuint (seen.started, ==, 3);
  g_assert_cmpuint (seen.ended, ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      g_autoptr(HlRun) run = NULL;

      t = sweep->trials->pdata[k];
      g_assert_cmpint (t->state, ==, HL_SWEEP_TRIAL_DONE);
      g_assert_null (t->error);
      g_assert_true (isfinite (t->score));
      /* every trial is a run in the store, with its own name and config */
      run = hl_store_load (store, t->run_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (run->config->name, ==, t->config->name);
      g_assert_cmpfloat (run->config->optimizer.learning_rate, ==, t->config->optimizer.learning_rate);
      g_assert_cmpint (run->status, ==, t->run_status);
      g_assert_cmpfloat (run->summary.best_val_loss, ==, t->score);
    }
  t = sweep->trials->pdata[0];
  g_assert_false (t->pruned);
  g_assert_cmpint (t->run_status, ==, HL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (t->steps, ==, 20 * 11);   /* 20 epochs of 210 / 20 = 11 batches */
  t = sweep->trials->pdata[2];
  g_assert_true (t->pruned);
  g_assert_cmpint (t->run_status, ==, HL_RUN_STATUS_EARLY_STOPPED);
  /* the store's listing tells the pruned trial from an early stop, also
   * when another store reads the listing from its index */
  {
    g_autofree char *dir = g_build_filename (tmp_dir, "prune-store", NULL);
    g_autoptr(HlStore) again = NULL;

    hl_store_refresh (store, &error);
    g_assert_no_error (error);
    g_assert_true (hl_store_lookup (store, t->run_id)->pruned);
    g_assert_false (hl_store_lookup (store, ((HlSweepTrial *) sweep->trials->pdata[0])->run_id)->pruned);
    again = hl_store_new (dir, &error);
    g_assert_no_error (error);
    hl_store_refresh (again, &error);
    g_assert_no_error (error);
    g_assert_true (hl_store_lookup (again, t->run_id)->pruned);
    g_assert_true (hl_run_was_pruned (HL_RUN_STATUS_EARLY_STOPPED, t->stop_reason));
    g_assert_false (hl_run_was_pruned (HL_RUN_STATUS_COMPLETED, t->stop_reason));
    g_assert_false (hl_run_was_pruned (HL_RUN_STATUS_EARLY_STOPPED, "early stopped at step 40 (best at step 20)"));
  }
  g_assert_cmpuint (t->steps, ==, 20);
  g_assert_true (g_str_has_prefix (t->stop_reason, "stopped at step 20: pruned by successive halving: "
                                                   "at step 20 it ranked 3 of the 3"));
  /* best first; the pruned trial last */
  ranked = hl_sweep_ranking (sweep);
  g_assert_true (ranked->pdata[2] == sweep->trials->pdata[2]);
  g_assert_true (hl_sweep_better (sweep, ((HlSweepTrial *) ranked->pdata[0])->score,
                                  ((HlSweepTrial *) ranked->pdata[1])->score));
  /* the results say the same */
  json = hl_sweep_results_to_json (sweep);
  {
    JsonObject *o = json_node_get_object (json);
    JsonArray *trials = json_object_get_array_member (o, "trials");
    JsonObject *last = json_array_get_object_element (trials, 2);

    g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "hyperlab-sweep-result");
    g_assert_cmpuint (json_array_get_length (trials), ==, 3);
    g_assert_cmpint (json_object_get_int_member (last, "trial"), ==, 3);
    g_assert_true (json_object_get_boolean_member (last, "pruned"));
    g_assert_cmpstr (json_object_get_string_member (last, "status"), ==, "early_stopped");
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (last, "set"),
                                                      "optimizer.learning_rate"), ==, 0.00001);
  }
  /* a trial's entry carries its outcome to another process and back */
  {
    HlSweepTrial *pruned = sweep->trials->pdata[2];
    g_autoptr(JsonNode) entry = hl_sweep_trial_to_json (pruned);
    g_autoptr(HlSweep) copy = load_text (HEAD "\"name\": \"p\", \"method\": \"grid\","
      "\"pruning\": {\"min_steps\": 20, \"reduction_factor\": 3},"
      "\"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1, 0.00001]}}}", &error);
    HlSweepTrial *back = copy->trials->pdata[2];

    g_assert_false (hl_sweep_trial_take_outcome (copy->trials->pdata[1], entry));   /* not its entry */
    g_assert_true (hl_sweep_trial_take_outcome (back, entry));
    g_assert_cmpint (back->state, ==, HL_SWEEP_TRIAL_DONE);
    g_assert_cmpstr (back->run_id, ==, pruned->run_id);
    g_assert_cmpint (back->run_status, ==, HL_RUN_STATUS_EARLY_STOPPED);
    g_assert_true (back->pruned);
    g_assert_cmpuint (back->steps, ==, pruned->steps);
    g_assert_cmpfloat (back->epochs, ==, pruned->epochs);
    g_assert_cmpfloat (back->score, ==, pruned->score);
    g_assert_cmpstr (back->stop_reason, ==, pruned->stop_reason);
  }
}

/* Progress of running trials: from their own threads, a few times a second
 * and at the last step. */
static void
on_progress (HlSweep *sweep, HlSweepTrial *t, const HlProgress *p, gpointer data)
{
  gint *last_steps = data;

  (void) sweep;
  g_assert_cmpint (t->state, ==, HL_SWEEP_TRIAL_RUNNING);
  g_assert_cmpuint (p->step, <=, p->total_steps);
  if (p->step == p->total_steps)
    g_atomic_int_inc (&last_steps[t->index - 1]);
}

/* The progress says which points hold a validation (the pruner reads only
 * those, a NaN among them as the worst value): every 10 steps and at each
 * epoch's end here, with points logged every 5 steps between. */
static void
note_validated (const HlProgress *p, gpointer data)
{
  GArray *seen = data;

  if (p->point_added)
    {
      guint64 step = p->point_validated ? p->point_step : 0;
      g_assert_cmpint (p->point_validated, ==, !isnan (p->point_val_loss));
      g_array_append_val (seen, step);
    }
}

static void
test_progress_validated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file ("v.hyperlab.json", BASE_CONFIG);
  g_autoptr(HlConfig) config = hl_config_load (path, &error);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(HlRun) run = NULL;
  HlTrainer *trainer;
  guint validated = 0;

  g_assert_no_error (error);
  config->training.epochs = 2;
  config->training.log_every_steps = 5;
  trainer = hl_trainer_new (config, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  hl_trainer_set_progress_func (trainer, note_validated, seen);
  run = hl_trainer_run (trainer, NULL, &error);
  g_assert_no_error (error);
  hl_trainer_free (trainer);
  /* 2 epochs of 11 steps: validated at 10, 11 (epoch end), 20, 22 (end) */
  for (guint i = 0; i < seen->len; i++)
    {
      guint64 step = g_array_index (seen, guint64, i);
      if (step != 0)
        {
          g_assert_true (step == 10 || step == 11 || step == 20 || step == 22);
          validated++;
        }
    }
  g_assert_cmpuint (validated, ==, 4);
  g_assert_cmpuint (seen->len, >, validated);   /* and points without validation */
}

/* Two at a time, pruning off: every trial trains to the end. */
static void
test_run_parallel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = load_text (HEAD "\"method\": \"grid\", \"pruning\": {\"method\": \"none\"},"
    "\"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1, 0.03, 0.01]}}}", &error);
  g_autoptr(HlStore) store = new_store ("parallel-store");
  g_autoptr(GPtrArray) runs = NULL;
  Seen seen = { 0 };

  gint last_steps[4] = { 0 };

  g_assert_no_error (error);
  g_assert_false (sweep->pruning);
  sweep->progress = on_progress;
  sweep->progress_data = last_steps;
  hl_sweep_run (sweep, store, hl_plugin_registry_get_default (), 2, on_trial, &seen, NULL);
  g_assert_cmpuint (seen.ended, ==, 4);
  for (guint k = 0; k < 4; k++)
    g_assert_cmpint (last_steps[k], ==, 1);   /* each told of its last step, once */
  for (guint k = 0; k < 4; k++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[k];
      g_assert_cmpint (t->state, ==, HL_SWEEP_TRIAL_DONE);
      g_assert_cmpint (t->run_status, ==, HL_RUN_STATUS_COMPLETED);
      g_assert_false (t->pruned);
    }
  hl_store_refresh (store, &error);
  g_assert_no_error (error);
  runs = hl_store_list (store);
  g_assert_cmpuint (runs->len, ==, 4);
}

/* Cancelled as the first trial starts: it is saved as cancelled, the
 * others never start. */
static void
test_run_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = load_text (HEAD "\"method\": \"grid\","
    "\"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1, 0.03]}}}", &error);
  g_autoptr(HlStore) store = new_store ("cancel-store");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Seen seen = { 0, 0, cancellable };
  const HlSweepTrial *t;

  g_assert_no_error (error);
  hl_sweep_run (sweep, store, hl_plugin_registry_get_default (), 1, on_trial, &seen, cancellable);
  g_assert_cmpuint (seen.started, ==, 1);
  t = sweep->trials->pdata[0];
  /* cancelled while its data loaded, or at its first step */
  g_assert_true (t->state == HL_SWEEP_TRIAL_SKIPPED
                 || (t->state == HL_SWEEP_TRIAL_DONE && t->run_status == HL_RUN_STATUS_CANCELLED));
  for (guint k = 1; k < 3; k++)
    g_assert_cmpint (((HlSweepTrial *) sweep->trials->pdata[k])->state, ==, HL_SWEEP_TRIAL_SKIPPED);
}

/* Data that cannot be read fail the first trial; no other starts. */
static void
test_run_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = NULL;
  g_autofree char *path = write_file ("csv.sweep.json",
    "{\"format\": \"hyperlab-sweep\", \"method\": \"grid\","
    " \"base\": {\"format\": \"hyperlab-config\", \"dataset\": {\"kind\": \"csv\", \"path\": \"gone.csv\","
    "   \"target\": \"y\", \"task\": \"regression\"}},"
    " \"space\": {\"optimizer.learning_rate\": {\"values\": [0.1, 0.01]}}}");
  g_autoptr(HlStore) store = new_store ("fail-store");
  const HlSweepTrial *t;

  sweep = hl_sweep_load (path, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  hl_sweep_run (sweep, store, hl_plugin_registry_get_default (), 1, NULL, NULL, NULL);
  t = sweep->trials->pdata[0];
  g_assert_cmpint (t->state, ==, HL_SWEEP_TRIAL_FAILED);
  g_assert_nonnull (strstr (t->error, "gone.csv"));
  g_assert_null (t->run_id);
  g_assert_cmpint (((HlSweepTrial *) sweep->trials->pdata[1])->state, ==, HL_SWEEP_TRIAL_SKIPPED);
}

/* A sweep of a config in hand (the application's form), run on a thread
 * of its own below the caller's priority. */
static void
on_async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  HlSweep *sweep = data;
  g_autoptr(GError) error = NULL;

  (void) source;
  g_assert_true (hl_sweep_run_finish (sweep, result, &error));
  g_assert_no_error (error);
  sweep->budget = 0;   /* marks the end for the loop below */
}

static void
test_for_config_async (void)
{
  g_autoptr(HlConfig) base = hl_config_new ();
  g_autoptr(JsonNode) spec = json_from_string (
    "{\"space\": {\"optimizer.learning_rate\": {\"values\": [0.3, 0.1]}}, \"pruning\": {\"method\": \"none\"}}", NULL);
  g_autoptr(JsonNode) with_base = json_from_string ("{\"base\": \"x.json\", \"space\": {}}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSweep) sweep = NULL;
  g_autoptr(HlSweep) bad = NULL;
  g_autoptr(HlStore) store = new_store ("async-store");
  Seen seen = { 0 };

  base->training.epochs = 3;
  base->base_dir = g_strdup ("/data/here");
  sweep = hl_sweep_new_for_config (base, spec, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sweep->trials->len, ==, 2);
  g_assert_cmpint (sweep->method, ==, HL_SWEEP_GRID);
  g_assert_cmpstr (sweep->name, ==, "sweep");
  for (guint k = 0; k < 2; k++)
    {
      const HlConfig *c = ((HlSweepTrial *) sweep->trials->pdata[k])->config;
      g_assert_cmpstr (c->base_dir, ==, "/data/here");
      g_assert_cmpuint (c->training.epochs, ==, 3);
    }
  /* the caller's spec is left as it was */
  g_assert_false (json_object_has_member (json_node_get_object (spec), "format"));
  bad = hl_sweep_new_for_config (base, with_base, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_UNKNOWN_FIELD);

  sweep->background = TRUE;
  hl_sweep_run_async (sweep, store, hl_plugin_registry_get_default (), 2, on_trial, &seen, NULL,
                      on_async_done, sweep);
  while (sweep->budget != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen.ended, ==, 2);
  for (guint k = 0; k < 2; k++)
    g_assert_cmpint (((HlSweepTrial *) sweep->trials->pdata[k])->run_status, ==, HL_RUN_STATUS_COMPLETED);
}

/* hl_trainer_request_stop from the progress callback: the run ends at
 * that step as an early stop with the reason given. */
static void
stop_at_37 (const HlProgress *p, gpointer data)
{
  if (p->step == 37)
    hl_trainer_request_stop (data, "enough");
}

static void
test_request_stop (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file ("stop.hyperlab.json", BASE_CONFIG);
  g_autoptr(HlConfig) config = hl_config_load (path, &error);
  g_autoptr(HlRun) run = NULL;
  HlTrainer *trainer;

  g_assert_no_error (error);
  trainer = hl_trainer_new (config, hl_plugin_registry_get_default (), &error);
  g_assert_no_error (error);
  hl_trainer_set_progress_func (trainer, stop_at_37, trainer);
  run = hl_trainer_run (trainer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_EARLY_STOPPED);
  g_assert_cmpuint (run->summary.steps, ==, 37);
  g_assert_cmpstr (run->summary.stop_reason, ==, "stopped at step 37: enough");
  /* a stopped run is finished: it gets its test pass */
  g_assert_true (isfinite (run->summary.test_loss));
  hl_trainer_free (trainer);
}

/* ---- learning-rate range test ---------------------------------------------- */

static void
test_lr_find (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file ("lr.hyperlab.json", BASE_CONFIG);
  g_autoptr(HlConfig) config = hl_config_load (path, &error);
  HlPluginRegistry *registry = hl_plugin_registry_get_default ();
  g_autoptr(HlLrFindResult) r = NULL;
  g_autoptr(HlLrFindResult) calm = NULL;
  g_autoptr(HlLrFindResult) none = NULL;
  g_autoptr(HlLrFindResult) wide = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  const double ratio = pow (1000.0 / 1e-4, 1.0 / 99);
  double l0, l1;

  g_assert_no_error (error);
  /* bad ranges and step counts */
  g_assert_null (hl_lr_find (config, registry, 0.0, 1.0, 100, NULL, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_null (hl_lr_find (config, registry, 0.1, 0.01, 100, NULL, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_null (hl_lr_find (config, registry, 1e-4, 1.0, 5, NULL, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
  g_clear_error (&error);

  /* 1e-4 to 1000 in 100 steps: the rate of step k is 1e-4 · ratio^k; a
   * rate of hundreds blows the loss up before the end */
  r = hl_lr_find (config, registry, 1e-4, 1000.0, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (r->blew_up);
  g_assert_cmpuint (r->lr->len, <, 100);
  g_assert_cmpuint (r->lr->len, ==, r->loss->len);
  g_assert_cmpuint (r->lr->len, ==, r->smoothed->len);
  for (guint k = 0; k < r->lr->len; k++)
    g_assert_cmpfloat_with_epsilon (g_array_index (r->lr, double, k), 1e-4 * pow (ratio, k), 1e-12 * pow (ratio, k));
  /* the bias-corrected average: the first loss itself, then
   * (0.98 · 0.02 · l0 + 0.02 · l1) / (1 − 0.98²) */
  l0 = g_array_index (r->loss, double, 0);
  l1 = g_array_index (r->loss, double, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (r->smoothed, double, 0), l0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (r->smoothed, double, 1),
                                  (0.98 * 0.02 * l0 + 0.02 * l1) / (1 - 0.98 * 0.98), 1e-12);
  /* the suggestions lie where the loss fell, below the rate of its lowest point */
  g_assert_true (isfinite (r->steepest_lr));
  g_assert_cmpfloat (r->steepest_lr, <=, r->min_loss_lr);
  g_assert_cmpfloat (r->min_loss, <, l0);

  /* rates too small to move the loss much: every step taken, no blow-up */
  calm = hl_lr_find (config, registry, 1e-6, 1e-5, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (calm->blew_up);
  g_assert_cmpuint (calm->lr->len, ==, 50);
  g_assert_cmpfloat_with_epsilon (g_array_index (calm->lr, double, 49), 1e-5, 1e-15);

  /* a range wider than the doubles' (1e600): the rates still rise by
   * 10^(600/9) a step, none infinite */
  wide = hl_lr_find (config, registry, 1e-300, 1e300, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wide->lr->len, >=, 2);
  for (guint k = 0; k < wide->lr->len; k++)
    {
      const double expected = pow (10.0, -300.0 + k * 600.0 / 9);
      g_assert_true (isfinite (g_array_index (wide->lr, double, k)));
      g_assert_cmpfloat_with_epsilon (g_array_index (wide->lr, double, k) / expected, 1.0, 1e-9);
    }

  g_cancellable_cancel (cancelled);
  none = hl_lr_find (config, registry, 1e-4, 1.0, 100, cancelled, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* What a trial's run name says it set: short names for the fields people
 * sweep, the whole paths when two shortened would read alike. */
static void
test_short_label (void)
{
  static const struct { const char *sets[4]; const char *label; } cases[] = {
    { { "optimizer.learning_rate=0.01", "training.batch_size=32", NULL }, "lr=0.01, batch=32" },
    { { "model.layers[1].dropout=0.2", "training.l2=0.0001", "optimizer.params.beta1=0.8", NULL },
      "layers[1].dropout=0.2, l2=0.0001, beta1=0.8" },
    { { "schedule.params.gamma=0.5", "dataset.noise=0.2", "early_stopping.patience_steps=50", NULL },
      "gamma=0.5, noise=0.2, early_stopping.patience_steps=50" },
    /* an optimizer's and a schedule's "momentum" */
    { { "optimizer.params.momentum=0.9", "schedule.params.momentum=0.5", NULL },
      "optimizer.params.momentum=0.9, schedule.params.momentum=0.5" },
    { { "training.batch_size=\"all\"", NULL }, "batch=\"all\"" },
    { { NULL }, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HlSweepTrial t = { .sets = (char **) cases[i].sets };
      g_autofree char *label = hl_sweep_trial_short_label (&t);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("hl-sweep-XXXXXX", &error);
  g_assert_no_error (error);
  g_test_add_func ("/sweep/bad-files", test_bad_files);
  g_test_add_func ("/sweep/short-label", test_short_label);
  g_test_add_func ("/sweep/regression-accuracy", test_regression_accuracy);
  g_test_add_func ("/sweep/examples", test_examples);
  g_test_add_func ("/sweep/grid", test_grid);
  g_test_add_func ("/sweep/overrides", test_overrides);
  g_test_add_func ("/sweep/grid-rounding", test_grid_rounding);
  g_test_add_func ("/sweep/grid-repeats", test_grid_repeats);
  g_test_add_func ("/sweep/random", test_random);
  g_test_add_func ("/sweep/default-parallel", test_default_parallel);
  g_test_add_func ("/sweep/default-first-rung", test_default_first_rung);
  g_test_add_func ("/sweep/pruner", test_pruner);
  g_test_add_func ("/sweep/pruner-epochs", test_pruner_epochs);
  g_test_add_func ("/sweep/pruner-shared", test_pruner_shared);
  g_test_add_func ("/sweep/pruner-shared-killed", test_pruner_shared_killed);
  g_test_add_func ("/sweep/run/prunes", test_run_prunes);
  g_test_add_func ("/sweep/run/parallel", test_run_parallel);
  g_test_add_func ("/sweep/progress-validated", test_progress_validated);
  g_test_add_func ("/sweep/run/cancel", test_run_cancel);
  g_test_add_func ("/sweep/run/fails", test_run_fails);
  g_test_add_func ("/sweep/request-stop", test_request_stop);
  g_test_add_func ("/sweep/for-config-async", test_for_config_async);
  g_test_add_func ("/lr-find", test_lr_find);
  test_sweep_resume_add_tests ();
  test_sweep_squeue_add_tests ();
  test_sweep_score_add_tests ();
  test_sweep_check_add_tests ();
  status = g_test_run ();
  hl_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
