/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-param-rows.h - form rows generated from a plugin's HlParamSpec list. */
#pragma once

#include <adwaita.h>
#include "hl-plugin-registry.h"

G_BEGIN_DECLS

typedef void (*HlParamChangedFunc) (const char *name, double value, gpointer user_data);

/* One row per hyperparameter of desc: a switch for BOOLEAN, an integer spin
 * for INTEGER, a log-scale spin (steps multiply by 10^(1/4)) for LOG_SCALE,
 * else a linear spin within the descriptor's bounds.  Initial values come
 * from `values` (GArray of HlParam; may be NULL) or the defaults.  Rows are
 * tagged with "<path_prefix>.<name>" for issue marking.  Returns a new array
 * of floating row widgets. */
GPtrArray *hl_param_rows_build (const HlPluginDescriptor *desc,
                                const GArray             *values,
                                const char               *path_prefix,
                                HlParamChangedFunc        changed,
                                gpointer                  user_data);

/* The translated label of a parameter (uses the plugin's gettext domain). */
const char *hl_param_spec_label (const HlPluginDescriptor *desc, const HlParamSpec *spec);
const char *hl_plugin_label (const HlPluginDescriptor *desc);



/* A combo row listing the plugins of one kind plus an expander row holding
 * the chosen plugin's generated rows.  Edits go straight into the borrowed
 * name slot and params array of the config. */
typedef struct _HlPluginPicker HlPluginPicker;

HlPluginPicker *hl_plugin_picker_new (AdwComboRow *combo, AdwExpanderRow *expander,
                                      HlPluginKind kind, const char *path_prefix,
                                      void (*changed) (gpointer user_data), gpointer user_data);
void hl_plugin_picker_free (HlPluginPicker *self);
void hl_plugin_picker_set_registry (HlPluginPicker *self, HlPluginRegistry *registry);
/* Point at config fields (e.g. &cfg->optimizer.name, cfg->optimizer.params). */
void hl_plugin_picker_bind (HlPluginPicker *self, char **name, GArray *params);
/* The descriptor shown now, or NULL. */
const HlPluginDescriptor *hl_plugin_picker_get_descriptor (HlPluginPicker *self);

G_END_DECLS
