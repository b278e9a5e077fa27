/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-check.c - semantic validation: ranges, consistency, machine
 * limits and (with a registry) plugin names and hyperparameters.  Each
 * problem carries its field path so the GUI can mark the form row. */
#include <math.h>
#include <glib/gi18n-lib.h>
#include "hl-config.h"
#include "hl-dataset.h"
#include "hl-config-private.h"

#define MAX_SAMPLES   10000000u
#define MAX_EPOCHS    1000000u
#define MAX_CLASSES   64u
#define MAX_NOISE     10.0
#define MAX_SPLIT     0.9
#define IDX_FAMILY_TRAIN 60000u   /* MNIST and Fashion-MNIST training images */

static void
issue_free (gpointer p)
{
  HlConfigIssue *issue = p;

  g_free (issue->path);
  g_free (issue->also);
  g_clear_error (&issue->error);
  g_free (issue);
}

/* The issue added, for its `also`. */
G_GNUC_PRINTF (4, 5) static HlConfigIssue *
add (GPtrArray *issues, HlConfigError code, const char *path, const char *fmt, ...)
{
  HlConfigIssue *issue = g_new0 (HlConfigIssue, 1);
  g_autofree char *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  issue->path = g_strdup (path);
  issue->error = g_error_new (HL_CONFIG_ERROR, code, "%s: %s", path, msg);
  g_ptr_array_add (issues, issue);
  return issue;
}

HlConfigIssue *
hl_config_issue_add_error (GPtrArray *issues, const char *path, GError *error)
{
  HlConfigIssue *issue = g_new0 (HlConfigIssue, 1);

  issue->path = g_strdup (path);
  issue->error = error;
  g_ptr_array_add (issues, issue);
  return issue;
}

/* Bounds: NAN means "no bound"; *_open means strict. */
static gboolean
check_double (GPtrArray *issues, const char *path, double v,
              double lo, gboolean lo_open, double hi, gboolean hi_open)
{
  g_autofree char *got = hl_format_double (v);
  g_autofree char *bound = NULL;

  if (!isfinite (v))
    {
      add (issues, HL_CONFIG_ERROR_RANGE, path,
           /* TRANSLATORS: the message follows a field path and ": " */
           _("must be a finite number (got %s)"), got);
      return FALSE;
    }
  if (!isnan (lo) && (lo_open ? v <= lo : v < lo))
    {
      bound = hl_format_double (lo);
      add (issues, HL_CONFIG_ERROR_RANGE, path,
           /* TRANSLATORS: the first %s is a comparison (">" or ">="), the second its bound, the last the value given */
           _("must be %s %s (got %s)"), lo_open ? ">" : ">=", bound, got);
      return FALSE;
    }
  if (!isnan (hi) && (hi_open ? v >= hi : v > hi))
    {
      bound = hl_format_double (hi);
      add (issues, HL_CONFIG_ERROR_RANGE, path, _("must be %s %s (got %s)"), hi_open ? "<" : "<=", bound, got);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_min_uint (GPtrArray *issues, const char *path, guint v, guint min)
{
  if (v >= min)
    return TRUE;
  add (issues, HL_CONFIG_ERROR_RANGE, path, _("must be >= %u (got %u)"), min, v);
  return FALSE;
}

static void
check_name_in (GPtrArray *issues, const char *path, const char *what,
               const char *value, const char *const *known)
{
  const char *hint;
  g_autofree char *list = NULL;

  if (value == NULL || *value == '\0')
    {
      add (issues, HL_CONFIG_ERROR_MISSING, path, _("missing"));
      return;
    }
  if (g_strv_contains (known, value))
    return;
  hint = hl_closest_string (value, known);
  list = g_strjoinv (", ", (char **) known);
  if (hint)
    add (issues, HL_CONFIG_ERROR_RANGE, path,
         /* TRANSLATORS: the first %s is what is named (such as "dataset kind"), then the value given and the closest known one */
         _("unknown %s “%s”; did you mean “%s”?"), _(what), value, hint);
  else
    add (issues, HL_CONFIG_ERROR_RANGE, path,
         /* TRANSLATORS: the first %s is what is named (such as "dataset kind"), then the value given and the list of known values */
         _("unknown %s “%s” (expected one of %s)"), _(what), value, list);
}

static void
check_toy (GPtrArray *issues, const HlDatasetConfig *d)
{
  if (d->samples > MAX_SAMPLES)
    add (issues, HL_CONFIG_ERROR_LIMIT, "dataset.samples",
         _("%u samples is more than Hyperlab generates (at most %u)"), d->samples, MAX_SAMPLES);
  else
    check_min_uint (issues, "dataset.samples", d->samples, HL_MIN_SAMPLES);
  check_double (issues, "dataset.noise", d->noise, 0, FALSE, MAX_NOISE, FALSE);
  if (g_str_equal (d->kind, "spiral") || g_str_equal (d->kind, "gaussians"))
    {
      if (d->classes > MAX_CLASSES)
        add (issues, HL_CONFIG_ERROR_RANGE, "dataset.classes", _("must be <= %u (got %u)"), MAX_CLASSES, d->classes);
      else
        check_min_uint (issues, "dataset.classes", d->classes, HL_MIN_CLASSES);
    }
}

static void
check_files (GPtrArray *issues, const HlDatasetConfig *d)
{
  if (g_str_equal (d->kind, "csv"))
    {
      if (d->path == NULL || *d->path == '\0')
        add (issues, HL_CONFIG_ERROR_MISSING, "dataset.path", _("missing (a csv dataset needs the file)"));
      if (d->target == NULL || *d->target == '\0')
        add (issues, HL_CONFIG_ERROR_MISSING, "dataset.target", _("missing (the name of the target column)"));
    }
  else if (g_str_equal (d->kind, "idx"))
    {
      if (d->train_images == NULL || *d->train_images == '\0')
        add (issues, HL_CONFIG_ERROR_MISSING, "dataset.train_images", _("missing (an idx dataset needs the image file)"));
      if (d->train_labels == NULL || *d->train_labels == '\0')
        add (issues, HL_CONFIG_ERROR_MISSING, "dataset.train_labels", _("missing (an idx dataset needs the label file)"));
      if ((d->test_images == NULL) != (d->test_labels == NULL))
        add (issues, HL_CONFIG_ERROR_INCONSISTENT, d->test_images ? "dataset.test_labels" : "dataset.test_images",
             /* TRANSLATORS: test_images and test_labels are field names */
             _("test_images and test_labels go together: give both or neither"));
    }
}

static void
check_dataset (GPtrArray *issues, const HlDatasetConfig *d)
{
  gboolean splits_ok;

  check_name_in (issues, "dataset.kind", N_("dataset kind"), d->kind, hl_dataset_kinds);
  if (d->kind && hl_dataset_kind_is_toy (d->kind))
    check_toy (issues, d);
  else if (d->kind)
    check_files (issues, d);
  if (d->task != HL_TASK_CLASSIFICATION && d->task != HL_TASK_REGRESSION)
    add (issues, HL_CONFIG_ERROR_RANGE, "dataset.task", _("must be \"classification\" or \"regression\""));
  splits_ok = check_double (issues, "dataset.validation_split", d->validation_split, 0, FALSE, MAX_SPLIT, FALSE);
  splits_ok &= check_double (issues, "dataset.test_split", d->test_split, 0, FALSE, MAX_SPLIT, FALSE);
  /* IDX families bring their own test set, so their test_split is unused. */
  if (splits_ok && !hl_dataset_kind_is_idx_family (d->kind)
      && d->validation_split + d->test_split > MAX_SPLIT + 1e-12)
    {
      g_autofree char *v = hl_format_double (d->validation_split);
      g_autofree char *t = hl_format_double (d->test_split);
      add (issues, HL_CONFIG_ERROR_INCONSISTENT, "dataset.test_split",
           /* TRANSLATORS: validation_split and test_split are field names */
           _("validation_split + test_split must leave at least 10%% for training (got %s + %s)"), v, t)
        ->also = g_strdup ("dataset.validation_split");
    }
}

/* Input and output sizes where the kind tells them; 0 when only the file knows. */
static void
dataset_shape (const HlDatasetConfig *d, guint *n_in, guint *n_out, guint *max_train)
{
  *n_in = *n_out = 0;
  *max_train = 0;
  if (d->kind && hl_dataset_kind_is_toy (d->kind))
    {
      gboolean sine = g_str_equal (d->kind, "sine");
      *n_in = sine ? 1 : 2;
      *n_out = sine ? 1 : MAX (d->classes, 2);
      *max_train = hl_dataset_train_count (d, d->samples, FALSE);
    }
  else if (hl_dataset_is_idx_family (d->kind))
    {
      *n_in = 784;
      *n_out = 10;
      *max_train = hl_dataset_train_count (d, IDX_FAMILY_TRAIN, TRUE);
    }
}

static void
check_layer (GPtrArray *issues, const HlLayerConfig *l, guint i)
{
  g_autofree char *units = g_strdup_printf ("model.layers[%u].units", i);
  g_autofree char *act = g_strdup_printf ("model.layers[%u].activation", i);
  g_autofree char *drop = g_strdup_printf ("model.layers[%u].dropout", i);

  if (l->units > HL_MAX_UNITS)
    add (issues, HL_CONFIG_ERROR_LIMIT, units,
         _("%u units is more than a layer may have (at most %u)"), l->units, HL_MAX_UNITS);
  else
    check_min_uint (issues, units, l->units, 1);
  if ((guint) l->activation >= HL_N_ACTIVATIONS)
    add (issues, HL_CONFIG_ERROR_RANGE, act, _("unknown activation (%d)"), (int) l->activation);
  check_double (issues, drop, l->dropout, 0, FALSE, 1, TRUE);
}

static void
check_model (GPtrArray *issues, const HlConfig *c)
{
  const GArray *layers = c->model.layers;
  guint n_in, n_out, max_train;
  guint64 n_params;

  if (layers->len > HL_MAX_LAYERS)
    {
      add (issues, HL_CONFIG_ERROR_LIMIT, "model.layers",
           _("%u hidden layers is more than Hyperlab builds (at most %u)"), layers->len, HL_MAX_LAYERS);
      return;
    }
  for (guint i = 0; i < layers->len; i++)
    check_layer (issues, &g_array_index (layers, HlLayerConfig, i), i);
  if ((guint) c->model.init >= HL_N_INITS)
    add (issues, HL_CONFIG_ERROR_RANGE, "model.init", _("unknown initialisation (%d)"), (int) c->model.init);
  /* a layer beyond the unit limit has its own message (as for the working
   * memory below): the count said "12553255963290448387 parameters" */
  for (guint i = 0; i < layers->len; i++)
    if (g_array_index (layers, HlLayerConfig, i).units > HL_MAX_UNITS)
      return;
  dataset_shape (&c->dataset, &n_in, &n_out, &max_train);
  n_params = hl_config_count_params (c, MAX (n_in, 1), MAX (n_out, 1));
  if (n_params > HL_MAX_PARAMS)
    add (issues, HL_CONFIG_ERROR_LIMIT, "model.layers",
         _("%llu parameters is more than a model may have (at most %llu)"),
         (unsigned long long) n_params, (unsigned long long) HL_MAX_PARAMS);
}

static void
check_params_finite (GPtrArray *issues, const char *section, const GArray *params)
{
  for (guint i = 0; params && i < params->len; i++)
    {
      const HlParam *p = &g_array_index (params, HlParam, i);
      g_autofree char *path = g_strdup_printf ("%s.params.%s", section, p->name);

      check_double (issues, path, p->value, NAN, FALSE, NAN, FALSE);
    }
}

static void
check_workspace (GPtrArray *issues, const HlConfig *c)
{
  guint n_in, n_out, max_train;
  guint64 batch = c->training.batch_size, width = 0, bytes;

  /* a layer beyond the unit limit has its own message: "use a smaller
   * batch" for a batch of 32 would send the user the wrong way */
  for (guint i = 0; i < c->model.layers->len; i++)
    if (g_array_index (c->model.layers, HlLayerConfig, i).units > HL_MAX_UNITS)
      return;
  dataset_shape (&c->dataset, &n_in, &n_out, &max_train);
  if (max_train > 0 && (batch == HL_BATCH_ALL || batch > max_train))
    batch = max_train;              /* the trainer clamps to the training set */
  if (batch == HL_BATCH_ALL)
    return;                         /* only the loaded data knows; the trainer checks */
  width = n_in + n_out;
  for (guint i = 0; i < c->model.layers->len; i++)
    width += g_array_index (c->model.layers, HlLayerConfig, i).units;
  /* Pre-activations, activations and their gradients, float32 each. */
  bytes = batch * width * 4 * 3;
  if (bytes > HL_MAX_WORKSPACE_BYTES)
    add (issues, HL_CONFIG_ERROR_LIMIT, "training.batch_size",
         _("a batch of %llu samples needs %.1f GiB of working memory with these layers "
           "(at most %.1f GiB); use a smaller batch"), (unsigned long long) batch,
         bytes / 1073741824.0, HL_MAX_WORKSPACE_BYTES / 1073741824.0);
}

static void
check_training (GPtrArray *issues, const HlConfig *c)
{
  const HlTrainingConfig *t = &c->training;

  if (c->optimizer.name == NULL || *c->optimizer.name == '\0')
    add (issues, HL_CONFIG_ERROR_MISSING, "optimizer.name", _("missing (a plugin id such as \"sgd\")"));
  check_double (issues, "optimizer.learning_rate", c->optimizer.learning_rate, 0, TRUE, NAN, FALSE);
  check_params_finite (issues, "optimizer", c->optimizer.params);
  if (c->schedule.name == NULL || *c->schedule.name == '\0')
    add (issues, HL_CONFIG_ERROR_MISSING, "schedule.name", _("missing (a plugin id such as \"constant\")"));
  check_params_finite (issues, "schedule", c->schedule.params);
  if (t->epochs > MAX_EPOCHS)
    add (issues, HL_CONFIG_ERROR_RANGE, "training.epochs", _("must be <= %u (got %u)"), MAX_EPOCHS, t->epochs);
  else
    check_min_uint (issues, "training.epochs", t->epochs, 1);
  check_double (issues, "training.l2", t->l2, 0, FALSE, NAN, FALSE);
  check_min_uint (issues, "training.validate_every_steps", t->validate_every_steps, 1);
  if (t->threads > HL_MAX_THREADS)
    add (issues, HL_CONFIG_ERROR_LIMIT, "training.threads",
         _("%u threads is more than Hyperlab uses (at most %u)"), t->threads, HL_MAX_THREADS);
  else
    check_min_uint (issues, "training.threads", t->threads, 1);
  check_workspace (issues, c);
}

static void
check_early_stopping (GPtrArray *issues, const HlConfig *c)
{
  const HlEarlyStoppingConfig *e = &c->early_stopping;

  check_name_in (issues, "early_stopping.monitor", N_("metric to monitor"), e->monitor,
                 (const char *const[]) { "val_loss", NULL });
  check_double (issues, "early_stopping.min_delta", e->min_delta, 0, FALSE, NAN, FALSE);
  if (!e->enabled)
    return;
  if (e->patience_steps < 1)
    add (issues, HL_CONFIG_ERROR_RANGE, "early_stopping.patience_steps",
         _("must be >= 1 while early stopping is enabled (got %u)"), e->patience_steps);
  /* as much the split's problem as the switch's: either fixes it */
  if (c->dataset.validation_split == 0)
    add (issues, HL_CONFIG_ERROR_INCONSISTENT, "early_stopping.enabled",
         /* TRANSLATORS: dataset.validation_split is a field path; the JSON is what to write in the config file */
         _("early stopping watches the validation loss, but dataset.validation_split is 0; "
           "set \"early_stopping\": {\"enabled\": false} or a validation split above 0"))
      ->also = g_strdup ("dataset.validation_split");
}

void
hl_config_check_into (const HlConfig *self, HlPluginRegistry *registry, GPtrArray *issues)
{
  if (self->seed > (guint64) G_MAXINT64)
    add (issues, HL_CONFIG_ERROR_RANGE, "seed", _("must be < 2^63 (got %llu)"), (unsigned long long) self->seed);
  check_dataset (issues, &self->dataset);
  check_model (issues, self);
  check_training (issues, self);
  check_early_stopping (issues, self);
  if (registry)
    hl_config_check_plugins (self, registry, issues);
}

GPtrArray *
hl_config_issues_new (void)
{
  return g_ptr_array_new_with_free_func (issue_free);
}

GPtrArray *
hl_config_check (const HlConfig *self, HlPluginRegistry *registry)
{
  GPtrArray *issues = hl_config_issues_new ();

  g_return_val_if_fail (self != NULL, issues);
  hl_config_check_into (self, registry, issues);
  return issues;
}

void
hl_config_issues_free (GPtrArray *issues)
{
  if (issues)
    g_ptr_array_unref (issues);
}

gboolean
hl_config_validate (const HlConfig *self, HlPluginRegistry *registry, GError **error)
{
  g_autoptr(GPtrArray) issues = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  issues = hl_config_check (self, registry);
  if (issues->len == 0)
    return TRUE;
  g_propagate_error (error, g_error_copy (((HlConfigIssue *) issues->pdata[0])->error));
  return FALSE;
}

const char *
hl_config_issue_set_field (const HlConfigIssue *issue, const char *const *assignments)
{
  g_return_val_if_fail (issue != NULL, NULL);
  if (hl_config_path_is_set (issue->path, assignments))
    return issue->path;
  /* the other field the problem is about (the other split of a pair, the
   * validation split of 0 that early stopping and a schedule following the
   * validation loss have nothing to watch without) */
  if (issue->also != NULL && hl_config_path_is_set (issue->also, assignments))
    return issue->also;
  return NULL;
}

GError *
hl_config_issue_to_error (const HlConfigIssue *issue, const char *filename, const char *const *assignments)
{
  GError *error = g_error_copy (issue->error);
  const char *set = hl_config_issue_set_field (issue, assignments);

  /* "--set dataset.validation_split=0" made early stopping wrong: the
   * message blamed the file, which had it right (found by a CLI review) */
  if (set != NULL && set != issue->path)
    {
      char *message = g_strdup_printf ("--set %s: %s", set, error->message);

      g_free (error->message);
      error->message = message;
    }
  else
    hl_config_prefix_source (error, filename, assignments);
  return error;
}

gboolean
hl_config_validate_sourced (const HlConfig *self, HlPluginRegistry *registry, const char *filename,
                            const char *const *assignments, GError **error)
{
  g_autoptr(GPtrArray) issues = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  issues = hl_config_check (self, registry);
  if (issues->len == 0)
    return TRUE;
  g_propagate_error (error, hl_config_issue_to_error (issues->pdata[0], filename, assignments));
  return FALSE;
}

HlConfigIssue *
hl_config_issue_add (GPtrArray *issues, int code, const char *path, const char *message)
{
  return add (issues, code, path, "%s", message);
}
