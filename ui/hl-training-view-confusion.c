/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-training-view-confusion.c - the confusion page's Export button: the
 * matrix shown as a figure for a paper (PNG, SVG or PDF through the cairo
 * renderer, light, as `hyperlab-cli plot --confusion` draws it) or as the
 * CSV of `export-csv --confusion`, by the file name's extension or the
 * chooser's filter. */
#include <string.h>
#include <glib/gi18n.h>
#include "hl-confusion-render.h"
#include "hl-export-folder.h"
#include "hl-ui.h"
#include "hl-training-view-private.h"

/* The figure's size in points, and a PNG's pixels per point: sharp on a
 * page and on a high-density screen. */
#define FIGURE_SIZE 480
#define PNG_SCALE   2

/* The chooser's filters, in its order; the first is the default. */
static const struct {
  const char *extension;
  const char *name;
} formats[] = {
  { "png", N_("PNG image") },
  { "svg", N_("SVG image") },
  { "pdf", N_("PDF document") },
  { "csv", N_("CSV table") },
};

/* The format of path by its extension, or NULL. */
static const char *
format_of (const char *path)
{
  const char *dot = strrchr (path, '.');

  if (dot == NULL || strchr (dot, '/') != NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i].extension) == 0)
      return formats[i].extension;
  return NULL;
}

/**
 * hl_training_view_export_confusion:
 *
 * Writes the confusion matrix shown to path, by its extension: a figure
 * (.png of 480 × 480 points at 2×, .svg, .pdf), or the CSV (.csv) that
 * `hyperlab-cli export-csv --confusion` writes.
 */
gboolean
hl_training_view_export_confusion (HlTrainingView *self, const char *path, GError **error)
{
  const HlConfusion *c;
  g_autoptr(HlConfusion) shown = NULL;
  const char *format;
  HlConfusionOptions opts;

  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  c = self->confusion_matrix;
  format = format_of (path);
  if (c == NULL)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        /* TRANSLATORS: %s is a file name */
                        _("%s: no confusion matrix to export"), path), FALSE;
  if (format == NULL)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        /* TRANSLATORS: %s is a file name */
                        _("%s: unknown format (use a .png, .svg, .pdf or .csv file name)"), path), FALSE;
  if (g_str_equal (format, "csv"))
    {
      g_autofree char *text = hl_confusion_to_csv (c);

      if (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0666, error))
        return TRUE;
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  hl_confusion_options_init (&opts);   /* light, as the CLI's */
  shown = hl_confusion_dup_display (c);   /* the classes in the order the view shows them */
  return hl_confusion_export (path, FIGURE_SIZE, FIGURE_SIZE, g_str_equal (format, "png") ? PNG_SCALE : 1,
                              shown->n_classes, (const char *const *) shown->class_names, shown->counts,
                              &opts, error);
}

/* Exports to path; the folder is remembered, a failure is a toast naming
 * the file. */
void
hl_training_view_save_confusion (HlTrainingView *self, const char *path)
{
  g_autoptr(GError) error = NULL;

  if (hl_training_view_export_confusion (self, path, &error))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      hl_export_folder_remember (file);
      return;
    }
  hl_ui_toast (GTK_WIDGET (self), error->message, 6);
}

static void
replace_confusion (gpointer self, const char *path)
{
  hl_training_view_save_confusion (HL_TRAINING_VIEW (self), path);
}

/* The chooser asked about the name as typed: a name given the filter's
 * extension here that is taken asks first, as the Export Plot dialog does. */
static void
ask_replace (HlTrainingView *self, char *path)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  hl_export_ask_replace (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, path,
                         _("The matrix is saved under the name with its format’s extension, "
                           "and a file of that name already exists. Replacing it overwrites "
                           "its contents."), replace_confusion, self);
}

static void
on_file_chosen (GtkNativeDialog *native, int response, HlTrainingView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (native));
      const char *extension = filter != NULL ? g_object_get_data (G_OBJECT (filter), "extension") : NULL;

      if (path == NULL)
        hl_ui_toast (GTK_WIDGET (self), _("Not a local file"), 6);
      else if (format_of (path) != NULL)
        hl_training_view_save_confusion (self, path);
      else
        {
          /* no extension of ours: the filter's */
          char *full = g_strconcat (path, ".", extension != NULL ? extension : formats[0].extension, NULL);

          if (g_file_test (full, G_FILE_TEST_EXISTS))
            ask_replace (self, full);
          else
            {
              hl_training_view_save_confusion (self, full);
              g_free (full);
            }
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

void
hl_training_view_on_export_confusion (HlTrainingView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;

  if (self->confusion_matrix == NULL)
    return;
  name = g_strconcat (self->confusion_name != NULL ? self->confusion_name : "run", "-confusion.",
                      formats[0].extension, NULL);
  native = hl_export_chooser_new (_("Export Confusion Matrix"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  name);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(formats[i].name));
      gtk_file_filter_add_suffix (filter, formats[i].extension);
      g_object_set_data (G_OBJECT (filter), "extension", (gpointer) formats[i].extension);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      if (i == 0)
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (native), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
