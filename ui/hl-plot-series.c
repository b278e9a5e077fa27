/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot-series.c - HlPlot curve data: series the widget owns, appended
 * live or set whole for the compare view. */
#include <math.h>
#include "hl-plot-private.h"

/* ---- series API ------------------------------------------------------- */

guint
hl_plot_add_series (HlPlot *self, const char *label, double r, double g, double b,
                    gboolean dashed, int axis)
{
  PlotSeries *s;

  g_return_val_if_fail (HL_IS_PLOT (self), 0);
  s = g_new0 (PlotSeries, 1);
  *s = (PlotSeries) { g_strdup (label), r, g, b, dashed, FALSE, axis == 1 ? 1 : 0, FALSE,
                      hl_plot_doubles_new (NULL, 0), hl_plot_doubles_new (NULL, 0), hl_plot_doubles_new (NULL, 0),
                      NULL, NULL };
  g_ptr_array_add (self->series, s);
  hl_plot_data_changed (self);
  return self->series->len - 1;
}

guint
hl_plot_get_n_series (HlPlot *self)
{
  g_return_val_if_fail (HL_IS_PLOT (self), 0);
  return self->series->len;
}

void
hl_plot_clear (HlPlot *self)
{
  g_return_if_fail (HL_IS_PLOT (self));
  g_ptr_array_set_size (self->series, 0);
  hl_plot_set_marker (self, NAN, NAN, NULL);
  hl_plot_data_changed (self);
}

void
hl_plot_append_point (HlPlot *self, guint series, double step, double epoch, double y)
{
  PlotSeries *s;

  g_return_if_fail (HL_IS_PLOT (self));
  s = hl_plot_series_at (self, series);
  if (s == NULL || !isfinite (y))
    return;
  g_array_append_val (s->steps, step);
  if (s->epochs != NULL)
    g_array_append_val (s->epochs, epoch);
  g_array_append_val (s->y, y);
  /* A band no longer matches the data; it is dropped rather than misdrawn. */
  if (s->lo != NULL || s->hi != NULL)
    s->version++;
  g_clear_pointer (&s->lo, g_array_unref);
  g_clear_pointer (&s->hi, g_array_unref);
  hl_plot_data_changed (self);
}

void
hl_plot_set_series_data (HlPlot *self, guint series, const double *steps,
                         const double *epochs, const double *y, gsize n)
{
  PlotSeries *s;

  g_return_if_fail (HL_IS_PLOT (self));
  g_return_if_fail (n == 0 || (steps != NULL && y != NULL));
  s = hl_plot_series_at (self, series);
  if (s == NULL)
    return;
  g_array_unref (s->steps);
  g_clear_pointer (&s->epochs, g_array_unref);
  g_array_unref (s->y);
  s->steps = hl_plot_doubles_new (steps, n);
  s->epochs = epochs ? hl_plot_doubles_new (epochs, n) : NULL;
  s->y = hl_plot_doubles_new (y, n);
  s->version++;
  hl_plot_data_changed (self);
}

void
hl_plot_set_series_band (HlPlot *self, guint series, const double *lo, const double *hi, gsize n)
{
  PlotSeries *s;

  g_return_if_fail (HL_IS_PLOT (self));
  s = hl_plot_series_at (self, series);
  if (s == NULL)
    return;
  g_clear_pointer (&s->lo, g_array_unref);
  g_clear_pointer (&s->hi, g_array_unref);
  if (lo != NULL && hi != NULL)
    {
      s->lo = hl_plot_doubles_new (lo, n);
      s->hi = hl_plot_doubles_new (hi, n);
    }
  s->version++;
  hl_plot_data_changed (self);
}

void
hl_plot_set_series (HlPlot *self, const HlPlotSeries *series, guint n_series)
{
  g_return_if_fail (HL_IS_PLOT (self));
  g_return_if_fail (series != NULL || n_series == 0);
  g_ptr_array_set_size (self->series, 0);
  for (guint i = 0; i < n_series; i++)
    {
      const HlPlotSeries *in = &series[i];
      guint k = hl_plot_add_series (self, in->label, in->r, in->g, in->b, in->dashed, in->axis);

      hl_plot_set_series_data (self, k, in->x, NULL, in->y, in->n);
      hl_plot_set_series_band (self, k, in->band_lo, in->band_hi, in->n);
      hl_plot_series_at (self, k)->hidden = in->hidden;
      hl_plot_series_at (self, k)->percent = in->percent;
    }
  hl_plot_data_changed (self);
}

void
hl_plot_set_series_hidden (HlPlot *self, guint series, gboolean hidden)
{
  PlotSeries *s;

  g_return_if_fail (HL_IS_PLOT (self));
  s = hl_plot_series_at (self, series);
  if (s == NULL || s->hidden == !!hidden)
    return;
  s->hidden = !!hidden;
  hl_plot_data_changed (self);
}

gboolean
hl_plot_get_series_hidden (HlPlot *self, guint series)
{
  PlotSeries *s;

  g_return_val_if_fail (HL_IS_PLOT (self), FALSE);
  s = hl_plot_series_at (self, series);
  return s != NULL && s->hidden;
}

gsize
hl_plot_get_series_len (HlPlot *self, guint series)
{
  PlotSeries *s;

  g_return_val_if_fail (HL_IS_PLOT (self), 0);
  s = hl_plot_series_at (self, series);
  return s != NULL ? s->y->len : 0;
}
