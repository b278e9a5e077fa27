/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find-plot.c - the range test's curve through the cairo renderer
 * (log x), growing point by point while the test runs, its two rates
 * marked on top in the renderer's layout once it ends. */
#include <math.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include "hl-format.h"
#include "hl-plot.h"
#include "hl-plot-render-private.h"
#include "hl-lr-find-plot.h"

#define STEEPEST_COLOUR 2   /* palette: bluish green */
#define LOWEST_COLOUR   1   /* vermillion */

struct _HlLrFindPlot
{
  GtkWidget parent_instance;

  /* owned */
  GArray  *lr;          /* double: every point, drawn or not */
  GArray  *smoothed;    /* double */
  guint    n_drawn;     /* the first n_drawn points are drawn */
  gboolean stale;       /* points came since n_drawn was worked out */
  double   min_loss;    /* lowest finite smoothed loss; INFINITY: none */
  double   x_from, x_to;   /* the x axis while a test runs; NAN: the data's */
  double   steepest_lr, steepest_loss;   /* NAN: none */
  double   lowest_lr, lowest_loss;
  double   hover_x;     /* NAN: none */
  gboolean dark;
};

static guint n_drawn (HlLrFindPlot *self);

G_DEFINE_FINAL_TYPE (HlLrFindPlot, hl_lr_find_plot, GTK_TYPE_WIDGET)

static void
options (HlLrFindPlot *self, HlPlotOptions *opts)
{
  hl_plot_options_init (opts);
  opts->x_label = _("learning rate");
  opts->x_whole = FALSE;
  opts->log_x = TRUE;
  opts->y_label = _("smoothed loss");
  opts->show_legend = FALSE;
  opts->hover_x = self->hover_x;
  opts->dark = self->dark;
  opts->x_min = self->x_from;
  opts->x_max = self->x_to;
}

static HlPlotSeries
series (HlLrFindPlot *self)
{
  HlPlotSeries s = { .label = _("smoothed loss"), .x = (const double *) self->lr->data,
                     .y = (const double *) self->smoothed->data, .n = n_drawn (self) };

  hl_plot_palette (0, &s.r, &s.g, &s.b);
  return s;
}

/* A rate's marker: a dashed line, a dot on the curve and the rate written
 * beside the line in a row of its own at the top (the two rates were
 * written over each other where they lie close), on the side `right` says
 * unless that leaves the plot. */
static void
draw_marker (cairo_t *cr, const HlPlotGeom *g, guint colour, double lr, double loss,
             const char *text, guint row, gboolean right)
{
  static const double dash[] = { 5, 4 };
  const HlPlotLayout *l = &g->l;
  const double line_h = HL_PLOT_FONT_TICK + 6, ty = l->top + 4 + row * line_h;
  double r, gr, b, x, y, w, tx;
  cairo_text_extents_t e;

  x = hl_plot_layout_x_to_pixel (l, lr);
  y = hl_plot_layout_y_to_pixel (l, 0, loss);
  if (!isfinite (x) || !isfinite (y))
    return;
  hl_plot_palette (colour, &r, &gr, &b);
  cairo_save (cr);
  cairo_set_source_rgb (cr, r, gr, b);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, 2, 0);
  /* inside the plot, where the axis would hide one at its edge */
  x = CLAMP (round (x) + 0.5, l->left + 1.5, l->right - 1.5);
  cairo_move_to (cr, x, l->top);
  cairo_line_to (cr, x, l->bottom);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
  cairo_fill (cr);
  hl_plot_set_font (cr, HL_PLOT_FONT_TICK, TRUE);
  cairo_text_extents (cr, text, &e);
  w = e.x_advance;
  if (right ? x + 6 + w > l->right : x - 6 - w < l->left)
    right = !right;
  tx = right ? x + 6 : x - 6 - w;
  hl_plot_set_rgb (cr, g->theme.bg, 0.85);
  cairo_rectangle (cr, tx - 2, ty, w + 4, line_h - 2);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, r, gr, b);
  cairo_move_to (cr, tx, ty + HL_PLOT_FONT_TICK + 1);
  cairo_show_text (cr, text);
  cairo_restore (cr);
}

/* The curve, the markers over it, and the hover readout over both. */
void
hl_lr_find_plot_draw (HlLrFindPlot *self, cairo_t *cr, double width, double height)
{
  g_autofree HlPlotGeom *g = g_new (HlPlotGeom, 1);
  HlPlotOptions opts;
  HlPlotSeries s;

  g_return_if_fail (HL_IS_LR_FIND_PLOT (self));
  options (self, &opts);
  opts.hover_x = NAN;
  s = series (self);
  hl_plot_render (cr, width, height, &s, s.n > 0 ? 1 : 0, &opts);
  if (s.n == 0)
    return;
  opts.hover_x = self->hover_x;
  hl_plot_geom_compute (g, width, height, &s, 1, &opts);
  if (isfinite (self->steepest_lr))
    {
      g_autofree char *lr = hl_format_rate (self->steepest_lr);
      g_autofree char *text = g_strdup_printf (_("steepest %s"), lr);
      draw_marker (cr, g, STEEPEST_COLOUR, self->steepest_lr, self->steepest_loss, text, 0, FALSE);
    }
  if (isfinite (self->lowest_lr))
    {
      g_autofree char *lr = hl_format_rate (self->lowest_lr);
      g_autofree char *text = g_strdup_printf (_("lowest %s"), lr);
      draw_marker (cr, g, LOWEST_COLOUR, self->lowest_lr, self->lowest_loss, text, 1, TRUE);
    }
  hl_plot_draw_hover (cr, g, &s, 1, NULL, &opts);
}

static void
hl_lr_find_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  const double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  const double scale = hl_plot_widget_text_scale (widget);
  cairo_t *cr;

  if (w < 1 || h < 1)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  /* in plot units, larger with large text, like HlPlot */
  cairo_scale (cr, scale, scale);
  hl_lr_find_plot_draw (HL_LR_FIND_PLOT (widget), cr, w / scale, h / scale);
  cairo_destroy (cr);
}

/* ---- data ------------------------------------------------------------------ */

/* Past its minimum the curve stops a quarter of its fall above its highest
 * point before: the blow-up at the end (4× the minimum, or a smoothed loss
 * of 1e6) squashed the fall, where the rates are read, flat against the
 * axis.  A curve still growing is cut the same way at its lowest so far. */
static guint
drawn_points (const double *s, guint n, double min_loss)
{
  double high = -INFINITY, cap;
  guint i = 0;

  for (; i < n && s[i] != min_loss; i++)
    if (isfinite (s[i]))
      high = MAX (high, s[i]);
  cap = isfinite (high) ? high + 0.25 * (high - min_loss) : INFINITY;
  for (; i < n; i++)
    if (!isfinite (s[i]) || s[i] > cap)
      return i;
  return n;
}

static guint
n_drawn (HlLrFindPlot *self)
{
  if (self->stale)
    {
      self->n_drawn = drawn_points ((const double *) self->smoothed->data, self->smoothed->len, self->min_loss);
      self->stale = FALSE;
    }
  return self->n_drawn;
}

static double
loss_at (const HlLrFindResult *r, double lr)
{
  for (guint i = 0; i < r->lr->len; i++)
    if (g_array_index (r->lr, double, i) == lr)
      return g_array_index (r->smoothed, double, i);
  return NAN;
}

static void
clear (HlLrFindPlot *self)
{
  g_array_set_size (self->lr, 0);
  g_array_set_size (self->smoothed, 0);
  self->n_drawn = 0;
  self->stale = FALSE;
  self->min_loss = INFINITY;
  self->steepest_lr = self->lowest_lr = NAN;
  self->hover_x = NAN;
}

void
hl_lr_find_plot_set_result (HlLrFindPlot *self, const HlLrFindResult *result)
{
  g_return_if_fail (HL_IS_LR_FIND_PLOT (self));
  clear (self);
  self->x_from = self->x_to = NAN;
  if (result != NULL)
    {
      g_array_append_vals (self->lr, result->lr->data, result->lr->len);
      g_array_append_vals (self->smoothed, result->smoothed->data, result->smoothed->len);
      self->min_loss = result->min_loss;
      self->stale = TRUE;
      self->steepest_lr = result->steepest_lr;
      self->steepest_loss = loss_at (result, result->steepest_lr);
      self->lowest_lr = result->min_loss_lr;
      self->lowest_loss = result->min_loss;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hl_lr_find_plot_start (HlLrFindPlot *self, double lr_from, double lr_to)
{
  g_return_if_fail (HL_IS_LR_FIND_PLOT (self));
  clear (self);
  self->x_from = lr_from;
  self->x_to = lr_to;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hl_lr_find_plot_append (HlLrFindPlot *self, double lr, double smoothed)
{
  g_return_if_fail (HL_IS_LR_FIND_PLOT (self));
  g_array_append_val (self->lr, lr);
  g_array_append_val (self->smoothed, smoothed);
  if (isfinite (smoothed) && smoothed < self->min_loss)
    self->min_loss = smoothed;
  self->stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
hl_lr_find_plot_get_n_points (HlLrFindPlot *self)
{
  g_return_val_if_fail (HL_IS_LR_FIND_PLOT (self), 0);
  return self->lr->len;
}

guint
hl_lr_find_plot_get_n_drawn (HlLrFindPlot *self)
{
  g_return_val_if_fail (HL_IS_LR_FIND_PLOT (self), 0);
  return n_drawn (self);
}

/* ---- input ----------------------------------------------------------------- */

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, HlLrFindPlot *self)
{
  HlPlotOptions opts;
  HlPlotSeries s = series (self);
  HlPlotLayout layout;
  const double scale = hl_plot_widget_text_scale (GTK_WIDGET (self));

  if (s.n == 0)
    return;
  options (self, &opts);
  x /= scale, y /= scale;
  hl_plot_compute_layout (gtk_widget_get_width (GTK_WIDGET (self)) / scale,
                          gtk_widget_get_height (GTK_WIDGET (self)) / scale, &s, 1, &opts, &layout);
  self->hover_x = hl_plot_layout_in_plot (&layout, x, y) ? hl_plot_layout_pixel_to_x (&layout, x) : NAN;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (HlLrFindPlot *self)
{
  self->hover_x = NAN;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_dark_changed (HlLrFindPlot *self, GParamSpec *pspec, AdwStyleManager *manager)
{
  self->dark = adw_style_manager_get_dark (manager);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The height request (from the dialog's .ui) is in plot units: with large
 * text the plot draws larger (hl_plot_widget_text_scale) and asks for as
 * much more height, else its y label was cut to "geglätteter Verl…". */
static void
hl_lr_find_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  int request = -1;

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_VERTICAL)
    gtk_widget_get_size_request (widget, NULL, &request);
  if (request > 0)
    *minimum = *natural = (int) ceil (request * hl_plot_widget_text_scale (widget));
}

/* ---- GObject ------------------------------------------------------------- */

static void
hl_lr_find_plot_finalize (GObject *object)
{
  HlLrFindPlot *self = HL_LR_FIND_PLOT (object);

  g_clear_pointer (&self->lr, g_array_unref);
  g_clear_pointer (&self->smoothed, g_array_unref);
  G_OBJECT_CLASS (hl_lr_find_plot_parent_class)->finalize (object);
}

static void
hl_lr_find_plot_class_init (HlLrFindPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hl_lr_find_plot_finalize;
  widget_class->snapshot = hl_lr_find_plot_snapshot;
  widget_class->measure = hl_lr_find_plot_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "hl-plot");
}

static void
hl_lr_find_plot_init (HlLrFindPlot *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->lr = g_array_new (FALSE, FALSE, sizeof (double));
  self->smoothed = g_array_new (FALSE, FALSE, sizeof (double));
  self->steepest_lr = self->lowest_lr = self->hover_x = NAN;
  self->x_from = self->x_to = NAN;
  self->min_loss = INFINITY;
  self->dark = adw_style_manager_get_dark (manager);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loss against the learning rate"), -1);
}

GtkWidget *
hl_lr_find_plot_new (void)
{
  return g_object_new (HL_TYPE_LR_FIND_PLOT, NULL);
}
