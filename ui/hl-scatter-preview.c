/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-scatter-preview.c - scatter plot of 2-D data with an optional decision
 * boundary, drawn with cairo in snapshot. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include "hl-scatter-preview.h"

struct _HlScatterPreview
{
  GtkWidget        parent_instance;

  /* owned */
  float           *xy;          /* n × 2 */
  guint32         *labels;      /* n, or NULL */
  guint            n;
  guint            n_classes;
  double           x0, x1, y0, y1;   /* view extent */
  cairo_surface_t *boundary;    /* grid × grid image, or NULL */
  gboolean         graph;       /* (x, target): axes scaled apart */
  float           *curve;       /* n_curve fitted values, or NULL */
  guint            n_curve;
  double           curve_x0, curve_x1;
  /* The points drawn once and reused while nothing they depend on changes:
   * the boundary is redrawn several times a second while training. */
  cairo_surface_t *points_cache;
  double           cache_key[8];  /* w, h, scale, dark, x0, x1, y0, y1 */
};

G_DEFINE_FINAL_TYPE (HlScatterPreview, hl_scatter_preview, GTK_TYPE_WIDGET)

/* Okabe-Ito's eight, then two of Paul Tol's (olive; indigo lightened to
 * show on a dark card) so that the form's largest toy set, 10 classes, has
 * a colour per class: classes 8 and 9 of ten Gaussian blobs were blue and
 * vermillion again, two neighbouring blobs (and their regions of the
 * decision boundary) in one colour (found by a GUI QA pass). */
static const double palette[][3] = {
  { 0.000, 0.447, 0.698 },   /* blue */
  { 0.835, 0.369, 0.000 },   /* vermillion */
  { 0.000, 0.620, 0.451 },   /* bluish green */
  { 0.800, 0.475, 0.655 },   /* reddish purple */
  { 0.902, 0.624, 0.000 },   /* orange */
  { 0.337, 0.706, 0.914 },   /* sky blue */
  { 0.941, 0.894, 0.259 },   /* yellow */
  { 0.400, 0.400, 0.400 },   /* grey */
  { 0.600, 0.600, 0.200 },   /* olive */
  { 0.416, 0.353, 0.804 },   /* indigo */
};

void
hl_scatter_class_color (guint index, double *r, double *g, double *b)
{
  const double *c = palette[index % G_N_ELEMENTS (palette)];

  *r = c[0];
  *g = c[1];
  *b = c[2];
}

static void
data_extent (HlScatterPreview *self)
{
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;

  for (guint i = 0; i < self->n; i++)
    {
      x0 = MIN (x0, self->xy[2 * i]);
      x1 = MAX (x1, self->xy[2 * i]);
      y0 = MIN (y0, self->xy[2 * i + 1]);
      y1 = MAX (y1, self->xy[2 * i + 1]);
    }
  if (!(x1 > x0))
    x0 -= 1, x1 += 1;
  if (!(y1 > y0))
    y0 -= 1, y1 += 1;
  /* a margin so points on the edge are fully visible */
  self->x0 = x0 - 0.05 * (x1 - x0);
  self->x1 = x1 + 0.05 * (x1 - x0);
  self->y0 = y0 - 0.05 * (y1 - y0);
  self->y1 = y1 + 0.05 * (y1 - y0);
}

/* Equal scales on both axes, centred: a circle stays round.  A graph fills
 * the widget. */
static void
fit_view (HlScatterPreview *self, double *w, double *h, cairo_t *cr)
{
  double sx = *w / (self->x1 - self->x0), sy = *h / (self->y1 - self->y0);

  if (self->graph)
    return;
  double s = MIN (sx, sy);
  double vw = s * (self->x1 - self->x0), vh = s * (self->y1 - self->y0);

  cairo_translate (cr, (*w - vw) / 2, (*h - vh) / 2);
  *w = vw;
  *h = vh;
}

static void
draw_boundary (HlScatterPreview *self, cairo_t *cr, double w, double h)
{
  int gw = cairo_image_surface_get_width (self->boundary);
  int gh = cairo_image_surface_get_height (self->boundary);

  cairo_save (cr);
  cairo_scale (cr, w / gw, h / gh);
  cairo_set_source_surface (cr, self->boundary, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* The fitted curve, clipped to the view; a non-finite value breaks it. */
static void
draw_curve (HlScatterPreview *self, cairo_t *cr, double w, double h, gboolean dark)
{
  gboolean pen_down = FALSE;
  double r, g, b;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  cairo_new_path (cr);
  for (guint i = 0; i < self->n_curve; i++)
    {
      double x = self->curve_x0 + (self->curve_x1 - self->curve_x0) * (i + 0.5) / self->n_curve;
      double px = (x - self->x0) / (self->x1 - self->x0) * w;
      double py = h - (self->curve[i] - self->y0) / (self->y1 - self->y0) * h;

      if (!isfinite (self->curve[i]))
        {
          pen_down = FALSE;
          continue;
        }
      /* far outside the view: cairo's fixed point would wrap */
      py = CLAMP (py, -10 * h, 11 * h);
      if (pen_down)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      pen_down = TRUE;
    }
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* a halo keeps the line readable over the points */
  cairo_set_line_width (cr, 4.5);
  if (dark)
    cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_stroke_preserve (cr);
  hl_scatter_class_color (1, &r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_points (HlScatterPreview *self, cairo_t *cr, double w, double h, gboolean dark)
{
  double radius = self->n > 1500 ? 1.6 : self->n > 400 ? 2.2 : 3.0;

  cairo_set_line_width (cr, 0.8);
  for (guint i = 0; i < self->n; i++)
    {
      double px = (self->xy[2 * i] - self->x0) / (self->x1 - self->x0) * w;
      double py = h - (self->xy[2 * i + 1] - self->y0) / (self->y1 - self->y0) * h;
      double r, g, b;

      hl_scatter_class_color (self->labels ? self->labels[i] : 0, &r, &g, &b);
      cairo_new_path (cr);
      cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_fill_preserve (cr);
      if (dark)
        cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_stroke (cr);
    }
}

/* The points layer at widget size, redrawn only when its key changed. */
static cairo_surface_t *
points_layer (HlScatterPreview *self, double w, double h, int scale, gboolean dark)
{
  const double key[8] = { w, h, scale, dark, self->x0, self->x1, self->y0, self->y1 };
  cairo_t *cr;

  if (self->points_cache != NULL && memcmp (key, self->cache_key, sizeof key) == 0)
    return self->points_cache;
  g_clear_pointer (&self->points_cache, cairo_surface_destroy);
  self->points_cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (w * scale),
                                                   (int) ceil (h * scale));
  cairo_surface_set_device_scale (self->points_cache, scale, scale);
  cr = cairo_create (self->points_cache);
  fit_view (self, &w, &h, cr);
  draw_points (self, cr, w, h, dark);
  cairo_destroy (cr);
  memcpy (self->cache_key, key, sizeof key);
  return self->points_cache;
}

static void
hl_scatter_preview_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  HlScatterPreview *self = HL_SCATTER_PREVIEW (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  cairo_surface_t *points;
  cairo_t *cr;

  if (w <= 0 || h <= 0 || (self->n == 0 && self->boundary == NULL))
    return;
  points = points_layer (self, w, h, gtk_widget_get_scale_factor (widget), dark);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_save (cr);
  fit_view (self, &w, &h, cr);
  if (self->boundary != NULL)
    draw_boundary (self, cr, w, h);
  cairo_restore (cr);
  cairo_set_source_surface (cr, points, 0, 0);
  cairo_paint (cr);
  if (self->curve != NULL)
    {
      w = gtk_widget_get_width (widget);
      h = gtk_widget_get_height (widget);
      fit_view (self, &w, &h, cr);
      draw_curve (self, cr, w, h, dark);
    }
  cairo_destroy (cr);
}

static void
hl_scatter_preview_finalize (GObject *object)
{
  HlScatterPreview *self = HL_SCATTER_PREVIEW (object);

  g_clear_pointer (&self->xy, g_free);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->boundary, cairo_surface_destroy);
  g_clear_pointer (&self->points_cache, cairo_surface_destroy);
  g_clear_pointer (&self->curve, g_free);
  G_OBJECT_CLASS (hl_scatter_preview_parent_class)->finalize (object);
}

static void
hl_scatter_preview_class_init (HlScatterPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hl_scatter_preview_finalize;
  widget_class->snapshot = hl_scatter_preview_snapshot;
  gtk_widget_class_set_css_name (widget_class, "scatterpreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hl_scatter_preview_init (HlScatterPreview *self)
{
  self->x0 = self->y0 = -1;
  self->x1 = self->y1 = 1;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
hl_scatter_preview_new (void)
{
  return g_object_new (HL_TYPE_SCATTER_PREVIEW, NULL);
}

void
hl_scatter_preview_set_points (HlScatterPreview *self, const float *xy,
                               const guint32 *labels, guint n, guint n_classes)
{
  g_return_if_fail (HL_IS_SCATTER_PREVIEW (self));
  g_clear_pointer (&self->xy, g_free);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->points_cache, cairo_surface_destroy);
  self->n = xy ? n : 0;
  self->n_classes = n_classes;
  if (self->n > 0)
    {
      self->xy = g_memdup2 (xy, sizeof (float) * 2 * n);
      self->labels = labels ? g_memdup2 (labels, sizeof (guint32) * n) : NULL;
      if (self->boundary == NULL)
        data_extent (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static guint32
cell_colour (guint8 cls)
{
  double r, g, b, a = 0.30;

  if (cls == 255)
    return 0;   /* no prediction (diverged model): transparent */
  hl_scatter_class_color (cls, &r, &g, &b);
  /* premultiplied ARGB */
  return ((guint32) (a * 255) << 24) | ((guint32) (r * a * 255) << 16)
         | ((guint32) (g * a * 255) << 8) | (guint32) (b * a * 255);
}

void
hl_scatter_preview_set_boundary (HlScatterPreview *self, const guint8 *cells, guint res,
                                 double x0, double x1, double y0, double y1)
{
  guint32 *pixels;
  int stride;

  g_return_if_fail (HL_IS_SCATTER_PREVIEW (self));
  g_clear_pointer (&self->boundary, cairo_surface_destroy);
  if (cells == NULL || res == 0)
    {
      if (self->n > 0)
        data_extent (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->boundary = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) res, (int) res);
  stride = cairo_image_surface_get_stride (self->boundary) / 4;
  cairo_surface_flush (self->boundary);
  pixels = (guint32 *) cairo_image_surface_get_data (self->boundary);
  for (guint j = 0; j < res; j++)          /* j: grid row from the bottom */
    for (guint i = 0; i < res; i++)
      pixels[(res - 1 - j) * stride + i] = cell_colour (cells[(gsize) j * res + i]);
  cairo_surface_mark_dirty (self->boundary);
  self->x0 = x0, self->x1 = x1, self->y0 = y0, self->y1 = y1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hl_scatter_preview_set_graph (HlScatterPreview *self, gboolean graph)
{
  g_return_if_fail (HL_IS_SCATTER_PREVIEW (self));
  self->graph = graph;
  g_clear_pointer (&self->points_cache, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hl_scatter_preview_set_curve (HlScatterPreview *self, const float *y, guint n,
                              double x0, double x1)
{
  g_return_if_fail (HL_IS_SCATTER_PREVIEW (self));
  g_clear_pointer (&self->curve, g_free);
  self->n_curve = y != NULL ? n : 0;
  if (self->n_curve > 0)
    {
      self->curve = g_memdup2 (y, (gsize) n * sizeof (float));
      self->curve_x0 = x0;
      self->curve_x1 = x1;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
hl_scatter_preview_has_curve (HlScatterPreview *self)
{
  g_return_val_if_fail (HL_IS_SCATTER_PREVIEW (self), FALSE);
  return self->curve != NULL;
}

void
hl_scatter_preview_copy_points (HlScatterPreview *self, HlScatterPreview *from)
{
  g_return_if_fail (HL_IS_SCATTER_PREVIEW (self) && HL_IS_SCATTER_PREVIEW (from));
  hl_scatter_preview_set_graph (self, from->graph);
  hl_scatter_preview_set_points (self, from->xy, from->labels, from->n, from->n_classes);
}

void
hl_scatter_preview_clear (HlScatterPreview *self)
{
  g_return_if_fail (HL_IS_SCATTER_PREVIEW (self));
  hl_scatter_preview_set_curve (self, NULL, 0, 0, 0);
  hl_scatter_preview_set_boundary (self, NULL, 0, 0, 0, 0, 0);
  hl_scatter_preview_set_points (self, NULL, NULL, 0, 0);
  hl_scatter_preview_set_graph (self, FALSE);
}

guint
hl_scatter_preview_get_n_points (HlScatterPreview *self)
{
  g_return_val_if_fail (HL_IS_SCATTER_PREVIEW (self), 0);
  return self->n;
}

gboolean
hl_scatter_preview_has_boundary (HlScatterPreview *self)
{
  g_return_val_if_fail (HL_IS_SCATTER_PREVIEW (self), FALSE);
  return self->boundary != NULL;
}
