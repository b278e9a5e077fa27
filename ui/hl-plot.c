/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plot.c - HlPlot: the GTK widget around the cairo renderer.  It owns the
 * curve data, draws in snapshot and turns pointer input into hover, zoom and
 * legend toggles; redraws are only queued when something changed. */
#include <math.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include "hl-plot-private.h"
#include "hl-plot-render-private.h"

#define DRAG_MIN_PX 6.0

G_DEFINE_FINAL_TYPE (HlPlot, hl_plot, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_LOG_Y, PROP_SMOOTHING, PROP_X_AXIS, PROP_DARK, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SERIES_TOGGLED, N_SIGNALS };
static guint signals[N_SIGNALS];

GType
hl_plot_x_axis_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { HL_PLOT_X_STEPS, "HL_PLOT_X_STEPS", "steps" },
    { HL_PLOT_X_EPOCHS, "HL_PLOT_X_EPOCHS", "epochs" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("HlPlotXAxis"),
                                                      values));
  return type;
}

GArray *
hl_plot_doubles_new (const double *v, gsize n)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n);

  if (v != NULL && n > 0)
    g_array_append_vals (a, v, (guint) n);
  return a;
}

void
hl_plot_series_free (gpointer data)
{
  PlotSeries *s = data;

  g_free (s->label);
  g_clear_pointer (&s->steps, g_array_unref);
  g_clear_pointer (&s->epochs, g_array_unref);
  g_clear_pointer (&s->y, g_array_unref);
  g_clear_pointer (&s->lo, g_array_unref);
  g_clear_pointer (&s->hi, g_array_unref);
  g_clear_pointer (&s->sm_y, g_array_unref);
  g_clear_pointer (&s->sm_lo, g_array_unref);
  g_clear_pointer (&s->sm_hi, g_array_unref);
  g_free (s);
}

PlotSeries *
hl_plot_series_at (HlPlot *self, guint index)
{
  g_return_val_if_fail (index < self->series->len, NULL);
  return g_ptr_array_index (self->series, index);
}

void
hl_plot_data_changed (HlPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- render state ----------------------------------------------------- */

static const double *
series_x (HlPlot *self, const PlotSeries *s)
{
  if (self->x_axis == HL_PLOT_X_EPOCHS && s->epochs != NULL)
    return (const double *) s->epochs->data;
  return (const double *) s->steps->data;
}

guint
hl_plot_get_render_state (HlPlot *self, HlPlotOptions *opts, HlPlotSeries **series)
{
  HlPlotSeries *out;

  g_return_val_if_fail (HL_IS_PLOT (self), 0);
  hl_plot_options_init (opts);
  opts->title = self->title;
  /* TRANSLATORS: the x axis of a plot */
  opts->x_label = self->x_axis == HL_PLOT_X_EPOCHS ? C_("axis", "epoch") : C_("axis", "step");
  opts->x_whole = self->x_axis != HL_PLOT_X_EPOCHS;
  opts->y_label = self->y_label ? self->y_label : _("loss");
  opts->y2_label = self->y2_label;
  opts->log_y = self->log_y;
  opts->smoothing = self->smoothing;
  opts->x_min = self->zoom_min;
  opts->x_max = self->zoom_max;
  opts->marker_x = self->x_axis == HL_PLOT_X_EPOCHS ? self->marker_epoch : self->marker_step;
  opts->marker_label = self->marker_label;
  opts->hover_x = self->hover_x;
  opts->dark = self->dark;

  out = g_new0 (HlPlotSeries, MAX (self->series->len, 1));
  for (guint i = 0; i < self->series->len; i++)
    {
      const PlotSeries *s = g_ptr_array_index (self->series, i);
      gboolean band = s->lo && s->hi && s->lo->len == s->y->len && s->hi->len == s->y->len;

      out[i] = (HlPlotSeries) {
        s->label, s->r, s->g, s->b, series_x (self, s), (const double *) s->y->data,
        s->y->len, band ? (const double *) s->lo->data : NULL,
        band ? (const double *) s->hi->data : NULL, s->dashed, s->hidden, s->axis, s->percent };
    }
  *series = out;
  return self->series->len;
}

/* ---- EMA cache ---------------------------------------------------------- */

static GArray *
smooth_whole (GArray *in, double alpha)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (double), in->len);

  g_array_set_size (out, in->len);
  hl_plot_smooth ((const double *) in->data, (double *) out->data, in->len, alpha);
  return out;
}

/* Brings the series' EMA up to date: redraws (up to 60 a second) must not
 * smooth a million points again when nothing changed, and appends only
 * smooth the new points. */
static void
update_smoothed (PlotSeries *s, double alpha)
{
  if (s->sm_y == NULL || s->sm_alpha != alpha || s->sm_version != s->version || s->sm_len > s->y->len)
    {
      g_clear_pointer (&s->sm_y, g_array_unref);
      g_clear_pointer (&s->sm_lo, g_array_unref);
      g_clear_pointer (&s->sm_hi, g_array_unref);
      s->sm_y = g_array_new (FALSE, FALSE, sizeof (double));
      s->sm_len = 0;
      s->sm_acc = NAN;
      s->sm_alpha = alpha;
      s->sm_version = s->version;
      if (s->lo != NULL && s->hi != NULL)
        {
          s->sm_lo = smooth_whole (s->lo, alpha);
          s->sm_hi = smooth_whole (s->hi, alpha);
        }
    }
  if (s->sm_len == s->y->len)
    return;
  g_array_set_size (s->sm_y, s->y->len);
  hl_plot_smooth_from ((const double *) s->y->data, (double *) s->sm_y->data, s->sm_len,
                       s->y->len, alpha, &s->sm_acc);
  s->sm_len = s->y->len;
}

/* Smoothed data for each series of a render state, or NULL when off. */
static HlPlotSmoothed *
smoothed_state (HlPlot *self, const HlPlotSeries *series, guint n)
{
  HlPlotSmoothed *out;

  if (self->smoothing <= 0 || n == 0)
    return NULL;
  out = g_new0 (HlPlotSmoothed, n);
  for (guint i = 0; i < n; i++)
    {
      PlotSeries *s = g_ptr_array_index (self->series, i);

      if (s->hidden)
        continue;
      update_smoothed (s, self->smoothing);
      out[i].y = (const double *) s->sm_y->data;
      if (series[i].band_lo && s->sm_lo && s->sm_hi)
        {
          out[i].band_lo = (const double *) s->sm_lo->data;
          out[i].band_hi = (const double *) s->sm_hi->data;
        }
    }
  return out;
}

double
hl_plot_widget_text_scale (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  double dpi = pango_cairo_context_get_resolution (context);

  return dpi > 0 ? CLAMP (dpi / 96.0, 1.0, 4.0) : 1.0;
}

static void
hl_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  HlPlot *self = HL_PLOT (widget);
  const double s = hl_plot_widget_text_scale (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autofree HlPlotSeries *series = NULL;
  g_autofree HlPlotSmoothed *smoothed = NULL;
  HlPlotOptions opts;
  guint n;
  cairo_t *cr;

  if (w < 2 || h < 2)
    return;
  n = hl_plot_get_render_state (self, &opts, &series);
  smoothed = smoothed_state (self, series, n);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  /* the picture in plot units (see text_scale): at large text, fonts,
   * margins and lines grow with the window's other labels */
  cairo_scale (cr, s, s);
  hl_plot_render_full (cr, w / s, h / s, series, n, smoothed, &opts, &self->layout);
  self->text_scale = s;
  self->layout_valid = TRUE;
  if (self->dragging)
    {
      double x0 = MIN (self->drag_x0, self->drag_x1), x1 = MAX (self->drag_x0, self->drag_x1);

      cairo_rectangle (cr, x0, self->layout.top, x1 - x0, self->layout.bottom - self->layout.top);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.18);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.8);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
hl_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                 int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 560 : 340;
}

/* ---- input ------------------------------------------------------------ */

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, HlPlot *self)
{
  double hx = NAN;

  x /= self->text_scale, y /= self->text_scale;
  if (self->layout_valid && hl_plot_layout_in_plot (&self->layout, x, y))
    hx = hl_plot_layout_pixel_to_x (&self->layout, x);
  hl_plot_set_hover_x (self, hx);
}

static void
on_leave (GtkEventControllerMotion *motion, HlPlot *self)
{
  hl_plot_set_hover_x (self, NAN);
}

static void
on_drag_begin (GtkGestureDrag *drag, double x, double y, HlPlot *self)
{
  x /= self->text_scale, y /= self->text_scale;
  if (!self->layout_valid || !hl_plot_layout_in_plot (&self->layout, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->dragging = TRUE;
  self->drag_x0 = self->drag_x1 = x;
}

static void
on_drag_update (GtkGestureDrag *drag, double dx, double dy, HlPlot *self)
{
  if (!self->dragging)
    return;
  self->drag_x1 = CLAMP (self->drag_x0 + dx / self->text_scale, self->layout.left, self->layout.right);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *drag, double dx, double dy, HlPlot *self)
{
  double a = MIN (self->drag_x0, self->drag_x1), b = MAX (self->drag_x0, self->drag_x1);

  if (!self->dragging)
    return;
  self->dragging = FALSE;
  if (b - a >= DRAG_MIN_PX)
    hl_plot_zoom_x (self, hl_plot_layout_pixel_to_x (&self->layout, a),
                    hl_plot_layout_pixel_to_x (&self->layout, b));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_click (GtkGestureClick *click, int n_press, double x, double y, HlPlot *self)
{
  int hit;

  x /= self->text_scale, y /= self->text_scale;
  if (!self->layout_valid)
    return;
  if (n_press == 2 && hl_plot_layout_in_plot (&self->layout, x, y))
    {
      hl_plot_reset_zoom (self);
      return;
    }
  hit = hl_plot_layout_legend_at (&self->layout, x, y);
  if (n_press == 1 && hit >= 0 && (guint) hit < self->series->len)
    {
      gboolean hidden = !hl_plot_get_series_hidden (self, (guint) hit);

      hl_plot_set_series_hidden (self, (guint) hit, hidden);
      g_signal_emit (self, signals[SERIES_TOGGLED], 0, (guint) hit, hidden);
    }
}

static void
on_dark_changed (HlPlot *self, GParamSpec *pspec, AdwStyleManager *manager)
{
  gboolean dark = adw_style_manager_get_dark (manager);

  if (dark == self->dark)
    return;
  self->dark = dark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

static void
setup_input (HlPlot *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* ---- GObject ---------------------------------------------------------- */

static void
hl_plot_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HlPlot *self = HL_PLOT (object);

  switch (prop_id)
    {
    case PROP_LOG_Y: g_value_set_boolean (value, self->log_y); break;
    case PROP_SMOOTHING: g_value_set_double (value, self->smoothing); break;
    case PROP_X_AXIS: g_value_set_enum (value, self->x_axis); break;
    case PROP_DARK: g_value_set_boolean (value, self->dark); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_plot_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  HlPlot *self = HL_PLOT (object);

  switch (prop_id)
    {
    case PROP_LOG_Y: hl_plot_set_log_y (self, g_value_get_boolean (value)); break;
    case PROP_SMOOTHING: hl_plot_set_smoothing (self, g_value_get_double (value)); break;
    case PROP_X_AXIS: hl_plot_set_x_axis (self, g_value_get_enum (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_plot_finalize (GObject *object)
{
  HlPlot *self = HL_PLOT (object);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->y_label, g_free);
  g_clear_pointer (&self->y2_label, g_free);
  g_clear_pointer (&self->marker_label, g_free);
  G_OBJECT_CLASS (hl_plot_parent_class)->finalize (object);
}

static void
hl_plot_class_init (HlPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = hl_plot_get_property;
  object_class->set_property = hl_plot_set_property;
  object_class->finalize = hl_plot_finalize;
  widget_class->snapshot = hl_plot_snapshot;
  widget_class->measure = hl_plot_measure;

  properties[PROP_LOG_Y] = g_param_spec_boolean ("log-y", NULL, NULL, FALSE, rw);
  properties[PROP_SMOOTHING] = g_param_spec_double ("smoothing", NULL, NULL, 0.0, 0.99, 0.0, rw);
  properties[PROP_X_AXIS] = g_param_spec_enum ("x-axis", NULL, NULL, HL_TYPE_PLOT_X_AXIS,
                                               HL_PLOT_X_STEPS, rw);
  properties[PROP_DARK] = g_param_spec_boolean ("dark", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SERIES_TOGGLED] = g_signal_new ("series-toggled", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "hl-plot");
}

static void
hl_plot_init (HlPlot *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  self->series = g_ptr_array_new_with_free_func (hl_plot_series_free);
  self->marker_step = self->marker_epoch = NAN;
  self->zoom_min = self->zoom_max = NAN;
  self->hover_x = NAN;
  self->text_scale = 1.0;
  self->dark = adw_style_manager_get_dark (manager);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed), self,
                           G_CONNECT_SWAPPED);
  setup_input (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Training curves plot"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Loss and accuracy over training; drag to zoom, "
                                    "double-click to reset, click the legend to hide a curve"),
                                  -1);
}

GtkWidget *
hl_plot_new (void)
{
  return g_object_new (HL_TYPE_PLOT, NULL);
}

/* ---- labels, marker, properties --------------------------------------- */

static void
replace_string (char **slot, const char *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

void
hl_plot_set_title (HlPlot *self, const char *title)
{
  g_return_if_fail (HL_IS_PLOT (self));
  if (g_strcmp0 (self->title, title) == 0)
    return;
  replace_string (&self->title, title);
  hl_plot_data_changed (self);
}

const char *
hl_plot_get_y_label (HlPlot *self)
{
  g_return_val_if_fail (HL_IS_PLOT (self), NULL);
  return self->y_label;
}

void
hl_plot_set_y_labels (HlPlot *self, const char *y_label, const char *y2_label)
{
  g_return_if_fail (HL_IS_PLOT (self));
  replace_string (&self->y_label, y_label);
  replace_string (&self->y2_label, y2_label);
  hl_plot_data_changed (self);
}

void
hl_plot_set_marker (HlPlot *self, double step, double epoch, const char *label)
{
  g_return_if_fail (HL_IS_PLOT (self));
  self->marker_step = step;
  self->marker_epoch = isfinite (epoch) ? epoch : step;
  replace_string (&self->marker_label, isfinite (step) ? label : NULL);
  hl_plot_data_changed (self);
}

gboolean
hl_plot_get_log_y (HlPlot *self)
{
  g_return_val_if_fail (HL_IS_PLOT (self), FALSE);
  return self->log_y;
}

void
hl_plot_set_log_y (HlPlot *self, gboolean log_y)
{
  g_return_if_fail (HL_IS_PLOT (self));
  if (self->log_y == !!log_y)
    return;
  self->log_y = !!log_y;
  hl_plot_data_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_Y]);
}

double
hl_plot_get_smoothing (HlPlot *self)
{
  g_return_val_if_fail (HL_IS_PLOT (self), 0.0);
  return self->smoothing;
}

void
hl_plot_set_smoothing (HlPlot *self, double smoothing)
{
  g_return_if_fail (HL_IS_PLOT (self));
  smoothing = isfinite (smoothing) ? CLAMP (smoothing, 0.0, 0.99) : 0.0;
  if (self->smoothing == smoothing)
    return;
  self->smoothing = smoothing;
  hl_plot_data_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMOOTHING]);
}

HlPlotXAxis
hl_plot_get_x_axis (HlPlot *self)
{
  g_return_val_if_fail (HL_IS_PLOT (self), HL_PLOT_X_STEPS);
  return self->x_axis;
}

void
hl_plot_set_x_axis (HlPlot *self, HlPlotXAxis mode)
{
  g_return_if_fail (HL_IS_PLOT (self));
  g_return_if_fail (mode == HL_PLOT_X_STEPS || mode == HL_PLOT_X_EPOCHS);
  if (self->x_axis == mode)
    return;
  self->x_axis = mode;
  /* A zoom in steps means nothing in epochs. */
  self->zoom_min = self->zoom_max = NAN;
  self->hover_x = NAN;
  hl_plot_data_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_AXIS]);
}

gboolean
hl_plot_get_dark (HlPlot *self)
{
  g_return_val_if_fail (HL_IS_PLOT (self), FALSE);
  return self->dark;
}

/* ---- zoom, hover, export ---------------------------------------------- */

void
hl_plot_zoom_x (HlPlot *self, double x_min, double x_max)
{
  g_return_if_fail (HL_IS_PLOT (self));
  if (!isfinite (x_min) || !isfinite (x_max) || !(x_max > x_min))
    return;
  self->zoom_min = x_min;
  self->zoom_max = x_max;
  hl_plot_data_changed (self);
}

void
hl_plot_reset_zoom (HlPlot *self)
{
  g_return_if_fail (HL_IS_PLOT (self));
  if (isnan (self->zoom_min) && isnan (self->zoom_max))
    return;
  self->zoom_min = self->zoom_max = NAN;
  hl_plot_data_changed (self);
}

gboolean
hl_plot_get_zoom (HlPlot *self, double *x_min, double *x_max)
{
  g_return_val_if_fail (HL_IS_PLOT (self), FALSE);
  if (x_min)
    *x_min = self->zoom_min;
  if (x_max)
    *x_max = self->zoom_max;
  return isfinite (self->zoom_min);
}

void
hl_plot_set_hover_x (HlPlot *self, double x)
{
  g_return_if_fail (HL_IS_PLOT (self));
  if (self->hover_x == x || (isnan (self->hover_x) && isnan (x)))
    return;
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
has_finite_point (const HlPlotSeries *s)
{
  for (gsize i = 0; i < s->n; i++)
    if (isfinite (s->x[i]) && isfinite (s->y[i]))
      return TRUE;
  return FALSE;
}

gboolean
hl_plot_export_file (HlPlot *self, const char *path, double width, double height,
                     double scale, GError **error)
{
  g_autofree HlPlotSeries *series = NULL;
  HlPlotOptions opts;
  guint n, shown = 0;

  g_return_val_if_fail (HL_IS_PLOT (self), FALSE);
  n = hl_plot_get_render_state (self, &opts, &series);
  /* The pointer position is not part of a figure. */
  opts.hover_x = NAN;
  /* A file is printed or put on a page: black on white, whatever the
   * desktop's style (a dark one exported a dark grey figure). */
  opts.dark = FALSE;
  /* A curve switched off in the legend is left out of the figure, its
   * legend entry too: a greyed entry without a line is a toggle on screen,
   * in a paper a run that seems to be missing.  So is a curve without a
   * point (a comparison's "(not measured)" run, kept on screen so colours
   * match the table), as `hyperlab-cli plot` leaves it out. */
  for (guint i = 0; i < n; i++)
    if (!series[i].hidden && has_finite_point (&series[i]))
      series[shown++] = series[i];
  return hl_plot_export (path, width, height, scale, series, shown, &opts, error);
}
