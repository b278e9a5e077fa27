/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list-toast.c - the delete toast is not dismissed while it slides
 * in (libadwaita 1.2.2 crashed then). */
#include "hl-run-list-private.h"

/* A toast dismissed while it still slid in crashed the app (SIGSEGV,
 * seen in full test suites on a busy machine): libadwaita 1.2.2 frees
 * the toast's record when its slide-out ends, and when the frames came so
 * far apart that the slide-in ended in the same frame, after the
 * slide-out, the slide-in's end read the freed record.  Undo clicked at
 * once did it: the toast's own button dismisses the toast right after the
 * click, whatever the list waits for.  So until a frame past the slide-in
 * the toast's "dismissed" handlers (the overlay's among them) are held
 * back; a dismissal asked for meanwhile (its Undo or close button, Escape,
 * the delete settled by the list) happens then.  Counted in frames: the 500 ms
 * timer this replaces (for the list's own dismissals only) could run
 * before any frame had ended the slide-in. */
#define TOAST_SLIDE_IN_MS 600   /* 300 ms (500 ms replacing a toast) and a margin */

typedef struct {
  AdwToast *toast;
  GArray   *held;      /* gulong: the handlers blocked; NULL once released */
  gulong    watch_id;
  gint64    until;     /* frame time (us) past the slide-in */
  gboolean  asked;     /* dismissed while held */
} ToastHold;

static void
on_held_toast_dismissed (AdwToast *toast, ToastHold *hold)
{
  hold->asked = TRUE;
}

static void
toast_hold_release (ToastHold *hold)
{
  if (hold->held == NULL)
    return;
  g_signal_handler_disconnect (hold->toast, hold->watch_id);
  for (guint i = 0; i < hold->held->len; i++)
    {
      gulong id = g_array_index (hold->held, gulong, i);

      /* the overlay disconnects its own as it goes */
      if (g_signal_handler_is_connected (hold->toast, id))
        g_signal_handler_unblock (hold->toast, id);
    }
  g_clear_pointer (&hold->held, g_array_unref);
  if (hold->asked)
    adw_toast_dismiss (hold->toast);
}

static gboolean
toast_hold_tick (GtkWidget *overlay, GdkFrameClock *clock, gpointer data)
{
  ToastHold *hold = data;

  if (gdk_frame_clock_get_frame_time (clock) < hold->until)
    return G_SOURCE_CONTINUE;
  toast_hold_release (hold);
  return G_SOURCE_REMOVE;
}

static void
toast_hold_free (gpointer data)
{
  ToastHold *hold = data;

  toast_hold_release (hold);   /* the overlay went first */
  g_object_unref (hold->toast);
  g_free (hold);
}

void
hl_run_list_hold_sliding_toast (AdwToastOverlay *overlay, AdwToast *toast)
{
  GtkWidget *widget = GTK_WIDGET (overlay);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint signal_id = g_signal_lookup ("dismissed", ADW_TYPE_TOAST);
  ToastHold *hold;
  gulong id;

  /* an overlay not shown shows it without a slide-in */
  if (clock == NULL || !gtk_widget_get_mapped (widget))
    return;
  hold = g_new0 (ToastHold, 1);
  hold->toast = g_object_ref (toast);
  hold->held = g_array_new (FALSE, FALSE, sizeof (gulong));
  while ((id = g_signal_handler_find (toast, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_UNBLOCKED, signal_id, 0,
                                      NULL, NULL, NULL)) != 0)
    {
      g_signal_handler_block (toast, id);
      g_array_append_val (hold->held, id);
    }
  hold->watch_id = g_signal_connect (toast, "dismissed", G_CALLBACK (on_held_toast_dismissed), hold);
  hold->until = gdk_frame_clock_get_frame_time (clock) + TOAST_SLIDE_IN_MS * G_TIME_SPAN_MILLISECOND;
  gtk_widget_add_tick_callback (widget, toast_hold_tick, hold, toast_hold_free);
}
