/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-form-util.h - small helpers shared by the form groups: spin buttons,
 * log-scale stepping, config-path tags on rows and marking invalid rows. */
#pragma once

#include <adwaita.h>
#include "hl-config.h"

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
/* Whether the value shown is no longer the one set_real put there. */
gboolean hl_form_spin_touched (GtkSpinButton *spin);

/* Show the value with up to 6 significant digits ("0.0001", "1e-05")
 * instead of a fixed number of decimals. */
void   hl_form_spin_set_compact (GtkSpinButton *spin);

/* An AdwActionRow with a suffix widget that it activates. */
GtkWidget *hl_form_action_row_new (const char *title, const char *subtitle, GtkWidget *suffix);

/* Tag a row with the config path it edits ("optimizer.learning_rate").
 * With prefix TRUE the row is also marked for any issue below that path. */
void        hl_form_set_path (GtkWidget *row, const char *path, gboolean prefix);
const char *hl_form_get_path (GtkWidget *row);

/* Clear previous marks below root, then mark every tagged row that an issue
 * (HlConfigIssue) names: "error" style class, tooltip and subtitle with the
 * validator's message (an entry row, which has no subtitle: the message
 * wrapped on a row just under it).  Returns the number of issues that
 * found no row. */
guint hl_form_mark_issues (GtkWidget *root, GPtrArray *issues);
/* The first row below root, in the form's order, that shows an issue
 * (inside a marked expander, its marked row, the field to fix), made
 * visible and focused: expanders around it opened, its control (a spin, a
 * button) or else the row given the focus, scrolled to.  NULL if none. */
GtkWidget *hl_form_focus_first_mark (GtkWidget *root);
/* TRUE when a visible row under root would show an issue at issue_path. */
gboolean hl_form_has_row_for (GtkWidget *root, const char *issue_path);
/* An issue as the form words it (new string): the config's message, or
 * for a few, words that name the form's controls instead of JSON. */
char *hl_form_issue_text (const HlConfigIssue *issue);
/* The same, with the config paths it names ("dataset.test_split", or a
 * field's own name such as "validation_split" where unique) put as the
 * titles of the rows below root that edit them ("Test Split"): the form's
 * words, not the file's. */
char *hl_form_issue_text_in (GtkWidget *root, const HlConfigIssue *issue);

/* Set a row's normal subtitle; while the row shows an error, it is kept for
 * when the error is fixed. */
void hl_form_set_subtitle (GtkWidget *row, const char *subtitle);

/* Set the accessible label of a control (for rows' suffix widgets). */
void hl_form_set_label (GtkWidget *widget, const char *label);

/* Read the number typed into the spin that has the focus in widget's
 * window, if one has: a spin reads its text on Return or on losing the
 * focus, and a shortcut (Ctrl+Return, Ctrl+S, Alt+F) does neither. */
void hl_form_commit_focused_spin (GtkWidget *widget);


G_END_DECLS
