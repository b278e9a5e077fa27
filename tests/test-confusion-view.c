/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-confusion-view.c - HlConfusionView under Xvfb: the matrix copied,
 * the readout of the cell under the pointer, the hovered cell outlined,
 * the snapshot drawing the cells. */
#include <math.h>
#include <string.h>
#include <adwaita.h>
#include "hl-confusion-render.h"
#include "hl-confusion-view.h"
#include "hl-plot.h"
#include "hl-ui.h"

static const char *const fashion[] = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                       "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

/* The tops mixed up: 98 of 1000 shirts taken for T-shirts. */
static void
fashion_counts (guint64 counts[100])
{
  for (guint r = 0; r < 10; r++)
    for (guint c = 0; c < 10; c++)
      counts[r * 10 + c] = r == c ? 900 : 100 / 9;
  counts[6 * 10 + 6] = 1000 - 98 - 8 * 11;
  counts[6 * 10 + 0] = 98;
}

static gboolean
wait_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The view in a size × size window, shown and allocated. */
static GtkWidget *
show_view_sized (HlConfusionView *view, int size)
{
  GtkWidget *window = gtk_window_new ();
  gboolean timeout = FALSE;
  guint id;

  gtk_window_set_default_size (GTK_WINDOW (window), size, size);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  id = g_timeout_add (5000, wait_cb, &timeout);
  while (gtk_widget_get_width (GTK_WIDGET (view)) < 300 && !timeout)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timeout);
  g_source_remove (id);
  return window;
}

static GtkWidget *
show_view (HlConfusionView *view)
{
  GtkWidget *window = show_view_sized (view, 360);

  /* the tests map widget points to cells in plot units of text scale 1 */
  g_assert_cmpfloat (hl_plot_widget_text_scale (GTK_WIDGET (view)), ==, 1.0);
  return window;
}

static void
layout_of (HlConfusionView *view, const guint64 *counts, HlConfusionLayout *l)
{
  HlConfusionOptions o;

  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (gtk_widget_get_width (GTK_WIDGET (view)), gtk_widget_get_height (GTK_WIDGET (view)),
                               10, fashion, counts, &o, l);
  g_assert_false (l->empty);
}

/* The arrays are copied: the caller's may go. */
static void
test_copy (void)
{
  g_autoptr(HlConfusionView) view = g_object_ref_sink (HL_CONFUSION_VIEW (hl_confusion_view_new ()));
  guint64 counts[4] = { 8, 2, 1, 9 };
  char a[] = "cat", b[] = "dog";
  const char *names[] = { a, b };
  GtkWidget *window;
  HlConfusionOptions o;
  HlConfusionLayout l;
  g_autofree char *text = NULL;

  hl_confusion_view_set_matrix (view, 2, names, counts);
  g_assert_cmpuint (hl_confusion_view_get_n_classes (view), ==, 2);
  counts[1] = 1000;
  strcpy (a, "xxx");
  window = show_view (view);
  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (gtk_widget_get_width (GTK_WIDGET (view)), gtk_widget_get_height (GTK_WIDGET (view)),
                               2, (const char *const[]) { "cat", "dog" }, (guint64[]) { 8, 2, 1, 9 }, &o, &l);
  text = hl_confusion_view_readout_at (view, l.left + 1.5 * l.cell, l.top + 0.5 * l.cell);
  g_assert_cmpstr (text, ==, "true cat, predicted dog: 2 (20.0\u00a0% of cat)");
  /* cleared: no cells */
  hl_confusion_view_set_matrix (view, 0, NULL, NULL);
  g_assert_cmpuint (hl_confusion_view_get_n_classes (view), ==, 0);
  g_clear_pointer (&text, g_free);
  text = hl_confusion_view_readout_at (view, l.left + 1.5 * l.cell, l.top + 0.5 * l.cell);
  g_assert_null (text);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The readout names the cell under the pointer, and nothing off the grid. */
static void
test_readout (void)
{
  g_autoptr(HlConfusionView) view = g_object_ref_sink (HL_CONFUSION_VIEW (hl_confusion_view_new ()));
  guint64 counts[100];
  GtkWidget *window;
  HlConfusionLayout l;
  g_autofree char *shirt = NULL, *right = NULL, *outside = NULL;

  fashion_counts (counts);
  hl_confusion_view_set_matrix (view, 10, fashion, counts);
  window = show_view (view);
  layout_of (view, counts, &l);
  shirt = hl_confusion_view_readout_at (view, l.left + 0.5 * l.cell, l.top + 6.5 * l.cell);
  g_assert_cmpstr (shirt, ==, "true Shirt, predicted T-shirt/top: 98 (9.8\u00a0% of Shirt)");
  right = hl_confusion_view_readout_at (view, l.left + 6.2 * l.cell, l.top + 6.8 * l.cell);
  g_assert_cmpstr (right, ==, "true Shirt, predicted Shirt: 814 (81.4\u00a0% of Shirt)");
  outside = hl_confusion_view_readout_at (view, l.left - 2, l.top + 6.5 * l.cell);
  g_assert_null (outside);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A CSV's word labels, numbered in byte order (L1, L10, L2), are shown in
 * natural order: the cell under the pointer is read out with the names the
 * axes show there.  A label's line break reads "↵", as the figure draws it. */
static void
test_display_order (void)
{
  g_autoptr(HlConfusionView) view = g_object_ref_sink (HL_CONFUSION_VIEW (hl_confusion_view_new ()));
  const char *const names[] = { "L1", "L10", "L2\nb" };
  const char *const shown[] = { "L1", "L2\nb", "L10" };
  /* row = true class in class order: L1, L10, L2 */
  const guint64 counts[9] = { 5, 1, 2,
                              3, 6, 4,
                              0, 7, 8 };
  const guint64 shown_counts[9] = { 5, 2, 1,
                                    0, 8, 7,
                                    3, 4, 6 };
  GtkWidget *window;
  HlConfusionOptions o;
  HlConfusionLayout l;
  g_autofree char *cell = NULL, *corner = NULL;

  hl_confusion_view_set_matrix (view, 3, names, counts);
  window = show_view (view);
  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (gtk_widget_get_width (GTK_WIDGET (view)), gtk_widget_get_height (GTK_WIDGET (view)),
                               3, shown, shown_counts, &o, &l);
  cell = hl_confusion_view_readout_at (view, l.left + 2.5 * l.cell, l.top + 1.5 * l.cell);
  g_assert_cmpstr (cell, ==, "true L2↵b, predicted L10: 7 (46.7\u00a0% of L2↵b)");
  corner = hl_confusion_view_readout_at (view, l.left + 2.5 * l.cell, l.top + 2.5 * l.cell);
  g_assert_cmpstr (corner, ==, "true L10, predicted L10: 6 (46.2\u00a0% of L10)");
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkEventController *
motion_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (c))
        return GTK_EVENT_CONTROLLER (c);
    }
  g_assert_not_reached ();
}

/* Pixels of the text colour on the cell's edge: its outline. */
static guint
outline_pixels (HlConfusionView *view, const HlConfusionLayout *l, guint row, guint col)
{
  const int w = gtk_widget_get_width (GTK_WIDGET (view)), h = gtk_widget_get_height (GTK_WIDGET (view));
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (img);
  const guint8 *data;
  int stride, x0 = (int) (l->left + col * l->cell), y = (int) (l->top + row * l->cell + 1.5);
  guint n = 0;

  hl_confusion_view_draw (view, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (img);
  data = cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img);
  /* along the cell's top edge: the light theme's text colour, near black */
  for (int x = x0 + 3; x < (int) (x0 + l->cell) - 3; x++)
    {
      guint32 p = ((const guint32 *) (data + y * stride))[x];

      n += ((p >> 16) & 0xff) < 80 && ((p >> 8) & 0xff) < 80 && (p & 0xff) < 80;
    }
  cairo_surface_destroy (img);
  return n;
}

/* Moving over a cell outlines it; leaving takes the outline away. */
static void
test_hover (void)
{
  g_autoptr(HlConfusionView) view = g_object_ref_sink (HL_CONFUSION_VIEW (hl_confusion_view_new ()));
  guint64 counts[100];
  GtkEventController *motion;
  GtkWidget *window;
  HlConfusionLayout l;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  fashion_counts (counts);
  hl_confusion_view_set_matrix (view, 10, fashion, counts);
  window = show_view (view);
  layout_of (view, counts, &l);
  g_assert_cmpuint (outline_pixels (view, &l, 6, 0), ==, 0);
  motion = motion_controller (GTK_WIDGET (view));
  g_signal_emit_by_name (motion, "motion", l.left + 0.5 * l.cell, l.top + 6.5 * l.cell);
  g_assert_cmpuint (outline_pixels (view, &l, 6, 0), >, l.cell / 2);
  g_assert_cmpuint (outline_pixels (view, &l, 5, 0), ==, 0);
  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpuint (outline_pixels (view, &l, 6, 0), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The snapshot draws the cells: the diagonal's blue is on screen. */
static void
test_snapshot (void)
{
  g_autoptr(HlConfusionView) view = g_object_ref_sink (HL_CONFUSION_VIEW (hl_confusion_view_new ()));
  guint64 counts[100];
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  cairo_surface_t *img;
  cairo_t *cr;
  GtkWidget *window;
  HlConfusionLayout l;
  double want[3];
  guint32 p;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  fashion_counts (counts);
  hl_confusion_view_set_matrix (view, 10, fashion, counts);
  window = show_view (view);
  layout_of (view, counts, &l);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (GTK_WIDGET (view)),
                                    gtk_widget_get_height (GTK_WIDGET (view)));
  cr = cairo_create (img);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (img);
  hl_confusion_cell_colour (0.9, TRUE, FALSE, want);
  p = ((const guint32 *) (cairo_image_surface_get_data (img)
                          + (int) (l.top + 2 * l.cell + 3) * cairo_image_surface_get_stride (img)))
      [(int) (l.left + 2 * l.cell + 3)];
  g_assert_cmpint (abs ((int) ((p >> 16) & 0xff) - (int) lround (want[0] * 255)), <=, 3);
  g_assert_cmpint (abs ((int) ((p >> 8) & 0xff) - (int) lround (want[1] * 255)), <=, 3);
  g_assert_cmpint (abs ((int) (p & 0xff) - (int) lround (want[2] * 255)), <=, 3);
  cairo_surface_destroy (img);
  gsk_render_node_unref (node);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Large text (144 dpi): the matrix is drawn larger, names and all, as the
 * plot is, and the pointer still finds its cell. */
static void
test_large_text (void)
{
  g_autoptr(HlConfusionView) view = g_object_ref_sink (HL_CONFUSION_VIEW (hl_confusion_view_new ()));
  GtkCssProvider *provider = gtk_css_provider_new ();
  guint64 counts[100];
  GtkWidget *window;
  HlConfusionOptions o;
  HlConfusionLayout l;
  int natural;
  g_autofree char *text = NULL;

  gtk_css_provider_load_from_data (provider, "* { -gtk-dpi: 144; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  fashion_counts (counts);
  hl_confusion_view_set_matrix (view, 10, fashion, counts);
  window = show_view_sized (view, 540);
  g_assert_cmpfloat (hl_plot_widget_text_scale (GTK_WIDGET (view)), ==, 1.5);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 540);
  /* laid out as a 360 px matrix, drawn 1.5 times as large */
  hl_confusion_options_init (&o);
  hl_confusion_compute_layout (gtk_widget_get_width (GTK_WIDGET (view)) / 1.5,
                               gtk_widget_get_height (GTK_WIDGET (view)) / 1.5, 10, fashion, counts, &o, &l);
  text = hl_confusion_view_readout_at (view, 1.5 * (l.left + 0.5 * l.cell), 1.5 * (l.top + 6.5 * l.cell));
  g_assert_cmpstr (text, ==, "true Shirt, predicted T-shirt/top: 98 (9.8\u00a0% of Shirt)");
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
  g_object_unref (provider);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_accessible (void)
{
  g_autoptr(HlConfusionView) view = g_object_ref_sink (HL_CONFUSION_VIEW (hl_confusion_view_new ()));

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view)), ==, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (view)));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  hl_ui_init ();
  g_test_add_func ("/ui/confusion/copy", test_copy);
  g_test_add_func ("/ui/confusion/readout", test_readout);
  g_test_add_func ("/ui/confusion/display-order", test_display_order);
  g_test_add_func ("/ui/confusion/hover", test_hover);
  g_test_add_func ("/ui/confusion/snapshot", test_snapshot);
  g_test_add_func ("/ui/confusion/large-text", test_large_text);
  g_test_add_func ("/ui/confusion/accessible", test_accessible);
  return g_test_run ();
}
