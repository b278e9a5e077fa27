/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion-grid.c - the compared runs' confusion matrices: a card per
 * run (swatch, name, "N % right (test set)", the matrix) in a GtkFlowBox
 * that reflows with the width, inside a vertically scrolling window; runs
 * without a matrix as cards saying why, no matrix at all as a status page.
 * The matrices are as large as the grid's height holds a whole card, from
 * their 200 px least to their natural size (about 360 px): in a low place
 * (a comparison under its run list) smaller and more to a line, not cut
 * off; below 200 px the grid scrolls. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include "hl-confusion-view.h"
#include "hl-format.h"
#include "hl-plot.h"
#include "hl-confusion-grid.h"

#define MATRIX_MIN  200   /* px: a matrix's least size */
#define SWATCH_SIZE 12

#define FLOW_MARGIN 12   /* px around the flow */
#define CARD_SPACING 4

struct _HlConfusionGrid
{
  GtkWidget parent_instance;

  GtkWidget *scroller;    /* the flow, scrolling vertically */
  GtkWidget *flow;
  GtkWidget *empty;       /* AdwStatusPage: no run has a matrix */
  guint      n_matrices;
  int        fit;         /* px: the matrices' side for the height, 0 = natural */
};

G_DEFINE_FINAL_TYPE (HlConfusionGrid, hl_confusion_grid, GTK_TYPE_WIDGET)

/* ---- a matrix's place: square, its side set by the grid --------------------- */

#define HL_TYPE_CONFUSION_FIT (hl_confusion_fit_get_type ())
G_DECLARE_FINAL_TYPE (HlConfusionFit, hl_confusion_fit, HL, CONFUSION_FIT, GtkWidget)

struct _HlConfusionFit
{
  GtkWidget parent_instance;

  GtkWidget *view;   /* the HlConfusionView */
  int        side;   /* px: its natural size, 0 = the view's own */
};

G_DEFINE_FINAL_TYPE (HlConfusionFit, hl_confusion_fit, GTK_TYPE_WIDGET)

/* The view's least side (MATRIX_MIN, or its own when larger) and natural one. */
static void
view_sides (GtkWidget *view, int *minimum, int *natural)
{
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, minimum, natural, NULL, NULL);
  *minimum = MAX (*minimum, MATRIX_MIN);
  *natural = MAX (*natural, *minimum);
}

static void
hl_confusion_fit_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                          int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  HlConfusionFit *self = HL_CONFUSION_FIT (widget);
  int min, nat;

  view_sides (self->view, &min, &nat);
  *minimum = min;
  *natural = self->side > 0 ? CLAMP (self->side, min, nat) : nat;
}

/* The view square at the top left, at most its natural side. */
static void
hl_confusion_fit_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  HlConfusionFit *self = HL_CONFUSION_FIT (widget);
  int min, nat, side;

  hl_confusion_fit_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  side = MIN (MIN (width, height), nat);
  gtk_widget_size_allocate (self->view, &(GtkAllocation) { 0, 0, side, side }, -1);
}

static void
hl_confusion_fit_dispose (GObject *object)
{
  HlConfusionFit *self = HL_CONFUSION_FIT (object);

  g_clear_pointer (&self->view, gtk_widget_unparent);
  G_OBJECT_CLASS (hl_confusion_fit_parent_class)->dispose (object);
}

static void
hl_confusion_fit_class_init (HlConfusionFitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_confusion_fit_dispose;
  widget_class->measure = hl_confusion_fit_measure;
  widget_class->size_allocate = hl_confusion_fit_size_allocate;
}

static void
hl_confusion_fit_init (HlConfusionFit *self)
{
}

static GtkWidget *
fit_new (GtkWidget *view)
{
  HlConfusionFit *self = g_object_new (HL_TYPE_CONFUSION_FIT, NULL);

  self->view = view;
  gtk_widget_set_parent (view, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

/* Sets the side, asking for a new measure only when it changes. */
static void
fit_set_side (HlConfusionFit *self, int side)
{
  if (self->side == side)
    return;
  self->side = side;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * hl_confusion_grid_missing_reason:
 *
 * The short line a run without a matrix shows, for the reason
 * hl_run_confusion_missing gives (the CLI's no_confusion_error in
 * app/hl-cli-plot.c says the same in longer sentences).
 */
const char *
hl_confusion_grid_missing_reason (const HlRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);
  switch (hl_run_confusion_missing (run))
    {
    case HL_CONFUSION_MISSING_NONE:
      return NULL;
    case HL_CONFUSION_MISSING_REGRESSION:
      return _("A regression has no classes to confuse");
    case HL_CONFUSION_MISSING_UNFINISHED:
      return _("Not finished: the matrix comes from the final test");
    case HL_CONFUSION_MISSING_DIVERGED:
      return _("Diverged, so it was not tested");
    case HL_CONFUSION_MISSING_NO_TEST:
      return _("No test results (its dataset has no test set)");
    case HL_CONFUSION_MISSING_TOO_MANY_CLASSES:
      return _("Over 100 classes: no matrix is kept");
    case HL_CONFUSION_MISSING_NOT_KEPT:
    default:
      return _("Recorded before matrices were kept, or over 100 classes");
    }
}

static const char *
run_name (const HlRun *run)
{
  return run->config != NULL && run->config->name != NULL && *run->config->name ? run->config->name : run->id;
}

/* ---- a card ------------------------------------------------------------------ */

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const double *rgb = data;
  const double r = 3;

  cairo_new_sub_path (cr);
  cairo_arc (cr, width - r, r, r, -G_PI / 2, 0);
  cairo_arc (cr, width - r, height - r, r, 0, G_PI / 2);
  cairo_arc (cr, r, height - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, r, r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_fill (cr);
}

/* The swatch and the name over a card. */
static GtkWidget *
heading (const HlRun *run, const double rgb[3])
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *name = gtk_label_new (run_name (run));
  double *copy = g_memdup2 (rgb, 3 * sizeof (double));
  g_autofree char *tooltip = NULL;

  gtk_widget_add_css_class (swatch, "hl-swatch");
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), SWATCH_SIZE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), SWATCH_SIZE);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (swatch), "hl-rgb", copy, g_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, copy, NULL);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (name, "hl-run-name");
  /* cut at its start, as the table's Run column: two runs of one config
   * with --set showed the same "fashion 256-128 relu ad…" over both
   * matrices (found by a review); names differ at their end */
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_START);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 1);   /* the matrix sets the card's width */
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  /* the full name, and the id where the name is not it */
  tooltip = g_str_equal (run_name (run), run->id) ? g_strdup (run->id)
                                                  : g_strdup_printf ("%s\n%s", run_name (run), run->id);
  gtk_widget_set_tooltip_text (name, tooltip);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), name);
  return box;
}

static GtkWidget *
line (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);   /* wrap at the card's width, not widen it */
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A run with a matrix: heading, how much it got right, the matrix. */
static GtkWidget *
matrix_card (const HlRun *run, const double rgb[3])
{
  const HlConfusion *c = run->summary.test_confusion;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, CARD_SPACING);
  GtkWidget *view = hl_confusion_view_new ();
  GtkWidget *fit;

  const guint64 total = hl_confusion_total (c);
  g_autofree char *percent = hl_format_percent (total > 0 ? (double) hl_confusion_correct (c) / total : NAN);
  /* TRANSLATORS: a run's test accuracy, "84.73 %", under its confusion matrix */
  g_autofree char *right = g_strdup_printf (_("%s right (test set)"), percent);

  gtk_box_append (GTK_BOX (card), heading (run, rgb));
  gtk_box_append (GTK_BOX (card), line (right, "hl-accuracy"));
  hl_confusion_view_set_matrix (HL_CONFUSION_VIEW (view), c->n_classes, (const char *const *) c->class_names,
                                c->counts);
  /* 200 px to its natural 360 px, as the grid's height holds; under the
   * heading in a wider place */
  fit = fit_new (view);
  gtk_widget_set_halign (fit, GTK_ALIGN_START);
  gtk_widget_set_valign (fit, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (card), fit);
  return card;
}

/* A run without: heading, and why in the space of a matrix. */
static GtkWidget *
placeholder_card (const HlRun *run, const double rgb[3])
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, CARD_SPACING);
  GtkWidget *why = line (hl_confusion_grid_missing_reason (run), "hl-missing-reason");

  gtk_widget_set_size_request (card, MATRIX_MIN, -1);
  gtk_box_append (GTK_BOX (card), heading (run, rgb));
  gtk_box_append (GTK_BOX (card), why);
  return card;
}

/* ---- the grid ------------------------------------------------------------------ */

/* The matrix place of a card (a flow box child), or NULL for a card without. */
static HlConfusionFit *
card_fit (GtkWidget *flow_child)
{
  GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (flow_child));

  for (GtkWidget *c = gtk_widget_get_first_child (card); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (HL_IS_CONFUSION_FIT (c))
      return HL_CONFUSION_FIT (c);
  return NULL;
}

/* With overhead NULL: sets every matrix's side to side (0 = natural);
 * else *overhead: the most a card with a matrix is taller than its matrix,
 * at its natural width (the least the flow gives it). */
static void
for_each_fit (HlConfusionGrid *self, int side, int *overhead)
{
  if (overhead != NULL)
    *overhead = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (self->flow); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      HlConfusionFit *fit;
      int width, height, matrix;

      if (!GTK_IS_FLOW_BOX_CHILD (c) || (fit = card_fit (c)) == NULL)
        continue;
      if (overhead != NULL)
        {
          gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
          gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
          gtk_widget_measure (GTK_WIDGET (fit), GTK_ORIENTATION_VERTICAL, -1, NULL, &matrix, NULL, NULL);
          *overhead = MAX (*overhead, height - matrix);
        }
      else
        fit_set_side (fit, side);
    }
}

/* The matrices' side for a grid height px high: the whole card in the
 * scroller's page, between the matrices' least and natural sides (0). */
static void
fit_height (HlConfusionGrid *self, int height)
{
  GtkWidget *first = NULL;
  int overhead, min, nat, room, side;

  for (GtkWidget *c = gtk_widget_get_first_child (self->flow); c != NULL && first == NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_FLOW_BOX_CHILD (c) && card_fit (c) != NULL)
      first = card_fit (c)->view;
  if (first == NULL)
    return;
  view_sides (first, &min, &nat);
  for_each_fit (self, 0, &overhead);
  room = height - 2 * FLOW_MARGIN - overhead;
  side = room >= nat ? 0 : MAX (room, min);
  /* Only on a change (no allocation loop).  Queued here, before the
   * scroller is allocated, the new side is measured in this allocation. */
  if (side != self->fit)
    {
      self->fit = side;
      for_each_fit (self, side, NULL);
    }
}

static void
hl_confusion_grid_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  *minimum = *natural = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int min, nat;

      if (!gtk_widget_should_layout (c))
        continue;
      gtk_widget_measure (c, orientation, for_size, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static void
hl_confusion_grid_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  HlConfusionGrid *self = HL_CONFUSION_GRID (widget);

  if (gtk_widget_get_visible (self->scroller) && self->n_matrices > 0)
    fit_height (self, height);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_should_layout (c))
      gtk_widget_size_allocate (c, &(GtkAllocation) { 0, 0, width, height }, baseline);
}

void
hl_confusion_grid_set_runs (HlConfusionGrid *self, GPtrArray *runs, const double *colours)
{
  GtkWidget *child;
  const char *shared_reason = NULL;
  gboolean one_reason = TRUE;
  const guint n = runs != NULL ? runs->len : 0;

  g_return_if_fail (HL_IS_CONFUSION_GRID (self));
  while ((child = gtk_widget_get_first_child (self->flow)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->flow), child);
  self->n_matrices = 0;
  for (guint i = 0; i < n; i++)
    {
      const HlRun *run = g_ptr_array_index (runs, i);
      double rgb[3];

      if (colours != NULL)
        memcpy (rgb, colours + 3 * i, sizeof rgb);
      else
        hl_plot_palette (i, &rgb[0], &rgb[1], &rgb[2]);
      if (run->summary.test_confusion != NULL)
        {
          gtk_flow_box_append (GTK_FLOW_BOX (self->flow), matrix_card (run, rgb));
          self->n_matrices++;
        }
      else
        {
          const char *why = hl_confusion_grid_missing_reason (run);

          gtk_flow_box_append (GTK_FLOW_BOX (self->flow), placeholder_card (run, rgb));
          if (shared_reason != NULL && !g_str_equal (shared_reason, why))
            one_reason = FALSE;
          shared_reason = why;
        }
    }
  /* no matrix at all: say so once, and why when the runs share the reason */
  if (n > 0 && self->n_matrices == 0)
    adw_status_page_set_description (ADW_STATUS_PAGE (self->empty),
                                     one_reason ? shared_reason
                                                : _("A matrix is kept for classification runs that finished "
                                                    "their test pass."));
  gtk_widget_set_visible (self->empty, n > 0 && self->n_matrices == 0);
  gtk_widget_set_visible (self->scroller, !(n > 0 && self->n_matrices == 0));
  /* the new matrices at the side the height holds (and again at the next
   * allocation, their headings' height being theirs) */
  for_each_fit (self, self->fit, NULL);
}

guint
hl_confusion_grid_get_n_matrices (HlConfusionGrid *self)
{
  g_return_val_if_fail (HL_IS_CONFUSION_GRID (self), 0);
  return self->n_matrices;
}

GtkWidget *
hl_confusion_grid_new (void)
{
  return g_object_new (HL_TYPE_CONFUSION_GRID, NULL);
}

static void
hl_confusion_grid_dispose (GObject *object)
{
  HlConfusionGrid *self = HL_CONFUSION_GRID (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->empty, gtk_widget_unparent);
  G_OBJECT_CLASS (hl_confusion_grid_parent_class)->dispose (object);
}

static void
hl_confusion_grid_class_init (HlConfusionGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_confusion_grid_dispose;
  widget_class->measure = hl_confusion_grid_measure;
  widget_class->size_allocate = hl_confusion_grid_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "hl-confusion-grid");
}

static void
hl_confusion_grid_init (HlConfusionGrid *self)
{
  self->flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->flow), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flow), 24);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->flow), 18);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->flow), 18);
  gtk_widget_set_valign (self->flow, GTK_ALIGN_START);
  gtk_widget_set_margin_start (self->flow, FLOW_MARGIN);
  gtk_widget_set_margin_end (self->flow, FLOW_MARGIN);
  gtk_widget_set_margin_top (self->flow, FLOW_MARGIN);
  gtk_widget_set_margin_bottom (self->flow, FLOW_MARGIN);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->flow);
  /* the flow at its natural height: the viewport's default (its minimum)
   * squeezed the matrices to their 200 px */
  gtk_scrollable_set_vscroll_policy (GTK_SCROLLABLE (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller))),
                                     GTK_SCROLL_NATURAL);
  gtk_widget_set_hexpand (self->scroller, TRUE);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->empty = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (self->empty), _("None of these runs has a confusion matrix"));
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty), "dialog-information-symbolic");
  gtk_widget_add_css_class (self->empty, "compact");
  gtk_widget_set_visible (self->empty, FALSE);
  gtk_widget_set_parent (self->empty, GTK_WIDGET (self));
}
