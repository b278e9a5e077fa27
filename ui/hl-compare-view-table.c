/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-compare-view-table.c - the compare view's table: one row per run with
 * its colour, the config fields shown ("only differences" by default), the
 * results with the best of each column marked, and per-run exports. */
#include <glib/gi18n.h>
#include "hl-compare-view-private.h"
#include "hl-ui.h"
#include "hl-export-folder.h"

#define TABLE_MIN_HEIGHT 100   /* about the header and two rows */
#define TABLE_MAX_HEIGHT 240   /* all rows up to this height, when the user drags for them */
#define TABLE_ROWS_IN_VIEW 3   /* rows the table keeps in view (it scrolls to the others) */
#define RUN_NAME_CHARS   32    /* the widest a run's name is shown */

static GtkWidget *
cell (const char *text, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* copyable with the mouse, but not a Tab stop each: Tab walked through
   * every cell of the table before leaving the page */
  gtk_widget_set_focusable (label, FALSE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
run_cell (HlCompareView *self, const HlRun *run)
{
  double r, g, b;
  const char *name = run->config && run->config->name && *run->config->name ? run->config->name : run->id;
  g_autofree char *dot = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *key, *label;

  /* the curve's colour, as the plot's legend shows it */
  hl_plot_palette (hl_compare_view_colour_of (self, run), &r, &g, &b);
  dot = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">●</span>",
                         (int) (r * 255), (int) (g * 255), (int) (b * 255));
  key = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (key), dot);
  gtk_box_append (GTK_BOX (box), key);
  label = cell (name, FALSE);
  /* a long name (a CLI run's "sine regression 32-32 tanh adam ·
   * training.epochs=3, …") took half the table's width and pushed the
   * results, meant to stay in view beside it, off to the right (found by
   * a review): cut at its start, whole in the tooltip.  Names differ at
   * their end: a sweep's trial "spiral lr × batch #5 · lr=0.6767,
   * batch=32" lost its "#5" when cut in the middle. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
  gtk_label_set_max_width_chars (GTK_LABEL (label), RUN_NAME_CHARS);
  /* and never less: the table's scroller gives a cell its minimum width,
   * which for a cut label is "…" */
  gtk_label_set_width_chars (GTK_LABEL (label), (int) MIN (g_utf8_strlen (name, -1) + 1, RUN_NAME_CHARS));
  gtk_box_append (GTK_BOX (box), label);
  if (run->config && run->config->name && *run->config->name)
    {
      g_autofree char *tip = g_strdup_printf ("%s\n%s", run->config->name, run->id);
      gtk_widget_set_tooltip_text (box, tip);
    }
  else
    gtk_widget_set_tooltip_text (box, run->id);
  return box;
}

static GtkWidget *
status_cell (const HlRun *run)
{
  GtkWidget *label = cell (hl_compare_run_status_label (run), FALSE);

  /* marked as the Runs page marks it */
  if (run->status == HL_RUN_STATUS_INTERRUPTED)
    gtk_widget_add_css_class (label, "warning");
  return label;
}

static void
on_export_chosen (GtkNativeDialog *native, int response, HlCompareView *self)
{
  guint run = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (native), "run"));
  gboolean metrics = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "metrics"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean ok = metrics ? hl_compare_view_export_metrics (self, run, path, &error)
                            : hl_compare_view_export_config (self, run, path, &error);
      if (ok)
        hl_export_folder_remember (file);
      else
        hl_ui_toast (GTK_WIDGET (self), error->message, 6);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_export_run_clicked (GtkButton *button, HlCompareView *self)
{
  guint run = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "run"));
  gboolean metrics = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "metrics"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  if (self->runs == NULL || run >= self->runs->len)
    return;
  name = g_strconcat (((HlRun *) self->runs->pdata[run])->id, metrics ? ".csv" : ".hyperlab.json", NULL);
  native = hl_export_chooser_new (metrics ? _("Export Metrics") : _("Export Config"),
                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, name);
  g_object_set_data (G_OBJECT (native), "run", GUINT_TO_POINTER (run));
  g_object_set_data (G_OBJECT (native), "metrics", GINT_TO_POINTER (metrics));
  g_signal_connect (native, "response", G_CALLBACK (on_export_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static GtkWidget *
export_buttons (HlCompareView *self, guint run)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  for (int metrics = 0; metrics < 2; metrics++)
    {
      GtkWidget *button = gtk_button_new_with_label (metrics ? _("CSV") : _("Config"));
      gtk_widget_set_tooltip_text (button, metrics ? _("Export this run's metrics as CSV")
                                                   : _("Export this run's config as JSON"));
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "run", GUINT_TO_POINTER (run));
      g_object_set_data (G_OBJECT (button), "metrics", GINT_TO_POINTER (metrics));
      g_signal_connect (button, "clicked", G_CALLBACK (on_export_run_clicked), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
add_header (HlCompareView *self)
{
  guint n_results = hl_compare_results_n ();
  int col = 0;

  /* results right after the name: the marked best values stay in view */
  gtk_grid_attach (self->table_grid, cell (_("Run"), TRUE), col++, 0, 1, 1);
  /* why a diverged or cancelled run has dashes where results go */
  gtk_grid_attach (self->table_grid, cell (_("Status"), TRUE), col++, 0, 1, 1);
  for (guint r = 0; r < n_results; r++)
    gtk_grid_attach (self->table_grid, cell (_(hl_compare_results_get (r)->title), TRUE), col++, 0, 1, 1);
  for (guint p = 0; p < self->shown->len; p++)
    gtk_grid_attach (self->table_grid, cell (self->shown->pdata[p], TRUE), col++, 0, 1, 1);
}

static void
add_run_row (HlCompareView *self, guint i)
{
  const HlRun *run = self->runs->pdata[i];
  guint n_results = hl_compare_results_n ();
  int col = 0, row = (int) i + 1;

  gtk_grid_attach (self->table_grid, run_cell (self, run), col++, row, 1, 1);
  gtk_grid_attach (self->table_grid, status_cell (run), col++, row, 1, 1);
  for (guint r = 0; r < n_results; r++)
    {
      g_autofree char *text = hl_compare_result_format (run, r);
      GtkWidget *label = cell (text, FALSE);

      gtk_widget_add_css_class (label, "numeric");
      int best = hl_compare_table_best_run (self->table, r);

      /* ties share the mark */
      if (best >= 0 && hl_compare_result_value (run, r) == hl_compare_result_value (self->runs->pdata[best], r))
        {
          g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
          gtk_label_set_markup (GTK_LABEL (label), markup);
          gtk_widget_add_css_class (label, "accent");
          gtk_widget_set_tooltip_text (label, _("Best in this column"));
        }
      gtk_grid_attach (self->table_grid, label, col++, row, 1, 1);
    }
  for (guint p = 0; p < self->shown->len; p++)
    gtk_grid_attach (self->table_grid,
                     cell (hl_compare_table_get_value (self->table, i, self->shown->pdata[p]), FALSE),
                     col++, row, 1, 1);
  gtk_grid_attach (self->table_grid, export_buttons (self, i), col, row, 1, 1);
}

/* The grid's height down to the end of its data row n (its heading is row
 * 0), as it lays the rows out: each row as tall as its tallest cell. */
static int
rows_height (HlCompareView *self, int n)
{
  GtkGrid *grid = self->table_grid;
  int height = gtk_widget_get_margin_top (GTK_WIDGET (grid));

  for (int r = 0; r <= n; r++)
    {
      int row = -1;

      for (int c = 0; ; c++)
        {
          GtkWidget *child = gtk_grid_get_child_at (grid, c, r);
          int nat = 0;

          if (child == NULL)
            break;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &nat, NULL, NULL);
          row = MAX (row, nat);
        }
      if (row < 0)
        break;   /* fewer rows */
      height += row + (r > 0 ? gtk_grid_get_row_spacing (grid) : 0);
    }
  return height;
}

/* The bar for scrolling sideways is shown: the table is wider than its view. */
static gboolean
has_bar (HlCompareView *self)
{
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (self->table_scroller);

  return gtk_adjustment_get_upper (h) - gtk_adjustment_get_lower (h) > gtk_adjustment_get_page_size (h) + 0.5;
}

/* The table shows its heading and three rows (it scrolls to the others):
 * the paned gives it its minimum height by default, the plot, what the
 * comparison is for, the rest.  It took 190 px (its heading and four rows
 * of five) and more, and the plot sat at its minimum in a 1280x720 window
 * (found by a GUI pass).  A paned with a fixed minimum cut the third row
 * of three in half: the rows' own heights count.  The bar for scrolling
 * sideways takes its own height while it is shown (always counted, it
 * showed half a fourth row in a wide window). */
static void
apply_table_height (HlCompareView *self)
{
  int fit = MAX (self->rows_height + (has_bar (self) ? self->bar_height : 0), TABLE_MIN_HEIGHT);

  /* in this order: the minimum is never above the maximum */
  gtk_scrolled_window_set_max_content_height (self->table_scroller, MAX (fit, TABLE_MAX_HEIGHT));
  gtk_scrolled_window_set_min_content_height (self->table_scroller, fit);
}

static void
fit_table (HlCompareView *self)
{
  int nat = 0;
  GtkWidget *grid = GTK_WIDGET (self->table_grid);
  GtkWidget *hbar = gtk_scrolled_window_get_hscrollbar (self->table_scroller);

  gtk_widget_measure (grid, GTK_ORIENTATION_VERTICAL, -1, NULL, &nat, NULL, NULL);
  gtk_widget_measure (hbar, GTK_ORIENTATION_VERTICAL, -1, NULL, &self->bar_height, NULL, NULL);
  self->rows_height = MIN (nat, rows_height (self, TABLE_ROWS_IN_VIEW) + gtk_widget_get_margin_bottom (grid));
  apply_table_height (self);
}

static gboolean
refit_table (gpointer data)
{
  HlCompareView *self = data;

  self->fit_id = 0;
  apply_table_height (self);
  return G_SOURCE_REMOVE;
}

/* The table's width or its view's changed, and with them maybe whether
 * the bar is shown: its height follows after the layout (a size changed
 * in the layout is not laid out again). */
static void
on_table_width_changed (GtkAdjustment *adjustment, HlCompareView *self)
{
  if (self->fit_id == 0 && self->rows_height > 0)
    self->fit_id = g_idle_add (refit_table, self);
}

void
hl_compare_view_table_init (HlCompareView *self)
{
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->table_scroller), "changed",
                           G_CALLBACK (on_table_width_changed), self, 0);
}

void
hl_compare_view_table_dispose (HlCompareView *self)
{
  g_clear_handle_id (&self->fit_id, g_source_remove);
}

void
hl_compare_view_rebuild_table (HlCompareView *self)
{
  clear_grid (self->table_grid);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  if (self->table == NULL || self->runs == NULL || self->runs->len == 0)
    return;
  self->shown = hl_compare_table_get_paths (self->table, hl_compare_view_get_only_differences (self));
  add_header (self);
  for (guint i = 0; i < self->runs->len; i++)
    add_run_row (self, i);
  fit_table (self);
}

char **
hl_compare_view_get_shown_fields (HlCompareView *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **fields;

  for (guint i = 0; self->shown != NULL && i < self->shown->len; i++)
    g_strv_builder_add (builder, self->shown->pdata[i]);
  fields = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return fields;
}

int
hl_compare_view_get_best_row (HlCompareView *self, const char *result_key)
{
  if (self->table == NULL)
    return -1;
  for (guint r = 0; r < hl_compare_results_n (); r++)
    if (g_strcmp0 (hl_compare_results_get (r)->key, result_key) == 0)
      return hl_compare_table_best_run (self->table, r);
  return -1;
}

static gboolean
write_text (const char *path, const char *text, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    return TRUE;
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO, "%s", local->message);
  return FALSE;
}

gboolean
hl_compare_view_export_table (HlCompareView *self, const char *path, GError **error)
{
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  if (self->table == NULL)
    {
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND, "%s", _("no runs to export"));
      return FALSE;
    }
  csv = hl_compare_table_to_csv (self->table, self->shown ? self->shown : empty);
  return write_text (path, csv, error);
}

static const HlRun *
nth_run (HlCompareView *self, guint run, GError **error)
{
  if (self->runs != NULL && run < self->runs->len)
    return self->runs->pdata[run];
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND, _("no run at row %u"), run);
  return NULL;
}

gboolean
hl_compare_view_export_config (HlCompareView *self, guint run, const char *path, GError **error)
{
  const HlRun *r = nth_run (self, run, error);
  g_autoptr (HlConfig) config = r != NULL ? hl_run_dup_effective_config (r) : NULL;

  return config != NULL && hl_config_save (config, path, error);
}

gboolean
hl_compare_view_export_metrics (HlCompareView *self, guint run, const char *path, GError **error)
{
  const HlRun *r = nth_run (self, run, error);
  g_autofree char *csv = r ? hl_run_metrics_to_csv (r) : NULL;

  return r != NULL && write_text (path, csv, error);
}
