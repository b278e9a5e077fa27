/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-form-util.h - small helpers shared by the form groups: spin buttons,
 * log-scale stepping (config-path tags on rows and marking invalid rows:
 * hl-form-marks.h, included). */
#pragma once

#include <adwaita.h>
#include "hl-config.h"
#include "hl-form-marks.h"

G_BEGIN_DECLS

/* A spin button for a row suffix: vertically centred, accessible label set. */
/* Every spin button under root keeps its value when the text typed is not a
 * number (GTK would take 0 and clamp it); hl_form_spin_new does it itself. */
void       hl_form_spins_keep_on_bad_input (GtkWidget *root);
/* text as a whole is a finite number (in either locale's format, or with
 * a decimal comma that cannot be a thousands separator; spaces around
 * allowed): TRUE and *value. */
gboolean   hl_form_parse_number (const char *text, double *value);
GtkWidget *hl_form_spin_new (double lower, double upper, double step,
                             guint digits, const char *accessible_label);

/* Turn a spin button into a log-scale one: the adjustment holds log10 of the
 * value, so each step multiplies or divides by 10^(step).  Use the _real
 * accessors to read and write the actual value. */
void   hl_form_spin_set_log_scale (GtkSpinButton *spin, double min, double max, double step);
/* set_real shows a config's value (with enough decimals to show it in full)
 * and remembers it exactly: until the spin is changed, get_real returns it
 * as given, even where the spin cannot hold it (outside its range, between
 * log steps), so untouched fields are never rewritten. */
double hl_form_spin_get_real (GtkSpinButton *spin);
void   hl_form_spin_set_real (GtkSpinButton *spin, double value);
/* set_real for a spin with its own output and input handlers (the
 * minibatch spin's "All"): the adjustment is put at `shown` and `value` is
 * remembered as given; get_exact gives it while the spin still holds
 * `shown` (for those handlers to show and read it). */
void     hl_form_spin_set_exact (GtkSpinButton *spin, double value, double shown);
gboolean hl_form_spin_get_exact (GtkSpinButton *spin, double *value);
/* For a spin's own input handler: `typed`, the number read from the text,
 * replaces the config's exact value unless it is that value; new_value is
 * what the handler gives the adjustment. */
void     hl_form_spin_take_typed (GtkSpinButton *spin, double typed, double new_value);
/* Whether the value shown is no longer the one set_real put there. */
gboolean hl_form_spin_touched (GtkSpinButton *spin);

/* Show the value with up to 6 significant digits ("0.0001", "1e-05")
 * instead of a fixed number of decimals. */
void   hl_form_spin_set_compact (GtkSpinButton *spin);

/* An AdwActionRow with a suffix widget that it activates. */
GtkWidget *hl_form_action_row_new (const char *title, const char *subtitle, GtkWidget *suffix);

/* Set the accessible label of a control (for rows' suffix widgets). */
void hl_form_set_label (GtkWidget *widget, const char *label);

/* Read the number typed into the spin that has the focus in widget's
 * window, if one has: a spin reads its text on Return or on losing the
 * focus, and a shortcut (Ctrl+Return, Ctrl+S, Alt+F) does neither. */
void hl_form_commit_focused_spin (GtkWidget *widget);


G_END_DECLS
