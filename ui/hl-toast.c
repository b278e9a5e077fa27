/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-toast.c - toasts are not dismissed while they slide in (libadwaita
 * 1.2.2 crashed then). */
#include "hl-ui.h"

/* A toast dismissed while it still slid in crashed the app (SIGSEGV, seen
 * in full test suites on a busy machine, first with the Runs list's delete
 * toast): libadwaita 1.2.2's AdwToastOverlay frees the toast's record
 * (ToastInfo) when its slide-out ends, and when the frames came so far
 * apart that the slide-in ended in the same frame, after the slide-out
 * (whose tick callback, added later, runs first), the slide-in's "done"
 * read the freed record.  Nothing the app waits for on its own helps: the
 * toast's close and Undo buttons, its timeout and Escape dismiss it
 * directly.
 *
 * So every toast goes through hl_ui_add_toast, and its "dismissed"
 * handlers (the overlay's among them) stay blocked while it is held; a
 * dismissal asked for meanwhile (its watch below sees it) is passed on
 * once it is safe:
 *
 * - A toast slides in when the overlay shows it (its show_toast): at once
 *   when added to an empty overlay or with high priority, or, QUEUED, when
 *   the toast shown before it is dismissed; one pushed back by a
 *   high-priority toast slides out, waits in the queue and later slides in
 *   again.  Each time, the overlay makes a new AdwToastWidget (its
 *   "toast" property names the toast) its last child and starts the
 *   slide-in (300 ms, 500 ms when replacing a toast) at the frame clock's
 *   time of that moment.  That only happens inside adw_toast_overlay_add_toast
 *   and inside a toast's "dismissed" emission, both of which pass through
 *   here (add, release), so the overlay's children are looked at right
 *   after each (and at each frame while a slide-in runs, as a backstop):
 *   a new widget for a toast is a new slide-in, timed with the frame
 *   clock as read then (not before the slide-in's own start).
 * - A toast is safe once a frame at least TOAST_SLIDE_IN_MS past its
 *   latest slide-in has run its tick callbacks: that frame ended the
 *   slide-in for sure.  The dismissal happens in an idle after that frame
 *   (not in the tick itself: an earlier slide-out, e.g. of the toast the
 *   held one pushed back, may still have to end in that frame, and a
 *   toast shown again before its slide-out ended trips an assertion in
 *   the overlay).
 * - A toast never shown (still queued) is safe: the overlay just drops
 *   it.  So is every toast of an overlay not mapped: unmapping skips the
 *   animations, and none starts on an unmapped overlay.
 *
 * Toasts added to the overlay otherwise than through hl_ui_add_toast are
 * not seen when their dismissal shows a held toast (only at the next
 * frame a held slide-in requests): every toast of the app comes here. */
#define TOAST_SLIDE_IN_MS 600   /* 300 ms (500 ms replacing a toast) and a margin */
#define HOLDS_KEY "hl-toast-holds"

typedef struct _ToastHolds ToastHolds;

typedef struct {
  ToastHolds *holds;
  AdwToast   *toast;
  GArray     *blocked;    /* gulong: its "dismissed" handlers blocked */
  gulong      watch_id;
  GWeakRef    widget;     /* its AdwToastWidget seen last */
  gint64      shown_at;   /* frame time (us) of its latest slide-in; 0: never shown */
  gboolean    safe;       /* not sliding in (never shown, or a frame past it) */
  gboolean    asked;      /* dismissed while held */
} ToastHold;

struct _ToastHolds {
  GtkWidget *overlay;     /* not a ref: the holds go with it */
  GPtrArray *all;         /* ToastHold */
  guint      tick_id;
  guint      idle_id;
  gboolean   releasing;   /* in holds_release_asked */
  gboolean   gone;        /* the overlay went meanwhile: freed after */
};

static gboolean holds_update (ToastHolds *holds);
static void     holds_free (gpointer data, GObject *where_the_overlay_was);

static AdwToast *
toast_of_child (GtkWidget *child)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (child), "toast");
  AdwToast *toast = NULL;

  if (pspec == NULL || pspec->value_type != ADW_TYPE_TOAST)
    return NULL;
  g_object_get (child, "toast", &toast, NULL);
  if (toast != NULL)
    g_object_unref (toast);   /* the widget keeps it */
  return toast;
}

static ToastHold *
holds_find (ToastHolds *holds, AdwToast *toast)
{
  for (guint i = 0; i < holds->all->len; i++)
    {
      ToastHold *hold = holds->all->pdata[i];

      if (hold->toast == toast)
        return hold;
    }
  return NULL;
}

/* Marks the toasts that began to slide in since the last look; now: the
 * frame clock's time, read after the overlay started the slide-ins. */
static void
holds_scan (ToastHolds *holds, gint64 now)
{
  gboolean animated = gtk_widget_get_mapped (holds->overlay);

  for (GtkWidget *child = gtk_widget_get_first_child (holds->overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToast *toast = toast_of_child (child);
      ToastHold *hold = toast != NULL ? holds_find (holds, toast) : NULL;
      GtkWidget *seen;

      if (hold == NULL)
        continue;
      seen = g_weak_ref_get (&hold->widget);
      if (seen != child)
        {
          g_weak_ref_set (&hold->widget, child);
          hold->shown_at = now;
          hold->safe = !animated;
        }
      g_clear_object (&seen);
    }
}

static gint64
holds_now (ToastHolds *holds)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (holds->overlay);

  return clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
}

static void
hold_free (ToastHold *hold)
{
  g_weak_ref_clear (&hold->widget);
  g_clear_pointer (&hold->blocked, g_array_unref);
  g_object_unref (hold->toast);
  g_free (hold);
}

/* Unblocks the toast's handlers and, when it was dismissed meanwhile,
 * dismisses it again for them; the hold is gone after. */
static void
hold_release (ToastHold *hold)
{
  AdwToast *toast = g_object_ref (hold->toast);
  gboolean asked = hold->asked;

  g_signal_handler_disconnect (toast, hold->watch_id);
  for (guint i = 0; i < hold->blocked->len; i++)
    {
      gulong id = g_array_index (hold->blocked, gulong, i);

      /* the overlay disconnects its own as it drops the toast */
      if (g_signal_handler_is_connected (toast, id))
        g_signal_handler_unblock (toast, id);
    }
  hold_free (hold);
  if (asked)
    adw_toast_dismiss (toast);
  g_object_unref (toast);
}

static gboolean
holds_release_asked (gpointer data)
{
  ToastHolds *holds = data;
  gboolean again = TRUE;

  holds->idle_id = 0;
  holds->releasing = TRUE;
  /* a dismissal may add, show or dismiss toasts (or close the window):
   * looked for anew each time */
  while (again && !holds->gone)
    {
      again = FALSE;
      for (guint i = 0; i < holds->all->len; i++)
        {
          ToastHold *hold = holds->all->pdata[i];

          if (hold->asked && hold->safe)
            {
              g_ptr_array_remove_index (holds->all, i);
              hold_release (hold);
              /* the toast queued next may have begun to slide in */
              if (!holds->gone)
                holds_scan (holds, holds_now (holds));
              again = TRUE;
              break;
            }
        }
    }
  holds->releasing = FALSE;
  if (holds->gone)
    holds_free (holds, NULL);
  else
    holds_update (holds);
  return G_SOURCE_REMOVE;
}

static gboolean
holds_tick (GtkWidget *overlay, GdkFrameClock *clock, gpointer data)
{
  ToastHolds *holds = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  holds_scan (holds, now);
  for (guint i = 0; i < holds->all->len; i++)
    {
      ToastHold *hold = holds->all->pdata[i];

      if (!hold->safe && now >= hold->shown_at + TOAST_SLIDE_IN_MS * G_TIME_SPAN_MILLISECOND)
        hold->safe = TRUE;
    }
  if (holds_update (holds))
    return G_SOURCE_CONTINUE;
  holds->tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Frames while a held toast slides in (returns whether one does); an
 * idle for the dismissals due. */
static gboolean
holds_update (ToastHolds *holds)
{
  gboolean sliding = FALSE, due = FALSE;

  if (!gtk_widget_get_mapped (holds->overlay))
    for (guint i = 0; i < holds->all->len; i++)
      ((ToastHold *) holds->all->pdata[i])->safe = TRUE;
  for (guint i = 0; i < holds->all->len; i++)
    {
      ToastHold *hold = holds->all->pdata[i];

      sliding |= !hold->safe;
      due |= hold->asked && hold->safe;
    }
  if (sliding && holds->tick_id == 0)
    holds->tick_id = gtk_widget_add_tick_callback (holds->overlay, holds_tick, holds, NULL);
  if (due && holds->idle_id == 0)
    holds->idle_id = g_idle_add (holds_release_asked, holds);
  return sliding;
}

#define DISMISSING_KEY "hl-toast-dismissing"

static void
on_held_toast_dismissed (AdwToast *toast, ToastHold *hold)
{
  hold->asked = TRUE;
  g_object_set_data (G_OBJECT (toast), DISMISSING_KEY, GINT_TO_POINTER (TRUE));
  /* handlers connected after the hold hear it when it happens, as the others */
  g_signal_stop_emission_by_name (toast, "dismissed");
  holds_update (hold->holds);
}

/* The overlay goes (its dispose dropped its toasts, dismissing them): the
 * dismissals held are passed on now, the overlay's handlers being gone. */
static void
holds_free (gpointer data, GObject *where_the_overlay_was)
{
  ToastHolds *holds = data;

  if (!holds->gone)
    {
      holds->gone = TRUE;
      g_object_set_data (where_the_overlay_was, HOLDS_KEY, NULL);
      if (holds->tick_id != 0)
        gtk_widget_remove_tick_callback (holds->overlay, holds->tick_id);
      g_clear_handle_id (&holds->idle_id, g_source_remove);
      while (holds->all->len > 0)
        hold_release (g_ptr_array_steal_index (holds->all, holds->all->len - 1));
    }
  if (holds->releasing)
    return;   /* holds_release_asked frees it as it returns */
  g_ptr_array_unref (holds->all);
  g_free (holds);
}

void
hl_ui_add_toast (AdwToastOverlay *overlay, AdwToast *toast)
{
  GObject *object = G_OBJECT (overlay);
  ToastHolds *holds = g_object_get_data (object, HOLDS_KEY);
  guint signal_id = g_signal_lookup ("dismissed", ADW_TYPE_TOAST);
  ToastHold *hold;
  gulong id;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));
  if (holds == NULL)
    {
      holds = g_new0 (ToastHolds, 1);
      holds->overlay = GTK_WIDGET (overlay);
      holds->all = g_ptr_array_new ();
      g_object_set_data (object, HOLDS_KEY, holds);
      g_object_weak_ref (object, holds_free, holds);
    }
  hold = g_new0 (ToastHold, 1);
  hold->holds = holds;
  hold->toast = g_object_ref (toast);
  hold->safe = TRUE;   /* until it slides in */
  g_weak_ref_init (&hold->widget, NULL);
  g_ptr_array_add (holds->all, hold);
  adw_toast_overlay_add_toast (overlay, toast);   /* takes the caller's ref */
  hold->blocked = g_array_new (FALSE, FALSE, sizeof (gulong));
  while ((id = g_signal_handler_find (toast, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_UNBLOCKED, signal_id, 0,
                                      NULL, NULL, NULL)) != 0)
    {
      g_signal_handler_block (toast, id);
      g_array_append_val (hold->blocked, id);
    }
  hold->watch_id = g_signal_connect (toast, "dismissed", G_CALLBACK (on_held_toast_dismissed), hold);
  holds_scan (holds, holds_now (holds));
  holds_update (holds);
}

gboolean
hl_ui_toast_is_dismissing (AdwToast *toast)
{
  g_return_val_if_fail (ADW_IS_TOAST (toast), FALSE);
  return g_object_get_data (G_OBJECT (toast), DISMISSING_KEY) != NULL;
}
