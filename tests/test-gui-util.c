/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-util.c - helpers for the GUI tests. */
#include "hl-form-util.h"
#include "test-gui-util.h"

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

GtkWidget *
test_find_child (GtkWidget *root, GType type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      found = test_find_child (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
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
never (gpointer data)
{
  return FALSE;
}

void
test_spin_loop (guint ms)
{
  test_wait_until (never, NULL, ms);
}
