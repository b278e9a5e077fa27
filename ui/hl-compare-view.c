/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-compare-view.c - the compare view's curves: one series per run, or per
 * seed-replicate group as the mean with a min-max band, in the Okabe-Ito
 * palette; metric picker, log axis, smoothing, legend toggles, exports. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-compare-view-private.h"
#include "hl-export-dialog.h"
#include "hl-export-folder.h"
#include "hl-format.h"
#include "hl-group-curve.h"
#include "hl-ui.h"

G_DEFINE_FINAL_TYPE (HlCompareView, hl_compare_view, GTK_TYPE_BOX)

static const struct {
  const char *name;
  const char *y_label;
} metrics[] = {
  { "train_loss",   N_("training loss") },
  { "val_loss",     N_("validation loss") },
  { "val_accuracy", N_("validation accuracy") },
  { "lr",           N_("learning rate") },
};

typedef struct {
  GArray *x, *y, *lo, *hi;   /* double */
  char   *label;
  char   *key;
} Curve;

static void
curve_clear (Curve *c)
{
  g_clear_pointer (&c->x, g_array_unref);
  g_clear_pointer (&c->y, g_array_unref);
  g_clear_pointer (&c->lo, g_array_unref);
  g_clear_pointer (&c->hi, g_array_unref);
  g_clear_pointer (&c->label, g_free);
  g_clear_pointer (&c->key, g_free);
}

static GArray *
doubles (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static const char *
run_label (const HlRun *run)
{
  return run->config && run->config->name && *run->config->name ? run->config->name : run->id;
}

const char *
hl_compare_view_curve_key (HlCompareView *self, const HlRun *run)
{
  guint members = 0;

  if (run->group == NULL)
    return run->id;
  for (guint i = 0; i < self->runs->len; i++)
    if (g_strcmp0 (((HlRun *) self->runs->pdata[i])->group, run->group) == 0)
      members++;
  return members >= 2 ? run->group : run->id;
}

guint
hl_compare_view_colour_of (HlCompareView *self, const HlRun *run)
{
  gpointer index = g_hash_table_lookup (self->colours, hl_compare_view_curve_key (self, run));

  return index ? GPOINTER_TO_UINT (index) - 1 : 0;
}

static void
fill_single (Curve *c, const HlRun *run, const char *metric)
{
  GArray *values = hl_metrics_get (&run->metrics, metric);
  guint n = hl_metrics_len (&run->metrics);

  c->x = doubles ();
  c->y = doubles ();
  /* a NaN is a point without that metric (validation runs every few
   * steps): left out, the others join up, as in the live plot (they were
   * drawn as loose dots) */
  for (guint i = 0; values != NULL && i < n; i++)
    {
      double x = (double) g_array_index (run->metrics.step, guint64, i);
      double y = g_array_index (values, double, i);
      if (!isfinite (y))
        continue;
      g_array_append_val (c->x, x);
      g_array_append_val (c->y, y);
    }
  c->label = g_strdup (run_label (run));
}

/* The group's mean and band, labelled with how many seeds it has over
 * which steps (a stopped seed was counted as covering the whole curve). */
static void
fill_group (Curve *c, GPtrArray *members, const char *metric)
{
  g_autoptr (HlGroupCurve) g = hl_group_curve_new (members, metric);
  g_autofree char *base = g_strdup (run_label (members->pdata[0]));
  g_autofree char *coverage = NULL;
  char *seed = strstr (base, " (seed ");

  c->x = g_array_ref (g->step);
  c->y = g_array_ref (g->mean);
  c->lo = g_array_ref (g->lo);
  c->hi = g_array_ref (g->hi);
  if (seed != NULL)
    *seed = '\0';
  if (hl_group_curve_len (g) == 0)
    {
      c->label = g_strdup (base);
      return;
    }
  coverage = hl_group_curve_describe (g);
  /* TRANSLATORS: "iris 16-16 tanh (mean of 3 seeds)" */
  c->label = g_strdup_printf (_("%s (%s)"), base, coverage);
}

static GArray *
build_curves (HlCompareView *self, const char *metric)
{
  GArray *curves = g_array_new (FALSE, TRUE, sizeof (Curve));

  g_array_set_clear_func (curves, (GDestroyNotify) curve_clear);
  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    {
      const HlRun *run = self->runs->pdata[i];
      const char *key = hl_compare_view_curve_key (self, run);
      Curve c = { 0 };

      if (g_hash_table_contains (self->colours, key))
        continue;
      g_hash_table_insert (self->colours, g_strdup (key), GUINT_TO_POINTER (curves->len + 1));
      c.key = g_strdup (key);
      if (key == run->id)
        fill_single (&c, run, metric);
      else
        {
          g_autoptr(GPtrArray) members = g_ptr_array_new ();
          for (guint j = i; j < self->runs->len; j++)
            if (g_strcmp0 (((HlRun *) self->runs->pdata[j])->group, key) == 0)
              g_ptr_array_add (members, self->runs->pdata[j]);
          fill_group (&c, members, metric);
        }
      /* kept, so colours still match the table, but said to be empty
       * (validation_split 0 has no validation curves) */
      if (c.x->len == 0)
        {
          char *label = g_strdup_printf (_("%s (not measured)"), c.label);

          g_free (c.label);
          c.label = label;
        }
      g_array_append_val (curves, c);
    }
  return curves;
}

static guint
metric_index (HlCompareView *self)
{
  guint i = gtk_drop_down_get_selected (self->metric_dropdown);

  return i < G_N_ELEMENTS (metrics) ? i : 0;
}

/* The item after the metrics: the confusion matrices in the plot's place. */
static gboolean
showing_confusion (HlCompareView *self)
{
  return gtk_drop_down_get_selected (self->metric_dropdown) == G_N_ELEMENTS (metrics);
}

static void
set_scales_sensitive (GtkWidget *widget, gboolean sensitive)
{
  if (GTK_IS_SCALE (widget))
    gtk_widget_set_sensitive (widget, sensitive);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    set_scales_sensitive (c, sensitive);
}

/* The page in the plot's place, and what goes with curves only (the log
 * axis, smoothing, the plot's export) off while the matrices show; each run
 * in its curve's colour. */
static void
update_page (HlCompareView *self)
{
  const gboolean confusion = showing_confusion (self);
  const gboolean any = self->runs != NULL && self->runs->len > 0;

  gtk_stack_set_visible_child_name (self->plot_stack, confusion ? "confusion" : "plot");
  gtk_widget_set_sensitive (GTK_WIDGET (self->log_button), !confusion);
  set_scales_sensitive (gtk_widget_get_parent (GTK_WIDGET (self->metric_dropdown)), !confusion);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_plot_button), any && !confusion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export-plot", any && !confusion);
  if (confusion)
    {
      g_autofree double *colours = g_new0 (double, 3 * MAX (any ? self->runs->len : 0, 1));

      for (guint i = 0; any && i < self->runs->len; i++)
        hl_plot_palette (hl_compare_view_colour_of (self, self->runs->pdata[i]),
                         &colours[3 * i], &colours[3 * i + 1], &colours[3 * i + 2]);
      hl_confusion_grid_set_runs (self->confusion_grid, self->runs, colours);
    }
  else
    hl_confusion_grid_set_runs (self->confusion_grid, NULL, NULL);
}

static void
rebuild_plot (HlCompareView *self)
{
  guint m = metric_index (self);
  g_autoptr(GArray) curves = NULL;
  g_autofree HlPlotSeries *series = NULL;
  g_autofree const char **labels = NULL, **keys = NULL;
  g_auto(GStrv) shown = NULL;

  g_hash_table_remove_all (self->colours);
  g_ptr_array_set_size (self->curve_keys, 0);
  curves = build_curves (self, metrics[m].name);
  /* runs of the same name (variations of one config) are told apart by id */
  labels = g_new0 (const char *, curves->len + 1);
  keys = g_new0 (const char *, curves->len + 1);
  for (guint i = 0; i < curves->len; i++)
    {
      labels[i] = g_array_index (curves, Curve, i).label;
      keys[i] = g_array_index (curves, Curve, i).key;
    }
  shown = hl_plot_distinct_labels (labels, keys, curves->len);
  series = g_new0 (HlPlotSeries, MAX (curves->len, 1));
  for (guint i = 0; i < curves->len; i++)
    {
      Curve *c = &g_array_index (curves, Curve, i);
      HlPlotSeries *s = &series[i];

      s->label = shown[i];
      hl_plot_palette (i, &s->r, &s->g, &s->b);
      s->x = (const double *) c->x->data;
      s->y = (const double *) c->y->data;
      s->n = c->x->len;
      s->band_lo = c->lo ? (const double *) c->lo->data : NULL;
      s->band_hi = c->hi ? (const double *) c->hi->data : NULL;
      s->hidden = g_hash_table_contains (self->hidden, c->key);
      s->axis = 0;
      s->percent = g_str_equal (metrics[m].name, "val_accuracy");
      s->dashed = (i / HL_PLOT_PALETTE_SIZE) % 2 == 1;   /* the colours came round again */
      g_ptr_array_add (self->curve_keys, g_strdup (c->key));
    }
  hl_plot_set_series (self->plot, series, curves->len);
  if (g_str_has_suffix (metrics[m].name, "_loss"))
    {
      const guint n_runs = self->runs != NULL ? self->runs->len : 0;   /* none compared yet */
      g_autofree char *label = hl_plot_loss_label (_(metrics[m].y_label),
                                                   hl_runs_count_regression (self->runs), n_runs);

      hl_plot_set_y_labels (self->plot, label, NULL);
    }
  else
    hl_plot_set_y_labels (self->plot, _(metrics[m].y_label), NULL);
}

static void
on_series_toggled (HlPlot *plot, guint index, gboolean hidden, HlCompareView *self)
{
  const char *key;

  if (index >= self->curve_keys->len)
    return;
  key = self->curve_keys->pdata[index];
  if (hidden)
    g_hash_table_add (self->hidden, g_strdup (key));
  else
    g_hash_table_remove (self->hidden, key);
}

static void
on_metric_changed (GObject *object, GParamSpec *pspec, HlCompareView *self)
{
  rebuild_plot (self);
  update_page (self);
}

static void
on_log_toggled (GtkToggleButton *button, HlCompareView *self)
{
  hl_plot_set_log_y (self->plot, gtk_toggle_button_get_active (button));
}

static void
on_smoothing_changed (GtkRange *range, HlCompareView *self)
{
  hl_plot_set_smoothing (self->plot, gtk_range_get_value (range));
}

static void
on_only_diff_changed (GObject *object, GParamSpec *pspec, HlCompareView *self)
{
  hl_compare_view_rebuild_table (self);
}

static void
on_export_plot_clicked (GtkButton *button, HlCompareView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = hl_export_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            self->plot, "comparison");

  hl_export_dialog_set_description (HL_EXPORT_DIALOG (dialog),
                                    _("The plot is exported as shown: runs, metric, log axis and smoothing."));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_table_chosen (GtkNativeDialog *native, int response, HlCompareView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      if (hl_compare_view_export_table (self, path, &error))
        hl_export_folder_remember (file);
      else
        hl_ui_toast (GTK_WIDGET (self), error->message, 6);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_export_table_clicked (GtkButton *button, HlCompareView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native =
    hl_export_chooser_new (_("Export Comparison Table"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                           "comparison.csv");

  g_signal_connect (native, "response", G_CALLBACK (on_table_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* the compact controls' menu */
static void
action_export_plot (GtkWidget *widget, const char *name, GVariant *param)
{
  on_export_plot_clicked (NULL, HL_COMPARE_VIEW (widget));
}

static void
action_export_table (GtkWidget *widget, const char *name, GVariant *param)
{
  on_export_table_clicked (NULL, HL_COMPARE_VIEW (widget));
}

static void
action_close (GtkWidget *widget, const char *name, GVariant *param)
{
  hl_compare_view_close (HL_COMPARE_VIEW (widget));
}

static void
hl_compare_view_dispose (GObject *object)
{
  HlCompareView *self = HL_COMPARE_VIEW (object);

  hl_compare_view_table_dispose (self);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->table, hl_compare_table_free);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  G_OBJECT_CLASS (hl_compare_view_parent_class)->dispose (object);
}

static void
hl_compare_view_finalize (GObject *object)
{
  HlCompareView *self = HL_COMPARE_VIEW (object);

  g_ptr_array_unref (self->curve_keys);
  g_hash_table_unref (self->hidden);
  g_hash_table_unref (self->colours);
  G_OBJECT_CLASS (hl_compare_view_parent_class)->finalize (object);
}

static void
hl_compare_view_class_init (HlCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_compare_view_dispose;
  object_class->finalize = hl_compare_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/hyperlab/Hyperlab/ui/hl-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, metric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, plot_stack);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, confusion_grid);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, log_button);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, smoothing_scale);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, export_plot_button);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, export_table_button);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, plot);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, only_diff_switch);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, table_grid);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, paned);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, table_scroller);
  gtk_widget_class_bind_template_child (widget_class, HlCompareView, limit_label);
  gtk_widget_class_install_action (widget_class, "compare.close", NULL, action_close);
  /* the exports in the compact controls' menu (the full row's buttons
   * call the same handlers, also in a view not in a window) */
  gtk_widget_class_install_action (widget_class, "compare.export-plot", NULL, action_export_plot);
  gtk_widget_class_install_action (widget_class, "compare.export-table", NULL, action_export_table);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "compare.close", NULL);
}

static void
hl_compare_view_init (HlCompareView *self)
{
  g_type_ensure (HL_TYPE_PLOT);
  g_type_ensure (HL_TYPE_CONFUSION_GRID);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->curve_keys = g_ptr_array_new_with_free_func (g_free);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->colours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (self->metric_dropdown, "notify::selected", G_CALLBACK (on_metric_changed), self);
  g_signal_connect (self->log_button, "toggled", G_CALLBACK (on_log_toggled), self);
  g_signal_connect (self->smoothing_scale, "value-changed", G_CALLBACK (on_smoothing_changed), self);
  g_signal_connect (self->only_diff_switch, "notify::active", G_CALLBACK (on_only_diff_changed), self);
  g_signal_connect (self->export_plot_button, "clicked", G_CALLBACK (on_export_plot_clicked), self);
  g_signal_connect (self->export_table_button, "clicked", G_CALLBACK (on_export_table_clicked), self);
  g_signal_connect (self->plot, "series-toggled", G_CALLBACK (on_series_toggled), self);
  hl_compare_view_table_init (self);
}

GtkWidget *
hl_compare_view_new (void)
{
  return g_object_new (HL_TYPE_COMPARE_VIEW, NULL);
}

void
hl_compare_view_set_registry (HlCompareView *self, HlPluginRegistry *registry)
{
  g_return_if_fail (HL_IS_COMPARE_VIEW (self));
  self->registry = registry;
}

void
hl_compare_view_set_runs (HlCompareView *self, GPtrArray *runs)
{
  g_return_if_fail (HL_IS_COMPARE_VIEW (self));
  if (runs != NULL)
    g_ptr_array_ref (runs);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->table, hl_compare_table_free);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->runs = runs;
  if (runs != NULL)
    self->table = hl_compare_table_new (runs, self->registry);
  rebuild_plot (self);
  hl_compare_view_rebuild_table (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_table_button), runs != NULL && runs->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export-table", runs != NULL && runs->len > 0);
  update_page (self);
}

void
hl_compare_view_start_over (HlCompareView *self)
{
  g_return_if_fail (HL_IS_COMPARE_VIEW (self));
  g_hash_table_remove_all (self->hidden);
}

GPtrArray *
hl_compare_view_get_runs (HlCompareView *self)
{
  return self->runs;
}

void
hl_compare_view_close (HlCompareView *self)
{
  g_return_if_fail (HL_IS_COMPARE_VIEW (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  hl_compare_view_set_runs (self, NULL);
  /* opened again, the table takes its minimum height (three rows), the
   * plot the rest; a handle the user moved stays while it is open */
  g_object_set (self->paned, "position-set", FALSE, NULL);
}

gboolean
hl_compare_view_show_ids (HlCompareView *self, HlStore *store, GPtrArray *ids, GError **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_run_free);
  guint n = MIN (ids->len, HL_COMPARE_MAX_RUNS);

  for (guint i = 0; i < n; i++)
    {
      HlRun *run = hl_store_load (store, ids->pdata[i], error);
      if (run == NULL)
        return FALSE;
      g_ptr_array_add (runs, run);
    }
  hl_compare_view_set_runs (self, runs);
  self->n_asked = ids->len;
  if (ids->len > n)
    {
      g_autofree char *total = hl_format_count (ids->len);
      /* TRANSLATORS: beside "Hyperparameters and Results" */
      g_autofree char *text = g_strdup_printf (_("the first %u of the %s selected, in the list’s order"),
                                               n, total);
      gtk_label_set_text (self->limit_label, text);
    }
  else
    /* emptied, not hidden: it takes the row's room, which keeps "Only
     * differences" at the right end (hidden, the switch moved up beside
     * the heading) */
    gtk_label_set_text (self->limit_label, "");
  return TRUE;
}

gboolean
hl_compare_view_shows_ids (HlCompareView *self, GPtrArray *ids)
{
  guint n = MIN (ids->len, HL_COMPARE_MAX_RUNS);

  g_autoptr(GHashTable) first = NULL;

  if (self->runs == NULL || self->runs->len != n || self->n_asked != ids->len)
    return FALSE;
  /* the same runs, in any order: the list sorted again reloads nothing */
  first = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (first, ids->pdata[i]);
  for (guint i = 0; i < n; i++)
    if (!g_hash_table_contains (first, ((HlRun *) self->runs->pdata[i])->id))
      return FALSE;
  return TRUE;
}

void
hl_compare_view_set_metric (HlCompareView *self, const char *metric)
{
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    if (g_strcmp0 (metrics[i].name, metric) == 0)
      gtk_drop_down_set_selected (self->metric_dropdown, i);
  if (g_strcmp0 (metric, HL_COMPARE_CONFUSION) == 0)
    gtk_drop_down_set_selected (self->metric_dropdown, G_N_ELEMENTS (metrics));
}

const char *
hl_compare_view_get_metric (HlCompareView *self)
{
  return showing_confusion (self) ? HL_COMPARE_CONFUSION : metrics[metric_index (self)].name;
}

HlConfusionGrid *
hl_compare_view_get_confusion_grid (HlCompareView *self)
{
  g_return_val_if_fail (HL_IS_COMPARE_VIEW (self), NULL);
  return self->confusion_grid;
}

void
hl_compare_view_set_only_differences (HlCompareView *self, gboolean only)
{
  gtk_switch_set_active (self->only_diff_switch, only);
}

gboolean
hl_compare_view_get_only_differences (HlCompareView *self)
{
  return gtk_switch_get_active (self->only_diff_switch);
}

HlPlot *
hl_compare_view_get_plot (HlCompareView *self)
{
  return self->plot;
}

gboolean
hl_compare_view_export_plot (HlCompareView *self, const char *path, double width,
                             double height, double scale, GError **error)
{
  return hl_plot_export_file (self->plot, path, width, height, scale, error);
}
