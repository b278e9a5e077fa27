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
  g_autoptr(HlConfusion) shown = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  shown = hl_confusion_dup_display (self);
  out = g_string_new ("true\\predicted");
  for (guint k = 0; k < shown->n_classes; k++)
    {
      g_string_append_c (out, ',');
      hl_csv_append_field (out, shown->class_names[k]);
    }
  g_string_append_c (out, '\n');
  for (guint t = 0; t < shown->n_classes; t++)
    {
      hl_csv_append_field (out, shown->class_names[t]);
      for (guint p = 0; p < shown->n_classes; p++)
        g_string_append_printf (out, ",%" G_GUINT64_FORMAT, shown->counts[(gsize) t * shown->n_classes + p]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---- display order --------------------------------------------------------- */

int
hl_confusion_name_compare (const char *a, const char *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);
  while (*a && *b)
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *ea, *eb;
          gsize la, lb;
          int d;

          /* by value: leading zeros off, then the longer run is larger */
          while (*a == '0')
            a++;
          while (*b == '0')
            b++;
          for (ea = a; g_ascii_isdigit (*ea); ea++)
            ;
          for (eb = b; g_ascii_isdigit (*eb); eb++)
            ;
          la = (gsize) (ea - a);
          lb = (gsize) (eb - b);
          if (la != lb)
            return la < lb ? -1 : 1;
          if ((d = memcmp (a, b, la)) != 0)
            return d < 0 ? -1 : 1;
          a = ea;
          b = eb;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }
  return *a ? 1 : *b ? -1 : 0;
}

static gint
compare_shown (gconstpointer a, gconstpointer b, gpointer data)
{
  const char *const *names = data;
  const char *x = names[*(const guint *) a], *y = names[*(const guint *) b];
  int d = hl_confusion_name_compare (x, y);

  return d != 0 ? d : strcmp (x, y);
}

/* A number as a CSV's labels may write it: "2", "-0.5", "3,5". */
static gboolean
is_number (const char *name)
{
  g_autofree char *dotted = g_strdelimit (g_strdup (name), ",", '.');
  char *end;
  double v;

  if (*dotted == '\0' || g_ascii_isspace (*dotted))
    return FALSE;
  v = g_ascii_strtod (dotted, &end);
  return *end == '\0' && isfinite (v);
}

guint *
hl_confusion_display_order (guint n, const char *const *names)
{
  guint *order = g_new (guint, MAX (n, 1));
  gboolean numbers = TRUE;

  for (guint i = 0; i < n; i++)
    order[i] = i;
  if (names == NULL)
    return order;
  for (guint i = 0; i < n; i++)
    {
      if (names[i] == NULL || (i > 0 && strcmp (names[i - 1], names[i]) >= 0))
        return order;   /* an order of the data's own (Fashion-MNIST's), or a numeric one */
      numbers = numbers && is_number (names[i]);
    }
  if (!numbers)
    g_qsort_with_data (order, (gint) n, sizeof *order, compare_shown, (gpointer) names);
  return order;
}

HlConfusion *
hl_confusion_dup_display (const HlConfusion *self)
{
  g_autofree guint *order = NULL;
  HlConfusion *c;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  n = self->n_classes;
  order = hl_confusion_display_order (n, (const char *const *) self->class_names);
  c = hl_confusion_copy (self);
  for (guint i = 0; i < n; i++)
    {
      g_free (c->class_names[i]);
      c->class_names[i] = g_strdup (self->class_names[order[i]]);
      for (guint j = 0; j < n; j++)
        c->counts[(gsize) i * n + j] = self->counts[(gsize) order[i] * n + order[j]];
    }
  return c;
}
