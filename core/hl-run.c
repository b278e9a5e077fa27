/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run.c - the run record in memory: ids, metric arrays, status names. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include "hl-run.h"
#include "hl-run-private.h"
#include "hl-checkpoint.h"
#include "hl-error.h"

static void
metrics_init (HlMetrics *m)
{
  m->step = g_array_new (FALSE, FALSE, sizeof (guint64));
  m->epoch = g_array_new (FALSE, FALSE, sizeof (double));
  m->lr = g_array_new (FALSE, FALSE, sizeof (double));
  m->train_loss = g_array_new (FALSE, FALSE, sizeof (double));
  m->val_loss = g_array_new (FALSE, FALSE, sizeof (double));
  m->val_accuracy = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
metrics_clear (HlMetrics *m)
{
  g_clear_pointer (&m->step, g_array_unref);
  g_clear_pointer (&m->epoch, g_array_unref);
  g_clear_pointer (&m->lr, g_array_unref);
  g_clear_pointer (&m->train_loss, g_array_unref);
  g_clear_pointer (&m->val_loss, g_array_unref);
  g_clear_pointer (&m->val_accuracy, g_array_unref);
}

static void
summary_init (HlSummary *s)
{
  memset (s, 0, sizeof *s);
  s->best_val_loss = NAN;
  s->test_loss = NAN;
  s->test_accuracy = NAN;
  s->final_train_loss = NAN;
  s->final_val_loss = NAN;
  s->final_val_accuracy = NAN;
  s->diverged_lr = NAN;
}

HlRun *
hl_run_new_empty (void)
{
  HlRun *self = g_new0 (HlRun, 1);

  metrics_init (&self->metrics);
  summary_init (&self->summary);
  self->optimizer.params = hl_params_new ();
  self->schedule.params = hl_params_new ();
  return self;
}

/* The record keeps the resolved config: dataset files as absolute paths, so
 * the run can be re-run from wherever its file ends up. */
static void
resolve_in_place (HlConfig *c, char **path)
{
  char *abs;

  if (*path == NULL || **path == '\0' || g_path_is_absolute (*path) || c->base_dir == NULL)
    return;
  abs = hl_config_resolve_path (c, *path);
  g_free (*path);
  *path = abs;
}

static void
resolve_paths (HlConfig *c)
{
  resolve_in_place (c, &c->dataset.path);
  resolve_in_place (c, &c->dataset.train_images);
  resolve_in_place (c, &c->dataset.train_labels);
  resolve_in_place (c, &c->dataset.test_images);
  resolve_in_place (c, &c->dataset.test_labels);
}

/* ---- the dataset files a run trains on ---- */

/* The files the dataset loader reads for this config, as it resolves them
 * (new array of new strings); none for generated data or the named IDX
 * families, which are installed, not edited. */
static GPtrArray *
data_file_paths (const HlConfig *c)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const HlDatasetConfig *d = &c->dataset;
  const char *const idx[] = { d->train_images, d->train_labels, d->test_images, d->test_labels };

  if (g_strcmp0 (d->kind, "csv") == 0 && d->path != NULL && *d->path != '\0')
    g_ptr_array_add (paths, hl_config_resolve_path (c, d->path));
  else if (g_strcmp0 (d->kind, "idx") == 0)
    for (guint i = 0; i < G_N_ELEMENTS (idx); i++)
      if (idx[i] != NULL && *idx[i] != '\0')
        g_ptr_array_add (paths, hl_config_resolve_path (c, idx[i]));
  return paths;
}

/* SHA-256 of a regular file's bytes (hex), or NULL when it cannot be read
 * or the cancellable fired (then *cancelled). */
static char *
file_digest (const char *path, GCancellable *cancellable, gboolean *cancelled)
{
  g_autoptr(GChecksum) sum = NULL;
  g_autofree guint8 *buf = NULL;
  const gsize size = 1 << 20;
  gssize n;
  int fd;

  /* not a FIFO or a device: opening one could block for good */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || (fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return NULL;
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  buf = g_malloc (size);
  while ((n = read (fd, buf, size)) != 0)
    {
      /* a 2 GB file takes seconds: Stop and Ctrl+C are heard per MiB */
      if (g_cancellable_is_cancelled (cancellable))
        {
          *cancelled = TRUE;
          close (fd);
          return NULL;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          close (fd);
          return NULL;
        }
      g_checksum_update (sum, buf, n);
    }
  close (fd);
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
hl_run_note_data_files (HlRun *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) paths = data_file_paths (self->config);
  gboolean cancelled = FALSE;

  g_clear_pointer (&self->data_files, g_hash_table_unref);
  for (guint i = 0; i < paths->len; i++)
    {
      char *digest = file_digest (paths->pdata[i], cancellable, &cancelled);

      if (cancelled)
        return !g_cancellable_set_error_if_cancelled (cancellable, error);
      if (digest == NULL)
        continue;   /* the loader says why */
      if (self->data_files == NULL)
        self->data_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (self->data_files, g_strdup (paths->pdata[i]), digest);
    }
  return TRUE;
}

gboolean
hl_run_check_data (const HlRun *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  gboolean cancelled = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  if (self->data_files == NULL || self->config == NULL)
    return TRUE;
  paths = data_file_paths (self->config);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *was = g_hash_table_lookup (self->data_files, paths->pdata[i]);
      g_autofree char *now = was != NULL ? file_digest (paths->pdata[i], cancellable, &cancelled) : NULL;

      if (cancelled)
        return !g_cancellable_set_error_if_cancelled (cancellable, error);
      if (now != NULL && g_strcmp0 (now, was) != 0)
        {
          g_autofree char *shown = g_filename_display_name (paths->pdata[i]);

          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                       /* TRANSLATORS: a run id, then a file name */
                       _("cannot resume run %s: its data file %s changed since the run began, and "
                         "the run would go on training on other data (train its config as a new "
                         "run instead)"), self->id, shown);
          return FALSE;
        }
    }
  return TRUE;
}

HlRun *
hl_run_new (const HlConfig *config)
{
  HlRun *self;

  g_return_val_if_fail (config != NULL, NULL);
  self = hl_run_new_empty ();
  self->id = hl_run_new_id ();
  self->config = hl_config_copy (config);
  resolve_paths (self->config);
  self->status = HL_RUN_STATUS_RUNNING;
  self->created = self->updated = g_get_real_time ();
  self->optimizer.id = g_strdup (config->optimizer.name);
  g_array_unref (self->optimizer.params);
  self->optimizer.params = hl_params_copy (config->optimizer.params);
  self->schedule.id = g_strdup (config->schedule.name);
  g_array_unref (self->schedule.params);
  self->schedule.params = hl_params_copy (config->schedule.params);
  return self;
}

static void
plugin_clear (HlRunPlugin *p)
{
  g_clear_pointer (&p->id, g_free);
  g_clear_pointer (&p->version, g_free);
  g_clear_pointer (&p->params, g_array_unref);
}

void
hl_run_free (HlRun *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  hl_config_free (self->config);
  plugin_clear (&self->optimizer);
  plugin_clear (&self->schedule);
  metrics_clear (&self->metrics);
  g_free (self->summary.stop_reason);
  hl_confusion_free (self->summary.test_confusion);
  g_free (self->dataset_description);
  g_free (self->group);
  g_free (self->path);
  g_clear_pointer (&self->data_files, g_hash_table_unref);
  g_free (self);
}

static void
plugin_copy (HlRunPlugin *dst, const HlRunPlugin *src)
{
  dst->id = g_strdup (src->id);
  dst->version = g_strdup (src->version);
  dst->params = hl_params_copy (src->params);
}

/* Every hyperparameter the plugin took, defaults included, into params. */
static void
fill_params (GArray *params, const char *name, const HlRunPlugin *used)
{
  if (used->params == NULL || used->params->len == 0 || g_strcmp0 (name, used->id) != 0)
    return;   /* a run from before plugins were recorded, or one that never set up */
  /* the record holds the config's values too (training refuses a name the
   * plugin lacks), in the plugin's own order */
  hl_params_clear (params);
  for (guint i = 0; i < used->params->len; i++)
    {
      const HlParam *p = &g_array_index (used->params, HlParam, i);
      hl_params_set (params, p->name, p->value);
    }
}

guint
hl_runs_count_regression (const GPtrArray *runs)
{
  guint n = 0;

  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const HlRun *run = runs->pdata[i];
      n += run->config != NULL && hl_config_is_regression (run->config);
    }
  return n;
}

HlConfig *
hl_run_dup_effective_config (const HlRun *self)
{
  HlConfig *c;

  g_return_val_if_fail (self != NULL && self->config != NULL, NULL);
  c = hl_config_copy (self->config);
  fill_params (c->optimizer.params, c->optimizer.name, &self->optimizer);
  fill_params (c->schedule.params, c->schedule.name, &self->schedule);
  return c;
}

HlRun *
hl_run_copy (const HlRun *self)
{
  HlRun *c;

  g_return_val_if_fail (self != NULL, NULL);
  c = g_new (HlRun, 1);
  *c = *self;   /* plain values; owned pointers replaced below */
  c->id = g_strdup (self->id);
  c->config = self->config ? hl_config_copy (self->config) : NULL;
  plugin_copy (&c->optimizer, &self->optimizer);
  plugin_copy (&c->schedule, &self->schedule);
  c->metrics.step = g_array_copy (self->metrics.step);
  c->metrics.epoch = g_array_copy (self->metrics.epoch);
  c->metrics.lr = g_array_copy (self->metrics.lr);
  c->metrics.train_loss = g_array_copy (self->metrics.train_loss);
  c->metrics.val_loss = g_array_copy (self->metrics.val_loss);
  c->metrics.val_accuracy = g_array_copy (self->metrics.val_accuracy);
  c->summary.stop_reason = g_strdup (self->summary.stop_reason);
  c->summary.test_confusion = hl_confusion_copy (self->summary.test_confusion);
  c->dataset_description = g_strdup (self->dataset_description);
  c->group = g_strdup (self->group);
  c->path = g_strdup (self->path);
  c->data_files = NULL;
  if (self->data_files != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      c->data_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, self->data_files);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (c->data_files, g_strdup (key), g_strdup (value));
    }
  return c;
}

char *
hl_run_new_id (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  /* Time for sorting and reading, random hex so two runs started in the
   * same second (seed replicates, sweeps) still differ. */
  return g_strdup_printf ("%s-%04x", stamp, g_random_int_range (0, 0x10000));
}

void
hl_metrics_append (HlMetrics *m, guint64 step, double epoch, double lr,
                   double train_loss, double val_loss, double val_accuracy)
{
  g_return_if_fail (m != NULL);
  g_array_append_val (m->step, step);
  g_array_append_val (m->epoch, epoch);
  g_array_append_val (m->lr, lr);
  g_array_append_val (m->train_loss, train_loss);
  g_array_append_val (m->val_loss, val_loss);
  g_array_append_val (m->val_accuracy, val_accuracy);
}

guint
hl_metrics_len (const HlMetrics *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return m->step ? m->step->len : 0;
}

GArray *
hl_metrics_get (const HlMetrics *m, const char *name)
{
  g_return_val_if_fail (m != NULL && name != NULL, NULL);
  if (g_str_equal (name, "train_loss"))
    return m->train_loss;
  if (g_str_equal (name, "val_loss"))
    return m->val_loss;
  if (g_str_equal (name, "val_accuracy"))
    return m->val_accuracy;
  if (g_str_equal (name, "lr"))
    return m->lr;
  if (g_str_equal (name, "epoch"))
    return m->epoch;
  if (g_str_equal (name, "step"))
    return m->step;   /* guint64 elements */
  return NULL;
}

static const char *const status_names[] = {
  [HL_RUN_STATUS_RUNNING]       = "running",
  [HL_RUN_STATUS_COMPLETED]     = "completed",
  [HL_RUN_STATUS_EARLY_STOPPED] = "early_stopped",
  [HL_RUN_STATUS_DIVERGED]      = "diverged",
  [HL_RUN_STATUS_CANCELLED]     = "cancelled",
  [HL_RUN_STATUS_FAILED]        = "failed",
  [HL_RUN_STATUS_INTERRUPTED]   = "interrupted",
};

gboolean
hl_run_was_pruned (HlRunStatus status, const char *stop_reason)
{
  return status == HL_RUN_STATUS_EARLY_STOPPED && stop_reason != NULL
         && strstr (stop_reason, ": " HL_RUN_PRUNED_REASON) != NULL;
}

const char *
hl_run_status_to_string (HlRunStatus s)
{
  g_return_val_if_fail ((guint) s < G_N_ELEMENTS (status_names), NULL);
  return status_names[s];
}

gboolean
hl_run_status_from_string (const char *s, HlRunStatus *out)
{
  for (guint i = 0; s && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (status_names[i], s))
      {
        if (out)
          *out = (HlRunStatus) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
hl_run_restored_best (const HlRun *self)
{
  const HlSummary *s = &self->summary;

  return (self->status == HL_RUN_STATUS_COMPLETED || self->status == HL_RUN_STATUS_EARLY_STOPPED)
         && self->config != NULL && self->config->early_stopping.enabled
         && self->config->early_stopping.restore_best
         && isfinite (s->best_val_loss) && s->best_step < s->steps;
}

HlLossTrouble
hl_run_loss_trouble (const HlRun *self, double *first, double *last)
{
  const HlMetrics *m = &self->metrics;
  const guint n = hl_metrics_len (m);
  double f, sum = 0;
  guint tail, count = 0;

  *first = *last = NAN;
  if (self->status == HL_RUN_STATUS_DIVERGED || n < 2)
    return HL_LOSS_TROUBLE_NONE;
  for (guint i = 0; i < n; i++)
    if (!isfinite (g_array_index (m->train_loss, double, i)))
      {
        *last = (double) g_array_index (m->step, guint64, i);
        return HL_LOSS_TROUBLE_NAN;
      }
  f = g_array_index (m->train_loss, double, 0);
  tail = MAX (n / 10, 1);
  for (guint i = n - tail; i < n; i++, count++)
    sum += g_array_index (m->train_loss, double, i);
  *first = f;
  *last = sum / count;
  return f > 0 && *last > HL_LOSS_EXPLODED_FACTOR * f ? HL_LOSS_TROUBLE_EXPLODED : HL_LOSS_TROUBLE_NONE;
}

const char *
hl_run_status_to_label (HlRunStatus s)
{
  switch (s)
    {
    case HL_RUN_STATUS_RUNNING:       return _("Running");
    case HL_RUN_STATUS_COMPLETED:     return _("Completed");
    case HL_RUN_STATUS_EARLY_STOPPED: return _("Early stopped");
    case HL_RUN_STATUS_DIVERGED:      return _("Diverged");
    case HL_RUN_STATUS_CANCELLED:     return _("Cancelled");
    case HL_RUN_STATUS_FAILED:        return _("Failed");
    case HL_RUN_STATUS_INTERRUPTED:   return _("Interrupted");
    default:                          return _("Unknown");
    }
}

gboolean
hl_run_save_final (HlRun *self, const char *path, GError **error)
{
  g_autofree char *ckpt = NULL;

  if (!hl_run_save (self, path, error))
    return FALSE;
  if (self->status == HL_RUN_STATUS_RUNNING || self->status == HL_RUN_STATUS_CANCELLED
      || self->status == HL_RUN_STATUS_INTERRUPTED)
    return TRUE;
  ckpt = hl_checkpoint_path_for_run (path);
  g_unlink (ckpt);
  return TRUE;
}
