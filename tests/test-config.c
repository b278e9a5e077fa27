/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-config.c - config JSON <-> struct, defaults, --set paths, examples,
 * and the table of bad inputs (each asserting domain, code and message). */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include "hyperlab.h"

#define SPIRAL "\"dataset\": {\"kind\": \"spiral\"}"

/* test-config-bad.c: the table of bad inputs. */
void add_bad_input_tests (void);

/* ---- defaults and round trips ---- */

static void
test_defaults (void)
{
  g_autoptr(HlConfig) c = hl_config_new ();
  g_autoptr(HlConfig) parsed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_config_validate (c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c->dataset.kind, ==, "spiral");
  g_assert_cmpuint (c->model.layers->len, ==, 2);
  g_assert_cmpuint (g_array_index (c->model.layers, HlLayerConfig, 0).units, ==, 16);
  g_assert_cmpint (g_array_index (c->model.layers, HlLayerConfig, 1).activation, ==, HL_ACTIVATION_TANH);
  g_assert_cmpstr (c->optimizer.name, ==, "sgd");
  g_assert_cmpstr (c->schedule.name, ==, "constant");
  g_assert_cmpfloat (c->optimizer.learning_rate, >, 0);
  g_assert_cmpuint (c->training.batch_size, ==, 32);
  g_assert_cmpuint (c->training.threads, ==, 1);
  g_assert_cmpuint (c->seed, ==, 42);
  g_assert_true (c->early_stopping.enabled);
  g_assert_cmpstr (c->early_stopping.monitor, ==, "val_loss");

  /* A file that only names its dataset is the default config. */
  parsed = hl_config_from_data ("{" SPIRAL "}", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hl_config_equal (parsed, c));
}

static HlConfig *
unusual_config (void)
{
  HlConfig *c = hl_config_new ();

  g_free (c->name);
  c->name = g_strdup ("a \"quoted\" name\twith ünïcode");
  c->seed = 1234567890123ull;
  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("csv");
  c->dataset.path = g_strdup ("data/some file.csv");
  g_free (c->dataset.target);
  c->dataset.target = g_strdup ("price");
  c->dataset.task = HL_TASK_REGRESSION;
  c->dataset.validation_split = 0.15;
  c->dataset.test_split = 0;
  c->dataset.limit = 1000;
  c->dataset.samples = 1234;   /* not used by csv, but kept */
  g_array_set_size (c->model.layers, 0);
  hl_config_add_layer (c, 64, HL_ACTIVATION_GELU, 0.25);
  hl_config_add_layer (c, 7, HL_ACTIVATION_LEAKY_RELU, 0);
  c->model.init = HL_INIT_UNIFORM;
  g_free (c->optimizer.name);
  c->optimizer.name = g_strdup ("adam");
  c->optimizer.learning_rate = 0.1 + 0.2;   /* not exactly 0.3: must survive */
  hl_params_set (c->optimizer.params, "beta1", 0.85);
  hl_params_set (c->optimizer.params, "epsilon", 1e-8);
  hl_params_set (c->optimizer.params, "amsgrad", 1);
  g_free (c->schedule.name);
  c->schedule.name = g_strdup ("step");
  hl_params_set (c->schedule.params, "every_epochs", 3);
  c->training.batch_size = HL_BATCH_ALL;
  c->training.epochs = 77;
  c->training.l2 = 1e-5;
  c->training.validate_every_steps = 13;
  c->training.threads = 2;
  c->training.log_every_steps = 5;
  c->early_stopping.enabled = FALSE;
  c->early_stopping.patience_steps = 9;
  c->early_stopping.min_delta = 1e-300;
  c->early_stopping.stop_on_nan = FALSE;
  c->early_stopping.restore_best = FALSE;
  return c;
}

static void
test_round_trip (void)
{
  g_autoptr(HlConfig) c = unusual_config ();
  g_autoptr(HlConfig) back = NULL;
  g_autoptr(HlConfig) back2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize len;

  g_assert_true (hl_config_validate (c, NULL, &error));
  data = hl_config_to_data (c, &len);
  g_assert_cmpuint (len, ==, strlen (data));
  back = hl_config_from_data (data, (gssize) len, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hl_config_equal (c, back));
  g_assert_nonnull (strstr (data, "\"epsilon\": 1e-08"));   /* valid JSON, shortest digits */
  g_assert_nonnull (strstr (data, "\"batch_size\": \"all\""));

  node = hl_config_to_json (c);
  back2 = hl_config_from_json (node, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hl_config_equal (c, back2));

  /* Any change is seen by equal(). */
  back2->training.epochs++;
  g_assert_false (hl_config_equal (c, back2));
}

static void
test_to_json_writes_everything (void)
{
  g_autoptr(HlConfig) c = hl_config_new ();
  g_autoptr(JsonNode) node = hl_config_to_json (c);
  JsonObject *o = json_node_get_object (node);
  const char *sections[] = { "dataset", "model", "optimizer", "schedule", "training", "early_stopping" };

  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, HL_CONFIG_FORMAT);
  g_assert_cmpint (json_object_get_int_member (o, "version"), ==, HL_CONFIG_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_assert_true (json_object_has_member (o, sections[i]));
  o = json_object_get_object_member (o, "training");
  g_assert_true (json_object_has_member (o, "batch_size"));
  g_assert_true (json_object_has_member (o, "validate_every_steps"));
  g_assert_true (json_object_has_member (o, "threads"));
}

static void
test_save_load (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-config-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "x.hyperlab.json", NULL);
  g_autoptr(HlConfig) c = unusual_config ();
  g_autoptr(HlConfig) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (hl_config_save (c, path, &error));
  g_assert_no_error (error);
  back = hl_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (hl_config_equal (c, back));
  /* Relative dataset paths resolve against the file's folder. */
  g_assert_cmpstr (back->base_dir, ==, dir);
  resolved = hl_config_resolve_path (back, back->dataset.path);
  expected = g_build_filename (dir, "data", "some file.csv", NULL);
  g_assert_cmpstr (resolved, ==, expected);
  g_free (resolved);
  resolved = hl_config_resolve_path (back, "/abs/x.csv");
  g_assert_cmpstr (resolved, ==, "/abs/x.csv");

  g_unlink (path);
  g_assert_null (hl_config_load (path, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_IO);
  g_rmdir (dir);
}

/* ---- --set ---- */

typedef struct {
  const char *assignment;
  const char *check;         /* field checked after parsing */
  double      number;
  const char *string;
} SetCase;

static const SetCase set_good[] = {
  { "optimizer.learning_rate=0.01", "lr", 0.01, NULL },
  { "training.batch_size=64", "batch", 64, NULL },
  { "training.batch_size=all", "batch", HL_BATCH_ALL, NULL },
  /* more than a guint holds: all (it was clamped to 4294967295) */
  { "training.batch_size=99999999999", "batch", HL_BATCH_ALL, NULL },
  { "model.layers[1].units=64", "units1", 64, NULL },
  { "model.layers[0].activation=relu", "act0", HL_ACTIVATION_RELU, NULL },
  { "dataset.kind=moons", "kind", 0, "moons" },
  { "name=my run", "name", 0, "my run" },
  { "name=\"quoted\"", "name", 0, "quoted" },
  { "model.layers=[{\"units\": 3}]", "n_layers", 1, NULL },
  { "schedule.params.gamma=0.5", "gamma", 0.5, NULL },        /* creates params */
  { "early_stopping.enabled=false", "es", 0, NULL },
  { "seed=7", "seed", 7, NULL },
  /* Found by tests/fuzz: replacing an array element re-initialised its
   * node in place, a use-after-free in json-glib 1.6. */
  { "model.layers[0]={\"units\": 4, \"activation\": \"sigmoid\"}", "units0", 4, NULL },
  { "model.layers[1]={\"units\": 5}", "units1", 5, NULL },
};

static double
set_case_value (const HlConfig *c, const char *check, const char **s)
{
  *s = NULL;
  if (g_str_equal (check, "lr")) return c->optimizer.learning_rate;
  if (g_str_equal (check, "batch")) return c->training.batch_size;
  if (g_str_equal (check, "units0")) return g_array_index (c->model.layers, HlLayerConfig, 0).units;
  if (g_str_equal (check, "units1")) return g_array_index (c->model.layers, HlLayerConfig, 1).units;
  if (g_str_equal (check, "act0")) return g_array_index (c->model.layers, HlLayerConfig, 0).activation;
  if (g_str_equal (check, "n_layers")) return c->model.layers->len;
  if (g_str_equal (check, "gamma")) return hl_params_get (c->schedule.params, "gamma", NAN);
  if (g_str_equal (check, "es")) return c->early_stopping.enabled;
  if (g_str_equal (check, "seed")) return (double) c->seed;
  if (g_str_equal (check, "kind")) *s = c->dataset.kind;
  if (g_str_equal (check, "name")) *s = c->name;
  return 0;
}

static const char *base_json =
  "{\"dataset\": {\"kind\": \"spiral\"}, \"model\": {\"layers\": [{\"units\": 8, \"activation\": \"tanh\"},"
  " {\"units\": 8}]}}";

static void
test_set_good (gconstpointer data)
{
  const SetCase *t = data;
  g_autoptr(JsonNode) root = json_from_string (base_json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) c = NULL;
  const char *s;
  double v;

  g_assert_true (hl_config_json_set (root, t->assignment, &error));
  g_assert_no_error (error);
  c = hl_config_from_json (root, NULL, &error);
  g_assert_no_error (error);
  v = set_case_value (c, t->check, &s);
  if (t->string)
    g_assert_cmpstr (s, ==, t->string);
  else
    g_assert_cmpfloat (v, ==, t->number);
}

typedef struct {
  const char *assignment;
  int         code;
  const char *fragment;
} SetBad;

static const SetBad set_bad[] = {
  { "optimizer.learning_rate", HL_CONFIG_ERROR_PATH, "PATH=VALUE" },
  { "=3", HL_CONFIG_ERROR_PATH, "empty path" },
  { "model.layers[5].units=3", HL_CONFIG_ERROR_PATH, "index 5 is out of range" },
  { "model.layers[x].units=3", HL_CONFIG_ERROR_PATH, "number inside" },
  { "model.layers[0.units=3", HL_CONFIG_ERROR_PATH, "number inside" },
  { "dataset.kind.sub=3", HL_CONFIG_ERROR_PATH, "dataset.kind is not an object" },
  { "dataset[0]=3", HL_CONFIG_ERROR_PATH, "dataset is not an array" },
  { "optimizer..name=sgd", HL_CONFIG_ERROR_PATH, "empty field name" },
  { "model.layers[0]x=1", HL_CONFIG_ERROR_PATH, "after" },
  /* Found by tests/fuzz: other bytes reached messages and run records. */
  { "name=caf\xe9", HL_CONFIG_ERROR_PATH, "not valid UTF-8" },
  { "mod\xe9l.units=3", HL_CONFIG_ERROR_PATH, "--set mod\xef\xbf\xbdl.units=3: not valid UTF-8" },
  { "name=\"caf\\351\"", HL_CONFIG_ERROR_PARSE, "--set name: invalid value: invalid escape in a string" },
};

static void
test_set_bad (gconstpointer data)
{
  const SetBad *t = data;
  g_autoptr(JsonNode) root = json_from_string (base_json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (hl_config_json_set (root, t->assignment, &error));
  g_assert_error (error, HL_CONFIG_ERROR, t->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, t->fragment) == NULL)
    g_error ("“%s”: message “%s” lacks “%s”", t->assignment, error->message, t->fragment);
}

/* Found by tests/fuzz: a value nested 100 000 levels deep overflowed
 * json-glib's recursive parser. */
static void
test_set_deep_value (void)
{
  g_autoptr(JsonNode) root = json_from_string (base_json, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *brackets = g_strnfill (100000, '[');
  g_autofree char *assignment = g_strconcat ("name=", brackets, NULL);

  g_assert_false (hl_config_json_set (root, assignment, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "--set name: invalid value: nested deeper than 128 levels"));
}

/* An override that makes the config invalid fails like a file would. */
static void
test_set_then_invalid (void)
{
  g_autoptr(JsonNode) root = json_from_string (base_json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_config_json_set (root, "optimizer.learnin_rate=1", &error));
  g_assert_null (hl_config_from_json (root, NULL, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_UNKNOWN_FIELD);
}

/* ---- check(): every problem with its path ---- */

static void
test_check_all_issues (void)
{
  g_autoptr(HlConfig) c = hl_config_new ();
  GPtrArray *issues;
  const char *expected[] = { "model.layers[1].dropout", "optimizer.learning_rate", "training.epochs",
                             "training.threads" };

  g_array_index (c->model.layers, HlLayerConfig, 1).dropout = -0.5;
  c->optimizer.learning_rate = -3;
  c->training.epochs = 0;
  c->training.threads = 0;
  issues = hl_config_check (c, NULL);
  g_assert_cmpuint (issues->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < issues->len; i++)
    {
      HlConfigIssue *issue = issues->pdata[i];

      g_assert_cmpstr (issue->path, ==, expected[i]);
      g_assert_error (issue->error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
      g_assert_true (g_str_has_prefix (issue->error->message, issue->path));
    }
  hl_config_issues_free (issues);
}

/* Layers beyond the unit limit are marked on their own rows, without a
 * parameter count of them (two layers of 4e9 units came to a count wrapped
 * round, "12553255963290448387 parameters"); the count saturates. */
static void
test_check_units_no_count (void)
{
  g_autoptr(HlConfig) c = hl_config_new ();
  GPtrArray *issues;

  g_array_index (c->model.layers, HlLayerConfig, 0).units = 4000000000u;
  g_array_index (c->model.layers, HlLayerConfig, 1).units = 4000000000u;
  hl_config_add_layer (c, 4000000000u, HL_ACTIVATION_RELU, 0);
  g_assert_true (hl_config_count_params (c, 784, 10) == G_MAXUINT64);   /* 3.2e19 */
  issues = hl_config_check (c, NULL);
  g_assert_cmpuint (issues->len, ==, 3);
  for (guint i = 0; i < issues->len; i++)
    {
      HlConfigIssue *issue = issues->pdata[i];
      g_autofree char *path = g_strdup_printf ("model.layers[%u].units", i);

      g_assert_cmpstr (issue->path, ==, path);
      g_assert_error (issue->error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT);
    }
  hl_config_issues_free (issues);
  /* within the limit, too many parameters is still said */
  g_array_index (c->model.layers, HlLayerConfig, 0).units = 16384;
  g_array_index (c->model.layers, HlLayerConfig, 1).units = 16384;
  g_array_index (c->model.layers, HlLayerConfig, 2).units = 16;
  issues = hl_config_check (c, NULL);
  g_assert_cmpuint (issues->len, ==, 1);
  g_assert_cmpstr (((HlConfigIssue *) issues->pdata[0])->path, ==, "model.layers");
  hl_config_issues_free (issues);
}

/* A validation split of 0 is as much the problem of early stopping and of a
 * schedule following the validation loss as of their own fields: their
 * issues name it in `also`, so the form marks its row and a --set of it
 * is blamed (the CLI knew it from a list of paths, the form did not). */
static void
test_check_also (void)
{
  HlPluginRegistry *registry = hl_plugin_registry_get_default ();
  g_autoptr(HlConfig) c = hl_config_new ();
  const char *expected[][2] = {
    { "training.epochs", NULL },
    { "early_stopping.enabled", "dataset.validation_split" },
    { "schedule.name", "dataset.validation_split" },           /* plateau */
  };
  GPtrArray *issues;
  HlConfigIssue *sum;

  g_assert_nonnull (hl_plugin_registry_lookup (registry, HL_PLUGIN_KIND_SCHEDULE, "plateau"));
  c->dataset.validation_split = 0;
  c->training.epochs = 0;
  c->early_stopping.enabled = TRUE;
  g_free (c->schedule.name);
  c->schedule.name = g_strdup ("plateau");
  issues = hl_config_check (c, registry);
  g_assert_cmpuint (issues->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < issues->len; i++)
    {
      HlConfigIssue *issue = issues->pdata[i];

      g_assert_cmpstr (issue->path, ==, expected[i][0]);
      g_assert_cmpstr (issue->also, ==, expected[i][1]);
    }
  hl_config_issues_free (issues);
  /* and the other split of a pair that sums too high */
  c->dataset.validation_split = 0.5;
  c->dataset.test_split = 0.5;
  c->training.epochs = 10;
  issues = hl_config_check (c, registry);
  g_assert_cmpuint (issues->len, ==, 1);
  sum = issues->pdata[0];
  g_assert_cmpstr (sum->path, ==, "dataset.test_split");
  g_assert_cmpstr (sum->also, ==, "dataset.validation_split");
  hl_config_issues_free (issues);
}

static void
test_load_unchecked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-config-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "u.hyperlab.json", NULL);
  const char *sets[] = { "training.epochs=0", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) c = NULL;
  GPtrArray *issues;

  g_assert_true (g_file_set_contents (path, "{" SPIRAL ", \"optimizer\": {\"learning_rate\": -1}}", -1, NULL));
  g_assert_null (hl_config_load_with_overrides (path, sets, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
  g_clear_error (&error);
  c = hl_config_load_unchecked (path, sets, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->training.epochs, ==, 0);
  issues = hl_config_check (c, NULL);
  g_assert_cmpuint (issues->len, ==, 2);
  hl_config_issues_free (issues);
  /* Names and types are still checked. */
  g_assert_true (g_file_set_contents (path, "{" SPIRAL ", \"optimizer\": {\"learning_rate\": \"x\"}}", -1, NULL));
  g_clear_pointer (&c, hl_config_free);
  g_assert_null (hl_config_load_unchecked (path, NULL, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_TYPE);
  g_unlink (path);
  g_rmdir (dir);
}

/* A negative count is a value the struct cannot hold: the loaders refuse
 * it at once, which left `validate` listing only that one problem (found by
 * a QA pass).  hl_config_from_data_listing lists it with the others, the
 * unstorable ones first, and keeps a valid value in their fields. */
static void
test_from_data_listing (void)
{
  const char *json = "{\"seed\": -1, \"dataset\": {\"kind\": \"gaussians\", \"noise\": -1, \"samples\": -5,"
                     " \"classes\": -2}, \"model\": {\"layers\": [{\"units\": -3}]},"
                     " \"training\": {\"batch_size\": -1, \"epochs\": 0},"
                     " \"early_stopping\": {\"patience_steps\": -4}}";
  const struct { const char *path; int code; const char *message; } expected[] = {
    { "seed", HL_CONFIG_ERROR_TYPE, "seed: expected a non-negative integer (got -1)" },
    { "dataset.samples", HL_CONFIG_ERROR_RANGE, "dataset.samples: must be >= 10 (got -5)" },
    { "dataset.classes", HL_CONFIG_ERROR_RANGE, "dataset.classes: must be >= 2 (got -2)" },
    { "model.layers[0].units", HL_CONFIG_ERROR_RANGE, "model.layers[0].units: must be >= 1 (got -3)" },
    { "training.batch_size", HL_CONFIG_ERROR_RANGE, "training.batch_size: must be >= 1 or \"all\" (got -1)" },
    { "early_stopping.patience_steps", HL_CONFIG_ERROR_RANGE, "early_stopping.patience_steps: must be >= 1 (got -4)" },
    /* then hl_config_check's */
    { "dataset.noise", HL_CONFIG_ERROR_RANGE, "dataset.noise: must be >= 0 (got -1)" },
    { "training.epochs", HL_CONFIG_ERROR_RANGE, "training.epochs: must be >= 1 (got 0)" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) c = NULL;
  GPtrArray *issues = NULL;

  c = hl_config_from_data_listing (json, -1, "neg.json", NULL, NULL, &issues, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  for (guint i = 0; i < issues->len; i++)
    g_test_message ("%s", ((HlConfigIssue *) issues->pdata[i])->error->message);
  g_assert_cmpuint (issues->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < issues->len; i++)
    {
      HlConfigIssue *issue = issues->pdata[i];

      g_assert_cmpstr (issue->path, ==, expected[i].path);
      g_assert_error (issue->error, HL_CONFIG_ERROR, expected[i].code);
      g_assert_cmpstr (issue->error->message, ==, expected[i].message);
    }
  hl_config_issues_free (issues);
  /* the fields keep valid values: their defaults, or the least valid one */
  g_assert_cmpuint (c->dataset.samples, ==, 600);
  g_assert_cmpuint (c->dataset.classes, ==, 3);
  g_assert_cmpuint (g_array_index (c->model.layers, HlLayerConfig, 0).units, ==, 1);
  g_assert_cmpuint (c->training.batch_size, ==, 32);
  g_assert_cmpuint (c->early_stopping.patience_steps, ==, 200);
  /* what cannot be read at all is still an error */
  g_clear_pointer (&c, hl_config_free);
  c = hl_config_from_data_listing ("{" SPIRAL ", \"training\": {\"epochs\": \"x\"}}", -1, NULL, NULL, NULL,
                                   &issues, &error);
  g_assert_null (c);
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_TYPE);
}

/* ---- plugins (needs the built plugins via HYPERLAB_PLUGIN_PATH) ---- */

typedef struct {
  const char *name;
  const char *json;
  int         code;
  const char *fragment;
} PluginCase;

static const PluginCase plugin_cases[] = {
  { "unknown-optimizer", "{" SPIRAL ", \"optimizer\": {\"name\": \"sgdd\"}}", HL_CONFIG_ERROR_PLUGIN,
    "optimizer.name: unknown optimizer “sgdd”; did you mean “sgd”?" },
  { "unknown-optimizer-far", "{" SPIRAL ", \"optimizer\": {\"name\": \"lbfgs-zzz\"}}", HL_CONFIG_ERROR_PLUGIN, "installed:" },
  { "unknown-schedule", "{" SPIRAL ", \"schedule\": {\"name\": \"constnat\"}}", HL_CONFIG_ERROR_PLUGIN, "did you mean “constant”?" },
  /* plateau never lowered the rate without a validation split, and
   * validate said "config OK" (found by a review) */
  { "plateau-without-validation", "{\"dataset\": {\"kind\": \"spiral\", \"validation_split\": 0}, "
    "\"early_stopping\": {\"enabled\": false}, \"schedule\": {\"name\": \"plateau\"}}",
    HL_CONFIG_ERROR_INCONSISTENT, "schedule.name: “plateau” follows the validation loss" },
  { "unknown-param", "{" SPIRAL ", \"optimizer\": {\"name\": \"sgd\", \"params\": {\"weight_decya\": 0.1}}}", HL_CONFIG_ERROR_PLUGIN,
    "optimizer.params.weight_decya: “sgd” has no parameter “weight_decya”; did you mean “weight_decay”?" },
  { "param-below-min", "{" SPIRAL ", \"optimizer\": {\"name\": \"sgd\", \"params\": {\"weight_decay\": -1}}}", HL_CONFIG_ERROR_RANGE,
    "optimizer.params.weight_decay: must be >= 0 (got -1)" },
  { "param-above-max", "{" SPIRAL ", \"optimizer\": {\"name\": \"sgd\", \"params\": {\"weight_decay\": 7}}}", HL_CONFIG_ERROR_RANGE,
    "optimizer.params.weight_decay: must be <= " },
};

static HlPluginRegistry *
registry_or_skip (void)
{
  HlPluginRegistry *r = hl_plugin_registry_get_default ();

  /* The plugins are part of the build; their absence is a failure, not a skip. */
  g_assert_nonnull (hl_plugin_registry_lookup (r, HL_PLUGIN_KIND_OPTIMIZER, "sgd"));
  return r;
}

static void
test_plugin_case (gconstpointer data)
{
  const PluginCase *t = data;
  HlPluginRegistry *registry = registry_or_skip ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) c = hl_config_from_data (t->json, -1, NULL, &error);

  g_assert_no_error (error);   /* without a registry the plugin part is not checked */
  g_assert_false (hl_config_validate (c, registry, &error));
  g_assert_error (error, HL_CONFIG_ERROR, t->code);
  if (strstr (error->message, t->fragment) == NULL)
    g_error ("%s: message “%s” lacks “%s”", t->name, error->message, t->fragment);
}

static void
test_plugin_booleans (void)
{
  HlPluginRegistry *registry = registry_or_skip ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) ok = NULL;
  g_autoptr(HlConfig) bad = NULL;

  if (hl_plugin_registry_lookup (registry, HL_PLUGIN_KIND_OPTIMIZER, "adam") == NULL)
    {
      g_test_skip ("adam plugin not built");
      return;
    }
  ok = hl_config_from_data ("{" SPIRAL ", \"optimizer\": {\"name\": \"adam\", \"params\": {\"amsgrad\": true}}}",
                            -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (hl_params_get (ok->optimizer.params, "amsgrad", -1), ==, 1.0);
  g_assert_true (hl_config_validate (ok, registry, &error));
  bad = hl_config_copy (ok);
  hl_params_set (bad->optimizer.params, "amsgrad", 0.5);
  g_assert_false (hl_config_validate (bad, registry, &error));
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
}

/* ---- shipped examples ---- */

static void
test_examples (void)
{
  const char *dir = g_getenv ("HYPERLAB_EXAMPLES");
  HlPluginRegistry *registry = registry_or_skip ();
  const char *wanted[] = { "spiral", "circles", "xor", "moons", "sine", "fashion-mnist" };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.hyperlab.json", wanted[i]);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(HlConfig) c = hl_config_load (path, &error);

      g_assert_no_error (error);
      g_assert_true (hl_config_validate (c, registry, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (c->dataset.kind, ==, wanted[i]);
    }
}

/* ---- small helpers ---- */

static void
test_json_to_data (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"a\": 1e-8, \"b\": [0.1, -2, 3e300], \"c\": \"x\\\"y\\n\", \"d\": null}", NULL);
  g_autofree char *compact = hl_json_to_data (node, FALSE, NULL);
  g_autofree char *pretty = NULL;
  g_autoptr(JsonNode) back = NULL;
  gsize len;

  g_assert_cmpstr (compact, ==, "{\"a\": 1e-08, \"b\": [0.1, -2, 3e+300], \"c\": \"x\\\"y\\n\", \"d\": null}");
  pretty = hl_json_to_data (node, TRUE, &len);
  g_assert_cmpuint (len, ==, strlen (pretty));
  back = json_from_string (pretty, NULL);
  g_assert_nonnull (back);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (back), "a"), ==, 1e-8);
}

static void
test_closest (void)
{
  const char *const names[] = { "learning_rate", "name", "params", NULL };

  g_assert_cmpstr (hl_closest_string ("learnin_rate", names), ==, "learning_rate");
  g_assert_cmpstr (hl_closest_string ("lraening_rate", names), ==, "learning_rate");   /* transposition */
  g_assert_cmpstr (hl_closest_string ("Name", names), ==, "name");
  g_assert_null (hl_closest_string ("zzzzzzzz", names));
  g_assert_null (hl_closest_string ("x", (const char *const[]) { NULL }));
  /* Found by tests/fuzz review: the distance table is len × len, so two
   * 100 000-byte names once asked for 40 GB. */
  {
    g_autofree char *a = g_strnfill (100000, 'a');
    g_autofree char *b = g_strnfill (100000, 'b');

    g_assert_null (hl_closest_string (a, (const char *const[]) { b, "name", NULL }));
    g_assert_null (hl_closest_string ("name", (const char *const[]) { b, NULL }));
    g_assert_cmpstr (hl_closest_string ("nmae", (const char *const[]) { b, "name", NULL }), ==, "name");
  }
}

static void
test_types (void)
{
  HlActivation a;
  HlInit init;
  HlTask task;

  for (int i = 0; i < HL_N_ACTIVATIONS; i++)
    {
      g_assert_true (hl_activation_from_string (hl_activation_to_string (i), &a));
      g_assert_cmpint (a, ==, i);
    }
  for (int i = 0; i < HL_N_INITS; i++)
    {
      g_assert_true (hl_init_from_string (hl_init_to_string (i), &init));
      g_assert_cmpint (init, ==, i);
    }
  g_assert_true (hl_init_from_string ("glorot", &init));
  g_assert_cmpint (init, ==, HL_INIT_XAVIER);
  g_assert_true (hl_task_from_string ("regression", &task));
  g_assert_cmpint (task, ==, HL_TASK_REGRESSION);
  g_assert_false (hl_activation_from_string ("Relu", &a));
  g_assert_false (hl_init_from_string (NULL, &init));
  g_assert_cmpstr (hl_activation_to_string (HL_ACTIVATION_LEAKY_RELU), ==, "leaky_relu");
}

static void
test_params_and_count (void)
{
  g_autoptr(HlConfig) c = hl_config_new ();
  g_autoptr(GArray) p = hl_params_new ();
  g_autoptr(GArray) q = NULL;

  hl_params_set (p, "a", 1);
  hl_params_set (p, "b", 2);
  hl_params_set (p, "a", 3);
  g_assert_cmpuint (p->len, ==, 2);
  g_assert_cmpfloat (hl_params_get (p, "a", 0), ==, 3);
  g_assert_cmpfloat (hl_params_get (p, "zz", -1), ==, -1);
  q = hl_params_copy (p);
  hl_params_clear (p);
  g_assert_cmpuint (p->len, ==, 0);
  g_assert_true (hl_params_lookup (q, "b", NULL));
  /* 2-16-16-3: (2*16+16) + (16*16+16) + (16*3+3) */
  g_assert_cmpuint (hl_config_count_params (c, 2, 3), ==, 48 + 272 + 51);
  g_assert_true (hl_dataset_kind_is_toy ("moons"));
  g_assert_false (hl_dataset_kind_is_toy ("csv"));
  g_assert_true (hl_dataset_kind_is_idx_family ("fashion-mnist"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_bad_input_tests ();
  for (guint i = 0; i < G_N_ELEMENTS (set_good); i++)
    {
      g_autofree char *path = g_strdup_printf ("/config/set/good/%u", i);
      g_test_add_data_func (path, &set_good[i], test_set_good);
    }
  for (guint i = 0; i < G_N_ELEMENTS (set_bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/config/set/bad/%u", i);
      g_test_add_data_func (path, &set_bad[i], test_set_bad);
    }
  for (guint i = 0; i < G_N_ELEMENTS (plugin_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/config/plugins/%s", plugin_cases[i].name);
      g_test_add_data_func (path, &plugin_cases[i], test_plugin_case);
    }
  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/round-trip", test_round_trip);
  g_test_add_func ("/config/to-json-writes-everything", test_to_json_writes_everything);
  g_test_add_func ("/config/save-load", test_save_load);
  g_test_add_func ("/config/set/then-invalid", test_set_then_invalid);
  g_test_add_func ("/config/set/deep-value", test_set_deep_value);
  g_test_add_func ("/config/check/all-issues", test_check_all_issues);
  g_test_add_func ("/config/check/units-no-count", test_check_units_no_count);
  g_test_add_func ("/config/check/also", test_check_also);
  g_test_add_func ("/config/load-unchecked", test_load_unchecked);
  g_test_add_func ("/config/from-data-listing", test_from_data_listing);
  g_test_add_func ("/config/plugins/booleans", test_plugin_booleans);
  g_test_add_func ("/config/examples", test_examples);
  g_test_add_func ("/config/closest", test_closest);
  g_test_add_func ("/config/json-to-data", test_json_to_data);
  g_test_add_func ("/config/types", test_types);
  g_test_add_func ("/config/params-and-count", test_params_and_count);
  return g_test_run ();
}
