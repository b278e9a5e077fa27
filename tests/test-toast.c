/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-toast.c - toasts dismissed while they slide in (hl_ui_add_toast):
 * libadwaita 1.2.2 crashed then, when the slide-in and the slide-out
 * ended in the same frame (a busy machine).  Each test keeps the main loop
 * busy so that the next frame ends both, and scribbles over freed memory
 * as `meson test` does (MALLOC_PERTURB_), so that reading the freed
 * record crashes at once. */
#include <malloc.h>
#include <adwaita.h>
#include "hl-ui.h"
#include "test-gui-util.h"

typedef struct {
  GtkWidget *window;
  GtkWidget *overlay;
  GtkWidget *label;     /* the overlay's child: hl_ui_toast finds the overlay from it */
  gboolean   perturbed;
} Fixture;

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
#ifdef M_PERTURB
  if (g_getenv ("MALLOC_PERTURB_") == NULL)
    f->perturbed = mallopt (M_PERTURB, 0xa5) == 1;
#endif
  f->window = gtk_window_new ();
  f->overlay = adw_toast_overlay_new ();
  f->label = gtk_label_new ("Toasts");
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (f->overlay), f->label);
  gtk_window_set_child (GTK_WINDOW (f->window), f->overlay);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 600, 400);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (test_wait_until (is_drawn, f->label, 5000));
  test_spin_loop (100);   /* frames running */
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  test_spin_loop (100);
#ifdef M_PERTURB
  if (f->perturbed)
    mallopt (M_PERTURB, 0);
#endif
}

/* The overlay's widget showing toast (mapped), or NULL. */
static GtkWidget *
toast_widget (GtkWidget *overlay, AdwToast *toast)
{
  for (GtkWidget *c = gtk_widget_get_first_child (overlay); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      g_autoptr(AdwToast) shown = NULL;

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (c), "toast") == NULL)
        continue;
      g_object_get (c, "toast", &shown, NULL);
      if (shown == toast && gtk_widget_get_mapped (c))
        return c;
    }
  return NULL;
}

typedef struct {
  GtkWidget *overlay;
  AdwToast  *toast;
} Shown;

static gboolean
is_shown (gpointer data)
{
  Shown *s = data;

  return toast_widget (s->overlay, s->toast) != NULL;
}

static gboolean
is_gone (gpointer data)
{
  return !is_shown (data);
}

static void
on_dismissed (AdwToast *toast, guint *count)
{
  (*count)++;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The idles due run (libadwaita's and ours), then no frame for ms: the
 * next frame ends the animations started before. */
static void
run_idles_then_block (guint ms)
{
  gboolean idle_done = FALSE;

  g_idle_add_full (G_PRIORITY_LOW, set_flag, &idle_done, NULL);
  while (!idle_done)
    g_main_context_iteration (NULL, TRUE);
  g_usleep (ms * 1000);
}

/* A toast of hl_ui_toast dismissed by the app while it slides in: the
 * training view's checkpoint toast, dismissed as the run ends (a run that
 * ends right after it came was the likeliest real crash). */
static void
test_dismissed_sliding_in (Fixture *f, gconstpointer data)
{
  g_autoptr(AdwToast) toast = g_object_ref (hl_ui_toast (f->label, "The run's progress is not being saved", 0));
  Shown s = { f->overlay, toast };

  g_assert_true (is_shown (&s));   /* shown at once, sliding in */
  adw_toast_dismiss (toast);
  run_idles_then_block (450);      /* the next frame ends both animations */
  g_assert_true (test_wait_until (is_gone, &s, 3000));
  test_spin_loop (300);
}

/* A toast queued behind another slides in when that one goes; dismissed
 * just then, it crashed the same way. */
static void
test_queued_dismissed_sliding_in (Fixture *f, gconstpointer data)
{
  g_autoptr(AdwToast) first = g_object_ref (hl_ui_toast (f->label, "First", 0));
  g_autoptr(AdwToast) second = NULL;
  Shown s1 = { f->overlay, first };
  Shown s2 = { f->overlay, NULL };
  guint dismissed = 0;

  test_spin_loop (1000);   /* the first fully shown */
  second = adw_toast_new ("Second");
  s2.toast = second;
  g_signal_connect (second, "dismissed", G_CALLBACK (on_dismissed), &dismissed);
  hl_ui_add_toast (ADW_TOAST_OVERLAY (f->overlay), g_object_ref (second));
  test_spin_loop (100);
  g_assert_false (is_shown (&s2));   /* queued */
  adw_toast_dismiss (first);
  g_assert_true (test_wait_until (is_shown, &s2, 3000));
  adw_toast_dismiss (second);   /* as it slides in */
  run_idles_then_block (650);   /* its slide-in (500 ms, replacing) and slide-out end in one frame */
  g_assert_true (test_wait_until (is_gone, &s2, 3000));
  g_assert_true (is_gone (&s1));
  test_spin_loop (300);
  g_assert_cmpuint (dismissed, ==, 1);
}

/* A high-priority toast pushes the shown one back into the queue (it
 * slides out); dismissed at once, it brought the pushed one back before
 * that one's slide-out ended (an assertion in libadwaita), and the pushed
 * one, sliding in again, is held the same way. */
static void
test_pushed_back (Fixture *f, gconstpointer data)
{
  g_autoptr(AdwToast) first = g_object_ref (hl_ui_toast (f->label, "First", 0));
  g_autoptr(AdwToast) urgent = adw_toast_new ("Urgent");
  Shown s1 = { f->overlay, first };
  Shown su = { f->overlay, urgent };
  guint dismissed = 0;

  /* connected after the toast was added: it hears the dismissal once too */
  g_signal_connect (first, "dismissed", G_CALLBACK (on_dismissed), &dismissed);
  test_spin_loop (1000);
  adw_toast_set_priority (urgent, ADW_TOAST_PRIORITY_HIGH);
  hl_ui_add_toast (ADW_TOAST_OVERLAY (f->overlay), g_object_ref (urgent));
  g_assert_true (is_shown (&su));
  adw_toast_dismiss (urgent);
  run_idles_then_block (100);
  /* the first comes back, and is dismissed as it slides in again */
  g_assert_true (test_wait_until (is_gone, &su, 3000));
  g_assert_true (test_wait_until (is_shown, &s1, 3000));
  adw_toast_dismiss (first);
  run_idles_then_block (650);
  g_assert_true (test_wait_until (is_gone, &s1, 3000));
  test_spin_loop (300);
  g_assert_cmpuint (dismissed, ==, 1);
}

/* Dismissed while still queued, a toast goes without ever sliding in. */
static void
test_queued_dismissed (Fixture *f, gconstpointer data)
{
  g_autoptr(AdwToast) first = g_object_ref (hl_ui_toast (f->label, "First", 0));
  g_autoptr(AdwToast) second = adw_toast_new ("Second");
  Shown s2 = { f->overlay, second };
  guint dismissed = 0;

  g_signal_connect (second, "dismissed", G_CALLBACK (on_dismissed), &dismissed);
  hl_ui_add_toast (ADW_TOAST_OVERLAY (f->overlay), g_object_ref (second));
  adw_toast_dismiss (second);
  test_spin_loop (300);
  g_assert_cmpuint (dismissed, ==, 1);
  adw_toast_dismiss (first);
  test_spin_loop (1500);
  g_assert_false (is_shown (&s2));
}

/* The window closed while a dismissal is held, and while a toast waits
 * in the queue: each toast's handlers hear it once, nothing is left. */
static void
test_closed_while_held (Fixture *f, gconstpointer data)
{
  g_autoptr(AdwToast) first = adw_toast_new ("First");
  g_autoptr(AdwToast) second = adw_toast_new ("Second");
  guint dismissed[2] = { 0, 0 };

  g_signal_connect (first, "dismissed", G_CALLBACK (on_dismissed), &dismissed[0]);
  g_signal_connect (second, "dismissed", G_CALLBACK (on_dismissed), &dismissed[1]);
  hl_ui_add_toast (ADW_TOAST_OVERLAY (f->overlay), g_object_ref (first));
  hl_ui_add_toast (ADW_TOAST_OVERLAY (f->overlay), g_object_ref (second));
  adw_toast_dismiss (first);   /* held: it slides in */
  g_assert_cmpuint (dismissed[0], ==, 0);
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  test_spin_loop (300);
  g_assert_cmpuint (dismissed[0], ==, 1);
  g_assert_cmpuint (dismissed[1], ==, 1);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  hl_ui_init ();
  g_test_add ("/toast/dismissed-sliding-in", Fixture, NULL, fixture_setup,
              test_dismissed_sliding_in, fixture_teardown);
  g_test_add ("/toast/queued-dismissed-sliding-in", Fixture, NULL, fixture_setup,
              test_queued_dismissed_sliding_in, fixture_teardown);
  g_test_add ("/toast/pushed-back", Fixture, NULL, fixture_setup,
              test_pushed_back, fixture_teardown);
  g_test_add ("/toast/queued-dismissed", Fixture, NULL, fixture_setup,
              test_queued_dismissed, fixture_teardown);
  g_test_add ("/toast/closed-while-held", Fixture, NULL, fixture_setup,
              test_closed_while_held, fixture_teardown);
  return g_test_run ();
}
