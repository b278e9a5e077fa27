/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-export-folder.c - the folder of the last export, for the next one. */
#include <glib/gi18n.h>
#include "hl-export-folder.h"

#define KEY "last-export-folder"

/* One folder for every export in the process: the user's last choice,
 * whichever view made it.  Main thread only. */
static char      *last_folder;
static GSettings *settings;

void
hl_export_folder_set_settings (GSettings *new_settings)
{
  g_set_object (&settings, new_settings);
}

GFile *
hl_export_folder_dup (void)
{
  g_autofree char *saved = NULL;
  const char *path = last_folder;

  if (path == NULL && settings != NULL)
    path = saved = g_settings_get_string (settings, KEY);
  /* a folder since removed (or a stick unplugged): the chooser's default */
  if (path == NULL || *path == '\0' || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_file_new_for_path (path);
}

void
hl_export_folder_remember (GFile *file)
{
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autofree char *path = parent != NULL ? g_file_get_path (parent) : NULL;

  if (path == NULL)
    return;
  g_free (last_folder);
  last_folder = g_steal_pointer (&path);
  if (settings != NULL)
    g_settings_set_string (settings, KEY, last_folder);
}

GtkFileChooserNative *
hl_export_chooser_new (const char *title, GtkWindow *parent, const char *name)
{
  GtkFileChooserNative *native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                                              _("_Export"), _("_Cancel"));
  g_autoptr (GFile) folder = hl_export_folder_dup ();

  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  return native;
}
