/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ui.h - one call that makes the UI library ready: registers the
 * GResource (templates, style, shortcuts window) and the widget types that
 * templates name. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Call once before building any template (main, tests).  The resource
 * object lives in a static library: referencing it here is what makes the
 * linker keep it. */
void hl_ui_init (void);

/* A toast on the nearest AdwToastOverlay around widget (plain text, not
 * markup; timeout in seconds, 0 = until dismissed); a g_warning when there
 * is none.  The overlay keeps the last 16 messages as object data
 * "hl-toasts" (a GPtrArray of strings, for tests).  For failures the user must hear of: a
 * console warning alone reached nobody.  Returns the toast (the overlay's),
 * or NULL. */
AdwToast *hl_ui_toast (GtkWidget *widget, const char *message, guint timeout);
/* The same for a toast made ready by the caller (a button, a priority:
 * both count only as it is added), through hl_ui_add_toast (which takes
 * it); message is what the tests' list keeps.  FALSE (and the toast
 * freed) when widget has no overlay. */
gboolean  hl_ui_add_toast_recorded (GtkWidget *widget, AdwToast *toast, const char *message);

/* adw_toast_overlay_add_toast (takes the toast), made safe: libadwaita
 * 1.2.2 crashed when a toast was dismissed while it slid in, so the
 * toast's "dismissed" handlers connected by now (the overlay's among them)
 * are held back until a frame past its slide-in (also a slide-in that
 * comes later, queued or pushed back by a high-priority toast); a
 * dismissal asked for meanwhile happens then.  Every toast of the app goes
 * through here (hl-toast.c says why and how).  "dismissed" handlers
 * connected after the call hear the dismissal when it happens too. */
void hl_ui_add_toast (AdwToastOverlay *overlay, AdwToast *toast);
/* Whether the toast's dismissal was asked for and is held back by
 * hl_ui_add_toast: it is still shown, but goes soon (its "dismissed"
 * handlers have not run yet), so nothing new should be said on it. */
gboolean hl_ui_toast_is_dismissing (AdwToast *toast);

G_END_DECLS
