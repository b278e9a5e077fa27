/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion-view.c - the confusion matrix widget: copies of the counts
 * drawn by the cairo renderer in plot units (larger with large text), the
 * hovered cell outlined and read out in a tooltip. */
#include <math.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include "hl-confusion-render.h"
#include "hl-run.h"
#include "hl-format.h"
#include "hl-plot.h"
#include "hl-confusion-view.h"

#define MIN_SIZE     160   /* plot units: smaller leaves no room for the names */
#define NATURAL_SIZE 360

struct _HlConfusionView
{
  GtkWidget parent_instance;

  /* owned */
  guint     n;
  char    **names;        /* n strings, or NULL */
  guint64  *counts;       /* n × n, row = true class; NULL when n is 0 */
  int       hover_row, hover_col;   /* -1: none */
  gboolean  dark;
};

G_DEFINE_FINAL_TYPE (HlConfusionView, hl_confusion_view, GTK_TYPE_WIDGET)

static void
options (HlConfusionView *self, HlConfusionOptions *opts)
{
  hl_confusion_options_init (opts);
  opts->dark = self->dark;
  opts->hover_row = self->hover_row;
  opts->hover_col = self->hover_col;
}

void
hl_confusion_view_draw (HlConfusionView *self, cairo_t *cr, double width, double height)
{
  HlConfusionOptions opts;

  g_return_if_fail (HL_IS_CONFUSION_VIEW (self));
  options (self, &opts);
  hl_confusion_render (cr, width, height, self->n, (const char *const *) self->names, self->counts, &opts);
}

static void
hl_confusion_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  const double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  const double scale = hl_plot_widget_text_scale (widget);
  cairo_t *cr;

  if (w < 1 || h < 1)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  /* in plot units, larger with large text, like HlPlot */
  cairo_scale (cr, scale, scale);
  hl_confusion_view_draw (HL_CONFUSION_VIEW (widget), cr, w / scale, h / scale);
  cairo_destroy (cr);
}

static void
hl_confusion_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  const double scale = hl_plot_widget_text_scale (widget);

  *minimum = (int) ceil (MIN_SIZE * scale);
  *natural = (int) ceil (NATURAL_SIZE * scale);
}

/* ---- hover ----------------------------------------------------------------- */

/* The cell under widget point (x, y). */
static gboolean
cell_at (HlConfusionView *self, double x, double y, guint *row, guint *col)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const double scale = hl_plot_widget_text_scale (widget);
  HlConfusionOptions opts;
  HlConfusionLayout layout;

  if (self->n == 0)
    return FALSE;
  options (self, &opts);
  hl_confusion_compute_layout (gtk_widget_get_width (widget) / scale, gtk_widget_get_height (widget) / scale,
                               self->n, (const char *const *) self->names, self->counts, &opts, &layout);
  return hl_confusion_layout_cell_at (&layout, x / scale, y / scale, row, col);
}

char *
hl_confusion_view_readout_at (HlConfusionView *self, double x, double y)
{
  guint row, col;

  g_return_val_if_fail (HL_IS_CONFUSION_VIEW (self), NULL);
  if (!cell_at (self, x, y, &row, &col))
    return NULL;
  return hl_confusion_readout (self->n, (const char *const *) self->names, self->counts, row, col);
}

static void
set_hover (HlConfusionView *self, int row, int col)
{
  if (row == self->hover_row && col == self->hover_col)
    return;
  self->hover_row = row;
  self->hover_col = col;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, HlConfusionView *self)
{
  guint row, col;

  if (cell_at (self, x, y, &row, &col))
    set_hover (self, (int) row, (int) col);
  else
    set_hover (self, -1, -1);
}

static void
on_leave (HlConfusionView *self)
{
  set_hover (self, -1, -1);
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  g_autofree char *text = hl_confusion_view_readout_at (HL_CONFUSION_VIEW (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_dark_changed (HlConfusionView *self, GParamSpec *pspec, AdwStyleManager *manager)
{
  self->dark = adw_style_manager_get_dark (manager);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- data ------------------------------------------------------------------ */

/* What a screen reader says: the classes and how many examples were right. */
static void
update_description (HlConfusionView *self)
{
  guint64 total = 0, right = 0;
  g_autofree char *text = NULL, *right_s = NULL, *total_s = NULL, *percent = NULL;

  for (guint r = 0; r < self->n; r++)
    for (guint c = 0; c < self->n; c++)
      {
        total += self->counts[(gsize) r * self->n + c];
        if (r == c)
          right += self->counts[(gsize) r * self->n + c];
      }
  if (self->n == 0 || total == 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("No test results"), -1);
      return;
    }
  right_s = hl_format_count (right);
  total_s = hl_format_count (total);
  percent = hl_format_percent ((double) right / total);
  /* TRANSLATORS: a confusion matrix for screen readers: "10 classes, 8,523
   * of 10,000 test examples classified right (85.23 %)" */
  text = g_strdup_printf (ngettext ("%u class, %s of %s test examples classified right (%s)",
                                    "%u classes, %s of %s test examples classified right (%s)", self->n),
                          self->n, right_s, total_s, percent);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

void
hl_confusion_view_set_matrix (HlConfusionView *self, guint n_classes,
                              const char *const *class_names, const guint64 *counts)
{
  g_return_if_fail (HL_IS_CONFUSION_VIEW (self));
  g_return_if_fail (n_classes == 0 || counts != NULL);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->counts, g_free);
  self->n = n_classes;
  if (n_classes > 0)
    {
      /* kept in the order shown: the hovered cell is then the one read out */
      g_autofree guint *order = hl_confusion_display_order (n_classes, class_names);

      self->counts = g_new (guint64, (gsize) n_classes * n_classes);
      for (guint i = 0; i < n_classes; i++)
        for (guint j = 0; j < n_classes; j++)
          self->counts[(gsize) i * n_classes + j] = counts[(gsize) order[i] * n_classes + order[j]];
      if (class_names != NULL)
        {
          self->names = g_new0 (char *, n_classes + 1);
          for (guint i = 0; i < n_classes; i++)
            self->names[i] = class_names[order[i]] ? g_strdup (class_names[order[i]])
                                                   : g_strdup_printf ("%u", order[i]);
        }
    }
  self->hover_row = self->hover_col = -1;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
hl_confusion_view_get_n_classes (HlConfusionView *self)
{
  g_return_val_if_fail (HL_IS_CONFUSION_VIEW (self), 0);
  return self->n;
}

/* ---- GObject --------------------------------------------------------------- */

static void
hl_confusion_view_finalize (GObject *object)
{
  HlConfusionView *self = HL_CONFUSION_VIEW (object);

  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->counts, g_free);
  G_OBJECT_CLASS (hl_confusion_view_parent_class)->finalize (object);
}

static void
hl_confusion_view_class_init (HlConfusionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hl_confusion_view_finalize;
  widget_class->snapshot = hl_confusion_view_snapshot;
  widget_class->measure = hl_confusion_view_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "hl-plot");
}

static void
hl_confusion_view_init (HlConfusionView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover_row = self->hover_col = -1;
  self->dark = adw_style_manager_get_dark (manager);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Confusion matrix"), -1);
  update_description (self);
}

GtkWidget *
hl_confusion_view_new (void)
{
  return g_object_new (HL_TYPE_CONFUSION_VIEW, NULL);
}
