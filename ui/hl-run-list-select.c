/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list-select.c - Ctrl+click in the runs table toggles one run.
 *
 * In GTK 4.8 a GtkColumnView row and each of its cells are list item
 * widgets with a click gesture of their own, and both toggle the row on a
 * Ctrl+click: the run was selected and at once deselected, so only
 * neighbouring runs could be compared (Shift+click ranges and plain clicks
 * are the same done twice, which is harmless).  A gesture on the column
 * view sees the press first, toggles the row once through the row's own
 * "listitem.select" action (so the anchor for Shift+click and the focus
 * for Ctrl+Space move to it as GTK would) and claims the click. */
#include "hl-run-list-private.h"

/* The row widget under (x, y) of the column view; NULL on the headers. */
static GtkWidget *
row_at (GtkWidget *column_view, double x, double y)
{
  GtkWidget *w = gtk_widget_pick (column_view, x, y, GTK_PICK_DEFAULT);

  for (; w != NULL && w != column_view; w = gtk_widget_get_parent (w))
    if (g_strcmp0 (gtk_widget_get_css_name (w), "row") == 0)
      return w;
  return NULL;
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, HlRunList *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *row;

  /* Ctrl+Shift+click extends, which twice is the same as once */
  if ((state & GDK_CONTROL_MASK) == 0 || (state & GDK_SHIFT_MASK) != 0)
    return;
  row = row_at (GTK_WIDGET (self->column_view), x, y);
  if (row == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (row);
  gtk_widget_activate_action (row, "listitem.select", "(bb)", TRUE, FALSE);
}

void
hl_run_list_setup_ctrl_click (HlRunList *self)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
}
