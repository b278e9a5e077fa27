/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-confusion-grid.c - HlConfusionGrid under Xvfb: a matrix per run that
 * has one, a card saying why for a run that has none, one message when no
 * run has one, names and swatch colours as given, the flow reflowing with
 * the width, its words in German.  HL_CONFUSION_GRID_PNG=DIR writes the
 * widget at 1000 × 600 with 3 and 6 runs, light and dark, and the message,
 * in English and German, to DIR, to look at. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include "hl-confusion-grid.h"
#include "hl-confusion-view.h"
#include "hl-plot.h"
#include "hl-ui.h"
#include "test-german.h"

static const char *const fashion[] = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                       "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

/* A finished classification run on kind with an n-class matrix, right
 * about right of the time, or (n 0) a run of kind with status and no matrix. */
static HlRun *
make_run (const char *name, const char *kind, guint n, double right, HlRunStatus status)
{
  g_autoptr(HlConfig) config = hl_config_new ();
  HlRun *run;

  g_free (config->name);
  config->name = g_strdup (name);
  g_free (config->dataset.kind);
  config->dataset.kind = g_strdup (kind);
  run = hl_run_new (config);
  run->status = status;
  run->finished = run->created + 1;
  if (n == 0)
    return run;
  run->summary.test_confusion = hl_confusion_new (n, n == 10 ? fashion : NULL);
  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < n; c++)
      run->summary.test_confusion->counts[r * n + c] =
        r == c ? (guint64) lround (1000 * right) : (guint64) lround (1000 * (1 - right) / (n - 1));
  run->summary.test_accuracy = (double) hl_confusion_correct (run->summary.test_confusion)
                               / hl_confusion_total (run->summary.test_confusion);
  return run;
}

static gboolean
wait_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
count_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Lets the main loop run until the grid is allocated width × height (and
 * its children laid out). */
static void
settle (GtkWidget *grid, int width, int height)
{
  gboolean timeout = FALSE;
  guint id = g_timeout_add (5000, wait_cb, &timeout);
  gboolean done = FALSE;
  guint frames, tick;

  while (!timeout && !(gtk_widget_get_width (grid) == width && gtk_widget_get_height (grid) == height))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timeout);
  g_source_remove (id);
  /* a few more frames for the flow's children: 200 ms, and at least 3
   * frames drawn (a loaded machine may draw none in 200 ms) */
  frames = 0;
  tick = gtk_widget_add_tick_callback (grid, count_frame, &frames, NULL);
  id = g_timeout_add (200, wait_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  id = g_timeout_add (10000, wait_cb, &timeout);
  while (!timeout && frames < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timeout);
  g_source_remove (id);
  gtk_widget_remove_tick_callback (grid, tick);
}

static GtkWidget *
show_grid (GtkWidget *grid, int width, int height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), grid);
  gtk_window_present (GTK_WINDOW (window));
  settle (grid, width, height);
  return window;
}

static void
resize (GtkWidget *window, GtkWidget *grid, int width, int height)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_widget_queue_resize (window);
  settle (grid, width, height);
}

/* Every descendant of widget with css_class (or of type when css_class is NULL), in order. */
static void
collect (GtkWidget *widget, const char *css_class, GType type, GPtrArray *out)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (css_class != NULL ? gtk_widget_has_css_class (c, css_class) : G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        g_ptr_array_add (out, c);
      collect (c, css_class, type, out);
    }
}

static GPtrArray *
find_all (GtkWidget *widget, const char *css_class)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (widget, css_class, G_TYPE_INVALID, out);
  return out;
}

static GPtrArray *
find_type (GtkWidget *widget, GType type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (widget, NULL, type, out);
  return out;
}

static gboolean
shown (GtkWidget *w)
{
  return gtk_widget_get_mapped (w);
}

/* The grid as it is on screen, in an image its size. */
static cairo_surface_t *
render (GtkWidget *grid)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (grid);
  const int w = gtk_widget_get_width (grid), h = gtk_widget_get_height (grid);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (img);

  /* the window's background under it, as on screen */
  gtk_snapshot_append_color (snapshot,
                             adw_style_manager_get_dark (adw_style_manager_get_default ())
                               ? &(GdkRGBA) { 0.14, 0.14, 0.14, 1 } : &(GdkRGBA) { 0.98, 0.98, 0.98, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (img);
  gsk_render_node_unref (node);
  g_object_unref (paintable);
  return img;
}

static void
pixel (cairo_surface_t *img, double x, double y, double rgb[3])
{
  guint32 p = ((const guint32 *) (cairo_image_surface_get_data (img)
                                  + (int) y * cairo_image_surface_get_stride (img)))[(int) x];

  rgb[0] = ((p >> 16) & 0xff) / 255.0;
  rgb[1] = ((p >> 8) & 0xff) / 255.0;
  rgb[2] = (p & 0xff) / 255.0;
}

/* The three runs of a comparison: Adam and SGD on Fashion-MNIST (10
 * classes), SGD on spirals (3), a sine regression. */
static GPtrArray *
three_runs (void)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_free);

  g_ptr_array_add (runs, make_run ("fashion-adam", "fashion-mnist", 10, 0.88, HL_RUN_STATUS_COMPLETED));
  g_ptr_array_add (runs, make_run ("spiral-sgd", "spiral", 3, 0.95, HL_RUN_STATUS_COMPLETED));
  g_ptr_array_add (runs, make_run ("sine", "sine", 0, 0, HL_RUN_STATUS_COMPLETED));
  return runs;
}

/* none of them the palette's */
static const double three_colours[] = { 0.8, 0.1, 0.2,   0.2, 0.3, 0.9,   0.5, 0.5, 0.1 };

/* Two matrices, of their own class counts, and a card for the regression. */
static void
test_mixed (void)
{
  g_autoptr(GPtrArray) runs = three_runs ();
  GtkWidget *grid = hl_confusion_grid_new ();
  GtkWidget *window;
  g_autoptr(GPtrArray) views = NULL, reasons = NULL, right = NULL, pages = NULL;

  hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, three_colours);
  window = show_grid (grid, 1200, 800);
  g_assert_cmpuint (hl_confusion_grid_get_n_matrices (HL_CONFUSION_GRID (grid)), ==, 2);
  views = find_type (grid, HL_TYPE_CONFUSION_VIEW);
  g_assert_cmpuint (views->len, ==, 2);
  g_assert_cmpuint (hl_confusion_view_get_n_classes (views->pdata[0]), ==, 10);
  g_assert_cmpuint (hl_confusion_view_get_n_classes (views->pdata[1]), ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (shown (views->pdata[i]));
      g_assert_cmpint (gtk_widget_get_width (views->pdata[i]), >=, 200);
      g_assert_cmpint (gtk_widget_get_width (views->pdata[i]), <=, 370);
      g_assert_cmpint (gtk_widget_get_height (views->pdata[i]), >=, 200);
      g_assert_cmpint (gtk_widget_get_height (views->pdata[i]), <=, 370);
      /* square, at its natural size where there is room */
      g_assert_cmpint (gtk_widget_get_width (views->pdata[i]), ==, gtk_widget_get_height (views->pdata[i]));
      g_assert_cmpint (gtk_widget_get_width (views->pdata[i]), >=, 340);
    }
  right = find_all (grid, "hl-accuracy");
  g_assert_cmpuint (right->len, ==, 2);
  g_assert_cmpstr (gtk_label_get_text (right->pdata[0]), ==, "88.26\u00a0% right (test set)");
  reasons = find_all (grid, "hl-missing-reason");
  g_assert_cmpuint (reasons->len, ==, 1);
  g_assert_true (shown (reasons->pdata[0]));
  g_assert_cmpstr (gtk_label_get_text (reasons->pdata[0]), ==,
                   hl_confusion_grid_missing_reason (runs->pdata[2]));
  g_assert_cmpstr (gtk_label_get_text (reasons->pdata[0]), ==, "A regression has no classes to confuse");
  pages = find_type (grid, ADW_TYPE_STATUS_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_false (shown (pages->pdata[0]));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The reasons, in the CLI's order. */
static void
test_reasons (void)
{
  g_autoptr(HlRun) diverged = make_run ("d", "spiral", 0, 0, HL_RUN_STATUS_DIVERGED);
  g_autoptr(HlRun) running = make_run ("r", "spiral", 0, 0, HL_RUN_STATUS_RUNNING);
  g_autoptr(HlRun) untested = make_run ("u", "spiral", 0, 0, HL_RUN_STATUS_COMPLETED);
  g_autoptr(HlRun) old = make_run ("o", "spiral", 0, 0, HL_RUN_STATUS_COMPLETED);
  g_autoptr(HlRun) has = make_run ("h", "spiral", 3, 0.9, HL_RUN_STATUS_COMPLETED);

  old->summary.test_accuracy = 0.9;
  g_assert_cmpstr (hl_confusion_grid_missing_reason (diverged), ==, "Diverged, so it was not tested");
  g_assert_cmpstr (hl_confusion_grid_missing_reason (running), ==,
                   "Not finished: the matrix comes from the final test");
  g_assert_cmpstr (hl_confusion_grid_missing_reason (untested), ==, "No test results (its dataset has no test set)");
  g_assert_cmpstr (hl_confusion_grid_missing_reason (old), ==,
                   "Recorded before matrices were kept, or over 100 classes");
  g_assert_null (hl_confusion_grid_missing_reason (has));
}

/* No run has a matrix: one message instead of the cards, with the shared
 * reason; mixed reasons get the general one; matrices again hide it. */
static void
test_none (void)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_free);
  g_autoptr(GPtrArray) again = three_runs ();
  GtkWidget *grid = hl_confusion_grid_new ();
  GtkWidget *window;
  g_autoptr(GPtrArray) pages = NULL, reasons = NULL;
  AdwStatusPage *page;

  g_ptr_array_add (runs, make_run ("sine-a", "sine", 0, 0, HL_RUN_STATUS_COMPLETED));
  g_ptr_array_add (runs, make_run ("sine-b", "sine", 0, 0, HL_RUN_STATUS_COMPLETED));
  hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, NULL);
  window = show_grid (grid, 800, 600);
  g_assert_cmpuint (hl_confusion_grid_get_n_matrices (HL_CONFUSION_GRID (grid)), ==, 0);
  pages = find_type (grid, ADW_TYPE_STATUS_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  page = pages->pdata[0];
  g_assert_true (shown (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "None of these runs has a confusion matrix");
  g_assert_cmpstr (adw_status_page_get_description (page), ==, "A regression has no classes to confuse");
  reasons = find_all (grid, "hl-missing-reason");
  g_assert_cmpuint (reasons->len, ==, 2);
  g_assert_false (shown (reasons->pdata[0]));
  /* mixed reasons */
  g_ptr_array_add (runs, make_run ("broke", "spiral", 0, 0, HL_RUN_STATUS_DIVERGED));
  hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_description (page), ==,
                   "A matrix is kept for classification runs that finished their test pass.");
  /* matrices again */
  hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), again, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page)));
  g_assert_cmpuint (hl_confusion_grid_get_n_matrices (HL_CONFUSION_GRID (grid)), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Each card's heading: the run's name (full in the tooltip) and its colour, drawn. */
static void
test_names_colours (void)
{
  g_autoptr(GPtrArray) runs = three_runs ();
  GtkWidget *grid = hl_confusion_grid_new ();
  GtkWidget *window;
  g_autoptr(GPtrArray) names = NULL, swatches = NULL;
  cairo_surface_t *img;
  const char *want[] = { "fashion-adam", "spiral-sgd", "sine" };

  g_free (((HlRun *) runs->pdata[1])->config->name);
  ((HlRun *) runs->pdata[1])->config->name =
    g_strdup ("spiral-sgd with a name far too long for a card of three hundred pixels");
  want[1] = ((HlRun *) runs->pdata[1])->config->name;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, three_colours);
  window = show_grid (grid, 1200, 800);
  names = find_all (grid, "hl-run-name");
  swatches = find_all (grid, "hl-swatch");
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpuint (swatches->len, ==, 3);
  img = render (grid);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *tip = g_strdup_printf ("%s\n%s", want[i], ((HlRun *) runs->pdata[i])->id);
      graphene_rect_t b;
      double got[3];

      g_assert_cmpstr (gtk_label_get_text (names->pdata[i]), ==, want[i]);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (names->pdata[i]), ==, tip);
      /* the long name ellipsized within its card */
      g_assert_cmpint (gtk_widget_get_width (names->pdata[i]), <=, 380);
      g_assert_true (gtk_widget_compute_bounds (swatches->pdata[i], grid, &b));
      pixel (img, b.origin.x + b.size.width / 2, b.origin.y + b.size.height / 2, got);
      for (guint k = 0; k < 3; k++)
        g_assert_cmpfloat_with_epsilon (got[k], three_colours[3 * i + k], 0.01);
    }
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (names->pdata[1])));
  /* cut at its start, as the table's Run column: names differ at their end */
  g_assert_cmpint (gtk_label_get_ellipsize (names->pdata[1]), ==, PANGO_ELLIPSIZE_START);
  cairo_surface_destroy (img);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The cards per line of the flow: those at the first card's height. */
static guint
per_line (GtkWidget *grid)
{
  g_autoptr(GPtrArray) cards = find_type (grid, GTK_TYPE_FLOW_BOX_CHILD);
  graphene_rect_t first, b;
  guint n = 0;

  g_assert_cmpuint (cards->len, >, 0);
  g_assert_true (gtk_widget_compute_bounds (cards->pdata[0], grid, &first));
  for (guint i = 0; i < cards->len; i++)
    {
      g_assert_true (gtk_widget_compute_bounds (cards->pdata[i], grid, &b));
      n += fabs (b.origin.y - first.origin.y) < 1;
    }
  return n;
}

/* Narrow: one card a line, scrolling; wide: all three in a line. */
static void
test_reflow (void)
{
  g_autoptr(GPtrArray) runs = three_runs ();
  GtkWidget *grid = hl_confusion_grid_new ();
  GtkWidget *window;
  g_autoptr(GPtrArray) scrollers = NULL, views = NULL;
  GtkAdjustment *v;

  hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, three_colours);
  window = show_grid (grid, 400, 600);
  g_assert_cmpuint (per_line (grid), ==, 1);
  /* the matrices square at their natural size, not squeezed to fit the height */
  views = find_type (grid, HL_TYPE_CONFUSION_VIEW);
  g_assert_cmpuint (views->len, ==, 2);
  for (guint i = 0; i < views->len; i++)
    {
      g_assert_cmpint (gtk_widget_get_width (views->pdata[i]), >=, 340);
      g_assert_cmpint (gtk_widget_get_height (views->pdata[i]), ==, gtk_widget_get_width (views->pdata[i]));
    }
  /* the grid's own scroller, not the status page's */
  scrollers = find_type (grid, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_cmpuint (scrollers->len, >=, 1);
  g_assert_true (gtk_widget_get_parent (scrollers->pdata[0]) == grid);
  g_assert_true (shown (scrollers->pdata[0]));
  v = gtk_scrolled_window_get_vadjustment (scrollers->pdata[0]);
  g_assert_cmpfloat (gtk_adjustment_get_upper (v), >, gtk_adjustment_get_page_size (v) + 100);
  resize (window, grid, 1200, 600);
  g_assert_cmpuint (per_line (grid), ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Low, as in a comparison under its run list: every matrix whole in the
 * scroller's page, not scrolled, smaller than natural but at least 200 px,
 * square; high again: at their natural size; lower than a 200 px matrix
 * holds: 200 px, scrolling. */
static void
test_fit_height (void)
{
  g_autoptr(GPtrArray) runs = three_runs ();
  GtkWidget *grid = hl_confusion_grid_new ();
  GtkWidget *window;
  g_autoptr(GPtrArray) scrollers = NULL, views = NULL;
  GtkAdjustment *v;
  int natural;

  hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, three_colours);
  window = show_grid (grid, 1000, 330);
  views = find_type (grid, HL_TYPE_CONFUSION_VIEW);
  g_assert_cmpuint (views->len, ==, 2);
  gtk_widget_measure (views->pdata[0], GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, >=, 340);
  scrollers = find_type (grid, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_get_parent (scrollers->pdata[0]) == grid);
  v = gtk_scrolled_window_get_vadjustment (scrollers->pdata[0]);
  g_assert_cmpfloat (gtk_adjustment_get_value (v), ==, 0);
  for (guint i = 0; i < views->len; i++)
    {
      graphene_rect_t b;

      g_assert_true (gtk_widget_compute_bounds (views->pdata[i], scrollers->pdata[0], &b));
      g_assert_cmpfloat (b.origin.y, >=, 0);
      g_assert_cmpfloat (b.origin.y + b.size.height, <=, gtk_adjustment_get_page_size (v));
      g_assert_cmpint (gtk_widget_get_height (views->pdata[i]), >=, 200);
      g_assert_cmpint (gtk_widget_get_height (views->pdata[i]), <, natural);
      g_assert_cmpint (gtk_widget_get_width (views->pdata[i]), ==, gtk_widget_get_height (views->pdata[i]));
    }
  /* nothing to scroll to, and the three cards in a line (at their natural
   * size two are) */
  g_assert_cmpfloat (gtk_adjustment_get_upper (v), <=, gtk_adjustment_get_page_size (v));
  g_assert_cmpuint (per_line (grid), ==, 3);

  resize (window, grid, 1000, 700);
  for (guint i = 0; i < views->len; i++)
    {
      g_assert_cmpint (gtk_widget_get_height (views->pdata[i]), ==, natural);
      g_assert_cmpint (gtk_widget_get_width (views->pdata[i]), ==, natural);
    }
  g_assert_cmpuint (per_line (grid), ==, 2);

  /* too low for a 200 px matrix: 200 px, and the rest to scroll to */
  resize (window, grid, 1000, 180);
  for (guint i = 0; i < views->len; i++)
    g_assert_cmpint (gtk_widget_get_height (views->pdata[i]), ==, 200);
  g_assert_cmpfloat (gtk_adjustment_get_upper (v), >, gtk_adjustment_get_page_size (v));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* HL_CONFUSION_GRID_PNG=DIR: the widget at 1000 × 600 with 3 and 6 runs
 * into DIR/grid-LANG-…png; nothing without. */
static void
write_looks (const char *lang)
{
  const char *dir = g_getenv ("HL_CONFUSION_GRID_PNG");

  if (dir == NULL)
    return;
  for (guint six = 0; six < 2; six++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autoptr(GPtrArray) runs = three_runs ();
        GtkWidget *grid = hl_confusion_grid_new ();
        GtkWidget *window;
        cairo_surface_t *img;
        double colours[3 * 6];
        g_autofree char *name = g_strdup_printf ("grid-%s-%u%s.png", lang, six ? 6 : 3,
                                                 dark ? "-dark" : "");
        g_autofree char *path = g_build_filename (dir, name, NULL);

        adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                            dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
        if (six)
          {
            g_ptr_array_add (runs, make_run ("fashion-sgd-momentum-0.9-lr-0.05-batch-128-long-name", "fashion-mnist",
                                             10, 0.84, HL_RUN_STATUS_COMPLETED));
            g_ptr_array_add (runs, make_run ("spiral-diverged", "spiral", 0, 0, HL_RUN_STATUS_DIVERGED));
            g_ptr_array_add (runs, make_run ("gaussians", "gaussians", 5, 0.7, HL_RUN_STATUS_COMPLETED));
          }
        for (guint i = 0; i < runs->len; i++)
          hl_plot_palette (i, &colours[3 * i], &colours[3 * i + 1], &colours[3 * i + 2]);
        hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, colours);
        window = show_grid (grid, 1000, 600);
        img = render (grid);
        g_assert_cmpint (cairo_surface_write_to_png (img, path), ==, CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy (img);
        gtk_window_destroy (GTK_WINDOW (window));
      }
  /* and the message */
  {
    g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_free);
    GtkWidget *grid = hl_confusion_grid_new ();
    GtkWidget *window;
    cairo_surface_t *img;
    g_autofree char *name = g_strdup_printf ("grid-%s-none.png", lang);
    g_autofree char *path = g_build_filename (dir, name, NULL);

    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
    g_ptr_array_add (runs, make_run ("sine-a", "sine", 0, 0, HL_RUN_STATUS_COMPLETED));
    g_ptr_array_add (runs, make_run ("sine-b", "sine", 0, 0, HL_RUN_STATUS_COMPLETED));
    hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, NULL);
    window = show_grid (grid, 1000, 600);
    img = render (grid);
    g_assert_cmpint (cairo_surface_write_to_png (img, path), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (img);
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

static void
test_look (void)
{
  if (g_getenv ("HL_CONFUSION_GRID_PNG") == NULL)
    {
      g_test_skip ("HL_CONFUSION_GRID_PNG not set");
      return;
    }
  write_looks ("en");
}

/* In German: the accuracy line, the reason, the message. */
static void
test_german (void)
{
  char *locale_dir = test_german_set_up ();
  g_autoptr(GPtrArray) runs = NULL;
  GtkWidget *grid;
  GtkWidget *window;
  g_autoptr(GPtrArray) right = NULL, reasons = NULL, pages = NULL;

  if (locale_dir == NULL)
    return;
  runs = three_runs ();
  grid = hl_confusion_grid_new ();
  hl_confusion_grid_set_runs (HL_CONFUSION_GRID (grid), runs, three_colours);
  window = show_grid (grid, 1200, 800);
  right = find_all (grid, "hl-accuracy");
  g_assert_cmpstr (gtk_label_get_text (right->pdata[1]), ==, "95.00\u00a0% richtig (Testdaten)");
  reasons = find_all (grid, "hl-missing-reason");
  g_assert_cmpstr (gtk_label_get_text (reasons->pdata[0]), ==, "Eine Regression hat keine Klassen zum Verwechseln");
  pages = find_type (grid, ADW_TYPE_STATUS_PAGE);
  g_assert_cmpstr (adw_status_page_get_title (pages->pdata[0]), ==, "Keiner dieser Läufe hat eine Konfusionsmatrix");
  gtk_window_destroy (GTK_WINDOW (window));
  write_looks ("de");
  test_german_remove (locale_dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  hl_ui_init ();
  g_test_add_func ("/ui/confusion-grid/mixed", test_mixed);
  g_test_add_func ("/ui/confusion-grid/reasons", test_reasons);
  g_test_add_func ("/ui/confusion-grid/none", test_none);
  g_test_add_func ("/ui/confusion-grid/names-colours", test_names_colours);
  g_test_add_func ("/ui/confusion-grid/reflow", test_reflow);
  g_test_add_func ("/ui/confusion-grid/fit-height", test_fit_height);
  g_test_add_func ("/ui/confusion-grid/look", test_look);
  g_test_add_func ("/ui/confusion-grid/german", test_german);
  return g_test_run ();
}
