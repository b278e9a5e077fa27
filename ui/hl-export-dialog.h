/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-export-dialog.h - "Export Plot": format, size and resolution, then a
 * file chooser; writes what a plot (live or comparison) shows. */
#pragma once

#include <gtk/gtk.h>
#include "hl-plot.h"

G_BEGIN_DECLS

#define HL_TYPE_EXPORT_DIALOG (hl_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HlExportDialog, hl_export_dialog, HL, EXPORT_DIALOG, GtkWindow)

/* base_name: the suggested file name without extension ("comparison"). */
GtkWidget *hl_export_dialog_new (GtkWindow *parent, HlPlot *plot, const char *base_name);

/* What "as shown" covers, under the title.  The default fits one run's
 * plot; the comparison names its runs and metric. */
void        hl_export_dialog_set_description (HlExportDialog *self, const char *description);
const char *hl_export_dialog_get_description (HlExportDialog *self);

/* Width and height in pixels (PNG) or points (SVG, PDF); scale multiplies
 * the PNG resolution.  "png", "svg" or "pdf". */
void        hl_export_dialog_set_size (HlExportDialog *self, double width, double height, double scale);
void        hl_export_dialog_set_format (HlExportDialog *self, const char *format);
const char *hl_export_dialog_get_format (HlExportDialog *self);

/* What the Export button does once a file is chosen: writes the plot with
 * the dialog's settings; a path without a known extension gets the
 * format's.  Used directly by tests. */
gboolean    hl_export_dialog_export_to (HlExportDialog *self, const char *path, GError **error);
/* What happens to the path the file chooser accepted: exported, the dialog
 * closed; when the format's extension is added and names a file that
 * exists, a "Replace?" question first.  An error shows in the dialog. */
void        hl_export_dialog_save_as (HlExportDialog *self, const char *path);

G_END_DECLS
