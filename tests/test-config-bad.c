/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-config-bad.c - the table of bad config inputs: each asserts the error
 * domain, the exact code and a fragment of the message. */
#include <string.h>
#include "hyperlab.h"

void add_bad_input_tests (void);

/* ---- bad inputs ---- */

typedef struct {
  const char *name;
  const char *json;
  const char *filename;     /* NULL: parsed without a file name */
  int         code;         /* HlConfigError */
  const char *fragment;     /* must appear in the message */
} BadInput;

#define SPIRAL "\"dataset\": {\"kind\": \"spiral\"}"
#define BRACKETS_10 "[[[[[[[[[["
#define BRACKETS_140 BRACKETS_10 BRACKETS_10 BRACKETS_10 BRACKETS_10 BRACKETS_10 BRACKETS_10 BRACKETS_10 \
  BRACKETS_10 BRACKETS_10 BRACKETS_10 BRACKETS_10 BRACKETS_10 BRACKETS_10 BRACKETS_10

static const BadInput bad_inputs[] = {
  { "truncated", "{\"dataset\": {\"kind\": \"spiral\"", "cut.hyperlab.json", HL_CONFIG_ERROR_PARSE, "cut.hyperlab.json:1:30: invalid JSON: the file ends early" },
  { "truncated-multiline", "{\n  \"dataset\": {\n    \"kind\": ", "cut.json", HL_CONFIG_ERROR_PARSE, "cut.json:3:" },
  { "non-json", "this is not json", "notes.txt", HL_CONFIG_ERROR_PARSE, "notes.txt:1:" },
  { "empty", "", "empty.json", HL_CONFIG_ERROR_PARSE, "empty.json:1:1: empty file" },
  { "whitespace-only", "  \n\t ", NULL, HL_CONFIG_ERROR_PARSE, "empty" },
  { "top-level-array", "[1, 2, 3]", NULL, HL_CONFIG_ERROR_PARSE, "JSON object" },
  /* json-glib's scanner read these as other numbers, or skipped them (found
   * by a review: 010 was 8, 0x10 16, a comment vanished) */
  { "octal-number", "{\"dataset\": {\"kind\": \"spiral\", \"samples\": 010}}", "o.json",
    HL_CONFIG_ERROR_PARSE, "o.json:1:43: invalid JSON: a number as JSON does not write it" },
  { "hex-number", "{\"seed\": 0x10}", "h.json", HL_CONFIG_ERROR_PARSE, "h.json:1:10: invalid JSON: a number" },
  /* a CSV opened as a config: its first line is no JSON, but the message
   * named the "097" of "3,097" on its third (found by a GUI QA pass) */
  { "csv-as-config", "sepal length;species\n0,184;x\n3,097;y\n", "iris.csv", HL_CONFIG_ERROR_PARSE,
    "iris.csv:1:" },
  { "error-before-bad-number", "{\"seed\": x,\n \"name\": 1.}", "x.json", HL_CONFIG_ERROR_PARSE, "x.json:1:" },
  { "leading-dot", "{\"seed\": .5}", NULL, HL_CONFIG_ERROR_PARSE, "a stray character outside a string" },
  { "comment", "{\"seed\": /* x */ 5}", NULL, HL_CONFIG_ERROR_PARSE, "“/” outside a string (JSON has no comments)" },
  { "wrong-format", "{\"format\": \"hyperlab-data\", " SPIRAL "}", NULL, HL_CONFIG_ERROR_FORMAT,
    "format: not a Hyperlab config (expected \"hyperlab-config\", got \"hyperlab-data\")" },
  /* a run record or a sweep given for a config says where its config is */
  { "run-record", "{\"format\": \"hyperlab-run\", " SPIRAL "}", "r.run.json", HL_CONFIG_ERROR_FORMAT,
    "r.run.json: format: a Hyperlab run record, not a config: hyperlab-cli export-config" },
  { "sweep-file", "{\"format\": \"hyperlab-sweep\", " SPIRAL "}", NULL, HL_CONFIG_ERROR_FORMAT,
    "format: a Hyperlab sweep, not a config: hyperlab-cli sweep" },
  { "format-not-string", "{\"format\": 3, " SPIRAL "}", NULL, HL_CONFIG_ERROR_FORMAT, "format:" },
  { "version-2", "{\"format\": \"hyperlab-config\", \"version\": 2, " SPIRAL "}", "v2.json", HL_CONFIG_ERROR_VERSION,
    "v2.json: version: unsupported config version 2 (this Hyperlab reads version 1)" },
  { "version-2-beats-unknown-fields", "{\"version\": 2, \"new_thing\": 1, " SPIRAL "}", NULL, HL_CONFIG_ERROR_VERSION, "version 2" },
  { "version-type", "{\"version\": [1], " SPIRAL "}", NULL, HL_CONFIG_ERROR_TYPE, "version: expected a version number (1, or a minor revision such as 1.1)" },
  { "misspelt-field", "{" SPIRAL ", \"optimizer\": {\"learnin_rate\": 0.1}}", NULL, HL_CONFIG_ERROR_UNKNOWN_FIELD,
    "optimizer.learnin_rate: unknown field; did you mean “learning_rate”?" },
  { "misspelt-top", "{" SPIRAL ", \"trainig\": {}}", NULL, HL_CONFIG_ERROR_UNKNOWN_FIELD, "trainig: unknown field; did you mean “training”?" },
  { "misspelt-layer", "{" SPIRAL ", \"model\": {\"layers\": [{\"unit\": 4}]}}", NULL, HL_CONFIG_ERROR_UNKNOWN_FIELD,
    "model.layers[0].unit: unknown field; did you mean “units”?" },
  { "unknown-far-field", "{" SPIRAL ", \"zzzzzz\": 1}", NULL, HL_CONFIG_ERROR_UNKNOWN_FIELD, "zzzzzz: unknown field (known fields:" },
  { "string-lr", "{" SPIRAL ", \"optimizer\": {\"learning_rate\": \"fast\"}}", NULL, HL_CONFIG_ERROR_TYPE,
    "optimizer.learning_rate: expected a number (got \"fast\")" },
  { "array-batch", "{" SPIRAL ", \"training\": {\"batch_size\": [32]}}", NULL, HL_CONFIG_ERROR_TYPE,
    "training.batch_size: expected a positive integer or \"all\" (got an array)" },
  { "word-batch", "{" SPIRAL ", \"training\": {\"batch_size\": \"lots\"}}", NULL, HL_CONFIG_ERROR_TYPE,
    "training.batch_size: expected a positive integer or \"all\" (got \"lots\")" },
  { "fraction-epochs", "{" SPIRAL ", \"training\": {\"epochs\": 2.5}}", NULL, HL_CONFIG_ERROR_TYPE, "training.epochs: expected a positive integer (got 2.5)" },
  { "bool-as-string", "{" SPIRAL ", \"early_stopping\": {\"enabled\": \"yes\"}}", NULL, HL_CONFIG_ERROR_TYPE,
    "early_stopping.enabled: expected true or false (got \"yes\")" },
  { "seed-string", "{" SPIRAL ", \"seed\": \"abc\"}", NULL, HL_CONFIG_ERROR_TYPE, "seed: expected a non-negative integer" },
  { "param-string", "{" SPIRAL ", \"optimizer\": {\"params\": {\"momentum\": \"high\"}}}", NULL, HL_CONFIG_ERROR_TYPE,
    "optimizer.params.momentum: expected a number (got \"high\")" },
  { "layers-not-array", "{" SPIRAL ", \"model\": {\"layers\": 3}}", NULL, HL_CONFIG_ERROR_TYPE, "model.layers: expected an array" },
  { "dataset-not-object", "{\"dataset\": \"spiral\"}", NULL, HL_CONFIG_ERROR_TYPE, "dataset: expected an object (got \"spiral\")" },
  { "lr-negative", "{" SPIRAL ", \"optimizer\": {\"learning_rate\": -1}}", NULL, HL_CONFIG_ERROR_RANGE,
    "optimizer.learning_rate: must be > 0 (got -1)" },
  { "lr-negative-file", "{" SPIRAL ", \"optimizer\": {\"learning_rate\": -1}}", "spiral.hyperlab.json", HL_CONFIG_ERROR_RANGE,
    "spiral.hyperlab.json: optimizer.learning_rate: must be > 0 (got -1)" },
  { "lr-zero", "{" SPIRAL ", \"optimizer\": {\"learning_rate\": 0}}", NULL, HL_CONFIG_ERROR_RANGE, "must be > 0 (got 0)" },
  { "dropout-1.5", "{" SPIRAL ", \"model\": {\"layers\": [{\"units\": 8, \"dropout\": 1.5}]}}", NULL, HL_CONFIG_ERROR_RANGE,
    "model.layers[0].dropout: must be < 1 (got 1.5)" },
  { "validation-split-0.95", "{\"dataset\": {\"kind\": \"spiral\", \"validation_split\": 0.95}}", NULL, HL_CONFIG_ERROR_RANGE,
    "dataset.validation_split: must be <= 0.9 (got 0.95)" },
  /* Found by tests/fuzz: the check then sized the training set with the
   * negative fraction (UBSan: -300 made a guint); test-dataset.c checks
   * the count itself. */
  { "validation-split-negative", "{\"dataset\": {\"kind\": \"spiral\", \"validation_split\": -1}}", NULL,
    HL_CONFIG_ERROR_RANGE, "dataset.validation_split: must be >= 0 (got -1)" },
  { "test-split-negative", "{\"dataset\": {\"kind\": \"moons\", \"test_split\": -0.5}}", NULL,
    HL_CONFIG_ERROR_RANGE, "dataset.test_split: must be >= 0 (got -0.5)" },
  { "validation-split-negative-idx", "{\"dataset\": {\"kind\": \"fashion-mnist\", \"validation_split\": -0.2}}", NULL,
    HL_CONFIG_ERROR_RANGE, "dataset.validation_split: must be >= 0 (got -0.2)" },
  { "epochs-0", "{" SPIRAL ", \"training\": {\"epochs\": 0}}", NULL, HL_CONFIG_ERROR_RANGE, "training.epochs: must be >= 1 (got 0)" },
  { "epochs-negative", "{" SPIRAL ", \"training\": {\"epochs\": -5}}", NULL, HL_CONFIG_ERROR_RANGE, "training.epochs: must be >= 1 (got -5)" },
  { "batch-0", "{" SPIRAL ", \"training\": {\"batch_size\": 0}}", NULL, HL_CONFIG_ERROR_RANGE, "training.batch_size: must be >= 1" },
  /* a negative count gives the field's least value: "must be >= 0" stood
   * over "must be >= 10" once 0 was tried (found by a QA pass) */
  { "samples-negative", "{\"dataset\": {\"kind\": \"spiral\", \"samples\": -5}}", NULL, HL_CONFIG_ERROR_RANGE,
    "dataset.samples: must be >= 10 (got -5)" },
  { "classes-negative", "{\"dataset\": {\"kind\": \"gaussians\", \"classes\": -1}}", NULL, HL_CONFIG_ERROR_RANGE,
    "dataset.classes: must be >= 2 (got -1)" },
  { "units-negative", "{" SPIRAL ", \"model\": {\"layers\": [{\"units\": -3}]}}", NULL, HL_CONFIG_ERROR_RANGE,
    "model.layers[0].units: must be >= 1 (got -3)" },
  { "patience-negative", "{" SPIRAL ", \"early_stopping\": {\"enabled\": true, \"patience_steps\": -2}}", NULL,
    HL_CONFIG_ERROR_RANGE, "early_stopping.patience_steps: must be >= 1 (got -2)" },
  { "patience-negative-off", "{" SPIRAL ", \"early_stopping\": {\"enabled\": false, \"patience_steps\": -2}}", NULL,
    HL_CONFIG_ERROR_RANGE, "early_stopping.patience_steps: must be >= 0 (got -2)" },
  { "limit-negative", "{\"dataset\": {\"kind\": \"moons\", \"limit\": -1}}", NULL, HL_CONFIG_ERROR_RANGE,
    "dataset.limit: must be >= 0 (got -1)" },
  { "l2-negative", "{" SPIRAL ", \"training\": {\"l2\": -0.1}}", NULL, HL_CONFIG_ERROR_RANGE, "training.l2: must be >= 0 (got -0.1)" },
  { "noise-negative", "{\"dataset\": {\"kind\": \"moons\", \"noise\": -1}}", NULL, HL_CONFIG_ERROR_RANGE, "dataset.noise: must be >= 0" },
  { "units-1e9", "{" SPIRAL ", \"model\": {\"layers\": [{\"units\": 1e9}]}}", NULL, HL_CONFIG_ERROR_LIMIT, "model.layers[0].units: 1000000000 units" },
  { "units-1e12", "{" SPIRAL ", \"model\": {\"layers\": [{\"units\": 1e12}]}}", NULL, HL_CONFIG_ERROR_LIMIT, "model.layers[0].units: too large" },
  { "threads-1000", "{" SPIRAL ", \"training\": {\"threads\": 1000}}", NULL, HL_CONFIG_ERROR_LIMIT, "training.threads:" },
  { "samples-1e9", "{\"dataset\": {\"kind\": \"spiral\", \"samples\": 1000000000}}", NULL, HL_CONFIG_ERROR_LIMIT, "dataset.samples:" },
  { "batch-memory", "{\"dataset\": {\"kind\": \"fashion-mnist\"}, \"model\": {\"layers\": [{\"units\": 16384}]},"
    " \"training\": {\"batch_size\": 60000}}", NULL, HL_CONFIG_ERROR_LIMIT,
    /* the training split, which a batch is clamped to (it said 60000: the whole file) */
    "training.batch_size: a batch of 54000 samples needs" },
  { "params-limit", "{\"dataset\": {\"kind\": \"mnist\"}, \"model\": {\"layers\": [{\"units\": 16384}, {\"units\": 16384}]}}", NULL,
    HL_CONFIG_ERROR_LIMIT, "model.layers:" },
  { "no-validation-early-stopping", "{\"dataset\": {\"kind\": \"spiral\", \"validation_split\": 0}}", NULL, HL_CONFIG_ERROR_INCONSISTENT,
    "early_stopping.enabled:" },
  { "splits-sum", "{\"dataset\": {\"kind\": \"spiral\", \"validation_split\": 0.5, \"test_split\": 0.5}}", NULL, HL_CONFIG_ERROR_INCONSISTENT,
    "dataset.test_split:" },
  { "unknown-activation", "{" SPIRAL ", \"model\": {\"layers\": [{\"units\": 8, \"activation\": \"rleu\"}]}}", NULL, HL_CONFIG_ERROR_RANGE,
    "model.layers[0].activation: unknown activation “rleu”; did you mean “relu”?" },
  { "unknown-init", "{" SPIRAL ", \"model\": {\"init\": \"glorott\"}}", NULL, HL_CONFIG_ERROR_RANGE, "did you mean “glorot”?" },
  { "unknown-kind", "{\"dataset\": {\"kind\": \"sprial\"}}", NULL, HL_CONFIG_ERROR_RANGE, "dataset.kind: unknown dataset kind “sprial”; did you mean “spiral”?" },
  { "unknown-monitor", "{" SPIRAL ", \"early_stopping\": {\"monitor\": \"val_acc\"}}", NULL, HL_CONFIG_ERROR_RANGE, "early_stopping.monitor:" },
  { "missing-dataset", "{\"format\": \"hyperlab-config\", \"version\": 1}", NULL, HL_CONFIG_ERROR_MISSING, "dataset: missing" },
  { "missing-kind", "{\"dataset\": {\"samples\": 100}}", NULL, HL_CONFIG_ERROR_MISSING, "dataset.kind: missing" },
  { "csv-without-path", "{\"dataset\": {\"kind\": \"csv\"}}", NULL, HL_CONFIG_ERROR_MISSING, "dataset.path: missing" },
  { "layer-without-units", "{" SPIRAL ", \"model\": {\"layers\": [{\"activation\": \"relu\"}]}}", NULL, HL_CONFIG_ERROR_MISSING,
    "model.layers[0].units: missing" },
  /* Found by tests/fuzz: the quoted value was cut inside a character,
   * leaving a message that is not UTF-8. */
  { "long-non-ascii-value", "{" SPIRAL ", \"optimizer\": {\"learning_rate\": "
    "\"ééééééééééééééééééééééééééééééééééééééééé\"}}", NULL, HL_CONFIG_ERROR_TYPE,
    "optimizer.learning_rate: expected a number (got \"éééé" },
  { "nested-too-deep", "{" SPIRAL ", \"name\": " BRACKETS_140 "]]]}", "deep.json",
    HL_CONFIG_ERROR_PARSE, "deep.json:1:168: invalid JSON: nested deeper than 128 levels" },
  /* Found by tests/fuzz: json-glib quotes the bad token cut inside "ә". */
  { "token-cut-in-character", "{\"*dat\r\r\r\r\rkkkkkkkkkkkkkkkkkk]]\n]]]]]]\xd3\x99]]]f1\"}", "cut.json",
    HL_CONFIG_ERROR_PARSE, "cut.json:2:14: invalid JSON: unexpected string constant" },
  /* Found by tests/fuzz: json-glib 1.6 reads "\351" as the byte 0xE9, so the
   * name was not UTF-8 and the run record written with it did not load. */
  { "octal-escape", "{" SPIRAL ", \"name\": \"caf\\351\"}", "octal.json", HL_CONFIG_ERROR_PARSE,
    "octal.json:1:46: invalid JSON: invalid escape in a string" },
  /* json-glib 1.6 turns a lone surrogate escape into bytes that are not
   * UTF-8: the run record written from such a name could not be read back
   * (found by a review, 27 Nov).  A whole pair is a character and passes. */
  { "lone-surrogate", "{" SPIRAL ", \"name\": \"x\\ud800y\"}", "surrogate.json", HL_CONFIG_ERROR_PARSE,
    "surrogate.json:1:44: invalid JSON: invalid \\u escape in a string (not 4 hex digits, or half a surrogate pair)" },
  { "lone-low-surrogate", "{" SPIRAL ", \"name\": \"\\udc00\"}", "low.json", HL_CONFIG_ERROR_PARSE,
    "half a surrogate pair" },
  /* json-glib 1.6 wraps an integer beyond 64 bits around ("epochs" 2^64 + 2
   * read as 2, a huge seed as a negative one): refused as it is read, and a
   * number beyond a double shows as inf, not null (found by a review). */
  { "integer-too-large", "{" SPIRAL ", \"training\": {\"epochs\": 18446744073709551618}}", "big.json",
    HL_CONFIG_ERROR_PARSE, "an integer too large for 64 bits" },
  { "number-too-large", "{" SPIRAL ", \"training\": {\"epochs\": 1e999}}", "inf.json",
    HL_CONFIG_ERROR_TYPE, "training.epochs: expected a positive integer (got inf)" },
  { "short-unicode-escape", "{" SPIRAL ", \"name\": \"\\u12\"}", "short.json", HL_CONFIG_ERROR_PARSE,
    "not 4 hex digits" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;

  config = hl_config_from_data (bad->json, -1, bad->filename, &error);
  g_assert_null (config);
  g_assert_error (error, HL_CONFIG_ERROR, bad->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, bad->fragment) == NULL)
    g_error ("%s: message “%s” lacks “%s”", bad->name, error->message, bad->fragment);
}

static void
test_exact_range_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config =
    hl_config_from_data ("{" SPIRAL ", \"optimizer\": {\"learning_rate\": -1}}", -1, NULL, &error);

  g_assert_null (config);
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "optimizer.learning_rate: must be > 0 (got -1)");
}

static void
test_too_many_layers (void)
{
  g_autoptr(GString) json = g_string_new ("{" SPIRAL ", \"model\": {\"layers\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;

  for (int i = 0; i < HL_MAX_LAYERS + 1; i++)
    g_string_append_printf (json, "%s{\"units\": 4}", i ? ", " : "");
  g_string_append (json, "]}}");
  config = hl_config_from_data (json->str, -1, NULL, &error);
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "model.layers:"));
}

/* Found by tests/fuzz: json-glib 1.6 recurses once per bracket with no
 * limit, so this overflowed the stack instead of failing. */
static void
test_deeply_nested (void)
{
  g_autoptr(GString) json = g_string_new ("{" SPIRAL ", \"name\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;

  for (int i = 0; i < 200000; i++)
    g_string_append_c (json, '[');
  config = hl_config_from_data (json->str, (gssize) json->len, "deep.json", &error);
  g_assert_null (config);
  g_assert_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "deep.json:1:"));
  g_assert_nonnull (strstr (error->message, "nested deeper than"));
}

void
add_bad_input_tests (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/config/bad-input/%s", bad_inputs[i].name);
      g_test_add_data_func (path, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/config/bad-input/exact-range-message", test_exact_range_message);
  g_test_add_func ("/config/bad-input/too-many-layers", test_too_many_layers);
  g_test_add_func ("/config/bad-input/deeply-nested", test_deeply_nested);
}
