/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-training-view-group.c - seed replicates in the live plot: while a group
 * trains, its finished members are drawn as the mean of each metric with a
 * min-max band behind the live run; when the group is done, only the means
 * and bands stay shown (the legend brings the last run back). */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-group-curve.h"
#include "hl-training-view-private.h"

static const struct {
  const char *metric;
  gboolean    dashed;
  int         axis;
} group_metrics[] = {
  { "train_loss",   FALSE, 0 },
  { "val_loss",     TRUE, 0 },
  { "val_accuracy", FALSE, 1 },
};

static char *
group_label (guint metric, const HlGroupCurve *c)
{
  g_autofree char *coverage = hl_group_curve_describe (c);

  switch (metric)
    {
    /* TRANSLATORS: %s is "mean of 3 seeds" or "mean of 2 seeds to step 203, then 1" */
    case 0:  return g_strdup_printf (_("Training loss, %s"), coverage);
    case 1:  return g_strdup_printf (_("Validation loss, %s"), coverage);
    default: return g_strdup_printf (_("Validation accuracy, %s"), coverage);
    }
}

/* The group's curves go after the live run's three series. */
static void
add_group_series (HlTrainingView *self)
{
  if (self->group_runs == NULL || self->group_runs->len == 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (group_metrics); i++)
    {
      g_autoptr (HlGroupCurve) c = hl_group_curve_new (self->group_runs, group_metrics[i].metric);
      g_autofree char *label = NULL;
      guint n = hl_group_curve_len (c), index;
      double r, g, b;

      if (n == 0)
        continue;
      label = group_label (i, c);
      hl_plot_palette (i, &r, &g, &b);
      index = hl_plot_add_series (self->plot, label, r, g, b, group_metrics[i].dashed, group_metrics[i].axis);
      hl_plot_set_series_data (self->plot, index, (const double *) c->step->data,
                               (const double *) c->epoch->data, (const double *) c->mean->data, n);
      hl_plot_set_series_band (self->plot, index, (const double *) c->lo->data,
                               (const double *) c->hi->data, n);
    }
}

/* Called when a run starts: a run outside any group forgets the last group. */
void
hl_training_view_group_started (HlTrainingView *self)
{
  if (self->group == NULL)
    g_clear_pointer (&self->group_runs, g_ptr_array_unref);
  add_group_series (self);
}

/* The live series again, from the finished run (the plot skips the points
 * without a measurement, as when they arrived one by one). */
static void
replot_run (HlTrainingView *self, const HlRun *run)
{
  const HlMetrics *m = &run->metrics;

  for (guint i = 0; i < hl_metrics_len (m); i++)
    {
      double step = (double) g_array_index (m->step, guint64, i);
      double epoch = g_array_index (m->epoch, double, i);

      hl_training_view_append (self, step, epoch, g_array_index (m->train_loss, double, i),
                               g_array_index (m->val_loss, double, i),
                               g_array_index (m->val_accuracy, double, i));
    }
}

/* A member of the current group finished: it joins the mean and band. */
void
hl_training_view_group_finished (HlTrainingView *self, const HlRun *run)
{
  if (self->group == NULL || g_strcmp0 (run->group, self->group) != 0)
    return;
  if (self->group_runs == NULL)
    self->group_runs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_free);
  g_ptr_array_add (self->group_runs, hl_run_copy (run));
  hl_training_view_reset_plot (self);
  replot_run (self, run);
  add_group_series (self);
}

/* The group is over: show it as means and bands only. */
void
hl_training_view_group_done (HlTrainingView *self)
{
  if (self->group_runs == NULL || self->group_runs->len < 2 || self->running)
    return;
  for (guint i = SERIES_TRAIN; i < self->n_live; i++)
    hl_plot_set_series_hidden (self->plot, i, TRUE);
}

guint
hl_training_view_get_group_size (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), 0);
  return self->group_runs ? self->group_runs->len : 0;
}
