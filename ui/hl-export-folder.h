/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-export-folder.h - where the export file choosers start: the folder of
 * the last export (plot, table, metrics, config), for the session and, once
 * the application hands over its settings, from one session to the next. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Remember in the settings' "last-export-folder" key too (borrowed while
 * set; NULL to let go, as the application does when it goes away). */
void                  hl_export_folder_set_settings (GSettings *settings);

/* A Save chooser for an export, suggesting name, opened in the folder of
 * the last export when there is one and it still exists (it opened in the
 * working folder every time). */
GtkFileChooserNative *hl_export_chooser_new (const char *title, GtkWindow *parent, const char *name);

/* file was written by an export: the next chooser starts beside it. */
void                  hl_export_folder_remember (GFile *file);

/* The folder the next export chooser starts in, or NULL (new reference). */
GFile                *hl_export_folder_dup (void);

/* Asks whether to replace path (taken), an existing file the chooser did
 * not ask about (the name as typed got its format's extension), with body
 * saying so; on "replace", on_replace (owner, path) is called.  The
 * dialog is modal to parent and goes with owner. */
typedef void (*HlExportReplaceFunc) (gpointer owner, const char *path);
void                  hl_export_ask_replace (GtkWindow *parent, char *path, const char *body,
                                             HlExportReplaceFunc on_replace, gpointer owner);

G_END_DECLS
