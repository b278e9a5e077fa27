/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ui.c - resource and type registration for the UI library. */
#include <gtk/gtk.h>
#include "hl-resources.h"
#include "hl-config-panel.h"
#include "hl-plot.h"
#include "hl-scatter-preview.h"
#include "hl-training-view.h"
#include "hl-ui.h"

void
hl_ui_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* auto-registered by its constructor once linked in; this use keeps it linked */
      g_assert (hl_get_resource () != NULL);
      g_type_ensure (HL_TYPE_PLOT);
      g_type_ensure (HL_TYPE_SCATTER_PREVIEW);
      g_type_ensure (HL_TYPE_CONFIG_PANEL);
      g_type_ensure (HL_TYPE_TRAINING_VIEW);
      g_once_init_leave (&done, 1);
    }
}
