/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-util.h - helpers for the GUI tests: find form rows by config
 * path, poke their controls, spin the main loop until a condition holds. */
#pragma once

#include <adwaita.h>
#include "hl-config-panel.h"

G_BEGIN_DECLS

/* A config panel showing config (plugins from registry), presented in a
 * new window; the window is returned, the panel in *panel. */
GtkWidget *test_present_panel (const HlConfig *config, HlPluginRegistry *registry,
                               HlConfigPanel **panel);
/* The row tagged with this config path below root (NULL if none). */
GtkWidget *test_find_row (GtkWidget *root, const char *path);
/* First descendant of root of the given type (depth first), or NULL. */
GtkWidget *test_find_child (GtkWidget *root, GType type);
/* root or its first descendant that is a GtkLabel showing text, or NULL. */
GtkWidget *test_find_label (GtkWidget *root, const char *text);
/* A label below root, drawn, that shows text (or a text holding it) in
 * full: not cut with "…", inside the window's width; NULL if none. */
GtkWidget *test_find_readable_label (GtkWidget *root, const char *text);
/* The same, once the layout shows it (a layout after a change can take
 * longer than a fixed wait on a loaded machine); NULL after timeout_ms. */
GtkWidget *test_wait_readable_label (GtkWidget *root, const char *text, guint timeout_ms);
/* The first window shown of the given type (a dialog), or NULL. */
GtkWindow *test_find_toplevel (GType type);
/* First descendant of root whose action name is action, or NULL. */
GtkWidget *test_find_actionable (GtkWidget *root, const char *action);
/* Set the spin button inside the row of `path` (fails the test if absent). */
void       test_set_spin (GtkWidget *root, const char *path, double value);
/* Iterate the default main context until cond (data) is TRUE or timeout_ms
 * passed; returns cond's final value. */
gboolean   test_wait_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms);
/* Iterate for ms milliseconds. */
void       test_spin_loop (guint ms);
/* The X window of a shown window, 0 on another backend. */
gulong     test_window_xid (GtkWidget *window);
/* Runs `xdotool args` (fails the test if it fails): real pointer and keys
 * through the X server, which a GTK test cannot make itself. */
void       test_xdotool (const char *args);

G_END_DECLS
