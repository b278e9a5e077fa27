/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config.h - the run configuration: JSON <-> struct, validation, --set paths.
 *
 * The struct is plain data that the GUI edits directly; every string is owned
 * (g_free'd by hl_config_free).  Dataset file paths are stored as written and
 * resolved against base_dir by hl_config_resolve_path().
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "hl-types.h"
#include "hl-plugin-registry.h"

G_BEGIN_DECLS

#define HL_CONFIG_FORMAT        "hyperlab-config"
#define HL_CONFIG_VERSION       1
#define HL_MAX_LAYERS           32
#define HL_MAX_UNITS            16384
#define HL_MAX_PARAMS           (G_GUINT64_CONSTANT (64) * 1024 * 1024)   /* floats */
#define HL_MAX_WORKSPACE_BYTES  (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)
#define HL_MAX_THREADS          64

/* One named plugin hyperparameter value. */
typedef struct {
  char  *name;
  double value;
} HlParam;

typedef struct {
  char   *kind;              /* "spiral", "circles", "xor", "gaussians", "moons", "sine",
                                "csv", "idx", "fashion-mnist", "mnist" */
  /* toy sets */
  guint   samples;           /* default 600 */
  double  noise;             /* default 0.1 (kind-specific meaning, >= 0) */
  guint   classes;           /* spiral/gaussians: number of classes (default 3); others fixed */
  /* csv */
  char   *path;
  char   *target;            /* column name, default "target" */
  HlTask  task;              /* default classification */
  /* idx */
  char   *train_images, *train_labels, *test_images, *test_labels;
  /* splits */
  double  validation_split;  /* [0, 0.9], default 0.1 */
  double  test_split;        /* [0, 0.9], default 0.1; ignored for idx/mnist families (own test set) */
  guint   limit;             /* use at most this many training samples; 0 = all */
} HlDatasetConfig;

typedef struct {
  guint        units;
  HlActivation activation;   /* default relu when a file omits it */
  double       dropout;      /* [0, 1) */
} HlLayerConfig;

typedef struct {
  GArray *layers;            /* of HlLayerConfig: hidden layers only */
  HlInit  init;              /* default xavier */
} HlModelConfig;

typedef struct {
  char   *name;              /* plugin id, default "sgd" */
  double  learning_rate;     /* > 0, default 0.3 */
  GArray *params;            /* of HlParam; missing ones take the descriptor default */
} HlOptimizerConfig;

typedef struct {
  char   *name;              /* plugin id, default "constant" */
  GArray *params;            /* of HlParam */
} HlScheduleConfig;

typedef struct {
  guint   batch_size;        /* >= 1, default 32; HL_BATCH_ALL (0) = whole training set */
  guint   epochs;            /* >= 1, default 100 */
  double  l2;                /* >= 0 */
  guint   validate_every_steps; /* >= 1, default 100; also at every epoch end */
  guint   threads;           /* threads a run computes with, 1..HL_MAX_THREADS, default 1;
                              * a run uses at most the machine's CPUs */
  guint   log_every_steps;   /* metric point spacing; 0 = automatic (about 5000 points per run) */
} HlTrainingConfig;

#define HL_BATCH_ALL 0u

typedef struct {
  gboolean enabled;          /* default TRUE */
  char    *monitor;          /* "val_loss" (only value accepted for now) */
  guint    patience_steps;   /* default 200 */
  double   min_delta;        /* >= 0 */
  gboolean stop_on_nan;      /* default TRUE */
  gboolean restore_best;     /* default TRUE */
} HlEarlyStoppingConfig;

typedef struct {
  char                  *name;      /* may be NULL or "" */
  guint64                seed;      /* default 42 */
  HlDatasetConfig        dataset;
  HlModelConfig          model;
  HlOptimizerConfig      optimizer;
  HlScheduleConfig       schedule;
  HlTrainingConfig       training;
  HlEarlyStoppingConfig  early_stopping;
  char                  *base_dir;  /* folder relative dataset paths resolve against; not serialised */
} HlConfig;

/* One problem found by hl_config_check(), for marking form rows. */
typedef struct {
  char   *path;       /* "optimizer.learning_rate", "model.layers[1].units" */
  GError *error;      /* HL_CONFIG_ERROR; message starts with the path */
  char   *also;       /* another field the problem is just as much about
                       * (the other split of a pair that sums too high; the
                       * validation split of 0 that early stopping or a
                       * schedule needs above 0), or NULL; --set blames it
                       * when it is the field set, and the form marks its
                       * row as well */
} HlConfigIssue;

HlConfig *hl_config_new (void);                 /* defaults: spiral, 2x16 tanh, sgd 0.3, batch 32, 100 epochs */
HlConfig *hl_config_copy (const HlConfig *self);
void      hl_config_free (HlConfig *self);
gboolean  hl_config_equal (const HlConfig *a, const HlConfig *b);
/* "spiral 16-16 tanh sgd lr 0.03": data, hidden units, first activation,
 * optimizer and learning rate, for a run whose config has no name. */
char     *hl_config_auto_name (const HlConfig *config);

/* Parse.  Errors name the file (when given), the field path and the bad value;
 * a misspelt field suggests the closest known name. */
HlConfig *hl_config_load (const char *path, GError **error);
HlConfig *hl_config_from_data (const char *data, gssize length, const char *filename, GError **error);
HlConfig *hl_config_from_json (JsonNode *root, const char *filename, GError **error);

/* Apply "--set PATH=VALUE" to a JSON tree before parsing: VALUE parsed as JSON,
 * else taken as a string.  Paths: "optimizer.learning_rate", "model.layers[1].units". */
gboolean  hl_config_json_set (JsonNode *root, const char *assignment, GError **error);
/* hl_config_load() with "--set" assignments applied to the JSON first
 * (assignments may be NULL).  Errors name the file, or the --set. */
HlConfig *hl_config_load_with_overrides (const char *path, const char *const *assignments, GError **error);
/* The same, checking only JSON syntax, field names and types: ranges, limits
 * and consistency are left to hl_config_check(), so every problem can be
 * marked on its form row (the GUI).  A value the struct cannot hold (a
 * negative count) is still an error: hl_config_from_data_listing lists it. */
HlConfig *hl_config_load_unchecked (const char *path, const char *const *assignments, GError **error);
/* The text of a config file, as the loaders above read it (a pipe too;
 * not a folder or a device). */
gboolean  hl_config_read_file (const char *path, char **data, gsize *length, GError **error);
/* The loaders above on text read elsewhere (standard input): filename names
 * it in messages, and relative dataset paths resolve against its folder;
 * check FALSE as hl_config_load_unchecked. */
HlConfig *hl_config_from_data_with_overrides (const char *data, gssize length, const char *filename,
                                              const char *const *assignments, gboolean check,
                                              GError **error);
/* For listing every problem (hyperlab-cli validate): the config as the
 * unchecked loaders read it, and in *issues (HlConfigIssue, free with
 * hl_config_issues_free) each problem hl_config_check finds, after those
 * of values the struct cannot hold (a negative count or seed), which the
 * loaders refuse outright and which keep a valid value here.  NULL with
 * error for what cannot be read at all (JSON syntax, unknown fields,
 * types). */
HlConfig *hl_config_from_data_listing (const char *data, gssize length, const char *filename,
                                       const char *const *assignments, HlPluginRegistry *registry,
                                       GPtrArray **issues, GError **error);
/* Whether a problem at field_path ("model.layers[0].units") lies in a value
 * one of the assignments ("model.layers=[…]") put there: then it is that
 * --set's, not the file's, and messages say so. */
gboolean  hl_config_path_is_set (const char *field_path, const char *const *assignments);
/* Prefixes a config error ("field: …") with its source: "--set " when
 * assignments set that field, else "FILE: ". */
void      hl_config_prefix_source (GError *error, const char *filename, const char *const *assignments);

/* Serialise the complete resolved config (all fields, defaults written out). */
JsonNode *hl_config_to_json (const HlConfig *self);
char     *hl_config_to_data (const HlConfig *self, gsize *length);
gboolean  hl_config_save (const HlConfig *self, const char *path, GError **error);  /* atomic */

/* Semantic validation (ranges, consistency, limits).  With a registry, plugin
 * names and parameters are checked too.  Returns the first problem. */
gboolean   hl_config_validate (const HlConfig *self, HlPluginRegistry *registry, GError **error);
/* The field path of the --set that gave what an issue is about: its own
 * field, or one whose value makes it wrong (dataset.validation_split=0
 * under early stopping); NULL when the file gave them. */
const char *hl_config_issue_set_field (const HlConfigIssue *issue, const char *const *assignments);
/* A copy of the issue's error naming its source: "--set FIELD…" for a
 * field a --set gave, else "FILE: …" (filename may be NULL). */
GError    *hl_config_issue_to_error (const HlConfigIssue *issue, const char *filename,
                                     const char *const *assignments);
/* hl_config_validate with the first problem's source in its message. */
gboolean   hl_config_validate_sourced (const HlConfig *self, HlPluginRegistry *registry,
                                       const char *filename, const char *const *assignments,
                                       GError **error);
/* Every problem, as HlConfigIssue (free with hl_config_issues_free). */
GPtrArray *hl_config_check (const HlConfig *self, HlPluginRegistry *registry);
void       hl_config_issues_free (GPtrArray *issues);

/* Absolute path for a dataset path; returns a new string. */
char *hl_config_resolve_path (const HlConfig *self, const char *path);

/* Plugin parameter lists (GArray of HlParam). */
GArray  *hl_params_new (void);
GArray  *hl_params_copy (const GArray *params);
gboolean hl_params_lookup (const GArray *params, const char *name, double *value);
double   hl_params_get (const GArray *params, const char *name, double fallback);
void     hl_params_set (GArray *params, const char *name, double value);
void     hl_params_clear (GArray *params);

/* Layer helpers for the GUI. */
void hl_config_add_layer (HlConfig *self, guint units, HlActivation act, double dropout);

/* Input/output sizes are known only with the dataset; this counts weights and
 * biases of the MLP for the given sizes; G_MAXUINT64 when it does not fit. */
guint64 hl_config_count_params (const HlConfig *self, guint n_inputs, guint n_outputs);

/* Whether the dataset kind is a built-in 2-D toy set / regression / IDX family. */
gboolean hl_dataset_kind_is_toy (const char *kind);
gboolean hl_dataset_kind_is_idx_family (const char *kind);
/* The dataset fields a kind reads besides kind, the splits and limit
 * ("samples", "noise" for xor; none for mnist), NULL-terminated; NULL for
 * a kind Hyperlab does not know. */
const char *const *hl_dataset_kind_fields (const char *kind);
/* Whether a config trains a regression (sine, or a CSV with task
 * regression): mean squared error, no accuracy; else cross-entropy. */
gboolean hl_config_is_regression (const HlConfig *self);

/* JSON text for any node: use this instead of JsonGenerator, which in
 * json-glib 1.6 writes 1e-8 as "1e-08.0" (invalid JSON) and NaN as "nan".
 * Shortest round-trip numbers, non-finite doubles as null; pretty = 2-space
 * indent with scalar arrays on one line.  Ends with a newline when pretty. */
char *hl_json_to_data (JsonNode *node, gboolean pretty, gsize *length);

/* Closest string by edit distance (for "did you mean"), or NULL if none is close. */
const char *hl_closest_string (const char *word, const char *const *candidates);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlConfig, hl_config_free)

/* The shortest text that reads back as v, with "." in any locale ("0.1",
 * "1e-08"): 15 digits when they suffice, else 17; "nan", "inf", "-inf". */
char *hl_format_double (double v);
/* field appended as one RFC 4180 CSV field: as it is, or in double quotes
 * (quotes doubled) when it holds a comma, quote or line break. */
void  hl_csv_append_field (GString *out, const char *field);

G_END_DECLS
