/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-form-marks.h - form rows tagged with the config path they edit, and
 * the validator's issues shown on them. */
#pragma once

#include <adwaita.h>
#include "hl-config.h"

G_BEGIN_DECLS

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
 * (inside a marked expander, its marked row, the field to fix) the issue
 * names itself; only when there is none, the first row marked as an
 * issue's `also` (early stopping is the row to fix, not the split of 0 it
 * needs above 0).  Made
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

/* A tagged widget that is not a row (the Model group's list of layers,
 * "model.layers": too many parameters, too many layers) has no line of its
 * own to show a message on, and its "error" class showed nothing: `label`
 * (beside it, shown) says its problem instead, in the error colour, in
 * place of the label's own text; `title` names it in messages ("Model:
 * …", not "model.layers: …").  Train's refusal scrolls to the label and
 * focuses the widget's first control.  The label's own text is set with
 * hl_form_set_subtitle on the tagged widget. */
void hl_form_set_message_label (GtkWidget *tagged, GtkWidget *label, const char *title);

/* Set a row's normal subtitle (for a widget with a message label: that
 * label's text); while the row shows an error, it is kept for when the
 * error is fixed. */
void hl_form_set_subtitle (GtkWidget *row, const char *subtitle);

G_END_DECLS
