/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ui.c - resource and type registration for the UI library. */
#include <adwaita.h>
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

AdwToast *
hl_ui_toast (GtkWidget *widget, const char *message, guint timeout)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* a toast's title is Pango markup: a message with "<" or "&" was lost */
  text = g_markup_escape_text (message, -1);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, timeout);
  return hl_ui_add_toast_recorded (widget, toast, message) ? toast : NULL;
}

gboolean
hl_ui_add_toast_recorded (GtkWidget *widget, AdwToast *toast, const char *message)
{
  GtkWidget *overlay = widget != NULL ? gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY) : NULL;

  if (overlay == NULL)
    {
      g_warning ("%s", message);
      g_object_unref (toast);
      return FALSE;
    }
  hl_ui_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  {
    GPtrArray *all = g_object_get_data (G_OBJECT (overlay), "hl-toasts");

    if (all == NULL)
      {
        all = g_ptr_array_new_with_free_func (g_free);
        g_object_set_data_full (G_OBJECT (overlay), "hl-toasts", all, (GDestroyNotify) g_ptr_array_unref);
      }
    g_ptr_array_add (all, g_strdup (message));
    if (all->len > 16)   /* for tests: the last few, not every toast of a long session */
      g_ptr_array_remove_index (all, 0);
  }
  return TRUE;
}
