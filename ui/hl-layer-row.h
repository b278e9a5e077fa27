/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-layer-row.h - one hidden layer in the model editor: units, activation,
 * dropout, and buttons to move or remove it. */
#pragma once

#include <adwaita.h>
#include "hl-config.h"

G_BEGIN_DECLS

#define HL_TYPE_LAYER_ROW (hl_layer_row_get_type ())
G_DECLARE_FINAL_TYPE (HlLayerRow, hl_layer_row, HL, LAYER_ROW, AdwExpanderRow)

GtkWidget *hl_layer_row_new (void);

/* Show layer `index` of `n_layers` (0-based); sets the config paths of the
 * rows to model.layers[index].* and the sensitivity of the move buttons. */
void hl_layer_row_set_layer (HlLayerRow *self, guint index, guint n_layers,
                             const HlLayerConfig *layer);
const HlLayerConfig *hl_layer_row_get_layer (HlLayerRow *self);
guint hl_layer_row_get_index (HlLayerRow *self);
/* Keyboard focus to its Move Up (delta < 0) or Move Down button, or to the
 * row when that one is off (the layer is now first or last). */
void  hl_layer_row_focus_move (HlLayerRow *self, int delta);

/* Signals: "changed" (the user edited a value), "move" (int delta: -1 up,
 * +1 down), "remove". */

G_END_DECLS
