/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-util.c - helpers for the GUI tests. */
#include <string.h>
#include "hl-form-util.h"
#include "test-gui-util.h"
#ifdef GDK_WINDOWING_X11   /* from gtk.h */
#include <gdk/x11/gdkx.h>
#endif

GtkWidget *
test_find_row (GtkWidget *root, const char *path)
{
  if (g_strcmp0 (hl_form_get_path (root), path) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = test_find_row (c, path);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* First descendant of root that `match` accepts (depth first), or NULL. */
static GtkWidget *
find_descendant (GtkWidget *root, gboolean (*match) (GtkWidget *, gconstpointer), gconstpointer what)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (match (c, what))
        return c;
      if ((found = find_descendant (c, match, what)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget *w, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (w, (GType) GPOINTER_TO_SIZE (type));
}

static gboolean
is_label (GtkWidget *w, gconstpointer text)
{
  return GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0;
}

static gboolean
is_actionable (GtkWidget *w, gconstpointer action)
{
  return GTK_IS_ACTIONABLE (w) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), action) == 0;
}

static gboolean
is_readable_label (GtkWidget *w, gconstpointer text)
{
  GtkRoot *root = gtk_widget_get_root (w);
  graphene_rect_t bounds;
  int text_width = 0, text_height = 0;

  if (!GTK_IS_LABEL (w) || !gtk_widget_is_drawable (w) || strstr (gtk_label_get_text (GTK_LABEL (w)), text) == NULL
      || pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (w))))
    return FALSE;
  /* all of it inside the window: a label wider than its place is cut too */
  if (root == NULL || !gtk_widget_compute_bounds (w, GTK_WIDGET (root), &bounds))
    return FALSE;
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (w)), &text_width, &text_height);
  return bounds.origin.x >= 0 && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (GTK_WIDGET (root))
         && text_width <= gtk_widget_get_width (w) && text_height <= gtk_widget_get_height (w);
}

GtkWidget *
test_find_readable_label (GtkWidget *root, const char *text)
{
  return find_descendant (root, is_readable_label, text);
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} Readable;

static gboolean
readable_shown (gpointer data)
{
  Readable *r = data;

  return test_find_readable_label (r->root, r->text) != NULL;
}

GtkWidget *
test_wait_readable_label (GtkWidget *root, const char *text, guint timeout_ms)
{
  Readable r = { root, text };

  test_wait_until (readable_shown, &r, timeout_ms);
  return test_find_readable_label (root, text);
}

static gboolean
readable_gone (gpointer data)
{
  return !readable_shown (data);
}

gboolean
test_wait_readable_label_gone (GtkWidget *root, const char *text, guint timeout_ms)
{
  Readable r = { root, text };

  return test_wait_until (readable_gone, &r, timeout_ms);
}

GtkWidget *
test_find_child (GtkWidget *root, GType type)
{
  return find_descendant (root, is_of_type, GSIZE_TO_POINTER (type));
}

GtkWidget *
test_find_label (GtkWidget *root, const char *text)
{
  return is_label (root, text) ? root : find_descendant (root, is_label, text);
}

GtkWindow *
test_find_toplevel (GType type)
{
  GListModel *tops = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (tops, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return GTK_WINDOW (w);
    }
  return NULL;
}

GtkWidget *
test_find_actionable (GtkWidget *root, const char *action)
{
  return find_descendant (root, is_actionable, action);
}

void
test_set_spin (GtkWidget *root, const char *path, double value)
{
  GtkWidget *row = test_find_row (root, path);
  GtkWidget *spin;

  g_assert_nonnull (row);
  spin = test_find_child (row, GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  /* as a person would: typed and committed (hl_form_spin_set_real shows a
   * config's value, which is not an edit) */
  {
    char text[G_ASCII_DTOSTR_BUF_SIZE];

    g_ascii_dtostr (text, sizeof text, value);
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
    gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  }
}

typedef struct { gboolean (*cond) (gpointer); gpointer data; } Waiter;

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
test_wait_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return cond (data);
}

static gboolean
count_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_seen (gpointer data)
{
  return ((guint *) data)[0] >= ((guint *) data)[1];
}

gboolean
test_wait_frames (GtkWidget *widget, guint n, guint timeout_ms)
{
  guint counts[2] = { 0, n };   /* frames seen, frames wanted */
  guint id = gtk_widget_add_tick_callback (widget, count_frame, counts, NULL);
  gboolean done = test_wait_until (frames_seen, counts, timeout_ms);

  gtk_widget_remove_tick_callback (widget, id);
  return done;
}

gboolean
test_resize_window (GtkWidget *window, int width, int height,
                    gboolean (*reached) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  while (!test_wait_until (reached, data, 2000))
    {
      if (g_get_monotonic_time () >= end)
        return FALSE;
      g_test_message ("window %d × %d, asked for %d × %d: asked again", gtk_widget_get_width (window),
                      gtk_widget_get_height (window), width, height);
      /* (the same size again would be no change) */
      gtk_window_set_default_size (GTK_WINDOW (window), width - 1, height);
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
    }
  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
test_spin_loop (guint ms)
{
  test_wait_until (never, NULL, ms);
}

gulong
test_window_xid (GtkWidget *window)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  if (GDK_IS_X11_SURFACE (surface))
    return gdk_x11_surface_get_xid (surface);
#endif
  return 0;
}

void
test_xdotool (const char *args)
{
  g_autofree char *line = g_strdup_printf ("xdotool %s", args);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_shell_parse_argv (line, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

GtkWidget *
test_present_panel (const HlConfig *config, HlPluginRegistry *registry, HlConfigPanel **panel)
{
  GtkWidget *window = gtk_window_new ();

  *panel = HL_CONFIG_PANEL (hl_config_panel_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*panel));
  hl_config_panel_set_registry (*panel, registry);
  hl_config_panel_set_config (*panel, config);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
