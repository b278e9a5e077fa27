/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ui.h - one call that makes the UI library ready: registers the
 * GResource (templates, style, shortcuts window) and the widget types that
 * templates name. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call once before building any template (main, tests).  The resource
 * object lives in a static library: referencing it here is what makes the
 * linker keep it. */
void hl_ui_init (void);

G_END_DECLS
