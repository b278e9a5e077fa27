/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-export-dialog.c - "Export Plot": format, size and resolution, then a
 * file chooser; writes what a plot (live or comparison) shows. */
#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include "hl-export-dialog.h"
#include "hl-export-folder.h"
#include "hl-form-util.h"
#include "hl-plot-render.h"

struct _HlExportDialog {
  GtkWindow            parent_instance;

  /* template widgets */
  AdwPreferencesGroup *settings_group;
  AdwComboRow         *format_row;
  AdwActionRow        *width_row;
  AdwActionRow        *height_row;
  GtkSpinButton       *width_spin;
  GtkSpinButton       *height_spin;
  AdwActionRow        *scale_row;
  GtkSpinButton       *scale_spin;
  GtkLabel            *error_label;
  GtkButton           *cancel_button;
  GtkButton           *export_button;

  /* owned */
  HlPlot              *plot;
  char                *base_name;
};

G_DEFINE_FINAL_TYPE (HlExportDialog, hl_export_dialog, GTK_TYPE_WINDOW)

static const char *const formats[] = { "png", "svg", "pdf" };

const char *
hl_export_dialog_get_format (HlExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  return formats[i < G_N_ELEMENTS (formats) ? i : 0];
}

void
hl_export_dialog_set_format (HlExportDialog *self, const char *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (formats[i], format) == 0)
      adw_combo_row_set_selected (self->format_row, i);
}

void
hl_export_dialog_set_description (HlExportDialog *self, const char *description)
{
  g_return_if_fail (HL_IS_EXPORT_DIALOG (self));
  adw_preferences_group_set_description (self->settings_group, description);
}

const char *
hl_export_dialog_get_description (HlExportDialog *self)
{
  g_return_val_if_fail (HL_IS_EXPORT_DIALOG (self), NULL);
  return adw_preferences_group_get_description (self->settings_group);
}

void
hl_export_dialog_set_size (HlExportDialog *self, double width, double height, double scale)
{
  gtk_spin_button_set_value (self->width_spin, width);
  gtk_spin_button_set_value (self->height_spin, height);
  gtk_spin_button_set_value (self->scale_spin, scale);
}

static gboolean
has_known_extension (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".svg") ||
         g_str_has_suffix (lower, ".pdf");
}

/* path, or path with the format's extension when it has none of ours */
static char *
export_path (HlExportDialog *self, const char *path)
{
  return has_known_extension (path) ? g_strdup (path)
         : g_strconcat (path, ".", hl_export_dialog_get_format (self), NULL);
}

gboolean
hl_export_dialog_export_to (HlExportDialog *self, const char *path, GError **error)
{
  g_autofree char *full = export_path (self, path);
  g_autofree char *lower = g_ascii_strdown (full, -1);
  /* the file's name decides the format ("fig.png" with SVG chosen) */
  double scale = g_str_has_suffix (lower, ".png") ? gtk_spin_button_get_value (self->scale_spin) : 1.0;

  return hl_plot_export_file (self->plot, full,
                              gtk_spin_button_get_value (self->width_spin),
                              gtk_spin_button_get_value (self->height_spin),
                              scale, error);
}

/* The resolution multiplier is a PNG's: a vector file ignored it, yet it
 * stayed editable for SVG and PDF (found by a GUI review).  Width and
 * height are pixels in a PNG, points in SVG and PDF, and the rows said
 * neither. */
static void
on_format_changed (HlExportDialog *self)
{
  const gboolean png = g_str_equal (hl_export_dialog_get_format (self), "png");
  /* TRANSLATORS: the unit of the exported plot's width and height */
  const char *unit = png ? _("Pixels") : _("Points (1/72 inch)");

  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row), png);
  adw_action_row_set_subtitle (self->width_row, unit);
  adw_action_row_set_subtitle (self->height_row, unit);
}

/* A PNG has size × scale pixels, and an image ends at 32767 a side: the
 * dialog let 10000 at 8× through to an error after the file chooser, and
 * nothing said how many pixels a scale makes.  The scale row now says it,
 * and Export is off, with the reason, while the PNG would be too big.  Any
 * change of the settings clears an earlier export error, which was about
 * other settings. */
static void
on_settings_changed (HlExportDialog *self)
{
  const gboolean png = g_str_equal (hl_export_dialog_get_format (self), "png");
  const double scale = gtk_spin_button_get_value (self->scale_spin);
  const double w = ceil (gtk_spin_button_get_value (self->width_spin) * scale);
  const double h = ceil (gtk_spin_button_get_value (self->height_spin) * scale);
  const gboolean too_big = png && (w > HL_PLOT_EXPORT_MAX_PIXELS || h > HL_PLOT_EXPORT_MAX_PIXELS);
  g_autofree char *subtitle = NULL;

  if (png)
    /* TRANSLATORS: the scale row's subtitle; the PNG's width and height in pixels */
    subtitle = g_strdup_printf (_("Resolution multiplier: %.0f × %.0f pixels"), w, h);
  adw_action_row_set_subtitle (self->scale_row,
                               subtitle != NULL ? subtitle : _("Resolution multiplier for PNG"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !too_big);
  if (too_big)
    {
      g_autofree char *text =
        g_strdup_printf (_("A PNG can have at most %d pixels a side. Lower the size or the scale."),
                         HL_PLOT_EXPORT_MAX_PIXELS);
      gtk_label_set_text (self->error_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), too_big);
}

static void
export_and_close (HlExportDialog *self, const char *path)
{
  g_autoptr(GError) error = NULL;

  if (hl_export_dialog_export_to (self, path, &error))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      hl_export_folder_remember (file);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
replace_plot (gpointer self, const char *path)
{
  export_and_close (HL_EXPORT_DIALOG (self), path);
}

void
hl_export_dialog_save_as (HlExportDialog *self, const char *path)
{
  g_autofree char *full = NULL;

  g_return_if_fail (HL_IS_EXPORT_DIALOG (self));
  full = export_path (self, path);
  /* The chooser asked about the name as typed; "fig" saved as fig.png
   * replaced an existing fig.png without a word. */
  if (g_str_equal (full, path) || !g_file_test (full, G_FILE_TEST_EXISTS))
    {
      export_and_close (self, full);
      return;
    }
  hl_export_ask_replace (GTK_WINDOW (self), g_steal_pointer (&full),
                         _("The plot is saved under the name with its format’s extension, "
                           "and a file of that name already exists. Replacing it overwrites "
                           "its contents."), replace_plot, self);
}

static void
on_file_chosen (GtkNativeDialog *native, int response, HlExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        hl_export_dialog_save_as (self, path);
      else
        {
          gtk_label_set_text (self->error_label, _("Not a local file"));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_export_clicked (GtkButton *button, HlExportDialog *self)
{
  g_autofree char *name = g_strconcat (self->base_name, ".", hl_export_dialog_get_format (self), NULL);
  GtkFileChooserNative *native = hl_export_chooser_new (_("Export Plot"), GTK_WINDOW (self), name);

  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_cancel_clicked (GtkButton *button, HlExportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
hl_export_dialog_dispose (GObject *object)
{
  HlExportDialog *self = HL_EXPORT_DIALOG (object);

  g_clear_object (&self->plot);
  g_clear_pointer (&self->base_name, g_free);
  G_OBJECT_CLASS (hl_export_dialog_parent_class)->dispose (object);
}

static void
hl_export_dialog_class_init (HlExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_export_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/hyperlab/Hyperlab/ui/hl-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, settings_group);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HlExportDialog, export_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hl_export_dialog_init (HlExportDialog *self)
{
  g_type_ensure (ADW_TYPE_COMBO_ROW);
  g_type_ensure (ADW_TYPE_PREFERENCES_GROUP);
  gtk_widget_init_template (GTK_WIDGET (self));
  hl_form_spins_keep_on_bad_input (GTK_WIDGET (self));
  g_signal_connect (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked), self);
  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (on_format_changed), self);
  on_format_changed (self);
  /* the bounds the CLI and hl_plot_export have (the .ui's are a start) */
  for (guint i = 0; i < 2; i++)
    {
      GtkAdjustment *adj = gtk_spin_button_get_adjustment (i == 0 ? self->width_spin : self->height_spin);

      gtk_adjustment_set_lower (adj, HL_PLOT_EXPORT_MIN);
      gtk_adjustment_set_upper (adj, HL_PLOT_EXPORT_MAX);
    }
  /* the size `hyperlab-cli plot` draws unless told (the .ui's is a start) */
  gtk_spin_button_set_value (self->width_spin, HL_PLOT_EXPORT_WIDTH);
  gtk_spin_button_set_value (self->height_spin, HL_PLOT_EXPORT_HEIGHT);
  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->width_spin, "value-changed", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->height_spin, "value-changed", G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->scale_spin, "value-changed", G_CALLBACK (on_settings_changed), self);
  on_settings_changed (self);
}

GtkWidget *
hl_export_dialog_new (GtkWindow *parent, HlPlot *plot, const char *base_name)
{
  HlExportDialog *self = g_object_new (HL_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);

  self->plot = g_object_ref (plot);
  self->base_name = g_strdup (base_name);
  return GTK_WIDGET (self);
}
