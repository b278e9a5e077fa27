/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion.c - a test set's confusion matrix: why a run has none,
 * copies, sums, the most confused pairs and CSV. */
#include <math.h>
#include <string.h>
#include "hl-run.h"

HlConfusionMissing
hl_run_confusion_missing (const HlRun *run)
{
  g_return_val_if_fail (run != NULL, HL_CONFUSION_MISSING_NONE);
  if (run->summary.test_confusion != NULL)
    return HL_CONFUSION_MISSING_NONE;
  if (run->config != NULL && hl_config_is_regression (run->config))
    return HL_CONFUSION_MISSING_REGRESSION;
  if (run->status == HL_RUN_STATUS_RUNNING || run->status == HL_RUN_STATUS_INTERRUPTED)
    return HL_CONFUSION_MISSING_UNFINISHED;
  if (run->status == HL_RUN_STATUS_DIVERGED)
    return HL_CONFUSION_MISSING_DIVERGED;
  if (!isfinite (run->summary.test_accuracy))
    return HL_CONFUSION_MISSING_NO_TEST;
  if (run->summary.n_classes > HL_CONFUSION_MAX_CLASSES)
    return HL_CONFUSION_MISSING_TOO_MANY_CLASSES;
  return HL_CONFUSION_MISSING_NOT_KEPT;
}

HlConfusion *
hl_confusion_new (guint n_classes, const char *const *class_names)
{
  HlConfusion *self;

  g_return_val_if_fail (n_classes > 0 && n_classes <= HL_CONFUSION_MAX_CLASSES, NULL);
  self = g_new0 (HlConfusion, 1);
  self->n_classes = n_classes;
  self->class_names = g_new0 (char *, n_classes + 1);
  for (guint k = 0; k < n_classes; k++)
    self->class_names[k] = class_names != NULL ? g_strdup (class_names[k]) : g_strdup_printf ("%u", k);
  self->counts = g_new0 (guint64, (gsize) n_classes * n_classes);
  return self;
}

HlConfusion *
hl_confusion_copy (const HlConfusion *self)
{
  HlConfusion *c;

  if (self == NULL)
    return NULL;
  c = g_new0 (HlConfusion, 1);
  c->n_classes = self->n_classes;
  c->class_names = g_strdupv (self->class_names);
  c->counts = g_memdup2 (self->counts, (gsize) self->n_classes * self->n_classes * sizeof (guint64));
  return c;
}

void
hl_confusion_free (HlConfusion *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->class_names);
  g_free (self->counts);
  g_free (self);
}

guint64
hl_confusion_row_total (const HlConfusion *self, guint true_class)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL && true_class < self->n_classes, 0);
  for (guint p = 0; p < self->n_classes; p++)
    n += self->counts[(gsize) true_class * self->n_classes + p];
  return n;
}

guint64
hl_confusion_total (const HlConfusion *self)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint t = 0; t < self->n_classes; t++)
    n += hl_confusion_row_total (self, t);
  return n;
}

guint64
hl_confusion_correct (const HlConfusion *self)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint k = 0; k < self->n_classes; k++)
    n += self->counts[(gsize) k * self->n_classes + k];
  return n;
}

/* Whether a goes before b: larger count, then smaller true class, then predicted. */
static gboolean
pair_before (const HlConfusionPair *a, const HlConfusionPair *b)
{
  if (a->count != b->count)
    return a->count > b->count;
  if (a->true_class != b->true_class)
    return a->true_class < b->true_class;
  return a->predicted < b->predicted;
}

guint
hl_confusion_most_confused (const HlConfusion *self, HlConfusionPair *out, guint max)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL && (out != NULL || max == 0), 0);
  /* insertion into a short sorted list: max is 3 or so, cells up to 10,000 */
  for (guint t = 0; t < self->n_classes; t++)
    for (guint p = 0; p < self->n_classes; p++)
      {
        HlConfusionPair cell = { t, p, self->counts[(gsize) t * self->n_classes + p] };
        guint at;

        if (t == p || cell.count == 0)
          continue;
        for (at = n; at > 0 && pair_before (&cell, &out[at - 1]); at--)
          if (at < max)
            out[at] = out[at - 1];
        if (at < max)
          out[at] = cell;
        n = MIN (n + 1, max);
      }
  return n;
}

char *
hl_confusion_to_csv (const HlConfusion *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  out = g_string_new ("true\\predicted");
  for (guint k = 0; k < self->n_classes; k++)
    {
      g_string_append_c (out, ',');
      hl_csv_append_field (out, self->class_names[k]);
    }
  g_string_append_c (out, '\n');
  for (guint t = 0; t < self->n_classes; t++)
    {
      hl_csv_append_field (out, self->class_names[t]);
      for (guint p = 0; p < self->n_classes; p++)
        g_string_append_printf (out, ",%" G_GUINT64_FORMAT, self->counts[(gsize) t * self->n_classes + p]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
