/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-natural-bin.h - a bin that asks for natural-width pixels across (its
 * child's minimum when that is more) while needing only the child's
 * minimum: a side panel comfortable at 470 px and still usable at 340
 * (GTK 4.8 has no way to set a natural size). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HL_TYPE_NATURAL_BIN (hl_natural_bin_get_type ())
G_DECLARE_FINAL_TYPE (HlNaturalBin, hl_natural_bin, HL, NATURAL_BIN, GtkWidget)

GtkWidget *hl_natural_bin_new (void);
void       hl_natural_bin_set_child (HlNaturalBin *self, GtkWidget *child);
GtkWidget *hl_natural_bin_get_child (HlNaturalBin *self);
/* -1: the child's own natural width */
void       hl_natural_bin_set_natural_width (HlNaturalBin *self, int width);
int        hl_natural_bin_get_natural_width (HlNaturalBin *self);

G_END_DECLS
