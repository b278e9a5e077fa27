/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config.c - the config struct: defaults, copy, compare, params, helpers. */
#include <math.h>
#include <string.h>
#include "hl-config.h"
#include "hl-config-private.h"

const char *const hl_dataset_kinds[] = {
  "spiral", "circles", "xor", "gaussians", "moons", "sine",
  "csv", "idx", "fashion-mnist", "mnist", NULL
};

/* ---- plugin parameter lists ---- */

static void
param_clear (gpointer p)
{
  g_free (((HlParam *) p)->name);
}

GArray *
hl_params_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (HlParam));

  g_array_set_clear_func (a, param_clear);
  return a;
}

GArray *
hl_params_copy (const GArray *params)
{
  GArray *a = hl_params_new ();

  for (guint i = 0; params && i < params->len; i++)
    {
      const HlParam *p = &g_array_index (params, HlParam, i);
      HlParam q = { g_strdup (p->name), p->value };
      g_array_append_val (a, q);
    }
  return a;
}

static int
params_index (const GArray *params, const char *name)
{
  for (guint i = 0; params && i < params->len; i++)
    if (g_strcmp0 (g_array_index (params, HlParam, i).name, name) == 0)
      return (int) i;
  return -1;
}

gboolean
hl_params_lookup (const GArray *params, const char *name, double *value)
{
  int i = params_index (params, name);

  if (i < 0)
    return FALSE;
  if (value)
    *value = g_array_index (params, HlParam, i).value;
  return TRUE;
}

double
hl_params_get (const GArray *params, const char *name, double fallback)
{
  double v = fallback;

  hl_params_lookup (params, name, &v);
  return v;
}

void
hl_params_set (GArray *params, const char *name, double value)
{
  int i;

  g_return_if_fail (params != NULL && name != NULL);
  i = params_index (params, name);
  if (i >= 0)
    g_array_index (params, HlParam, i).value = value;
  else
    {
      HlParam p = { g_strdup (name), value };
      g_array_append_val (params, p);
    }
}

void
hl_params_clear (GArray *params)
{
  g_return_if_fail (params != NULL);
  g_array_set_size (params, 0);
}

static gboolean
params_equal (const GArray *a, const GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const HlParam *p = &g_array_index (a, HlParam, i);
      double v;

      if (!hl_params_lookup (b, p->name, &v) || v != p->value)
        return FALSE;
    }
  return TRUE;
}

/* ---- the config ---- */

void
hl_config_init_defaults (HlConfig *self)
{
  self->seed = 42;
  self->dataset.kind = g_strdup ("spiral");
  self->dataset.samples = 600;
  self->dataset.noise = 0.1;
  self->dataset.classes = 3;
  self->dataset.target = g_strdup ("target");
  self->dataset.task = HL_TASK_CLASSIFICATION;
  self->dataset.validation_split = 0.1;
  self->dataset.test_split = 0.1;
  self->model.layers = g_array_new (FALSE, TRUE, sizeof (HlLayerConfig));
  self->model.init = HL_INIT_XAVIER;
  self->optimizer.name = g_strdup ("sgd");
  self->optimizer.learning_rate = 0.3;
  self->optimizer.params = hl_params_new ();
  self->schedule.name = g_strdup ("constant");
  self->schedule.params = hl_params_new ();
  self->training.batch_size = 32;
  self->training.epochs = 100;
  self->training.validate_every_steps = 100;
  self->training.threads = 1;
  self->early_stopping.enabled = TRUE;
  self->early_stopping.monitor = g_strdup ("val_loss");
  self->early_stopping.patience_steps = 200;
  self->early_stopping.stop_on_nan = TRUE;
  self->early_stopping.restore_best = TRUE;
}

HlConfig *
hl_config_new (void)
{
  HlConfig *self = g_new0 (HlConfig, 1);

  hl_config_init_defaults (self);
  hl_config_add_layer (self, 16, HL_ACTIVATION_TANH, 0.0);
  hl_config_add_layer (self, 16, HL_ACTIVATION_TANH, 0.0);
  return self;
}

void
hl_config_free (HlConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->dataset.kind);
  g_free (self->dataset.path);
  g_free (self->dataset.target);
  g_free (self->dataset.train_images);
  g_free (self->dataset.train_labels);
  g_free (self->dataset.test_images);
  g_free (self->dataset.test_labels);
  g_clear_pointer (&self->model.layers, g_array_unref);
  g_free (self->optimizer.name);
  g_clear_pointer (&self->optimizer.params, g_array_unref);
  g_free (self->schedule.name);
  g_clear_pointer (&self->schedule.params, g_array_unref);
  g_free (self->early_stopping.monitor);
  g_free (self->base_dir);
  g_free (self);
}

/* The data a run's name starts with: the kind of a built-in set, the
 * file of a CSV ("iris" for iris.csv), the folder of IDX files.  Every
 * CSV run was named "csv …", so runs on two files read the same in the
 * run list and a comparison's legend. */
static char *
dataset_name (const HlDatasetConfig *d)
{
  g_autofree char *base = NULL;
  char *dot;

  if (g_strcmp0 (d->kind, "csv") == 0 && d->path != NULL && *d->path != '\0')
    {
      base = g_path_get_basename (d->path);
      dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
    }
  else if (g_strcmp0 (d->kind, "idx") == 0 && d->train_images != NULL && *d->train_images != '\0')
    {
      g_autofree char *dir = g_path_get_dirname (d->train_images);

      base = g_path_get_basename (dir);
      if (g_str_equal (base, ".") || g_str_equal (base, G_DIR_SEPARATOR_S))
        g_clear_pointer (&base, g_free);
    }
  return base != NULL ? g_steal_pointer (&base) : g_strdup (d->kind);
}

/* A run trained without a name gets a descriptive one, so the run list
 * and comparisons say what it was: "spiral 16-16 tanh sgd lr 0.03".  hyperlab-cli and the
 * application name a run so. */
char *
hl_config_auto_name (const HlConfig *config)
{
  g_autofree char *data = NULL;
  char lr[G_ASCII_DTOSTR_BUF_SIZE];
  GString *name;
  GArray *layers;

  g_return_val_if_fail (config != NULL, NULL);
  data = dataset_name (&config->dataset);
  name = g_string_new (data);
  layers = config->model.layers;

  for (guint i = 0; i < layers->len; i++)
    g_string_append_printf (name, "%s%u", i == 0 ? " " : "-",
                            g_array_index (layers, HlLayerConfig, i).units);
  if (layers->len > 0)
    g_string_append_printf (name, " %s",
                            hl_activation_to_string (g_array_index (layers, HlLayerConfig, 0).activation));
  /* "lr 0.03" in every locale: the name goes into run records */
  g_ascii_formatd (lr, sizeof lr, "%g", config->optimizer.learning_rate);
  g_string_append_printf (name, " %s lr %s", config->optimizer.name, lr);
  return g_string_free (name, FALSE);
}

HlConfig *
hl_config_copy (const HlConfig *self)
{
  HlConfig *c;

  g_return_val_if_fail (self != NULL, NULL);
  c = g_new (HlConfig, 1);
  *c = *self;   /* plain values; every owned pointer is replaced below */
  c->name = g_strdup (self->name);
  c->dataset.kind = g_strdup (self->dataset.kind);
  c->dataset.path = g_strdup (self->dataset.path);
  c->dataset.target = g_strdup (self->dataset.target);
  c->dataset.train_images = g_strdup (self->dataset.train_images);
  c->dataset.train_labels = g_strdup (self->dataset.train_labels);
  c->dataset.test_images = g_strdup (self->dataset.test_images);
  c->dataset.test_labels = g_strdup (self->dataset.test_labels);
  c->model.layers = g_array_copy (self->model.layers);
  c->optimizer.name = g_strdup (self->optimizer.name);
  c->optimizer.params = hl_params_copy (self->optimizer.params);
  c->schedule.name = g_strdup (self->schedule.name);
  c->schedule.params = hl_params_copy (self->schedule.params);
  c->early_stopping.monitor = g_strdup (self->early_stopping.monitor);
  c->base_dir = g_strdup (self->base_dir);
  return c;
}

static gboolean
dataset_equal (const HlDatasetConfig *a, const HlDatasetConfig *b)
{
  return g_strcmp0 (a->kind, b->kind) == 0 && a->samples == b->samples
      && a->noise == b->noise && a->classes == b->classes
      && g_strcmp0 (a->path, b->path) == 0 && g_strcmp0 (a->target, b->target) == 0
      && a->task == b->task
      && g_strcmp0 (a->train_images, b->train_images) == 0
      && g_strcmp0 (a->train_labels, b->train_labels) == 0
      && g_strcmp0 (a->test_images, b->test_images) == 0
      && g_strcmp0 (a->test_labels, b->test_labels) == 0
      && a->validation_split == b->validation_split
      && a->test_split == b->test_split && a->limit == b->limit;
}

static gboolean
model_equal (const HlModelConfig *a, const HlModelConfig *b)
{
  if (a->init != b->init || a->layers->len != b->layers->len)
    return FALSE;
  for (guint i = 0; i < a->layers->len; i++)
    {
      const HlLayerConfig *x = &g_array_index (a->layers, HlLayerConfig, i);
      const HlLayerConfig *y = &g_array_index (b->layers, HlLayerConfig, i);

      if (x->units != y->units || x->activation != y->activation || x->dropout != y->dropout)
        return FALSE;
    }
  return TRUE;
}

static gboolean
training_equal (const HlTrainingConfig *a, const HlTrainingConfig *b)
{
  return a->batch_size == b->batch_size && a->epochs == b->epochs && a->l2 == b->l2
      && a->validate_every_steps == b->validate_every_steps
      && a->threads == b->threads && a->log_every_steps == b->log_every_steps;
}

static gboolean
early_stopping_equal (const HlEarlyStoppingConfig *a, const HlEarlyStoppingConfig *b)
{
  return !a->enabled == !b->enabled && g_strcmp0 (a->monitor, b->monitor) == 0
      && a->patience_steps == b->patience_steps && a->min_delta == b->min_delta
      && !a->stop_on_nan == !b->stop_on_nan && !a->restore_best == !b->restore_best;
}

/* base_dir is where the file lived, not part of the config: not compared. */
gboolean
hl_config_equal (const HlConfig *a, const HlConfig *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return g_strcmp0 (a->name, b->name) == 0 && a->seed == b->seed
      && dataset_equal (&a->dataset, &b->dataset)
      && model_equal (&a->model, &b->model)
      && g_strcmp0 (a->optimizer.name, b->optimizer.name) == 0
      && a->optimizer.learning_rate == b->optimizer.learning_rate
      && params_equal (a->optimizer.params, b->optimizer.params)
      && g_strcmp0 (a->schedule.name, b->schedule.name) == 0
      && params_equal (a->schedule.params, b->schedule.params)
      && training_equal (&a->training, &b->training)
      && early_stopping_equal (&a->early_stopping, &b->early_stopping);
}

void
hl_config_add_layer (HlConfig *self, guint units, HlActivation act, double dropout)
{
  HlLayerConfig l = { units, act, dropout };

  g_return_if_fail (self != NULL);
  g_array_append_val (self->model.layers, l);
}

guint64
hl_config_count_params (const HlConfig *self, guint n_inputs, guint n_outputs)
{
  guint64 total = 0, prev = n_inputs;

  g_return_val_if_fail (self != NULL, 0);
  /* saturating: units beyond the limit (a form opened from a file holds
   * them until the check marks them) made a count of 1.2e19 parameters out
   * of two layers of 4e9 units, wrapped round */
  for (guint i = 0; i <= self->model.layers->len; i++)
    {
      const guint64 u = i < self->model.layers->len
                        ? g_array_index (self->model.layers, HlLayerConfig, i).units : n_outputs;
      guint64 weights;

      if (g_uint64_checked_mul (&weights, prev, u) == FALSE
          || g_uint64_checked_add (&weights, weights, u) == FALSE
          || g_uint64_checked_add (&total, total, weights) == FALSE)
        return G_MAXUINT64;
      prev = u;
    }
  return total;
}

gboolean
hl_dataset_kind_is_toy (const char *kind)
{
  /* Generated in memory from samples/noise/seed (sine is the regression one). */
  return g_strv_contains ((const char *const[]) { "spiral", "circles", "xor", "gaussians",
                                                  "moons", "sine", NULL }, kind ? kind : "");
}

gboolean
hl_config_is_regression (const HlConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_strcmp0 (self->dataset.kind, "sine") == 0
         || (g_strcmp0 (self->dataset.kind, "csv") == 0 && self->dataset.task == HL_TASK_REGRESSION);
}

gboolean
hl_dataset_kind_is_idx_family (const char *kind)
{
  return g_strv_contains ((const char *const[]) { "idx", "fashion-mnist", "mnist", NULL },
                          kind ? kind : "");
}

const char *const *
hl_dataset_kind_fields (const char *kind)
{
  static const char *const multi[] = { "samples", "noise", "classes", NULL };
  static const char *const toy[] = { "samples", "noise", NULL };
  static const char *const csv[] = { "path", "target", "task", NULL };
  static const char *const idx[] = { "train_images", "train_labels", "test_images", "test_labels", NULL };
  static const char *const none[] = { NULL };

  /* as the loaders read them (hl-dataset-toy.c: classes for spiral and
   * gaussians only) */
  if (g_strcmp0 (kind, "spiral") == 0 || g_strcmp0 (kind, "gaussians") == 0)
    return multi;
  if (hl_dataset_kind_is_toy (kind))
    return toy;
  if (g_strcmp0 (kind, "csv") == 0)
    return csv;
  if (g_strcmp0 (kind, "idx") == 0)
    return idx;
  if (hl_dataset_kind_is_idx_family (kind))
    return none;
  return NULL;
}

char *
hl_config_resolve_path (const HlConfig *self, const char *path)
{
  g_return_val_if_fail (self != NULL && path != NULL, NULL);
  /* Relative to the config's folder; without one, to the current folder. */
  return g_canonicalize_filename (path, self->base_dir);
}

/* ---- "did you mean" ---- */

#define HL_CLOSEST_MAX_LEN 256

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), case-insensitive. */
static guint
edit_distance (const char *a, const char *b)
{
  gsize n = strlen (a), m = strlen (b);
  g_autofree guint *d = g_new (guint, (n + 1) * (m + 1));
#define D(i, j) d[(i) * (m + 1) + (j)]

  for (gsize i = 0; i <= n; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= m; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= n; i++)
    for (gsize j = 1; j <= m; j++)
      {
        guint cost = g_ascii_tolower (a[i - 1]) != g_ascii_tolower (b[j - 1]);
        guint v = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

        v = MIN (v, D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 2])
            && g_ascii_tolower (a[i - 2]) == g_ascii_tolower (b[j - 1]))
          v = MIN (v, D (i - 2, j - 2) + 1);
        D (i, j) = v;
      }
  return D (n, m);
#undef D
}

const char *
hl_closest_string (const char *word, const char *const *candidates)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT, limit;
  gsize n;

  if (word == NULL || candidates == NULL)
    return NULL;
  /* The distance table is len(word) × len(candidate): a CSV column or a
   * misspelt field may be megabytes long, so only words of a sensible
   * length get a suggestion. */
  n = strlen (word);
  if (n > HL_CLOSEST_MAX_LEN)
    return NULL;
  /* Allow about one typo per three letters, and at least one. */
  limit = MAX (1, (guint) n / 3);
  for (guint i = 0; candidates[i]; i++)
    {
      gsize m = strlen (candidates[i]);
      guint dist;

      /* The distance is at least the difference in length. */
      if ((n > m ? n - m : m - n) > limit)
        continue;
      dist = edit_distance (word, candidates[i]);

      if (dist < best_d)
        {
          best_d = dist;
          best = candidates[i];
        }
    }
  return best_d <= limit ? best : NULL;
}
