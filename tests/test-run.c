/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-run.c - run records: JSON round trip, NaN as null, bad files, CSV,
 * and the cost of saving and loading many large runs. */
#include <math.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "hl-checkpoint.h"

/* Names a CSV cell must quote; rows 50, 50 and 48 samples. */
static HlConfusion *
sample_confusion (void)
{
  const char *const names[] = { "T-shirt/top", "Shirt, long", "Say \"hi\"", NULL };
  const guint64 counts[] = { 50, 0, 0,
                             7, 40, 3,
                             0, 7, 41 };
  HlConfusion *c = hl_confusion_new (3, names);

  memcpy (c->counts, counts, sizeof counts);
  return c;
}

static HlRun *
sample_run (guint n_points)
{
  g_autoptr(HlConfig) config = hl_config_new ();
  HlRun *run;

  g_free (config->name);
  config->name = g_strdup ("sample");
  run = hl_run_new (config);
  run->status = HL_RUN_STATUS_EARLY_STOPPED;
  run->finished = run->created + 1234567;
  run->dataset_description = g_strdup ("spiral, 3 classes");
  run->group = g_strdup ("g1");
  run->optimizer.version = g_strdup ("1.0");
  hl_params_set (run->optimizer.params, "weight_decay", 1e-4);
  for (guint i = 0; i < n_points; i++)
    hl_metrics_append (&run->metrics, (guint64) i * 10, i / 15.0, 0.1 / (1 + i),
                       (float) (1.0 / (i + 1)),               /* float-derived, as the trainer makes */
                       i % 3 == 0 ? 0.5 + i * 1e-3 : NAN,      /* validation only now and then */
                       i % 3 == 0 ? 0.25 + i / (3.0 * n_points) : NAN);
  run->summary.best_val_loss = 0.123456789012345;
  run->summary.best_step = 40;
  run->summary.test_loss = NAN;
  run->summary.test_accuracy = 131.0 / 148.0;   /* the matrix's trace / total */
  run->summary.steps = n_points * 10;
  run->summary.epochs = 12.5;
  run->summary.seconds = 3.25;
  run->summary.samples_per_second = 12345.5;
  run->summary.stop_reason = g_strdup ("early stopped at step 70 (best at step 40)");
  run->summary.overfitting = TRUE;
  run->summary.overfitting_step = 50;
  run->summary.n_parameters = 371;
  run->summary.n_classes = 3;
  run->summary.test_confusion = sample_confusion ();
  return run;
}

static gboolean
same_double (double a, double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
assert_runs_equal (const HlRun *a, const HlRun *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_true (hl_config_equal (a->config, b->config));
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->created, ==, b->created);
  g_assert_cmpint (a->finished, ==, b->finished);
  g_assert_cmpstr (a->dataset_description, ==, b->dataset_description);
  g_assert_cmpstr (a->group, ==, b->group);
  g_assert_cmpstr (a->optimizer.id, ==, b->optimizer.id);
  g_assert_cmpstr (a->optimizer.version, ==, b->optimizer.version);
  g_assert_cmpfloat (hl_params_get (b->optimizer.params, "weight_decay", 0), ==, 1e-4);
  g_assert_cmpuint (hl_metrics_len (&a->metrics), ==, hl_metrics_len (&b->metrics));
  for (guint i = 0; i < hl_metrics_len (&a->metrics); i++)
    {
      const char *names[] = { "epoch", "lr", "train_loss", "val_loss", "val_accuracy" };

      g_assert_cmpuint (g_array_index (a->metrics.step, guint64, i), ==, g_array_index (b->metrics.step, guint64, i));
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        g_assert_true (same_double (g_array_index (hl_metrics_get (&a->metrics, names[k]), double, i),
                                    g_array_index (hl_metrics_get (&b->metrics, names[k]), double, i)));
    }
  g_assert_true (same_double (a->summary.best_val_loss, b->summary.best_val_loss));
  g_assert_cmpuint (a->summary.best_step, ==, b->summary.best_step);
  g_assert_true (same_double (a->summary.test_loss, b->summary.test_loss));
  g_assert_true (same_double (a->summary.test_accuracy, b->summary.test_accuracy));
  g_assert_cmpuint (a->summary.steps, ==, b->summary.steps);
  g_assert_true (same_double (a->summary.seconds, b->summary.seconds));
  g_assert_true (same_double (a->summary.samples_per_second, b->summary.samples_per_second));
  g_assert_cmpstr (a->summary.stop_reason, ==, b->summary.stop_reason);
  g_assert_cmpint (a->summary.overfitting, ==, b->summary.overfitting);
  g_assert_cmpuint (a->summary.overfitting_step, ==, b->summary.overfitting_step);
  g_assert_cmpuint (a->summary.n_parameters, ==, b->summary.n_parameters);
  g_assert_cmpuint (a->summary.n_classes, ==, b->summary.n_classes);
  g_assert_true ((a->summary.test_confusion == NULL) == (b->summary.test_confusion == NULL));
  if (a->summary.test_confusion != NULL)
    {
      const HlConfusion *ca = a->summary.test_confusion, *cb = b->summary.test_confusion;

      g_assert_true (ca != cb);   /* owned by each run */
      g_assert_cmpuint (ca->n_classes, ==, cb->n_classes);
      g_assert_cmpstrv (ca->class_names, cb->class_names);
      g_assert_cmpmem (ca->counts, ca->n_classes * ca->n_classes * sizeof (guint64),
                       cb->counts, cb->n_classes * cb->n_classes * sizeof (guint64));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(HlRun) run = sample_run (50);
  g_autoptr(HlRun) back = NULL;
  g_autoptr(HlRun) back2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *data = NULL;
  gsize len;

  data = hl_run_to_data (run, &len);
  node = json_from_string (data, &error);
  g_assert_no_error (error);   /* the text is valid JSON for any parser */
  back = hl_run_from_json (node, "x.run.json", &error);
  g_assert_no_error (error);
  assert_runs_equal (run, back);
  g_assert_cmpstr (back->path, ==, "x.run.json");

  g_clear_pointer (&node, json_node_unref);
  node = hl_run_to_json (run);
  back2 = hl_run_from_json (node, NULL, &error);
  g_assert_no_error (error);
  assert_runs_equal (run, back2);
}

static void
test_nan_as_null (void)
{
  g_autoptr(HlRun) run = sample_run (4);
  g_autofree char *data = hl_run_to_data (run, NULL);
  g_autoptr(JsonNode) node = json_from_string (data, NULL);
  JsonObject *o = json_node_get_object (node);
  JsonArray *val = json_object_get_array_member (json_object_get_object_member (o, "metrics"), "val_loss");

  /* No bare NaN/Infinity tokens (field names like "stop_on_nan" are fine). */
  g_assert_false (g_regex_match_simple ("[:\\[,]\\s*-?(nan|inf|NaN|Infinity)", data, 0, 0));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (val, 1)));
  g_assert_cmpfloat (json_array_get_double_element (val, 0), ==, 0.5);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_object_get_object_member (o, "summary"), "test_loss")));
  /* Timestamps are ISO 8601 text. */
  g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "created"), "Z"));
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, HL_RUN_FORMAT);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "early_stopped");
  g_assert_true (json_object_has_member (o, "plugins"));
}

static void
test_save_load (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-run-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a.run.json", NULL);
  g_autoptr(HlRun) run = sample_run (20);
  g_autoptr(HlRun) back = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = run->updated;

  g_assert_true (hl_run_save (run, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (run->path, ==, path);
  g_assert_cmpint (run->updated, >=, before);
  back = hl_run_load (path, &error);
  g_assert_no_error (error);
  assert_runs_equal (run, back);
  g_assert_cmpint (back->updated, ==, run->updated);
  g_unlink (path);
  g_assert_null (hl_run_load (path, &error));
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO);
  g_rmdir (dir);
}

/* ---- bad run files ---- */

typedef struct {
  const char *name;
  const char *edit_from;    /* replace this in a good record ... */
  const char *edit_to;      /* ... with this; or NULL with text below */
  const char *text;
  int         code;
  const char *fragment;
} BadRun;

static const BadRun bad_runs[] = {
  { "truncated", NULL, NULL, "{\"format\": \"hyperlab-run\", \"version\": 1, \"id\": ", HL_RUN_ERROR_PARSE, "bad.run.json:1:" },
  { "not-json", NULL, NULL, "PK\003\004 zip file", HL_RUN_ERROR_PARSE, "bad.run.json:1:" },
  { "empty", NULL, NULL, "", HL_RUN_ERROR_PARSE, "empty" },
  { "a-config", NULL, NULL, "{\"format\": \"hyperlab-config\", \"dataset\": {\"kind\": \"spiral\"}}", HL_RUN_ERROR_FORMAT,
    "bad.run.json: not a Hyperlab run record" },
  { "no-format", "\"format\": \"hyperlab-run\",", "", NULL, HL_RUN_ERROR_FORMAT, "format is missing" },
  { "version-2", "\"version\": 1,\n  \"id\"", "\"version\": 2,\n  \"id\"", NULL, HL_RUN_ERROR_VERSION, "unsupported run record version 2" },
  { "no-id", "\"id\":", "\"idx\":", NULL, HL_RUN_ERROR_CORRUPT, "id: missing" },
  /* there but of another type: it said "id: missing" (found by a QA pass) */
  { "id-a-number", "\"id\": \"", "\"id\": 42, \"was\": \"", NULL, HL_RUN_ERROR_CORRUPT,
    "bad.run.json: id: expected a string (got 42)" },
  { "status-an-object", "\"status\": \"", "\"status\": {}, \"was\": \"", NULL, HL_RUN_ERROR_CORRUPT,
    "bad.run.json: status: expected a string (got an object)" },
  { "config-an-array", "\"config\": {", "\"config\": [], \"was\": {", NULL, HL_RUN_ERROR_CORRUPT,
    "bad.run.json: config: expected an object (got an array)" },
  { "metrics-a-number", "\"metrics\": {", "\"metrics\": 7, \"was\": {", NULL, HL_RUN_ERROR_CORRUPT,
    "bad.run.json: metrics: expected an object (got 7)" },
  { "bad-status", "\"status\": \"early_stopped\"", "\"status\": \"exploded\"", NULL, HL_RUN_ERROR_CORRUPT, "status:" },
  { "bad-time", "\"created\": \"", "\"created\": \"yesterday", NULL, HL_RUN_ERROR_CORRUPT, "created:" },
  { "no-metrics", "\"metrics\":", "\"metricz\":", NULL, HL_RUN_ERROR_CORRUPT, "metrics: missing" },
  { "unequal-arrays", "\"lr\": [", "\"lr\": [0.5, ", NULL, HL_RUN_ERROR_CORRUPT, "unequal length" },
  { "string-in-metrics", "\"train_loss\": [1,", "\"train_loss\": [\"x\",", NULL, HL_RUN_ERROR_CORRUPT, "metrics.train_loss[0]" },
  /* -5 was read as 0 (and by the fast reader as 2^64 - 5; found by a review) */
  { "negative-step", "\"step\": [0, 10,", "\"step\": [0, -5,", NULL, HL_RUN_ERROR_CORRUPT,
    "metrics.step[1]: expected a whole number of steps (got -5)" },
  { "fractional-step", "\"step\": [0, 10,", "\"step\": [0, 2.5,", NULL, HL_RUN_ERROR_CORRUPT,
    "metrics.step[1]: expected a whole number of steps (got 2.5)" },
  { "missing-array", "\"val_accuracy\": [", "\"val_acc\": [", NULL, HL_RUN_ERROR_CORRUPT, "metrics.val_accuracy: missing" },
  { "bad-config", "\"learning_rate\": 0.3", "\"learning_rate\": -1", NULL, HL_RUN_ERROR_CORRUPT,
    "config: optimizer.learning_rate: must be > 0 (got -1)" },
  /* Found by tests/fuzz: loaded, but saved "created": null, after which
   * the record no longer loaded. */
  { "created-before-1970", "\"created\": \"", "\"created\": \"1969-12-31T23:00:00Z\", \"was\": \"", NULL,
    HL_RUN_ERROR_CORRUPT, "created: \"1969-12-31T23:00:00Z\" is not after 1970-01-01" },
  { "finished-at-epoch", "\"finished\": ", "\"finished\": \"1970-01-01T00:00:00Z\", \"was\": ", NULL,
    HL_RUN_ERROR_CORRUPT, "finished: \"1970-01-01T00:00:00Z\" is not after" },
  /* summary.test_confusion: a wrong matrix would be shown as a model's mistakes */
  { "confusion-not-object", "\"test_confusion\": {", "\"test_confusion\": [], \"was\": {", NULL,
    HL_RUN_ERROR_CORRUPT, "summary.test_confusion: expected an object" },
  { "confusion-no-classes", "\"classes\": [", "\"klasses\": [", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.classes: missing" },
  { "confusion-class-not-string", "\"classes\": [\"T-shirt/top\"", "\"classes\": [7", NULL,
    HL_RUN_ERROR_CORRUPT, "summary.test_confusion.classes[0]: expected a class name" },
  { "confusion-one-class", "\"classes\": [\"T-shirt/top\", ", "\"classes\": [\"T-shirt/top\"], \"was\": [", NULL,
    HL_RUN_ERROR_CORRUPT, "summary.test_confusion.classes: expected 2 to 100 classes (got 1)" },
  { "confusion-more-classes-than-rows", "\"classes\": [", "\"classes\": [\"extra\", ", NULL,
    HL_RUN_ERROR_CORRUPT, "summary.test_confusion.counts: 3 rows for 4 classes" },
  { "confusion-no-counts", "\"counts\": [", "\"kounts\": [", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts: missing" },
  { "confusion-short-row", "[7, 40, 3]", "[7, 40]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts[1]: 2 counts for 3 classes" },
  { "confusion-long-row", "[7, 40, 3]", "[7, 40, 3, 0]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts[1]: 4 counts for 3 classes" },
  { "confusion-row-not-array", "[7, 40, 3]", "47", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts[1]: expected an array of counts" },
  { "confusion-negative", "[7, 40, 3]", "[7, -40, 3]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts[1][1]: expected a whole number from 0 to 2^53 (got -40)" },
  { "confusion-fraction", "[7, 40, 3]", "[7, 40.5, 3]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts[1][1]: expected a whole number from 0 to 2^53 (got 40.5)" },
  { "confusion-string", "[7, 40, 3]", "[7, \"40\", 3]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts[1][1]: expected a whole number" },
  { "confusion-above-2^53", "[7, 40, 3]", "[7, 9007199254740993, 3]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts[1][1]: expected a whole number from 0 to 2^53 (got 9007199254740993)" },
  { "confusion-huge", "[7, 40, 3]", "[7, 1e300, 3]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts[1][1]: expected a whole number from 0 to 2^53" },
  /* A matrix that disagrees with its own summary (hand-edited): the engine
   * writes trace / total == test_accuracy and as many classes as summary.classes. */
  { "confusion-accuracy-differs", "\"test_accuracy\": ", "\"test_accuracy\": 0.875, \"was\": ", NULL,
    HL_RUN_ERROR_CORRUPT, "summary.test_confusion.counts: 131 of 148 test samples correct "
    "(accuracy 0.88513513513513509), but summary.test_accuracy is 0.875" },
  { "confusion-trace-off-by-one", "[7, 40, 3]", "[7, 41, 3]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts: 132 of 149 test samples correct" },
  { "confusion-count-moved", "[7, 40, 3]", "[8, 39, 3]", NULL, HL_RUN_ERROR_CORRUPT,
    "but summary.test_accuracy is 0.88513513513513509" },
  { "confusion-classes-differ", "\"classes\": 3,\n    \"test_confusion\"", "\"classes\": 4,\n    \"test_confusion\"", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.classes: 3 classes, but summary.classes says 4" },
  { "confusion-all-zero", "\"counts\": [", "\"counts\": [[0, 0, 0], [0, 0, 0], [0, 0, 0]], \"was\": [", NULL,
    HL_RUN_ERROR_CORRUPT, "summary.test_confusion.counts: all counts are 0" },
  { "confusion-total-above-2^53", "[7, 40, 3]", "[7, 9007199254740992, 3]", NULL, HL_RUN_ERROR_CORRUPT,
    "summary.test_confusion.counts: more than 2^53 test samples in all" },
  /* Found by tests/fuzz: json-glib 1.6 reads octal escapes into non-UTF-8 text. */
  { "octal-escape", "\"id\": \"", "\"id\": \"\\333", NULL, HL_RUN_ERROR_PARSE, "invalid escape in a string" },
};

static char *
replace_once (const char *text, const char *from, const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static void
test_bad_run (gconstpointer data)
{
  const BadRun *bad = data;
  g_autofree char *dir = g_dir_make_tmp ("hl-run-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.run.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) loaded = NULL;

  if (bad->edit_from)
    {
      g_autoptr(HlRun) run = sample_run (6);
      g_autofree char *good = hl_run_to_data (run, NULL);
      text = replace_once (good, bad->edit_from, bad->edit_to);
    }
  else
    text = g_strdup (bad->text);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  loaded = hl_run_load (path, &error);
  g_assert_null (loaded);
  g_assert_error (error, HL_RUN_ERROR, bad->code);
  g_assert_true (g_str_has_prefix (error->message, path));   /* names the file */
  if (strstr (error->message, bad->fragment) == NULL)
    g_error ("%s: message “%s” lacks “%s”", bad->name, error->message, bad->fragment);
  g_unlink (path);
  g_rmdir (dir);
}

/* Found by tests/fuzz: json-glib 1.6 recurses once per bracket with no
 * limit; a run file of 200 000 "[" overflowed the stack. */
static void
test_deep_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-run-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "deep.run.json", NULL);
  g_autofree char *brackets = g_strnfill (200000, '[');
  g_autofree char *text = g_strconcat ("{\"format\": \"hyperlab-run\", \"metrics\": ", brackets, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) loaded = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  loaded = hl_run_load (path, &error);
  g_assert_null (loaded);
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "nested deeper than"));
  g_unlink (path);
  g_rmdir (dir);
}

/* Found by tests/fuzz (UBSan): a count beyond the range of guint64 was cast
 * from double, which is undefined; it is clamped. */
static void
test_huge_counts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-run-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.run.json", NULL);
  g_autoptr(HlRun) run = sample_run (6);
  g_autofree char *good = hl_run_to_data (run, NULL);
  g_autofree char *step = replace_once (good, "\"step\": [0,", "\"step\": [1e300,");
  g_autofree char *text = replace_once (step, "\"best_step\": 40", "\"best_step\": 1e300");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) loaded = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  loaded = hl_run_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->summary.best_step, ==, G_MAXUINT64);
  g_assert_cmpuint (g_array_index (loaded->metrics.step, guint64, 0), ==, G_MAXUINT64);
  g_unlink (path);
  g_rmdir (dir);
}

/* A record without the member (from before it was kept, a regression) or
 * with null loads with no matrix; a count (and a total) of 2^53 is still exact. */
static void
test_confusion_json_optional (void)
{
  g_autoptr(HlRun) run = sample_run (4);
  g_autoptr(HlRun) without = sample_run (4);
  g_autofree char *good = hl_run_to_data (run, NULL);
  g_autofree char *null = replace_once (good, "\"test_confusion\": {", "\"test_confusion\": null, \"was\": {");
  /* one class, all of 2^53 test samples right: test_accuracy 1 */
  g_autofree char *big_counts = replace_once (good, "\"counts\": [", "\"counts\": [[0, 0, 0], "
                                              "[0, 9007199254740992, 0], [0, 0, 0]], \"was\": [");
  g_autofree char *big = replace_once (big_counts, "\"test_accuracy\": ", "\"test_accuracy\": 1, \"was\": ");
  g_autofree char *none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) back_big = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_clear_pointer (&without->summary.test_confusion, hl_confusion_free);
  none = hl_run_to_data (without, NULL);
  g_assert_null (strstr (none, "test_confusion"));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) n = json_from_string (i == 0 ? none : null, &error);
      g_autoptr(HlRun) back = NULL;

      g_assert_no_error (error);
      back = hl_run_from_json (n, "x.run.json", &error);
      g_assert_no_error (error);
      g_assert_null (back->summary.test_confusion);
    }
  node = json_from_string (big, &error);
  g_assert_no_error (error);
  back_big = hl_run_from_json (node, "x.run.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back_big->summary.test_confusion->counts[4], ==, G_GUINT64_CONSTANT (9007199254740992));
}

/* ---- CSV ---- */

static void
test_csv (void)
{
  g_autoptr(HlRun) run = sample_run (3);
  g_autofree char *csv = hl_run_metrics_to_csv (run);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto(GStrv) row1 = NULL;

  g_assert_cmpuint (g_strv_length (lines), ==, 5);   /* header, 3 rows, "" after the last newline */
  g_assert_cmpstr (lines[0], ==, "step,epoch,lr,train_loss,val_loss,val_accuracy");
  g_assert_cmpstr (lines[1], ==, "0,0,0.1,1,0.5,0.25");
  row1 = g_strsplit (lines[2], ",", -1);
  g_assert_cmpuint (g_strv_length (row1), ==, 6);
  g_assert_cmpstr (row1[0], ==, "10");
  /* The record's own digits: the CSV reads back to the same doubles. */
  g_assert_cmpfloat (g_ascii_strtod (row1[1], NULL), ==, g_array_index (run->metrics.epoch, double, 1));
  g_assert_cmpstr (row1[1], ==, "0.066666666666666666");
  g_assert_cmpstr (row1[4], ==, "");                /* NaN is an empty cell */
  g_assert_cmpstr (row1[5], ==, "");
  g_assert_cmpstr (lines[4], ==, "");
}

/* ---- names, ids, copies ---- */

static void
test_status_and_id (void)
{
  g_autofree char *a = hl_run_new_id ();
  HlRunStatus s;

  for (int i = HL_RUN_STATUS_RUNNING; i <= HL_RUN_STATUS_INTERRUPTED; i++)
    {
      g_assert_true (hl_run_status_from_string (hl_run_status_to_string (i), &s));
      g_assert_cmpint (s, ==, i);
      g_assert_nonnull (hl_run_status_to_label (i));
    }
  g_assert_false (hl_run_status_from_string ("done", &s));
  /* "20261126-201502-3f9a" */
  g_assert_cmpuint (strlen (a), ==, 20);
  g_assert_true (g_regex_match_simple ("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$", a, 0, 0));
}

static void
test_resolved_paths (void)
{
  g_autoptr(HlConfig) c = hl_config_new ();
  g_autoptr(HlRun) run = NULL;

  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("csv");
  c->dataset.path = g_strdup ("data/x.csv");
  c->base_dir = g_strdup ("/srv/configs");
  run = hl_run_new (c);
  g_assert_cmpstr (run->config->dataset.path, ==, "/srv/configs/data/x.csv");
  g_assert_cmpstr (c->dataset.path, ==, "data/x.csv");   /* the caller's config is untouched */
}

static void
test_copy_and_metrics (void)
{
  g_autoptr(HlRun) run = sample_run (10);
  g_autoptr(HlRun) copy = hl_run_copy (run);

  assert_runs_equal (run, copy);
  hl_metrics_append (&copy->metrics, 999, 1, 1, 1, 1, 1);
  g_assert_cmpuint (hl_metrics_len (&run->metrics), ==, 10);
  g_assert_cmpuint (hl_metrics_len (&copy->metrics), ==, 11);
  g_assert_true (hl_metrics_get (&run->metrics, "val_loss") == run->metrics.val_loss);
  g_assert_null (hl_metrics_get (&run->metrics, "nope"));
  g_assert_cmpint (run->status, ==, HL_RUN_STATUS_EARLY_STOPPED);
  g_assert_cmpstr (run->optimizer.id, ==, "sgd");
}

/* ---- confusion matrix ---- */

/* A copy owns its matrix: freeing the run it came from leaves it whole
 * (ASan), and a run without one copies as without. */
static void
test_confusion_copy (void)
{
  HlRun *run = sample_run (3);
  g_autoptr(HlRun) copy = NULL;
  g_autoptr(HlRun) none = NULL;
  g_autoptr(HlRun) none_copy = NULL;

  g_clear_pointer (&run->summary.test_confusion, hl_confusion_free);
  run->summary.test_confusion = sample_confusion ();
  copy = hl_run_copy (run);
  g_assert_nonnull (copy->summary.test_confusion);
  g_assert_true (copy->summary.test_confusion != run->summary.test_confusion);
  g_assert_true (copy->summary.test_confusion->counts != run->summary.test_confusion->counts);
  g_assert_true (copy->summary.test_confusion->class_names != run->summary.test_confusion->class_names);
  hl_run_free (run);
  g_assert_cmpuint (copy->summary.test_confusion->n_classes, ==, 3);
  g_assert_cmpstr (copy->summary.test_confusion->class_names[1], ==, "Shirt, long");
  g_assert_null (copy->summary.test_confusion->class_names[3]);
  g_assert_cmpuint (copy->summary.test_confusion->counts[3], ==, 7);

  none = sample_run (3);
  g_clear_pointer (&none->summary.test_confusion, hl_confusion_free);
  none_copy = hl_run_copy (none);
  g_assert_null (none_copy->summary.test_confusion);
  g_assert_null (hl_confusion_copy (NULL));
}

/* Why a run has no matrix, every case and in order: having one wins,
 * then regression (sine, or a csv regression), unfinished (running or
 * interrupted), diverged, no test results, and a tested run without one
 * (an old record or over 100 classes); cancelled or failed count as
 * finished (they have test results when tested). */
static void
test_confusion_missing (void)
{
  HlRun *run = sample_run (3);

  g_assert_nonnull (run->summary.test_confusion);
  run->summary.test_accuracy = 0.85;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_NONE);
  run->status = HL_RUN_STATUS_RUNNING;   /* the matrix, however it came there */
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_NONE);
  g_clear_pointer (&run->summary.test_confusion, hl_confusion_free);

  run->status = HL_RUN_STATUS_EARLY_STOPPED;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_NOT_KEPT);
  run->summary.n_classes = HL_CONFUSION_MAX_CLASSES + 1;   /* the record says why */
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_TOO_MANY_CLASSES);
  run->summary.n_classes = 3;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_NOT_KEPT);
  run->status = HL_RUN_STATUS_CANCELLED;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_NOT_KEPT);
  run->summary.test_accuracy = NAN;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_NO_TEST);
  run->status = HL_RUN_STATUS_COMPLETED;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_NO_TEST);
  run->summary.test_accuracy = INFINITY;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_NO_TEST);
  run->status = HL_RUN_STATUS_DIVERGED;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_DIVERGED);
  run->summary.test_accuracy = 0.5;      /* diverged before unfinished test results */
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_DIVERGED);
  run->status = HL_RUN_STATUS_RUNNING;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_UNFINISHED);
  run->status = HL_RUN_STATUS_INTERRUPTED;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_UNFINISHED);

  /* a regression, whatever its status */
  g_free (run->config->dataset.kind);
  run->config->dataset.kind = g_strdup ("sine");
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_REGRESSION);
  run->status = HL_RUN_STATUS_DIVERGED;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_REGRESSION);
  g_free (run->config->dataset.kind);
  run->config->dataset.kind = g_strdup ("csv");
  run->config->dataset.task = HL_TASK_REGRESSION;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_REGRESSION);
  run->config->dataset.task = HL_TASK_CLASSIFICATION;
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_DIVERGED);
  /* a record without its config is not taken for a regression */
  g_clear_pointer (&run->config, hl_config_free);
  g_assert_cmpint (hl_run_confusion_missing (run), ==, HL_CONFUSION_MISSING_DIVERGED);
  hl_run_free (run);
}

static void
test_confusion_sums (void)
{
  g_autoptr(HlConfusion) c = sample_confusion ();
  g_autoptr(HlConfusion) numbered = hl_confusion_new (4, NULL);
  HlConfusionPair pairs[3];

  g_assert_cmpuint (hl_confusion_total (c), ==, 148);
  g_assert_cmpuint (hl_confusion_correct (c), ==, 131);
  g_assert_cmpuint (hl_confusion_row_total (c, 1), ==, 50);
  /* largest first; equal counts by true class: (1 → 0) before (2 → 1) */
  g_assert_cmpuint (hl_confusion_most_confused (c, pairs, 3), ==, 3);
  g_assert_cmpuint (pairs[0].true_class, ==, 1);
  g_assert_cmpuint (pairs[0].predicted, ==, 0);
  g_assert_cmpuint (pairs[0].count, ==, 7);
  g_assert_cmpuint (pairs[1].true_class, ==, 2);
  g_assert_cmpuint (pairs[1].predicted, ==, 1);
  g_assert_cmpuint (pairs[2].true_class, ==, 1);
  g_assert_cmpuint (pairs[2].predicted, ==, 2);
  g_assert_cmpuint (pairs[2].count, ==, 3);
  /* fewer asked for: still the largest */
  c->counts[2] = 9;   /* 0 → 2 */
  g_assert_cmpuint (hl_confusion_most_confused (c, pairs, 1), ==, 1);
  g_assert_cmpuint (pairs[0].true_class, ==, 0);
  g_assert_cmpuint (pairs[0].predicted, ==, 2);
  /* no mistakes, no pairs; unnamed classes are numbered */
  numbered->counts[0] = numbered->counts[5] = 4;
  g_assert_cmpuint (hl_confusion_most_confused (numbered, pairs, 3), ==, 0);
  g_assert_cmpstrv (numbered->class_names, ((const char *const[]) { "0", "1", "2", "3", NULL }));
}

/* RFC 4180: a name with a comma or a quote is quoted, its quotes doubled. */
static void
test_confusion_csv (void)
{
  g_autoptr(HlConfusion) c = sample_confusion ();
  g_autofree char *csv = hl_confusion_to_csv (c);

  g_assert_cmpstr (csv, ==,
                   "true\\predicted,T-shirt/top,\"Shirt, long\",\"Say \"\"hi\"\"\"\n"
                   "T-shirt/top,50,0,0\n"
                   "\"Shirt, long\",7,40,3\n"
                   "\"Say \"\"hi\"\"\",0,7,41\n");
}

/* ---- display order ---- */

typedef struct {
  const char *name;
  const char *names;      /* the record's class names, in class order, "|"-separated */
  const char *shown;      /* the order shown */
} DisplayOrder;

static const DisplayOrder display_orders[] = {
  /* a CSV's word labels come in byte order: shown in natural order */
  { "csv-words", "L0|L1|L10|L11|L2|L3|L4|L5|L6|L7|L8|L9", "L0|L1|L2|L3|L4|L5|L6|L7|L8|L9|L10|L11" },
  { "numbers-among-words", "10|2|other", "2|10|other" },
  { "digit-runs", "a10b10|a10b2|a2b20|a2b3", "a2b3|a2b20|a10b2|a10b10" },
  { "leading-zeros", "L007|L01|L1|L2", "L01|L1|L2|L007" },   /* equal values then by bytes */
  { "long-numbers", "x100000000000000000000|x99999999999999999999", "x99999999999999999999|x100000000000000000000" },
  /* orders that are not byte order are the data's own: kept */
  { "fashion", "T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot",
    "T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot" },
  { "toy-numbered", "0|1|2|3|4|5|6|7|8|9|10|11", "0|1|2|3|4|5|6|7|8|9|10|11" },
  /* numbers only: the CSV's numeric order stands, even where it is byte order too */
  { "decimals", "0.25|0.5|1", "0.25|0.5|1" },
  { "decimal-commas", "0,25|0,5|1", "0,25|0,5|1" },
  { "negative", "-1|-2|-3", "-1|-2|-3" },
  { "already-natural", "a|b|c", "a|b|c" },
};

static void
test_confusion_display_order (gconstpointer data)
{
  const DisplayOrder *d = data;
  g_auto(GStrv) names = g_strsplit (d->names, "|", -1);
  g_auto(GStrv) shown = g_strsplit (d->shown, "|", -1);
  const guint n = g_strv_length (names);
  g_autoptr(HlConfusion) c = hl_confusion_new (n, (const char *const *) names);
  g_autoptr(HlConfusion) sorted = NULL;
  g_autofree guint *order = hl_confusion_display_order (n, (const char *const *) names);

  /* cell (t, p) holds 100 t + p: where it went shows the permutation */
  for (guint t = 0; t < n; t++)
    for (guint p = 0; p < n; p++)
      c->counts[t * n + p] = 100 * t + p;
  sorted = hl_confusion_dup_display (c);
  g_assert_cmpstrv (sorted->class_names, shown);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (names[order[i]], ==, shown[i]);
      for (guint j = 0; j < n; j++)
        g_assert_cmpuint (sorted->counts[i * n + j], ==, 100 * order[i] + order[j]);
    }
}

/* What the figure and `export-csv --confusion` show agree: the CSV too is in
 * display order; unnamed classes keep theirs. */
static void
test_confusion_display_csv (void)
{
  const char *const names[] = { "L1", "L10", "L2", NULL };
  g_autoptr(HlConfusion) c = hl_confusion_new (3, names);
  g_autoptr(HlConfusion) numbered = hl_confusion_new (3, NULL);
  g_autoptr(HlConfusion) numbered_shown = hl_confusion_dup_display (numbered);
  g_autofree guint *order = hl_confusion_display_order (3, NULL);
  g_autofree char *csv = NULL;

  for (guint i = 0; i < 9; i++)
    c->counts[i] = i;
  csv = hl_confusion_to_csv (c);
  g_assert_cmpstr (csv, ==,
                   "true\\predicted,L1,L2,L10\n"
                   "L1,0,2,1\n"
                   "L2,6,8,7\n"
                   "L10,3,5,4\n");
  g_assert_cmpuint (order[0], ==, 0);
  g_assert_cmpuint (order[2], ==, 2);
  g_assert_cmpint (hl_confusion_name_compare ("L2", "L10"), <, 0);
  g_assert_cmpint (hl_confusion_name_compare ("2", "10"), <, 0);
  g_assert_cmpint (hl_confusion_name_compare ("L01", "L1"), ==, 0);
  g_assert_cmpint (hl_confusion_name_compare ("L", "L1"), <, 0);
  g_assert_cmpint (hl_confusion_name_compare ("b", "a"), >, 0);
  g_assert_cmpstrv (numbered_shown->class_names, numbered->class_names);
}

/* 1,000 runs of 1,000 points: a store of that size must stay quick.  The
 * bounds are loose (sanitizer builds) but catch an accidental O(n^2). */
static void
test_many_runs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-run-XXXXXX", NULL);
  g_autoptr(HlRun) run = sample_run (1000);
  g_autoptr(GError) error = NULL;
  const guint n = g_test_slow () ? 1000 : 200;
  gint64 t0, t1, t2;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%04u.run.json", dir, i);
      g_assert_true (hl_run_save (run, path, &error));
    }
  t1 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%04u.run.json", dir, i);
      g_autoptr(HlRun) back = hl_run_load (path, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (hl_metrics_len (&back->metrics), ==, 1000);
      g_unlink (path);
    }
  t2 = g_get_monotonic_time ();
  g_test_message ("%u runs of 1000 points: save %.2f ms/run, load %.2f ms/run", n,
                  (t1 - t0) / 1000.0 / n, (t2 - t1) / 1000.0 / n);
  g_assert_cmpfloat ((t1 - t0) / 1000.0 / n, <, 50);
  g_assert_cmpfloat ((t2 - t1) / 1000.0 / n, <, 50);
  g_rmdir (dir);
}

/* A loss that ended 100× above its start, or became NaN without stopping
 * the run, is named; a diverged run is not (it says so already). */
static void
test_loss_trouble (void)
{
  g_autoptr (HlConfig) c = hl_config_new ();
  g_autoptr (HlRun) run = hl_run_new (c);
  double first, last;

  run->status = HL_RUN_STATUS_COMPLETED;
  g_assert_cmpint (hl_run_loss_trouble (run, &first, &last), ==, HL_LOSS_TROUBLE_NONE);
  for (guint i = 0; i < 20; i++)   /* 1.0 falling to 0.05: fine */
    hl_metrics_append (&run->metrics, 10 * (i + 1), i / 10.0, 0.1, 1.0 / (i + 1), NAN, NAN);
  g_assert_cmpint (hl_run_loss_trouble (run, &first, &last), ==, HL_LOSS_TROUBLE_NONE);
  /* the last tenth (2 points) averages 150: 150× the first point */
  g_array_index (run->metrics.train_loss, double, 18) = 100.0;
  g_array_index (run->metrics.train_loss, double, 19) = 200.0;
  g_assert_cmpint (hl_run_loss_trouble (run, &first, &last), ==, HL_LOSS_TROUBLE_EXPLODED);
  g_assert_cmpfloat (first, ==, 1.0);
  g_assert_cmpfloat (last, ==, 150.0);
  g_array_index (run->metrics.train_loss, double, 18) = 1.0;   /* mean 100.5: just over */
  g_assert_cmpint (hl_run_loss_trouble (run, &first, &last), ==, HL_LOSS_TROUBLE_EXPLODED);
  g_array_index (run->metrics.train_loss, double, 19) = 198.0;   /* mean 99.5: not */
  g_assert_cmpint (hl_run_loss_trouble (run, &first, &last), ==, HL_LOSS_TROUBLE_NONE);
  g_array_index (run->metrics.train_loss, double, 7) = NAN;
  g_assert_cmpint (hl_run_loss_trouble (run, &first, &last), ==, HL_LOSS_TROUBLE_NAN);
  g_assert_cmpfloat (last, ==, 80.0);   /* the step of the first NaN point */
  run->status = HL_RUN_STATUS_DIVERGED;
  g_assert_cmpint (hl_run_loss_trouble (run, &first, &last), ==, HL_LOSS_TROUBLE_NONE);
}

/* Config, run and checkpoint files are read only from files: a device was
 * read without end (validate /dev/zero, export-csv /dev/zero), a folder gave
 * GLib's message (found by a review). */
static void
test_not_a_file (void)
{
  static const char *const paths[] = { "/dev/zero", "/" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;

      g_assert_null (hl_config_load (paths[i], &e1));
      g_assert_error (e1, HL_CONFIG_ERROR, HL_CONFIG_ERROR_IO);
      g_assert_null (hl_run_load (paths[i], &e2));
      g_assert_error (e2, HL_RUN_ERROR, HL_RUN_ERROR_IO);
      g_assert_null (hl_checkpoint_load (paths[i], &e3));
      g_assert_error (e3, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT);
      g_assert_nonnull (strstr (e2->message, i == 0 ? "is a device" : "is a folder"));
    }
}

static gpointer
cancel_after (gpointer data)
{
  g_usleep (G_USEC_PER_SEC / 20);
  g_cancellable_cancel (data);
  return NULL;
}

/* Hashing a run's data files (2 GB of CSV take seconds) hears the
 * cancellable: Stop and Ctrl+C waited for the whole file (found by a code
 * review).  A sparse file of 1 GiB stands in for a big CSV. */
static void
test_data_digest_cancellable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-run-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "big.csv", NULL);
  g_autoptr (HlConfig) c = hl_config_new ();
  g_autoptr (HlRun) run = NULL;
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  GThread *thread;
  gint64 t0;
  int fd;

  fd = g_open (csv, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 1 << 30), ==, 0);
  close (fd);
  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup ("csv");
  c->dataset.path = g_strdup (csv);
  run = hl_run_new (c);
  g_assert_null (run->data_files);   /* not as the run is made: on the trainer's thread */
  thread = g_thread_new ("cancel", cancel_after, cancel);
  t0 = g_get_monotonic_time ();
  g_assert_false (hl_run_note_data_files (run, cancel, &error));
  g_thread_join (thread);
  g_test_message ("cancelled after %.3f s", (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* the whole GiB takes 2-5 s here */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC / 2);
  g_unlink (csv);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run/round-trip", test_round_trip);
  g_test_add_func ("/run/loss-trouble", test_loss_trouble);
  g_test_add_func ("/run/not-a-file", test_not_a_file);
  g_test_add_func ("/run/data-digest-cancellable", test_data_digest_cancellable);
  g_test_add_func ("/run/nan-as-null", test_nan_as_null);
  g_test_add_func ("/run/save-load", test_save_load);
  for (guint i = 0; i < G_N_ELEMENTS (bad_runs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/run/bad-file/%s", bad_runs[i].name);
      g_test_add_data_func (path, &bad_runs[i], test_bad_run);
    }
  g_test_add_func ("/run/bad-file/nested-too-deep", test_deep_run);
  g_test_add_func ("/run/huge-counts", test_huge_counts);
  g_test_add_func ("/run/confusion-missing", test_confusion_missing);
  g_test_add_func ("/run/csv", test_csv);
  g_test_add_func ("/run/status-and-id", test_status_and_id);
  g_test_add_func ("/run/copy-and-metrics", test_copy_and_metrics);
  g_test_add_func ("/run/confusion/copy", test_confusion_copy);
  g_test_add_func ("/run/confusion/sums", test_confusion_sums);
  g_test_add_func ("/run/confusion/csv", test_confusion_csv);
  g_test_add_func ("/run/confusion/display-csv", test_confusion_display_csv);
  for (guint i = 0; i < G_N_ELEMENTS (display_orders); i++)
    {
      g_autofree char *path = g_strdup_printf ("/run/confusion/display-order/%s", display_orders[i].name);
      g_test_add_data_func (path, &display_orders[i], test_confusion_display_order);
    }
  g_test_add_func ("/run/confusion/json-optional", test_confusion_json_optional);
  g_test_add_func ("/run/resolved-paths", test_resolved_paths);
  g_test_add_func ("/run/many-runs", test_many_runs);
  return g_test_run ();
}
