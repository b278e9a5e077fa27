/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-application.h - the Hyperlab application: owns the plugin registry,
 * the run store and the settings; opens configs from the command line. */
#pragma once

#include <adwaita.h>
#include "hyperlab.h"

G_BEGIN_DECLS

#define HL_APPLICATION_ID "org.hyperlab.Hyperlab"

#define HL_TYPE_APPLICATION (hl_application_get_type ())
G_DECLARE_FINAL_TYPE (HlApplication, hl_application, HL, APPLICATION, AdwApplication)

HlApplication    *hl_application_new (void);
/* Borrowed, valid for the application's lifetime. */
HlPluginRegistry *hl_application_get_registry (HlApplication *self);
/* NULL when the store folder could not be created (runs are then not kept). */
HlStore          *hl_application_get_store (HlApplication *self);
GSettings        *hl_application_get_settings (HlApplication *self);

G_END_DECLS
