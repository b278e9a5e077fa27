/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-export-folder.c - the folder of the last export, for the next one. */
#include <adwaita.h>
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

static void
on_replace_response (AdwMessageDialog *dialog, const char *response, gpointer owner)
{
  HlExportReplaceFunc on_replace = (HlExportReplaceFunc) g_object_get_data (G_OBJECT (dialog), "on-replace");

  if (g_str_equal (response, "replace"))
    on_replace (owner, g_object_get_data (G_OBJECT (dialog), "path"));
}

void
hl_export_ask_replace (GtkWindow *parent, char *path, const char *body,
                       HlExportReplaceFunc on_replace, gpointer owner)
{
  g_autofree char *base = g_filename_display_basename (path);
  GtkWidget *dialog = adw_message_dialog_new (parent, NULL, NULL);

  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Replace “%s”?"), base);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", path, g_free);
  g_object_set_data (G_OBJECT (dialog), "on-replace", (gpointer) on_replace);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_replace_response), owner, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
