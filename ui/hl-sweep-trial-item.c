/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-trial-item.c - a trial of the sweep dialog's run page, and the
 * rows a GtkListView makes for the ones on screen (bound and unbound as
 * they scroll by). */
#include <glib/gi18n.h>
#include "hl-sweep-trial-item.h"

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HlSweepTrialItem, hl_sweep_trial_item, G_TYPE_OBJECT)

static void
hl_sweep_trial_item_finalize (GObject *object)
{
  HlSweepTrialItem *self = HL_SWEEP_TRIAL_ITEM (object);

  g_free (self->title);
  g_free (self->tooltip);
  g_free (self->score_tooltip);
  g_free (self->subtitle);
  g_free (self->score);
  G_OBJECT_CLASS (hl_sweep_trial_item_parent_class)->finalize (object);
}

static void
hl_sweep_trial_item_class_init (HlSweepTrialItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hl_sweep_trial_item_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 0);
}

static void
hl_sweep_trial_item_init (HlSweepTrialItem *self)
{
  self->score = g_strdup ("");
  self->subtitle = g_strdup ("");
}

HlSweepTrialItem *
hl_sweep_trial_item_new (guint index, guint number_width, const char *title, const char *tooltip,
                         const char *score_tooltip)
{
  HlSweepTrialItem *self = g_object_new (HL_TYPE_SWEEP_TRIAL_ITEM, NULL);

  self->index = index;
  self->number_width = number_width;
  self->title = g_strdup (title);
  self->tooltip = g_strdup (tooltip);
  self->score_tooltip = g_strdup (score_tooltip);
  return self;
}

void
hl_sweep_trial_item_set_state (HlSweepTrialItem *self, const char *subtitle, const char *score,
                               gboolean training, gboolean failed)
{
  g_return_if_fail (HL_IS_SWEEP_TRIAL_ITEM (self));
  if (g_strcmp0 (self->subtitle, subtitle) == 0 && g_strcmp0 (self->score, score) == 0
      && self->training == training && self->failed == failed)
    return;
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_free (self->score);
  self->score = g_strdup (score);
  self->training = training;
  self->failed = failed;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
hl_sweep_trial_item_set_best (HlSweepTrialItem *self, gboolean best)
{
  g_return_if_fail (HL_IS_SWEEP_TRIAL_ITEM (self));
  if (self->best == best)
    return;
  self->best = best;
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- rows ------------------------------------------------------------------------ */

typedef struct {
  AdwActionRow     *row;
  GtkLabel         *number;
  GtkSpinner       *spinner;
  GtkLabel         *score;
  GtkWidget        *star;
  HlSweepTrialItem *item;      /* bound, or NULL */
  gulong            changed_id;
} Row;

static void
show_item (Row *r)
{
  const HlSweepTrialItem *item = r->item;
  g_autofree char *number = g_strdup_printf ("#%u", item->index);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), item->title);
  adw_action_row_set_subtitle (r->row, item->subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (r->row), item->tooltip);
  gtk_label_set_text (r->number, number);
  gtk_label_set_width_chars (r->number, (int) item->number_width);
  gtk_label_set_text (r->score, item->score);
  gtk_widget_set_tooltip_text (GTK_WIDGET (r->score), item->score_tooltip);
  gtk_spinner_set_spinning (r->spinner, item->training);
  gtk_widget_set_visible (GTK_WIDGET (r->spinner), item->training);
  gtk_widget_set_visible (r->star, item->best);
  if (item->best)
    gtk_widget_add_css_class (GTK_WIDGET (r->row), "hl-best-trial");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (r->row), "hl-best-trial");
  if (item->failed)
    gtk_widget_add_css_class (GTK_WIDGET (r->row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (r->row), "error");
}

static void
on_setup (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Row *r = g_new0 (Row, 1);
  GtkWidget *box;

  r->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (r->row), FALSE);
  r->number = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (r->number), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (r->number), "numeric");
  gtk_label_set_xalign (r->number, 1);
  adw_action_row_add_prefix (r->row, GTK_WIDGET (r->number));
  r->spinner = GTK_SPINNER (gtk_spinner_new ());
  r->score = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (r->score), "numeric");
  r->star = gtk_image_new_from_icon_name ("starred-symbolic");
  gtk_widget_set_tooltip_text (r->star, _("The best so far"));
  gtk_widget_add_css_class (r->star, "accent");
  adw_action_row_add_suffix (r->row, GTK_WIDGET (r->spinner));
  adw_action_row_add_suffix (r->row, GTK_WIDGET (r->score));
  adw_action_row_add_suffix (r->row, r->star);
  /* an AdwActionRow is a GtkListBoxRow: it asserts once focused outside
   * a GtkListBox; the list item is what takes the focus */
  box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "hl-trial-row");
  gtk_widget_set_can_focus (box, FALSE);
  gtk_list_box_append (GTK_LIST_BOX (box), GTK_WIDGET (r->row));
  g_object_set_data_full (G_OBJECT (box), "hl-trial-row", r, g_free);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static Row *
row_of (GtkListItem *list_item)
{
  return g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "hl-trial-row");
}

static void
on_item_changed (HlSweepTrialItem *item, Row *r)
{
  show_item (r);
}

static void
on_bind (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Row *r = row_of (list_item);

  r->item = gtk_list_item_get_item (list_item);
  r->changed_id = g_signal_connect (r->item, "changed", G_CALLBACK (on_item_changed), r);
  show_item (r);
}

static void
on_unbind (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Row *r = row_of (list_item);

  if (r->item != NULL)
    g_clear_signal_handler (&r->changed_id, r->item);
  r->item = NULL;
}

GtkListItemFactory *
hl_sweep_trial_item_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), NULL);
  return factory;
}
