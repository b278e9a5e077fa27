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
/* TRUE once no label below root shows text readably (a layout that puts
 * it away, e.g. into a menu); FALSE if one still does after timeout_ms. */
gboolean   test_wait_readable_label_gone (GtkWidget *root, const char *text, guint timeout_ms);
/* The first window shown of the given type (a dialog), or NULL. */
GtkWindow *test_find_toplevel (GType type);
/* First descendant of root whose action name is action, or NULL. */
GtkWidget *test_find_actionable (GtkWidget *root, const char *action);
/* Set the spin button inside the row of `path` (fails the test if absent). */
void       test_set_spin (GtkWidget *root, const char *path, double value);
/* Iterate the default main context until cond (data) is TRUE or timeout_ms
 * passed; returns cond's final value. */
gboolean   test_wait_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms);
/* Iterate until widget's frame clock has drawn n more frames (each one
 * lays out what was queued before it), or timeout_ms passed; returns
 * whether it did.  A fixed wait may see no frame at all on a loaded
 * machine. */
gboolean   test_wait_frames (GtkWidget *widget, guint n, guint timeout_ms);
/* Sets window's default size to width × height and iterates until
 * reached (data) is TRUE, asking again every 2 s (a size asked for as the
 * window's first size comes from the X server can be lost on a loaded
 * machine: the window stays as it was); FALSE after timeout_ms. */
gboolean   test_resize_window (GtkWidget *window, int width, int height,
                               gboolean (*reached) (gpointer), gpointer data, guint timeout_ms);
/* Iterate for ms milliseconds. */
void       test_spin_loop (guint ms);
/* The X window of a shown window, 0 on another backend. */
gulong     test_window_xid (GtkWidget *window);
/* Runs `xdotool args` (fails the test if it fails): real pointer and keys
 * through the X server, which a GTK test cannot make itself. */
void       test_xdotool (const char *args);

G_END_DECLS
