/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-panel.h - the configuration side of the window: a preferences
 * page of form groups that edit one HlConfig, validated on every change. */
#pragma once

#include <adwaita.h>
#include "hyperlab.h"
#include "hl-dataset-group.h"

G_BEGIN_DECLS

#define HL_TYPE_CONFIG_PANEL (hl_config_panel_get_type ())
G_DECLARE_FINAL_TYPE (HlConfigPanel, hl_config_panel, HL, CONFIG_PANEL, AdwPreferencesPage)

GtkWidget *hl_config_panel_new (void);

/* The registry is borrowed and must outlive the panel. */
void hl_config_panel_set_registry (HlConfigPanel *self, HlPluginRegistry *registry);

/* Show a copy of config. */
void            hl_config_panel_set_config (HlConfigPanel *self, const HlConfig *config);
/* The config as edited now (borrowed; valid until the next edit or set). */
const HlConfig *hl_config_panel_get_config (HlConfigPanel *self);

/* TRUE when the validator finds no issue and the dataset loads (property
 * "valid").  Issues are HlConfigIssue items, borrowed. */
gboolean         hl_config_panel_get_valid (HlConfigPanel *self);
const GPtrArray *hl_config_panel_get_issues (HlConfigPanel *self);
/* One line per problem, for a tooltip; NULL when valid. */
char            *hl_config_panel_describe_issues (HlConfigPanel *self);

/* Train refused for the form's problems: the first row that shows one
 * (in the form's order) is made visible and given the focus.  Returns its
 * problem in words (the first issue's where no row shows one; NULL when
 * there is none). */
char            *hl_config_panel_focus_first_issue (HlConfigPanel *self);

const HlDatasetInfo *hl_config_panel_get_dataset_info (HlConfigPanel *self);
gboolean             hl_config_panel_is_loading_dataset (HlConfigPanel *self);
/* The dataset scatter preview (borrowed), an HlScatterPreview. */
GtkWidget           *hl_config_panel_get_preview (HlConfigPanel *self);
/* The learning-rate row's setter, as the presets menu uses it. */
/* Shows which file the config is (NULL: none, the line is hidden). */
void                 hl_config_panel_set_file (HlConfigPanel *self, GFile *file);
/* Marks the file line as changed since opened or saved. */
void                 hl_config_panel_set_file_edited (HlConfigPanel *self, gboolean edited);
const char          *hl_config_panel_get_file_text (HlConfigPanel *self);   /* NULL when hidden */
void                 hl_config_panel_set_learning_rate (HlConfigPanel *self, double lr);
/* from's learning rate ÷ factor into the form, and its schedule's own rates
 * (parameters named "lr" or "*_lr", such as one-cycle's max_lr) when the
 * form has the same schedule: "Retry with Learning Rate ÷ 10". */
void                 hl_config_panel_divide_learning_rates (HlConfigPanel *self, const HlConfig *from,
                                                            double factor);

/* Re-run validation and row marking (done automatically after each edit). */
void hl_config_panel_revalidate (HlConfigPanel *self);

/* Signal "changed": the config was edited. */

G_END_DECLS
