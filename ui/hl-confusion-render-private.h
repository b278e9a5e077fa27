/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-confusion-render-private.h - what the confusion matrix's layout
 * (hl-confusion-layout.c) and drawing (hl-confusion-render.c) share. */
#pragma once

#include "hl-plot-render-private.h"
#include "hl-confusion-render.h"

G_BEGIN_DECLS

#define HL_CONFUSION_PAD HL_PLOT_PAD

/* names[i] as drawn (hl_confusion_printable_name), or "i" where there
 * are no names (free it). */
char *hl_confusion_class_label (const char *const *names, guint i);

G_END_DECLS
