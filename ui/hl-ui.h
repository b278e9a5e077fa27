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

G_END_DECLS
